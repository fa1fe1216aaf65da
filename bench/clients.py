"""What the benchmarks that time concurrent clients share: running the clients, and reading a
percentile of their timings."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence


def run_clients(client: Callable[[int], None], clients: int) -> None:
    """Run ``client(0)`` to ``client(clients - 1)`` at once, each in a thread, and wait for all."""
    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def percentile(values: Sequence[float], share: float) -> float:
    """The value ``share`` of the way up the sorted values (the nearest rank, no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
