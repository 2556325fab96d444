"""Outside models' predictions as the readers find them: checked names, scores and offsets.

Shared by our JSONL (a record's `"model"` and `"predictions"`), Label Studio (a task's
`predictions`) and `import --predictions MODEL`, which takes any format's spans as a model's.
Every check raises `BadRecord`, which the readers turn into a problem naming file and line.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from annotator.core.formats.records import BadRecord, SourcePrediction, SourceRecord, is_whole
from annotator.core.text.names import commanding
from annotator.core.text.utf16 import Utf16Index

MAX_NAME = 200  # characters of a model's name or version (the table refuses longer ones)
MAX_PER_RECORD = 50_000  # predictions of one record: more is not a model's output on an article
SCORE_KEYS = ("score", "confidence")  # where `--predictions` finds a span's score in attrs


def model_name(value: Any, what: str = '"model"') -> str:
    """A model's name (or version): a non-blank string of at most MAX_NAME characters with
    nothing commanding the text around it (text.names), since it is shown as the
    suggestion's source and on the command line."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # Label Studio writes model_version 1 as often as "1"
    if not isinstance(value, str) or not value.strip():
        raise BadRecord(f"{what} must be a non-empty string")
    value = value.strip()
    if len(value) > MAX_NAME:
        raise BadRecord(f"{what} is longer than {MAX_NAME} characters")
    if commanding(value):
        raise BadRecord(f"{what} holds a control or text-direction character")
    return value


def score_of(value: Any, what: str) -> float | None:
    """A finite number, or None when absent: NaN or infinity would order nothing."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRecord(f'{what}: "score" must be a number, not {value!r}')
    try:
        score = float(value)
    except OverflowError:  # a whole number past any double
        score = math.inf
    if not math.isfinite(score):
        raise BadRecord(f'{what}: "score" must be a finite number, not {value!r}')
    return score


def predictions_of(
    obj: dict[str, Any], text: str, unit_index: Utf16Index | None = None
) -> tuple[tuple[SourcePrediction, ...], tuple[str, ...]]:
    """Our JSONL record's `"predictions"` (with `"model"`, and `"model_version"` if any):
    `[{"start", "end", "label", "score"?, "text"?, "attrs"?}]`, offsets in the record's
    unit (`unit_index`, a Utf16Index, converts UTF-16 ones). Returns the predictions and
    the models the record speaks for (none when it has no "predictions")."""
    if obj.get("predictions") is None:  # absent or null, as "spans" may be
        return (), ()
    items = obj["predictions"]
    if not isinstance(items, list):
        raise BadRecord('"predictions" must be a list')
    if len(items) > MAX_PER_RECORD:
        raise BadRecord(f'"predictions" holds {len(items)} items; at most {MAX_PER_RECORD}')
    model = model_name(obj.get("model"), '"model" (the name of the model that predicted)')
    version = (
        None
        if obj.get("model_version") is None
        else model_name(obj["model_version"], '"model_version"')
    )
    out: list[SourcePrediction] = []
    for i, item in enumerate(items, start=1):
        what = f"prediction {i}"
        if not isinstance(item, dict):
            raise BadRecord(f"{what} is not an object")
        start, end, label = item.get("start"), item.get("end"), item.get("label")
        if not (is_whole(start) and is_whole(end)):
            raise BadRecord(f'{what}: "start" and "end" must be whole numbers')
        if not isinstance(label, str) or not label.strip():
            raise BadRecord(f'{what}: "label" must be a non-empty string')
        if unit_index is not None:
            start, end = _from_utf16(unit_index, what, label, start, end)
        if not 0 <= start < end <= len(text):
            raise BadRecord(
                f"{what} ({label}) offsets {start}-{end} fall outside the text "
                f"(0-{len(text)} code points)"
            )
        expected = item.get("text")
        if expected is not None and expected != text[start:end]:
            raise BadRecord(
                f"{what} ({label}) {start}-{end} says {expected!r} but the text there is "
                f"{text[start:end]!r}"
            )
        attrs = item.get("attrs")
        if attrs is None:
            attrs = {}
        elif not isinstance(attrs, dict):
            raise BadRecord(f'{what}: "attrs" must be an object')
        out.append(
            SourcePrediction(start, end, label, model, score_of(item.get("score"), what),
                             version, attrs)
        )  # fmt: skip
    return tuple(out), (model,)


def _from_utf16(index: Utf16Index, what: str, label: str, start: int, end: int) -> tuple[int, int]:
    try:
        cp_start, cp_end = index.to_codepoint(start, "start"), index.to_codepoint(end, "end")
    except ValueError:
        raise BadRecord(
            f"{what} ({label}) offsets {start}-{end} fall outside the text "
            f"(0-{index.utf16_length} UTF-16 units)"
        ) from None
    if index.to_utf16(cp_start) != start or index.to_utf16(cp_end) != end:
        raise BadRecord(
            f"{what} ({label}) UTF-16 offsets {start}-{end} cut a character in two "
            "(an emoji?): were they counted in code points?"
        )
    return cp_start, cp_end


def as_predictions(record: SourceRecord, model: str) -> SourceRecord:
    """`import --predictions MODEL`: the record's spans are that model's predictions, not
    an annotator's (a score in a span's attrs, as `score` or `confidence`, is kept as its
    score); the record's annotator and status say nothing about anyone's work then."""
    if not record.has_annotations:
        return record
    predicted = []
    for i, span in enumerate(record.spans, start=1):
        attrs = dict(span.attrs)
        raw = next((attrs.pop(k) for k in SCORE_KEYS if k in attrs), None)
        score = score_of(raw, f"span {i}")
        predicted.append(SourcePrediction(span.start, span.end, span.label, model, score,
                                          None, attrs))  # fmt: skip
    return replace(
        record,
        annotator=None,
        status=None,
        spans=(),
        relations=(),
        has_annotations=False,
        predictions=record.predictions + tuple(predicted),
        predicted_by=tuple(dict.fromkeys((*record.predicted_by, model))),
    )
