"""hazm, imported without the optional libraries it would load for parts we never use.

At import time hazm (and nltk under it) load spaCy and scikit-learn when they are installed,
for parsers and classifiers this tool does not use: about 100 MB more in every process that
normalises or tokenises Persian, once a user has the `[spacy]` extra for DocBin export. They
are hidden while hazm loads; our own DocBin export imports spaCy under the same lock, after.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType

UNUSED = ("spacy", "sklearn")
LOCK = threading.RLock()  # held while the names are hidden: no import of them meanwhile


def import_hazm() -> ModuleType:
    with LOCK:
        if "hazm" in sys.modules:
            return sys.modules["hazm"]
        hidden = [name for name in UNUSED if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]  # "not installed", to hazm
        try:
            import hazm
        finally:
            for name in hidden:
                if sys.modules.get(name, False) is None:
                    del sys.modules[name]
        return hazm
