"""Learned suggestions (issue 15): `cd benchmarks && python model.py [--articles]`.

On licensed NER samples (see ner_corpus.py): Arabic news (NewsFANE, 8 coarse ACE types) and
Persian tweets (ParsTwiNER, 6 types). Documents of `--per-doc` sentences are imported into a
project as an analyst's done documents; the last sentences are held out. For 50 / 200 /
1,000 training documents, each in a fresh interpreter (its own peak memory):
- `train()` CPU time: reading the project, tokens, features and crfsuite's optimiser;
- exact-match precision / recall / F1 per label on the held-out documents;
- suggestions for an opened article (the held-out sentences joined into articles of
  ~450 tokens): `Suggester.for_document` with the model, CPU per article (median, p90);
- peak RSS.
Then whether training lets another thread run (GIL): a thread asks to tick every 10 ms while
crfsuite trains in the main thread; the gaps between its ticks are reported.
`--articles`: also train on 1,000 article-size documents (the sentences reused in other
orders, ~450 tokens each): the time a real project of 1,000 articles takes (training reads
at most DEFAULT_MAX_TOKENS of them), and the F1 per label of that model on the held-out
sentences.
`--job N`: the window's whole background job on N articles (evaluation, curve, training).
`--evaluate N`: the 5-fold evaluation (`evaluate()`, no learning curve) of N such articles:
CPU and peak RSS (it used to keep every document's features at once).
Targets: training on 1,000 documents <= 30 s CPU; suggestions for an article <= 100 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import run_child

sys.path.append(str(Path(__file__).resolve().parents[1]))

from ner_corpus import (
    NEWSFANE,
    NEWSFANE_BIG,
    PARSTWINER,
    import_documents,
    records,
    sentences,
)

TRAIN_TARGET_S = 30.0
SUGGEST_TARGET_MS = 100.0
ARTICLE_SENTENCES = 12
ANALYST = "bench"


def corpus(lang: str) -> tuple[Path, bool]:
    if lang == "fa":
        return PARSTWINER, False
    return (NEWSFANE_BIG if NEWSFANE_BIG.exists() else NEWSFANE), True


def child(lang: str, size: int, per_doc: int, held_out: int, articles: bool) -> dict:
    from annotator.core.learn import Context, train
    from annotator.core.model import Document
    from annotator.core.services.suggestions import Suggester
    from annotator.core.store.project import Project
    from annotator.core.text.tokens import Tokenizer

    tokenizer = Tokenizer()  # hazm starts once per process (the window has it loaded)
    started = time.process_time()
    tokenizer.load()
    hazm_s = time.process_time() - started
    path, coarse = corpus(lang)
    sents = sentences(path, coarse)
    test, pool = sents[-held_out:], sents[:-held_out]
    if articles:  # 1,000 articles of ARTICLE_SENTENCES sentences, sentences reused
        rng = random.Random(size)
        pool = [s for _ in range(size * ARTICLE_SENTENCES // len(pool) + 1) for s in pool]
        rng.shuffle(pool)
        per_doc = ARTICLE_SENTENCES
    train_records = records(pool[: size * per_doc], per_doc, lang, "t")[:size]
    with tempfile.TemporaryDirectory() as tmp:
        project_path = Path(tmp) / "bench.seedproj"
        import_documents(project_path, train_records, ANALYST)
        with Project.open(project_path) as project:
            started = time.process_time()
            model = train(project, ANALYST, context=Context.of(project, tokenizer))
            train_s = time.process_time() - started
            out: dict = {
                "lang": lang, "documents": model.info.documents, "tokens": model.info.tokens,
                "spans": model.info.spans, "train_cpu_s": round(train_s, 2),
                "hazm_load_s": round(hazm_s, 2),
            }  # fmt: skip
            out["trained_documents"] = model.info.documents
            # exact-match scores on the held-out sentences, one document each
            right: dict[str, int] = {}
            predicted: dict[str, int] = {}
            gold: dict[str, int] = {}
            for i, (text, spans) in enumerate(test):
                doc = Document(10**6 + i, f"h{i}", "", lang, text, text, None)
                truth = set(spans)
                found = {(p.start, p.end, p.label) for p in model.predict(doc)}
                for _s, _e, label in truth:
                    gold[label] = gold.get(label, 0) + 1
                for _s, _e, label in found:
                    predicted[label] = predicted.get(label, 0) + 1
                for _s, _e, label in truth & found:
                    right[label] = right.get(label, 0) + 1
            out["labels"] = {
                label: _prf(right.get(label, 0), predicted.get(label, 0), n)
                for label, n in sorted(gold.items(), key=lambda kv: -kv[1])
            }
            out["micro"] = _prf(sum(right.values()), sum(predicted.values()), sum(gold.values()))
            if articles:
                out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
                return out
            # suggestions for an opened article: rules and model, as the window asks
            suggester = Suggester(project, "reader", model=model)
            times, tokens = [], []
            for a in range(0, len(test) - ARTICLE_SENTENCES + 1, ARTICLE_SENTENCES):
                text = "\n".join(t for t, _s in test[a : a + ARTICLE_SENTENCES])
                doc = Document(1, "t00000", "", lang, text, text, None)
                model.context.tokens(doc)  # hazm's first call is start-up, not suggestion
                started = time.process_time()
                suggester.for_document(doc, spans=[])
                times.append(1000 * (time.process_time() - started))
                tokens.append(len(model.context.tokens(doc)))
            out["suggest_ms_median"] = round(statistics.median(times), 1)
            out["suggest_ms_p90"] = round(sorted(times)[int(0.9 * (len(times) - 1))], 1)
            out["article_tokens"] = round(statistics.mean(tokens))
            out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            return out


def evaluate_child(size: int, job: bool = False) -> dict:
    """evaluate() of `size` articles: its CPU and the process's peak RSS. `job`: the
    window's whole background job instead (evaluation with its learning curve, training,
    storing: `background.run_training`)."""
    from annotator.core.learn import Context, evaluate
    from annotator.core.learn.background import run_training
    from annotator.core.store.project import Project
    from annotator.core.text.tokens import Tokenizer

    tokenizer = Tokenizer()
    tokenizer.load()
    path, coarse = corpus("ar")
    pool = sentences(path, coarse)[:-300]
    rng = random.Random(size)
    pool = [s for _ in range(size * ARTICLE_SENTENCES // len(pool) + 1) for s in pool]
    rng.shuffle(pool)
    train_records = records(pool[: size * ARTICLE_SENTENCES], ARTICLE_SENTENCES, "ar", "t")
    with tempfile.TemporaryDirectory() as tmp:
        project_path = Path(tmp) / "bench.seedproj"
        import_documents(project_path, train_records[:size], ANALYST)
        if job:
            started = time.process_time()
            info = run_training(str(project_path), ANALYST, tmp, True, 5)
            return {
                "documents": info["documents"], "cpu_s": round(time.process_time() - started, 1),
                "curve": [c["documents"] for c in info["evaluation"]["curve"]],
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            }  # fmt: skip
        with Project.open(project_path) as project:
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            started = time.process_time()
            result = evaluate(project, ANALYST, curve=False, context=Context.of(project, tokenizer))
            return {
                "documents": result.documents, "micro_f1": round(result.micro[2], 3),
                "cpu_s": round(time.process_time() - started, 1), "rss_before_mb": before,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            }  # fmt: skip


def _prf(right: int, predicted: int, gold: int) -> dict:
    p = right / predicted if predicted else 0.0
    r = right / gold if gold else 0.0
    return {
        "support": gold, "p": round(p, 3), "r": round(r, 3),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
    }  # fmt: skip


def gil_child(size: int) -> dict:
    """Gaps between the ticks of a thread asking to run every 10 ms while crfsuite trains."""
    from annotator.core.learn.crf import Context, fit, prepare
    from annotator.core.learn.data import Example
    from annotator.core.learn.features import Gazetteers
    from annotator.core.model import Document

    path, coarse = corpus("ar")
    sents = sentences(path, coarse)[:size]
    examples = [
        Example(Document(i, f"d{i}", "", "ar", t, t, None), tuple(s), ANALYST)
        for i, (t, s) in enumerate(sents)
    ]
    prepared = prepare(examples, Context(Gazetteers.empty()))
    gaps: list[float] = []
    stop = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            time.sleep(0.01)
            now = time.perf_counter()
            gaps.append(1000 * (now - last))
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    time.sleep(0.2)
    gaps.clear()
    wall = time.perf_counter()
    fit(prepared)
    wall = time.perf_counter() - wall
    stop.set()
    ticker.join()
    gaps.sort()
    return {
        "train_wall_s": round(wall, 2), "ticks": len(gaps),
        "ticks_expected": int(wall * 100),
        "gap_ms_median": round(statistics.median(gaps), 1),
        "gap_ms_p90": round(gaps[int(0.9 * (len(gaps) - 1))], 1),
        "gap_ms_max": round(gaps[-1], 1),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs="*")
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--per-doc", type=int, default=1, help="Sentences per document.")
    parser.add_argument("--articles", action="store_true")
    parser.add_argument("--evaluate", type=int, default=0, help="Articles to evaluate.")
    parser.add_argument("--job", type=int, default=0, help="Articles: the background job.")
    args = parser.parse_args()
    if args.child is not None:
        if args.child[0] == "gil":
            print(json.dumps(gil_child(int(args.child[1]))))
        elif args.child[0] in ("evaluate", "job"):
            print(json.dumps(evaluate_child(int(args.child[1]), args.child[0] == "job")))
        else:
            lang, size, per_doc, held, articles = args.child
            print(json.dumps(child(lang, int(size), int(per_doc), int(held), articles == "1")))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    path, _coarse = corpus("ar")
    print(f"Arabic: {path.name}; Persian: {PARSTWINER.name}; {args.per_doc} sentence(s) a document")
    for lang, held in (("ar", 300), ("fa", 100)):
        available = len(sentences(*corpus(lang))) - held
        for size in sizes:
            if size * args.per_doc > available:
                print(f"{lang} {size}: only {available} sentences to train on; skipped")
                continue
            r = run_child(__file__, [lang, str(size), str(args.per_doc), str(held), "0"])
            ok = "ok" if r["train_cpu_s"] <= TRAIN_TARGET_S or size < 1000 else "OVER"
            print(
                f"{lang} {r['documents']:>5} docs {r['tokens']:>6} tokens {r['spans']:>5} spans: "
                f"train {r['train_cpu_s']:>6.2f} s CPU ({ok}); micro F1 {r['micro']['f1']:.3f} "
                f"(P {r['micro']['p']:.3f} R {r['micro']['r']:.3f}); suggest "
                f"{r['suggest_ms_median']} ms median, {r['suggest_ms_p90']} ms p90 per "
                f"{r['article_tokens']}-token article; peak {r['peak_rss_mb']} MB"
            )
            if size == sizes[0]:
                print(f"    (hazm's start-up, once per training process: {r['hazm_load_s']} s CPU)")
            per_label = ", ".join(
                f"{label} {s['f1']:.2f} ({s['support']})" for label, s in r["labels"].items()
            )
            print(f"    F1 per label (held-out support): {per_label}")
    if args.articles:
        r = run_child(__file__, ["ar", "1000", "1", "300", "1"])
        print(
            f"ar 1000 articles: trained on {r['trained_documents']} ({r['tokens']} tokens): "
            f"train {r['train_cpu_s']:.1f} s CPU (target {TRAIN_TARGET_S:.0f} s); micro F1 "
            f"{r['micro']['f1']:.3f}; peak {r['peak_rss_mb']} MB"
        )
        per_label = ", ".join(
            f"{label} {s['f1']:.2f} ({s['support']})" for label, s in r["labels"].items()
        )
        print(f"    F1 per label (held-out support): {per_label}")
    if args.evaluate:
        r = run_child(__file__, ["evaluate", str(args.evaluate)])
        print(
            f"evaluate {r['documents']} articles (5-fold): {r['cpu_s']} s CPU, micro F1 "
            f"{r['micro_f1']:.3f}; peak RSS {r['peak_rss_mb']} MB ({r['rss_before_mb']} MB "
            "before it began)"
        )
    if args.job:
        r = run_child(__file__, ["job", str(args.job)])
        print(
            f"the window's training job on {args.job} articles (5-fold evaluation with the "
            f"learning curve at {r['curve']} documents, then training on {r['documents']}): "
            f"{r['cpu_s']} s CPU; peak RSS {r['peak_rss_mb']} MB"
        )
    g = run_child(__file__, ["gil", "1000"])
    print(
        f"GIL while training ({g['train_wall_s']} s wall): {g['ticks']} ticks of "
        f"{g['ticks_expected']} asked; gaps median {g['gap_ms_median']} ms, "
        f"p90 {g['gap_ms_p90']} ms, max {g['gap_ms_max']} ms"
    )


if __name__ == "__main__":
    main()
