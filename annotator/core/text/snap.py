"""Turn a raw selection into a clean span: trim invisible and punctuation edges, snap to tokens."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from operator import attrgetter

import regex

from annotator.core.text.tokens import Token, regex_tokens

# Invisible characters that a drag picks up at a word's edge but no analyst means to tag.
_INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, ZWNJ, ZWJ, word joiner, BOM
    "\u0640"  # tatweel: stretches a word, carries no meaning at its edge
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi controls
)
# Punctuation that double-click and drags include ("2254،", "«ادامه»"); kept inside a span.
_EDGE_PUNCTUATION = "،.,«»\"'!?؟؛:;()[]-–—…“”‘’‹›„"
_TRIMMED = frozenset(_INVISIBLE + _EDGE_PUNCTUATION)
_TOKEN_START = attrgetter("start")
# Regex tokens never cross whitespace: the words around a selection are bounded by it.
_WORD_AFTER = regex.compile(r"\S{0,1000}")
_WORD_BEFORE = regex.compile(r"\S{0,1000}", regex.REVERSE)


def _trimmable(char: str) -> bool:
    return char in _TRIMMED or char.isspace()


def _is_mark(char: str) -> bool:
    """Combining marks (harakat, shadda, hamza above): never separated from their base."""
    return unicodedata.category(char)[0] == "M"


def _base_of(text: str, pos: int) -> int:
    """Index of the character the marks at `pos` combine with (pos itself if not a mark)."""
    while pos >= 0 and _is_mark(text[pos]):
        pos -= 1
    return pos


def _on_trimmed_base(text: str, pos: int) -> bool:
    """A mark at `pos` whose base is trimmed (or missing) goes with it."""
    base = _base_of(text, pos)
    return base < 0 or _trimmable(text[base])


def _check(text: str, start: int, end: int) -> None:
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"selection {start}..{end} outside 0..{len(text)} or reversed")


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink [start, end) past whitespace, invisible characters and edge punctuation.

    Marks go with their base: a harakah on a trimmed tatweel is trimmed too, one on a kept
    letter outside the selection is kept (snap then reaches back to the letter). None when
    nothing meaningful is left.
    """
    _check(text, start, end)
    s, e = start, end
    while s < e:
        char = text[s]
        if _trimmable(char) or (_is_mark(char) and _on_trimmed_base(text, s)):
            s += 1
        else:
            break
    while e > s:
        char = text[e - 1]
        if _trimmable(char):
            e -= 1
        elif _is_mark(char) and (base := _base_of(text, e - 1)) >= s and _trimmable(text[base]):
            e = base
        else:
            break
    return (s, e) if s < e else None


def _token_at(tokens: Sequence[Token], pos: int) -> Token | None:
    i = bisect_right(tokens, pos, key=_TOKEN_START) - 1
    if i >= 0 and tokens[i].start <= pos < tokens[i].end:
        return tokens[i]
    return None


def snap(text: str, start: int, end: int, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """Trim, then grow both edges to the tokens they fall in (tokens sorted, disjoint).

    An edge between tokens stays where trimming left it. Offsets are code points, so a
    surrogate pair can never be cut here; the view converts from UTF-16 with Utf16Index.
    Combining marks stay with their base at both edges. None when nothing is left.
    """
    trimmed = trim(text, start, end)
    if trimmed is None:
        return None
    s, e = trimmed
    while True:  # grows only; a second round when a mark's base sits in another token
        before = s, e
        if (first := _token_at(tokens, s)) is not None:
            s = first.start
        if (last := _token_at(tokens, e - 1)) is not None:
            e = last.end
        while e < len(text) and _is_mark(text[e]):
            e += 1
        if _is_mark(text[s]) and (base := _base_of(text, s)) >= 0 and not _trimmable(text[base]):
            s = base
        if (s, e) == before:
            break
    # The partners are not snapped to their tokens: that would reach past them, and
    # differently for the tokens around a selection than for the whole text's.
    return balance(text, s, e)


_OPENERS = {"«": "»", "(": ")", "[": "]", "“": "”", "‹": "›", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_SYMMETRIC = '"'
BALANCE_REACH = 400  # characters searched for a partner, never past the paragraph


def balance(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow [start, end) to the partners of quotes and brackets it opens or closes.

    A claim selected up to the middle of its quotation («... جيدة) would end with a lone «,
    invisible among right-to-left text and wrong in the training data: the span takes in
    the closing » after it (or the opening one before it) when it stands in the same
    paragraph nearby. Marks with no partner there are left as they are.
    """
    open_: list[str] = []  # openers not closed inside, innermost last
    unopened: list[str] = []  # closers not opened inside, in reading order
    quotes = 0
    for char in text[start:end]:
        if char in _OPENERS:
            open_.append(char)
        elif char in _CLOSERS:
            if open_ and open_[-1] == _CLOSERS[char]:
                open_.pop()
            else:
                unopened.append(char)
        elif char == _SYMMETRIC:
            quotes += 1
    # A straight quote has no side: an odd count before the selection (in its paragraph)
    # means the selection's lone one closes a quotation opened before it.
    paragraph = text.rfind("\n", 0, start) + 1
    closes_quote = quotes % 2 == 1 and text.count(_SYMMETRIC, paragraph, start) % 2 == 1
    opens_quote = quotes % 2 == 1 and not closes_quote
    s, e = start, end
    if open_ or opens_quote:
        after = _partner_after(text, e, open_, opens_quote)
        if after is not None:
            e = after
    if unopened or closes_quote:
        before = _partner_before(text, s, unopened, closes_quote)
        if before is not None:
            s = before
    return s, e


def _paragraph_limits(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - BALANCE_REACH)
    hi = min(len(text), end + BALANCE_REACH)
    before = text.rfind("\n", lo, start)
    after = text.find("\n", end, hi)
    return (lo if before == -1 else before + 1), (hi if after == -1 else after)


def _partner_after(text: str, end: int, open_: list[str], quote: bool) -> int | None:
    """Where the span must end to close what it opened (brackets nest); None if the
    partners are not in reach."""
    wanted = [_OPENERS[c] for c in reversed(open_)]  # innermost first
    nested: list[str] = []  # brackets opened and not yet closed after the selection
    _lo, limit = _paragraph_limits(text, end, end)
    for i in range(end, limit):
        char = text[i]
        if char in _OPENERS:
            nested.append(char)
        elif char in _CLOSERS:
            if nested and nested[-1] == _CLOSERS[char]:
                nested.pop()
            elif wanted and char == wanted[0]:
                wanted.pop(0)
        elif quote and char == _SYMMETRIC and not nested:
            quote = False
        if not wanted and not quote and not nested:
            # A partner with a mark written on it is no plain bracket (and the mark starts
            # a token of its own): the selection is left as it was made.
            return None if i + 1 < len(text) and _is_mark(text[i + 1]) else i + 1
    return None


def _partner_before(text: str, start: int, closed: list[str], quote: bool) -> int | None:
    """Where the span must start to open what it closes (brackets nest); None if the
    partners are not in reach."""
    wanted = [_CLOSERS[c] for c in closed]  # the first closer's opener is the nearest
    nested: list[str] = []  # brackets closed before the selection and not yet opened
    limit, _hi = _paragraph_limits(text, start, start)
    for i in range(start - 1, limit - 1, -1):
        char = text[i]
        if char in _CLOSERS:
            nested.append(char)
        elif char in _OPENERS:
            if nested and _CLOSERS[nested[-1]] == char:
                nested.pop()
            elif wanted and char == wanted[0]:
                wanted.pop(0)
        elif quote and char == _SYMMETRIC and not nested:
            quote = False
        if not wanted and not quote and not nested:
            return i
    return None


def regex_tokens_around(text: str, start: int, end: int) -> list[Token]:
    """The regex tokens of the words touching [start, end), with offsets into `text`.

    The same tokens as `regex_tokens(text)` there, without a pass over a 1 MB text: lets a
    selection snap before hazm has loaded. Words longer than 1,000 characters are cut.
    """
    _check(text, start, end)
    before = _WORD_BEFORE.match(text, 0, start)
    after = _WORD_AFTER.match(text, end)
    lo = before.start() if before else start
    hi = after.end() if after else end
    return [Token(t.text, t.start + lo, t.end + lo) for t in regex_tokens(text[lo:hi])]
