"""One thread for the numerical libraries' pools, unless the user asks for more.

Warta's models multiply small matrices (a sentence's tokens by a few hundred weights), where a
BLAS pool of threads only makes its threads wait on each other, and on a busy machine (another
analysis worker, the database server, a benchmark) wait for a core: the neural tagger ran
several times slower with OpenBLAS's two threads than with one on this project's two-core
machine, and burnt the second core's time too. Warta's parallelism is its analysis workers,
one process per core.
"""

from __future__ import annotations

import os

#: The environment variables that size the numerical libraries' thread pools.
THREAD_SETTINGS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def prefer_one_thread() -> None:
    """Before NumPy loads: ask its libraries for one thread, where the user set nothing."""
    for name in THREAD_SETTINGS:
        os.environ.setdefault(name, "1")


def keep_to_one_thread(*, unless_chosen: bool = True) -> None:
    """Once NumPy is loaded: limit its libraries' pools to one thread, unless (with
    ``unless_chosen``) the user sized them in the environment."""
    if unless_chosen and any(name in os.environ for name in THREAD_SETTINGS):
        return
    from threadpoolctl import threadpool_limits  # noqa: PLC0415  (only where NumPy runs)

    threadpool_limits(1)
