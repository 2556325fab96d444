"""The JSON-lines formats read their files through one reader: each refuses what the others
refuse, in the same words, names the line of a bad record, and counts progress in bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.formats.records import SourceRecord
from annotator.core.formats.registry import READERS

from .helpers import problems

TEXT = "قال الرئيس في القاهرة إنّ الاجتماع سيُعقد غداً"

# One good line of each JSON-lines format.
LINES = {
    "jsonl": {"id": "a", "text": TEXT, "spans": []},
    "prodigy": {"text": TEXT, "tokens": [{"text": "قال", "start": 0, "end": 3, "id": 0}]},
    "doccano": {"text": TEXT, "label": [[0, 3, "actor"]]},
    "hf": {"id": 0, "tokens": ["قال", "الرئيس"], "ner_tags": ["B-actor", "O"]},
    "idrisi": {"tweet_id": "1", "text": TEXT, "location_mentions": []},
}


def _write(path: Path, fmt: str, count: int) -> bytes:
    lines = []
    for i in range(count):
        obj = dict(LINES[fmt])
        if "id" in obj:
            obj["id"] = f"d{i}" if fmt == "jsonl" else i
        if fmt == "hf":
            obj["doc_id"] = f"d{i}"
        lines.append(json.dumps(obj, ensure_ascii=False))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("fmt", list(LINES))
def test_utf16_without_a_byte_order_mark_is_named_by_every_json_lines_format(tmp_path, fmt):
    """JSONL, Prodigy and doccano said 'not valid JSON' of every line of such a file."""
    source = tmp_path / "x.jsonl"
    text = _write(source, fmt, 3).decode("utf-8")
    source.write_bytes(text.encode("utf-16-le"))
    found = problems(list(READERS[fmt].read(source, None)))
    assert len(found) == 1, found
    assert "UTF-16LE" in found[0].message and "--encoding utf-16-le" in found[0].message


@pytest.mark.parametrize("fmt", list(LINES))
def test_a_nul_byte_refuses_the_file_naming_its_line(tmp_path, fmt):
    source = tmp_path / "x.jsonl"
    data = _write(source, fmt, 5000)
    cut = data.index(b"\n", len(data) // 2) + 1
    source.write_bytes(data[:cut] + b"\x00" + data[cut:])
    line = data[:cut].count(b"\n") + 1
    found = problems(list(READERS[fmt].read(source, None)))
    assert [str(p) for p in found] == [
        f"{source}:{line}: a NUL byte in the text (a binary file, or a broken copy?)"
    ]


@pytest.mark.parametrize("fmt", list(LINES))
@pytest.mark.parametrize("encoding", [None, "cp1256"])
def test_progress_counts_bytes_up_to_the_whole_file(tmp_path, fmt, encoding):
    source = tmp_path / "x.jsonl"
    data = _write(source, fmt, 40)
    if encoding:
        source.write_bytes(data.decode("utf-8").encode(encoding))
    items = list(READERS[fmt].read(source, encoding))
    done = [r.bytes_done for r in items if isinstance(r, SourceRecord)]
    assert len(done) == 40 and not problems(items)
    assert done == sorted(done) and done[0] > 0 and done[-1] == source.stat().st_size


@pytest.mark.parametrize("fmt", list(LINES))
def test_a_bad_line_is_named_by_file_and_line(tmp_path, fmt):
    source = tmp_path / "x.jsonl"
    data = _write(source, fmt, 3)
    source.write_bytes(data + b"\n{not json\n")
    assert [str(p) for p in problems(list(READERS[fmt].read(source, None)))] == [
        f"{source}:5: not valid JSON (unexpected character, expected a string key at column 2)"
    ]
