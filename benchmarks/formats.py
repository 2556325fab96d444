"""Export to every format and read each back: `cd benchmarks && python formats.py [--docs N]`.

One annotator's 20 spans on each of N Arabic documents of ~3,000 characters (the agreement
benchmark's corpus), exported with `Exporter` in each format, then imported into a fresh
project with auto detection. Prints CPU seconds (this process: steady on a shared machine)
and wall seconds for each, and the CPU time as a multiple of JSONL's. The code measured is
the first `annotator` on PYTHONPATH, so an older checkout can be compared:
`PYTHONPATH=../old python formats.py`.

Target (issue 12): each token format (Prodigy, CoNLL, Hugging Face, spaCy) within 5x of JSONL,
export and import. spaCy has no reader here, so no import figure. Last, spaCy's own floor:
`import spacy`, `spacy.blank("ar")` and `make_doc` of every text, in a fresh interpreter (as
the export pays the import once), so that spaCy's share of the spaCy export is told from ours.
Then the same documents as Persian (`--no-persian` skips this): the token formats whose
tokens come from hazm, with hazm started before the clock, and hazm's own tokenizer over
every text, the floor of those exports.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from review import build

sys.path.append(str(Path(__file__).resolve().parents[1]))

from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

TARGETS = {
    "jsonl": "out.jsonl",
    "doccano": "out.doccano.jsonl",
    "labelstudio": "out.json",
    "prodigy": "out.prodigy.jsonl",
    "brat": "out_brat",
    "conll": "out.conll",
    "hf": "out.hf.jsonl",
    "spacy": "out.spacy",
}
TOKEN_FORMATS = ("prodigy", "conll", "hf", "spacy")
TARGET_X_JSONL = 5.0
# spaCy's floor, in a fresh interpreter: CPU seconds of its import, a blank Arabic pipeline
# and its tokenizer over every text (read from a file before the clock starts).
SPACY_FLOOR = """
import json, sys, time
texts = json.loads(open(sys.argv[1], encoding="utf-8").read())
cpu = time.process_time()
import spacy
nlp = spacy.blank("ar")
for text in texts:
    nlp.make_doc(text)
print(time.process_time() - cpu)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--no-persian", action="store_true", help="skip the Persian figures")
    parser.add_argument(
        "--persian-only", action="store_true", help="only the Persian figures (profiling)"
    )
    args = parser.parse_args()
    if args.persian_only:
        with tempfile.TemporaryDirectory() as tmp:
            persian(Path(tmp), args.docs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "source.seedproj"
        build(source, args.docs, 20)
        print(f"{args.docs:,} documents x 20 spans (one annotator exported)")
        print(
            f"{'format':<12} {'export cpu':>10} {'wall':>6} {'x jsonl':>7} "
            f"{'import cpu':>10} {'wall':>6} {'x jsonl':>7} {'target':>7}"
        )
        base: dict[str, float] = {}
        for fmt, name in TARGETS.items():
            out = root / name
            with Project.open(source, create=False) as project:
                cpu, started = time.process_time(), time.perf_counter()
                Exporter(project).run(out, ExportOptions(("ali",), format=fmt))
                exported = time.perf_counter() - started
                exported_cpu = time.process_time() - cpu
            imported = imported_cpu = None
            if fmt != "spacy":
                with Project.open(root / f"{fmt}.seedproj") as again:
                    cpu, started = time.process_time(), time.perf_counter()
                    Importer(again).run(
                        [out], ImportOptions(annotator="ali", normalize=False, add_labels=True)
                    )
                    imported = time.perf_counter() - started
                    imported_cpu = time.process_time() - cpu
            if fmt == "jsonl":
                base = {"export": exported_cpu, "import": imported_cpu or 0.0}
            times = f"{exported_cpu / base['export']:>6.1f}x"
            back = f"{'—':>10} {'':>6} {'':>7}"
            if imported_cpu is not None:
                ratio = imported_cpu / base["import"]
                back = f"{imported_cpu:>10.2f} {imported:>6.2f} {ratio:>6.1f}x"
            target = f"{TARGET_X_JSONL:>6.0f}x" if fmt in TOKEN_FORMATS else f"{'—':>7}"
            print(
                f"{fmt:<12} {exported_cpu:>10.2f} {exported:>6.2f} {times} {back} {target}",
                flush=True,
            )
        texts = root / "texts.json"
        with Project.open(source, create=False) as project:
            texts.write_text(json.dumps([d.text for d in project.documents.iter_all()]))
        floor = float(
            subprocess.run(
                [sys.executable, "-c", SPACY_FLOOR, str(texts)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        print(
            f"{'spacy floor':<12} {floor:>10.2f} {'':>6} {floor / base['export']:>6.1f}x"
            "  (import spacy + blank('ar').make_doc of every text)"
        )
        if not args.no_persian:
            persian(root, args.docs)


def persian(root: Path, docs: int) -> None:
    """The token formats on Persian documents: hazm's tokens, each document's own."""
    from annotator.core.text.tokens import Tokenizer

    source = root / "persian.seedproj"
    build(source, docs, 20, lang="fa")
    tokenizer = Tokenizer()
    tokenizer.load()  # ~1 s once per process (the window has it loaded): not the export's
    print(f"Persian, the same {docs:,} documents (hazm's tokens), export CPU seconds:")
    with Project.open(source, create=False) as project:
        for fmt in ("prodigy", "conll", "hf"):
            out = root / f"fa-{TARGETS[fmt]}"
            cpu = time.process_time()
            Exporter(project, tokenizer).run(out, ExportOptions(("ali",), format=fmt))
            print(f"{fmt:<12} {time.process_time() - cpu:>10.2f}", flush=True)
        texts = [d.text for d in project.documents.iter_all()]
    hazm = tokenizer._hazm
    assert hazm is not None
    cpu = time.process_time()
    for text in texts:
        hazm.tokenize(text)
    print(f"{'hazm alone':<12} {time.process_time() - cpu:>10.2f}  (its tokenize of every text)")


if __name__ == "__main__":
    main()
