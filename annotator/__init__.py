"""Seed Annotator: span annotation and review for right-to-left news."""

__version__ = "0.1.0"
