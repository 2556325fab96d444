"""Word tokens with code point offsets into the text they came from."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from annotator.core.text.hazm_import import import_hazm

if TYPE_CHECKING:
    import hazm

# Words keep their harakat, ZWNJ and ZWJ; any other non-space character stands alone.
_WORD_OR_MARK = regex.compile(r"[\p{L}\p{M}\p{N}_\u200c\u200d]+|[^\s\p{L}\p{M}\p{N}]")
_JOINERS = " \t\n\r\f\v\u00a0\u202f\u200c"  # what hazm's "_" may stand for in the text
_WINDOW = 200  # how far past the cursor a token may start before it counts as lost


@dataclass(frozen=True, slots=True)
class Token:
    """A token; `text == source[start:end]` always holds (end exclusive, code points)."""

    text: str
    start: int
    end: int


class Tokenizer:
    """hazm's WordTokenizer for Persian (built once, lazily: ~1 s), a regex for the rest."""

    def __init__(self) -> None:
        self._hazm: hazm.WordTokenizer | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Build hazm's tokenizer now (off the GUI thread); later calls are free."""
        with self._lock:
            if self._hazm is None:
                hazm = import_hazm()

                self._hazm = hazm.WordTokenizer()

    def ready(self, lang: str) -> bool:
        """Whether tokenize() would answer at once (no hazm start-up to wait for)."""
        return lang != "fa" or self._hazm is not None

    def tokenize(self, text: str, lang: str) -> list[Token]:
        if lang != "fa":
            return regex_tokens(text)
        if self._hazm is None:
            self.load()
        assert self._hazm is not None
        tokens, _unaligned = align_tokens(text, self._hazm.tokenize(text))
        return tokens


def regex_tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _WORD_OR_MARK.finditer(text)]


def align_tokens(text: str, words: list[str]) -> tuple[list[Token], int]:
    """Find each word in order in the text; return the tokens and how many were not found.

    hazm returns bare strings and joins verb parts with "_" ("گفته_است" for "گفته است"),
    so "_" matches a run of whitespace or ZWNJ. A word not found within a window after the
    previous one is skipped rather than matched far away.
    """
    tokens: list[Token] = []
    unaligned = 0
    cursor = 0
    for word in words:
        found = _find(text, word, cursor)
        if found is None:
            unaligned += 1
            continue
        start, end = found
        tokens.append(Token(text[start:end], start, end))
        cursor = end
    return tokens, unaligned


def _find(text: str, word: str, cursor: int) -> tuple[int, int] | None:
    if not word:
        return None
    limit = cursor + _WINDOW + len(word)
    parts = word.split("_")
    if len(parts) == 1 or not all(parts):  # no joined parts: "_" alone, "__init__" ...
        start = text.find(word, cursor, limit)
        return None if start < 0 else (start, start + len(word))
    start = text.find(parts[0], cursor, limit)
    while start >= 0:
        end = _match_joined(text, parts, start)
        if end is not None:
            return start, end
        start = text.find(parts[0], start + 1, limit)
    return None


def _match_joined(text: str, parts: list[str], start: int) -> int | None:
    """End of the parts matched at start, each "_" as a literal "_" or a joiner run."""
    pos = start + len(parts[0])
    for part in parts[1:]:
        if text.startswith("_", pos):
            pos += 1
        else:
            gap = pos
            while gap < len(text) and text[gap] in _JOINERS:
                gap += 1
            if gap == pos:
                return None
            pos = gap
        if not text.startswith(part, pos):
            return None
        pos += len(part)
    return pos
