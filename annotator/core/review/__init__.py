"""Comparing annotators: agreement on spans, tokens and the character continuum.

Plain data in (model.AgreementInput), typed data out (report.AgreementReport); nothing here
reads the project. One job per module: coefficients (kappas, alpha on plain tables), spans
(corpus positions), matching (which spans correspond), token_figures (labels per token and
their tables), unitizing (alpha_U), measure (the report), disagreements (the list behind a
figure), report (the report's types and its JSON), render (table and CSV).
"""

from annotator.core.review.coefficients import cohen_kappa, fleiss_kappa, krippendorff_alpha
from annotator.core.review.disagreements import pair_disagreements
from annotator.core.review.measure import agreement_report
from annotator.core.review.model import (
    AgreementInput,
    Disagreement,
    DisagreementKind,
    Mode,
    SpanColumns,
)
from annotator.core.review.report import (
    AgreementReport,
    Counts,
    Figure,
    PairAgreement,
    RankedDocument,
    SpanF1,
    UnitizingFigures,
)
from annotator.core.review.token_figures import OUTSIDE, token_labels
from annotator.core.review.tokens import TokenBounds, token_bounds
from annotator.core.review.unitizing import UnitizingAlpha, alpha_unitizing

__all__ = [
    "OUTSIDE",
    "AgreementInput",
    "AgreementReport",
    "Counts",
    "Disagreement",
    "DisagreementKind",
    "Figure",
    "Mode",
    "PairAgreement",
    "RankedDocument",
    "SpanColumns",
    "SpanF1",
    "TokenBounds",
    "UnitizingAlpha",
    "UnitizingFigures",
    "agreement_report",
    "alpha_unitizing",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "pair_disagreements",
    "token_bounds",
    "token_labels",
]
