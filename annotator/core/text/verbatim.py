"""Pieces of a Persian line hazm must not see: Latin words, codes, links, addresses, handles.

hazm is written for Persian and rewrites the rest: its digits rule turns «k24» into «k ۲۴»,
its spacing rule «t.co» into «t. co», «COVID-19» into «COVID- ۱۹». Each such piece is handed
to hazm as one placeholder letter, which it leaves alone, and put back afterwards; where it
landed is known, so the offset map can pin it exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A Latin letter stands in for each piece: every Latin letter of the line is inside a piece,
# so the placeholder cannot be confused with the text, and like the word it replaces it is
# a word character (hazm's \b and \w rules see the same boundaries).
PLACEHOLDER = "x"

_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_LETTER = rf"[^\W\d_{_ARABIC}]"  # a letter of any script but Arabic's
_DIGIT = r"0-9\u0660-\u0669\u06f0-\u06f9"
_JOINER = r"\-_.'’/&+"  # inside a code or word: F-35, U.S, O'Brien, TCP/IP, AT&T
_BODY = rf"(?:{_LETTER}|[{_DIGIT}\u0300-\u036f])"
_PIECE = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s«»<>\"]+"  # a link, to the next space
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # an e-mail address
    r"|@\w+"  # a handle
    rf"|(?=[{_DIGIT}{_JOINER}]*{_LETTER}){_BODY}+(?:[{_JOINER}]{_BODY}+)*"  # has a letter
)
_CLUE = re.compile(rf"{_LETTER}|@")
_LEAD = frozenset("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹-_.'’/&+%@")  # what may precede a piece's clue
# Sentence punctuation that a link found up to the next space takes but does not own.
_LINK_TAIL = ".,;:!?'\"،؛؟…)]}"
# The cheap test first: the full pattern costs ~65 ns a character, and most Persian lines
# hold no Latin at all; Latin-1 keeps ASCII and the accented letters, and drops the rest.
# A line whose only foreign letters lie beyond Latin-1 (a Cyrillic name) skips the pattern:
# hazm's rules are for Arabic script, digits and punctuation, and leave those letters be.
_HINT = re.compile(rb"[A-Za-z@\xc0-\xd6\xd8-\xf6\xf8-\xff]")


@dataclass(frozen=True, slots=True)
class Masked:
    """A line with each verbatim piece replaced by the placeholder."""

    text: str
    pieces: tuple[tuple[int, int], ...]  # where each piece is in the line, in order
    line: str

    def restore(self, normalized: str) -> tuple[str, list[tuple[int, int, int]]] | None:
        """The pieces put back into hazm's result, and (line start, result start, length) for
        each; None if hazm did not keep every placeholder."""
        parts = normalized.split(PLACEHOLDER)
        if len(parts) != len(self.pieces) + 1:
            return None
        out = [parts[0]]
        at = len(parts[0])
        anchors = []
        for (start, end), after in zip(self.pieces, parts[1:], strict=True):
            anchors.append((start, at, end - start))
            out += (self.line[start:end], after)
            at += end - start + len(after)
        return "".join(out), anchors


def might_hold_pieces(text: str) -> bool:
    """False when no line of `text` can hold a piece (one cheap test for a whole document)."""
    return _HINT.search(text.encode("latin-1", "ignore")) is not None


def mask_lines(text: str) -> dict[int, Masked]:
    """The lines of `text` that hold pieces, by line number, masked.

    One search over the whole text (pieces never span a line break) costs less than one
    per line.
    """
    if not might_hold_pieces(text):
        return {}
    by_line: dict[int, list[tuple[int, int]]] = {}
    starts: dict[int, int] = {}
    number, line_start, line_end = 0, 0, text.find("\n")
    for start, end in find_pieces(text):
        while 0 <= line_end < start:
            number, line_start, line_end = number + 1, line_end + 1, text.find("\n", line_end + 1)
        starts[number] = line_start
        by_line.setdefault(number, []).append((start - line_start, end - line_start))
    masked = {}
    for number, pieces in by_line.items():
        line_start = starts[number]
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        out: list[str] = []
        at = 0
        for start, end in pieces:
            out += (line[at:start], PLACEHOLDER)
            at = end
        out.append(line[at:])
        masked[number] = Masked("".join(out), tuple(pieces), line)
    return masked


def mask(line: str) -> Masked | None:
    """One line with its pieces masked; None if it holds none."""
    return mask_lines(line).get(0)


def find_pieces(line: str) -> list[tuple[int, int]]:
    """Where the pieces are, as `_PIECE.finditer` finds them, only faster.

    The pattern tries its alternatives at every position; a one-class search for what every
    piece holds (a foreign letter or @) skips the rest at C speed, and the pattern is tried
    from just before each hit, where a piece may begin (24k, 123@x.com).
    """
    pieces: list[tuple[int, int]] = []
    done = 0
    while (hit := _CLUE.search(line, done)) is not None:
        start = hit.start()
        while start > done and line[start - 1] in _LEAD:
            start -= 1
        found = _PIECE.search(line, start)
        if found is None:
            break
        start, end = found.span()
        if found.group().startswith(("http", "ftp", "www")):
            end = _link_end(line, start, end)
        pieces.append((start, end))
        done = end
    return pieces


def _link_end(line: str, start: int, end: int) -> int:
    """Trailing punctuation is the sentence's, but a bracket the link opened is its own."""
    while end > start and line[end - 1] in _LINK_TAIL:
        closing = line[end - 1]
        if closing == ")" and line.count("(", start, end) >= line.count(")", start, end):
            break
        end -= 1
    return end
