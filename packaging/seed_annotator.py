"""Entry point of the frozen app (PyInstaller): the same `annotator` command as `pip install`.

freeze_support() must run first: the normaliser pool spawns worker processes, and in a frozen
app a spawned worker re-runs this very executable; freeze_support() turns that run into the
worker instead of a second window.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from annotator.cli import main

    sys.exit(main())
