"""The document list's queries: filters alone and together, counts, positions, progress."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services.corpus import CorpusService
from annotator.core.store import listing
from annotator.core.store.listing import DocumentQuery, match_expression
from annotator.core.store.project import Project


def _doc(ext_id: str, title: str, text: str, lang: str) -> NewDocument:
    return NewDocument(ext_id, title, lang, text, text, None, "none", {}, "test")


@pytest.fixture
def ids(project: Project) -> dict[str, int]:
    """Six documents; sara has worked on four of them, omid on two."""
    docs = {
        "ar1": ("بوتين يتصل بترامب", "وقال الكرملين في بيان إن بوتين اتصل", "ar"),
        "fa1": ("گفتگوی پوتین و ترامب", "کاخ کرملین اعلام کرد که پوتین تماس گرفت", "fa"),
        "en1": ("Putin calls Trump", "The Kremlin said Putin called", "other"),
        "ar2": ("قمة في سوتشي", "استضاف بوتين القمة في سوتشي", "ar"),
        "fa2": ("نشست سوچی", "پوتین میزبان نشست سوچی بود", "fa"),
        "ar3": ("أخبار الاقتصاد", "ارتفعت أسعار النفط", "ar"),
    }
    with project.transaction():
        out = {k: project.documents.add(_doc(k, *v)) for k, v in docs.items()}
        project.spans.add(out["ar1"], "sara", NewSpan("actor", 5, 13, "الكرملين"))
        project.spans.add(out["ar1"], "sara", NewSpan("actor", 29, 34, "بوتين"))
        project.spans.add(out["fa1"], "sara", NewSpan("topic", 4, 10, "کرملین"))
        project.spans.add(out["ar1"], "omid", NewSpan("claim", 0, 4, "وقال"))
        project.spans.add(out["fa2"], "omid", NewSpan("actor", 0, 5, "پوتین"))
        project.status.set(out["ar1"], "sara", Status.DONE)
        project.status.set(out["fa1"], "sara", Status.IN_PROGRESS)
        project.status.set(out["en1"], "sara", Status.NEW)  # a status row that still says new
        project.status.set(out["ar2"], "sara", Status.DONE)
        project.status.set(out["fa2"], "omid", Status.DONE)
        project.status.set(out["ar3"], "omid", Status.IN_PROGRESS)
    return out


def _ext_ids(project: Project, query: DocumentQuery) -> list[str]:
    return [row.ext_id for row in project.listing.page(query, 0, 100)]


@pytest.fixture(params=["probe", "lookup"])
def status_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run status tests through both plans: probing every document, and the index lookup."""
    monkeypatch.setattr(listing, "_SPARSE_RATIO", 0 if request.param == "probe" else 10**9)
    return request.param


def test_unfiltered_page_has_titles_status_and_own_span_counts(project: Project, ids):
    rows = project.listing.page(DocumentQuery("sara"), 0, 100)
    assert [r.ext_id for r in rows] == ["ar1", "fa1", "en1", "ar2", "fa2", "ar3"]
    assert [r.id for r in rows] == sorted(ids.values())
    first = rows[0]
    assert (first.title, first.lang, first.status, first.span_count) == (
        "بوتين يتصل بترامب",
        "ar",
        Status.DONE,
        2,  # omid's claim on the same document is not sara's
    )
    assert [r.status for r in rows] == [
        Status.DONE,
        Status.IN_PROGRESS,
        Status.NEW,
        Status.DONE,
        Status.NEW,  # omid finished it, sara did not
        Status.NEW,
    ]
    assert [r.span_count for r in rows] == [2, 1, 0, 0, 0, 0]
    assert project.listing.count(DocumentQuery("sara")) == 6


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.NEW, ["en1", "fa2", "ar3"]),
        (Status.IN_PROGRESS, ["fa1"]),
        (Status.DONE, ["ar1", "ar2"]),
        (Status.REVIEWED, []),
    ],
)
def test_status_filter(project: Project, ids, status_path, status, expected):
    query = DocumentQuery("sara", status=status)
    assert _ext_ids(project, query) == expected
    assert project.listing.count(query) == len(expected)
    # the same filter with another one forces the general count, not the status-only one
    both = DocumentQuery("sara", status=status, search="  ", lang=None)
    assert project.listing.count(both) == len(expected)


def test_status_of_another_annotator(project: Project, ids, status_path):
    assert _ext_ids(project, DocumentQuery("omid", status=Status.DONE)) == ["fa2"]
    assert _ext_ids(project, DocumentQuery("omid", status=Status.NEW)) == [
        "ar1",
        "fa1",
        "en1",
        "ar2",
    ]


def test_language_filter(project: Project, ids):
    assert _ext_ids(project, DocumentQuery("sara", lang="fa")) == ["fa1", "fa2"]
    assert _ext_ids(project, DocumentQuery("sara", lang="other")) == ["en1"]
    assert project.listing.count(DocumentQuery("sara", lang="ar")) == 3


def test_label_filter_counts_only_the_annotators_spans(project: Project, ids):
    assert _ext_ids(project, DocumentQuery("sara", label="actor")) == ["ar1"]
    assert _ext_ids(project, DocumentQuery("omid", label="actor")) == ["fa2"]
    assert _ext_ids(project, DocumentQuery("sara", label="claim")) == []
    assert _ext_ids(project, DocumentQuery("omid", label="claim")) == ["ar1"]
    assert project.listing.count(DocumentQuery("sara", label="topic")) == 1


def test_search_matches_across_yeh_and_kaf_spellings(project: Project, ids):
    # Persian spelling (ی ک) finds the Arabic text (ي ك) and the other way round
    assert _ext_ids(project, DocumentQuery("sara", search="الکرملین")) == ["ar1"]
    assert _ext_ids(project, DocumentQuery("sara", search="كرملين")) == ["fa1"]
    assert _ext_ids(project, DocumentQuery("sara", search="سوتشی")) == ["ar2"]
    # titles are searched too; every word must occur
    assert _ext_ids(project, DocumentQuery("sara", search="بترامب")) == ["ar1"]
    assert _ext_ids(project, DocumentQuery("sara", search="putin kremlin")) == ["en1"]
    assert _ext_ids(project, DocumentQuery("sara", search="putin nowhere")) == []
    assert project.listing.count(DocumentQuery("sara", search="پوتین")) == 2


def test_search_takes_the_last_word_as_a_prefix_once_long_enough(project: Project, ids):
    assert _ext_ids(project, DocumentQuery("sara", search="کرمل")) == ["fa1"]
    assert _ext_ids(project, DocumentQuery("sara", search="kre")) == ["en1"]
    assert _ext_ids(project, DocumentQuery("sara", search="kr")) == []  # too short: a word
    assert match_expression('say "hi') == '"say" """hi"*'
    assert match_expression("  ") is None


def test_blank_or_unsearchable_search_is_no_filter_or_no_match(project: Project, ids):
    assert project.listing.count(DocumentQuery("sara", search="   ")) == 6
    # only harakat: nothing left to look for, so nothing matches (instead of an FTS error)
    assert project.listing.count(DocumentQuery("sara", search="\u064e")) == 0
    assert project.listing.page(DocumentQuery("sara", search="\u064e"), 0, 10) == []


def test_filters_combine(project: Project, ids, status_path):
    query = DocumentQuery("sara", status=Status.DONE, lang="ar", label="actor")
    assert _ext_ids(project, query) == ["ar1"]
    query = DocumentQuery("sara", status=Status.NEW, search="پوتین")
    assert _ext_ids(project, query) == ["fa2"]
    query = DocumentQuery("sara", lang="fa", search="پوتین")
    assert _ext_ids(project, query) == ["fa1", "fa2"]
    query = DocumentQuery("sara", lang="ar", search="پوتین", status=Status.DONE)
    assert _ext_ids(project, query) == []
    query = DocumentQuery("sara", lang="ar", search="بوتين", status=Status.DONE, label="actor")
    assert _ext_ids(project, query) == ["ar1"]
    assert project.listing.count(query) == 1


def test_pages_by_offset_and_by_key(project: Project, ids):
    everything = DocumentQuery("sara")
    assert [r.ext_id for r in project.listing.page(everything, 2, 2)] == ["en1", "ar2"]
    assert project.listing.page(everything, 6, 10) == []
    after = project.listing.page_after(everything, ids["fa1"], 2)
    assert [r.ext_id for r in after] == ["en1", "ar2"]
    searched = DocumentQuery("sara", search="پوتین")
    assert [r.ext_id for r in project.listing.page_after(searched, ids["fa1"], 5)] == ["fa2"]


def test_index_of_is_the_position_in_the_filtered_list(project: Project, ids, status_path):
    everything = DocumentQuery("sara")
    assert project.listing.index_of(everything, ids["ar1"]) == 0
    assert project.listing.index_of(everything, ids["ar3"]) == 5
    new = DocumentQuery("sara", status=Status.NEW)
    assert project.listing.index_of(new, ids["fa2"]) == 1
    assert project.listing.index_of(new, ids["ar1"]) is None
    searched = DocumentQuery("sara", search="پوتین")
    assert project.listing.index_of(searched, ids["fa2"]) == 1
    assert project.listing.index_of(everything, 10_000) is None


def test_next_id_skips_what_the_filters_hide(project: Project, ids, status_path):
    new = DocumentQuery("sara", status=Status.NEW)
    assert project.listing.next_id(new, 0) == ids["en1"]
    assert project.listing.next_id(new, ids["ar1"]) == ids["en1"]
    assert project.listing.next_id(new, ids["en1"]) == ids["fa2"]
    assert project.listing.next_id(new, ids["ar3"]) is None
    assert project.listing.next_id(DocumentQuery("sara", search="سوچی"), 0) == ids["fa2"]


def test_previous_id_walks_back(project: Project, ids, status_path):
    new = DocumentQuery("sara", status=Status.NEW)
    assert project.listing.previous_id(new, ids["ar3"]) == ids["fa2"]
    assert project.listing.previous_id(new, ids["fa2"]) == ids["en1"]
    assert project.listing.previous_id(new, ids["en1"]) is None
    searched = DocumentQuery("sara", search="پوتین")
    assert project.listing.previous_id(searched, 10_000) == ids["fa2"]


def test_row_and_progress_follow_edits(project: Project, ids):
    assert project.listing.progress("sara") == (2, 6)
    assert project.listing.progress("nobody") == (0, 6)
    project.spans.add(ids["en1"], "sara", NewSpan("actor", 4, 11, "Kremlin"))
    project.status.set(ids["en1"], "sara", Status.DONE)
    row = project.listing.row(ids["en1"], "sara")
    assert (row.status, row.span_count) == (Status.DONE, 1)
    assert project.listing.progress("sara") == (3, 6)
    project.status.set(ids["ar1"], "gold", Status.REVIEWED)
    assert project.listing.progress("gold") == (1, 6)  # reviewed is gold's "done"
    with pytest.raises(KeyError):
        project.listing.row(10_000, "sara")


def test_an_annotator_who_never_saved_sees_everything_new(project: Project, ids):
    query = DocumentQuery("newcomer")
    assert {r.status for r in project.listing.page(query, 0, 10)} == {Status.NEW}
    assert {r.span_count for r in project.listing.page(query, 0, 10)} == {0}
    assert project.listing.count(DocumentQuery("newcomer", status=Status.NEW)) == 6
    assert project.listing.count(DocumentQuery("newcomer", status=Status.DONE)) == 0
    assert project.listing.count(DocumentQuery("newcomer", label="actor")) == 0
    assert project.annotators.find("newcomer") is None  # reading created nobody


def test_listing_never_reads_the_texts(project: Project, ids):
    read: set[tuple[str, str]] = set()

    def authorizer(action: int, table: str | None, column: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_READ and table and column:
            read.add((table, column))
        return sqlite3.SQLITE_OK

    project.db.conn.set_authorizer(authorizer)
    try:
        for query in (
            DocumentQuery("sara"),
            DocumentQuery("sara", status=Status.DONE, lang="ar", label="actor", search="بوتين"),
        ):
            project.listing.page(query, 0, 10)
            project.listing.page_after(query, 1, 10)
            project.listing.count(query)
            project.listing.index_of(query, ids["ar1"])
            project.listing.next_id(query, 0)
        project.listing.row(ids["ar1"], "sara")
    finally:
        project.db.conn.set_authorizer(None)
    assert ("documents", "title") in read
    assert not {col for table, col in read if table == "documents"} & {"text", "original"}


def test_list_queries_never_sort_or_scan_the_document_table(project: Project, ids):
    """Each query walks an index in id order: no temporary sort, no read of every article."""
    statements: list[str] = []
    project.db.conn.set_trace_callback(statements.append)
    try:
        for query in (
            DocumentQuery("sara"),
            DocumentQuery("sara", lang="fa", status=Status.NEW),
            DocumentQuery("sara", status=Status.DONE, label="actor"),
            DocumentQuery("sara", search="پوتین", lang="fa", status=Status.DONE),
        ):
            project.listing.page_after(query, 0, 10)
            project.listing.count(query)
            project.listing.next_id(query, 0)
            project.listing.previous_id(query, 10_000)
            project.listing.index_of(query, ids["fa1"])
    finally:
        project.db.conn.set_trace_callback(None)
    checked = 0
    for sql in statements:
        if not sql.startswith("SELECT") or "documents" not in sql:
            continue
        # The trace shows the SQL with its values bound: re-explain it as it ran.
        plan = [row[3] for row in project.db.execute("EXPLAIN QUERY PLAN " + sql)]
        checked += 1
        assert not any("TEMP B-TREE" in step for step in plan), (sql, plan)
        assert not any(step in ("SCAN d", "SCAN documents") for step in plan), (sql, plan)
    assert checked > 10


def test_corpus_service_binds_the_annotator(project: Project, ids):
    service = CorpusService(project, "sara")
    query = service.query(status=Status.DONE, lang="", label="", search="  ")
    assert query == DocumentQuery("sara", status=Status.DONE)
    assert [r.ext_id for r in service.page(query, 0, 10)] == ["ar1", "ar2"]
    assert service.count(query) == 2
    assert service.index_of(query, ids["ar2"]) == 1
    assert service.next_id(query, ids["ar1"]) == ids["ar2"]
    assert service.previous_id(query, ids["ar2"]) == ids["ar1"]
    assert service.row(ids["ar1"]).span_count == 2
    assert service.progress() == (2, 6)
    assert service.languages() == ["fa", "ar", "other"]
    assert service.label_names() == ["actor", "date", "topic", "claim"]
    with pytest.raises(AnnotatorError, match="omid"):
        service.count(DocumentQuery("omid"))
    with pytest.raises(AnnotatorError):
        CorpusService(project, " ")
