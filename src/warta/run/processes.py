"""Analysis in worker processes, each input within a time budget.

An input's analysis is pure CPU work on text nobody has vetted. Run in a worker process, it can
be stopped from outside: an input that takes longer than its budget (the setting
``analysis_budget_seconds``) has its worker killed and is refused with that reason, and a worker
that dies (out of memory, a crash in a C library) costs only the input it was reading. The
process that runs the batch meanwhile waits on a pipe, so a server's other requests go on.

Several workers analyse several inputs at once (the setting ``analysis_workers``); answers come
back in the order the inputs were given, so results never depend on timing.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Literal, NoReturn, Protocol

from warta.errors import InputRejected, MalformedInput
from warta.ingest.html import HtmlPage
from warta.model import Article, RawDocument

log = logging.getLogger(__name__)

#: How long a new worker may take to import Warta and load its models before it is given up on.
#: Measured: about 1.5 s on an idle machine; a busy CI machine can be ten times slower.
STARTUP_SECONDS = 120.0

WORKER_COMMAND = (sys.executable, "-m", "warta.run.analysis_worker")


#: Inputs a worker analyses together (their named entities tagged in one call, which costs
#: about half as much per article as one call each), and most characters of text among them:
#: a long input is analysed alone.
GROUP_INPUTS = 8
GROUP_CHARACTERS = 100_000


def groups(raws: Sequence[RawDocument]) -> list[list[int]]:
    """The positions of the inputs, in order, in groups to analyse together: at most
    :data:`GROUP_INPUTS` inputs and :data:`GROUP_CHARACTERS` characters (an input longer than
    that is a group of its own)."""
    found: list[list[int]] = []
    size = 0
    for position, raw in enumerate(raws):
        length = len(raw.text)
        if not found or len(found[-1]) >= GROUP_INPUTS or size + length > GROUP_CHARACTERS:
            found.append([])
            size = 0
        found[-1].append(position)
        size += length
    return found


def in_groups(
    raws: Sequence[RawDocument],
    together: Callable[[list[list[int]]], Sequence[object]],
    alone: Callable[[list[int]], Sequence[object]],
) -> list[object]:
    """Each input's answer, the inputs analysed in :func:`groups`: ``together`` answers for
    each group (a list of its inputs' answers; anything else when the group failed, over its
    budget or with its worker dead), and ``alone`` for each input of a failed group, analysed
    again one at a time so that only the input at fault is refused."""
    grouped = groups(raws)
    answers: list[object] = [None] * len(raws)
    again: list[int] = []
    for group, answer in zip(grouped, together(grouped), strict=True):
        if len(group) == 1:
            answers[group[0]] = answer
        elif isinstance(answer, list) and len(answer) == len(group):
            for position, one in zip(group, answer, strict=True):
                answers[position] = one
        else:
            again += group
    if again:
        for position, answer in zip(again, alone(again), strict=True):
            answers[position] = answer
    return answers


@dataclass(frozen=True, slots=True)
class Job:
    """Work for a worker: ``analyze`` a :class:`RawDocument`, ``analyze_many`` of them
    together, or read an ``html`` page (``(origin, page, url)``), for the input named
    ``origin`` (the first of them)."""

    kind: Literal["analyze", "analyze_many", "html"]
    payload: object
    origin: str


#: How a refusal names each kind of job.
_WHAT = {"analyze": "analysis", "analyze_many": "analysis", "html": "reading the HTML"}


def _unexpected(result: object) -> NoReturn:
    raise TypeError(f"a worker answered {type(result).__name__}")


class WorkerStartError(RuntimeError):
    """A worker process did not start: Warta's installation is broken (not an input's fault)."""


class _Worker:
    """One worker process and the two pipes to it.

    A process with one thread forks its worker, which then starts at once with everything
    already imported; a process with several (a server) starts a fresh interpreter, since a
    fork copies only the calling thread and could inherit a lock another thread held.
    """

    def __init__(self) -> None:
        to_worker_read, to_worker_write = os.pipe()
        from_worker_read, from_worker_write = os.pipe()
        level = logging.getLogger("warta").getEffectiveLevel()
        try:
            if threading.active_count() == 1 and hasattr(os, "fork"):
                self.process: _Process = _fork(to_worker_read, from_worker_write, level)
            else:
                self.process = subprocess.Popen(
                    [*WORKER_COMMAND, str(to_worker_read), str(from_worker_write), str(level)],
                    pass_fds=(to_worker_read, from_worker_write),
                    stdin=subprocess.DEVNULL,
                    env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
                )
        finally:
            os.close(to_worker_read)
            os.close(from_worker_write)
        self.requests = Connection(to_worker_write, readable=False)
        self.answers = Connection(from_worker_read, writable=False)
        #: The job being done, its position in the batch, and when its budget ends.
        self.job: tuple[int, Job, float] | None = None

    def wait_ready(self) -> None:
        """Wait until the worker has loaded its models and says it is ready."""
        if not self.answers.poll(STARTUP_SECONDS):
            self.stop()
            raise WorkerStartError(f"an analysis worker did not start in {STARTUP_SECONDS:.0f} s")
        try:
            self.answers.recv()
        except EOFError:
            code = self.stop()
            raise WorkerStartError(
                f"an analysis worker failed to start (exit code {code}); its error is above"
            ) from None

    def give(self, position: int, job: Job, budget: float) -> None:
        self.job = (position, job, time.monotonic() + budget)
        with contextlib.suppress(OSError):  # it died: collecting its answer says so
            self.requests.send((position, job.kind, job.payload))

    def stop(self) -> int | None:
        """End the process (killed if it does not end at once); its exit code."""
        for connection in (self.requests, self.answers):
            connection.close()
        if self.process.poll() is None:
            self.process.kill()
        return self.process.wait()


class _Process(Protocol):
    def poll(self) -> int | None: ...
    def kill(self) -> None: ...
    def wait(self) -> int: ...


class _Forked:
    """A forked child, with the part of :class:`subprocess.Popen` a worker needs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> int:
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode


def _fork(requests_fd: int, answers_fd: int, log_level: int) -> _Forked:
    from warta.run import analysis_worker  # noqa: PLC0415  (imports the analysis: parent only)

    # The models are loaded here, once, and every worker forked starts with them (their arrays
    # shared with this process until written): each loading its own cost about 0.4 s of CPU
    # per worker, for the same wall time.
    analysis_worker.warm_up()
    pid = os.fork()
    if pid:
        return _Forked(pid)
    code = 1
    try:  # the child: keep only its own pipe ends, so other workers see their pipes close
        _die_with_parent()
        low, high = sorted((requests_fd, answers_fd))
        os.closerange(3, low)
        os.closerange(low + 1, high)
        os.closerange(high + 1, os.sysconf("SC_OPEN_MAX"))
        analysis_worker.run(requests_fd, answers_fd, log_level)
        code = 0
    except BaseException:
        with contextlib.suppress(Exception):
            os.write(2, traceback.format_exc().encode("utf-8", "backslashreplace"))
    finally:
        os._exit(code)


def _die_with_parent() -> None:
    """Ask Linux to kill this forked worker when the thread that forked it (the CLI's main
    thread) ends, even by SIGKILL: else a worker in the middle of a long input outlives it."""
    with contextlib.suppress(Exception):  # elsewhere the worker ends when its pipe closes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_PR_SET_PDEATHSIG = 1


class AnalysisWorkers:
    """A pool of ``count`` analysis worker processes, each input within ``budget`` seconds.

    Workers start when first needed and are reused across batches; a worker that ran over an
    input's budget, or died, is replaced by a new one. Thread-safe: batches given at once (an
    ingest's next batch and a second look at the last one, two uploads to a server) share the
    workers, and a batch that holds none gets the next one freed.
    """

    def __init__(self, count: int = 1, budget: float = 30.0) -> None:
        if count < 1 or budget <= 0:
            raise ValueError("a pool needs at least one worker and a positive budget")
        self.count = count
        self.budget = budget
        self._idle: list[_Worker] = []
        #: Workers started and not stopped (idle, busy, or starting), and batches waiting for one.
        self._alive = 0
        self._queue: deque[object] = deque()  # callers waiting for a worker, in turn
        self._lock = threading.Lock()
        self._freed = threading.Condition(self._lock)

    @property
    def workers(self) -> int:
        """How many inputs the pool analyses at once."""
        return self.count

    def start(self) -> None:
        """Start the workers now rather than at the first input (before other threads start,
        so they can be forked). They start side by side: each loads its models (about a second
        of CPU) while the others do, where started one after the other they left all but one
        core idle."""
        with self._lock:
            missing = max(0, self.count - self._alive)
            self._alive += missing
        started: list[_Worker] = []
        try:
            for _ in range(missing):
                started.append(_Worker())
            for worker in started:
                worker.wait_ready()
        except BaseException:
            for worker in started:
                worker.stop()
            with self._lock:
                self._alive -= missing
                self._freed.notify_all()
            raise
        for worker in started:
            self._release(worker)

    def analyze(self, raws: Sequence[RawDocument]) -> list[Article | InputRejected]:
        """Analyse every raw document, in parallel; results in the order given.

        A worker analyses a few inputs together, within one input's budget
        (:func:`in_groups`)."""

        def together(grouped: list[list[int]]) -> list[object]:
            return self._run(
                [
                    Job("analyze_many", [raws[i] for i in group], raws[group[0]].origin)
                    if len(group) > 1
                    else Job("analyze", raws[group[0]], raws[group[0]].origin)
                    for group in grouped
                ]
            )

        def alone(positions: list[int]) -> list[object]:
            return self._run([Job("analyze", raws[i], raws[i].origin) for i in positions])

        results: list[Article | InputRejected] = []
        for raw, answer in zip(raws, in_groups(raws, together, alone), strict=True):
            if isinstance(answer, str):  # a reason a group's worker gave
                results.append(InputRejected(raw.origin, answer))
            elif isinstance(answer, Article | InputRejected):
                results.append(answer)
            else:
                _unexpected(answer)
        return results

    def read_html(self, origin: str, page: str, url: str | None = None) -> HtmlPage:
        """:func:`warta.ingest.html.read_html` in a worker, within the budget: a page that
        makes the HTML parser work for long (or hold the interpreter's lock for long, as
        lxml does on some hostile markup) costs the caller's process nothing.

        Raises:
            InputRejected: the page has no readable text, or reading it took too long.
        """
        (result,) = self._run([Job("html", (origin, page, url), origin)])
        if isinstance(result, InputRejected):
            raise MalformedInput(result.origin, result.reason)
        return result if isinstance(result, HtmlPage) else _unexpected(result)

    def _take(self, block: bool) -> _Worker | None:
        """An idle worker, or a new one while fewer than ``count`` are alive. When none is
        free: wait for one if ``block``, else None (also while another batch waits for one,
        so a batch that holds none is served first). Callers waiting are served in the order
        they came: a batch whose worker just finished a group waits behind one that was waiting
        already (an ingest's second look at a batch behind the next batch's analysis)."""
        with self._lock:
            if not block and self._queue:
                return None
            turn = object()
            self._queue.append(turn)
            try:
                while self._queue[0] is not turn or (not self._idle and self._alive >= self.count):
                    if not block:
                        return None
                    self._freed.wait()
            finally:
                self._queue.remove(turn)
                self._freed.notify_all()  # the next in line may be served now
            if self._idle:
                return self._idle.pop()
            self._alive += 1
        worker = None
        try:
            worker = _Worker()
            worker.wait_ready()
            return worker
        except BaseException:  # Ctrl-C while it starts, too: leave no process behind
            self._stopped(worker)
            raise

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)
            self._freed.notify_all()

    def _stopped(self, worker: _Worker | None = None) -> None:
        if worker is not None:
            worker.stop()
        with self._lock:
            self._alive -= 1
            self._freed.notify_all()

    def _run(self, jobs: Sequence[Job]) -> list[object]:
        results: list[object] = [None] * len(jobs)
        waiting = deque(enumerate(jobs))
        busy: list[_Worker] = []
        try:
            self._work(waiting, busy, results)
        except BaseException:  # Ctrl-C, or a worker that cannot start: leave none behind
            for worker in busy:
                self._stopped(worker)
            raise
        return results

    def _work(
        self, waiting: deque[tuple[int, Job]], busy: list[_Worker], results: list[object]
    ) -> None:
        while waiting or busy:
            while waiting and (worker := self._take(block=not busy)) is not None:
                busy.append(worker)
                position, job = waiting.popleft()
                worker.give(position, job, self.budget)
            next_deadline = min(w.job[2] for w in busy if w.job)
            wait([w.answers for w in busy], max(0.0, next_deadline - time.monotonic()))
            for worker in list(busy):
                outcome = self._collect(worker)
                if outcome is None:
                    continue
                position, result = outcome
                results[position] = result
                busy.remove(worker)
                if worker.job is None:
                    self._release(worker)
                else:  # it failed: replace it
                    self._stopped(worker)

    def _collect(self, worker: _Worker) -> tuple[int, object] | None:
        """The worker's answer, if it has one or has failed; None while it works in budget.
        A worker that failed keeps its job, so the caller knows to replace it."""
        assert worker.job is not None
        position, job, deadline = worker.job
        what = _WHAT[job.kind]
        if worker.answers.poll():
            try:
                number, answer = worker.answers.recv()
            except (EOFError, OSError):
                code = worker.process.wait()
                log.warning("analysis worker died on %s (exit code %s)", job.origin, code)
                return position, InputRejected(
                    job.origin, f"{what} stopped: its worker process died (exit code {code})"
                )
            assert number == position
            worker.job = None
            if isinstance(answer, str):
                return position, InputRejected(job.origin, answer)
            return position, answer
        if time.monotonic() >= deadline:
            log.info("%s of %s ran over its budget; its worker is replaced", what, job.origin)
            return position, InputRejected(
                job.origin,
                f"{what} took longer than {self.budget:g} s (setting "
                "analysis_budget_seconds): too big or too odd to be one article",
            )
        return None

    def close(self) -> None:
        """Stop the idle workers (a batch running now keeps its own until it ends)."""
        with self._lock:
            idle, self._idle = self._idle, []
            self._alive -= len(idle)
        for worker in idle:
            worker.stop()


_shared: dict[tuple[int, float], AnalysisWorkers] = {}
_shared_lock = threading.Lock()


def shared_workers(count: int, budget: float) -> AnalysisWorkers:
    """The process-wide pool for these settings: started once, reused by every ingest (a
    server's uploads, a test suite's many small ingests), stopped when the process exits."""
    with _shared_lock:
        key = (count, budget)
        if key not in _shared:
            _shared[key] = AnalysisWorkers(count, budget)
        return _shared[key]


@atexit.register
def _stop_shared() -> None:
    for pool in _shared.values():
        pool.close()
