"""Where texts an analyst tagged occur again: the repeat rule's search, and the evaluation's
picture of it.

An analyst who tagged «بوتين» expects it found as another hand wrote it: ي/ی, ك/ک, hamza
on alef or not, harakat and tatweel (`fold`, and marks dropped); in a Persian article ة as
ه and ى as ی (Persian writes «حماه» for «حماة», «موسی» for «موسى»). Arabic keeps both
apart: «حماه» is "protected him", «على» is "on", not «علي» (Ali). And in Arabic behind the
proclitics written onto the next word: و ف (and), ب ل ك (in, to, like), one of each at
most («وبوتين», «فلبوتين», «بالكرملين»; «للكرملين» is ل + «الكرملين» with the article's
alef dropped). Such a word is proposed whole, clitic included: the window's selections
snap to whole tokens and the model tags tokens, so a whole word is what the analyst could
have selected, what the model can learn from an accepted suggestion and what its
evaluation can score. Conservative: only in documents tagged Arabic, only before names of
four letters or more after ال (ب + a common word is often a short name: «بحسن نية»,
«بعمر 30», «بعون الله», «فعلي»), and the name must end the word. A word tagged whole is
found as itself first, so a tagged «بكين» keeps its own label.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from annotator.core.text.fold import fold
from annotator.core.text.terms import MAX_TERMS

# Harakat, superscript alef and tatweel: written or not, the same word.
_DROPPED = regex.compile("[\u064b-\u065f\u0670\u0640]+")
_MARKS = frozenset(map(chr, range(0x064B, 0x0660))) | {"\u0670"}
_WORD_TAIL = _MARKS | {"\u0640"}  # what ends a word after its last letter, as tokens count it
_BEFORE = r"(?<![\p{L}\p{M}\p{N}])"
_AFTER = r"(?![\p{L}\p{M}\p{N}])"
# و/ف, then ب/ل/ك (folded: ک), one or both; the shorter first, so the longest name wins.
_PROCLITICS = "(?:[وف][بلک]??|[بلک])"
_ARTICLE = "ال"
MIN_STEM = 4  # letters of a name found behind a clitic, after its article
_ARABIC_LETTER = regex.compile(r"[\u0621-\u064a\u066e-\u06d3]")


# Letters Arabic tells apart from the one other spellings write for them (ة from ه, ى from
# ي/ی): the Arabic key keeps them, the search writes them alike.
_ARABIC_KEPT = "ى"  # ة is never folded


def _alike(arabic_key: str) -> str:
    """The search key of an Arabic key: ة as ه, ى as ی, one character for one."""
    return arabic_key.replace("ة", "ه").replace("ى", "ی")


def match_key(text: str, arabic: bool) -> str:
    """The form two spellings of one name share (in an Arabic document or another)."""
    key = _DROPPED.sub("", fold(text, keep=_ARABIC_KEPT))
    return key if arabic else _alike(key)


def _keyed(text: str) -> tuple[str, list[int], list[int]]:
    """The document's Arabic key (ة and ى kept), and how to map a key index back: the key
    index at which each run of dropped characters was taken out, and how many were taken
    out up to it."""
    folded = fold(text, keep=_ARABIC_KEPT)
    at: list[int] = []
    shift: list[int] = []
    parts: list[str] = []
    last = dropped = 0
    for m in _DROPPED.finditer(folded):
        parts.append(folded[last : m.start()])
        at.append(m.start() - dropped)
        dropped += m.end() - m.start()
        shift.append(dropped)
        last = m.end()
    if not at:
        return folded, at, shift
    parts.append(folded[last:])
    return "".join(parts), at, shift


def _in_text(index: int, at: list[int], shift: list[int]) -> int:
    i = bisect_right(at, index) - 1
    return index if i < 0 else index + shift[i]


def _stem_ok(key: str) -> bool:
    """Whether a clitic may stand before this name: an Arabic letter first, and enough
    letters after its article that a common word behind a clitic («بعمر», "aged") is not
    taken for a short name («عمر»)."""
    core = key[len(_ARTICLE) :] if key.startswith(_ARTICLE) else key
    return bool(_ARABIC_LETTER.match(key)) and sum(c.isalpha() for c in core) >= MIN_STEM


def _long(key: str) -> bool:
    """Long enough that a final ى and ي/ی cannot tell two words apart (MIN_STEM letters)."""
    return sum(c.isalpha() for c in key) >= MIN_STEM


def _alternatives(keys: Iterable[str]) -> str:
    return "|".join(regex.escape(k) for k in keys)


def _compile(keys: list[str]) -> regex.Pattern[str] | None:
    """One alternation of every key, the proclitics before it optional and lazy (the whole
    word is tried first); `find` drops what a document's language does not allow. One
    pattern for every language, one copy of the keys: compiling is most of the build."""
    if not keys:
        return None
    branches = [f"{_PROCLITICS}??(?P<w>{_alternatives(keys)})"]
    elided = [k[1:] for k in keys if k.startswith(_ARTICLE) and _stem_ok(k)]
    if elided:  # ل + ال: «للكرملين»
        branches.append(f"[وف]?ل(?P<e>{_alternatives(elided)})")
    return regex.compile(f"{_BEFORE}(?:{'|'.join(branches)}){_AFTER}")


@dataclass(frozen=True)
class Repeats:
    """Tagged texts, each with the label given it most often over all its spellings; found
    in a document by `find`. Plain data and a compiled pattern: built once in a worker.

    The pattern searches keys with ة as ه and ى as ی; in an Arabic document a match must
    also be a tagged spelling with ة and ى where it has them (`arabic_labels`)."""

    pattern: regex.Pattern[str] | None
    labels: dict[str, str]  # key (ة as ه, ى as ی) -> label, for documents in other languages
    arabic_labels: dict[str, str]  # key (ة and ى kept) -> label, for documents tagged "ar"

    @classmethod
    def build(cls, tagged: Iterable[tuple[str, str, int]], limit: int = MAX_TERMS) -> Repeats:
        """From (text, label, times tagged) rows. As `whole_words`: the `limit` longest,
        ties by their text, so every process searches the same ones."""
        rows = [(text, label, n) for text, label, n in tagged if text.strip()]
        labels = _labels(rows, arabic=False, limit=limit)
        arabic_labels = {
            k: label
            for k, label in _labels(rows, arabic=True, limit=None).items()
            if _alike(k) in labels
        }
        return cls(_compile(list(labels)), labels, arabic_labels)

    def find(self, text: str, lang: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, label) of each occurrence, in reading order, offsets into `text`;
        a name behind a proclitic as its whole word."""
        pattern = self.pattern
        if pattern is None:
            return
        arabic = lang == "ar"
        key, at, shift = _keyed(text)
        searched = _alike(key)
        elided = "e" in pattern.groupindex
        pos = 0
        while (m := pattern.search(searched, pos)) is not None:
            pos = m.start() + 1  # a match turned down must not hide the tagged names in it
            group = "e" if elided and m.start("e") >= 0 else "w"
            s, e = m.span(group)
            if s > m.start() and not (arabic and (group == "e" or _stem_ok(m.group(group)))):
                continue  # no clitics outside Arabic; «بعمر» is no ب + a tagged «عمر»
            found = ("ا" if group == "e" else "") + (key[s:e] if arabic else m.group(group))
            label = (self.arabic_labels if arabic else self.labels).get(found)
            if label is None and arabic and found.endswith("ى") and _long(found):
                # Persian writes a final ى as ی («مصطفی»): a long name tagged so is the
                # same name written «مصطفى»; short words stay apart («على» is no «علي»).
                label = self.arabic_labels.get(found[:-1] + "ی")
            if label is None:
                continue  # in Arabic, «حماه» is not the tagged «حماة», «على» not «علي»
            pos = m.end()
            start = _in_text(m.start(), at, shift)
            end = _in_text(m.end() - 1, at, shift) + 1
            while end < len(text) and text[end] in _WORD_TAIL:  # harakat, a tatweel
                end += 1
            yield start, end, label


def _labels(rows: list[tuple[str, str, int]], arabic: bool, limit: int | None) -> dict[str, str]:
    """key -> the label its spellings were given most often (ties: the label's name), for
    the `limit` longest keys."""
    counts: dict[str, dict[str, int]] = {}
    for text, label, n in rows:
        key = match_key(text, arabic)
        if key.strip():
            per_label = counts.setdefault(key, {})
            per_label[label] = per_label.get(label, 0) + n
    kept = sorted(counts, key=lambda k: (-len(k), k))[:limit]
    return {k: min(counts[k], key=lambda label: (-counts[k][label], label)) for k in kept}
