"""Build a long string from pieces of a text and of short literals in one numpy gather.

The token formats write a million tokens per export, each wrapped in a few fixed pieces
(a tab and a tag, JSON quotes, offsets). Joining Python strings costs an object per piece;
laying the pieces out as (start, length) runs over one code point array and gathering them
costs a few array operations per document (issue 12).
"""

from __future__ import annotations

import re

import numpy as np
import orjson

from annotator.core.text.tokens import code_points, counts_before


class Pool:
    """Code points to gather from: a text first (at offset 0), then literals appended."""

    def __init__(self, text: str, codes: np.ndarray | None = None) -> None:
        self._text = text
        self._parts: list[np.ndarray] = [code_points(text) if codes is None else codes]
        self._size = len(text)

    def codes(self) -> np.ndarray:
        """The text's code points."""
        return self._parts[0]

    def add(self, literal: str) -> int:
        """Append a literal; returns where it starts in the pool."""
        return self.add_codes(code_points(literal))

    def add_codes(self, codes: np.ndarray) -> int:
        at = self._size
        self._parts.append(codes)
        self._size += len(codes)
        return at

    def add_many(self, literals: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Append literals; returns the start and length of each (int64 arrays)."""
        lengths = np.fromiter(map(len, literals), dtype=np.int64, count=len(literals))
        starts = np.cumsum(lengths) - lengths + self.add("".join(literals))
        return starts, lengths

    def add_ints(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Append the decimal form of each non-negative integer (as str() writes it)."""
        values = np.asarray(values, dtype=np.int64)
        digits = np.maximum(np.searchsorted(_POWERS, values, side="right"), 1)
        ends = np.cumsum(digits)
        total = int(ends[-1]) if len(ends) else 0
        # Digit j of number i counts down from its last: place = 10 ** (distance to the end).
        owner = np.repeat(np.arange(len(values)), digits)
        place = ends[owner] - 1 - np.arange(total)
        codes = (values[owner] // _POWERS[place]) % 10 + 48
        return ends - digits + self.add_codes(codes.astype(np.uint32)), digits

    def json_strings(self, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Runs giving the text's pieces [starts[i], ends[i]) as the inside of JSON strings,
        as orjson writes them: most as they are, those with a quote, a backslash or a
        control character escaped (appended as literals)."""
        codes = self._parts[0]
        at, length = starts.copy(), ends - starts
        if not _JSON_ESCAPED.search(self._text):  # most texts: nothing to look for
            return at, length
        odd = counts_before(_ESCAPED[np.minimum(codes, 0x7F)] & (codes < 0x80))
        escape = np.flatnonzero(odd[ends] - odd[starts])
        if len(escape):
            # Each different piece escaped once, and appended once: most are a lone quote
            # (30,000 in the benchmark's corpus, a handful of different ones).
            text = self._text
            pieces = [
                text[s:e]
                for s, e in zip(starts[escape].tolist(), ends[escape].tolist(), strict=True)
            ]
            which = {piece: i for i, piece in enumerate(dict.fromkeys(pieces))}
            forms = [orjson.dumps(piece).decode()[1:-1] for piece in which]
            form_at, form_len = self.add_many(forms)
            index = np.fromiter(map(which.__getitem__, pieces), dtype=np.int64, count=len(pieces))
            at[escape], length[escape] = form_at[index], form_len[index]
        return at, length

    def has_surrogates(self) -> bool:
        """Whether the text holds lone surrogates, which orjson refuses to write."""
        return _SURROGATE.search(self._text) is not None

    def gather(self, starts: np.ndarray, lengths: np.ndarray) -> str:
        """The runs (starts[i], lengths[i]) of the pool, laid end to end."""
        pool = self._parts[0] if len(self._parts) == 1 else np.concatenate(self._parts)
        out = gather_runs(pool.astype(np.uint32, copy=False), starts, lengths)
        return out.tobytes().decode("utf-32-le", "surrogatepass")


def gather_runs(pool: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The runs (starts[i], lengths[i]) of `pool` end to end, laid out a slice of runs at a
    time: the index of every element (four bytes each), and where each run goes, then stay
    in the cache and their memory is reused, where one 64-bit index for a whole batch, and
    the ends of all its runs, were written to fresh memory and read back from RAM."""
    lengths = np.asarray(lengths)
    starts = np.asarray(starts)
    total = int(lengths.sum(dtype=np.int64))
    out = np.empty(total, dtype=pool.dtype)
    kind = np.int32 if len(pool) < 2**31 and total < 2**31 else np.int64
    low = 0
    for a in range(0, len(starts), _RUNS_AT_ONCE):
        b = min(a + _RUNS_AT_ONCE, len(starts))
        size = lengths[a:b]
        ends = np.cumsum(size, dtype=kind)  # from this slice's first output element
        high = low + (int(ends[-1]) if len(ends) else 0)
        index = np.repeat((starts[a:b] - (ends - size)).astype(kind), size)
        index += np.arange(high - low, dtype=kind)
        np.take(pool, index, out=out[low:high])
        low = high
    return out


_RUNS_AT_ONCE = 1 << 15  # ~300 KB of output, its index ~1 MB
_JSON_ESCAPED = re.compile(r'[\x00-\x1f"\\]')
_SURROGATE = re.compile("[\ud800-\udfff]")
_POWERS = 10 ** np.arange(19, dtype=np.int64)  # every power of ten an int64 holds
_ESCAPED = np.zeros(0x80, dtype=bool)  # what JSON strings escape: controls, quote, backslash
_ESCAPED[:0x20] = _ESCAPED[0x22] = _ESCAPED[0x5C] = True


def interleave(*columns: np.ndarray) -> np.ndarray:
    """Columns a, b, c as a0 b0 c0 a1 b1 c1 ...: the runs of one token, token by token."""
    out = np.empty(len(columns[0]) * len(columns), dtype=np.int64)
    for k, column in enumerate(columns):
        out[k :: len(columns)] = column
    return out
