"""Korean tokenizer choice, by measurement: gold-boundary recall, speed, install size.

    python benchmarks/korean_tokenizers.py --texts DIR --gold DIR [--kiwi-python PY] [--mb 2]
    PY benchmarks/korean_tokenizers.py --texts DIR --gold DIR --only kiwi   # JSON, kiwi only

Candidates: "whitespace" (spacy.blank("xx").tokenizer, default rules), "rules" (ktech's
Korean tokenizer, Engine().pipeline("ko").nlp.tokenizer, with rules/ko/tokenizer.yaml) and
"kiwi" (kiwipiepy morphemes, .start/.len offsets), measured only where kiwipiepy imports;
--kiwi-python runs that part in another interpreter and merges its JSON. spaCy's own
Korean (spacy.lang.ko) needs the mecab-ko system package and is left out.
- recall: share of gold spans (k*.jsonl) whose start and end are both token boundaries,
  overall and per label; tokens per text, and per expressible gold span;
- speed: characters per second over the texts joined and repeated to ~MB megabytes
  (UTF-8), one call per copy, one thread, best of 3; for "rules" also nlp.pipe;
- install size: du -sk of what each tokenizer needs beyond the project (spaCy shared).
Only aggregate numbers are printed, never the texts.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import warnings
from collections import Counter
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load(texts_dir: Path, gold_dir: Path) -> tuple[dict[str, str], list[dict]]:
    """The k*.txt texts by file name, and the gold spans of those documents."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(texts_dir.glob("k*.txt"))}
    spans = [json.loads(line) for p in sorted(gold_dir.glob("k*.jsonl"))
             for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts, [s for s in spans if s["doc"] in texts]


def tokenizers(only: str | None) -> dict[str, tuple]:
    """name -> (text -> tokens, tokens -> [(start, end)], whole pipeline's pipe or None);
    kiwi only where kiwipiepy imports."""
    found = {}
    if only in (None, "whitespace", "rules"):
        import spacy

        from korea_tech.engine import Engine

        spans = lambda doc: [(t.idx, t.idx + len(t)) for t in doc]
        nlp = Engine().pipeline("ko").nlp
        found["whitespace"] = (spacy.blank("xx").tokenizer, spans, None)
        found["rules"] = (nlp.tokenizer, spans, nlp.pipe)
    if only in (None, "kiwi"):
        try:
            from kiwipiepy import Kiwi
        except ImportError:
            return found
        with warnings.catch_warnings():  # num_workers=0 means one thread since 0.21 (it warns)
            warnings.simplefilter("ignore", DeprecationWarning)
            kiwi = Kiwi(num_workers=0)
        found["kiwi"] = (kiwi.tokenize, lambda ms: [(m.start, m.start + m.len) for m in ms], None)
    return {k: v for k, v in found.items() if only in (None, k)}


def recall(tokenize, offsets, texts: dict[str, str], spans: list[dict]) -> dict:
    """Share of gold spans both of whose ends are token boundaries, overall and per label."""
    bounds = {}
    for doc, text in texts.items():
        toks = offsets(tokenize(text))
        bounds[doc] = ({s for s, _ in toks}, {e for _, e in toks}, len(toks))
    total, hit, inside = Counter(), Counter(), 0
    for s in spans:
        starts, ends, _ = bounds[s["doc"]]
        ok = s["start"] in starts and s["end"] in ends
        inside += ok and sum(s["start"] <= x < s["end"] for x in starts)
        for key in ("ALL", s["label"]):
            total[key] += 1
            hit[key] += ok
    return {"recall": {k: round(hit[k] / total[k], 4) for k in total}, "n": dict(total),
            "tokens_per_text": round(sum(b[2] for b in bounds.values()) / len(bounds), 1),
            "tokens_per_span": round(inside / max(1, hit["ALL"]), 2)}


def corpus(texts: dict[str, str], megabytes: float) -> list[str]:
    """The texts joined, repeated until the copies reach ~megabytes of UTF-8."""
    block = "\n\n".join(texts.values())
    return [block] * max(1, round(megabytes * 1_000_000 / len(block.encode("utf-8"))))


def chars_per_second(run, copies: list[str], repeat: int = 3) -> int:
    """Characters per second of consuming run(copies) (an iterable), best of `repeat` timings."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _doc in run(copies):
            pass
        best = min(best, time.perf_counter() - t0)
    return round(sum(map(len, copies)) / best)


def install_kb(name: str) -> int:
    """du -sk of what a tokenizer needs beyond the project's own venv."""
    if name == "whitespace":
        return 0
    if name == "rules":
        paths = [ROOT / "rules" / "ko" / "tokenizer.yaml"]
    else:
        import kiwipiepy
        import kiwipiepy_model

        site = Path(kiwipiepy.__file__).parent.parent
        paths = [site / "kiwipiepy", Path(kiwipiepy_model.__file__).parent, *site.glob("_kiwipiepy*.so")]
    out = subprocess.run(["du", "-skc", *map(str, paths)], capture_output=True, text=True, check=True)
    return int(out.stdout.splitlines()[-1].split()[0])


def measure(args) -> dict:
    texts, spans = load(args.texts, args.gold)
    copies = corpus(texts, args.mb)
    results = {}
    for name, (tokenize, offsets, pipe) in tokenizers(args.only).items():
        row = recall(tokenize, offsets, texts, spans)
        row["chars_per_s"] = chars_per_second(partial(map, tokenize), copies)
        if pipe is not None:  # the whole rule pipeline (tokenizer + sentence components)
            row["pipe_chars_per_s"] = chars_per_second(pipe, copies)
        results[name] = {**row, "install_kb": install_kb(name)}
    return {"texts": len(texts), "spans": len(spans), "corpus_chars": sum(map(len, copies)), "results": results}


def table(report: dict) -> str:
    rows = report["results"]
    labels = sorted({k for r in rows.values() for k in r["recall"]} - {"ALL"})
    n = next(iter(rows.values()))["n"]
    head = f"{'':22}" + "".join(f"{k:>12}" for k in rows)
    lines = [f"{report['texts']} texts, {report['spans']} gold spans, speed corpus {report['corpus_chars']:,} chars", head]
    for key in ["ALL", *labels]:
        lines.append(f"{'recall ' + key + f' ({n[key]})':22}" + "".join(f"{r['recall'][key]:>12.1%}" for r in rows.values()))
    for key, fmt in (("tokens_per_text", "{:>12.1f}"), ("tokens_per_span", "{:>12.2f}"), ("chars_per_s", "{:>12,}"),
                     ("pipe_chars_per_s", "{:>12,}"), ("install_kb", "{:>12,}")):
        lines.append(f"{key:22}" + "".join(fmt.format(r[key]) if key in r else f"{'-':>12}" for r in rows.values()))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, required=True, help="folder of the Korean k*.txt texts")
    ap.add_argument("--gold", type=Path, required=True, help="folder of the gold k*.jsonl spans")
    ap.add_argument("--mb", type=float, default=2.0, help="size of the speed corpus (UTF-8 MB)")
    ap.add_argument("--only", choices=["whitespace", "rules", "kiwi"], help="one tokenizer, JSON out")
    ap.add_argument("--kiwi-python", help="interpreter with kiwipiepy, to measure kiwi there")
    args = ap.parse_args()
    report = measure(args)
    if args.kiwi_python and not args.only and "kiwi" not in report["results"]:  # in the other venv
        cmd = [args.kiwi_python, __file__, "--texts", str(args.texts), "--gold", str(args.gold),
               "--mb", str(args.mb), "--only", "kiwi"]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        report["results"].update(json.loads(out)["results"])
    if args.only in (None, "kiwi") and "kiwi" not in report["results"]:
        print("kiwi: skipped (kiwipiepy is not importable here; pass --kiwi-python PY)", file=sys.stderr)
    print(json.dumps(report) if args.only else table(report))


if __name__ == "__main__":
    main()
