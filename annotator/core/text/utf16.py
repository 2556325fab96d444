"""Convert positions between Python code points and Qt's UTF-16 code units."""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Index:
    """Built once per document text; each conversion is a bisect over its astral characters.

    Every astral character (emoji, some CJK) takes two UTF-16 units, shifting all later Qt
    positions by one. Most documents have none, and then both directions are the identity.
    """

    def __init__(self, text: str) -> None:
        self._length = len(text)
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 position of each astral character: its code point index plus those before.
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral)]
        self.utf16_length = self._length + len(self._astral)

    def to_utf16(self, cp: int) -> int:
        if not 0 <= cp <= self._length:
            raise ValueError(f"code point position {cp} outside 0..{self._length}")
        if not self._astral:
            return cp
        return cp + bisect_left(self._astral, cp)

    def to_codepoint(self, u16: int, side: str = "start") -> int:
        """A position inside a surrogate pair snaps to the character's start or end."""
        if side not in ("start", "end"):
            raise ValueError(f"side must be 'start' or 'end', not {side!r}")
        if not 0 <= u16 <= self.utf16_length:
            raise ValueError(f"UTF-16 position {u16} outside 0..{self.utf16_length}")
        if not self._astral:
            return u16
        before = bisect_left(self._astral_u16, u16)  # astral characters starting before u16
        if before and u16 == self._astral_u16[before - 1] + 1:
            cp = self._astral[before - 1]
            return cp if side == "start" else cp + 1
        return u16 - before

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_codepoint(self, start: int, end: int) -> tuple[int, int]:
        return self.to_codepoint(start, "start"), self.to_codepoint(end, "end")
