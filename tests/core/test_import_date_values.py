"""Date spans that arrive by import get the value the window gives a date tagged by hand, in
every format; `annotator values` does the rest for a whole project (issue 12, item 8)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.dates import find_dates
from annotator.core.kinds import kind_of
from annotator.core.services.date_values import publication_date
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

from .test_cli import run

AR = "قال الكرملين يوم 21 نوفمبر 2017 إن بوتين سيزور دمشق يوم الثلاثاء"
DATE = "21 نوفمبر 2017"
WEEKDAY = "الثلاثاء"
FA = "به گزارش ایرنا  در تاریخ ۲۱ آبان ۱۳۹۶ جلسه برگزار شد"  # hazm drops the double space
FA_DATE = "۲۱ آبان ۱۳۹۶"


def _at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _prodigy(path: Path) -> Path:
    spans = [{"start": s, "end": e, "label": "date"} for s, e in (_at(AR, DATE), _at(AR, WEEKDAY))]
    return _jsonl(path, [{"text": AR, "spans": spans, "answer": "accept", "_input_hash": 1}])


def _doccano(path: Path) -> Path:
    label = [[s, e, "date"] for s, e in (_at(AR, DATE), _at(AR, WEEKDAY))]
    return _jsonl(path, [{"text": AR, "label": label}])


def _labelstudio(path: Path) -> Path:
    results = [
        {
            "id": f"r{i}",
            "type": "labels",
            "from_name": "label",
            "to_name": "text",
            "value": {"start": s, "end": e, "text": AR[s:e], "labels": ["date"]},
        }
        for i, (s, e) in enumerate((_at(AR, DATE), _at(AR, WEEKDAY)))
    ]
    path.write_text(json.dumps([{"data": {"text": AR}, "annotations": [{"result": results}]}]))
    return path


def _conll(path: Path) -> Path:
    tags = {"21": "B-date", "نوفمبر": "I-date", "2017": "I-date", WEEKDAY: "B-date"}
    path.write_text("".join(f"{w}\t{tags.get(w, 'O')}\n" for w in AR.split()) + "\n", "utf-8")
    return path


WRITERS = {"prodigy": _prodigy, "doccano": _doccano, "labelstudio": _labelstudio, "conll": _conll}


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_imported_date_spans_get_the_value_the_window_gives(
    tmp_path: Path, project: Project, persian, fmt: str
) -> None:
    source = WRITERS[fmt](tmp_path / f"in.{fmt}")
    report = Importer(project, persian).run([source], ImportOptions(format=fmt, annotator="omid"))
    (doc,) = project.documents.iter_all()
    spans = {s.text: s for s in project.spans.for_document(doc.id)}
    assert spans[DATE].attrs["value"] == "2017-11-21"
    assert spans[DATE].attrs["precision"] == "day"
    # A weekday needs the article's date: the full date near the top (its dateline) proposes
    # one for the analyst to confirm, as for a weekday tagged in the window.
    assert "value" not in spans[WEEKDAY].attrs
    assert spans[WEEKDAY].attrs["resolved_from"] == "2017-11-21"
    kind = kind_of("date")
    assert kind is not None
    for span in spans.values():
        by_hand = kind.new_attrs(project, doc.id, doc.text, span.start, span.end)
        assert span.attrs == by_hand
    assert report.dated == 2


def test_a_relative_date_is_resolved_against_the_publication_date(
    tmp_path: Path, project: Project, persian
) -> None:
    start, end = _at(AR, WEEKDAY)
    record = {
        "text": AR,
        "meta": {"published": "2017-11-23"},
        "annotator": "omid",
        "spans": [{"start": start, "end": end, "label": "date"}],
    }
    Importer(project, persian).run([_jsonl(tmp_path / "in.jsonl", [record])])
    (span,) = project.spans.for_document(next(project.documents.iter_all()).id)
    assert span.attrs["suggested_value"] == "2017-11-21"  # the Tuesday before
    assert span.attrs["resolved_from"] == "2017-11-23"


def test_a_persian_date_is_read_on_the_normalised_text(
    tmp_path: Path, project: Project, persian
) -> None:
    start, end = _at(FA, FA_DATE)
    record = {
        "text": FA,
        "annotator": "omid",
        "spans": [{"start": start, "end": end, "label": "date"}],
    }
    Importer(project, persian).run(
        [_jsonl(tmp_path / "in.jsonl", [record])], ImportOptions(normalize=True)
    )
    doc = next(project.documents.iter_all())
    assert doc.text != FA  # normalised, so the span moved
    (span,) = project.spans.for_document(doc.id)
    assert span.text == FA_DATE
    assert span.attrs["value"] == "2017-11-12" and span.attrs["calendar"] == "solar_hijri"


def test_attributes_our_own_export_states_are_kept_as_they_are(
    tmp_path: Path, project: Project, persian
) -> None:
    """The analyst cleared the value: a round trip through our JSONL must not put it back."""
    start, end = _at(AR, DATE)
    span = {"start": start, "end": end, "label": "date", "attrs": {"calendar": "gregorian"}}
    record = {"text": AR, "annotator": "omid", "spans": [span]}
    report = Importer(project, persian).run([_jsonl(tmp_path / "in.jsonl", [record])])
    (stored,) = project.spans.for_document(next(project.documents.iter_all()).id)
    assert stored.attrs == {"calendar": "gregorian"} and report.dated == 0


def test_values_command_completes_spans_that_have_other_attributes(tmp_path: Path) -> None:
    start, end = _at(AR, DATE)
    span = {"start": start, "end": end, "label": "date", "attrs": {"note": "checked"}}
    source = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": AR, "spans": [span]}])
    project = str(tmp_path / "p.seedproj")
    assert run("import", str(source), "--project", project, "--annotator", "omid")[0] == 0
    code, out, err = run("values", "--project", project)
    assert code == 0, err
    assert "Gave 1 span(s) a value." in out
    with Project.open(Path(project), create=False) as opened:
        (stored,) = opened.spans.for_document(next(opened.documents.iter_all()).id)
    assert stored.attrs["note"] == "checked" and stored.attrs["value"] == "2017-11-21"
    assert run("values", "--project", project)[1].strip() == "Gave 0 span(s) a value."


def test_values_command_refuses_an_unknown_annotator(tmp_path: Path) -> None:
    project = str(tmp_path / "p.seedproj")
    source = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": AR}])
    assert run("import", str(source), "--project", project)[0] == 0
    code, _out, err = run("values", "--project", project, "--annotator", "nobody")
    assert code == 1 and "no annotator called 'nobody'" in err


# Opening lines where the dateline search has edges: dates and numbers in three digit
# scripts, with the marks and joiners the finder looks through put inside the numbers,
# years of three and four digits, month names of each calendar, and noise.
_SCRIPTS = (
    str.maketrans("", ""),
    str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"),
    str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
)
_MARKS = ("", "\u064b", "\u0640", "\u200c", "\u200d")


@st.composite
def _number(draw: st.DrawFn, low: int, high: int) -> str:
    digits = str(draw(st.integers(low, high))).translate(draw(st.sampled_from(_SCRIPTS)))
    at = draw(st.integers(1, len(digits)))
    return digits[:at] + draw(st.sampled_from(_MARKS)) + digits[at:]


_MONTHS = st.sampled_from(["نوفمبر", "آبان", "محرم", "تشرين الثاني", "مايو", "فروردین"])
_PIECES = st.one_of(
    st.tuples(_number(1, 31), _MONTHS, _number(900, 2100)).map(" ".join),
    st.tuples(_number(900, 2100), st.sampled_from("/-."), _number(1, 12)).map("".join),
    st.tuples(_number(1, 31), st.sampled_from("/-"), _number(1, 12)).map("".join),
    _number(0, 99999),
    st.text("0123456789۰۱۲۳۴۵۶۷۸۹\u0640\u200c /-.،", min_size=1, max_size=8),
    st.sampled_from(["سال", "عام", "يوم", "هـ", "م", "قال", "به گزارش"]),
)


def _searched(head: str, lang: str) -> dt.date | None:
    """The dateline search run on every head, as it was before the year-digits shortcut."""
    for match in find_dates(head, lang):
        if match.precision == "day" and match.value and not match.needs_anchor:
            return dt.date.fromisoformat(match.value)
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=8).map(" ".join), st.sampled_from(["ar", "fa"]))
def test_skipping_the_dateline_search_without_a_year_changes_no_anchor(head, lang) -> None:
    assert publication_date({}, head, lang) == _searched(head, lang)


def test_a_year_split_by_a_tatweel_is_still_a_dateline() -> None:
    head = "القاهرة في 21 نوفمبر 20\u064017 - قال الرئيس"
    assert publication_date({}, head, "ar") == _searched(head, "ar") == dt.date(2017, 11, 21)
