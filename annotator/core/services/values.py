"""Values for spans that came without them: dates imported from another tool get their
normalised value, actors their registry link, as if they had been tagged in the window.

The label-kinds table decides what a value is, for the window and here alike. An import
gives dates their values itself; this is for actors (whose registry often grows after the
import), for projects imported before that, and for spans a file gave other attributes.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.errors import AnnotatorError
from annotator.core.kinds import kind_of
from annotator.core.model import GOLD
from annotator.core.store.project import Project


def fill_values(
    project: Project,
    annotators: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Give every span of a valued kind that shows no value yet what its kind computes when
    the span is made; attributes the span has are kept. Returns how many spans changed.
    Gold is left as adjudicated unless named."""
    for name in annotators or ():
        if project.annotators.find(name) is None:
            raise AnnotatorError(f"no annotator called {name!r} in this project")
    names = set(annotators or (n for n in project.stats.annotators_with_work() if n != GOLD))
    changed = 0
    total = project.documents.count()
    with project.transaction():
        for done, doc in enumerate(project.documents.iter_all(), start=1):
            for span in project.spans.for_document(doc.id):
                kind = kind_of(span.label)
                if kind is None or span.annotator not in names:
                    continue
                if kind.shown(span, None).text:  # a value given, linked or proposed
                    continue
                computed = kind.new_attrs(project, doc.id, doc.text, span.start, span.end)
                attrs = {**computed, **span.attrs}
                if attrs != span.attrs:
                    project.spans.set_attrs(span.id, attrs)
                    changed += 1
            if progress is not None:
                progress(done, total)
    return changed
