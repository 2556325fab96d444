"""An agreement report as a terminal table or as CSV rows for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from annotator.core.review.report import AgreementReport, Figure

NOT_DEFINED = "not defined"


def figure(value: float | None) -> str:
    return NOT_DEFINED if value is None else f"{value:.3f}"


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def label_summary(report: AgreementReport) -> dict[str, tuple[float | None, ...]]:
    """Per label: (F1 exact, F1 overlap) averaged over the pairs that define them, alpha_U."""
    pairs = report.pairs
    return {
        label: (
            _mean([p.f1_exact.label_f1(label).value for p in pairs]),
            _mean([p.f1_overlap.label_f1(label).value for p in pairs]),
            report.alpha_unitizing.label(label).value,
        )
        for label in report.labels
    }


def as_table(report: AgreementReport, worst: int = 5) -> str:
    """What a lead reads in a terminal: pairs, labels, coefficients, the worst documents."""
    lines = [
        f"Agreement of {', '.join(report.annotators) or 'nobody'} on {report.documents} "
        f"document(s); labels: {', '.join(report.labels) or 'none'}",
        "",
    ]
    if report.pairs:
        width = max(len(f"{p.a} / {p.b}") for p in report.pairs)
        lines.append(
            f"{'pair':<{width}}  {'docs':>6}  {'F1 exact':>11}  {'F1 overlap':>11}  "
            f"{'Cohen kappa':>11}"
        )
        for p in report.pairs:
            pair = f"{p.a} / {p.b}"
            lines.append(
                f"{pair:<{width}}  {p.documents:>6}  {figure(p.f1_exact.micro):>11}  "
                f"{figure(p.f1_overlap.micro):>11}  {figure(p.cohen_kappa.value):>11}"
            )
    else:
        lines.append("No pair to compare: agreement needs at least two annotators.")
    lines += ["", f"{'label':<12}  {'F1 exact':>11}  {'F1 overlap':>11}  {'alpha_U':>11}"]
    for label, (exact, overlap, alpha) in label_summary(report).items():
        lines.append(
            f"{label:<12}  {figure(exact):>11}  {figure(overlap):>11}  {figure(alpha):>11}"
        )
    lines += [
        "",
        _coefficient("Fleiss' kappa (tokens)", report.fleiss_kappa),
        _coefficient("Krippendorff's alpha (tokens)", report.krippendorff_alpha),
        _coefficient("Krippendorff's alpha_U (characters)", report.alpha_unitizing.overall),
    ]
    ranked = [r for r in report.ranking if r.disagreement]
    if ranked:
        lines += ["", "Most disagreement (1 - mean overlap F1 of the pairs):"]
        lines += [f"  {row.disagreement:.3f}  {row.doc}" for row in ranked[:worst]]
    return "\n".join(lines)


def _coefficient(name: str, value: Figure) -> str:
    text = f"{name}: {figure(value.value)}"
    if value.value is None and value.undefined:
        text += f" ({value.undefined})"
    return text


def csv_rows(report: AgreementReport) -> Iterator[list[str]]:
    """Long format, one figure per row: easy to filter and pivot in a spreadsheet."""
    yield ["scope", "a", "b", "label", "metric", "value"]

    def cell(value: float | None) -> str:
        return "" if value is None else repr(value)

    for p in report.pairs:
        for metric, f1 in (("f1_exact", p.f1_exact), ("f1_overlap", p.f1_overlap)):
            for label, counts in (("", f1.total), *f1.by_label.items()):
                yield ["pair", p.a, p.b, label, f"{metric}.f1", cell(counts.f1.value)]
                yield ["pair", p.a, p.b, label, f"{metric}.precision", cell(counts.precision)]
                yield ["pair", p.a, p.b, label, f"{metric}.recall", cell(counts.recall)]
        yield ["pair", p.a, p.b, "", "cohen_kappa", cell(p.cohen_kappa.value)]
    yield ["all", "", "", "", "fleiss_kappa", cell(report.fleiss_kappa.value)]
    yield ["all", "", "", "", "krippendorff_alpha", cell(report.krippendorff_alpha.value)]
    unitizing = report.alpha_unitizing
    yield ["all", "", "", "", "alpha_unitizing", cell(unitizing.overall.value)]
    for label, alpha in unitizing.per_label.items():
        yield ["all", "", "", label, "alpha_unitizing", cell(alpha.value)]
    for row in report.ranking:
        yield ["document", row.doc, "", "", "disagreement", cell(row.disagreement)]


def as_csv(report: AgreementReport) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(csv_rows(report))
    return buffer.getvalue()
