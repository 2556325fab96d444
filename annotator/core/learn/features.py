"""What the sequence model sees of each token, and the BIO tags it learns from spans.

Tokens are the window's own (`Tokenizer`: hazm for Persian, the Unicode word regex
otherwise), so a predicted span starts and ends where a selection would snap.

Features suit RTL news: the word folded (ي/ی, ك/ک, digits of every script one form), its
prefixes and suffixes, the word with its proclitics taken off (و/ف/ب/ل/ك + ال in Arabic,
می/نمی in Persian verbs), its shape (letters of which script, digits of which script), the
neighbouring words, and three gazetteers found in the whole text: the actor registry's
aliases, the project's topic list and the date rules' expressions. Features are plain strings
(value 1), which is what crfsuite reads fastest.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from annotator.core.dates.finder import find_spans
from annotator.core.text.fold import fold
from annotator.core.text.terms import whole_words
from annotator.core.text.tokens import Token

OUTSIDE = "O"
_ARABIC_CLITICS = ("وبال", "وكال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
_PERSIAN_PREFIXES = ("نمی", "می", "بی")
_LATIN_DIGITS = frozenset("0123456789")
_ARABIC_DIGITS = frozenset(chr(0x0660 + d) for d in range(10))
_PERSIAN_DIGITS = frozenset(chr(0x06F0 + d) for d in range(10))
_SHAPE_RUNS = regex.compile(r"(.)\1+")
MAX_GAZETTEER_TERMS = 5000


def _shape_char(c: str) -> str:
    if c in _LATIN_DIGITS or c in _ARABIC_DIGITS or c in _PERSIAN_DIGITS:
        return "d"
    if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\ufb50" <= c <= "\ufeff":
        return "ع"
    if c.isalpha():
        return "X" if c.isupper() else "x"
    if c == "\u200c":
        return "z"
    return c


def shape(word: str) -> str:
    """Letters by script, digits as d, other characters as themselves; runs collapsed."""
    return _SHAPE_RUNS.sub(r"\1", "".join(_shape_char(c) for c in word[:24]))


def digit_script(word: str) -> str | None:
    chars = set(word)
    if chars & _PERSIAN_DIGITS:
        return "fa"
    if chars & _ARABIC_DIGITS:
        return "ar"
    if chars & _LATIN_DIGITS:
        return "latin"
    return None


def stem(word: str) -> str:
    """The word without its proclitics (folded input): «وبالحكومة» -> «حکومة»-like stems, so
    a name seen bare is recognised with و/ب/ال in front of it."""
    for clitic in _ARABIC_CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 2:
            return word[len(clitic) :]
    for prefix in _PERSIAN_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :].lstrip("\u200c")
    return word


@dataclass(frozen=True)
class Gazetteers:
    """Lists of known names the model may lean on: registry aliases and topics (folded)."""

    actors: regex.Pattern[str] | None
    topics: regex.Pattern[str] | None

    @classmethod
    def build(cls, aliases: Iterable[str], topics: Iterable[str]) -> Gazetteers:
        return cls(_pattern(aliases), _pattern(topics))

    @classmethod
    def empty(cls) -> Gazetteers:
        return cls(None, None)


def _pattern(terms: Iterable[str]) -> regex.Pattern[str] | None:
    return whole_words((fold(t).lower() for t in terms), MAX_GAZETTEER_TERMS)


def _mark(
    marks: list[list[str]], starts: list[int], ends: list[int], where: Iterable[tuple[int, int]],
    name: str,
) -> None:  # fmt: skip
    """Tag the tokens a match covers: name:B on the first, name:I on the rest."""
    for start, end in where:
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_left(starts, end)
        for i in range(first, last):
            marks[i].append(f"{name}:{'B' if i == first else 'I'}")


def token_features(
    text: str, tokens: Sequence[Token], lang: str, gazetteers: Gazetteers
) -> list[list[str]]:
    """One list of feature strings per token."""
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    marks: list[list[str]] = [[] for _ in tokens]
    folded_text = fold(text).lower()  # fold keeps lengths: match offsets are text offsets
    if gazetteers.actors is not None:
        found = ((m.start(), m.end()) for m in gazetteers.actors.finditer(folded_text))
        _mark(marks, starts, ends, found, "gaz_actor")
    if gazetteers.topics is not None:
        found = ((m.start(), m.end()) for m in gazetteers.topics.finditer(folded_text))
        _mark(marks, starts, ends, found, "gaz_topic")
    if lang in ("fa", "ar"):
        _mark(marks, starts, ends, ((f.start, f.end) for f in find_spans(text)), "date")
    views = [_word_view(folded_text[t.start : t.end], t.text) for t in tokens]
    n = len(tokens)
    out: list[list[str]] = []
    for i, view in enumerate(views):
        f = [*view.own, *marks[i]]
        if i >= 2:
            f.extend(views[i - 2].before2)
        if i >= 1:
            before = views[i - 1]
            f.extend(before.before1)
            if marks[i - 1]:
                f.extend(f"-1{m}" for m in marks[i - 1])
        else:
            f.append("BOS")
        if i + 1 < n:
            f.extend(views[i + 1].after1)
            if marks[i + 1]:
                f.extend(f"+1{m}" for m in marks[i + 1])
        else:
            f.append("EOS")
        if i + 2 < n:
            f.extend(views[i + 2].after2)
        if i > 0:
            f.append(f"w-1|w={views[i - 1].word}|{view.word}")
        out.append(f)
    return out


@dataclass(frozen=True, slots=True)
class _WordView:
    """A word type's feature strings, as itself and as each neighbour: computed once per
    distinct word, since a news article repeats its words and the profile of training on
    1,000 articles spent half its Python time rebuilding the same strings token by token."""

    word: str
    own: tuple[str, ...]
    before2: tuple[str, ...]  # this word two tokens before the one described
    before1: tuple[str, ...]
    after1: tuple[str, ...]
    after2: tuple[str, ...]


_VIEWS: dict[str, _WordView] = {}
MAX_CACHED_WORDS = 200_000  # ~100 MB at most; cleared whole when full


def _word_view(word: str, text: str) -> _WordView:
    """`word`: the token folded and lower-cased; `text`: as written (its shape)."""
    view = _VIEWS.get(text)
    if view is not None and view.word == word:
        return view
    st = stem(word)
    sh = shape(text)
    own = [
        "b", "w=" + word, "st=" + st, "sh=" + sh, "p2=" + word[:2], "p3=" + word[:3],
        "s1=" + word[-1:], "s2=" + word[-2:], "s3=" + word[-3:], "sst2=" + st[-2:],
        "len=" + str(min(len(word), 8)),
    ]  # fmt: skip
    digits = digit_script(word)
    if digits is not None:
        own.append("dg=" + digits)
    if st != word:
        own.append("cl=" + word[: len(word) - len(st)])
    view = _WordView(
        word, tuple(own),
        ("w-2=" + word, "st-2=" + st), ("w-1=" + word, "st-1=" + st, "sh-1=" + sh),
        ("w+1=" + word, "st+1=" + st, "sh+1=" + sh), ("w+2=" + word, "st+2=" + st),
    )  # fmt: skip
    if len(_VIEWS) >= MAX_CACHED_WORDS:
        _VIEWS.clear()
    _VIEWS[text] = view
    return view


def bio_tags(tokens: Sequence[Token], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """BIO tags from spans (code point offsets): a span takes every token it overlaps.

    Overlapping spans: the earlier (then longer) one keeps a token, as the window's
    snapping would have made only one of them.
    """
    tags = [OUTSIDE] * len(tokens)
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_left(starts, end)
        if first >= last or any(tags[i] != OUTSIDE for i in range(first, last)):
            continue
        tags[first] = "B-" + label
        for i in range(first + 1, last):
            tags[i] = "I-" + label
    return tags


def spans_from_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, label) of each run; an I- with no B- starts a run."""
    out: list[tuple[int, int, str]] = []
    current: tuple[int, str] | None = None
    for i, tag in enumerate([*tags, OUTSIDE]):
        label = tag[2:] if tag != OUTSIDE else None
        continues = tag.startswith("I-") and current is not None and current[1] == label
        if current is not None and not continues:
            out.append((current[0], i, current[1]))
            current = None
        if label is not None and not continues:
            current = (i, label)
    return out
