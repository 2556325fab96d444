"""Who said a claim, as the text says it: the actor named next to a verb of saying or an
attribution phrase in the claim's paragraph («قال الكرملين», «حسب البيت الأبيض», «به گفته
کاخ سفید», «کرملین ... گفته بود»). A proposal for the analyst to confirm, never a link by
itself."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from annotator.core.model import Span

# Verbs of saying and attribution phrases, Arabic and Persian, as they precede the speaker.
_CUES = regex.compile(
    r"(?:^|[\s،,«\"(])(?:و|ف)?(?:قال|قالت|أكد|أكدت|اكد|أضاف|أضافت|شدد|شددت|لفت|أشار|أشارت|"
    r"أوضح|ذكر|ذكرت|أعلن|أعلنت|حسب|بحسب|وفقا\s+لـ?|وفق|نقلا\s+عن|عن|"
    r"به\s+گفته|به\s+نقل\s+از|بنابر|طبق|در\s+بیانیه|بیانیه|گفت|افزود|اعلام\s+کرد)"
    r"[\s،,]*$"
)
_WINDOW = 40  # characters before an actor searched for a cue


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


def attribute(text: str, claim: Span, actors: Sequence[Span]) -> Span | None:
    """The actor span the paragraph names as the claim's source, or None.

    Among the actor spans of the claim's paragraph that lie before it (and outside it), the
    nearest one right after a verb of saying or an attribution phrase wins; without one, the
    paragraph's first actor is taken when it opens the paragraph («کرملین ... گفته بود»).
    """
    start, _end = _paragraph(text, claim.start)
    before = [
        a
        for a in actors
        if start <= a.start and a.end <= claim.start and a.label == "actor" and a.id != claim.id
    ]
    cued = [a for a in before if _CUES.search(text[max(start, a.start - _WINDOW) : a.start])]
    if cued:
        return max(cued, key=lambda a: a.start)
    if before and len(text[start : before[0].start].split()) <= _OPENING_WORDS:
        return before[0]  # the paragraph opens with its speaker
    return None


_OPENING_WORDS = 2  # «روز سه‌شنبه کرملین ... گفته بود»: the speaker comes first
