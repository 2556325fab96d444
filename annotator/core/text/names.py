"""Names read from files or typed (labels, annotators, models, team people) are shown as
they are in the window and on the command line, so none may command the text around it.

Refused: C0 and C1 control characters (escape sequences, NUL, bell; a tab or line break too,
since a name is one line, and the line and paragraph separators U+2028 and U+2029, at which
Qt breaks a line as at a newline) and the bidi embeddings, overrides and isolates (U+202A-U+202E,
U+2066-U+2069) that reorder the rest of a toolbar's or a table's line, letting one name pass
for another. ZWNJ, ZWJ and the marks (LRM, RLM, ALM) are letters' business in Persian and
Arabic names and move nothing else: allowed.

What is stored already is shown through `shown` (a project received from a colleague, a
document's title or id, which are kept as the file gave them): each such character becomes
its escape (`\\u202e`), visible and harmless, so the line reads as what it holds.
"""

from __future__ import annotations

import re

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


def shown(text: str) -> str:
    """`text` (a name, title or id someone else wrote) as one line that commands nothing
    around it: every character `commanding` finds is shown as its escape. Persian and
    Arabic joiners and marks stay: they are letters' business. A text holding none is
    given back as it is (the same object), so a list of ordinary names costs one search."""
    if _COMMANDING.search(text) is None:
        return text
    return _COMMANDING.sub(escaped, text)
