"""hazm, imported without the optional libraries it would load for parts we never use.

At import time hazm (and nltk under it) load spaCy and scikit-learn when they are installed,
for parsers and classifiers this tool does not use: about 100 MB more in every process that
normalises or tokenises Persian, once a user has the `[spacy]` extra for DocBin export. They
are hidden while hazm loads; our own DocBin export imports spaCy under the same lock, after.

A normaliser worker goes further (`new_normalizer(alone=True)`): it loads only the modules
hazm's Normalizer is made of.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import threading
from types import ModuleType
from typing import Any

UNUSED = ("spacy", "sklearn")
LOCK = threading.RLock()  # held while the names are hidden: no import of them meanwhile
# Packages whose __init__ a lone Normalizer does without: hazm's imports every tagger, parser,
# embedding and corpus reader (with gensim, scipy, numpy, requests), nltk's its whole library.
# The Normalizer itself needs eight small modules of hazm and two of nltk's base classes.
BYPASSED = ("hazm", "nltk", "nltk.tokenize", "nltk.stem")


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


def new_normalizer(alone: bool = False) -> Any:
    """A hazm Normalizer with default settings, equal to `hazm.Normalizer()` in all it holds.

    hazm's constructor builds a Lemmatizer only to take its conjugated verbs, and that
    Lemmatizer reads the 190,000-word lexicon a second time, though the verbs come from the
    verb list alone: here it is given no lexicon (a third less time and 40 MB less peak).

    `alone`: for a process that will use nothing else of hazm, a normaliser worker. Its
    packages are entered without running their __init__ (1 s and 90 MB a process); a
    process that has hazm already, or might import it later, must not pass it.
    """
    with LOCK:
        if not (alone and "hazm" not in sys.modules and _import_bypassing_packages()):
            import_hazm()
        normalizer_module = importlib.import_module("hazm.normalizer")
        lemmatizer_module = importlib.import_module("hazm.lemmatizer")
    normalizer = normalizer_module.Normalizer(seperate_mi=False)
    # What Normalizer.__init__ does for seperate_mi=True (hazm 0.12), without the lexicon.
    lemmatizer = lemmatizer_module.Lemmatizer(words_file=os.devnull, joined_verb_parts=False)
    normalizer._seperate_mi = True
    normalizer._verbs = set(lemmatizer.verbs.keys())
    return normalizer


def _import_bypassing_packages() -> bool:
    """hazm.normalizer and hazm.lemmatizer with BYPASSED entered as bare packages; False, and
    nothing of them left loaded, where that cannot be done (a packager's importer, a hazm
    whose modules came to need their package's __init__): then hazm is imported whole."""
    try:
        for name in BYPASSED:
            spec = importlib.util.find_spec(name)
            if spec is None or spec.submodule_search_locations is None:
                raise ImportError(f"{name} is not a package")
            sys.modules[name] = importlib.util.module_from_spec(spec)
        importlib.import_module("hazm.normalizer")
        importlib.import_module("hazm.lemmatizer")
    except ImportError:
        for name in [m for m in sys.modules if m.split(".")[0] in ("hazm", "nltk")]:
            del sys.modules[name]
        return False
    return True
