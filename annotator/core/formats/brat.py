"""brat standoff: `NAME.txt` plus `NAME.ann`, offsets in code points into the .txt as is.

brat reads the .txt with Python's UTF-8 codec in binary mode, so a CRLF counts as two
characters and a BOM as one; offsets are checked against exactly that text first, and only
when they do not fit is the text with LF line endings (or without the BOM) tried, which
some converters count instead, with a warning.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError, InputProblem, UnwritableValue
from annotator.core.formats.atomic import AtomicDir, write_error
from annotator.core.formats.exchange import ExportDoc, ExportSpan, WriteReport
from annotator.core.formats.records import (
    BadRecord,
    ReadItem,
    SourceRecord,
    SourceRelation,
    SourceSpan,
    first_line_title,
    is_whole,
    read_document_file,
)
from annotator.core.text.decode import canonicalize, decode_raw, read_file

# Attribute keys the reader sets to keep brat's own structure, written back as such.
FRAGMENT_KEYS = ("brat_id", "fragment", "fragments")
NOTE_KEY = "note"  # `#n AnnotatorNotes`
NOTE_PREFIX = "note:"  # `#n <OtherType>` (the Turku treebank's `Lemma` notes, ...)
NORM_KEY = "norm"  # `Nn Reference T1 db:id<TAB>text`
EQUIV_KEY = "brat_equiv"  # the relation came from a `*` line

_ID = re.compile(r"[TREAMN#]\d+\Z|\*\Z")
_SPLIT_ARG = re.compile(r"([^:\s]+):(\S+)")


@dataclass
class _Text:
    id: str
    label: str
    frags: list[tuple[int, int]]
    text: str | None
    line: int
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Rel:
    head: str
    tail: str
    type: str
    line: int
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Ann:
    """What one .ann file says, before its offsets meet the text."""

    texts: dict[str, _Text] = field(default_factory=dict)
    relations: dict[str, _Rel] = field(default_factory=dict)  # by R id (or a made-up key)
    events: dict[str, tuple[str, str, list[tuple[str, str]], int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# -- reading ----------------------------------------------------------------------------


def brat_pair(path: Path) -> tuple[Path, Path]:
    """(.txt, .ann) for either file of a brat document."""
    return path.with_suffix(".txt"), path.with_suffix(".ann")


def text_file(path: Path) -> bool:
    """A .txt beside a .ann is the text of a brat document, read with its .ann."""
    return path.suffix.lower() == ".txt" and path.with_suffix(".ann").is_file()


def read_brat(path: Path, encoding: str | None = None) -> Iterator[ReadItem]:
    """Yield the one document of a .txt/.ann pair, or the problems that stop it."""
    txt_path, ann_path = brat_pair(Path(path))
    try:
        raw = _read_raw(txt_path, encoding)
    except InputError as exc:
        yield exc.problem
        return
    if ann_path.exists():
        try:
            ann_text = _read_raw(ann_path, encoding, allow_empty=True)
        except InputError as exc:
            yield exc.problem
            return
        problems: list[InputProblem] = []
        ann = _parse_ann(ann_path, ann_text, problems)
        if problems:
            yield from problems
            return
    else:
        ann = None
    if ann is None:
        yield SourceRecord(
            path=str(txt_path),
            line=None,
            ext_id=txt_path.stem,
            text=raw,
            title=first_line_title(canonicalize(raw)),
            meta={"import_warnings": [f"{ann_path.name} not found: imported without spans"]},
            bytes_done=txt_path.stat().st_size,
        )
        return
    text, problems, warning = _pick_text(ann_path, raw, ann)
    if problems:
        yield from problems
        return
    warnings = list(ann.warnings)
    if warning:
        warnings.append(warning)
    spans, relations = _build(ann)
    meta: dict[str, Any] = {}
    if warnings:
        meta["import_warnings"] = warnings
    yield SourceRecord(
        path=str(ann_path),
        line=None,
        ext_id=txt_path.stem,
        text=text,
        title=first_line_title(canonicalize(text)),
        meta=meta,
        spans=spans,
        relations=relations,
        has_annotations=True,
        bytes_done=txt_path.stat().st_size + ann_path.stat().st_size,
    )


def _read_raw(path: Path, encoding: str | None, allow_empty: bool = False) -> str:
    """Decode without touching line endings or a BOM: brat's offsets count them. The text
    (not `allow_empty`'s .ann, whose size follows its annotations) is one document's: read
    no further than one may be."""
    data = read_file(path) if allow_empty else read_document_file(path, encoding)
    if not data.strip():
        if allow_empty:
            return ""
        raise InputError(path, "the file is empty")
    return decode_raw(data, path, encoding)


def _parse_ann(path: Path, content: str, problems: list[InputProblem]) -> _Ann:
    ann = _Ann()
    attached: list[tuple[str, str, Any, int]] = []  # (target id, key, value, line)
    equiv = 0
    seen: set[str] = set()  # brat refuses a file that defines an id twice; so do we
    for number, line in enumerate(content.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        try:
            ident, _, rest = line.partition("\t")
            if not rest or not _ID.match(ident):
                raise BadRecord(
                    "not a brat annotation line (expected an id such as T1, R1, E1, A1, "
                    "M1, N1, #1 or *, then a TAB)"
                )
            kind = ident[0]
            if ident in seen:
                # A second R1 replaced the first without a word.
                raise BadRecord(f"id {ident} is used twice")
            if kind != "*":
                seen.add(ident)
            if kind == "T":
                ann.texts[ident] = _parse_text(ident, rest, number)
            elif kind == "R":
                ann.relations[ident] = _parse_relation(rest, number)
            elif kind == "E":
                ann.events[ident] = _parse_event(rest, number)
            elif kind in "AM":
                fields = rest.split()
                if len(fields) not in (2, 3):
                    raise BadRecord("an attribute line needs a name, a target id and maybe a value")
                value: Any = fields[2] if len(fields) == 3 else True
                attached.append((fields[1], fields[0], value, number))
            elif kind == "#":
                head, _, note = rest.partition("\t")
                fields = head.split()
                if len(fields) != 2:
                    raise BadRecord("a note line needs a type and a target id, then a TAB and text")
                key = NOTE_KEY if fields[0] == "AnnotatorNotes" else NOTE_PREFIX + fields[0]
                attached.append((fields[1], key, note, number))
            elif kind == "N":
                head, _, norm_text = rest.partition("\t")
                fields = head.split()
                if len(fields) != 3 or ":" not in fields[2]:
                    raise BadRecord("a normalisation line needs a type, a target id and DB:ID")
                db, _, db_id = fields[2].partition(":")
                norm = {"db": db, "id": db_id, "text": norm_text}
                attached.append((fields[1], NORM_KEY, norm, number))
            else:  # "*"
                fields = rest.split()
                if len(fields) < 3:
                    raise BadRecord("an equivalence line needs a type and at least two ids")
                for a, b in pairwise(fields[1:]):
                    equiv += 1
                    ann.relations[f"*{equiv}"] = _Rel(a, b, fields[0], number, {EQUIV_KEY: True})
        except BadRecord as exc:
            problems.append(exc.problem(path, number))
    if not problems:
        _attach(path, ann, attached, problems)
    return ann


def _parse_text(ident: str, rest: str, number: int) -> _Text:
    head, tab, text = rest.partition("\t")
    label, _, offsets = head.strip().partition(" ")
    if not label or not offsets:
        raise BadRecord(f"{ident}: expected 'LABEL START END' before the text")
    frags = []
    for part in offsets.split(";"):
        bounds = part.split()
        # isdecimal, not isdigit: int() refuses "²", which isdigit takes for a digit.
        if len(bounds) != 2 or not all(b.isdecimal() for b in bounds):
            raise BadRecord(f"{ident}: offsets {offsets!r} are not 'START END[;START END...]'")
        start, end = int(bounds[0]), int(bounds[1])
        if end <= start:
            raise BadRecord(f"{ident}: fragment {start}-{end} is empty or reversed")
        frags.append((start, end))
    return _Text(ident, label, frags, text if tab else None, number)


def _parse_relation(rest: str, number: int) -> _Rel:
    fields = rest.split("\t")[0].split()
    args = [m for m in map(_SPLIT_ARG.fullmatch, fields[1:]) if m is not None]
    if len(fields) != 3 or len(args) != 2:
        raise BadRecord("a relation line must read 'TYPE Arg1:ID Arg2:ID'")
    return _Rel(args[0][2], args[1][2], fields[0], number)


def _parse_event(rest: str, number: int) -> tuple[str, str, list[tuple[str, str]], int]:
    fields = rest.split("\t")[0].split()
    parts = [m for m in map(_SPLIT_ARG.fullmatch, fields) if m is not None]
    if not fields or len(parts) != len(fields):
        raise BadRecord("an event line must read 'TYPE:TRIGGER ROLE:ID ...'")
    etype, trigger = parts[0][1], parts[0][2]
    return etype, trigger, [(p[1], p[2]) for p in parts[1:]], number


def _trigger(ann: _Ann, ident: str) -> str | None:
    """An event stands for its trigger span; a T id for itself."""
    seen = set()
    while ident in ann.events and ident not in seen:
        seen.add(ident)
        ident = ann.events[ident][1]
    return ident if ident in ann.texts else None


def _attach(path: Path, ann: _Ann, attached: list, problems: list[InputProblem]) -> None:
    on_events = 0
    for target, key, value, number in attached:
        if target in ann.relations:
            attrs = ann.relations[target].attrs
        else:
            trigger = _trigger(ann, target)
            if trigger is None:
                problems.append(InputProblem(str(path), f"{target} is not defined", number))
                continue
            on_events += target != trigger
            attrs = ann.texts[trigger].attrs
        if key == NORM_KEY:
            attrs.setdefault(NORM_KEY, []).append(value)
        elif key.startswith(NOTE_KEY) and key in attrs:
            attrs[key] = f"{attrs[key]}\n{value}"
        elif key in attrs and attrs[key] != value:
            old = attrs[key]
            attrs[key] = [*old, value] if isinstance(old, list) else [old, value]
        else:
            attrs[key] = value
    roles = 0
    for eid, (etype, _trig, args, number) in ann.events.items():
        head = _trigger(ann, eid)
        if head is None:
            problems.append(InputProblem(str(path), f"{eid}: trigger is not defined", number))
            continue
        for role, arg in args:
            tail = _trigger(ann, arg)
            if tail is None:
                problems.append(InputProblem(str(path), f"{eid}: {arg} is not defined", number))
                continue
            roles += 1
            ann.relations[f"{eid}:{role}"] = _Rel(head, tail, f"{etype}:{role}", number)
    for rid, rel in ann.relations.items():
        for end in (rel.head, rel.tail):
            resolved = _trigger(ann, end)
            if resolved is None:
                problems.append(InputProblem(str(path), f"{rid}: {end} is not defined", rel.line))
        rel.head = _trigger(ann, rel.head) or rel.head
        rel.tail = _trigger(ann, rel.tail) or rel.tail
    if ann.events:
        ann.warnings.append(
            f"{len(ann.events)} event(s) imported as {roles} relation(s) from the trigger span "
            "to each argument, typed '<event type>:<role>'"
        )
    if on_events:
        ann.warnings.append(f"{on_events} attribute(s) or note(s) on events kept on the trigger")


def _candidates(raw: str) -> list[tuple[str, str | None]]:
    """The text as brat counts it first, then readings other converters use."""
    out: list[tuple[str, str | None]] = [(raw, None)]
    no_bom = raw[1:] if raw.startswith("\ufeff") else raw
    if no_bom != raw:
        out.append((no_bom, "offsets fit the text without its BOM, not as brat counts it"))
    lf = canonicalize(raw)
    if lf not in (raw, no_bom):
        out.append((lf, "offsets fit the text with LF line endings, not the file's CRLF"))
    return out


def _check(text: str, ann: _Ann, path: Path) -> list[InputProblem]:
    problems = []
    for t in ann.texts.values():
        last = 0
        for start, end in t.frags:
            if end > len(text):
                problems.append(
                    InputProblem(
                        str(path),
                        f"{t.id} ({t.label}) {start}-{end} falls outside the text "
                        f"(0-{len(text)} characters)",
                        t.line,
                    )
                )
                break
            if start < last:
                problems.append(
                    InputProblem(
                        str(path), f"{t.id}: fragments overlap or are out of order", t.line
                    )
                )
                break
            last = end
        else:
            expected = " ".join(text[s:e] for s, e in t.frags)
            if t.text is not None and t.text != expected:
                problems.append(
                    InputProblem(
                        str(path),
                        f"{t.id} ({t.label}) {t.frags[0][0]}-{t.frags[-1][1]} says "
                        f"{t.text!r} but the text there is {expected!r}",
                        t.line,
                    )
                )
    return problems


def _pick_text(path: Path, raw: str, ann: _Ann) -> tuple[str, list[InputProblem], str | None]:
    first: list[InputProblem] = []
    for i, (text, warning) in enumerate(_candidates(raw)):
        problems = _check(text, ann, path)
        if not problems:
            return text, [], warning
        if i == 0:
            first = problems
    return raw, first, None


def _build(ann: _Ann) -> tuple[tuple[SourceSpan, ...], tuple[SourceRelation, ...]]:
    """One span per fragment; fragments after the first get refs of their own."""
    spans = []
    for t in ann.texts.values():
        n = len(t.frags)
        for k, (start, end) in enumerate(t.frags):
            attrs = dict(t.attrs)
            if n > 1:
                attrs.update({"brat_id": t.id, "fragment": k, "fragments": n})
            ref = t.id if k == 0 else f"{t.id};{k}"
            spans.append(SourceSpan(start, end, t.label, attrs, ref))
    relations = [SourceRelation(r.head, r.tail, r.type, r.attrs) for r in ann.relations.values()]
    return tuple(spans), tuple(relations)


def sniff_brat(path: Path, head: str) -> str | None:
    """A .ann whose lines look like brat's, or a .txt with such a .ann beside it."""
    path = Path(path)
    if path.suffix.lower() == ".ann":
        lines = [ln for ln in head.lstrip("\ufeff").splitlines()[:20] if ln.strip()]
        if not lines or all(_ID.match(ln.partition("\t")[0]) for ln in lines):
            return "brat standoff (.ann with its .txt)"
        return None
    if path.suffix.lower() == ".txt":
        ann = path.with_suffix(".ann")
        if ann.is_file():
            try:
                with ann.open(encoding="utf-8", errors="replace") as handle:
                    first = handle.readline()
            except OSError:
                return None
            if not first.strip() or _ID.match(first.lstrip("\ufeff").partition("\t")[0]):
                return "brat standoff (text of a .ann pair)"
    return None


# -- writing ----------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]|^\.+')
_UNSAFE_TYPE = re.compile(r"[\s:;,|=<>!]+")
MAPPING_FILE = "ext_ids.conf"


# Names Windows gives to devices, whatever the extension after them ("con.txt" too).
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?", re.IGNORECASE)
STEM_BYTES = 180  # UTF-8 bytes: room for ".annotator", "~N" and ".txt" under 255 bytes


def safe_stem(name: str, max_bytes: int = STEM_BYTES) -> str:
    """A file name stem that every OS accepts, made from an id that may be a path. File
    systems count bytes, not characters: 150 Persian letters are 300 bytes, over the limit."""
    stem = _UNSAFE_NAME.sub("_", name).strip(" ")
    cut = stem.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")
    stem = cut.rstrip(" .")  # Windows drops trailing dots and spaces, merging names
    if _RESERVED.fullmatch(stem):
        stem = f"_{stem}"
    return stem or "_"


def _id_cell(value: str) -> str:
    """An id as one cell of the tab-separated id table: a tab or line break in it would
    split its row, so those (and the backslash) are written escaped."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _encoded(doc: ExportDoc, ann_lines: list[str]) -> tuple[bytes, bytes]:
    """The document's .txt and .ann in UTF-8, or the error naming the annotation that holds
    half a character (a lone surrogate from a stored attribute: UTF-8's error named neither
    document nor line), before a byte of either is written."""
    try:
        return doc.text.encode("utf-8"), "".join(line + "\n" for line in ann_lines).encode()
    except UnicodeEncodeError:
        for number, line in enumerate(ann_lines, start=1):
            try:
                line.encode("utf-8")
            except UnicodeEncodeError:
                where = f"brat annotation {line.split(chr(9), 1)[0]!a} (.ann line {number})"
                raise UnwritableValue(doc.ext_id, doc.title, where) from None
        raise UnwritableValue(doc.ext_id, doc.title, "its text") from None


class BratWriter:
    """One `<ext_id>.txt` + `.ann` per document (per annotator when several), plus the
    `annotation.conf` brat needs to open the folder; ids that are not file names are listed
    in `ext_ids.conf` (brat ignores it)."""

    NEEDS_TOKENS = False

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self._dir = AtomicDir(self.target, "brat")
        self._report = WriteReport()
        self._written: list[tuple[str, str | None, str]] = []  # ext_id, annotator, temp stem
        self._labels: set[str] = set()
        self._relations: dict[str, bool] = {}  # type -> symmetric (Equiv)
        self._attributes: dict[str, set[str]] = defaultdict(set)
        self._annotators: set[str | None] = set()

    def add(self, doc: ExportDoc) -> None:
        # Hidden: safe_stem never makes a stem with a leading dot, so no document's final
        # name can be a temp name that another document's file still waits under.
        stem = f".part{len(self._written):06d}"
        ann_lines = self._ann_lines(doc)
        text, content = _encoded(doc, ann_lines)
        try:
            (self._dir.path / f"{stem}.txt").write_bytes(text)
            (self._dir.path / f"{stem}.ann").write_bytes(content)
        except OSError as exc:
            self._dir.abort()
            raise write_error(self.target, exc) from exc
        self._written.append((doc.ext_id, doc.annotator, stem))
        self._annotators.add(doc.annotator)
        self._report.documents += 1

    def _type(self, name: str, what: str) -> str:
        safe = _UNSAFE_TYPE.sub("_", name.strip()) or "_"
        if safe != name:
            self._report.lose(f"{what} renamed for brat (spaces and :;,|=<>! become _)")
        return safe

    def _ann_lines(self, doc: ExportDoc) -> list[str]:
        lines: list[str] = []
        tid_of: dict[int, str] = {}
        counters: defaultdict[str, int] = defaultdict(int)

        def next_id(kind: str) -> str:
            counters[kind] += 1
            return f"{kind}{counters[kind]}"

        for group in _group_fragments(doc.spans, doc.text):
            first = group[0]
            label = self._type(first.label, "labels")
            self._labels.add(label)
            frags = _split_at_newlines([(s.start, s.end) for s in group], doc.text)
            if len(frags) > len(group):
                self._report.lose(
                    "spans split into fragments at line breaks (brat shows no line break "
                    "inside a fragment)"
                )
            tid = next_id("T")
            for s in group:
                tid_of[s.id] = tid
            offsets = ";".join(f"{s} {e}" for s, e in frags)
            covered = " ".join(doc.text[s:e] for s, e in frags)
            lines.append(f"{tid}\t{label} {offsets}\t{covered}")
            self._report.spans += len(group)
            lines.extend(self._attr_lines(tid, first.attrs, next_id))
        for rel in doc.relations:
            head, tail = tid_of.get(rel.head), tid_of.get(rel.tail)
            if head is None or tail is None:
                self._report.lose("relations whose spans were not exported")
                continue
            rtype = self._type(rel.type, "relation types")
            if rel.attrs.get(EQUIV_KEY):
                self._relations[rtype] = True
                lines.append(f"*\t{rtype} {head} {tail}")
                continue
            self._relations.setdefault(rtype, False)
            rid = next_id("R")
            lines.append(f"{rid}\t{rtype} Arg1:{head} Arg2:{tail}")
            lines.extend(self._attr_lines(rid, rel.attrs, next_id))
        return lines

    def _attr_lines(self, target: str, attrs: dict[str, Any], next_id: Any) -> list[str]:
        lines = []
        for key, value in attrs.items():
            if key in FRAGMENT_KEYS or key == EQUIV_KEY:
                continue
            if key == NOTE_KEY or key.startswith(NOTE_PREFIX):
                kind = "AnnotatorNotes" if key == NOTE_KEY else key[len(NOTE_PREFIX) :]
                note = str(value)
                flat = " ".join(note.split("\n")).replace("\t", " ")
                if flat != note:
                    self._report.lose("line breaks or tabs in notes written as spaces")
                lines.append(f"{next_id('#')}\t{self._type(kind, 'note types')} {target}\t{flat}")
            elif (
                key == NORM_KEY
                and isinstance(value, list)
                and all(isinstance(n, dict) and n.get("db") and n.get("id") for n in value)
            ):
                for n in value:
                    db, ident = self._type(str(n["db"]), "normalisation ids"), str(n["id"])
                    ident = self._type(ident, "normalisation ids")
                    norm_text = " ".join(str(n.get("text") or "").split())
                    lines.append(f"{next_id('N')}\tReference {target} {db}:{ident}\t{norm_text}")
            elif value is True or (isinstance(value, (str, int, float)) and value is not False):
                name = self._type(key, "attribute names")
                if value is True:
                    self._attributes[name]
                    lines.append(f"{next_id('A')}\t{name} {target}")
                else:
                    shown = self._type(str(value), "attribute values")
                    self._attributes[name].add(shown)
                    lines.append(f"{next_id('A')}\t{name} {target} {shown}")
            elif value is False or value is None:
                continue
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                name = self._type(key, "attribute names")
                for v in value:
                    shown = self._type(v, "attribute values")
                    self._attributes[name].add(shown)
                    lines.append(f"{next_id('A')}\t{name} {target} {shown}")
            else:
                self._report.lose(f"span attributes brat cannot hold ({key}: nested values)")
        return lines

    def finish(self) -> WriteReport:
        try:
            self._place_files()
            conf = self._dir.path / "annotation.conf"
            conf.write_text(self._conf(), encoding="utf-8")
            committed = self._dir.commit()
        except OSError as exc:
            self._dir.abort()
            raise write_error(self.target, exc) from exc
        except BaseException:
            self._dir.abort()  # refused at the last moment: nothing of ours stays behind
            raise
        # Named from what was committed: inside atomic.held() the folder is not in place yet.
        self._report.files = [committed / name for name in self._dir.names]
        return self._report

    def abort(self) -> None:
        self._dir.abort()

    def _place_files(self) -> None:
        several = len(self._annotators) > 1
        taken: set[str] = {"annotation", "ext_ids", "visual", "tools", "kb_shortcuts"}
        mapping: list[tuple[str, str, str]] = []
        for ext_id, annotator, temp in self._written:
            wanted = safe_stem(ext_id)
            if several:
                wanted = f"{wanted}.{safe_stem(annotator or 'unassigned', 48)}"
            stem, n = wanted, 1
            while stem.casefold() in taken:  # case-insensitive file systems
                n += 1
                stem = f"{wanted}~{n}"
            taken.add(stem.casefold())
            for suffix in (".txt", ".ann"):
                try:
                    (self._dir.path / f"{temp}{suffix}").rename(self._dir.path / f"{stem}{suffix}")
                except OSError as exc:
                    raise OSError(
                        exc.errno, f"{exc.strerror} (file {stem}{suffix} for document {ext_id!r})"
                    ) from exc
            if stem != ext_id or several:
                mapping.append((stem, ext_id, annotator or ""))
        if several:
            self._report.lose(
                "annotator names (brat has no annotator field): one <ext_id>.<annotator> "
                "file pair per document and annotator",
                len(self._written),
            )
        if mapping:
            rows = "".join(
                f"{_id_cell(stem)}\t{_id_cell(ext)}\t{_id_cell(who)}\n"
                for stem, ext, who in mapping
            )
            (self._dir.path / MAPPING_FILE).write_text(
                "# file stem<TAB>document ext_id<TAB>annotator (written by Seed Annotator; "
                "a tab, line break or backslash in an id is written \\t, \\n, \\\\)\n" + rows,
                encoding="utf-8",
            )

    def _conf(self) -> str:
        out = ["[entities]", *sorted(self._labels), "", "[relations]"]
        for rtype, symmetric in sorted(self._relations.items()):
            extra = ", <REL-TYPE>:symmetric-transitive" if symmetric else ""
            out.append(f"{rtype}\tArg1:<ANY>, Arg2:<ANY>{extra}")
        out += ["", "[events]", "", "[attributes]"]
        for name, values in sorted(self._attributes.items()):
            spec = "Arg:<ANY>" + (f", Value:{'|'.join(sorted(values))}" if values else "")
            out.append(f"{name}\t{spec}")
        return "\n".join(out) + "\n"


def _group_fragments(spans: Sequence[ExportSpan], text: str) -> list[list[ExportSpan]]:
    """Spans, with the fragments of one imported discontinuous brat span joined again."""
    by_id: dict[str, list[ExportSpan]] = defaultdict(list)
    for s in spans:
        count = s.attrs.get("fragments", 1)  # any JSON value an import carried in
        if is_whole(count) and count > 1 and s.attrs.get("brat_id"):
            by_id[str(s.attrs["brat_id"])].append(s)
    groups: list[list[ExportSpan]] = []
    done: set[int] = set()
    for s in spans:
        if s.id in done:
            continue
        members = by_id.get(str(s.attrs.get("brat_id")), []) if s.attrs.get("brat_id") else []
        if members and _complete(members):
            members = sorted(members, key=lambda m: (m.start, m.end))
            groups.append(members)
            done.update(m.id for m in members)
        else:
            groups.append([s])
            done.add(s.id)
    return groups


def _complete(members: list[ExportSpan]) -> bool:
    n = members[0].attrs.get("fragments")
    numbers = [m.attrs.get("fragment") for m in members]
    ordered = sorted(members, key=lambda m: (m.start, m.end))
    return (
        is_whole(n)
        and len(members) == n
        and sorted(k for k in numbers if is_whole(k)) == list(range(n))
        and len({m.label for m in members}) == 1
        and all(a.end <= b.start for a, b in pairwise(ordered))
    )


def _split_at_newlines(frags: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    out = []
    for start, end in frags:
        pos = start
        for m in re.finditer(r"[\r\n]+", text[start:end]):
            if m.start() + start > pos:
                out.append((pos, start + m.start()))
            pos = start + m.end()
        if pos < end:
            out.append((pos, end))
    return out or frags
