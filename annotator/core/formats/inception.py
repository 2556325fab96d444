"""INCEpTION's "UIMA CAS JSON" export (JSON CAS 0.4.0, as dkpro-cassis and INCEpTION write it).

Offsets are UTF-16 units into the view's `sofaString` (Java strings), converted here to code
points and refused when they cut a character in two. Every annotation type with begin/end is
imported except segmentation (tokens, sentences), token level linguistic layers and document
metadata; the metadata gives the title and id instead. Relation layers (a Governor and a
Dependent feature pointing at imported spans) become relations.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import InputError, InputProblem
from annotator.core.formats.records import (
    BadRecord,
    ReadItem,
    SourceRecord,
    SourceRelation,
    SourceSpan,
    first_line_title,
    is_whole,
)
from annotator.core.text.decode import canonicalize
from annotator.core.text.utf16 import Utf16Index

SOFA = "uima.cas.Sofa"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
SKIPPED_PREFIXES = (
    "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.",
    "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.",
    "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.",
    "uima.tcas.DocumentAnnotation",
)
_NOT_FEATURES = {"begin", "end", "sofa"}


def sniff_inception(path: Path, head: str) -> str | None:
    start = head.lstrip("\ufeff \t\r\n")
    if start.startswith("{") and ('"%FEATURE_STRUCTURES"' in head or '"%TYPES"' in head):
        return "UIMA CAS JSON (INCEpTION / dkpro-cassis)"
    return None


def read_inception(path: Path, encoding: str | None = None) -> Iterator[ReadItem]:
    """Yield one record per view that has text (INCEpTION writes one, `_InitialView`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputProblem(str(path), exc.strerror or str(exc))
        return
    try:
        if encoding and encoding.lower().replace("-", "") not in ("utf8", "utf8sig"):
            data = data.decode(encoding).encode("utf-8")
        cas = orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except (orjson.JSONDecodeError, UnicodeDecodeError, LookupError) as exc:
        yield InputProblem(str(path), f"not valid JSON ({exc})")
        return
    try:
        yield from _records(path, cas, len(data))
    except BadRecord as exc:
        yield exc.problem(path)
    except InputError as exc:
        yield exc.problem


def _structures(cas: Any) -> dict[int, dict[str, Any]]:
    if not isinstance(cas, dict) or "%FEATURE_STRUCTURES" not in cas:
        raise BadRecord('not a UIMA CAS JSON file (no "%FEATURE_STRUCTURES")')
    raw = cas["%FEATURE_STRUCTURES"]
    if raw is not None and not isinstance(raw, dict | list):
        raise BadRecord('"%FEATURE_STRUCTURES" must be a list or an object')
    items = raw.items() if isinstance(raw, dict) else ((None, fs) for fs in raw or [])
    out: dict[int, dict[str, Any]] = {}
    for key, fs in items:
        if not isinstance(fs, dict):
            raise BadRecord("a feature structure is not a JSON object")
        ident = fs.get("%ID", key)
        if ident is None:  # an entry of a list without "%ID"
            raise BadRecord(f"feature structure id {ident!r} is not a number")
        try:
            out[int(ident)] = fs if "%ID" in fs else {"%ID": int(ident), **fs}
        except (TypeError, ValueError):
            raise BadRecord(f"feature structure id {ident!r} is not a number") from None
    return out


def _records(path: Path, cas: Any, size: int) -> Iterator[SourceRecord]:
    structures = _structures(cas)
    views = cas.get("%VIEWS") or {}
    if not isinstance(views, dict) or not views:
        raise BadRecord('no "%VIEWS": nothing says which annotations belong to the text')
    header = cas.get("%HEADER") or {}
    if not isinstance(header, dict):
        raise BadRecord('"%HEADER" must be an object')
    unit = str(header.get("%OFFSET_ENCODING", "UTF-16")).upper()
    found = False
    for name, view in views.items():
        # Ids are whole numbers; anything else (a list, an object) names no structure.
        has_sofa = isinstance(view, dict) and is_whole(view.get("%SOFA"))
        sofa = structures.get(view["%SOFA"]) if has_sofa else None
        if not sofa or not isinstance(sofa.get("sofaString"), str):
            continue
        found = True
        listed = view.get("%MEMBERS") or []
        if not isinstance(listed, list):
            raise BadRecord(f'view {name}: "%MEMBERS" must be a list of ids')
        members = [structures[m] for m in listed if is_whole(m) and m in structures]
        yield _record(path, name, sofa["sofaString"], members, structures, unit, size)
    if not found:
        raise BadRecord("no view has a text (sofaString)")


def _short(type_name: str) -> str:
    return type_name.rsplit(".", 1)[-1]


def _record(
    path: Path,
    view: str,
    text: str,
    members: list[dict[str, Any]],
    structures: dict[int, dict[str, Any]],
    unit: str,
    size: int,
) -> SourceRecord:
    if not text.strip():
        raise BadRecord(f"view {view}: the text is empty")
    index = Utf16Index(text) if unit.replace("-", "") == "UTF16" else None
    meta: dict[str, Any] = {}
    if view != "_InitialView":
        meta["cas_view"] = view
    title = ext_id = None
    candidates: list[tuple[int, dict[str, Any]]] = []
    skipped: dict[str, int] = {}
    for fs in members:
        ftype = str(fs.get("%TYPE", ""))
        if ftype == METADATA:
            title = fs.get("documentTitle") or title
            ext_id = fs.get("documentId") or ext_id
            continue
        if "end" not in fs or ftype.startswith(SKIPPED_PREFIXES):
            if "end" in fs and ftype.startswith(SKIPPED_PREFIXES[:2]):
                skipped[_short(ftype)] = skipped.get(_short(ftype), 0) + 1
            continue
        candidates.append((int(fs["%ID"]), fs))
    spans: list[SourceSpan] = []
    refs: set[str] = set()
    relation_fs = []
    zero = 0
    types = {str(fs.get("%TYPE")) for _, fs in candidates}
    for ident, fs in candidates:
        if "@Governor" in fs and "@Dependent" in fs:
            relation_fs.append(fs)
            continue
        start, end = _offsets(fs, text, index)
        if end == start:
            zero += 1
            continue
        label, attrs = _label(fs)
        if len(types) > 1:
            attrs["layer"] = _short(str(fs["%TYPE"]))
        ref = str(ident)
        refs.add(ref)
        spans.append(SourceSpan(start, end, label, attrs, ref))
    relations = []
    lost_relations = 0
    for fs in relation_fs:
        head, tail = str(fs["@Governor"]), str(fs["@Dependent"])
        if head in refs and tail in refs:
            label, attrs = _label(fs)
            relations.append(SourceRelation(head, tail, label, attrs))
        else:
            lost_relations += 1
    for ident, fs in candidates:
        for role, target in _slot_links(fs, structures):
            if str(ident) in refs and target in refs:
                relations.append(SourceRelation(str(ident), target, role, {"slot": True}))
            else:
                lost_relations += 1
    warnings = []
    if skipped:
        names = ", ".join(f"{k} ({v})" for k, v in sorted(skipped.items()))
        warnings.append(f"layers not imported (segmentation, token level, metadata): {names}")
    if zero:
        warnings.append(f"{zero} zero-length annotation(s) skipped (a span needs characters)")
    if lost_relations:
        warnings.append(f"{lost_relations} relation(s) between annotations not imported skipped")
    if warnings:
        meta["import_warnings"] = warnings
    if title:
        meta["title"] = str(title)
    user = _user_from_name(path)
    spans.sort(key=lambda s: (s.start, s.end, s.label))
    return SourceRecord(
        path=str(path),
        line=None,
        ext_id=str(ext_id) if ext_id else path.stem,
        text=text,
        title=str(title) if title else first_line_title(canonicalize(text)),
        meta=meta,
        annotator=user,
        spans=tuple(spans),
        relations=tuple(relations),
        has_annotations=True,
        bytes_done=size,
    )


def _slot_links(fs: dict[str, Any], structures: dict[int, Any]) -> list[tuple[str, str]]:
    """INCEpTION slot features: an array of link structures, each a role and a target."""
    links = []
    for key, value in fs.items():
        if not key.startswith("@") or key in ("@sofa", "@Governor", "@Dependent"):
            continue
        array = structures.get(value) if is_whole(value) else None
        elements = (array or {}).get("%ELEMENTS")
        for element in elements if isinstance(elements, list) else []:
            link = structures.get(element) if is_whole(element) else None
            if isinstance(link, dict) and "@target" in link:
                links.append((str(link.get("role") or key[1:]), str(link["@target"])))
    return links


def _offsets(fs: dict[str, Any], text: str, index: Utf16Index | None) -> tuple[int, int]:
    begin, end = fs.get("begin", 0), fs.get("end")
    what = f"{_short(str(fs.get('%TYPE')))} #{fs.get('%ID')}"
    if not (is_whole(begin) and is_whole(end)):
        raise BadRecord(f"{what}: begin and end must be whole numbers")
    if index is None:
        if not 0 <= begin <= end <= len(text):
            raise BadRecord(f"{what}: {begin}-{end} falls outside the text (0-{len(text)})")
        return begin, end
    if not 0 <= begin <= end <= index.utf16_length:
        raise BadRecord(
            f"{what}: {begin}-{end} falls outside the text (0-{index.utf16_length} UTF-16 units)"
        )
    start, stop = index.to_codepoint(begin, "start"), index.to_codepoint(end, "end")
    if index.to_utf16(start) != begin or index.to_utf16(stop) != end:
        raise BadRecord(f"{what}: {begin}-{end} cuts a character (an emoji?) in two")
    return start, stop


def _label(fs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The `value` feature, else the first string feature, else the type's short name."""
    features = {
        k: v
        for k, v in fs.items()
        if not k.startswith(("%", "@")) and k not in _NOT_FEATURES and v is not None
    }
    strings = [k for k, v in features.items() if isinstance(v, str) and v]
    key = "value" if isinstance(features.get("value"), str) and features["value"] else None
    key = key or (strings[0] if strings else None)
    label = features[key] if key else _short(str(fs.get("%TYPE")))
    attrs = {
        k: v
        for k, v in features.items()
        if k != key and isinstance(v, (str, int, float, bool)) and v != ""
    }
    return label, attrs


def _user_from_name(path: Path) -> str | None:
    """A project export keeps each user's copy as `annotation/<document>/<user>.json`;
    the curated one (`curation/...`) and the initial CAS belong to no annotator."""
    if path.parent.parent.name == "annotation" and path.stem not in ("INITIAL_CAS", ""):
        return path.stem
    return None
