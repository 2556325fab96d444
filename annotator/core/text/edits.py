"""What a normaliser deleted, inserted and rewrote between two texts, as offset map blocks.

The texts are aligned by Levenshtein distance (rapidfuzz, in C) on folded keys in which the
normaliser's one-for-one substitutions (ي -> ی, 4 -> ۴, " -> «) compare equal: otherwise a
substitution and a deletion beside it cost the same as the other way round, and the alignment
may pin the deletion on the wrong character. Where the alignment still pairs a separator with
a letter, or turns one character into several, `realign` redoes that short piece at the
normaliser's own prices. The opcodes then become the units a span's edges follow (`units`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from rapidfuzz.distance import Levenshtein

from annotator.core.text.realign import (
    EXPANSIONS,
    LETTER,
    SEPARATOR_CHARS,
    Op,
    kind,
    realign,
)
from annotator.core.text.units import Block, canonical, tidied, units

Anchor = tuple[int, int, int]  # orig_start, text_start, length: a piece both texts share
NEAR = 3  # runs of differences this close are realigned together


class CharFold:
    """Replaces characters one for one, so a folded text has the same offsets.

    A chain of `in` tests and str.replace, fast for the few dozen characters a normaliser
    substitutes: str.translate costs ~0.35 µs a character on Persian text, a regular
    expression scanning for any of them ~4 ns a character, `in` far less.
    """

    def __init__(self, pairs: Mapping[str, str]) -> None:
        table: dict[str, str] = {}
        for char in pairs:
            seen = {char}
            image = pairs[char]
            while image in pairs and image not in seen:  # a -> b -> c folds a to c
                seen.add(image)
                image = pairs[image]
            if len(char) != 1 or len(image) != 1:
                raise ValueError(f"a fold maps one character to one: {char!r} -> {image!r}")
            if image != char:
                table[char] = image
        self._pairs = tuple(table.items())

    def __call__(self, text: str) -> str:
        for char, image in self._pairs:
            if char in text:
                text = text.replace(char, image)
        return text


_DIGITS = {chr(0x30 + d): chr(0x06F0 + d) for d in range(10)}
_DIGITS |= {chr(0x0660 + d): chr(0x06F0 + d) for d in range(10)}
# What hazm and most Persian normalisers substitute one for one (images are hazm's choices):
# the common cases only. A rarer substitution (a presentation form) is aligned as one all
# the same, unless letters come or go right beside it.
ALIGN_FOLD = CharFold(
    _DIGITS
    | {"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "\u00a0": " ", "\u202f": " "}
    | {'"': "«", "“": "«", "”": "«", "»": "«", "%": "٪", "٫": "."}
)


def blocks_between(
    original: str,
    text: str,
    anchors: Sequence[Anchor] = (),
    fold: CharFold = ALIGN_FOLD,
) -> list[Block]:
    """Blocks of an offset map from `original` to `text`.

    Anchors are pieces known to be the same in both (a normaliser's untouched pieces); they and
    the line breaks, when both texts have as many, cut the alignment into short segments,
    which keeps the quadratic worst case of Levenshtein away and the map exact across them.
    """
    okey, tkey = fold(original), fold(text)
    if okey == tkey:
        return []
    anchors = sorted(anchors)
    _check(original, text, anchors)
    blocks: list[Block] = []
    for o0, o1, t0, t1 in _segments(okey, tkey, anchors):
        if okey[o0:o1] != tkey[t0:t1]:
            blocks.extend(_segment_blocks(okey, tkey, o0, o1, t0, t1))
    return tidied(okey, tkey, blocks)


def _check(original: str, text: str, anchors: list[Anchor]) -> None:
    """A wrong anchor would make a wrong map silently: refuse it."""
    end_o = end_t = 0
    for o, t, length in anchors:
        if length < 1 or o < end_o or t < end_t:
            raise ValueError(f"anchor {(o, t, length)} is empty or overlaps the one before")
        if original[o : o + length] != text[t : t + length]:
            raise ValueError(f"anchor {(o, t, length)} is not the same in both texts")
        end_o, end_t = o + length, t + length


def _segments(okey: str, tkey: str, anchors: list[Anchor]) -> Iterator[Block]:
    """Stretches to align, as (o_start, o_end, t_start, t_end): the lines paired when both
    texts have as many, each cut at the anchors in it; lines that are the same are skipped."""
    o_lines, t_lines = okey.split("\n"), tkey.split("\n")
    if len(o_lines) != len(t_lines):
        o_lines, t_lines = [okey], [tkey]
    pending = iter(anchors)
    anchor = next(pending, None)
    o_at = t_at = 0
    for o_line, t_line in zip(o_lines, t_lines, strict=True):
        o_end, t_end = o_at + len(o_line), t_at + len(t_line)
        cuts = []
        while anchor is not None and anchor[0] < o_end:
            cuts.append(anchor)
            anchor = next(pending, None)
        if o_line != t_line:
            o, t = o_at, t_at
            for cut_o, cut_t, length in cuts:
                if not (o <= cut_o and cut_o + length <= o_end and t <= cut_t <= t_end - length):
                    raise ValueError(f"anchor {(cut_o, cut_t, length)} is not on its line")
                yield o, cut_o, t, cut_t
                o, t = cut_o + length, cut_t + length
            yield o, o_end, t, t_end
        o_at, t_at = o_end + 1, t_end + 1


def _segment_blocks(okey: str, tkey: str, o0: int, o1: int, t0: int, t1: int) -> list[Block]:
    """The units of one segment; doubtful runs of the fast alignment are realigned first."""
    a, b = okey[o0:o1], tkey[t0:t1]
    # Normalisers change little; the hint lets rapidfuzz use a narrow band (exact all the
    # same, the band grows if needed): 300 KB align in 0.1 s instead of 10 s.
    hint = abs(len(a) - len(b)) + 32
    opcodes = Levenshtein.opcodes(a, b, score_hint=hint)
    spacing: list[Block] = []  # the usual case, spacing alone, is its own units
    for op in opcodes:
        if op.tag == "equal":
            continue
        i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
        if (a[i1:i2] + b[j1:j2]).strip(SEPARATOR_CHARS):
            break
        if i2 - i1 != j2 - j1:
            spacing.append((o0 + i1, o0 + i2, t0 + j1, t0 + j2))
    else:
        return spacing
    ops: list[Op] = [
        (op.tag, o0 + op.src_start, o0 + op.src_end, t0 + op.dest_start, t0 + op.dest_end)
        for op in opcodes
    ]
    regions = _regions(okey, tkey, ops)
    # Where the fast alignment is lost (a letter paired with another character), its equal
    # stretches, which cut the doubtful runs apart, may be wrong too (spaces paired with
    # spaces a word away), and no realigning between them can undo that: the whole segment
    # is redone. Elsewhere only the doubtful runs are, which is far cheaper.
    whole = None
    if regions and any(_lost(okey, tkey, ops[i : j + 1]) for i, j in regions):
        whole = realign(a, b, o0, t0)
    if whole is not None:
        ops = canonical(okey, tkey, whole)
    elif regions:
        out: list[Op] = []
        done = 0
        for first, last in regions:
            _, os, _, ts, _ = ops[first]
            _, _, oe, _, te = ops[last]
            redone = realign(okey[os:oe], tkey[ts:te], os, ts)
            out += ops[done:first] + (redone if redone is not None else ops[first : last + 1])
            done = last + 1
        ops = canonical(okey, tkey, out + ops[done:])
    return units(okey, tkey, ops)


def _regions(okey: str, tkey: str, ops: list[Op]) -> list[tuple[int, int]]:
    """Op index ranges to realign: each run of differences that involves a letter, with the
    runs near it.

    Separators and harakat coming and going are what a normaliser does all the time, and the
    fast alignment places them right; a letter that appears, vanishes or trades places with
    a separator is where it can err (" k24" -> "k ۲۴" read as k moved after the space).
    """
    runs: list[tuple[int, int]] = []
    for i, op in enumerate(ops):
        if op[0] != "equal":
            if runs and runs[-1][1] == i - 1:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((i, i))

    def near(r: int) -> bool:  # run r and run r + 1 have a short equal stretch between them
        between = ops[runs[r][1] + 1]
        return between[2] - between[1] < NEAR

    regions: list[tuple[int, int]] = []
    for r, (i, j) in enumerate(runs):
        if not _doubtful(okey, tkey, ops[i : j + 1]):
            continue
        first, last = r, r
        while first > 0 and near(first - 1):
            first -= 1
        while last + 1 < len(runs) and near(last):
            last += 1
        span = (runs[first][0], runs[last][1])
        if regions and span[0] <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(span[1], regions[-1][1]))
        else:
            regions.append(span)
    return regions


def _doubtful(okey: str, tkey: str, run: list[Op]) -> bool:
    """A letter appears or vanishes, or a character stands for one of another kind."""
    for tag, o1, o2, t1, t2 in run:
        if tag == "replace":
            if any(kind(x) != kind(y) for x, y in zip(okey[o1:o2], tkey[t1:t2], strict=True)):
                return True
        else:
            chars = okey[o1:o2] + tkey[t1:t2]
            # Most runs are spacing (ZWNJ, spaces): strip() tells at C speed.
            if chars.strip(SEPARATOR_CHARS) and any(kind(c) == LETTER for c in chars):
                return True
    return False


def _lost(okey: str, tkey: str, region: list[Op]) -> bool:
    """The fast alignment pairs a letter with another character, in a way no normaliser
    writes: not one of its expansions (... -> …, ﻻ -> لا), which plain edit distance gives as
    a character for a character and the rest deleted."""
    for tag, o1, o2, t1, t2 in region:
        if tag != "replace":
            continue
        if any(LETTER in (kind(x), kind(y)) for x, y in zip(okey[o1:o2], tkey[t1:t2], strict=True)):
            return not _expansions_only(okey, tkey, region)
    return False


def _expansions_only(okey: str, tkey: str, region: list[Op]) -> bool:
    """Each run of differences in the region is one known expansion, give or take spacing."""
    run: list[Op] = []
    for op in [*region, ("equal", 0, 0, 0, 0)]:
        if op[0] != "equal":
            run.append(op)
            continue
        if run:
            a = okey[run[0][1] : run[-1][2]].strip(SEPARATOR_CHARS)
            b = tkey[run[0][3] : run[-1][4]].strip(SEPARATOR_CHARS)
            if a != b and EXPANSIONS.get(a) != b and EXPANSIONS.get(b) != a:
                return False
            run = []
    return True
