"""Map code point positions between an original text and its normalised, stored text."""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz.distance import Levenshtein

Block = tuple[int, int, int, int]  # orig_start, orig_end, text_start, text_end


@dataclass(frozen=True)
class OffsetMap:
    """Blocks where lengths differ; everything between them lines up one to one.

    Same-length substitutions (ە -> ه, digits) need no block, so a typical Persian article
    keeps a few dozen blocks and each lookup is a bisect. A position strictly inside a block,
    or at a block whose source side is empty (an inserted ZWNJ seen from the original), maps
    to the block's start for side "start" and its end for side "end": a span grows over an
    edit it touches instead of cutting a character, so mapping there and back covers it.
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
    def between(cls, original: str, text: str) -> OffsetMap:
        """Align two texts; line by line when both have the same lines (linear, the norm).

        Levenshtein alignment is quadratic in the worst case, and the normalisers work per
        line, so lines pair up and each is aligned alone.
        """
        if original == text:
            return cls.identity()
        orig_lines = original.split("\n")
        text_lines = text.split("\n")
        if len(orig_lines) != len(text_lines):
            return cls(tuple(_align(original, text, 0, 0)))
        blocks: list[Block] = []
        orig_at = text_at = 0
        for orig_line, text_line in zip(orig_lines, text_lines, strict=True):
            if orig_line != text_line:
                blocks.extend(_align(orig_line, text_line, orig_at, text_at))
            orig_at += len(orig_line) + 1
            text_at += len(text_line) + 1
        return cls(tuple(blocks))

    def to_original(self, pos: int, side: str = "start") -> int:
        """Position in the stored text -> position in the original."""
        return _map(pos, side, self._text_starts, self.blocks, 2, 0)

    def to_text(self, pos: int, side: str = "start") -> int:
        """Position in the original -> position in the stored text."""
        return _map(pos, side, self._orig_starts, self.blocks, 0, 2)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start, "start"), self.to_original(end, "end")

    def span_to_text(self, start: int, end: int) -> tuple[int, int]:
        return self.to_text(start, "start"), self.to_text(end, "end")

    def to_json(self) -> str | None:
        """A flat int list (compact in a database column); None for the identity."""
        if not self.blocks:
            return None
        return json.dumps([n for block in self.blocks for n in block], separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str | None) -> OffsetMap:
        if data is None:
            return cls.identity()
        flat = json.loads(data)
        if not isinstance(flat, list) or len(flat) % 4 or not all(type(n) is int for n in flat):
            raise ValueError("an offset map is a flat list of integers, four per block")
        return cls(tuple((a, b, c, d) for a, b, c, d in zip(*[iter(flat)] * 4, strict=True)))

    @cached_property
    def _orig_starts(self) -> list[int]:
        return [block[0] for block in self.blocks]

    @cached_property
    def _text_starts(self) -> list[int]:
        return [block[2] for block in self.blocks]


def _map(
    pos: int, side: str, starts: list[int], blocks: tuple[Block, ...], src: int, dst: int
) -> int:
    if side not in ("start", "end"):
        raise ValueError(f"side must be 'start' or 'end', not {side!r}")
    if pos < 0:
        raise ValueError(f"position {pos} is negative")
    i = bisect_right(starts, pos) - 1
    if i < 0:
        return pos  # before the first block nothing has shifted
    block = blocks[i]
    src_start, src_end = block[src], block[src + 1]
    dst_start, dst_end = block[dst], block[dst + 1]
    if pos > src_end:
        return dst_end + pos - src_end
    if src_start < src_end and pos in (src_start, src_end):
        return dst_start if pos == src_start else dst_end
    # Strictly inside, or where the source side is empty: a span grows over the edit.
    return dst_start if side == "start" else dst_end


def _align(original: str, text: str, orig_at: int, text_at: int) -> list[Block]:
    """Blocks for one pair of strings, offset; adjacent length-changing edits merge."""
    blocks: list[Block] = []
    # Normalisers change little; the hint lets rapidfuzz use a narrow band (exact all the
    # same, the band grows if needed): 300 KB align in 0.1 s instead of 10 s.
    hint = abs(len(original) - len(text)) + 32
    for op in Levenshtein.opcodes(original, text, score_hint=hint):
        tag, o1, o2, t1, t2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "equal" or (tag == "replace" and o2 - o1 == t2 - t1):
            continue
        block = (o1 + orig_at, o2 + orig_at, t1 + text_at, t2 + text_at)
        if blocks and blocks[-1][1] == block[0] and blocks[-1][3] == block[2]:
            block = (blocks[-1][0], block[1], blocks[-1][2], block[3])
            blocks[-1] = block
        else:
            blocks.append(block)
    return blocks


def _check(blocks: tuple[Block, ...]) -> None:
    """Blocks must be sorted, separated by equal-length gaps, and change lengths."""
    prev_orig = prev_text = -1  # blocks must not touch: adjacent edits are one block
    for block in blocks:
        if len(block) != 4:
            raise ValueError(f"an offset block has four numbers: {block}")
        o1, o2, t1, t2 = block
        if not (prev_orig < o1 <= o2 and prev_text < t1 <= t2):
            raise ValueError(f"offset blocks out of order or touching at {block}")
        if o1 - max(prev_orig, 0) != t1 - max(prev_text, 0):
            raise ValueError(f"unaligned gap before offset block {block}")
        if o2 - o1 == t2 - t1:
            raise ValueError(f"offset block {block} does not change the length")
        prev_orig, prev_text = o2, t2
