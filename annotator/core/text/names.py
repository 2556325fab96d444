"""Names read from files or typed (labels, annotators, models, team people) are shown as
they are in the window and on the command line, so none may command the text around it.

Refused: C0 and C1 control characters (escape sequences, NUL, bell; a tab or line break too,
since a name is one line, and the line and paragraph separators U+2028 and U+2029, at which
Qt breaks a line as at a newline) and the bidi embeddings, overrides and isolates (U+202A-U+202E,
U+2066-U+2069) that reorder the rest of a toolbar's or a table's line, letting one name pass
for another. ZWNJ, ZWJ and the marks (LRM, RLM, ALM) are letters' business in Persian and
Arabic names and move nothing else: allowed.

What is stored already is shown through one of two rules, each such character becoming its
escape (`\\u202e`), visible and harmless, so the line reads as what it holds:

- `shown_name`, for a name a project keeps (a label, an annotator, a link type, a person on
  a team server, a model): as strict as the refusal, every character `commanding` finds is
  escaped, a tab too (`\\u0009`: "a b" and "a<TAB>b" are two labels and must not look
  alike). A name is short and typed: nothing of its text is lost.
- `shown_title`, for a document's title and id (the document's own words, kept as the
  file gave them): only what can spoof the line or break it is escaped, the C0 and C1
  controls but tab (a line break among them), U+2028 and U+2029, the overrides LRO and RLO
  (U+202D, U+202E), and an embedding or isolate mark left unpaired. A tab, which separates
  the halves of a Persian couplet, becomes a space. Paired embeddings and isolates (RLE
  ... PDF, RLI ... PDI, as Word and web pages write them into Persian text) are kept, and
  a title keeping an embedding is shown inside an isolate (FSI ... PDI): an embedding
  closed by its PDF still sets where the text after it starts. Escaping them would show a
  title full of `\\u202b` and, its first strong letter now a Latin u, lay it out left to
  right. An id is shown by the names' rule (`shown_id`): it is a key typed back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# The character classes, for a pattern's brackets (cli_common escapes the same on a
# terminal, as `escaped` writes them, but for the line breaks and tabs of its own output).
CONTROLS_BUT_LINES = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 (not \t \n \r), DEL, C1
DIRECTION_CONTROLS = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides, isolates
# What breaks a line: Qt's text layout breaks at the line and paragraph separators too.
LINE_BREAKS = "\t\n\r\u2028\u2029"
_COMMANDING = re.compile(f"[{LINE_BREAKS}{CONTROLS_BUT_LINES}{DIRECTION_CONTROLS}]")


def commanding(name: str) -> str | None:
    """The first character of `name` that would command its surroundings, or None."""
    found = _COMMANDING.search(name)
    return None if found is None else found[0]


def name_problem(name: str, what: str) -> str | None:
    """Why `name` cannot be `what` ("label", "annotator"), or None if it can."""
    bad = commanding(name)
    if bad is None:
        return None
    return (
        f"{what} {name!r} holds U+{ord(bad):04X}, a control or text-direction character; "
        "names are shown as they are and must not steer the text around them"
    )


def escaped(found: re.Match[str]) -> str:
    """The escape a commanding character is shown as: `\\u202e`, as Python writes it."""
    return f"\\u{ord(found[0]):04x}"


def shown_name(text: str) -> str:
    """`text` (a name someone else wrote: label, annotator, link type, person, model) as
    one line that commands nothing around it: every character `commanding` finds is shown
    as its escape. Persian and Arabic joiners and marks stay: they are letters' business. A
    text holding none is given back as it is (the same object), so a list of ordinary names
    costs one search."""
    if _COMMANDING.search(text) is None:
        return text
    return _COMMANDING.sub(escaped, text)


# A title's characters that are always escaped: controls but tab, separators, overrides.
_TITLE_BREAKING = f"\n\r\u2028\u2029{CONTROLS_BUT_LINES}\u202d\u202e"
# What closes each opening mark: LRE and RLE a PDF, LRI, RLI and FSI a PDI.
_OPENS = dict.fromkeys("\u202a\u202b", "\u202c") | dict.fromkeys("\u2066\u2067\u2068", "\u2069")
_PAIRED = "\u202a-\u202c\u2066-\u2069"  # LRE RLE PDF, LRI RLI FSI PDI
_TITLE_SPECIAL = re.compile(f"[\t{_TITLE_BREAKING}{_PAIRED}]")
_ALWAYS = re.compile(f"[{_TITLE_BREAKING}]")


def _unpaired(text: str) -> set[int]:
    """Where `text` has an embedding or isolate mark that is not closed in it, or a
    closing one that closes nothing it opened: matched as brackets are, an embedding by
    PDF and an isolate by PDI, the nearest open one first. Stricter than the bidi
    algorithm (a PDI there also closes the embeddings inside its isolate), so what it
    keeps is closed by any reading: it cannot reorder what follows the title."""
    opened: list[tuple[int, str]] = []
    unpaired: set[int] = set()
    for found in re.finditer(f"[{_PAIRED}]", text):
        mark = found[0]
        if mark in _OPENS:
            opened.append((found.start(), _OPENS[mark]))
        elif opened and opened[-1][1] == mark:
            opened.pop()
        else:
            unpaired.add(found.start())
    unpaired.update(at for at, _ in opened)
    return unpaired


def _title_escapes(text: str) -> Iterator[int]:
    """Where in `text` the characters `shown_title` escapes are, in order."""
    unpaired: set[int] | None = None
    for found in _TITLE_SPECIAL.finditer(text):
        if found[0] == "\t":
            continue
        if _ALWAYS.match(found[0]):
            yield found.start()
            continue
        if unpaired is None:
            unpaired = _unpaired(text)
        if found.start() in unpaired:
            yield found.start()


def shown_title(text: str) -> str:
    """`text` (a document's title) as one line that can pass for no other and reorders
    nothing after it, its own text as it is otherwise: a tab becomes a space, what can
    spoof or break the line is shown as its escape (the module's docstring says which),
    paired embeddings and isolates stay. A text holding none of those is given back as it
    is (the same object)."""
    if _TITLE_SPECIAL.search(text) is None:
        return text
    at = set(_title_escapes(text))
    shown = _TITLE_SPECIAL.sub(
        lambda m: " " if m[0] == "\t" else escaped(m) if m.start() in at else m[0], text
    )
    if _EMBEDDING.search(shown) is None:
        return shown
    # An embedding closed by its PDF still sets the level the text after it starts from
    # ("\u202breport\u202c (#12)" was drawn ")#12( report"); made isolates, a title whose
    # letters are all inside one would lose its direction (an isolate's letters do not
    # count for its line's). An isolate around the whole keeps both: FSI takes the
    # direction of the first letter, an embedding's too, and its PDI closes all.
    return f"\u2068{shown}\u2069"


_EMBEDDING = re.compile("[\u202a\u202b]")


def shown_id(text: str) -> str:
    """`text` (a document's id) by the names' rule: an id is a key a user types back
    (`team release ID`), so "d 1" and "d<TAB>1", or an id and its direction-marked twin,
    must not look alike."""
    return shown_name(text)


def breaking_title(text: str) -> str | None:
    """The first character of a title that `shown_title` escapes, or None."""
    first = next(_title_escapes(text), None)
    return None if first is None else text[first]


def described(char: str) -> str:
    """A character as a message names it: `U+202E (RIGHT-TO-LEFT OVERRIDE)`."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'control character')})"
