"""Find in the open document, under the same folds as the document list's search.

The list matches on `search_key`, which drops harakat, tatweel and ZWNJ and casefolds, so
its key is shorter (or, for ß and the like, longer) than the text. Find must hand back
ranges of the text itself, for the article view to select: `FoldedText` builds the key once
per text together with the text position of every key character, and maps each match back
to exactly the characters it covers.

On code point arrays with numpy: a 1 MB article with a vowel on every other letter has
hundreds of thousands of places where key and text part ways, and a word like و has tens of
thousands of matches; a Python loop over either costs more than the 50 ms a key press has.
"""

from __future__ import annotations

import gc
import re
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt

from annotator.core.text.fold import fold

# Combining marks of the Arabic blocks (every Mn character there; a test checks the list):
# harakat, superscript alef, Quranic marks. They sit on the letter before them, so a match
# takes those after its last letter along: a highlight must not cut a letter from its vowel.
MARKS = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u0898-\u089f\u08ca-\u08e1\u08e3-\u08ff"
)
# Tatweel, ZWNJ and ZWJ: ignored too, but they belong to no letter, so a match never starts
# or ends on one.
JOINERS = "\u0640\u200c\u200d"
# A superset of what `search_key` drops: it keeps ZWJ and the rarer marks (changing it would
# change the full-text index), but a find that stops at an invisible mark looks broken.
_NOISE = re.compile(f"[{MARKS}{JOINERS}]")
_MARK = re.compile(f"[{MARKS}]")

_BMP = 0x10000
_DROP = 0xFFFFFFFF  # key table: the character is looked through
_EXPAND = 0xFFFFFFFE  # key table: the character casefolds to several (ß -> ss)

Positions = npt.NDArray[np.int64]


def find_key(text: str) -> str:
    """The form text and query are compared in: `search_key`, looking through more noise.

    The plain definition; `FoldedText` computes the same with tables, and the tests hold
    the two to each other.
    """
    return _NOISE.sub("", fold(text)).casefold()


def _code_points(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _text(points: npt.NDArray[np.uint32]) -> str:
    return points.tobytes().decode("utf-32-le", "surrogatepass")


@cache
def _tables() -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.bool_]]:
    """Key code point and "is a mark" for every BMP character, built on first use (~10 ms).

    Made by `fold` itself, so its table is not written twice. Characters above the BMP never
    fold and never expand; the few with case are looked up one by one.
    """
    chars = _text(np.arange(1, _BMP, dtype=np.uint32))  # NUL stays out: it separates
    # Each character followed by a NUL, casefolded in one go: the NULs then tell which
    # characters came out longer than they went in.
    spaced = np.zeros((_BMP - 1, 2), dtype=np.uint32)
    spaced[:, 0] = _code_points(fold(chars))
    cased = _code_points(_text(spaced).casefold())
    ends = np.flatnonzero(cased == 0)
    starts = np.concatenate(([0], ends[:-1] + 1))
    one = ends - starts == 1
    key = np.concatenate(([0], np.where(one, cased[starts], _EXPAND))).astype(np.uint32)
    marks = np.zeros(_BMP, dtype=np.bool_)
    for char in _NOISE.finditer(chars):
        key[char.end()] = _DROP  # chars starts at U+0001
        marks[char.end()] = _MARK.match(char.group()) is not None
    return key, marks


def _runs(positions: Positions) -> tuple[Positions, Positions]:
    """(starts, ends) of the runs of consecutive numbers in sorted `positions`."""
    if not positions.size:
        return positions, positions
    breaks = np.flatnonzero(np.diff(positions) != 1) + 1
    starts = positions[np.concatenate(([0], breaks))]
    ends = positions[np.concatenate((breaks - 1, [positions.size - 1]))] + 1
    return starts, ends


class FoldedText:
    """One text prepared for many queries: the find bar searches the same article on every
    pause in typing, and folding it costs more than searching it."""

    __slots__ = ("_codes", "_mark_ends", "_mark_starts", "_overlaps", "_to_text", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        table, is_mark = _tables()
        points = _code_points(text)
        codes = table.take(points, mode="clip")  # above the BMP: fixed just below
        astral = np.flatnonzero(points >= _BMP)
        if astral.size:
            codes[astral] = [ord(chr(p).casefold()[0]) for p in points[astral].tolist()]
        # Key position -> text position; None while the two are the same (no noise, no ß).
        self._to_text: Positions | None = None
        dropped = np.flatnonzero(codes == _DROP)
        if dropped.size:
            self._to_text = np.flatnonzero(codes != _DROP)
            codes = codes[self._to_text]
        marks = dropped[is_mark[points[dropped]]]
        self._mark_starts, self._mark_ends = _runs(marks)
        expanding = np.flatnonzero(codes == _EXPAND)
        # Two pieces of one ß can both match "s", and map to the same character.
        self._overlaps = bool(expanding.size)
        if expanding.size:
            kept = np.arange(points.size) if self._to_text is None else self._to_text
            self._to_text, codes = self._expand(points, kept, codes, expanding)
        self._codes = codes

    @property
    def key(self) -> str:
        """What a query's `find_key` is looked for in."""
        return _text(self._codes)

    @staticmethod
    def _expand(
        points: npt.NDArray[np.uint32],
        kept: Positions,
        codes: npt.NDArray[np.uint32],
        expanding: Positions,
    ) -> tuple[Positions, npt.NDArray[np.uint32]]:
        """Key characters and their text positions, ß standing for the s and s it folds to."""
        pieces = [chr(p).casefold() for p in points[kept[expanding]].tolist()]
        widths = np.ones(kept.size, dtype=np.int64)
        widths[expanding] = [len(piece) for piece in pieces]
        at = np.cumsum(widths) - widths
        kept, codes = np.repeat(kept, widths), np.repeat(codes, widths)
        for start, piece in zip(at[expanding].tolist(), pieces, strict=True):
            codes[start : start + len(piece)] = _code_points(piece)
        return kept, codes

    def find(self, query: str) -> list[tuple[int, int]]:
        """(start, end) text ranges of every occurrence of `query`, in order, disjoint.

        A range starts on the first matched letter and ends after the last one and any
        marks on it; tatweel and joiners at its edges stay outside.
        """
        needle = find_key(query) if query.strip() else ""
        codes, width = self._codes, len(needle)
        if not needle or width > codes.size:
            return []
        wanted = _code_points(needle)
        # Candidates by first character, then narrowed by each next one: all in numpy, as
        # one-letter queries (a whole word typed slowly) match a tenth of an article.
        at = np.flatnonzero(codes[: codes.size - width + 1] == wanted[0])
        for offset in range(1, width):
            at = at[codes[at + offset] == wanted[offset]]
        at = _leftmost(at, width)
        if self._to_text is None:
            starts, ends = at, at + width
        else:
            starts, ends = self._to_text[at], self._to_text[at + width - 1] + 1
        if self._mark_starts.size:
            ends = self._past_marks(ends)
        ranges = _pairs(starts, ends)
        return _disjoint(ranges) if self._overlaps else ranges

    def _past_marks(self, ends: Positions) -> Positions:
        """Ends moved past the marks sitting on a range's last letter."""
        run = np.searchsorted(self._mark_starts, ends)
        run = np.minimum(run, self._mark_starts.size - 1)
        on_marks = self._mark_starts[run] == ends
        return np.where(on_marks, self._mark_ends[run], ends)


def _pairs(starts: Positions, ends: Positions) -> list[tuple[int, int]]:
    """The ranges as tuples, built with the garbage collector paused: a one-letter query
    makes ~100k, and the collections their allocation sets off make that 4x slower."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return list(zip(starts.tolist(), ends.tolist(), strict=True))
    finally:
        if enabled:
            gc.enable()


def _leftmost(at: Positions, width: int) -> Positions:
    """The matches a left-to-right scan keeps: in ییی, یی matches once, not twice."""
    if at.size < 2 or int(np.diff(at).min()) >= width:
        return at
    kept: list[int] = []
    for start in at.tolist():
        if not kept or start >= kept[-1] + width:
            kept.append(start)
    return np.array(kept, dtype=np.int64)


def _disjoint(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        if not out or start >= out[-1][1]:
            out.append((start, end))
    return out


@lru_cache(maxsize=2)
def _prepared(text: str) -> FoldedText:
    return FoldedText(text)


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Every occurrence of `query` in `text` as (start, end) code-point ranges, end exclusive.

    Persian and Arabic spellings match (ی/ي/ى, ک/ك, digits), harakat, tatweel and joiners
    are looked through and Latin letters match in any case, as in the document list's
    search. The text's key is cached, so searching the same article again costs only the
    search.
    """
    if not query.strip() or not text:
        return []
    return _prepared(text).find(query)
