"""Analysis throughput and memory: how fast one core analyses scraped articles, and in how much RAM.

The script makes ``--articles`` synthetic raw articles (default 10,000) from the five bundled
RAW samples, noise kept: each article has one sample's header lines (navigation, captions, the
headline, byline and date) and footer lines (initials, prompts, share and follow lines) around
body blocks sampled and shuffled across all samples (a block is a prose paragraph with the
noise that follows it: 'Baca juga' lists, prompts, short lines); every REPEAT_EVERY-th article
has its body twice, as some scrapers deliver it. Names and numbers are substituted per article
with ``vary`` of bench/ingest.py. Articles are made lazily, one at a time, so memory reflects
analysis, not a list of inputs.

It then reports, in one process on one core (the analysis runs in this thread, no workers):

* articles per second of :func:`warta.analyze.analyze` (every registered stage). Only the
  analysis is timed: a timer wraps each ``analyze`` call and the durations are summed, so making
  the articles is excluded exactly, without subtracting a separate run; the wall time of the
  pass and the part of it spent making articles are shown too;
* time per stage, from a second pass over the same articles that calls
  :func:`warta.analyze.start_article` and each ``stage.function`` of ``STAGES`` itself;
* articles per second of the quotes and dates stages together, from that pass (they read the
  entities stage's output, whose cost is its own line);
* resident memory (``VmRSS``) at 25/50/75/100% of the first pass, its growth from 25% to
  100% (near 1.0: analysis does not accumulate memory), and peak memory (``ru_maxrss``, which
  the kernel updates in batches: it may trail the last VmRSS by a fraction of a MB);
* a sanity check: the share of articles with a title found, with the title it was made with,
  with a non-empty body, with something removed by cleaning, with quotes and with dates. The
  script exits non-zero when an article fails analysis (``AnalysisError``).

Run it from the repository root::

    .venv/bin/python bench/analyze.py [--articles N] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources import files

# bench/ is the script's directory, hence on sys.path: reuse the ingest benchmark's helpers.
from ingest import CHECKPOINTS, NAME_POOL, SAMPLE_NAMES, SEED, peak_rss_mb, rss_mb, vary
from warta.analyze import STAGES, analyze, start_article
from warta.analyze.clean import is_prose, photo_credits
from warta.analyze.metadata import find_title
from warta.errors import AnalysisError
from warta.model import Article, RawDocument

#: Articles made when --articles is not given: enough for the rate to settle.
DEFAULT_ARTICLES = 10_000
#: Body blocks per article, drawn from the pool of all samples' blocks (the samples have 7-14).
MIN_BLOCKS, MAX_BLOCKS = 6, 14
#: Every REPEAT_EVERY-th article repeats its body verbatim (samples 002 and 003 do).
REPEAT_EVERY = 4
#: Name of the pseudo-stage that makes the article from the raw document, before any stage.
START = "start_article"
#: The stages that read who said what and when, timed together ("quotes plus dates").
READING_STAGES = ("quotes", "dates")
#: Failed articles listed in the output; the count covers them all.
SHOWN_FAILURES = 5


@dataclass(frozen=True, slots=True)
class Sample:
    """One raw sample's page furniture: the lines above its lead and below its last prose."""

    header: tuple[str, ...]
    title: int  # index of the headline in ``header``
    footer: tuple[str, ...]


@dataclass(slots=True)
class Run:
    """The measured pass: analysis time, sanity counts and RSS at each checkpoint."""

    seconds: float = 0.0
    wall_seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    rss_mb: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def load_samples() -> tuple[list[Sample], list[tuple[str, ...]]]:
    """The samples' headers and footers, and the pool of their body blocks (deduplicated)."""
    samples: list[Sample] = []
    pool: dict[tuple[str, ...], None] = {}
    for path in sorted((files("warta") / "samples").iterdir(), key=lambda item: item.name):
        if not path.name.endswith(".txt"):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        prose = [i for i, line in enumerate(lines) if is_prose(line.strip())]
        lead = next(i for i in prose if photo_credits(lines[i].strip()) is None)
        starts = [i for i in prose if i >= lead]
        ends = [*starts[1:], prose[-1] + 1]
        pool.update(dict.fromkeys(tuple(lines[s:e]) for s, e in zip(starts, ends, strict=True)))
        filled = [i for i in range(lead) if lines[i].strip()]
        title = find_title([lines[i].strip() for i in filled])
        if title is None:
            raise SystemExit(f"no headline found in sample {path.name}")
        samples.append(Sample(tuple(lines[:lead]), filled[title], tuple(lines[prose[-1] + 1 :])))
    return samples, list(pool)


def generate(count: int) -> Iterator[tuple[RawDocument, str]]:
    """``count`` raw articles, each with the headline it was made with; the same on every call."""
    rng = random.Random(SEED)
    samples, pool = load_samples()
    for number in range(count):
        names = dict(zip(SAMPLE_NAMES, rng.sample(NAME_POOL, len(SAMPLE_NAMES)), strict=True))
        sample = samples[number % len(samples)]
        header = [vary(line, names, rng) for line in sample.header]
        chosen = rng.sample(pool, rng.randint(MIN_BLOCKS, MAX_BLOCKS))
        body = [vary(line, names, rng) for block in chosen for line in block]
        if number % REPEAT_EVERY == 0:
            body += body
        footer = [vary(line, names, rng) for line in sample.footer]
        text = "\n".join([*header, *body, *footer])
        raw = RawDocument(origin=f"bench:{number}", format="text", text=text)
        yield raw, " ".join(header[sample.title].split())


def measure(count: int) -> Run:
    """Analyse ``count`` articles with ``analyze``, timing only the calls."""
    run = Run(
        counts=dict.fromkeys(
            ("title found", "title as made", "body", "removed", "quotes", "dates"), 0
        )
    )
    marks = {max(1, round(count * fraction)): f"{fraction:.0%}" for fraction in CHECKPOINTS}
    wall = time.perf_counter()
    for number, (raw, title) in enumerate(generate(count), 1):
        start = time.perf_counter()
        article: Article | None = None
        try:
            article = analyze(raw)
        except AnalysisError as exc:
            run.failures.append(f"{raw.origin}: {exc}")
        run.seconds += time.perf_counter() - start
        if article is not None:
            run.counts["title found"] += article.title is not None
            run.counts["title as made"] += article.title == title
            run.counts["body"] += any(article.body)
            run.counts["removed"] += bool(article.removed)
            run.counts["quotes"] += bool(article.quotes)
            run.counts["dates"] += bool(article.dates)
        if number in marks:
            run.rss_mb[marks[number]] = rss_mb()
    run.wall_seconds = time.perf_counter() - wall
    return run


def profile(count: int) -> dict[str, float]:
    """Seconds spent in each registered stage (and in making the article) over ``count``."""
    seconds = dict.fromkeys([START, *(registered.name for registered in STAGES)], 0.0)
    for raw, _title in generate(count):
        start = time.perf_counter()
        article = start_article(raw)
        seconds[START] += time.perf_counter() - start
        for registered in STAGES:
            start = time.perf_counter()
            try:
                article = registered.function(article)
            except Exception:  # reported by measure(); the article's later stages are skipped
                break
            finally:
                seconds[registered.name] += time.perf_counter() - start
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, metavar="N")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    if args.articles < len(CHECKPOINTS):
        parser.error(f"--articles must be at least {len(CHECKPOINTS)}")

    rss_before = rss_mb()
    run = measure(args.articles)
    stages = profile(args.articles)
    analysed = args.articles - len(run.failures)
    stage_total = sum(stages.values())
    reading = sum(stages.get(name, 0.0) for name in READING_STAGES)
    figures = {
        "articles": args.articles,
        "cores": 1,
        "analyze_seconds": round(run.seconds, 2),
        "analyze_per_second": round(args.articles / run.seconds),
        "pass_wall_seconds": round(run.wall_seconds, 2),
        "stage_seconds": {name: round(value, 3) for name, value in stages.items()},
        "stage_share": {name: round(value / stage_total, 3) for name, value in stages.items()},
        "quotes_dates_per_second": round(args.articles / reading) if reading else None,
        "rss_before_mb": round(rss_before, 1),
        "rss_mb": {mark: round(value, 1) for mark, value in run.rss_mb.items()},
        "rss_growth_25_to_100": round(run.rss_mb["100%"] / run.rss_mb["25%"], 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "share": {name: round(n / max(1, analysed), 4) for name, n in run.counts.items()},
        "failures": len(run.failures),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"analyze:    {args.articles} articles in {run.seconds:.1f} s"
              f" = {figures['analyze_per_second']} articles/s"
              " on ONE core (single process, single thread)")  # fmt: skip
        print(f"{'':<11} pass wall time {run.wall_seconds:.1f} s, of which"
              f" {run.wall_seconds - run.seconds:.1f} s making articles (not counted)")  # fmt: skip
        print(f"per stage ({args.articles} articles, second pass, stages called one by one):")
        for name, value in stages.items():
            print(f"  {name:<14} {value:7.2f} s {value / stage_total:6.1%}"
                  f" {value / args.articles * 1e6:8.0f} us/article")  # fmt: skip
        print(f"  {'total':<14} {stage_total:7.2f} s")
        print(f"quotes + dates: {figures['quotes_dates_per_second']} articles/s on one core"
              f" ({reading / args.articles * 1e3:.2f} ms/article; the entities they read are"
              " counted in the entities stage)")  # fmt: skip
        print(f"RSS before: {rss_before:6.1f} MB (interpreter and imports)")
        for mark, value in run.rss_mb.items():
            print(f"RSS at {mark:>4} of analysis: {value:6.1f} MB")
        print(f"RSS growth 25% -> 100%: {figures['rss_growth_25_to_100']:.3f}x")
        print(f"peak RSS:   {figures['peak_rss_mb']:.1f} MB (ru_maxrss, whole process)")
        shares = ", ".join(f"{name} {n / max(1, analysed):.1%}" for name, n in run.counts.items())
        print(f"sanity:     {shares}; {len(run.failures)} failed analysis")
    for failure in run.failures[:SHOWN_FAILURES]:
        print(f"FAILED {failure}", file=sys.stderr)
    if run.failures:
        raise SystemExit(f"{len(run.failures)} of {args.articles} articles failed analysis")


if __name__ == "__main__":
    main()
