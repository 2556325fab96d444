"""Prodigy's token lists for a batch of documents, laid out in one gather (issue 12).

Each token is `{"text":"...","start":S,"end":E,"id":I,"ws":true}`: a million of them per
export, and a dict each (then orjson) was most of the Prodigy export. Here the pieces are
runs of one UTF-8 byte pool (the joined texts, the fixed literals, and the decimal forms
of every number needed) gathered with numpy, then cut into one JSON array per document:
the bytes orjson writes for the dicts (tests compare them).
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import orjson

from annotator.core.text.tokens import blank_table

_LITERALS = (
    b'{"text":"',
    b'","start":',
    b',"end":',
    b',"id":',
    b',"ws":true}',
    b',"ws":false}',
    b",",
)


class Decimals:
    """The decimal forms of 0 .. n-1 end to end, as bytes, and where each starts: grown
    (never rebuilt smaller) as larger numbers are asked for."""

    def __init__(self) -> None:
        self.codes = np.zeros(0, dtype=np.uint8)
        self.starts = self.lengths = np.zeros(0, dtype=np.int64)

    def upto(self, largest: int) -> Decimals:
        if largest >= len(self.starts):
            count = max(largest + 1, 2 * len(self.starts), 1024)
            digits = [str(i).encode() for i in range(count)]
            self.lengths = np.fromiter(map(len, digits), dtype=np.int64, count=count)
            self.starts = np.cumsum(self.lengths) - self.lengths
            self.codes = np.frombuffer(b"".join(digits), dtype=np.uint8)
        return self


def token_lists(
    text: str,
    codes: np.ndarray,
    doc_starts: np.ndarray,
    doc_tokens: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    decimals: Decimals,
) -> list[bytes]:
    """The JSON token list of each document of a joined text (no lone surrogates).

    Document k is text[doc_starts[k]:doc_starts[k + 1] - 1] (a separator after each), its
    tokens doc_tokens[k] .. doc_tokens[k + 1] - 1 of starts/ends (offsets into the joined
    text; the lists give them from the document's start)."""
    n = len(starts)
    docs = len(doc_tokens) - 1
    owner = np.repeat(np.arange(docs), np.diff(doc_tokens))
    base = doc_starts[:-1][owner]
    local_starts, local_ends = starts - base, ends - base
    ids = np.arange(n) - doc_tokens[:-1][owner]
    # "ws": a blank follows the token inside its document (not the separator after it).
    follows = codes[np.minimum(ends, len(codes) - 1)] if len(codes) else ends
    ws = (ends < doc_starts[1:][owner] - 1) & (follows <= 0xFFFF)
    ws &= blank_table()[follows & 0xFFFF]
    # Byte offsets of each character in the UTF-8 text.
    widths = 1 + (codes >= 0x80) + (codes >= 0x800) + (codes >= 0x10000)
    byte_at = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(widths, out=byte_at[1:])
    pool = [np.frombuffer(text.encode("utf-8"), dtype=np.uint8)]
    size = len(pool[0])
    literal_at = []
    for literal in _LITERALS:
        literal_at.append(size)
        pool.append(np.frombuffer(literal, dtype=np.uint8))
        size += len(literal)
    decimals.upto(int(max(local_ends.max(initial=0), ids.max(initial=0))))
    decimal_at = decimals.starts + size
    pool.append(decimals.codes)
    size += len(decimals.codes)
    text_at, text_len = byte_at[starts], byte_at[ends] - byte_at[starts]
    escaped = np.flatnonzero(_ESCAPE[np.minimum(codes[starts], 0x80)])
    if len(escaped):  # a quote, a backslash or a control character: one-character tokens
        which, inverse = np.unique(codes[starts[escaped]], return_inverse=True)
        forms = [orjson.dumps(chr(c))[1:-1] for c in which.tolist()]
        lengths = np.fromiter(map(len, forms), dtype=np.int64, count=len(forms))
        text_at[escaped] = (np.cumsum(lengths) - lengths + size)[inverse]
        text_len[escaped] = lengths[inverse]
        pool.append(np.frombuffer(b"".join(forms), dtype=np.uint8))
    # Runs of token i: { "text":" T ","start": S ,"end": E ,"id": I ,"ws":..} and a comma
    # unless it ends its document.
    last = np.zeros(n, dtype=bool)
    last[doc_tokens[1:][np.diff(doc_tokens) > 0] - 1] = True
    at = np.empty((n, 10), dtype=np.int64)
    length = np.empty((n, 10), dtype=np.int64)
    fixed = [len(x) for x in _LITERALS]
    for column, k in ((0, 0), (2, 1), (4, 2), (6, 3)):
        at[:, column], length[:, column] = literal_at[k], fixed[k]
    at[:, 1], length[:, 1] = text_at, text_len
    for column, values in ((3, local_starts), (5, local_ends), (7, ids)):
        at[:, column], length[:, column] = decimal_at[values], decimals.lengths[values]
    flag = np.where(ws, 4, 5)
    at[:, 8] = np.asarray(literal_at)[flag]
    length[:, 8] = np.asarray(fixed)[flag]
    at[:, 9], length[:, 9] = literal_at[6], np.where(last, 0, 1)
    out = _gather(np.concatenate(pool), at.ravel(), length.ravel())
    run_ends = np.cumsum(length.sum(axis=1))
    cuts = np.concatenate(([0], run_ends))[doc_tokens].tolist()
    return [b"[" + out[a:b] + b"]" for a, b in pairwise(cuts)]


def _gather(pool: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> bytes:
    """The runs of the pool end to end; indexes of 32 bits where they fit (most batches:
    half the memory to write and read for ~60 bytes per token)."""
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    kind = np.int32 if max(total, len(pool)) < 2**31 else np.int64
    index = np.repeat((starts - (ends - lengths)).astype(kind), lengths)
    index += np.arange(total, dtype=kind)
    return pool[index].tobytes()


_ESCAPE = np.zeros(0x81, dtype=bool)  # what a JSON string escapes (index 0x80: anything above)
_ESCAPE[:0x20] = _ESCAPE[0x22] = _ESCAPE[0x5C] = True
