"""Turn the paths a user named into (file, format) pairs and read them with the right reader."""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import InputProblem
from annotator.core.formats.records import ReadItem
from annotator.core.formats.registry import READERS, by_extension

FORMATS = ("auto", *READERS)
SNIFF_BYTES = 65536
SNIFF_LINE_BYTES = 16 * 1024 * 1024  # how far to read for a first line


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    format: str
    ext_id: str  # for plain text: the article id (file name, or path below the folder)
    size: int
    source: str  # recorded in the document's metadata: "seeds/002_x.txt", not /home/...
    found: str = ""  # what auto detection saw, for the report ("doccano JSONL (…)")


def _extensions(fmt: str) -> tuple[str, ...]:
    if fmt == "auto":
        return tuple(ext for f in READERS.values() for ext in f.extensions)
    return READERS[fmt].extensions


def _head(path: Path) -> str:
    with path.open("rb") as handle:
        data = handle.read(SNIFF_BYTES)
        # A JSONL record longer than the head (a long article): read on to the end of the
        # first line, so that the sniffers see one whole record.
        while b"\n" not in data.lstrip() and len(data) < SNIFF_LINE_BYTES:
            chunk = handle.read(SNIFF_BYTES)
            if not chunk:
                break
            data += chunk
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        # Not final: the head may end inside a character (Persian and Arabic take two bytes).
        return codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=False)
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def detect(path: Path) -> tuple[str, str]:
    """(format, what was recognised) from the file's content, then its extension."""
    head = _head(path)
    for name, fmt in READERS.items():
        found = fmt.sniff(path, head)
        if found:
            return name, found
    fmt = by_extension(path)
    return fmt.name, fmt.title


def expand(
    paths: Sequence[str | Path], fmt: str = "auto"
) -> tuple[list[SourceFile], list[InputProblem]]:
    """Walk folders (known extensions only, sorted) and check that every path exists."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    files: list[SourceFile | InputProblem] = []
    problems: list[InputProblem] = []
    wanted = _extensions(fmt)
    # Files read with another file of their format are not documents of their own.
    owners = [f for f in READERS.values() if f.companion and fmt in ("auto", f.name)]
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in wanted
                and not p.name.startswith(".")
                and not any(owner.is_companion(p) for owner in owners)
            )
            if not found:
                problems.append(InputProblem(str(path), "the folder holds no files to import"))
            for p in found:
                relative = p.relative_to(path)
                source = f"{path.resolve().name}/{relative.as_posix()}"
                files.append(_source(p, fmt, relative.with_suffix("").as_posix(), source))
        elif path.is_file():
            source = f"{path.resolve().parent.name}/{path.name}"
            files.append(_source(path, fmt, path.stem, source))
        elif path.exists():  # reading a pipe or /dev/zero would never end
            problems.append(
                InputProblem(str(path), "is not a file or folder (a device, pipe or socket)")
            )
        else:
            problems.append(InputProblem(str(path), "no such file or folder"))
    kept = []
    for item in files:
        if isinstance(item, InputProblem):
            problems.append(item)
        else:
            kept.append(item)
    return kept, problems


def _source(path: Path, fmt: str, ext_id: str, source: str) -> SourceFile | InputProblem:
    if fmt == "auto":
        try:
            chosen, found = detect(path)
        except OSError:  # unreadable: the reader names the problem
            chosen, found = by_extension(path).name, ""
        except RecursionError:
            # Python's own JSON parser, which the sniffers use to look at a partial head,
            # recurses once per level; guessing on would read the file as plain text.
            return InputProblem(str(path), "JSON nested too deeply to read")
        others = _formats_of_its_extension(path)
        if chosen == by_extension(path).name and others:
            # A .json, .conll or .ann file none of the readers of its kind recognised: read
            # as plain text it would become one document of markup, silently.
            return InputProblem(
                str(path),
                f"not recognised as {_either(others)}; name its format with --format "
                "(see --help), or check that it is the file you meant",
            )
    else:
        chosen, found = fmt, READERS[fmt].title
    return SourceFile(path, chosen, ext_id, path.stat().st_size, source, found)


def _either(titles: list[str]) -> str:
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} or {titles[-1]}"


def _formats_of_its_extension(path: Path) -> list[str]:
    """The titles of the formats whose files end like this one, unless one of ours, read
    by extension, claims the ending too (a .txt or .tsv that is no CoNLL is plain text)."""
    suffix = path.suffix.lower()
    if any(f.by_extension and suffix in f.extensions for f in READERS.values()):
        return []
    return [f.title for f in READERS.values() if suffix in f.extensions]


def read(source: SourceFile, encoding: str | None = None) -> Iterator[ReadItem]:
    return READERS[source.format].read(source.path, encoding, source.ext_id, source.source)
