"""Normalise stored text: hazm for Persian, only safe fixes for Arabic and the rest."""

from __future__ import annotations

import os
import re
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from multiprocessing.context import SpawnContext, SpawnProcess
from multiprocessing.process import BaseProcess
from types import ModuleType, TracebackType
from typing import Any

from annotator.core.text.align import OffsetMap
from annotator.core.text.edits import Anchor
from annotator.core.text.hazm_import import new_normalizer
from annotator.core.text.hazm_steps import HazmSteps
from annotator.core.text.verbatim import mask_lines

SAFE_NAME = "safe-1"  # bump when normalize_safe changes, so stored texts can be told apart
NONE_NAME = "none"
KEEP = 1  # bump when what Persian normalisation keeps from hazm changes (see verbatim)

# Bidi controls and the Arabic letter mark: invisible, and they only confuse selection.
_BIDI_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_BIDI_RUN = re.compile(f"[{_BIDI_CONTROLS}]+")


@dataclass(frozen=True)
class Normalized:
    """The stored text, how to get back to the original, and which normaliser made it."""

    text: str
    offset_map: OffsetMap
    normalizer: str


def normalize_none(text: str) -> Normalized:
    """The text as imported, for projects that switch normalisation off."""
    return Normalized(text, OffsetMap.identity(), NONE_NAME)


def normalize_safe(text: str) -> Normalized:
    """NBSP to space and bidi controls out; nothing that changes how a word is spelled.

    Arabic keeps ي/ك, tatweel, diacritics and ZWNJ: they are the author's, and hazm's
    rewrites of them are wrong for Arabic. The map is exact: only removals change lengths.
    """
    blocks = []
    removed = 0
    for run in _BIDI_RUN.finditer(text):
        start, end = run.span()
        blocks.append((start, end, start - removed, start - removed))
        removed += end - start
    return Normalized(_safe_fix(text), OffsetMap(tuple(blocks)), SAFE_NAME)


def _safe_fix(text: str) -> str:
    # replace() and one regex rather than str.translate, which costs ~0.4 µs a character
    # on Arabic text here, twenty times more.
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return _BIDI_RUN.sub("", text)


class PersianNormalizer:
    """hazm's Normalizer, built on first use (about 2 s), giving the result of one line at a time.

    Line by line keeps paragraph structure and the line count (on a whole text hazm drops
    blank lines and puts spaces before line breaks) and lets the offset map align line by line.
    Latin words, codes, links, addresses and handles are kept as written (see `verbatim`).
    """

    def __init__(self, alone: bool = False) -> None:
        self._hazm: HazmSteps | None = None
        self._lock = threading.Lock()
        self._alone = alone  # in a worker: only hazm's Normalizer is loaded (new_normalizer)
        self.name = f"hazm-{version('hazm')}+keep-{KEEP}"

    def load(self) -> None:
        """Build hazm now (call it off the GUI thread); later calls are free."""
        with self._lock:
            if self._hazm is None:
                # hazm's own steps to its own result, a third faster (see hazm_steps).
                # Held beside the Normalizer, not set on it as its `normalize`: that made a
                # cycle (the Normalizer, the bound method, the steps, the Normalizer) which
                # only a full collection frees, and the window freezes whatever is alive
                # once hazm has loaded (gui.collector): 32-38 MB of lexicon kept for good.
                self._hazm = HazmSteps(new_normalizer(alone=self._alone))

    def normalize(self, text: str) -> Normalized:
        if self._hazm is None:
            self.load()
        assert self._hazm is not None
        hazm_normalize = self._hazm.normalize
        # Safe fixes first: hazm keeps U+202F and bidi controls (and never makes them).
        safe = _safe_fix(text)
        lines = safe.split("\n")
        filled = [i for i, line in enumerate(lines) if line.strip()]
        masked = mask_lines(safe)
        hazm_input = [masked[i].text if i in masked else lines[i] for i in filled]
        # One hazm call for all non-blank lines: each call has a fixed cost that makes line
        # by line 2x slower. Blank lines stay out of it (hazm would merge them), and if hazm
        # ever moved a line break, the line count tells and we go line by line.
        together = hazm_normalize("\n".join(hazm_input)).split("\n")
        if len(together) == len(filled):
            done = [line.strip(" ") for line in together]  # hazm puts a space before each break
        else:
            done = [hazm_normalize(line) for line in hazm_input]
        kept: dict[int, list[Anchor]] = {}
        for i, line in zip(filled, done, strict=True):
            if i not in masked:
                lines[i] = line
            elif (restored := masked[i].restore(line)) is not None:
                lines[i], kept[i] = restored
            # else hazm lost a piece: the line stays as it came
        result = "\n".join(lines)
        anchors = _anchors(text, safe, result, kept) if kept else []
        return Normalized(result, OffsetMap.between(text, result, anchors), self.name)


def _anchors(text: str, safe: str, result: str, kept: dict[int, list[Anchor]]) -> list[Anchor]:
    """The kept pieces as (position in `text`, position in `result`, length).

    Pieces were found in the safe-fixed text; where the safe fixes removed bidi controls,
    positions move back through their map, and a piece with a control inside is left out.
    """
    safe_map = None if len(safe) == len(text) else normalize_safe(text).offset_map
    anchors: list[Anchor] = []
    safe_at = result_at = 0
    for i, (safe_line, result_line) in enumerate(
        zip(safe.split("\n"), result.split("\n"), strict=True)
    ):
        for line_start, result_start, length in kept.get(i, ()):
            start, piece = safe_at + line_start, result_at + result_start
            if safe_map is not None:
                start = safe_map.to_original(start)
                if text[start : start + length] != result[piece : piece + length]:
                    continue
            anchors.append((start, piece, length))
        safe_at += len(safe_line) + 1
        result_at += len(result_line) + 1
    return anchors


def normalize_document(text: str, lang: str, persian: PersianNormalizer | None) -> Normalized:
    """Persian through hazm, everything else through the safe fixes only."""
    if lang == "fa":
        if persian is None:
            raise ValueError("a Persian document needs a PersianNormalizer")
        return persian.normalize(text)
    return normalize_safe(text)


class NormalizerPool:
    """Persian normalisation spread over processes for big imports.

    hazm is pure Python and holds the GIL, so threads do not help. Workers are spawned, not
    forked (the GUI process has Qt loaded), without the parent's main script, and each builds
    only hazm's Normalizer, once. Nothing starts until the first batch: an import without
    Persian documents never pays for it.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        if self.workers < 1:
            raise ValueError("a normaliser pool needs at least one worker")
        self._executor: ProcessPoolExecutor | None = None

    def submit(self, texts: list[str]) -> Future[list[Normalized]]:
        """Normalise a batch of Persian texts in one worker task.

        Workers start on demand, one per submit that finds none idle, so submit `workers`
        batches or more up front and then keep a bounded number in flight.
        """
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=_WorkerContext(),
                initializer=_init_worker,
            )
        return self._executor.submit(_normalize_batch, texts)

    def close(self, cancel: bool = False) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=cancel)
            self._executor = None

    def __enter__(self) -> NormalizerPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(cancel=exc_type is not None)


class _WorkerProcess(SpawnProcess):
    """A spawned worker that does not run the parent's main script.

    spawn runs the parent's `__main__` again in every child, so that functions defined there
    can be unpickled. A worker needs only this module, and the parent's main is the
    `annotator` command (its whole CLI, sqlite-utils, and pandas where installed: 80 MB and
    0.6 s a worker) or whatever script imports us. multiprocessing decides from
    `sys.modules["__main__"]` as it starts the child, so a bare module stands in for it
    meanwhile; the pool starts workers only from the thread that submits.
    """

    @staticmethod
    def _Popen(process_obj: BaseProcess) -> Any:
        with _STARTING:
            main = sys.modules["__main__"]
            sys.modules["__main__"] = ModuleType("__main__")
            try:
                return SpawnProcess._Popen(process_obj)
            finally:
                sys.modules["__main__"] = main


class _WorkerContext(SpawnContext):
    Process = _WorkerProcess


_STARTING = threading.Lock()
_worker_normalizer: PersianNormalizer | None = None


def _init_worker() -> None:
    global _worker_normalizer
    _worker_normalizer = PersianNormalizer(alone=True)
    _worker_normalizer.load()


def _normalize_batch(texts: list[str]) -> list[Normalized]:
    if _worker_normalizer is None:  # not started through the pool's initializer
        _init_worker()
    assert _worker_normalizer is not None
    return [_worker_normalizer.normalize(text) for text in texts]
