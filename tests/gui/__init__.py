"""Widget tests, driven with real mouse and keyboard input (pytest-qt, offscreen)."""
