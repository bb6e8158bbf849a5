"""ktech benchmark: throughput against bare spaCy tokenisation, scaling, memory, start-up.

    python benchmarks/bench.py [--base-mb 5] [--sizes 1 4] [--hostile-mb 1] [--only hostile] [--out benchmarks/results.json]

Builds a synthetic corpus by repeating the seeds (file names and stamp dates varied) to
about BASE_MB x each size, then measures in one run, so the figures are ratios on the same
machine at the same moment:
- bare tokenisation: spacy.blank("en"), no components, nlp.pipe over the same texts (MB/s);
- ktech extract with one process and with --jobs 2 (MB/s), and their ratio to bare (each
  the least of REPEAT runs, alternating: this machine's speed drifts);
- wall time per size (cost should grow linearly) and the peak RSS of the whole run;
- start-up: `ktech --help` and `ktech extract` on one small file, and each size's ratio
  with that start-up taken off;
- on the first size, each stage's time in the Python API as a multiple of bare
  tokenisation (where the time goes), and the seconds to compile the rules;
- Korean: a corpus built from sentences written for it (benchmarks/korean_corpus.py),
  ktech extract on it as a ratio to bare tokenisation of the same texts with the Korean
  tokenizer ktech uses, and to spacy.blank("en") on them;
- hostile shapes (long title-case and capital runs, quoted titles, year chains, digit
  lists, a line without spaces, nested brackets, a 100,000-row table, Korean runs): each
  as a multiple of the time for the same bytes of seed prose, timed alternately with it;
- each input format (txt, html, docx, pdf, a jsonl corpus): MB/s of extracted text and
  PDF pages per second.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # korean_corpus
KTECH = [sys.executable, "-m", "korea_tech.cli"]


def build_corpus(folder: Path, megabytes: float) -> tuple[list[Path], int]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    folder.mkdir(parents=True)
    files, size, n = [], 0, 0
    while size < megabytes * 1_000_000:
        for seed, text in zip(seeds, texts):
            shift = n % 7
            varied = re.sub(r"date(20\d\d)", lambda m: f"date{int(m.group(1)) - shift}", text)
            path = folder / f"{n:05d}_{seed.name}"
            path.write_text(varied, encoding="utf-8")
            files.append(path)
            size += len(varied.encode("utf-8"))
        n += 1
    return files, size


def bare_tokenisation(files: list[Path]) -> float:
    import spacy

    nlp = spacy.blank("en")
    nlp.max_length = 10_000_000
    texts = [p.read_text(encoding="utf-8") for p in files]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def stage_breakdown(files: list[Path]) -> dict:
    """Each stage's time over the same texts, in the API, as a multiple of bare tokenisation.
    The stages (and the bare tokenisation beside them) run with the cyclic collector
    paused, as the pipeline runs a batch: here every Doc of the corpus is alive at once,
    and the collector's passes over them made the stages look a quarter slower than in a
    run."""
    import spacy

    from korea_tech.engine import Engine, Options, RunLog
    from korea_tech.layout import Layout
    from korea_tech.collector import collector_paused
    from korea_tech.pipeline import mention_row

    spacy.blank("en")  # spaCy's own first-use set-up is not rule compilation
    start = time.perf_counter()
    engine = Engine()
    english = engine.pipeline("en")
    compile_seconds = time.perf_counter() - start
    list(engine.documents(files[:1], Options(), RunLog()))  # dateparser's first-use set-up
    reads = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        documents = list(engine.documents(files, Options(), RunLog()))
        reads.append(time.perf_counter() - start)
    read = min(reads)
    texts = [d.text for d in documents]
    engine.process(list(engine.works(documents[:20])), Options())  # rates, dateparser: loaded once, not per text
    bare_nlp = spacy.blank("en")
    timings: dict[str, float] = {}

    def timed(name, work):
        with collector_paused():
            start = time.perf_counter()
            result = work()
            took = time.perf_counter() - start
        timings[name] = min(timings.get(name, took), took)  # the least of the rounds
        return result

    def layouts():
        return [Layout(text, doc) for text, doc in zip(texts, docs)]

    for _ in range(REPEAT):
        timed("bare", lambda: list(bare_nlp.pipe(texts, batch_size=16)))
        docs = timed("tokenise_and_sentences", lambda: list(english.nlp.pipe(texts, batch_size=16)))
        finder = english.finder
        matches = timed("patterns", lambda: finder._pattern_matches(docs))
        candidates = timed("gazetteer_and_candidates",
                           lambda: [finder._candidates(d, m) for d, m in zip(docs, matches)])
        laid_out = timed("layout", layouts)
        extractions = timed("mentions", lambda: [english.builder.build(doc, c, lay, trace=False)
                                                 for doc, c, lay in zip(documents, candidates, laid_out)])
        timed("conversions", lambda: [english.checker.enrich(e.document, e.mentions) for e in extractions])
        timed("rows", lambda: [mention_row(engine.types.mention, e.document, m)
                               for e in extractions for m in e.mentions])
    bare = timings.pop("bare")
    return {"rules_compile_seconds": round(compile_seconds, 3),
            "stages_vs_bare": {"read": round(read / bare, 3), **{k: round(v / bare, 3) for k, v in timings.items()}}}


def korean(work: Path, megabytes: float, startup: float) -> dict:
    """Korean throughput: ktech extract (one process, start-up taken off) against bare
    tokenisation with ktech's Korean tokenizer and with spacy.blank("en")."""
    import spacy

    from korea_tech.engine import Engine
    from korean_corpus import build

    files, nbytes = build(work / "ko", megabytes)
    texts = [p.read_text(encoding="utf-8") for p in files]
    tokenizer = Engine().pipeline("ko").nlp.tokenizer
    english = spacy.blank("en")

    def seconds(run) -> float:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start

    bare_ko = least(REPEAT, lambda: seconds(lambda: [tokenizer(t) for t in texts]))
    bare_en = least(REPEAT, lambda: seconds(lambda: list(english.pipe(texts, batch_size=16))))
    total, rss = least(REPEAT, lambda: timed_run([*KTECH, "extract", str(work / "ko"), "--lang", "ko",
                                                  "--out", str(work / "ko.jsonl")]))
    mb = nbytes / 1e6
    return {"mb": round(mb, 2), "files": len(files), "bare_korean_tokenizer_mb_s": round(mb / bare_ko, 3),
            "bare_blank_en_mb_s": round(mb / bare_en, 3), "extract_seconds": round(total, 2),
            "extract_peak_rss_mb": round(rss, 1),
            "ratio_to_korean_tokenizer": round(bare_ko / (total - startup), 3),
            "ratio_to_blank_en": round(bare_en / (total - startup), 3)}


# Inputs that once made the cost grow faster than the text: each is timed beside the same
# number of bytes of seed prose (README "Speed": every shape within 3x).
HOSTILE_SHAPES = {
    "title-case run": lambda n: _repeat("The Korea Science Technology Industry Plan Strategy Fund ", n),
    "capitals run": lambda n: _repeat("KOREA SCIENCE TECHNOLOGY INDUSTRY PLAN STRATEGY FUND ", n),
    "title-case lines": lambda n: _repeat("National Strategy for Semiconductor Industry Promotion Plan\n", n),
    "quoted titles": lambda n: _repeat("\u201cKorea Digital Growth Strategy Fund ", n),
    "hyphenated year chain": lambda n: _repeat("2020-", n),
    "digit list": lambda n: _repeat("1,", n),
    "one line without spaces": lambda n: _repeat("abcdefghij", n),
    "nested brackets": lambda n: "(" * (n // 2) + ")" * (n - n // 2),
    "tab-separated table": lambda n: "".join(
        f"{i}\tMinistry of Science and ICT\t{1990 + i % 50}\tKRW {i % 9 + 1}.5 billion\n"
        for i in range(n // 49 + 1))[:n],
    "Korean noun run": lambda n: _repeat("과학기술정보통신부 인공지능 반도체 산업 육성 전략 사업 ", n // 3),
    "Korean without spaces": lambda n: _repeat("과학기술인공지능반도체산업육성전략사업", n // 3),
}


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def extract_seconds(path: Path) -> float:
    """Seconds ``ktech extract`` spends on ``path`` once started: a fresh engine in this
    process (rules compiled, languages, rates and dateparser loaded before the clock
    starts; the vocabulary holds only the rules' words, as in a new run), its rows
    encoded as the JSON writer does. No start-up to take off: subtracting a start-up of
    3-5 s measured at another moment from a run of a few seconds made the multiples
    swing by 2x on this machine."""
    import gc

    from korea_tech.engine import Engine, Options
    from korea_tech.writers import _json

    # A new run has no engines of earlier runs on its heap: here a full pass of the
    # collector (one per million objects that batches leave alive, collector.py) came in
    # whichever run crossed that count and walked what the runs before had left, 0.36 s
    # of a 2.5 s run of the table, every third run of it.
    gc.collect()
    engine = Engine()
    for code in ("en", "ko"):
        engine.pipeline(code)
    engine.rates()
    start = time.perf_counter()
    for result in engine.run([path], Options()):
        for row in result.rows:
            _json(row)
    return time.perf_counter() - start


def hostile(work: Path, megabytes: float, startup: float) -> dict:
    """Each hostile shape as one file of ``megabytes`` (UTF-8; a 100,000-row table at 5 MB),
    its extraction time (``extract_seconds``, the least of REPEAT + 1 runs) as a multiple
    of the time for the same number of bytes of seed prose (the seeds joined into one
    file), each shape's runs alternating with runs of the prose: timed once at the start,
    the prose took 0.72 s in one run and 1.26 s in another, and every multiple moved with
    it. Also the peak RSS of ``ktech extract`` on each shape."""
    n = int(megabytes * 1_000_000)
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    folder = work / "hostile"
    folder.mkdir()
    extract_seconds(ROOT / "seeds" / "002_803a303c69270f67.txt")  # dateparser's and the rates' first use

    def written(name: str, text: str) -> Path:
        path = folder / f"{name.replace(' ', '-')}.txt"
        path.write_bytes(text.encode("utf-8"))
        return path

    prose_path = written("prose", _repeat(seeds, n))
    prose_runs: list[float] = []
    out = {"mb": round(n / 1e6, 2)}
    for name, make in HOSTILE_SHAPES.items():
        text = make(n)
        path = written(name, text)
        runs: dict[str, list[float]] = {"prose": [], "shape": []}
        for _ in range(REPEAT + 1):
            runs["prose"].append(extract_seconds(prose_path))
            runs["shape"].append(extract_seconds(path))
        took, prose = max(min(runs["shape"]), 1e-3), min(runs["prose"])
        prose_runs += runs["prose"]
        _, rss = timed_run([*KTECH, "extract", str(path), "--out", str(work / "hostile.jsonl")])
        out[name] = {"mb": round(len(text.encode("utf-8")) / 1e6, 2), "seconds": round(took, 2),
                     "prose_seconds": round(prose, 2), "times_prose": round(took / prose, 2),
                     "peak_rss_mb": round(rss, 1)}
        print(json.dumps({name: out[name]}), flush=True)
    out["prose_seconds"] = round(min(prose_runs), 2)  # the least of all its runs
    out["worst_times_prose"] = max(v["times_prose"] for v in out.values() if isinstance(v, dict))
    return out


def formats(work: Path, copies: int = 200) -> dict:
    """Each input format's speed: ``ktech extract`` on ``copies`` files of one seed release
    saved as that format (a page of HTML around it, a PDF printed from it, a Word file, the
    records of a JSON Lines corpus), in MB/s of the text the reader extracts (and pages per
    second for PDF), timed in the process as ``extract_seconds`` does (the least of REPEAT +
    1 runs); plain text for comparison. (A command's time less a start-up measured once
    before: the JSON Lines corpus came out at 0.02 s in one run.)"""
    import json as _json

    seed = (ROOT / "seeds" / "002_803a303c69270f67.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in seed.split("\n\n") if p.strip()]
    out = {}
    builders = {"txt": lambda path: path.write_text(seed, encoding="utf-8"),
                "html": lambda path: path.write_text(_page(paragraphs), encoding="utf-8"),
                "docx": lambda path: _docx(path, paragraphs),
                "pdf": lambda path: _pdf(path, paragraphs)}
    for fmt, build in builders.items():
        folder = work / f"fmt-{fmt}"
        folder.mkdir()
        try:
            for n in range(copies):
                build(folder / f"r{n:04d}.{fmt}")
        except ImportError:
            continue  # reportlab (a test dependency) makes the PDFs
        out[fmt] = _format_speed(folder)
    corpus = work / "fmt-jsonl"
    corpus.mkdir()
    (corpus / "corpus.jsonl").write_text("".join(_json.dumps({"id": n, "text": seed}) + "\n"
                                                 for n in range(copies)), encoding="utf-8")
    out["jsonl"] = _format_speed(corpus)
    return out


def _format_speed(folder: Path) -> dict:
    from korea_tech.engine import Engine, Options, RunLog

    engine = Engine()
    chars = sum(len(d.text) for d in engine.documents([folder], Options(), RunLog()))
    pages = 0
    if any(folder.glob("*.pdf")):
        from korea_tech.readers.pdf import PdfReader

        reader = PdfReader(engine.rules.documents)
        pages = sum(len(reader.extract(p.read_bytes(), p).pages) for p in folder.glob("*.pdf"))
    seconds = least(REPEAT + 1, lambda: extract_seconds(folder))
    row = {"text_mb": round(chars / 1e6, 2), "seconds": round(seconds, 2), "text_mb_s": round(chars / 1e6 / seconds, 3)}
    if pages:
        row["pages_per_s"] = round(pages / seconds, 1)
    return row


def _page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Release</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><main><article>" + body +
            "</article></main><footer>Copyright</footer></body></html>")


def _docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(path)


def _pdf(path: Path, paragraphs: list[str]) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    SimpleDocTemplate(str(path), invariant=1).build([Paragraph(p.replace("&", "&amp;").replace("<", "&lt;"),
                                                               styles["BodyText"]) for p in paragraphs])


# This machine's speed drifts by up to 2x within minutes (a shared host): each timing is
# the least of REPEAT runs (the run the drift slowed least), bare and ktech alternating.
REPEAT = 2


def least(runs: int, run):
    """The least of ``runs`` results of ``run()`` (tuples compare by their first item)."""
    return min(run() for _ in range(max(1, runs)))


def timed_run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, the largest process) of one ktech run."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True).stdout
    seconds, rss_kb, code = out.split()
    if code != "0":
        raise SystemExit(f"ktech failed ({code}): {' '.join(args)}")
    return float(seconds), int(rss_kb) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-mb", type=float, default=5.0)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--hostile-mb", type=float, default=1.0, help="size of each hostile shape")
    parser.add_argument("--only", choices=["hostile"], help="run only this section (results not saved)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ktech-bench-"))
    results = {"base_mb": args.base_mb, "sizes": []}
    try:
        small = ROOT / "seeds" / "002_803a303c69270f67.txt"
        # The least of two: the first run also pays for a cold disk cache.
        startup = min(timed_run([*KTECH, "extract", str(small), "--out", str(work / "small.jsonl")])[0]
                      for _ in range(2))
        if args.only == "hostile":
            print(json.dumps(hostile(work, args.hostile_mb, startup), indent=1))
            return
        for size in args.sizes:
            files, nbytes = build_corpus(work / f"x{size}", args.base_mb * size)
            mb = nbytes / 1e6
            row = {"size": size, "mb": round(mb, 2), "files": len(files)}
            timings: dict = {"bare": [], 1: [], 2: []}
            for _ in range(REPEAT):  # alternating, so a slow spell of the machine hits all three
                timings["bare"].append(bare_tokenisation(files))
                for jobs in (1, 2):
                    timings[jobs].append(timed_run([*KTECH, "extract", str(work / f"x{size}"), "--jobs", str(jobs),
                                                    "--out", str(work / f"x{size}-j{jobs}.jsonl")]))
            bare = min(timings["bare"])
            row["bare_mb_s"] = round(mb / bare, 3)
            for jobs in (1, 2):
                seconds, rss = min(timings[jobs])
                row[f"jobs{jobs}_seconds"] = round(seconds, 2)
                row[f"jobs{jobs}_mb_s"] = round(mb / seconds, 3)
                row[f"jobs{jobs}_peak_rss_mb"] = round(rss, 1)
                row[f"jobs{jobs}_ratio_to_bare"] = round((mb / seconds) / (mb / bare), 3)
                # Start-up (imports, rules, rate tables) is paid once per run, whatever the size.
                row[f"jobs{jobs}_ratio_to_bare_after_startup"] = round(bare / (seconds - startup), 3)
            row["same_bytes_with_2_jobs"] = (work / f"x{size}-j1.jsonl").read_bytes() == (work / f"x{size}-j2.jsonl").read_bytes()
            row["jobs2_speedup"] = round(row["jobs1_seconds"] / row["jobs2_seconds"], 2)
            results["sizes"].append(row)
            if size == args.sizes[0]:
                results.update(stage_breakdown(files))
            print(json.dumps(row), flush=True)
            shutil.rmtree(work / f"x{size}")
        first, last = results["sizes"][0], results["sizes"][-1]
        results["korean"] = korean(work, args.base_mb, startup)
        print(json.dumps({"korean": results["korean"]}), flush=True)
        results["hostile_shapes"] = hostile(work, args.hostile_mb, startup)
        results["formats"] = formats(work)
        print(json.dumps({"formats": results["formats"]}), flush=True)
        results["time_growth"] = round(last["jobs1_seconds"] / first["jobs1_seconds"], 2)
        results["size_growth"] = round(last["mb"] / first["mb"], 2)
        results["startup_help_seconds"] = round(timed_run([*KTECH, "--help"])[0], 3)
        results["startup_extract_small_seconds"] = round(startup, 3)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in results.items() if k != "sizes"}))


if __name__ == "__main__":
    main()
