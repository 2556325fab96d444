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
import tempfile
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import InputError
from annotator.core.formats.atomic import AtomicFile
from annotator.core.formats.bio import is_tag, spans_from_tags, tag_tokens
from annotator.core.formats.exchange import ExportDoc, WriteReport
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

_PREFIX_ORDER = {"B": 0, "I": 1, "E": 2, "S": 3, "L": 4, "U": 5}


def labels_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.labels.json")


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
    are spooled with tag names to a temporary file and numbered in finish().
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

    def share_labels(self, others: list[HfWriter]) -> None:
        """Number the tags of several files (train/dev/test splits) from one label list, so
        that a number means the same tag in each; call before the first add()."""
        for other in others:
            other._tags = self._tags

    def add(self, doc: ExportDoc) -> None:
        tagged = tag_tokens(doc, self.report, self.scheme, fmt="Hugging Face JSONL")
        if not tagged.texts:
            self.report.lose("documents with no tokens")
            return
        breaks = [0, len(tagged.texts)] if self.unit == "document" else tagged.breaks
        self._tags.update(tagged.tags)
        for k, (a, b) in enumerate(pairwise(breaks), start=1):
            row = {
                "id": str(self._rows),
                "doc_id": doc.ext_id,
                "sentence": k,
                "annotator": doc.annotator,
                "tokens": tagged.texts[a:b],
                "ner_tags": tagged.tags[a:b],
            }
            self._spool.write(orjson.dumps(row) + b"\n")
            self._rows += 1
        self.report.documents += 1

    def finish(self) -> WriteReport:
        prefixes = "BIES" if self.scheme == "bioes" else "BI"
        kinds = {t[2:] for t in self._tags if t != "O"}
        names = label_names({"O"} | {f"{p}-{k}" for k in kinds for p in prefixes})
        number = {name: i for i, name in enumerate(names)}
        self._spool.seek(0)
        for line in self._spool:
            row = orjson.loads(line)
            row["ner_tags"] = [number[t] for t in row["ner_tags"]]
            self._out.handle.write(orjson.dumps(row) + b"\n")
        self._labels.handle.write(orjson.dumps(names, option=orjson.OPT_INDENT_2) + b"\n")
        self._close_spool()
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
