"""The Qt window: widgets, models and undo commands on top of annotator.core."""

# PySide6 inspects the source of every module imported after it (its __feature__ hook):
# ~0.15 s of start-up for the core and sqlite-utils. Importing them first skips that.
import annotator.core.services.exporter
import annotator.core.services.importer  # noqa: F401
