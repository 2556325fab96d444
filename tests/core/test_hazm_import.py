"""hazm loads without the optional libraries it would import for parts we never use."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from annotator.core.text.hazm_import import import_hazm
hazm = import_hazm()
assert "spacy" not in sys.modules and "sklearn" not in sys.modules, "loaded with hazm"
assert hazm.WordTokenizer().tokenize("این متن گفته است") == ["این", "متن", "گفته_است"]
assert hazm.Normalizer().normalize("اين يك متن") == "این یک متن"
import spacy  # our own DocBin export still finds it afterwards
print("ok", spacy.__name__)
"""


def test_hazm_comes_without_spacy_and_spacy_still_imports_afterwards():
    # A fresh interpreter: this test process may have imported spaCy already.
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok spacy"
