"""Token bounds of a whole corpus at numpy speed, for the token-level agreement figures.

The rule is regex_tokens' (annotator/core/text/tokens.py): maximal runs of word characters
(letters, marks, digits, "_", ZWNJ, ZWJ) and every other non-space character alone. A
regex over 30 M characters costs seconds in Python objects; a class table indexed by code
point gives the same tokens as a few array operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from annotator.core.text.tokens import SINGLE, WORD, char_classes

_CHUNK = 1 << 22  # characters per pass: caps the utf-32 copy and masks at ~40 MB


def doc_bases(texts: Sequence[str]) -> np.ndarray:
    """Where each document starts when the texts are laid end to end (len(texts) + 1)."""
    bases = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), out=bases[1:])
    return bases


@dataclass(frozen=True)
class TokenBounds:
    """Tokens of many documents in one coordinate system: the texts laid end to end.

    start/end are int64 offsets in that system (a document's own offsets are these minus
    doc_base[d]); doc d's tokens are start[doc_ptr[d]:doc_ptr[d + 1]], in text order.
    """

    start: np.ndarray
    end: np.ndarray
    doc_ptr: np.ndarray
    doc_base: np.ndarray

    def __len__(self) -> int:
        return len(self.start)

    def of(self, doc: int) -> list[tuple[int, int]]:
        """(start, end) of a document's tokens in its own offsets."""
        i, j, base = self.doc_ptr[doc], self.doc_ptr[doc + 1], self.doc_base[doc]
        starts, ends = (self.start[i:j] - base).tolist(), (self.end[i:j] - base).tolist()
        return list(zip(starts, ends, strict=True))

    def doc_of_tokens(self) -> np.ndarray:
        """The document code of every token (int32)."""
        counts = np.diff(self.doc_ptr)
        return np.repeat(np.arange(len(counts), dtype=np.int32), counts)


def token_bounds(texts: Sequence[str], chunk: int = _CHUNK) -> TokenBounds:
    """Tokens of all texts, as regex_tokens would give them, text by text."""
    bases = doc_bases(texts)
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    i = 0
    while i < len(texts):
        j = int(np.searchsorted(bases, bases[i] + chunk, side="right"))
        j = max(j - 1, i + 1)  # whole documents, at least one
        cls = char_classes("".join(texts[i:j]))
        edges = bases[i : j + 1] - bases[i]  # document starts within the chunk, and its end
        word = cls == WORD
        single = cls == SINGLE
        before = np.empty_like(word)  # is the previous character of the same run a word one
        before[:1] = False
        before[1:] = word[:-1]
        before[edges[:-1][edges[:-1] < len(cls)]] = False
        after = np.empty_like(word)
        after[-1:] = False
        after[:-1] = word[1:]
        last = edges[1:] - 1
        after[last[last >= 0]] = False
        starts.append(np.flatnonzero((word & ~before) | single) + bases[i])
        ends.append(np.flatnonzero((word & ~after) | single) + (bases[i] + 1))
        i = j
    start = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    end = np.concatenate(ends) if ends else np.zeros(0, dtype=np.int64)
    ptr = np.searchsorted(start, bases, side="left").astype(np.int64)
    return TokenBounds(start.astype(np.int64), end.astype(np.int64), ptr, bases)
