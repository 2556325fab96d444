"""Align a piece of two texts again, at what each edit costs a Persian normaliser.

Plain edit distance prices every edit at 1, so when a normaliser turns one character into
several (ﷲ -> الله) or deletes tatweel beside a word, a cheaper wrong alignment can pair
letters with the characters around them. This dynamic programme, a row at a time in numpy
and so kept to the few pieces the fast alignment may have got wrong, knows better:
separators, tatweel, harakat and repeats of a letter come and go cheaply, a separator never
stands for a letter, and the normaliser's expansions are one unit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

import numpy as np

Op = tuple[str, int, int, int, int]  # tag, src_start, src_end, dest_start, dest_end

# What normalisers delete or insert around words without changing one: spacing, joiners,
# tatweel, bidi controls and CR.
SEPARATOR_CHARS = (
    " \t\r\u00a0\u202f\u200b\u200c\u200d\u0640"
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)
SEPARATORS = frozenset(SEPARATOR_CHARS)

# One character that a normaliser writes out (or the reverse): hazm's list, and … for "...".
EXPANSIONS: Mapping[str, str] = {
    "﷽": "بسم الله الرحمن الرحیم",
    "﷼": "ریال",
    "ﷲ": "الله",
    "ﷳ": "اکبر",
    "ﷴ": "محمد",
    "ﷵ": "صلعم",
    "ﷶ": "رسول",
    "ﷷ": "علیه",
    "ﷸ": "وسلم",
    **dict.fromkeys("ﻵﻶﻷﻸﻹﻺﻻﻼ", "لا"),
    "…": "...",
}

# Costs, doubled to stay whole: a known expansion is nearly free, a letter that appears or
# vanishes is dear, and a letter for another costs less than any deletion and insertion.
_EXPAND = 1
_LIGHT = 2  # a separator, a mark or a repeated letter deleted or inserted; separator for separator
_LETTER = 4
_SWAP = 3
_NEVER = 10**6  # a character for one of another kind (a separator for a letter)
_INF = _NEVER * 4
# Beyond this (a line of about 1,400 characters each side, 12 MB of table) a piece is left
# as the fast alignment had it, with only its doubtful runs realigned.
MAX_CELLS = 2_000_000
SMALL = 300  # up to this many cells, cell by cell in Python is the faster
_DIAGONAL, _DELETE, _INSERT, _GROUP_A, _GROUP_B = range(1, 6)  # the step into a cell


def realign(a: str, b: str, a_at: int = 0, b_at: int = 0) -> list[Op] | None:
    """Opcodes for a -> b at least cost (offset by a_at, b_at); None if too long to try."""
    cells = (len(a) + 1) * (len(b) + 1)
    if cells > MAX_CELLS:
        return None
    return _by_cells(a, b, a_at, b_at) if cells <= SMALL else _by_rows(a, b, a_at, b_at)


def _by_cells(a: str, b: str, a_at: int, b_at: int) -> list[Op]:
    """The programme a cell at a time, each offering its moves in order: plain Python,
    faster than rows of numpy on a short piece (the usual one), and their specification."""
    n, m = len(a), len(b)
    drop_a = [_light_at(a, i) for i in range(n)]
    drop_b = [_light_at(b, j) for j in range(m)]
    width = m + 1
    cost = [_NEVER * 4] * ((n + 1) * width)
    step: list[tuple[str, int, int] | None] = [None] * ((n + 1) * width)
    cost[0] = 0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i * width + j]
            if here >= _NEVER:
                continue
            moves: list[tuple[str, int, int, int]] = []
            if i < n and j < m:
                if a[i] == b[j]:
                    moves.append(("equal", 1, 1, 0))
                else:
                    moves.append(("replace", 1, 1, _swap(a[i], b[j])))
            if i < n:
                moves.append(("delete", 1, 0, _LIGHT if drop_a[i] else _LETTER))
                expanded = EXPANSIONS.get(a[i])
                if expanded and b.startswith(expanded, j):
                    moves.append(("group", 1, len(expanded), _EXPAND))
            if j < m:
                moves.append(("insert", 0, 1, _LIGHT if drop_b[j] else _LETTER))
                expanded = EXPANSIONS.get(b[j])
                if expanded and a.startswith(expanded, i):
                    moves.append(("group", len(expanded), 1, _EXPAND))
            for tag, di, dj, price in moves:
                at = (i + di) * width + j + dj
                if here + price < cost[at]:
                    cost[at] = here + price
                    step[at] = (tag, di, dj)
    ops: list[Op] = []
    i, j = n, m
    while i or j:
        taken = step[i * width + j]
        assert taken is not None
        tag, di, dj = taken
        ops.append((tag, a_at + i - di, a_at + i, b_at + j - dj, b_at + j))
        i, j = i - di, j - dj
    ops.reverse()
    return ops


def _by_rows(a: str, b: str, a_at: int, b_at: int) -> list[Op]:
    """The same programme a row at a time in numpy (a line of news, a few hundred characters each
    side, takes a few milliseconds). Of alignments that cost the same, the one taken is the
    one a cell-by-cell programme would keep if it offered each cell's moves in the order of
    their sources (expansions of b, expansions of a, diagonal, deletion, insertion) and took
    only a strictly better offer; which copy of a repeated letter is kept depends on it.
    """
    n, m = len(a), len(b)
    kinds_a, kinds_b = _kinds(a), _kinds(b)
    codes_b = _codes(b)
    drop_a = np.where(_light(_codes(a), kinds_a), _LIGHT, _LETTER)
    drop_b = np.where(_light(codes_b, kinds_b), _LIGHT, _LETTER)
    # A character for another: never across kinds, cheaply for separators and marks.
    swap_by_kind = [
        np.where(kinds_b != k, _NEVER, _SWAP if k == LETTER else _LIGHT) for k in range(3)
    ]
    ins_before = np.concatenate(([0], np.cumsum(drop_b)))  # cost of inserting b[:j]
    expands_b = [  # (j, i-length): b[j - 1] written out in a would end at a row i
        (j + 1, len(EXPANSIONS[c])) for j, c in enumerate(b) if c in EXPANSIONS
    ]
    substituted: dict[str, np.ndarray] = {}  # a character of a against each of b
    cost = np.empty((n + 1, m + 1), dtype=np.int32)  # every cell < _NEVER: indels reach it
    step = np.empty((n + 1, m + 1), dtype=np.int8)
    cost[0] = ins_before
    step[0] = _INSERT
    offers = np.empty((2, m + 1), dtype=np.int32)  # diagonal, deletion
    offers[0, 0] = _INF
    moves = np.array([_DIAGONAL, _DELETE], dtype=np.int8)
    for i in range(1, n + 1):
        char, previous = a[i - 1], cost[i - 1]
        sub = substituted.get(char)
        if sub is None:
            sub = np.where(codes_b == ord(char), 0, swap_by_kind[kinds_a[i - 1]])
            substituted[char] = sub
        np.add(previous[:-1], sub, out=offers[0, 1:])
        np.add(previous, drop_a[i - 1], out=offers[1])
        first = offers.argmin(axis=0)  # ties go to the diagonal, offered first
        best = offers.min(axis=0)
        took = moves[first]
        # Expansions are offered before both, so they win ties: taken last, on <=, those
        # of b (from an earlier row) after those of a.
        expanded = EXPANSIONS.get(char)
        if expanded:
            at = b.find(expanded)
            while at >= 0:
                j = at + len(expanded)
                offer = cost[i - 1, at] + _EXPAND
                if offer <= best[j]:
                    best[j], took[j] = offer, _GROUP_A
                at = b.find(expanded, at + 1)
        for j, length in expands_b:
            if length <= i and a.startswith(EXPANSIONS[b[j - 1]], i - length):
                offer = cost[i - length, j - 1] + _EXPAND
                if offer <= best[j]:
                    best[j], took[j] = offer, _GROUP_B
        # Insertions run along the row: cost[j] = min(best[j], cost[j - 1] + drop_b[j - 1]),
        # a running minimum once the insertions' running cost is taken out; offered last,
        # an insertion is taken only where it is strictly cheaper.
        through = np.minimum.accumulate(best - ins_before) + ins_before
        cost[i] = through
        step[i] = np.where(through < best, _INSERT, took)
    return _trace(a, b, step, a_at, b_at)


def _trace(a: str, b: str, step: np.ndarray, a_at: int, b_at: int) -> list[Op]:
    ops: list[Op] = []
    i, j = len(a), len(b)
    while i or j:
        taken = step[i, j]
        if taken == _DIAGONAL:
            tag, di, dj = ("equal" if a[i - 1] == b[j - 1] else "replace"), 1, 1
        elif taken == _DELETE:
            tag, di, dj = "delete", 1, 0
        elif taken == _INSERT:
            tag, di, dj = "insert", 0, 1
        elif taken == _GROUP_A:
            tag, di, dj = "group", 1, len(EXPANSIONS[a[i - 1]])
        elif taken == _GROUP_B:
            tag, di, dj = "group", len(EXPANSIONS[b[j - 1]]), 1
        else:
            raise AssertionError(f"no step into cell {(i, j)}")
        ops.append((tag, a_at + i - di, a_at + i, b_at + j - dj, b_at + j))
        i, j = i - di, j - dj
    ops.reverse()
    return ops


SEPARATOR, MARK, LETTER = range(3)


def kind(char: str) -> int:
    """Separator, combining mark (harakat) or letter; anything else counts as a letter."""
    if char in SEPARATORS:
        return SEPARATOR
    return MARK if unicodedata.category(char) in ("Mn", "Me") else LETTER


def _kinds(text: str) -> np.ndarray:
    return np.fromiter((kind(c) for c in text), dtype=np.int8, count=len(text))


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _light(codes: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """Separators, marks and the copies of a repeated letter: cheap to delete or insert."""
    same = codes[1:] == codes[:-1]
    repeated = np.zeros(len(codes), dtype=bool)
    repeated[1:] |= same
    repeated[:-1] |= same
    return (kinds != LETTER) | repeated


def _light_at(text: str, i: int) -> bool:
    char = text[i]
    return (
        kind(char) != LETTER
        or (i > 0 and text[i - 1] == char)
        or (i + 1 < len(text) and text[i + 1] == char)
    )


def _swap(x: str, y: str) -> int:
    """One character for another: never across kinds, cheaply for separators and marks."""
    kx, ky = kind(x), kind(y)
    if kx != ky:
        return _NEVER
    return _SWAP if kx == LETTER else _LIGHT
