"""Normalisation: hazm for Persian line by line, safe fixes for the rest, exact maps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.text.align import OffsetMap
from annotator.core.text.fold import search_key
from annotator.core.text.normalize import (
    NormalizerPool,
    PersianNormalizer,
    normalize_document,
    normalize_none,
    normalize_safe,
)
from annotator.core.text.verbatim import mask

SEEDS = Path(__file__).parents[2] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_safe_nbsp_is_a_space_with_identity_map() -> None:
    for prefix in ("002", "003"):
        text = seed(prefix)
        assert "\u00a0" in text
        result = normalize_safe(text)
        assert result.text == text.replace("\u00a0", " ")
        assert result.offset_map.is_identity
        assert result.normalizer == "safe-1"


def test_safe_keeps_arabic_spelling() -> None:
    text = "عليك\u200cكتابـــة مُحَمَّد ى ٣"
    result = normalize_safe(text)
    assert result.text == text and result.offset_map.is_identity
    assert normalize_safe(seed("004")).text == seed("004")


def test_safe_removed_bidi_control_shifts_later_offsets() -> None:
    text = "قال \u200fبوتين\u202a\u202c إن"
    result = normalize_safe(text)
    assert result.text == "قال بوتين إن"
    assert result.offset_map.blocks == ((4, 5, 4, 4), (10, 12, 9, 9))
    start = text.index("بوتين")
    assert result.offset_map.to_text(start) == start - 1
    assert result.offset_map.to_original(result.text.index("إن")) == text.index("إن")
    # Removed controls beside a span stay outside it in the original.
    assert result.offset_map.span_to_original(4, 9) == (5, 10)
    assert text[5:10] == "بوتين"
    assert result.offset_map.span_to_original(5, 8) == (6, 9)


def test_none_keeps_text() -> None:
    result = normalize_none("a\u00a0b")
    assert (result.text, result.offset_map, result.normalizer) == ("a\u00a0b", OffsetMap(), "none")


def test_arabic_documents_never_reach_hazm(persian: PersianNormalizer) -> None:
    for prefix in ("002", "003", "004"):
        text = seed(prefix)
        result = normalize_document(text, "ar", persian)
        assert result.text.count("ي") == text.count("ي") > 0
        assert result.text.count("ك") == text.count("ك") > 0
    assert normalize_document("كتاب", "other", None).text == "كتاب"
    with pytest.raises(ValueError):
        normalize_document("کتاب", "fa", None)


def test_persian_seed_words_map_both_ways(persian: PersianNormalizer) -> None:
    original = seed("000")
    result = persian.normalize(original)
    text, m = result.text, result.offset_map
    assert result.normalizer.startswith("hazm-0.")
    assert "ە" in original and "ە" not in text
    assert text.count("\n") == original.count("\n")
    start = original.index("سوریە")
    span = m.span_to_text(start, start + 5)
    assert text[span[0] : span[1]] == "سوریه"
    assert m.span_to_original(*span) == (start, start + 5)
    assert not m.is_identity
    # The first word after each insertion or removal maps to itself (up to ZWNJ and ە) and back.
    checked = 0
    for _, orig_end, _, _ in m.blocks:
        at = original.find(" ", orig_end) + 1
        word = original[at:].split(maxsplit=1)[0]
        if not word.replace("\u200c", "").isalpha():
            continue
        mapped = m.span_to_text(at, at + len(word))
        assert search_key(text[mapped[0] : mapped[1]]) == search_key(word)
        assert m.span_to_original(*mapped) == (at, at + len(word))
        checked += 1
    assert checked >= 5


def test_persian_inserted_zwnj_is_mapped(persian: PersianNormalizer) -> None:
    original = seed("000")
    result = persian.normalize(original)
    at = original.index("میکند")
    start, end = result.offset_map.span_to_text(at, at + len("میکند"))
    assert result.text[start:end] == "می\u200cکند"
    assert result.offset_map.span_to_original(start, end) == (at, at + len("میکند"))


def test_persian_is_per_line_and_idempotent(persian: PersianNormalizer) -> None:
    for prefix in ("000", "001"):
        original = seed(prefix)
        once = persian.normalize(original)
        assert [line == "" for line in once.text.split("\n")] == [
            line == "" for line in original.split("\n")
        ]
        assert persian.normalize(once.text).text == once.text


def test_persian_applies_safe_fixes(persian: PersianNormalizer) -> None:
    result = persian.normalize("\u200fسلام\u202fدنیا\n\u00a0\nمی کنند")
    assert result.text == "سلام دنیا\n \nمی\u200cکنند"
    assert result.offset_map.to_text(1) == 0


@pytest.mark.slow
def test_pool_matches_in_process(persian: PersianNormalizer) -> None:
    texts = [seed("000"), seed("001")]
    with NormalizerPool(workers=2) as pool:
        futures = [pool.submit([text]) for text in texts] + [pool.submit(texts)]
        results = [future.result(timeout=60) for future in futures]
    expected = [persian.normalize(text) for text in texts]
    assert results == [[expected[0]], [expected[1]], expected]


# A script that imports us, as the `annotator` command does: its top level runs each time it
# is executed, and each run leaves a line in the file named by its argument.
SCRIPT = """
import sys
with open(sys.argv[1], "a", encoding="utf-8") as runs:
    runs.write("ran\\n")
from annotator.core.text.normalize import NormalizerPool

if __name__ == "__main__":
    with NormalizerPool(workers=2) as pool:
        # Two batches at once: the pool starts a second worker for the second.
        futures = [pool.submit(["اين يك متن"]), pool.submit(["متن دوم"])]
        print(" | ".join(f.result(timeout=120)[0].text for f in futures))
        names = sorted(pool._executor.submit(eval, "sorted(__import__('sys').modules)").result())
        print(" ".join(m for m in ("annotator.cli", "hazm.chunker", "scipy") if m in names))
"""


@pytest.mark.slow
def test_workers_do_not_run_the_parents_main_script(tmp_path: Path) -> None:
    """spawn runs the parent's main script again in every worker: for the `annotator`
    command that is the whole CLI, 80 MB and more than half a second each."""
    script, runs = tmp_path / "main.py", tmp_path / "runs.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(runs)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["این یک متن | متن دوم", ""]
    assert runs.read_text(encoding="utf-8") == "ran\n"  # the parent's own run only


def test_pool_starts_nothing_until_used() -> None:
    pool = NormalizerPool()
    assert 1 <= pool.workers <= 4
    pool.close()
    assert pool._executor is None
    with pytest.raises(ValueError):
        NormalizerPool(workers=0)


def _line_by_line(persian: PersianNormalizer, text: str) -> str:
    hazm_normalize = persian._hazm.normalize
    lines = normalize_safe(text).text.split("\n")
    for i, line in enumerate(lines):
        masked = mask(line)
        if masked is None:
            lines[i] = hazm_normalize(line) if line.strip() else line
        else:
            restored = masked.restore(hazm_normalize(masked.text))
            assert restored is not None
            lines[i] = restored[0]
    return "\n".join(lines)


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_one_hazm_call_per_document_gives_the_line_by_line_result(
    persian: PersianNormalizer, prefix: str
) -> None:
    text = seed(prefix)
    result = persian.normalize(text)
    assert result.text == _line_by_line(persian, text)
    assert result.text.count("\n") == text.count("\n")


def test_if_hazm_moves_a_line_break_each_line_is_normalised_alone(
    persian: PersianNormalizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = seed("000")
    real = persian._hazm.normalize
    calls: list[str] = []

    def merging(s: str) -> str:  # a future hazm that joins lines
        calls.append(s)
        return real(s).replace("\n", " ", 1)

    monkeypatch.setattr(persian._hazm, "normalize", merging)
    result = persian.normalize(text)
    assert len(calls) > 2  # the joined call, then one call per line
    assert result.text.count("\n") == text.count("\n")


def test_demo_article_keeps_k24(persian: PersianNormalizer) -> None:
    original = seed("000")
    result = persian.normalize(original)
    at = original.index("k24")
    span = result.offset_map.span_to_text(at, at + 3)
    assert result.text[span[0] : span[1]] == "k24"
    assert result.offset_map.span_to_original(*span) == (at, at + 3)


@pytest.mark.parametrize(
    "piece",
    ["k24", "COVID-19", "https://t.co/Ab12", "www.irna.ir", "info@irna.ir", "@ali_24", "U.S", "5G"],
)
def test_latin_pieces_are_kept_and_mapped_exactly(persian: PersianNormalizer, piece: str) -> None:
    original = f"«{piece}» گزارش داد که 24 نفر میروند، {piece}. و {piece}ها"
    result = persian.normalize(original)
    text, m = result.text, result.offset_map
    assert text.count(piece) == 3
    assert "۲۴" in text and "می\u200cروند" in text  # the Persian around is normalised still
    for at in (i for i in range(len(original)) if original.startswith(piece, i)):
        start, end = m.span_to_text(at, at + len(piece))
        assert text[start:end] == piece
        assert m.span_to_original(start, end) == (at, at + len(piece))


def test_a_line_whose_pieces_hazm_loses_is_kept_as_it_came(
    persian: PersianNormalizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = persian._hazm.normalize
    monkeypatch.setattr(persian._hazm, "normalize", lambda s: real(s).replace("x", ""))
    result = persian.normalize("k24 میکند\nمیکند")
    assert result.text == "k24 میکند\nمی\u200cکند"
    assert result.offset_map.span_to_text(0, 9) == (0, 9)


def test_pieces_after_removed_bidi_controls_map_exactly(persian: PersianNormalizer) -> None:
    original = "\u200fگزارش \u200fk24 و \u202bF-35\u202c میکند"
    result = persian.normalize(original)
    for piece in ("k24", "F-35"):
        at = original.index(piece)
        start, end = result.offset_map.span_to_text(at, at + len(piece))
        assert result.text[start:end] == piece
        assert result.offset_map.span_to_original(start, end) == (at, at + len(piece))
