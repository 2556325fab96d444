"""Agreement figures: hand-worked cases, and the vectorized code against slow references."""

from __future__ import annotations

import math
import random
import warnings
from fractions import Fraction
from itertools import combinations

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotator.core.errors import Cancelled
from annotator.core.review import (
    AgreementInput,
    RankedDocument,
    SpanColumns,
    agreement_report,
    alpha_unitizing,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    pair_disagreements,
    token_bounds,
    token_labels,
)
from annotator.core.text.tokens import regex_tokens

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def make_input(
    texts: list[str],
    labels: list[str],
    spans: dict[str, list[tuple[int, int, int, int]]],
    worked: dict[str, list[bool]] | None = None,
) -> AgreementInput:
    names = list(spans)
    return AgreementInput(
        documents=[f"d{i}" for i in range(len(texts))],
        texts=texts,
        labels=labels,
        annotators=names,
        spans={a: SpanColumns.from_rows(rows) for a, rows in spans.items()},
        worked={
            a: np.array(worked[a] if worked else [True] * len(texts), dtype=bool) for a in names
        },
    )


def no_nan(value: object) -> None:
    """No NaN anywhere in a report: undefined figures are None."""
    if isinstance(value, float):
        assert not math.isnan(value)
    elif isinstance(value, dict):
        for v in value.values():
            no_nan(v)
    elif isinstance(value, list):
        for v in value:
            no_nan(v)


# -- tokens ---------------------------------------------------------------------------------

CHARS = st.sampled_from(
    list("سلام بر شما کتاب‌ها") + list("الْعَرَبِيَّةُ ٣٤٥ 12")  # Persian, harakat, digits
    + ["\u200c", "\u200d", "_", "،", ".", "!", "«", "»", "-", "\n", "\t", "\u00a0", " "]
    + ["\U0001f600", "\U0001d400", "\U00010400", "\U0001f1ee", "a", "Z", "\u0301", "\x1c"]
)  # fmt: skip


@FAST
@given(st.lists(st.text(CHARS, max_size=40), min_size=1, max_size=6), st.integers(1, 60))
def test_token_bounds_equal_regex_tokens(texts: list[str], chunk: int) -> None:
    bounds = token_bounds(texts, chunk=chunk)  # tiny chunks: documents cut across passes
    for d, text in enumerate(texts):
        assert bounds.of(d) == [(t.start, t.end) for t in regex_tokens(text)]


# -- span F1, by hand -----------------------------------------------------------------------

TEXT = "aa bb cc dd ee ff gg hh"  # tokens at 0, 3, 6, 9, 12, 15, 18, 21 (2 characters each)


def test_exact_and_overlap_f1_by_hand() -> None:
    # a: per[0,5) loc[6,8) per[12,14); b: per[0,2) loc[6,8) loc[12,14) per[18,20)
    # exact: loc[6,8) only -> tp 1, fp 3, fn 2, F1 = 2/(2+3+2) = 2/7
    # overlap: + per[0,5)~per[0,2) -> tp 2, fp 2, fn 1, F1 = 4/7; per[12,14) vs loc: no
    inp = make_input(
        [TEXT],
        ["per", "loc"],
        {
            "a": [(0, 0, 5, 0), (0, 6, 8, 1), (0, 12, 14, 0)],
            "b": [(0, 0, 2, 0), (0, 6, 8, 1), (0, 12, 14, 1), (0, 18, 20, 0)],
        },
    )
    (pair,) = agreement_report(inp).pairs
    exact, overlap = pair.f1_exact, pair.f1_overlap
    assert (exact.total.tp, exact.total.fp, exact.total.fn) == (1, 3, 2)
    assert exact.micro == pytest.approx(2 / 7)
    assert (overlap.total.tp, overlap.total.fp, overlap.total.fn) == (2, 2, 1)
    assert overlap.micro == pytest.approx(4 / 7)
    assert overlap.total.precision == pytest.approx(2 / 4) and overlap.total.recall == 2 / 3
    # per label, overlap: per tp 1, fp 1 (b's [18,20)), fn 1 (a's [12,14)) -> 1/2;
    # loc tp 1, fp 1 (b's [12,14)), fn 0 -> 2/3
    assert {k: c.f1.value for k, c in overlap.by_label.items()} == pytest.approx(
        {"per": 0.5, "loc": 2 / 3}
    )
    assert overlap.by_label["loc"].recall == 1.0


def test_duplicates_match_as_multisets() -> None:
    # a marks per[0,2) three times, b twice: exact tp 2, fn 1, fp 0 -> F1 = 4/5
    inp = make_input([TEXT], ["per"], {"a": [(0, 0, 2, 0)] * 3, "b": [(0, 0, 2, 0)] * 2})
    (pair,) = agreement_report(inp).pairs
    assert (pair.f1_exact.total.tp, pair.f1_exact.total.fp, pair.f1_exact.total.fn) == (2, 0, 1)
    assert pair.f1_exact.micro == pytest.approx(0.8)
    assert pair.f1_overlap.total.tp == 2  # the third copy has no partner left


def test_one_long_span_matches_one_of_three_short_ones() -> None:
    # a: per[0,8) over three b spans [0,2) [3,5) [6,8): one-to-one -> tp 1, fp 2, fn 0,
    # F1 = 2/(2+2) = 0.5. The partner is the first (all share 2, same union 8 -> earlier).
    inp = make_input(
        [TEXT], ["per"], {"a": [(0, 0, 8, 0)], "b": [(0, 0, 2, 0), (0, 3, 5, 0), (0, 6, 8, 0)]}
    )
    (pair,) = agreement_report(inp).pairs
    assert (pair.f1_overlap.total.tp, pair.f1_overlap.total.fp) == (1, 2)
    assert pair.f1_overlap.micro == 0.5
    listed = pair_disagreements(inp, "a", "b")
    assert [(d.a, d.b, d.kind) for d in listed] == [
        ((0, 8, 0), (3, 5, 0), "boundary"),  # b's lone spans show a's span they overlap
        ((0, 8, 0), (6, 8, 0), "boundary"),
    ]


def test_greedy_prefers_most_shared_characters() -> None:
    # a: [0,5) [6,11); b: [3,11). b shares 2 with [0,5), 5 with [6,11) -> b pairs [6,11)
    inp = make_input([TEXT], ["per"], {"a": [(0, 0, 5, 0), (0, 6, 11, 0)], "b": [(0, 3, 11, 0)]})
    listed = pair_disagreements(inp, "a", "b")
    assert [(d.a, d.b) for d in listed] == [((0, 5, 0), (3, 11, 0))]
    # a: [2,6); b: [0,4) and [4,6) share 2 each; unions 6 and 4: the tighter [4,6) wins
    inp = make_input([TEXT], ["per"], {"a": [(0, 2, 6, 0)], "b": [(0, 0, 4, 0), (0, 4, 6, 0)]})
    listed = pair_disagreements(inp, "a", "b")
    assert [(d.a, d.b, d.kind) for d in listed] == [((2, 6, 0), (0, 4, 0), "boundary")]


# -- token labels and kappa, by hand --------------------------------------------------------


def test_token_kappa_with_a_boundary_disagreement() -> None:
    # tokens aa bb cc dd: a per[0,5) -> per per O O; b per[0,2) -> per O O O
    # joint: (per,per) 1, (per,O) 1, (O,O) 2; p_o = 3/4; p_e = (2/4)(1/4) + (2/4)(3/4) = 1/2
    # kappa = (3/4 - 1/2) / (1 - 1/2) = 0.5
    inp = make_input(["aa bb cc dd"], ["per"], {"a": [(0, 0, 5, 0)], "b": [(0, 0, 2, 0)]})
    report = agreement_report(inp)
    assert report.pairs[0].cohen_kappa.value == pytest.approx(0.5)
    assert token_labels(inp, "a", 0) == ["per", "per", "O", "O"]
    assert token_labels(inp, "b", 0) == ["per", "O", "O", "O"]


def test_priority_longest_then_earlier_then_label_sorting_first() -> None:
    # "aaaa bb cc": loc[2,7) (5 chars) and per[0,3) (3 chars) both touch aaaa: longest wins
    inp = make_input(["aaaa bb cc"], ["per", "loc"], {"a": [(0, 0, 3, 0), (0, 2, 7, 1)]})
    assert token_labels(inp, "a", 0) == ["loc", "loc", "O"]
    # "abcdef": per[3,5) and loc[0,2), same length: the earlier start (loc) wins
    inp = make_input(["abcdef"], ["per", "loc"], {"a": [(0, 3, 5, 0), (0, 0, 2, 1)]})
    assert token_labels(inp, "a", 0) == ["loc"]
    # same length and start: the label sorting first ("alpha", code 1) wins over "zeta"
    inp = make_input(["abcdef"], ["zeta", "alpha"], {"a": [(0, 0, 2, 0), (0, 0, 2, 1)]})
    assert token_labels(inp, "a", 0) == ["alpha"]


# -- plain coefficients against references --------------------------------------------------

VALUES = st.sampled_from(["O", "per", "loc", "org"])


@FAST
@given(st.lists(st.tuples(VALUES, VALUES), min_size=1, max_size=50))
def test_cohen_kappa_is_sklearns(pairs: list[tuple[str, str]]) -> None:
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    ours = cohen_kappa(a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = cohen_kappa_score(a, b)
    if ours is None:
        assert math.isnan(ref)
    else:
        assert ours == pytest.approx(ref, abs=1e-12)


@FAST
@given(
    st.integers(2, 4).flatmap(
        lambda m: st.lists(
            st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=m, max_size=m),
            min_size=1,
            max_size=30,
        )
    )
)
def test_krippendorff_alpha_is_the_packages(units: list[list[int | None]]) -> None:
    data = [list(coder) for coder in zip(*units, strict=True)]  # coders x units
    ours = krippendorff_alpha(data)
    reference = np.array([[np.nan if v is None else v for v in row] for row in data], float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = krippendorff.alpha(reference, level_of_measurement="nominal")
    except (ValueError, ZeroDivisionError):
        ref = math.nan  # the package refuses one value in the domain
    if ours is None:
        assert math.isnan(ref) or not any(sum(v is not None for v in unit) >= 2 for unit in units)
    else:
        assert ours == pytest.approx(ref, abs=1e-9)


FLEISS_1971 = [  # Wikipedia's worked example (Fleiss 1971 style): 10 items, 14 raters
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def fleiss_by_formula(table: list[list[int]]) -> float:
    items, n = len(table), sum(table[0])
    p_i = [(sum(c * c for c in row) - n) / (n * (n - 1)) for row in table]
    p_j = [sum(row[j] for row in table) / (items * n) for j in range(len(table[0]))]
    p_bar, p_e = sum(p_i) / items, sum(p * p for p in p_j)
    return (p_bar - p_e) / (1 - p_e)


def test_fleiss_worked_example() -> None:
    assert fleiss_kappa(FLEISS_1971) == pytest.approx(0.210, abs=5e-4)
    assert fleiss_kappa([[3, 0], [3, 0]]) is None  # chance agreement 1
    assert fleiss_kappa([]) is None


@FAST
@given(st.integers(2, 5), st.integers(2, 4), st.randoms(use_true_random=False))
def test_fleiss_is_the_formula(raters: int, categories: int, rng: random.Random) -> None:
    table = []
    for _ in range(rng.randint(1, 12)):
        row = [0] * categories
        for _ in range(raters):
            row[rng.randrange(categories)] += 1
        table.append(row)
    ours = fleiss_kappa(table)
    totals = [sum(col) for col in zip(*table, strict=True)]
    if max(totals) == len(table) * raters:
        assert ours is None
    else:
        assert ours == pytest.approx(fleiss_by_formula(table), abs=1e-12)


# -- report token figures against an independent slow computation ---------------------------

WORDS = ["سلام", "کتاب‌ها", "الْعَرَبِيَّةُ", "٣٤٥", "،", "«خبر»", "x_y", "."]


def random_input(rng: random.Random, annotators: int = 3) -> AgreementInput:
    texts = [" ".join(rng.choices(WORDS, k=rng.randint(0, 8))) for _ in range(rng.randint(1, 4))]
    spans: dict[str, list[tuple[int, int, int, int]]] = {}
    worked: dict[str, list[bool]] = {}
    for a in range(annotators):
        rows = []
        for d, text in enumerate(texts):
            for _ in range(rng.randint(0, 3) if text else 0):
                s = rng.randrange(len(text))
                rows.append((d, s, rng.randint(s + 1, min(len(text), s + 12)), rng.randrange(3)))
        spans[f"c{a}"] = rows
        worked[f"c{a}"] = [rng.random() < 0.8 for _ in texts]
    return make_input(texts, ["per", "loc", "org"], spans, worked)


def slow_token_labels(inp: AgreementInput, a: str, d: int) -> list[str] | None:
    if not inp.worked[a][d]:
        return None
    cols = inp.spans[a]
    spans = [
        (int(s), int(e), inp.labels[int(lab)])
        for doc, s, e, lab in zip(cols.doc, cols.start, cols.end, cols.label, strict=True)
        if doc == d
    ]
    out = []
    for t in regex_tokens(inp.texts[d]):
        touching = [(-(e - s), s, lab) for s, e, lab in spans if s < t.end and t.start < e]
        out.append(min(touching)[2] if touching else "O")
    return out


def kappa_or_none(a: list[str], b: list[str]) -> float | None:
    if not a or len(set(a) | set(b)) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(a, b)
    return None if math.isnan(value) else value


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_report_token_figures_equal_references(rng: random.Random) -> None:
    inp = random_input(rng)
    report = agreement_report(inp)
    no_nan(report.as_dict())
    names = list(inp.annotators)
    per_doc = {a: [slow_token_labels(inp, a, d) for d in range(len(inp.texts))] for a in names}
    for pair in report.pairs:
        x, y = [], []
        for la, lb in zip(per_doc[pair.a], per_doc[pair.b], strict=True):
            if la is not None and lb is not None:
                x += la
                y += lb
        expected = kappa_or_none(x, y)
        if expected is None:
            assert pair.cohen_kappa.value is None
        else:
            assert pair.cohen_kappa.value == pytest.approx(expected, abs=1e-9)
    # Fleiss: documents everyone did
    values = ["O", *inp.labels]
    table = []
    for d in range(len(inp.texts)):
        rows = [per_doc[a][d] for a in names]
        if all(r is not None for r in rows):
            table += [[col.count(v) for v in values] for col in zip(*rows, strict=True)]
    totals = [sum(c) for c in zip(*table, strict=True)] if table else []
    if not table or max(totals) == len(table) * len(names):
        assert report.fleiss_kappa.value is None
    else:
        assert report.fleiss_kappa.value == pytest.approx(fleiss_by_formula(table), abs=1e-9)
    # alpha: every token, missing where an annotator did not do the document
    columns = []
    for d in range(len(inp.texts)):
        n_tok = len(regex_tokens(inp.texts[d]))
        for t in range(n_tok):
            columns.append(
                [np.nan if per_doc[a][d] is None else values.index(per_doc[a][d][t]) for a in names]
            )
    pairable = [c for c in columns if sum(not math.isnan(v) for v in c) >= 2]
    used = {v for c in pairable for v in c if not math.isnan(v)}
    if len(used) < 2:
        assert report.krippendorff_alpha.value is None
    else:
        ref = krippendorff.alpha(np.array(columns, float).T, level_of_measurement="nominal")
        assert report.krippendorff_alpha.value == pytest.approx(ref, abs=1e-9)


# -- alpha_U against the definition ---------------------------------------------------------


def merged(rows: list[tuple[int, int, int, int]], doc: int, label: int) -> list[tuple[int, int]]:
    units: list[list[int]] = []
    for _, s, e, _ in sorted(r for r in rows if r[0] == doc and r[3] == label):
        if units and s < units[-1][1]:
            units[-1][1] = max(units[-1][1], e)
        else:
            units.append([s, e])
    return [(s, e) for s, e in units]


def brute_alpha_u(coders: list[list[tuple[int, int, int, int]]], lengths: list[int], label: int):
    """(D_o, D_e) of one label straight from the definition: every coder's segments (units
    and gaps, per document, placed end to end), every pair of segments of two coders."""
    m, total = len(coders), sum(lengths)
    bases = [sum(lengths[:d]) for d in range(len(lengths))]
    segments = []  # per coder: (begin, length, is_unit)
    for rows in coders:
        segs = []
        for d, length in enumerate(lengths):
            pos = 0
            for s, e in merged(rows, d, label):
                if s > pos:
                    segs.append((bases[d] + pos, s - pos, False))
                segs.append((bases[d] + s, e - s, True))
                pos = e
            if length > pos:
                segs.append((bases[d] + pos, length - pos, False))
        segments.append(segs)
    observed = 0
    for i in range(m):
        for j in range(m):
            if i == j:
                continue
            for bg, lg, ug in segments[i]:
                for bh, lh, uh in segments[j]:
                    if ug and uh and bg < bh + lh and bh < bg + lg:
                        observed += (bg - bh) ** 2 + (bg + lg - bh - lh) ** 2
                    elif ug and not uh and bh <= bg and bg + lg <= bh + lh:
                        observed += lg**2
                    elif uh and not ug and bg <= bh and bh + lh <= bg + lg:
                        observed += lh**2
    units = [lg for segs in segments for _, lg, u in segs if u]
    gaps = [lg for segs in segments for _, lg, u in segs if not u]
    if not units:
        return None
    n = len(units)
    num = Fraction(0)
    for lu in units:
        num += Fraction(n - 1, 3) * (2 * lu**3 - 3 * lu**2 + lu)
        num += lu**2 * sum(lh - lu + 1 for lh in gaps if lh >= lu)
    den = m * total * (m * total - 1) - sum(lu * (lu - 1) for lu in units)
    d_e = Fraction(2, total) * num / den
    return Fraction(observed, m * (m - 1) * total**2), d_e


@st.composite
def unitized(draw: st.DrawFn):
    lengths = draw(st.lists(st.integers(1, 14), min_size=1, max_size=3))
    coders = []
    for _ in range(draw(st.integers(2, 3))):
        rows = []
        for d, length in enumerate(lengths):
            for _ in range(draw(st.integers(0, 3))):
                s = draw(st.integers(0, length - 1))
                rows.append((d, s, draw(st.integers(s + 1, length)), draw(st.integers(0, 1))))
        coders.append(rows)
    return coders, lengths


@FAST
@given(unitized())
def test_alpha_unitizing_equals_brute_force(
    case: tuple[list[list[tuple[int, int, int, int]]], list[int]],
) -> None:
    coders, lengths = case
    result = alpha_unitizing(coders, lengths, n_labels=2)
    sum_o, sum_e = Fraction(0), Fraction(0)
    for label in range(2):
        brute = brute_alpha_u(coders, lengths, label)
        if brute is None or brute[1] == 0:
            assert result.per_label[label] is None
            continue
        d_o, d_e = brute
        sum_o, sum_e = sum_o + d_o, sum_e + d_e
        assert result.per_label[label] == pytest.approx(float(1 - d_o / d_e), abs=1e-9)
    if sum_e:
        assert result.overall == pytest.approx(float(1 - sum_o / sum_e), abs=1e-9)
    else:
        assert result.overall is None


def test_alpha_unitizing_identical_and_unused() -> None:
    rows = [(0, 0, 3, 0), (0, 5, 9, 0), (1, 2, 4, 0), (1, 1, 6, 0)]  # overlapping: merged
    result = alpha_unitizing([rows, list(reversed(rows))], [10, 8], n_labels=2)
    assert result.per_label == [1.0, None]  # label 1: nobody used it
    assert result.overall == 1.0
    assert result.reasons[0] is None
    assert result.reasons[1] is not None and "nobody marked" in result.reasons[1]


# -- undefined figures ----------------------------------------------------------------------


def test_one_annotator_gives_none_with_reasons() -> None:
    inp = make_input([TEXT], ["per"], {"a": [(0, 0, 2, 0)]})
    report = agreement_report(inp)
    no_nan(report.as_dict())
    assert report.pairs == ()
    assert report.fleiss_kappa.value is None and report.krippendorff_alpha.value is None
    assert report.alpha_unitizing.overall.value is None
    for key in ("fleiss_kappa", "krippendorff_alpha", "alpha_unitizing.overall"):
        assert report.reasons()[key]
    assert report.ranking[0].disagreement is None


def test_no_spans_at_all() -> None:
    inp = make_input([TEXT, "x y"], ["per", "loc"], {"a": [], "b": []})
    report = agreement_report(inp)
    no_nan(report.as_dict())
    (pair,) = report.pairs
    assert pair.f1_exact.micro is None and pair.f1_overlap.total.precision is None
    assert pair.cohen_kappa.value is None  # every token "O" for both: chance agreement 1
    assert report.fleiss_kappa.value is None and report.krippendorff_alpha.value is None
    assert report.alpha_unitizing.overall.value is None
    assert {"a/b.f1_exact.micro", "a/b.cohen_kappa", "fleiss_kappa"} <= set(report.reasons())
    # both empty on a document = full agreement on it
    assert [r.disagreement for r in report.ranking] == [0.0, 0.0]


def test_unused_label_and_document_only_one_annotator_did() -> None:
    inp = make_input(
        [TEXT, "x y"],
        ["per", "unused"],
        {"a": [(0, 0, 2, 0), (1, 0, 1, 0)], "b": [(0, 0, 5, 0)]},
        worked={"a": [True, True], "b": [True, False]},
    )
    report = agreement_report(inp)
    no_nan(report.as_dict())
    (pair,) = report.pairs
    assert pair.documents == 1
    # a's span on d1 is out: b did not do it. exact: tp 0, fp 1, fn 1 -> F1 0.0 (not None)
    assert pair.f1_exact.micro == 0.0 and pair.f1_overlap.micro == 1.0
    assert pair.f1_exact.by_label["unused"].f1.value is None
    assert report.alpha_unitizing.per_label["unused"].value is None
    assert "alpha_unitizing.per_label.unused" in report.reasons()
    assert "a/b.f1_exact.per_label.unused" in report.reasons()
    assert report.ranking == (
        RankedDocument(doc="d0", index=0, disagreement=0.0, pairs=1),
        RankedDocument(doc="d1", index=1, disagreement=None, pairs=0),
    )


def test_documents_ranked_worst_first() -> None:
    # d0: a per[0,2), b per[0,2) -> F1 1; d1: a per[0,1), b loc[0,1) -> F1 0
    a, b = [(0, 0, 2, 0), (1, 0, 1, 0)], [(0, 0, 2, 0), (1, 0, 1, 1)]
    inp = make_input([TEXT, "x y"], ["per", "loc"], {"a": a, "b": b})
    ranking = agreement_report(inp).ranking
    assert [(r.doc, r.disagreement) for r in ranking] == [("d1", 1.0), ("d0", 0.0)]


# -- the list behind a figure ---------------------------------------------------------------


def test_pair_disagreement_kinds() -> None:
    # tokens aa0 bb3 cc6 dd9 ee12 ff15 gg18 hh21
    a = [(0, 0, 2, 0), (0, 3, 5, 0), (0, 6, 11, 0), (0, 12, 14, 0), (0, 18, 20, 0)]
    b = [(0, 0, 2, 0), (0, 3, 5, 1), (0, 6, 8, 0), (0, 12, 17, 1), (0, 21, 23, 1)]
    inp = make_input([TEXT], ["per", "loc"], {"a": a, "b": b})
    exact = pair_disagreements(inp, "a", "b", mode="exact")
    assert [(d.doc, d.a, d.b, d.kind) for d in exact] == [
        (0, (3, 5, 0), (3, 5, 1), "label"),
        (0, (6, 11, 0), (6, 8, 0), "boundary"),
        (0, (12, 14, 0), (12, 17, 1), "overlap_label"),
        (0, (18, 20, 0), None, "only_a"),
        (0, None, (21, 23, 1), "only_b"),
    ]
    overlap = pair_disagreements(inp, "a", "b")  # [6,11) ~ [6,8) matches now
    assert [d.kind for d in overlap] == ["label", "overlap_label", "only_a", "only_b"]
    only_loc = pair_disagreements(inp, "a", "b", label="loc", mode="exact")
    assert [(d.a, d.b, d.kind) for d in only_loc] == [
        ((3, 5, 0), (3, 5, 1), "label"),
        ((12, 14, 0), (12, 17, 1), "overlap_label"),
        (None, (21, 23, 1), "only_b"),
    ]


# -- cancellation and progress --------------------------------------------------------------


def test_cancel_raises_and_progress_counts() -> None:
    inp = random_input(random.Random(3))
    seen: list[tuple[int, int]] = []
    agreement_report(inp, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == list(range(1, len(seen) + 1))
    with pytest.raises(Cancelled):
        agreement_report(inp, cancelled=lambda: True)
    calls = []
    with pytest.raises(Cancelled):
        agreement_report(
            inp, progress=lambda d, t: calls.append(d), cancelled=lambda: len(calls) >= 2
        )
    assert calls == [1, 2]


def test_pairs_cover_every_annotator_pair() -> None:
    inp = random_input(random.Random(5), annotators=4)
    report = agreement_report(inp)
    assert [(p.a, p.b) for p in report.pairs] == list(combinations(inp.annotators, 2))
