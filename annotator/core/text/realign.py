"""Align a short piece of two texts again, at what each edit costs a Persian normaliser.

Plain edit distance prices every edit at 1, so when a normaliser turns one character into
several (ﷲ -> الله) or deletes tatweel beside a word, a cheaper wrong alignment can pair
letters with the characters around them. This dynamic programme, in Python and so kept to the
few short pieces the fast alignment got wrong, knows better: separators, tatweel, harakat and
repeats of a letter come and go cheaply, a separator never stands for a letter, and the
normaliser's expansions are one unit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

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
MAX_CELLS = 40_000  # beyond this a piece is left as the fast alignment had it


def realign(a: str, b: str, a_at: int = 0, b_at: int = 0) -> list[Op] | None:
    """Opcodes for a -> b at least cost (offset by a_at, b_at); None if too long to try."""
    n, m = len(a), len(b)
    if (n + 1) * (m + 1) > MAX_CELLS:
        return None
    drop_a = [_light(a, i) for i in range(n)]
    drop_b = [_light(b, j) for j in range(m)]
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


SEPARATOR, MARK, LETTER = range(3)


def kind(char: str) -> int:
    """Separator, combining mark (harakat) or letter; anything else counts as a letter."""
    if char in SEPARATORS:
        return SEPARATOR
    return MARK if unicodedata.category(char) in ("Mn", "Me") else LETTER


def _light(text: str, i: int) -> bool:
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
