"""An agreement report as a terminal table or as CSV rows for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

NOT_DEFINED = "not defined"


def figure(value: float | None) -> str:
    return NOT_DEFINED if value is None else f"{value:.3f}"


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def label_summary(report: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """Per label: F1 exact and overlap averaged over the pairs that define them, and alpha_U."""
    out = {}
    pairs = report["pairs"]
    for label in report["labels"]:
        out[label] = {
            "f1_exact": _mean([p["f1_exact"]["per_label"].get(label) for p in pairs]),
            "f1_overlap": _mean([p["f1_overlap"]["per_label"].get(label) for p in pairs]),
            "alpha_unitizing": report["alpha_unitizing"]["per_label"].get(label),
        }
    return out


def as_table(report: dict[str, Any], worst: int = 5) -> str:
    """What a lead reads in a terminal: pairs, labels, coefficients, the worst documents."""
    names = report["annotators"]
    lines = [
        f"Agreement of {', '.join(names) or 'nobody'} on {report['documents']} document(s); "
        f"labels: {', '.join(report['labels']) or 'none'}",
        "",
    ]
    if report["pairs"]:
        width = max(len(f"{p['a']} / {p['b']}") for p in report["pairs"])
        lines.append(
            f"{'pair':<{width}}  {'docs':>6}  {'F1 exact':>11}  {'F1 overlap':>11}  "
            f"{'Cohen kappa':>11}"
        )
        for p in report["pairs"]:
            pair = f"{p['a']} / {p['b']}"
            lines.append(
                f"{pair:<{width}}  {p['documents']:>6}  {figure(p['f1_exact']['micro']):>11}  "
                f"{figure(p['f1_overlap']['micro']):>11}  {figure(p['cohen_kappa']):>11}"
            )
    else:
        lines.append("No pair to compare: agreement needs at least two annotators.")
    lines += ["", f"{'label':<12}  {'F1 exact':>11}  {'F1 overlap':>11}  {'alpha_U':>11}"]
    for label, row in label_summary(report).items():
        lines.append(
            f"{label:<12}  {figure(row['f1_exact']):>11}  {figure(row['f1_overlap']):>11}  "
            f"{figure(row['alpha_unitizing']):>11}"
        )
    undefined = report.get("undefined", {})
    lines.append("")
    for key, name in (
        ("fleiss_kappa", "Fleiss' kappa (tokens)"),
        ("krippendorff_alpha", "Krippendorff's alpha (tokens)"),
    ):
        lines.append(_coefficient(name, report[key], undefined.get(key)))
    lines.append(
        _coefficient(
            "Krippendorff's alpha_U (characters)",
            report["alpha_unitizing"]["overall"],
            undefined.get("alpha_unitizing"),
        )
    )
    ranked = [r for r in report["documents_by_disagreement"] if r["disagreement"]]
    if ranked:
        lines += ["", "Most disagreement (1 - mean overlap F1 of the pairs):"]
        for row in ranked[:worst]:
            lines.append(f"  {row['disagreement']:.3f}  {row['doc']}")
    return "\n".join(lines)


def _coefficient(name: str, value: float | None, reason: str | None) -> str:
    text = f"{name}: {figure(value)}"
    if value is None and reason:
        text += f" ({reason})"
    return text


def csv_rows(report: dict[str, Any]) -> Iterator[list[str]]:
    """Long format, one figure per row: easy to filter and pivot in a spreadsheet."""
    yield ["scope", "a", "b", "label", "metric", "value"]

    def cell(value: float | None) -> str:
        return "" if value is None else repr(value)

    for p in report["pairs"]:
        for metric in ("f1_exact", "f1_overlap"):
            for key in ("f1", "precision", "recall"):
                yield ["pair", p["a"], p["b"], "", f"{metric}.{key}",
                       cell(p[metric]["micro"] if key == "f1" else p[metric][key])]  # fmt: skip
            for label, counts in p[metric]["by_label"].items():
                for key in ("f1", "precision", "recall"):
                    yield ["pair", p["a"], p["b"], label, f"{metric}.{key}", cell(counts[key])]
        yield ["pair", p["a"], p["b"], "", "cohen_kappa", cell(p["cohen_kappa"])]
    yield ["all", "", "", "", "fleiss_kappa", cell(report["fleiss_kappa"])]
    yield ["all", "", "", "", "krippendorff_alpha", cell(report["krippendorff_alpha"])]
    unitizing = report["alpha_unitizing"]
    yield ["all", "", "", "", "alpha_unitizing", cell(unitizing["overall"])]
    for label, value in unitizing["per_label"].items():
        yield ["all", "", "", label, "alpha_unitizing", cell(value)]
    for row in report["documents_by_disagreement"]:
        yield ["document", row["doc"], "", "", "disagreement", cell(row["disagreement"])]


def as_csv(report: dict[str, Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(csv_rows(report))
    return buffer.getvalue()
