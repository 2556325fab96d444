"""The agreement report as typed data: what the CLI, the window and the review queue read.

Readers used to walk a dict by string paths ("a/b.f1_exact.micro" for a reason), and a
misspelt path silently read None: a window tooltip and the CLI's alpha_U line lost their
reasons that way. Attributes are checked by mypy instead, and every figure that may be
missing carries the reason with it (Figure), so no reader can show "not defined" without
its why. as_dict() is the one place the JSON shape lives (`annotator agreement --format
json`), byte for byte as scripts have read it since the first release.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

type Json = bool | int | float | str | list[Json] | dict[str, Json] | None
type JsonObject = dict[str, Json]


@dataclass(frozen=True, slots=True)
class Figure:
    """A coefficient, or None with the reason it is not defined (never 0: that would read as
    total disagreement)."""

    value: float | None
    undefined: str | None = None


def ratio(num: int, den: int) -> float | None:
    """A ratio over nothing is undefined, not 0 or 1: the reader shows "not defined"."""
    return num / den if den else None


@dataclass(frozen=True, slots=True)
class Counts:
    """Span counts of b against a (fp only in b, fn only in a) and the ratios made of them."""

    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: Figure  # None with no span on either side, 0.0 when only one side has spans

    @classmethod
    def of(cls, tp: int, fp: int, fn: int, undefined: str) -> Counts:
        """From the counts; `undefined` is why F1 is missing, kept only when it is."""
        f1 = ratio(2 * tp, 2 * tp + fp + fn)
        return cls(
            tp, fp, fn, ratio(tp, tp + fp), ratio(tp, tp + fn),
            Figure(f1, undefined if f1 is None else None),
        )  # fmt: skip

    def as_dict(self) -> JsonObject:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1.value}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SpanF1:
    """F1 of two annotators' spans in one match mode: micro (counts summed) and per label."""

    total: Counts
    by_label: Mapping[str, Counts]  # in the report's label order

    @property
    def micro(self) -> float | None:
        return self.total.f1.value

    def label_f1(self, label: str) -> Figure:
        """A label's F1; a label not in the report is not defined either."""
        counts = self.by_label.get(label)
        return counts.f1 if counts is not None else Figure(None, f"no label {label!r}")

    def as_dict(self) -> JsonObject:
        total = self.total.as_dict()
        del total["f1"]
        return {
            "micro": self.micro,
            "per_label": {name: c.f1.value for name, c in self.by_label.items()},
            **total,
            "by_label": {name: c.as_dict() for name, c in self.by_label.items()},
        }


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Two annotators on the documents both did: span F1 both ways of matching, Cohen's kappa
    on tokens."""

    a: str
    b: str
    documents: int
    tokens: int
    f1_exact: SpanF1
    f1_overlap: SpanF1
    cohen_kappa: Figure

    def as_dict(self) -> JsonObject:
        return {"a": self.a, "b": self.b, "documents": self.documents, "tokens": self.tokens,
                "f1_exact": self.f1_exact.as_dict(), "f1_overlap": self.f1_overlap.as_dict(),
                "cohen_kappa": self.cohen_kappa.value}  # fmt: skip

    def reasons(self) -> dict[str, str]:
        """The JSON's "undefined" entries of this pair, under their old "a/b.figure" keys."""
        out: dict[str, str] = {}
        where = f"{self.a}/{self.b}"
        for mode, f1 in (("f1_exact", self.f1_exact), ("f1_overlap", self.f1_overlap)):
            if f1.total.f1.undefined is not None:
                out[f"{where}.{mode}.micro"] = f1.total.f1.undefined
            for name, counts in f1.by_label.items():
                if counts.f1.undefined is not None:
                    out[f"{where}.{mode}.per_label.{name}"] = counts.f1.undefined
        if self.cohen_kappa.undefined is not None:
            out[f"{where}.cohen_kappa"] = self.cohen_kappa.undefined
        return out


@dataclass(frozen=True, slots=True)
class UnitizingFigures:
    """Krippendorff's alpha_U on the characters of the documents every annotator did, with
    the observed and expected disagreement (D_o, D_e) behind each label's figure."""

    overall: Figure
    per_label: Mapping[str, Figure]
    observed: Mapping[str, float | None]
    expected: Mapping[str, float | None]
    documents: int

    def label(self, label: str) -> Figure:
        figure = self.per_label.get(label)
        return figure if figure is not None else Figure(None, f"no label {label!r}")

    def as_dict(self) -> JsonObject:
        return {
            "overall": self.overall.value,
            "per_label": {name: f.value for name, f in self.per_label.items()},
            "observed": dict(self.observed),
            "expected": dict(self.expected),
            "documents": self.documents,
        }

    def reasons(self) -> dict[str, str]:
        out = {
            f"alpha_unitizing.per_label.{name}": f.undefined
            for name, f in self.per_label.items()
            if f.undefined is not None
        }
        if self.overall.undefined is not None:
            out["alpha_unitizing.overall"] = self.overall.undefined
        return out


@dataclass(frozen=True, slots=True)
class RankedDocument:
    """A document's place in the review queue: disagreement = 1 - mean overlap F1 of the
    pairs that both did it; None when fewer than two annotators did it."""

    doc: str  # the document's key (external id)
    index: int  # its code in the AgreementInput
    disagreement: float | None
    pairs: int

    def as_dict(self) -> JsonObject:
        return {"doc": self.doc, "index": self.index, "disagreement": self.disagreement,
                "pairs": self.pairs}  # fmt: skip


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Every agreement figure of a set of annotators, labels and documents.

    Pair figures use the documents both annotators did; Fleiss' kappa and alpha_U the
    documents every annotator did; Krippendorff's alpha every token two annotators labelled.
    """

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    documents: int
    tokens: int
    pairs: tuple[PairAgreement, ...]
    fleiss_kappa: Figure
    fleiss_tokens: int
    krippendorff_alpha: Figure
    alpha_tokens: int
    alpha_unitizing: UnitizingFigures
    ranking: tuple[RankedDocument, ...]  # worst first, then the documents not compared

    def pair(self, a: str, b: str) -> PairAgreement | None:
        """The figures of a and b, named in either order."""
        return next((p for p in self.pairs if {p.a, p.b} == {a, b} and a != b), None)

    def reasons(self) -> dict[str, str]:
        """Why each missing figure is missing, keyed as the JSON's "undefined" has been."""
        out: dict[str, str] = {}
        for key, figure in (
            ("fleiss_kappa", self.fleiss_kappa),
            ("krippendorff_alpha", self.krippendorff_alpha),
        ):
            if figure.undefined is not None:
                out[key] = figure.undefined
        for pair in self.pairs:
            out.update(pair.reasons())
        out.update(self.alpha_unitizing.reasons())
        return out

    def as_dict(self, ranking: list[Json] | None = None) -> JsonObject:
        """The JSON of `annotator agreement --format json`; `ranking` replaces the rows of
        documents_by_disagreement when the caller knows more of each document."""
        rows: list[Json] = [r.as_dict() for r in self.ranking] if ranking is None else ranking
        return {
            "annotators": list(self.annotators),
            "labels": list(self.labels),
            "documents": self.documents,
            "tokens": self.tokens,
            "pairs": [p.as_dict() for p in self.pairs],
            "fleiss_kappa": self.fleiss_kappa.value,
            "fleiss_tokens": self.fleiss_tokens,
            "krippendorff_alpha": self.krippendorff_alpha.value,
            "alpha_tokens": self.alpha_tokens,
            "alpha_unitizing": self.alpha_unitizing.as_dict(),
            "documents_by_disagreement": rows,
            "undefined": dict(self.reasons()),
        }
