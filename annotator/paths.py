"""Where things live: per-user files (appdirs) and the bundled demo corpus and resources."""

from __future__ import annotations

from pathlib import Path

import appdirs

APP_NAME = "SeedAnnotator"
PROJECT_SUFFIX = ".seedproj"
_PACKAGE = Path(__file__).resolve().parent


def user_data_dir() -> Path:
    return Path(appdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    return Path(appdirs.user_config_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    return Path(appdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_state_dir() -> Path:
    """What must outlive a crash but is no one's document: the journal of running exports."""
    return Path(appdirs.user_state_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    return Path(appdirs.user_log_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    """Trained suggestion models (issue 15): this user's own files, never a project's."""
    return user_data_dir() / "models"


def settings_path() -> Path:
    return user_config_dir() / "settings.json"


def default_project_path() -> Path:
    return user_data_dir() / f"default{PROJECT_SUFFIX}"


def _bundled(name: str) -> Path:
    """Installed wheels carry data in annotator/_data; a source checkout has it at the top."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled {name!r} folder is missing from this installation")


def seeds_dir() -> Path:
    return _bundled("seeds")


def resources_dir() -> Path:
    return _bundled("resources")
