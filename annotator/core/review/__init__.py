"""Comparing annotators: agreement on spans, tokens and the character continuum.

Plain data in (model.AgreementInput), plain JSON out; nothing here reads the project.
"""

from annotator.core.review.metrics import (
    OUTSIDE,
    agreement_report,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    pair_disagreements,
    token_labels,
)
from annotator.core.review.model import AgreementInput, Disagreement, Mode, SpanColumns
from annotator.core.review.tokens import TokenBounds, token_bounds
from annotator.core.review.unitizing import UnitizingAlpha, alpha_unitizing

__all__ = [
    "OUTSIDE",
    "AgreementInput",
    "Disagreement",
    "Mode",
    "SpanColumns",
    "TokenBounds",
    "UnitizingAlpha",
    "agreement_report",
    "alpha_unitizing",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "pair_disagreements",
    "token_bounds",
    "token_labels",
]
