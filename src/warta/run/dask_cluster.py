"""Analysis on a Dask cluster: ``warta ingest --dask ADDRESS`` (or ``--dask local``).

The analysis of a few inputs together (and each HTML page's reading) is a task on the cluster's
workers; the process that runs the ingest stays the one writer, and places each batch in
stories itself (:func:`warta.run.local.ingest`, which analyses the next batch while it writes
the last). The analysis is the same function as in local worker processes
(:func:`warta.run.analysis_worker.analysed_many`), so the same input gives the same articles
and stories whatever the runner.

``local`` starts a :class:`distributed.LocalCluster` of one single-threaded worker process per
core (the setting ``analysis_workers``) on 127.0.0.1, for as long as the ingest runs. An address
(``tcp://host:8786``) joins a running scheduler, whose workers must have the same version of
Warta installed.

The time budget of an input (``analysis_budget_seconds``) is kept as a deadline: an input not
analysed in time is refused with that reason, and its task is cancelled (a task already running
cannot be stopped from outside; its worker finishes it and goes on). Needs the ``dask`` extra:
``pip install 'warta[dask]'``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import socket
import time
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from warta.errors import InputRejected, MalformedInput, UsageError
from warta.ingest.html import HtmlPage
from warta.model import Article, RawDocument
from warta.run.analysis_worker import analysed, analysed_many, html_or_reason
from warta.run.processes import in_groups

if TYPE_CHECKING:
    from distributed import Client, Future

#: What ``--dask`` takes to start a cluster on this machine rather than join one.
LOCAL = "local"


def _distributed() -> ModuleType:
    try:
        import distributed  # noqa: PLC0415  (an optional dependency, loaded only when asked for)
    except ImportError:
        raise UsageError(
            "--dask needs Dask, which is not installed: pip install 'warta[dask]'"
        ) from None
    return distributed


class DaskAnalysis:
    """Analysis as tasks of a Dask cluster, each input within ``budget`` seconds."""

    def __init__(self, client: Client, budget: float) -> None:
        self.client = client
        self.budget = budget

    @property
    def workers(self) -> int:
        """How many inputs the cluster analyses at once: its workers' threads."""
        info = self.client.scheduler_info()
        return max(1, sum(int(w.get("nthreads", 1)) for w in info["workers"].values()))

    def start(self) -> None:
        """The cluster is running already."""

    def analyze(self, raws: Sequence[RawDocument]) -> list[Article | InputRejected]:
        """Analyse every raw document on the cluster; results in the order given.

        A task analyses a few inputs together, as a local worker does
        (:func:`~warta.run.processes.in_groups`): a group whose task runs over its deadline or
        fails is analysed again one input a task."""
        if not raws:
            return []

        def together(grouped: list[list[int]]) -> list[object]:
            futures = [
                self.client.submit(analysed_many, [raws[i] for i in group], pure=False)
                if len(group) > 1
                else self.client.submit(analysed, raws[group[0]], pure=False)
                for group in grouped
            ]
            return self._gather(futures, [raws[group[0]].origin for group in grouped], "analysis")

        def alone(positions: list[int]) -> list[object]:
            futures = self.client.map(analysed, [raws[i] for i in positions], pure=False)
            return self._gather(futures, [raws[i].origin for i in positions], "analysis")

        answers = in_groups(raws, together, alone)
        results: list[Article | InputRejected] = []
        for raw, answer in zip(raws, answers, strict=True):
            if isinstance(answer, str):
                results.append(InputRejected(raw.origin, answer))
            elif isinstance(answer, Article | InputRejected):
                results.append(answer)
            else:
                raise TypeError(f"a Dask task answered {type(answer).__name__}")
        return results

    def read_html(self, origin: str, page: str, url: str | None = None) -> HtmlPage:
        """:func:`warta.ingest.html.read_html` as a task on the cluster.

        Raises:
            InputRejected: the page has no readable text, or reading it took too long.
        """
        future = self.client.submit(html_or_reason, origin, page, url, pure=False)
        (answer,) = self._gather([future], [origin], "reading the HTML")
        if isinstance(answer, InputRejected):
            raise MalformedInput(answer.origin, answer.reason)
        if isinstance(answer, str):
            raise MalformedInput(origin, answer)
        if not isinstance(answer, HtmlPage):
            raise TypeError(f"a Dask task answered {type(answer).__name__}")
        return answer

    def _gather(
        self, futures: Sequence[Future[Any]], origins: list[str], what: str
    ) -> list[object]:
        """The tasks' answers in order; a task not done by its deadline (its budget, for each
        round of tasks the cluster runs at once) is cancelled and its input refused, as is one
        whose task failed."""
        rounds = math.ceil(len(futures) / self.workers)
        deadline = time.monotonic() + self.budget * (rounds + 1)
        answers: list[object] = []
        for future, origin in zip(futures, origins, strict=True):
            try:
                answers.append(future.result(timeout=max(0.0, deadline - time.monotonic())))
            except TimeoutError:
                future.cancel()  # type: ignore[no-untyped-call]
                answers.append(
                    InputRejected(
                        origin,
                        f"{what} took longer than {self.budget:g} s (setting "
                        "analysis_budget_seconds) on the Dask cluster: too big or too odd to "
                        "be one article",
                    )
                )
            except Exception as exc:  # the task died with its worker, or raised
                answers.append(
                    InputRejected(
                        origin, f"{what} failed on the Dask cluster ({type(exc).__name__})"
                    )
                )
        return answers


@contextlib.contextmanager
def dask_analysis(
    address: str, workers: int, budget: float, connect_seconds: float = 30.0
) -> Iterator[DaskAnalysis]:
    """Analysis on the scheduler at ``address`` (given ``connect_seconds`` to answer), or on a
    LocalCluster of ``workers`` processes started for the duration when ``address`` is
    ``local``.

    Raises:
        UsageError: Dask is not installed, or the scheduler cannot be reached.
    """
    distributed = _distributed()
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # the cluster's start and stop are not the user's news
    with contextlib.ExitStack() as stack:
        stack.callback(quiet.setLevel, level)
        if address == LOCAL:
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=40,  # errors only: the workers' chatter is not the user's
                )
            )
            target: object = cluster
        else:
            _check_reachable(address, connect_seconds)
            target = address
        try:
            client = stack.enter_context(
                distributed.Client(target, timeout=f"{connect_seconds}s", set_as_default=False)
            )
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        yield DaskAnalysis(client, budget)


def _check_reachable(address: str, seconds: float) -> None:
    """Refuse a TCP scheduler address that does not take a connection within ``seconds``,
    before distributed starts its IO loop: a Client that cannot connect leaves that loop's
    thread running in this process (distributed 2026.8), and with a thread running Warta's own
    analysis pool starts fresh interpreters rather than forking (run/processes.py). Other
    schemes (``tls://``, ``ucx://``) are left to distributed.

    Raises:
        UsageError: nothing answers at the address.
    """
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        port = parts.port
    except ValueError:  # not a port: distributed says what is wrong with the address
        return
    if parts.scheme != "tcp" or parts.hostname is None or port is None:
        return
    try:
        with socket.create_connection((parts.hostname, port), timeout=seconds):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
