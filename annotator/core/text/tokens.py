"""Word tokens with code point offsets into the text they came from."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, overload

import numpy as np
import regex

from annotator.core.text.hazm_import import import_hazm

if TYPE_CHECKING:
    import hazm

# Words keep their harakat, ZWNJ and ZWJ; any other non-space character stands alone.
_WORD_OR_MARK = regex.compile(r"[\p{L}\p{M}\p{N}_\u200c\u200d]+|[^\s\p{L}\p{M}\p{N}]")
_JOINERS = " \t\n\r\f\v\u00a0\u202f\u200c"  # what hazm's "_" may stand for in the text
_WINDOW = 200  # how far past the cursor a token may start before it counts as lost
_WORD_RUN = regex.compile(r"[\p{L}\p{M}\p{N}_\u200c\u200d]+")
_SPACE_RUN = regex.compile(r"\s+")
SPACE, WORD, SINGLE = 0, 1, 2  # character classes


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

    def gives_regex_tokens(self, lang: str) -> bool:
        """Whether tokenize() gives regex_tokens for this language (all but Persian): a
        writer may then find them itself, for many texts at once."""
        return lang != "fa"

    def view(self, text: str, lang: str) -> TokenView:
        """The tokens tokenize() gives, as offset lists: the token formats read a million
        tokens for a few thousand documents, and a Token object each cost more than the rest
        of their export (issue 12). Only Persian still goes through hazm's tokens."""
        if lang != "fa":
            return TokenView(text, *regex_bound_arrays(text), plain=True)
        return self._persian_view(text)

    def tokenize(self, text: str, lang: str) -> list[Token]:
        if lang != "fa":
            return regex_tokens(text)
        if self._hazm is None:
            self.load()
        assert self._hazm is not None
        tokens, _unaligned = align_tokens(text, self._hazm.tokenize(text))
        return tokens

    def _persian_view(self, text: str) -> TokenView:
        if self._hazm is None:
            self.load()
        assert self._hazm is not None
        starts, ends, _unaligned = align_bounds(text, self._hazm.tokenize(text))
        return TokenView(text, starts, ends)


def regex_tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _WORD_OR_MARK.finditer(text)]


class TokenView(Sequence[Token]):
    """Tokens of one text as start and end offsets (code points, end exclusive); a Token is
    made only when one is indexed. `plain` promises what regex tokens always are: in text
    order, not overlapping, none empty, so readers may skip sorting and checking them.

    The offsets are kept as given, lists or int64 arrays, and turned into the other form
    only when asked: the token writers work on arrays, and a list of a million ints is a
    tenth of a second that the export does not need (issue 12)."""

    __slots__ = ("_end_array", "_ends", "_start_array", "_starts", "plain", "text")

    def __init__(
        self,
        text: str,
        starts: list[int] | np.ndarray,
        ends: list[int] | np.ndarray,
        plain: bool = False,
    ):
        self.text, self.plain = text, plain
        self._starts = starts if isinstance(starts, list) else None
        self._ends = ends if isinstance(ends, list) else None
        self._start_array = None if isinstance(starts, list) else starts.astype(np.int64)
        self._end_array = None if isinstance(ends, list) else ends.astype(np.int64)

    @classmethod
    def of(cls, text: str, tokens: Sequence[Token]) -> TokenView:
        """A view of tokens given as objects (hazm's, or a caller's), or the view itself."""
        if isinstance(tokens, TokenView):
            return tokens
        return cls(text, [t.start for t in tokens], [t.end for t in tokens])

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            assert self._start_array is not None
            self._starts = self._start_array.tolist()
        return self._starts

    @property
    def ends(self) -> list[int]:
        if self._ends is None:
            assert self._end_array is not None
            self._ends = self._end_array.tolist()
        return self._ends

    def start_array(self) -> np.ndarray:
        if self._start_array is None:
            self._start_array = np.array(self.starts, dtype=np.int64)
        return self._start_array

    def end_array(self) -> np.ndarray:
        if self._end_array is None:
            self._end_array = np.array(self.ends, dtype=np.int64)
        return self._end_array

    def __len__(self) -> int:
        return len(self._starts) if self._starts is not None else len(self.start_array())

    @overload
    def __getitem__(self, index: int) -> Token: ...
    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...
    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        start, end = self.starts[index], self.ends[index]
        return Token(self.text[start:end], start, end)

    def __iter__(self) -> Iterator[Token]:
        text = self.text
        for start, end in zip(self.starts, self.ends, strict=True):
            yield Token(text[start:end], start, end)

    def texts(self) -> list[str]:
        text = self.text
        return [text[s:e] for s, e in zip(self.starts, self.ends, strict=True)]


def _classify(chars: str) -> np.ndarray:
    """Class of each character, asked of the same regex engine regex_tokens uses (so the
    table follows its Unicode version, not unicodedata's)."""
    out = np.full(len(chars), SINGLE, dtype=np.uint8)
    out[_runs(_WORD_RUN, chars)] = WORD
    out[_runs(_SPACE_RUN, chars)] = SPACE
    return out


def _runs(pattern: regex.Pattern[str], chars: str) -> np.ndarray:
    """Whether each character is in a match of the pattern: a match per run of them, not
    one per character (the BMP holds ~50,000 word characters in a few thousand runs)."""
    edges = np.zeros(len(chars) + 1, dtype=np.int64)
    for m in pattern.finditer(chars):
        edges[m.start()] += 1
        edges[m.end()] -= 1
    return np.cumsum(edges[:-1]) > 0


@cache
def class_table() -> np.ndarray:
    """Class of every BMP code point (65536 bytes, built once: ~50 ms)."""
    return _classify("".join(map(chr, range(0x10000))))


@cache
def blank_table() -> np.ndarray:
    """Whether each BMP code point is a blank to `re`'s \\s (str.isspace; no astral one is)."""
    return np.array([chr(c).isspace() for c in range(0x10000)], dtype=bool)


def counts_before(mask: np.ndarray) -> np.ndarray:
    """How many of the mask's positions are true before each position (one more entry,
    the whole count, at the end). In 32 bits where they fit: a running count over a
    batch's ~750,000 characters costs a third less than in 64 (issue 12)."""
    out = np.zeros(len(mask) + 1, dtype=np.int32 if len(mask) < 2**31 else np.int64)
    np.cumsum(mask.view(np.int8) if mask.dtype == bool else mask, out=out[1:])
    return out


def code_points(text: str) -> np.ndarray:
    """The text's code points (uint32), lone surrogates included."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def char_classes(text: str, codes: np.ndarray | None = None) -> np.ndarray:
    """SPACE, WORD or SINGLE for each character of the text."""
    codes = code_points(text) if codes is None else codes
    out = class_table()[codes & 0xFFFF]
    astral = np.flatnonzero(codes > 0xFFFF)
    if len(astral):  # rare: classify each distinct one with the regex itself
        values, inverse = np.unique(codes[astral], return_inverse=True)
        out[astral] = _classify("".join(map(chr, values.tolist())))[inverse]
    return out


def regex_bounds(text: str) -> tuple[list[int], list[int]]:
    """regex_tokens' starts and ends, from a class table instead of a match object each."""
    starts, ends = regex_bound_arrays(text)
    return starts.tolist(), ends.tolist()


def regex_bound_arrays(text: str) -> tuple[np.ndarray, np.ndarray]:
    """regex_bounds as int64 arrays. A text with no astral character is read as UTF-16
    units, which index the BMP class table as they are (no uint32 copy, no mask)."""
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) == 2 * len(text):
        cls = class_table()[np.frombuffer(units, dtype=np.uint16)]
    else:
        cls = char_classes(text)
    word = cls == WORD
    single = cls == SINGLE
    starts = np.flatnonzero(single | (word & ~np.concatenate(([False], word[:-1]))))
    ends = np.flatnonzero(single | (word & ~np.concatenate((word[1:], [False])))) + 1
    return starts.astype(np.int64), ends.astype(np.int64)


def batch_bound_arrays(
    docs: Sequence[tuple[str, Sequence[Token] | None]],
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Each document's tokens (those given, else its regex tokens) as one pair of start
    and end arrays, in each document's own offsets, and how many each has: the batch
    writers lay out many documents' tokens at once, and shift them by where each document
    starts in their joined text."""
    views = [
        TokenView.of(text, tokens)
        if tokens is not None
        else TokenView(text, *regex_bound_arrays(text))
        for text, tokens in docs
    ]
    none = [np.zeros(0, np.int64)]
    return (
        np.concatenate([v.start_array() for v in views] + none),
        np.concatenate([v.end_array() for v in views] + none),
        [len(v) for v in views],
    )


def align_tokens(text: str, words: list[str]) -> tuple[list[Token], int]:
    """Find each word in order in the text; return the tokens and how many were not found.

    hazm returns bare strings and joins verb parts with "_" ("گفته_است" for "گفته است"),
    so "_" matches a run of whitespace or ZWNJ. A word not found within a window after the
    previous one is skipped rather than matched far away.
    """
    starts, ends, unaligned = align_bounds(text, words)
    bounds = zip(starts.tolist(), ends.tolist(), strict=True)
    return [Token(text[s:e], s, e) for s, e in bounds], unaligned


def align_bounds(text: str, words: list[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """align_tokens' starts and ends (int64 arrays) and how many words were not found.

    hazm's words are nearly all the text's next non-blank characters (with "_" where a
    verb's parts were joined): a run of such words is found with a few array operations
    (_run_at_once), where finding a million words one by one took four times hazm's own
    time (issue 12). A word that is not (a blank inside it, a word hazm changed) is found
    by itself, from where the word before it ended, as it always was; then the next run."""
    codes = code_points(text)
    blank = blank_table()[codes & 0xFFFF] & (codes <= 0xFFFF)
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    unaligned = cursor = i = 0
    runs = 0
    while i < len(words):
        if runs < _RUNS:  # past that, a text hazm changed throughout: word by word
            runs += 1
            run_starts, run_ends = _run_at_once(text, codes, blank, words[i:], cursor)
            if len(run_starts):
                starts.append(run_starts)
                ends.append(run_ends)
                i += len(run_starts)
                cursor = int(run_ends[-1])
                if i == len(words):
                    break
        found = _find(text, words[i], cursor)
        i += 1
        if found is None:
            unaligned += 1
            continue
        starts.append(np.array(found[:1], dtype=np.int64))
        ends.append(np.array(found[1:], dtype=np.int64))
        cursor = found[1]
    if not starts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), unaligned
    return np.concatenate(starts), np.concatenate(ends), unaligned


_RUNS = 32  # runs found at once in one text, at most (each costs a pass over the rest)


def _run_at_once(
    text: str, codes: np.ndarray, blank: np.ndarray, words: list[str], cursor: int
) -> tuple[np.ndarray, np.ndarray]:
    """Where the first words are, for as many of them as are the next non-blank characters
    after `cursor`: each is then found exactly where _find finds it. A word without "_"
    starts with a non-blank and only blanks lie between it and the cursor, so its first
    occurrence is there (if within the window); a word with "_" is checked with _find."""
    flat = code_points("".join(words))
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    # Each word without its "_"s, found with array operations: a str.replace a word cost
    # a fifth of this function's time (issue 12).
    under = flat == 0x5F
    joins = bool(under.any())
    if joins:
        before = counts_before(under)
        word_ends = np.cumsum(lengths)
        unders = before[word_ends] - before[word_ends - lengths]
        lengths = lengths - unders
        flat = flat[~under]
    kept = cursor + np.flatnonzero(~blank[cursor:])
    n = min(len(kept), len(flat))
    differ = np.flatnonzero(codes[kept[:n]] != flat[:n])
    same = int(differ[0]) if len(differ) else n  # characters that agree
    last = np.cumsum(lengths) - 1
    # A run ends before an empty word (or "_" alone) and before a word past `same`.
    stop = np.flatnonzero((lengths == 0) | (last >= same))
    count = int(stop[0]) if len(stop) else len(words)
    last, lengths = last[:count], lengths[:count]
    starts, ends = kept[last - lengths + 1], kept[last] + 1
    cursors = np.concatenate(([cursor], ends[:-1]))
    # Not within the window, or a blank inside its characters: where the run ends.
    off = (starts - cursors > _WINDOW) | (ends - starts != lengths)
    if joins:
        joined = unders[:count] > 0
        off &= ~joined  # a joined word spans its blanks: checked below, with _find
        for k in np.flatnonzero(joined).tolist():
            if _find(text, words[k], int(cursors[k])) != (int(starts[k]), int(ends[k])):
                off[k] = True
                break
    bad = np.flatnonzero(off)
    if len(bad):
        count = int(bad[0])
    return starts[:count], ends[:count]


def _align_one_by_one(text: str, words: list[str]) -> tuple[list[Token], int]:
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
