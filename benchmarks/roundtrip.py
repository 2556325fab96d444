"""How many spans of real published files come back exactly through each export format:
`cd benchmarks && python roundtrip.py [FIXTURE_ROOT ...]`.

Each fixture file (other tools' own files, see tests/fixtures/PROVENANCE.md; from
tests/fixtures, else ../shared/fixtures) is imported with normalisation into a fresh
project. Our JSONL export of it is the reference, in normalised and in original offsets.
Then every format that can export is written in each offset kind, read back with
normalisation into a fresh project (as a user would: normalising normalised text changes
nothing), and exported as JSONL again in the same offsets. A span comes back "exact" when
its document, start, end and label equal the reference's. The token formats rebuild the
text from tokens, so a document whose text changed is compared by span words and label
("surface") instead. "lost" spans came back neither way; "told" counts the spans the
export's notice said it could not keep (overlaps in a flat format, spans widened to
tokens): a lost span that was not told is a defect.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import orjson

sys.path.append(str(Path(__file__).resolve().parents[1]))

from annotator.core.errors import AnnotatorError
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "fixtures"
# Each file as tests/fixtures keeps it, or as ../shared/fixtures does (the first that exists).
SOURCES = (
    "doccano/current/export.sequence_labeling.example.jsonl",
    "doccano/legacy-v1/download_sequence_labeling.annotations.jsonl",
    "doccano/test-fixtures/example_overlapping.jsonl",
    "prodigy/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl",
    "prodigy/bio_events.jsonl",
    "label-studio/lsf-examples/named_entity/annotations_1.json",
    "label-studio/legacy-completions-v0/348.json",
    "brat/nlplab-brat/tutorials-news/040-text_span_annotation.ann",
    "webanno-tsv3/example2.tsv|webanno-tsv3/inception/example2.tsv",
    "inception/casWithEmojiUnicodeTextAndAnnotations.json",
    "arabic/wojood/test.txt",
    "arabic/newsfane/NewsFANE_Gold_2014_170K.head150.txt|arabic/newsfane/NewsFANE_Gold_2014_170K.head.txt",
    "arabic/idrisi-r/cairo_bombing_2019.gold-random-json.dev.jsonl",
    "persian/parstwiner/test.txt",
)
FORMATS = {
    "jsonl": "out.jsonl",
    "doccano": "out.doccano.jsonl",
    "labelstudio": "out.json",
    "prodigy": "out.prodigy.jsonl",
    "brat": "out_brat",
    "conll": "out.conll",
    "hf": "out.hf.jsonl",
}
Key = tuple[int, int, str]


def documents(path: Path) -> list[tuple[str, list[Key]]]:
    """(text, spans) per line of our JSONL, in file order."""
    out = []
    for line in path.read_bytes().splitlines():
        record = orjson.loads(line)
        spans = [(s["start"], s["end"], s["label"]) for s in record.get("spans", [])]
        out.append((record["text"], sorted(spans)))
    return out


def compare(reference: list[tuple[str, list[Key]]], back: list[tuple[str, list[Key]]]) -> Counter:
    """exact / surface / lost counts of the reference spans, documents matched by text first
    and by order for the rest (a token format rebuilds the text)."""
    counts: Counter[str] = Counter()
    by_text = {text: spans for text, spans in back}
    rebuilt = [doc for doc in back if doc[0] not in {t for t, _ in reference}]
    for text, spans in reference:
        if text in by_text:
            got = Counter(by_text[text])
            for key in spans:
                if got[key] > 0:
                    got[key] -= 1
                    counts["exact"] += 1
                else:
                    counts["lost"] += 1
            continue
        other = rebuilt.pop(0) if rebuilt else ("", [])
        # Tokens come back space-separated: «IRF-4» is «IRF - 4» in the rebuilt text.
        have = Counter(("".join(other[0][s:e].split()), lab) for s, e, lab in other[1])
        for key, n in Counter(("".join(text[s:e].split()), lab) for s, e, lab in spans).items():
            matched = min(n, have[key])
            counts["surface"] += matched
            counts["lost"] += n - matched
    return counts


def load(fixture: Path, project: Path, normalize: bool) -> None:
    with Project.open(project) as p:
        Importer(p).run(
            [fixture], ImportOptions(annotator="src", normalize=normalize, add_labels=True)
        )


def export(project: Path, out: Path, fmt: str, offsets: str) -> int:
    """Spans the export said it could not keep as they are (its notice of what was lost;
    its other lines, ids or annotator names, are not about spans)."""
    with Project.open(project, create=False) as p:
        report = Exporter(p).run(out, ExportOptions(("src",), offsets=offsets, format=fmt))
    return sum(n for what, n in report.lost.items() if "spans" in what)


def main() -> None:
    roots = [Path(a) for a in sys.argv[1:]] or [ROOT / "tests" / "fixtures", SHARED]
    totals: dict[str, dict[str, Counter]] = {"normalized": {}, "original": {}}
    refs: Counter[str] = Counter()
    refused: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, name in enumerate(SOURCES):
            found = [r / n for n in name.split("|") for r in roots if (r / n).exists()]
            if not found:
                refused.append(f"{name}: not in {', '.join(map(str, roots))}")
                continue
            fixture = found[0]
            work = Path(tmp) / str(n)
            work.mkdir()
            source = work / "source.seedproj"
            try:
                load(fixture, source, normalize=True)
            except AnnotatorError as exc:
                refused.append(f"{name}: {str(exc).splitlines()[0]}")
                continue
            for offsets in totals:
                reference_file = work / f"reference.{offsets}.jsonl"
                export(source, reference_file, "jsonl", offsets)
                reference = documents(reference_file)
                refs[offsets] += sum(len(spans) for _, spans in reference)
                for fmt, out_name in FORMATS.items():
                    out = work / f"{offsets}.{out_name}"
                    told = export(source, out, fmt, offsets)
                    again = work / f"{offsets}.{fmt}.seedproj"
                    back_file = work / f"{offsets}.{fmt}.back.jsonl"
                    try:
                        load(out, again, normalize=True)
                        export(again, back_file, "jsonl", offsets)
                        back = documents(back_file)
                    except AnnotatorError as exc:
                        print(f"{name} {fmt} {offsets}: {str(exc).splitlines()[0]}")
                        back = []
                    counts = compare(reference, back)
                    counts["told"] += told
                    totals[offsets].setdefault(fmt, Counter()).update(counts)
    print(f"{len(SOURCES) - len(refused)} fixture files imported")
    for line in refused:
        print(f"  not imported: {line}")
    for offsets, by_format in totals.items():
        print(f"\n{offsets} offsets: {refs[offsets]:,} reference spans")
        print(f"{'format':<12} {'exact':>7} {'surface':>8} {'lost':>6} {'of which told':>14}")
        for fmt, c in by_format.items():
            print(f"{fmt:<12} {c['exact']:>7,} {c['surface']:>8,} {c['lost']:>6,} {c['told']:>14,}")


if __name__ == "__main__":
    main()
