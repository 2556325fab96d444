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

from annotator.core.text.splice import gather_runs
from annotator.core.text.tokens import blank_table


class Decimals:
    """The decimal forms of 0 .. n-1, each followed by `suffix`, end to end as bytes, and
    where each starts: grown (never rebuilt smaller) as larger numbers are asked for."""

    def __init__(self, suffix: bytes = b"") -> None:
        self.suffix = suffix
        self.codes = np.zeros(0, dtype=np.uint8)
        self.starts = self.lengths = np.zeros(0, dtype=np.int32)

    def upto(self, largest: int) -> Decimals:
        if largest >= len(self.starts):
            count = max(largest + 1, 2 * len(self.starts), 1024)
            forms = [b"%d%s" % (i, self.suffix) for i in range(count)]
            self.lengths = np.fromiter(map(len, forms), dtype=np.int32, count=count)
            self.starts = (np.cumsum(self.lengths) - self.lengths).astype(np.int32)
            self.codes = np.frombuffer(b"".join(forms), dtype=np.uint8)
        return self


class TokenNumbers:
    """A writer's tables of the numbers of a token, each with what follows it: its start
    (then `,"end":`), its end (then `,"id":`) and its index (then `,"ws":`)."""

    def __init__(self) -> None:
        self.tables = (Decimals(b',"end":'), Decimals(b',"id":'), Decimals(b',"ws":'))


# Token i is OPEN (FIRST_OPEN first in its document), its text, AFTER_TEXT, its start, end
# and id each with what follows them, then how it ends: whether a blank follows it, and
# whether it ends its document (and with it the document's list).
OPEN, FIRST_OPEN, AFTER_TEXT = b'{"text":"', b'[{"text":"', b'","start":'
_ENDS = (b"false},", b"true},", b"false}]", b"true}]")  # ws + 2 * (last of its document)


def token_lists(
    encoded: bytes,
    codes: np.ndarray,
    doc_starts: np.ndarray,
    doc_tokens: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    numbers: TokenNumbers,
) -> list[bytes]:
    """The JSON token list of each document of a joined text, given as UTF-8 (`encoded`:
    no lone surrogates, the writer has tried) and as code points (`codes`).

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
    counts = np.diff(doc_tokens)
    first, last = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    first[doc_tokens[:-1][counts > 0]] = True
    last[doc_tokens[1:][counts > 0] - 1] = True
    utf8 = np.frombuffer(encoded, dtype=np.uint8)
    # Byte offsets of each character in the UTF-8 text: where its lead bytes are.
    byte_at = np.append(np.flatnonzero((utf8 & 0xC0) != 0x80), len(utf8))
    pool = _Pool(encoded)
    opens_at = np.array([pool.add(OPEN), pool.add(FIRST_OPEN)])
    after_at = pool.add(AFTER_TEXT)
    ends_at = [pool.add(x) for x in _ENDS]
    largest = int(max(local_ends.max(initial=0), ids.max(initial=0)))
    tables = [(t.upto(largest), pool.add_codes(t.codes)) for t in numbers.tables]
    text_at, text_len = byte_at[starts], byte_at[ends] - byte_at[starts]
    escaped = np.flatnonzero(_ESCAPE[np.minimum(codes[starts], 0x80)])
    if len(escaped):  # a quote, a backslash or a control character: one-character tokens
        which, inverse = np.unique(codes[starts[escaped]], return_inverse=True)
        forms = [orjson.dumps(chr(c))[1:-1] for c in which.tolist()]
        lengths = np.fromiter(map(len, forms), dtype=np.int64, count=len(forms))
        text_at[escaped] = (np.cumsum(lengths) - lengths + pool.add(b"".join(forms)))[inverse]
        text_len[escaped] = lengths[inverse]
    # Seven runs a token; offsets of 32 bits where they fit (a batch's pool: a few MB).
    at = np.empty((n, 7), dtype=np.int32 if pool.size < 2**31 else np.int64)
    length = np.empty((n, 7), dtype=np.int32)
    at[:, 0], length[:, 0] = opens_at[first.view(np.int8)], len(OPEN) + first
    at[:, 1], length[:, 1] = text_at, text_len
    at[:, 2], length[:, 2] = after_at, len(AFTER_TEXT)
    for column, values, (table, table_at) in zip(
        (3, 4, 5), (local_starts, local_ends, ids), tables, strict=True
    ):
        at[:, column] = table.starts[values] + table_at
        length[:, column] = table.lengths[values]
    how = ws + 2 * last
    at[:, 6] = np.array(ends_at)[how]
    length[:, 6] = np.array([len(x) for x in _ENDS], dtype=np.int32)[how]
    out = gather_runs(pool.joined(), at.ravel(), length.ravel())
    run_ends = np.cumsum(length.sum(axis=1, dtype=np.int64))
    cuts = np.concatenate(([0], run_ends))[doc_tokens].tolist()
    return [out[a:b].tobytes() if a < b else b"[]" for a, b in pairwise(cuts)]


class _Pool:
    """Bytes to gather runs from: the text's, then the literals and tables added."""

    def __init__(self, first: bytes) -> None:
        self._parts = [np.frombuffer(first, dtype=np.uint8)]
        self.size = len(first)

    def add(self, literal: bytes) -> int:
        return self.add_codes(np.frombuffer(literal, dtype=np.uint8))

    def add_codes(self, codes: np.ndarray) -> int:
        at = self.size
        self._parts.append(codes)
        self.size += len(codes)
        return at

    def joined(self) -> np.ndarray:
        return np.concatenate(self._parts)


_ESCAPE = np.zeros(0x81, dtype=bool)  # what a JSON string escapes (index 0x80: anything above)
_ESCAPE[:0x20] = _ESCAPE[0x22] = _ESCAPE[0x5C] = True
