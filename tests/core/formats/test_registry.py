"""Every row of the format registry names functions that exist and fit protocol.py: a reader
taking (path, encoding), a sniffer taking (path, head), a writer built from its target with
what the exporter calls; a row with a typo fails here, not in a user's import."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from annotator.core.formats.exchange import LineWriter, Writer
from annotator.core.formats.registry import FORMATS, READERS, WRITERS, Format, SaveAs


def _binds(function: object, *args: object, **kwargs: object) -> bool:
    try:
        inspect.signature(function).bind(*args, **kwargs)  # type: ignore[arg-type]
    except TypeError:
        return False
    return True


def _members(protocol: type) -> set[str]:
    return {
        name
        for name in (*protocol.__dict__, *getattr(protocol, "__annotations__", {}))
        if not name.startswith("_")
    }


def row_problems(fmt: Format) -> list[str]:
    """What is wrong with one row: each named function loaded and its shape checked."""
    try:
        module = importlib.import_module(f"annotator.core.formats.{fmt.module}")
    except ImportError as exc:
        return [f"module {fmt.module!r} does not import: {exc}"]
    problems = []

    def load(attr: str) -> object | None:
        found = getattr(module, attr, None)
        if not callable(found):
            problems.append(f"{fmt.module}.{attr} is not a function or class there")
            return None
        return found

    path = Path("x")
    if fmt.reader is None and fmt.writer is None:
        problems.append("neither a reader nor a writer")
    if fmt.reader and (reader := load(fmt.reader)):
        names = {"ext_id": "x", "source": "d/x.txt"} if fmt.named_by_file else {}
        if not (_binds(reader, path, None, **names) and _binds(reader, path, **names)):
            problems.append(f"reader {fmt.reader} does not take (path, encoding=None)")
        if not inspect.isgeneratorfunction(reader) and not _returns_iterator(reader):
            problems.append(f"reader {fmt.reader} does not return an iterator")
    if fmt.sniffer and (sniffer := load(fmt.sniffer)):
        if not _binds(sniffer, path, "head"):
            problems.append(f"sniffer {fmt.sniffer} does not take (path, head)")
    elif fmt.sniffer is None and fmt.reader and not fmt.by_extension:
        problems.append("a reader that auto detection can never choose (no sniffer)")
    if fmt.companion and (companion := load(fmt.companion)) and not _binds(companion, path):
        problems.append(f"companion {fmt.companion} does not take (path)")
    if fmt.writer and (writer := load(fmt.writer)):
        if not _binds(writer, path):
            problems.append(f"writer {fmt.writer} is not built from a target path alone")
        kinds = [p for p in (Writer, LineWriter) if all(hasattr(writer, m) for m in _members(p))]
        if not kinds:
            problems.append(f"writer {fmt.writer} has neither {_members(Writer)} nor "
                            f"{_members(LineWriter)}")  # fmt: skip
        if not isinstance(fmt.save, SaveAs):
            problems.append("a writer without the file name the window proposes (save)")
    return problems


def _returns_iterator(function: object) -> bool:
    returned = inspect.signature(function).return_annotation  # type: ignore[arg-type]
    return "Iterator" in str(returned)


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_registry_row_names_functions_that_fit_the_format_protocol(name: str) -> None:
    assert row_problems(FORMATS[name]) == []


def test_our_own_formats_are_rows_and_our_jsonl_is_the_first_writer() -> None:
    assert {"txt", "jsonl", "csv"} <= set(READERS)
    assert next(iter(WRITERS)) == "jsonl"  # the export dialog's and the command line's default


@pytest.mark.parametrize(
    ("row", "said"),
    [
        (Format("x", "jsonl", "X", (".x",), "read_jsonl_typo", "sniff_x"), "read_jsonl_typo"),
        (Format("x", "no_such_module", "X", (".x",), "read_x"), "does not import"),
        (Format("x", "conll", "X", (".x",), "read_conll", "is_tag"), "sniffer is_tag"),
        (Format("x", "conll", "X", (".x",), "sniff_conll", "sniff_conll"), "reader sniff_conll"),
        (Format("x", "txt", "X", (".x",), "read_txt", "sniff_x"), "reader read_txt"),
        (Format("x", "jsonl", "X", (".x",), "read_jsonl"), "can never choose"),
        (Format("x", "jsonl", "X", (".x",), writer="JsonlWriter"), "without the file name"),
        (Format("x", "conll", "X", (".x",), writer="TaggedTokens",
                save=SaveAs(".x", "X")), "writer TaggedTokens"),
        (Format("x", "records", "X", (".x",), writer="first_line_title",
                save=SaveAs(".x", "X")), "neither"),
        (Format("x", "brat", "X", (".x",), "read_brat", "sniff_brat",
                companion="text_files"), "brat.text_files"),
        (Format("x", "brat", "X", (".x",), "read_brat", "sniff_brat",
                companion="_parse_text"), "companion _parse_text does not take"),
    ],
)  # fmt: skip
def test_a_broken_row_is_caught(row: Format, said: str) -> None:
    problems = row_problems(row)
    assert any(said in p for p in problems), problems
