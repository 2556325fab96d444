"""Where a trained model is kept: in the per-user data folder, never in the project file.

A project file is something analysts send each other: untrusted input. crfsuite's model
reader is C that trusts its input (offsets read from the file index memory), so a model
taken from a project file could be a crafted one. Models therefore live only where this
user's own program wrote them: `<models dir>/<key>.crfsuite` with a JSON sidecar, the key a
digest of the project's real path and the annotator's name (a copy of a project, received
or moved, starts without a model and trains its own in seconds). The sidecar holds the
model's SHA-256, which is checked before the bytes reach crfsuite: a torn or swapped file is
refused, not parsed. The caller (CLI, window) passes the folder in: the core cannot import
`annotator.paths`.

A model is stale, and `load` returns None, when the project's labels are not the ones it
was trained with, or when it was made with other features (FEATURES_VERSION).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from annotator.core.learn.crf import (
    FEATURES_VERSION,
    Context,
    ModelInfo,
    TrainedModel,
    with_thresholds,
)
from annotator.core.store.failures import real_path
from annotator.core.store.project import Project

log = logging.getLogger(__name__)

MISSING, STALE, DAMAGED, READY = "missing", "stale", "damaged", "ready"


@dataclass(frozen=True)
class ModelState:
    """`state`: missing | stale | damaged | ready; `why` says what, for the status bar."""

    state: str
    why: str
    info: ModelInfo | None = None

    @property
    def ready(self) -> bool:
        return self.state == READY


class ModelStore:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _key(self, project: Project, annotator: str) -> str:
        where = str(real_path(Path(project.path)).resolve())
        return hashlib.sha256(f"{where}\x1f{annotator}".encode()).hexdigest()[:32]

    def paths(self, project: Project, annotator: str) -> tuple[Path, Path]:
        key = self._key(project, annotator)
        return self.directory / f"{key}.crfsuite", self.directory / f"{key}.json"

    def save(self, project: Project, model: TrainedModel) -> None:
        """Model first, then the sidecar that vouches for it, each written whole."""
        model_path, meta_path = self.paths(project, model.info.annotator)
        self.directory.mkdir(parents=True, exist_ok=True)
        _write_whole(model_path, model.data)
        _write_whole(meta_path, _sidecar(project, model))

    def state(self, project: Project, annotator: str) -> ModelState:
        """What `load` would find, without reading the model itself."""
        _model_path, meta_path = self.paths(project, annotator)
        if not meta_path.exists():
            return ModelState(MISSING, "no model trained yet")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            info = ModelInfo.from_dict(meta["info"])
            owner = meta["project"]
        except (OSError, ValueError, TypeError, KeyError) as exc:
            return ModelState(DAMAGED, f"the model's description cannot be read ({exc})")
        if owner != str(real_path(Path(project.path)).resolve()) or info.annotator != annotator:
            return ModelState(DAMAGED, "the model belongs to another project or annotator")
        if info.version != FEATURES_VERSION:
            return ModelState(STALE, "the model was made by another version", info)
        labels = tuple(sorted(project.labels.names()))
        if info.labels != labels:
            return ModelState(STALE, "the project's labels changed since it was trained", info)
        return ModelState(READY, "", info)

    def load(
        self, project: Project, annotator: str, context: Context | None = None
    ) -> TrainedModel | None:
        """The stored model if it is ready and its bytes are the ones the sidecar vouches
        for; None otherwise (retrain)."""
        found = self.state(project, annotator)
        if not found.ready or found.info is None:
            return None
        model_path, meta_path = self.paths(project, annotator)
        try:
            expected = json.loads(meta_path.read_text(encoding="utf-8"))["sha256"]
            data = model_path.read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(expected, str) or hashlib.sha256(data).hexdigest() != expected:
            log.warning("model %s does not match its description: not loaded", model_path)
            return None
        try:
            return TrainedModel(data, found.info, context or Context.of(project))
        except ValueError:  # crfsuite refused it after all
            return None

    def set_thresholds(
        self, project: Project, model: TrainedModel, thresholds: dict[str, float]
    ) -> TrainedModel:
        """The window's per-label threshold: the model with it, stored (the sidecar only is
        rewritten; the model's bytes and their digest stay)."""
        changed = with_thresholds(model, thresholds)
        _model_path, meta_path = self.paths(project, model.info.annotator)
        self.directory.mkdir(parents=True, exist_ok=True)
        _write_whole(meta_path, _sidecar(project, changed))
        return changed

    def forget(self, project: Project, annotator: str) -> None:
        for path in self.paths(project, annotator):
            path.unlink(missing_ok=True)


def _sidecar(project: Project, model: TrainedModel) -> bytes:
    meta = {
        "project": str(real_path(Path(project.path)).resolve()),
        "sha256": hashlib.sha256(model.data).hexdigest(),
        "info": model.info.as_dict(),
    }
    return json.dumps(meta, ensure_ascii=False, indent=1).encode()


def _write_whole(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
