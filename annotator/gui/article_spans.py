"""The spans of the open document in reading order: range queries and underline levels."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence

from annotator.core.model import Span


def _key(span: Span) -> tuple[int, int, int]:
    return (span.start, span.end, span.id)


def overlap_levels(spans: Sequence[Span]) -> list[int]:
    """Greedy interval colouring of spans sorted by start: the lowest level free at each start.

    Two spans that overlap never share a level, so their underlines stack instead of hiding
    each other; a span that overlaps nothing gets level 0.
    """
    levels: list[int] = []
    active: list[tuple[int, int]] = []  # (end, level) of spans still open
    free: list[int] = []
    for span in spans:
        while active and active[0][0] <= span.start:
            heapq.heappush(free, heapq.heappop(active)[1])
        level = heapq.heappop(free) if free else len(active)
        heapq.heappush(active, (span.end, level))
        levels.append(level)
    return levels


class SpanIndex:
    """Spans sorted by (start, end, id), so the view can bisect what is on screen.

    A document may hold 10,000 spans but a screen shows a few dozen: queries touch only
    those, and edits are one insort instead of a re-sort.
    """

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self.reset(spans)

    def reset(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans, key=_key)
        self._spans: list[Span] = ordered
        self._keys: list[tuple[int, int, int]] = [_key(s) for s in ordered]
        self._by_id: dict[int, Span] = {s.id: s for s in ordered}
        if len(self._by_id) != len(ordered):
            raise ValueError("two spans share an id")
        # An upper bound on span length: how far back a span covering a position may start.
        self._max_length = max((s.end - s.start for s in ordered), default=0)

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[Span]:
        return iter(self._spans)

    def __getitem__(self, i: int) -> Span:
        return self._spans[i]

    def get(self, span_id: int) -> Span | None:
        return self._by_id.get(span_id)

    def add(self, span: Span) -> None:
        if span.id in self._by_id:
            raise ValueError(f"span {span.id} is already shown")
        i = bisect_left(self._keys, _key(span))
        self._keys.insert(i, _key(span))
        self._spans.insert(i, span)
        self._by_id[span.id] = span
        self._max_length = max(self._max_length, span.end - span.start)

    def remove(self, span_id: int) -> Span | None:
        span = self._by_id.pop(span_id, None)
        if span is not None:
            i = bisect_left(self._keys, _key(span))
            del self._keys[i]
            del self._spans[i]
        return span

    def replace(self, span: Span) -> None:
        """Relabel or move a span in place; adds it when it is not there yet."""
        self.remove(span.id)
        self.add(span)

    def window(self, start: int, end: int) -> tuple[int, int]:
        """Index range holding every span that intersects [start, end) (and maybe a few more)."""
        lo = bisect_left(self._keys, (start - self._max_length,))
        hi = bisect_left(self._keys, (end,))
        return lo, max(lo, hi)

    def intersecting(self, start: int, end: int) -> list[Span]:
        """Spans sharing at least one character with [start, end), in reading order."""
        lo, hi = self.window(start, end)
        return [s for s in self._spans[lo:hi] if s.end > start]

    def at(self, pos: int) -> list[Span]:
        return self.intersecting(pos, pos + 1)

    def leveled(self, start: int, end: int) -> list[tuple[Span, int]]:
        """Spans intersecting [start, end) with their overlap level.

        Levels are computed over whole chains of overlapping spans, so a span keeps its level
        however the view is scrolled, without colouring all 10,000 spans on every paint.
        """
        lo, hi = self.window(start, end)
        if lo == hi:
            return []
        lo = self._chain_start(lo)
        reach = max(s.end for s in self._spans[lo:hi])
        while hi < len(self._spans) and self._spans[hi].start < reach:
            reach = max(reach, self._spans[hi].end)
            hi += 1
        chain = self._spans[lo:hi]
        return [
            (span, level)
            for span, level in zip(chain, overlap_levels(chain), strict=True)
            if span.start < end and span.end > start
        ]

    def _chain_start(self, i: int) -> int:
        """Walk left while an earlier span still covers the start of span i."""
        while i > 0:
            start = self._spans[i].start
            lo = bisect_left(self._keys, (start - self._max_length,))
            earlier = next((j for j in range(lo, i) if self._spans[j].end > start), None)
            if earlier is None:
                return i
            i = earlier
        return i

    def following(self, span_id: int | None, pos: int, forward: bool) -> Span | None:
        """The next (or previous) span in reading order, wrapping around the document.

        From the span with `span_id` when there is one, else from the code point `pos`.
        """
        if not self._spans:
            return None
        current = self._by_id.get(span_id) if span_id is not None else None
        if current is not None:
            i = bisect_left(self._keys, _key(current))
            j = i + 1 if forward else i - 1
        elif forward:
            j = bisect_left(self._keys, (pos,))
        else:
            j = bisect_left(self._keys, (pos,)) - 1
        return self._spans[j % len(self._spans)]
