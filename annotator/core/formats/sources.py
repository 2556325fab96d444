"""Turn the paths a user named into (file, format) pairs and read them with the right reader."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import InputProblem
from annotator.core.formats.csvfile import read_csv
from annotator.core.formats.jsonl import read_jsonl
from annotator.core.formats.records import FORMAT_EXTENSIONS, ReadItem, format_for
from annotator.core.formats.txt import read_txt

FORMATS = ("auto", "txt", "jsonl", "csv")


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    format: str
    ext_id: str  # for plain text: the article id (file name, or path below the folder)
    size: int
    source: str  # recorded in the document's metadata: "seeds/002_x.txt", not /home/...


def expand(
    paths: Sequence[str | Path], fmt: str = "auto"
) -> tuple[list[SourceFile], list[InputProblem]]:
    """Walk folders (known extensions only, sorted) and check that every path exists."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    files: list[SourceFile] = []
    problems: list[InputProblem] = []
    wanted = tuple(
        ext for name, exts in FORMAT_EXTENSIONS.items() if fmt in ("auto", name) for ext in exts
    )
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in wanted and not p.name.startswith(".")
            )
            if not found:
                problems.append(InputProblem(str(path), "the folder holds no files to import"))
            for p in found:
                relative = p.relative_to(path)
                source = f"{path.resolve().name}/{relative.as_posix()}"
                files.append(_source(p, fmt, relative.with_suffix("").as_posix(), source))
        elif path.is_file():
            files.append(_source(path, fmt, path.stem, f"{path.resolve().parent.name}/{path.name}"))
        else:
            problems.append(InputProblem(str(path), "no such file or folder"))
    return files, problems


def _source(path: Path, fmt: str, ext_id: str, source: str) -> SourceFile:
    chosen = format_for(path) if fmt == "auto" else fmt
    return SourceFile(path, chosen, ext_id, path.stat().st_size, source)


def read(source: SourceFile, encoding: str | None = None) -> Iterator[ReadItem]:
    if source.format == "jsonl":
        return read_jsonl(source.path, encoding)
    if source.format == "csv":
        return read_csv(source.path, encoding)
    return read_txt(source.path, source.ext_id, source.source, encoding)
