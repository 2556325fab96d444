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


def _state(normalizer: object) -> dict:
    """What a Normalizer holds, its tokenizer's included, with values that compare by value."""
    state = dict(vars(normalizer))
    tokenizer = state.pop("_tokenizer")
    state.update({f"tokenizer.{k}": v for k, v in vars(tokenizer).items()})
    return state


def test_our_normalizer_holds_what_hazms_own_holds(persian) -> None:
    import hazm

    from annotator.core.text.hazm_import import new_normalizer

    ours, theirs = _state(new_normalizer()), _state(hazm.Normalizer())
    assert ours.keys() == theirs.keys()
    for key in ours:
        assert ours[key] == theirs[key], key
    assert len(ours["_verbs"]) > 100_000 and len(ours["_words"]) > 100_000


ALONE = """
import pickle, sys
from pathlib import Path
from annotator.core.text.hazm_import import new_normalizer
normalizer = new_normalizer(alone=True)
texts = [path.read_text(encoding="utf-8") for path in sorted(Path("seeds").glob("00[01]_*.txt"))]
loaded = sorted(m for m in ("hazm.chunker", "hazm.embedding", "nltk.corpus", "scipy", "gensim")
                if m in sys.modules)
sys.stdout.buffer.write(pickle.dumps(
    (loaded, normalizer._words, normalizer._verbs, [normalizer.normalize(t) for t in texts])
))
"""


def test_a_normalizer_alone_loads_no_more_of_hazm_and_normalises_the_same() -> None:
    """A worker process loads only the Normalizer's modules, and gets hazm's very result."""
    import pickle

    import hazm

    from tests.conftest import ROOT

    result = subprocess.run(
        [sys.executable, "-c", ALONE], capture_output=True, check=False, timeout=120, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    loaded, words, verbs, normalized = pickle.loads(result.stdout)
    assert loaded == []
    stock = hazm.Normalizer()
    assert words == stock._words and verbs == stock._verbs
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("00[01]_*.txt"))]
    assert len(texts) == 2
    assert normalized == [stock.normalize(text) for text in texts]


FALLBACK = """
import sys
from annotator.core.text.hazm_import import new_normalizer

class FailOnce:
    # The first import of flashtext fails, as one of the Normalizer's modules would if a
    # hazm release came to need its package's __init__, or a packager's importer balked.
    failed = False
    def find_spec(self, name, path=None, target=None):
        if name == "flashtext" and not self.failed:
            self.failed = True
            raise ImportError("not the first time")
        return None

sys.meta_path.insert(0, FailOnce())
normalizer = new_normalizer(alone=True)
import hazm
assert sys.meta_path[0].failed and "hazm.chunker" in sys.modules  # hazm came whole
assert hazm.Normalizer is type(normalizer)
print(normalizer.normalize("اين يك متن"))
"""


def test_a_normalizer_alone_falls_back_to_the_whole_of_hazm() -> None:
    result = subprocess.run(
        [sys.executable, "-c", FALLBACK], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "این یک متن"
