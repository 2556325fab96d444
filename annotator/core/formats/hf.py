"""Hugging Face token-classification JSONL: `{"id", "tokens": [...], "ner_tags": [...]}`.

Export writes one line per sentence, `ner_tags` as numbers, and beside it
`<stem>.labels.json` with the tag names in number order, so that
`datasets.load_dataset("json", data_files=...)` loads the file as it is and
`ClassLabel(names=labels)` names the numbers. Each line also carries `doc_id`, `sentence`
and `annotator` so import can put a document back together: its sentences are joined
with "\\n", the tokens of one sentence with single spaces.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import numpy as np
import orjson

from annotator.core.errors import InputError
from annotator.core.formats.atomic import AtomicFile
from annotator.core.formats.bio import (
    TagArrays,
    TaggedTokens,
    TagNames,
    is_tag,
    spans_from_tags,
    tag_arrays,
)
from annotator.core.formats.bio_batch import WRITER, BatchTags, Losses, tag_batch
from annotator.core.formats.exchange import ExportDoc, WriteReport, unwritable
from annotator.core.formats.jsonlines import numbered_lines
from annotator.core.formats.records import (
    BadRecord,
    ReadItem,
    SourceRecord,
    SourceSpan,
    first_line_title,
    json_object,
)
from annotator.core.text.decode import read_text_file
from annotator.core.text.splice import Pool
from annotator.core.text.tokens import code_points

_PREFIX_ORDER = {"B": 0, "I": 1, "E": 2, "S": 3, "L": 4, "U": 5}


def labels_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.labels.json")


def labels_file(path: Path) -> bool:
    """`x.labels.json` beside `x.jsonl` names the tag numbers of that export, read with it."""
    stem = path.name.removesuffix(".labels.json")
    return stem != path.name and path.with_name(f"{stem}.jsonl").is_file()


def label_names(tags: set[str]) -> list[str]:
    """`O` first, then by type, B- before I- (then E-, S-): the same file gives the same ids."""
    rest = sorted((t for t in tags if t != "O"), key=lambda t: (t[2:], _PREFIX_ORDER[t[0]]))
    return ["O", *rest]


# --- Reading -------------------------------------------------------------------------------


def read_hf(path: Path, encoding: str | None = None) -> Iterator[ReadItem]:
    """Lines with the same `doc_id` (and annotator) in a row make one document; a line
    without `doc_id` is a document of its own. Numeric tags need `<stem>.labels.json`."""
    names: list[str] | None = None
    names_problem: str | None = None
    labels_file = labels_path(path)
    if labels_file.exists():
        try:
            names = _read_names(labels_file)
        except (InputError, ValueError) as exc:
            names_problem = str(exc)
    group: list[tuple[int, dict[str, Any], list[str]]] = []
    key: tuple[Any, Any] | None = None
    done = 0
    try:
        for number, raw, done in numbered_lines(path, encoding):
            if not raw.strip():
                continue
            try:
                obj, tags = _row(raw, names, names_problem, labels_file)
            except BadRecord as exc:
                yield exc.problem(path, number)
                continue
            if not obj["tokens"]:
                continue  # an empty sentence: nothing to import
            row_key = (obj.get("doc_id"), obj.get("annotator"))
            if group and row_key != key:
                yield _record(path, group, done)
                group = []
            if row_key[0] is None:
                yield _record(path, [(number, obj, tags)], done)
                continue
            key = row_key
            group.append((number, obj, tags))
    except InputError as exc:
        yield exc.problem
        return
    if group:
        yield _record(path, group, done)


def _read_names(path: Path) -> list[str]:
    data = orjson.loads(read_text_file(path))
    if isinstance(data, dict):  # {"names": [...]} as in a ClassLabel feature
        data = data.get("names")
    if not isinstance(data, list) or not all(isinstance(n, str) and is_tag(n) for n in data):
        raise ValueError(f'{path.name}: expected a list of tag names such as ["O", "B-X"]')
    return data


def _row(
    raw: str, names: list[str] | None, names_problem: str | None, labels_file: Path
) -> tuple[dict[str, Any], list[str]]:
    obj = json_object(raw)
    tokens, tags = obj.get("tokens"), obj.get("ner_tags")
    if not isinstance(tokens, list) or not all(isinstance(t, str) and t for t in tokens):
        raise BadRecord('"tokens" must be a list of non-empty strings')
    if not isinstance(tags, list) or len(tags) != len(tokens):
        raise BadRecord(
            f'"ner_tags" must be a list as long as "tokens" ({len(tokens)}), '
            f"found {len(tags) if isinstance(tags, list) else type(tags).__name__}"
        )
    if any(any(c.isspace() for c in t) for t in tokens):
        raise BadRecord("a token contains a blank; tokens are joined with spaces to make the text")
    named: list[str] = []
    for i, tag in enumerate(tags):
        if isinstance(tag, int) and not isinstance(tag, bool):
            if names is None:
                raise BadRecord(
                    names_problem
                    or f'"ner_tags" are numbers but there is no {labels_file.name} beside the '
                    "file to name them"
                )
            if not 0 <= tag < len(names):
                raise BadRecord(f"tag {i + 1}: {tag} is not an index into {labels_file.name}")
            named.append(names[tag])
        elif isinstance(tag, str) and is_tag(tag):
            named.append(tag)
        else:
            raise BadRecord(f"tag {i + 1}: {tag!r} is not a BIO tag or a label number")
    return obj, named


def _record(
    path: Path, group: list[tuple[int, dict[str, Any], list[str]]], bytes_done: int
) -> SourceRecord:
    parts: list[str] = []
    spans: list[SourceSpan] = []
    orphans: list[int] = []
    position = 0
    for k, (number, obj, tags) in enumerate(group):
        if k:
            parts.append("\n")
            position += 1
        offsets = []
        for token in obj["tokens"]:
            offsets.append((position, position + len(token)))
            parts.append(token + " ")
            position += len(token) + 1
        if obj["tokens"]:
            parts[-1] = parts[-1][:-1]
            position -= 1
        decoded = spans_from_tags([[t] for t in tags])
        spans.extend(
            SourceSpan(offsets[a][0], offsets[b - 1][1], kind) for a, b, kind in decoded.spans
        )
        if decoded.orphan_starts:
            orphans.append(number)
    text = "".join(parts)
    first = group[0][1]
    doc_id = first.get("doc_id")
    ext_id = doc_id if doc_id is not None else first.get("id")
    meta: dict[str, Any] = {"source_format": "hf", "sentences": len(group)}
    extra = {k: v for k, v in first.items() if k not in _OWN_KEYS}
    if extra:
        meta["fields"] = extra
    if orphans:
        meta["import_warnings"] = [
            "I- tags with no B- before them, each taken as a new span: line(s) "
            + ", ".join(str(n) for n in orphans[:10])
        ]
    annotator = first.get("annotator")
    return SourceRecord(
        path=str(path),
        line=group[0][0],
        ext_id=None if ext_id is None else str(ext_id),
        text=text,
        title=first_line_title(text),
        meta=meta,
        annotator=annotator if isinstance(annotator, str) else None,
        status="done",  # every token carries a decided tag: an all-O document is finished too
        spans=tuple(spans),
        has_annotations=True,
        bytes_done=bytes_done,
    )


_OWN_KEYS = frozenset({"id", "doc_id", "sentence", "annotator", "tokens", "ner_tags"})


def sniff_hf(path: Path, head: str) -> str | None:
    """A first line with `tokens` as a list of strings (Prodigy's are objects) and
    `ner_tags`, and no `text`."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    try:
        obj = orjson.loads(first)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(obj, dict) or "text" in obj:
        return None
    tokens, tags = obj.get("tokens"), obj.get("ner_tags")
    if not (isinstance(tokens, list) and isinstance(tags, list) and len(tokens) == len(tags)):
        return None
    if not all(isinstance(t, str) for t in tokens):
        return None
    numeric = bool(tags) and all(isinstance(t, int) for t in tags)
    return f"Hugging Face token-classification JSONL ({'label ids' if numeric else 'tag names'})"


# --- Writing -------------------------------------------------------------------------------


class HfWriter:
    """One JSONL line per sentence (or per document with `unit="document"`).

    The label file names every tag of each exported type (B- and I-, and E-/S- for BIOES),
    whether or not it occurs, so a model trained on it can predict each.

    The tag numbers depend on every label in the export, known only at the end, so lines
    are spooled to a temporary file numbered as the labels seen so far would number them,
    and finish() renumbers only the lines spooled before the last new label (usually the
    first few documents); the rest is copied as it is.
    """

    NEEDS_TOKENS = True

    def __init__(self, target: Path, scheme: str = "iob2", unit: str = "sentence") -> None:
        if scheme not in ("iob2", "bioes"):
            raise ValueError(f"scheme must be 'iob2' or 'bioes', not {scheme!r}")
        if unit not in ("sentence", "document"):
            raise ValueError(f"unit must be 'sentence' or 'document', not {unit!r}")
        self.scheme, self.unit = scheme, unit
        self.report = WriteReport()
        self._out = AtomicFile(Path(target))
        self._labels = AtomicFile(labels_path(Path(target)))
        fd, spool = tempfile.mkstemp(prefix=".hf-export.", suffix=".jsonl")
        self._spool_path = Path(spool)
        self._spool = os.fdopen(fd, "w+b")
        self._tags: set[str] = {"O"}
        self._rows = 0
        self._names = TagNames(scheme)
        # (spool offset, tag names in number order) each time the numbering changed
        self._epochs: list[tuple[int, list[str]]] = []
        self._numbers = _Numbers()
        self._labels_of, self._labels_now = -1, ["O"]
        self._names_seen = 0

    def share_labels(self, others: list[HfWriter]) -> None:
        """Number the tags of several files (train/dev/test splits) from one label list, so
        that a number means the same tag in each; call before the first add()."""
        for other in others:
            other._tags = self._tags

    def add(self, doc: ExportDoc) -> None:
        tagged = tag_arrays(doc, self.report, self.scheme, "Hugging Face JSONL", self._names)
        if not len(tagged.starts):
            self.report.lose("documents with no tokens")
            return
        self._note_names()
        names = self._label_names()
        if not self._epochs or self._epochs[-1][1] != names:
            self._epochs.append((self._spool.tell(), names))
        breaks = [0, len(tagged.starts)] if self.unit == "document" else tagged.breaks
        lines = _rows_fast(tagged, breaks, doc, self._rows, self._numbers.of(names, tagged.names))
        if lines is None:  # lone surrogates: the plain rows, their error naming it
            lines = _rows_reference(tagged.tagged(), breaks, doc, self._rows, names)
        self._spool.write(lines)
        self._rows += len(breaks) - 1
        self.report.documents += 1

    def add_batch(self, docs: Sequence[ExportDoc]) -> None:
        """add() for each document, in one pass over the batch (bio_batch)."""
        fmt = "Hugging Face JSONL"
        losses = Losses()
        tagged = None
        if not any(_SURROGATE.search(doc.text) for doc in docs):  # else the error, one by one
            tagged = tag_batch(docs, self.report, losses, self.scheme, fmt, self._names)
        if tagged is None:
            for doc in docs:
                self.add(doc)
            return
        counts = np.diff(tagged.doc_tokens)
        written = counts > 0
        losses.per_doc(WRITER, "documents with no tokens", ~written)
        losses.say(self.report)
        if not len(tagged.starts):
            return
        self._note_names()
        names = self._label_names()
        if not self._epochs or self._epochs[-1][1] != names:
            self._epochs.append((self._spool.tell(), names))
        bounds = np.unique(tagged.doc_tokens) if self.unit == "document" else tagged.breaks
        # Each row's document, and its number there (sentences count from 1 in each).
        row_doc = np.searchsorted(tagged.doc_tokens, bounds[:-1], side="right") - 1
        first_row = np.searchsorted(row_doc, np.arange(len(docs)))
        sentence = np.arange(len(row_doc)) - first_row[row_doc] + 1
        ids = [orjson.dumps(doc.ext_id).decode() for doc in docs]
        annotators = [orjson.dumps(doc.annotator).decode() for doc in docs]
        heads = [
            _head(self._rows + r, ids[k], n, annotators[k])
            for r, (k, n) in enumerate(zip(row_doc.tolist(), sentence.tolist(), strict=True))
        ]
        numbers = self._numbers.of(names, tagged.names)
        self._spool.write(_lay_rows(tagged, bounds, heads, numbers))
        self._rows += len(heads)
        self.report.documents += int(np.count_nonzero(written))

    def _note_names(self) -> None:
        """The kinds this writer's spans had, into the label list's tags."""
        if len(self._names.names) != self._names_seen:
            self._tags.update(self._names.names)
            self._names_seen = len(self._names.names)

    def _label_names(self) -> list[str]:
        """The label list of the tags seen so far (worked out again only when they grew)."""
        if self._labels_of != len(self._tags):
            prefixes = "BIES" if self.scheme == "bioes" else "BI"
            kinds = {t[2:] for t in self._tags if t != "O"}
            self._labels_now = label_names({"O"} | {f"{p}-{k}" for k in kinds for p in prefixes})
            self._labels_of = len(self._tags)
        return self._labels_now

    def finish(self) -> WriteReport:
        names = self._label_names()
        self._spool.flush()
        ends = [offset for offset, _ in self._epochs[1:]] + [self._spool.tell()]
        for (start, spooled), end in zip(self._epochs, ends[: len(self._epochs)], strict=True):
            self._spool.seek(start)
            if spooled == names:
                _copy(self._spool, self._out.handle, end - start)
                continue
            number = {i: names.index(name) for i, name in enumerate(spooled)}
            while self._spool.tell() < end:
                head, key, tail = self._spool.readline().rpartition(b'"ner_tags":')
                tags = [number[t] for t in orjson.loads(tail[:-2])]  # tail: [..]}\n
                self._out.handle.write(head + key + orjson.dumps(tags) + b"}\n")
        self._labels.handle.write(orjson.dumps(names, option=orjson.OPT_INDENT_2) + b"\n")
        self._close_spool()
        # Both on the disk before either takes its name: a full disk found at the label
        # file would otherwise leave the new numbers beside the old names.
        self._labels.handle.close()
        self._out.handle.close()
        self.report.files.append(self._out.commit())
        self.report.files.append(self._labels.commit())
        return self.report

    def abort(self) -> None:
        self._close_spool()
        self._out.abort()
        self._labels.abort()

    def _close_spool(self) -> None:
        self._spool.close()
        self._spool_path.unlink(missing_ok=True)


def _copy(source: BinaryIO, target: _Writable, size: int) -> None:
    while size > 0:
        chunk = source.read(min(size, 1 << 20))
        if not chunk:
            break
        target.write(chunk)
        size -= len(chunk)


class _Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...


class _Numbers:
    """The label numbers of a writer's tag names, and their decimal forms: worked out again
    only when either list has grown."""

    def __init__(self) -> None:
        self._key: tuple[int, int] = (-1, -1)
        self.table = np.zeros(0, dtype=np.int64)  # a TagNames number -> the label number
        self.codes = np.zeros(0, dtype=np.uint32)  # "0", "1", ... laid end to end
        self.starts = self.lengths = np.zeros(0, dtype=np.int64)

    def of(self, labels: list[str], names: list[str]) -> _Numbers:
        if self._key != (len(labels), len(names)):
            number = {name: i for i, name in enumerate(labels)}
            self.table = np.array([number[n] for n in names], dtype=np.int64)
            digits = [str(i) for i in range(len(labels))]
            self.lengths = np.array(list(map(len, digits)), dtype=np.int64)
            self.starts = np.cumsum(self.lengths) - self.lengths
            self.codes = code_points("".join(digits))
            self._key = (len(labels), len(names))
        return self


def _rows_fast(
    tagged: TagArrays, breaks: list[int], doc: ExportDoc, first_id: int, numbers: _Numbers
) -> bytes | None:
    """The document's rows, as orjson writes them, gathered from the text and a few
    literals: per row its head (ids), then each token and the separator after it, then
    each tag number and the separator after it. None if the text holds lone surrogates
    (orjson refuses them; the straightforward path raises its error)."""
    if _SURROGATE.search(tagged.text):
        return None
    doc_id = orjson.dumps(doc.ext_id).decode()
    annotator = orjson.dumps(doc.annotator).decode()
    heads = [_head(first_id + k, doc_id, k + 1, annotator) for k in range(len(breaks) - 1)]
    bounds = np.array(breaks, dtype=np.int64)
    return _lay_rows(tagged, bounds, heads, numbers)


def _head(row: int, doc_id: str, sentence: int, annotator: str) -> str:
    """A row up to its first token; doc_id and annotator already as JSON."""
    return (
        f'{{"id":"{row}","doc_id":{doc_id},"sentence":{sentence},'
        f'"annotator":{annotator},"tokens":["'
    )


def _lay_rows(
    tagged: TagArrays | BatchTags, bounds: np.ndarray, heads: list[str], numbers: _Numbers
) -> bytes:
    """Rows of the tokens cut at `bounds` (the first token of each row, then the count),
    each after its head."""
    starts = tagged.starts
    pool = Pool(tagged.text, tagged.codes)
    token_at, token_len = pool.json_strings(starts, tagged.ends)
    head_at, head_len = pool.add_many(heads)
    seps_at, seps_len = pool.add_many(['","', '"],"ner_tags":[', ",", "]}\n"])
    numbers_at = numbers.starts + pool.add_codes(numbers.codes)
    label = numbers.table[tagged.tag_ids]
    sizes = np.diff(bounds)
    row = np.repeat(np.arange(len(sizes)), sizes)
    last = np.zeros(len(starts), dtype=np.int64)
    last[bounds[1:] - 1] = 1
    # Row r's runs: its head, then (token, separator) and (number, separator) per token.
    where = row + 2 * bounds[:-1][row] + 1 + 2 * np.arange(len(starts))
    runs = len(sizes) + 4 * len(starts)
    at, length = np.empty(runs, dtype=np.int64), np.empty(runs, dtype=np.int64)
    heads_where = np.arange(len(sizes)) + 4 * bounds[:-1]
    at[heads_where], length[heads_where] = head_at, head_len
    at[where], length[where] = token_at, token_len
    at[where + 1], length[where + 1] = seps_at[last], seps_len[last]
    tags_where = where + 2 * sizes[row]
    at[tags_where], length[tags_where] = numbers_at[label], numbers.lengths[label]
    at[tags_where + 1], length[tags_where + 1] = seps_at[2 + last], seps_len[2 + last]
    return pool.gather(at, length).encode("utf-8")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _rows_reference(
    tagged: TaggedTokens, breaks: list[int], doc: ExportDoc, first_id: int, labels: list[str]
) -> bytes:
    """The rows one dict at a time: what _rows_fast must write, byte for byte."""
    number = {name: i for i, name in enumerate(labels)}
    out = []
    for k, (a, b) in enumerate(pairwise(breaks), start=1):
        row = {
            "id": str(first_id + k - 1),
            "doc_id": doc.ext_id,
            "sentence": k,
            "annotator": doc.annotator,
            "tokens": tagged.texts[a:b],
            "ner_tags": [number[t] for t in tagged.tags[a:b]],
        }
        try:
            out.append(orjson.dumps(row) + b"\n")
        except TypeError as exc:
            raise unwritable(doc.ext_id, doc.title, row, exc) from None
    return b"".join(out)
