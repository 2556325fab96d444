"""Map code point positions between an original text and its normalised, stored text."""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import orjson

from annotator.core.text.edits import ALIGN_FOLD, Anchor, Block, CharFold, blocks_between


@dataclass(frozen=True)
class OffsetMap:
    """Blocks where the texts differ; everything between them lines up one to one.

    Same-length substitutions (ە -> ه, digits) need no block, so a typical Persian article
    keeps a few dozen blocks and each lookup is a bisect. A block is one unit of the
    normaliser's work: characters it deleted (nothing on the text side), characters it
    inserted (nothing on the original side), or a piece it rewrote (ﻻ -> لا, ممم -> م).

    A span maps to the positions of its first and last kept characters: what normalisation
    deleted or inserted at its edges stays outside it, in both directions, so a span read
    back from the original is the span that was written. A position at the start of a span
    ("start") goes to where the next kept character went, at its end ("end") to just after
    the last one; a rewritten piece has no inner positions, so an edge inside it takes all of
    it. Blocks may touch (a deleted tatweel right before a rewritten ligature): the sides
    tell them apart.
    """

    blocks: tuple[Block, ...] = ()

    def __post_init__(self) -> None:
        _check(self.blocks)

    @classmethod
    def identity(cls) -> OffsetMap:
        return cls(())

    @property
    def is_identity(self) -> bool:
        return not self.blocks

    @classmethod
    def between(
        cls,
        original: str,
        text: str,
        anchors: Sequence[Anchor] = (),
        fold: CharFold = ALIGN_FOLD,
    ) -> OffsetMap:
        """Align two texts (line by line when both have as many lines: linear, the norm).

        `anchors` name pieces the normaliser left untouched, (original start, text start,
        length); `fold` makes its one-for-one substitutions equal (see `edits`).
        """
        if original == text:
            return cls.identity()
        return cls(tuple(blocks_between(original, text, anchors, fold)))

    def to_original(self, pos: int, side: str = "start") -> int:
        """Position in the stored text -> position in the original."""
        return _map(pos, side, self._text_starts, self.blocks, 2, 0)

    def to_text(self, pos: int, side: str = "start") -> int:
        """Position in the original -> position in the stored text."""
        return _map(pos, side, self._orig_starts, self.blocks, 0, 2)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Empty (and never reversed) when the span holds only inserted characters."""
        first = self.to_original(start, "start")
        return first, max(first, self.to_original(end, "end"))

    def span_to_text(self, start: int, end: int) -> tuple[int, int]:
        """Empty (and never reversed) when the span holds only deleted characters."""
        first = self.to_text(start, "start")
        return first, max(first, self.to_text(end, "end"))

    def to_json(self) -> str | None:
        """A flat int list (compact in a database column); None for the identity."""
        if not self.blocks:
            return None
        return json.dumps([n for block in self.blocks for n in block], separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str | None) -> OffsetMap:
        """Raises ValueError for what is no offset map (a team pull checks every document's:
        orjson and the blocks zipped whole read 10,000 maps of 40 blocks in 0.25-0.30 s CPU,
        json and a generator in 0.49-0.57 s)."""
        if data is None:
            return cls.identity()
        flat = orjson.loads(data)
        if not isinstance(flat, list) or len(flat) % 4 or not set(map(type, flat)) <= {int}:
            raise ValueError("an offset map is a flat list of integers, four per block")
        return cls(tuple(zip(*[iter(flat)] * 4, strict=True)))

    def fits(self, original: int, text: int) -> bool:
        """Whether the map lies within texts of these lengths and ends where both end: past
        its last block the texts line up one to one, so what remains of each is as long.
        A map that does not fit sends a span's original offsets outside the original."""
        end_o, end_t = (self.blocks[-1][1], self.blocks[-1][3]) if self.blocks else (0, 0)
        return end_o <= original and end_t <= text and original - end_o == text - end_t

    @cached_property
    def _orig_starts(self) -> list[int]:
        return [block[0] for block in self.blocks]

    @cached_property
    def _text_starts(self) -> list[int]:
        return [block[2] for block in self.blocks]


def _map(
    pos: int, side: str, starts: list[int], blocks: tuple[Block, ...], src: int, dst: int
) -> int:
    """The block that decides is the last one starting at or before `pos` for a span's
    start, strictly before it for a span's end: a block starting at `pos` lies after a
    span that ends there, and an empty source side there (what the other text has in
    addition) lies before a span that starts there."""
    if side == "start":
        i = bisect_right(starts, pos) - 1
    elif side == "end":
        i = bisect_left(starts, pos) - 1
    else:
        raise ValueError(f"side must be 'start' or 'end', not {side!r}")
    if pos < 0:
        raise ValueError(f"position {pos} is negative")
    if i < 0:
        return pos  # before the first block nothing has shifted
    block = blocks[i]
    src_end = block[src + 1]
    if pos >= src_end:
        return block[dst + 1] + pos - src_end
    # Inside the block: a rewritten piece is taken whole; what only this side has is a point.
    return block[dst] if side == "start" else block[dst + 1]


def _check(blocks: tuple[Block, ...]) -> None:
    """Blocks must be in order, not overlap, be separated by equal-length gaps and hold a
    character on at least one side. Two that touch may not both be one-sided: deletions and
    insertions at one place are one unit, and the mapping could not tell them apart."""
    prev: Block | None = None
    for block in blocks:
        if len(block) != 4:
            raise ValueError(f"an offset block has four numbers: {block}")
        o1, o2, t1, t2 = block
        _, end_o, _, end_t = prev or (0, 0, 0, 0)
        if not (end_o <= o1 <= o2 and end_t <= t1 <= t2) or (o1, t1) == (o2, t2):
            raise ValueError(f"offset blocks out of order, overlapping or empty at {block}")
        if o1 - end_o != t1 - end_t:
            raise ValueError(f"unaligned gap before offset block {block}")
        if prev is not None and (o1, t1) == (end_o, end_t) and _both_one_sided(prev, block):
            raise ValueError(f"offset block {block} continues the one before: they are one")
        prev = block


def _both_one_sided(*blocks: Block) -> bool:
    return all(o1 == o2 or t1 == t2 for o1, o2, t1, t2 in blocks)
