"""The analysis worker process: raw documents in, analysed articles (or refusals) out; and HTML
pages in, their text and metadata out.

Started by :class:`warta.run.processes.AnalysisWorkers` as ``python -m
warta.run.analysis_worker READ_FD WRITE_FD``; it reads ``(number, RawDocument)`` requests from
one pipe and answers ``(number, Article | str)`` on the other, a string being the reason the
input is refused. It exits when its requests pipe closes, which is also what happens when the
process that started it dies. Its standard output is never used: whatever a library prints
cannot corrupt the answers.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import resource
import sys
from collections.abc import Sequence
from multiprocessing.connection import Connection

from warta.analyze import analyze_many, analyze_or_reason
from warta.analyze.templates import line_evidence
from warta.corpus.words import article_words
from warta.errors import InputRejected
from warta.ingest.html import HtmlPage, read_html
from warta.lang.threads import keep_to_one_thread
from warta.model import Article, RawDocument

log = logging.getLogger(__name__)

#: Address space a worker may use. One article's analysis needs a few hundred megabytes at most
#: (measured: 10 MB of text peaks near 1.2 GB); past this the analysis raises MemoryError and the
#: input is refused, instead of the machine swapping.
MEMORY_LIMIT_BYTES = 6 * 1024**3

#: Analysed once at start, so the models are loaded before the first input's time budget runs.
WARM_UP = RawDocument(
    origin="<warm-up>",
    format="text",
    text="Presiden Joko Widodo mengatakan di Jakarta, Senin (1/5), bahwa rapat ditunda.",
    encoding="utf-8",
)

#: How much lower a worker's scheduling priority is than its writer's (``nice``). The writer
#: stores and places what the workers analyse, and an ingest ends when it has placed the last
#: batch: on a machine with as many workers as cores, the writer given an equal share fell a
#: batch behind, and wrote the last ones alone while the cores it left sat idle. Lower, the
#: workers take what the writer leaves (measured with ``LOOKAHEAD`` in run/local.py).
WORKER_NICENESS = 4

#: Loggers of libraries that report every page they cannot parse; Warta reports those inputs.
NOISY_LOGGERS = ("trafilatura", "htmldate", "justext", "charset_normalizer")


def warm_up() -> None:
    """Load the analysis's models (by analysing :data:`WARM_UP`); at once when loaded already.
    The HTML reader is not warmed: most ingests read no HTML.

    What is loaded then (the models, their tables, the modules) lives as long as the process:
    it is moved out of the garbage collector's sight (``gc.freeze``), whose full passes walked
    it again and again for nothing (about 3% of an ingest's CPU), and whose marks, written on
    every object it walks, made a forked worker copy the pages it shares with its parent."""
    analysed(WARM_UP)
    gc.freeze()


def serve(requests: Connection, answers: Connection) -> None:
    """Answer requests until the pipe closes."""
    warm_up()
    answers.send(("ready", os.getpid()))
    while True:
        try:
            number, kind, payload = requests.recv()
        except EOFError:
            return
        answer: Article | str | list[Article | str] | HtmlPage
        if kind == "analyze":
            answer = analysed(payload)
        elif kind == "analyze_many":
            answer = analysed_many(payload)
        else:
            answer = html_or_reason(*payload)
        answers.send((number, answer))


def analysed(raw: RawDocument) -> Article | str:
    """The article of a raw document with what the writer needs of it computed here: its words
    (:func:`~warta.corpus.words.article_words`) and its input's lines for the outlet's template
    statistics; or the reason the input is refused. The analysis's working inputs
    (``input_lines``, ``template_keys``), which nothing after it reads, are not kept: a worker
    sends less."""
    return _for_writer(raw, analyze_or_reason(raw))


def analysed_many(raws: Sequence[RawDocument]) -> list[Article | str]:
    """:func:`analysed` of each raw document, the same answers, their named entities tagged
    together (:func:`warta.analyze.analyze_many`)."""
    return [_for_writer(raw, result) for raw, result in zip(raws, analyze_many(raws), strict=True)]


def _for_writer(raw: RawDocument, result: Article | str) -> Article | str:
    if isinstance(result, str):
        return result
    try:
        result.words = article_words(result)
        result.template_lines = tuple(line_evidence(raw.text))
        result.input_lines, result.template_keys = (), frozenset()
    except Exception as exc:  # a bug on one odd text: this input's fault alone
        log.exception("cannot index %s", raw.origin)
        return f"its words could not be indexed ({type(exc).__name__})"
    return result


def html_or_reason(origin: str, page: str, url: str | None) -> HtmlPage | str:
    """The page's text and metadata, or the reason it is refused."""
    try:
        return read_html(origin, page, url)
    except InputRejected as refused:
        return refused.reason
    except Exception as exc:  # a parser's bug on hostile markup: this page's fault alone
        return f"HTML could not be read ({type(exc).__name__})"


def run(requests_fd: int, answers_fd: int, log_level: int) -> None:
    """Be a worker on these pipe ends: in a process started for it, or forked for it."""
    requests = Connection(requests_fd, writable=False)
    answers = Connection(answers_fd, readable=False)
    os.dup2(2, 1)  # stray prints go to stderr (by descriptor: sys.stderr may be replaced)
    logging.basicConfig(level=log_level)
    logging.getLogger().setLevel(log_level)
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit is set: keep it
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    # One thread of BLAS: the workers are the parallelism (a worker forked from a program that
    # loaded NumPy with a pool of threads would otherwise keep one, fighting the other workers).
    keep_to_one_thread(unless_chosen=False)
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no os.nice here
        os.nice(WORKER_NICENESS)
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        serve(requests, answers)


if __name__ == "__main__":
    run(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
