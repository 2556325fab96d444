"""What the agreement metrics read and answer: columns of spans, plain data, no storage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

Mode = Literal["exact", "overlap"]
# only_a / only_b: one side has no span there; label: same text, other label; boundary:
# overlapping, same label, other edges; overlap_label: overlapping, other label.
DisagreementKind = Literal["only_a", "only_b", "label", "boundary", "overlap_label"]


@dataclass(frozen=True)
class SpanColumns:
    """One annotator's spans as parallel arrays, so metrics over 10^6 spans stay in numpy.

    doc indexes AgreementInput.documents, label indexes AgreementInput.labels; start and end
    are code points into the document's text, end exclusive.
    """

    doc: np.ndarray  # int32
    start: np.ndarray  # int64
    end: np.ndarray  # int64
    label: np.ndarray  # int16

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, int, int, int]]) -> SpanColumns:
        """From (doc, start, end, label) tuples, in any order."""
        table = np.array(list(rows), dtype=np.int64).reshape(-1, 4)
        return cls(
            table[:, 0].astype(np.int32),
            table[:, 1].copy(),
            table[:, 2].copy(),
            table[:, 3].astype(np.int16),
        )

    def __len__(self) -> int:
        return len(self.doc)


@dataclass(frozen=True)
class AgreementInput:
    """Everything agreement needs, loaded once; the metrics never touch the project."""

    documents: Sequence[str]  # document keys (external ids); a document's code is its index
    texts: Sequence[str]  # same order: tokens and document lengths come from them
    labels: Sequence[str]  # a label's code is its index
    annotators: Sequence[str]
    spans: Mapping[str, SpanColumns]
    # annotator -> bool array over documents: which ones they did. A document done without
    # spans is an annotation ("nothing to mark here"), not a missing one.
    worked: Mapping[str, np.ndarray]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One place where two annotators differ, for the list behind a clicked figure.

    a and b are (start, end, label code) of each side's span, None when that side has none
    there.
    """

    doc: int
    a: tuple[int, int, int] | None
    b: tuple[int, int, int] | None
    kind: DisagreementKind
