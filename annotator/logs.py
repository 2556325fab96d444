"""Where the program writes what happened: a rotating log in the per-user log folder.

A user who hits a bug is shown this path; a support request then carries the traceback
instead of a description of it.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from annotator import paths

LOG_NAME = "seed-annotator.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def log_path() -> Path:
    return paths.user_log_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to the per-user file (1 MB, 3 old copies kept); returns the file's path.

    Falls back to standard error alone when the folder cannot be written (a read-only
    home), rather than refusing to start.
    """
    root = logging.getLogger()
    root.setLevel(level)
    target = log_path()
    if any(getattr(h, "baseFilename", None) == str(target) for h in root.handlers):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return target
