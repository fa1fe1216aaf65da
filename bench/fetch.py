"""Live sources at scale: one `warta fetch` round over many local portals.

The script starts ``--portals`` portals (default 200), each a real HTTP server on a loopback
address of its own (127.0.1.1, 127.0.1.2, ...: a host of its own, as Warta keeps its delay per
host name) with a robots.txt, one RSS feed and ``--articles`` article pages,
follows each feed in a fresh SQLite store, and runs one poll of every source through
:class:`warta.run.fetch.Poller` (the code behind `warta fetch`), with the host delay
``--delay``. Then a second poll, where every feed answers 304. It reports:

* wall time and articles ingested per second of the first poll;
* requests per host: the most any portal received, and the highest rate per minute any host
  saw over the poll, beside the ceiling the delay sets (60 / delay per minute);
* the second poll's requests (one per feed: nothing unchanged is fetched again).

Run it from the repository root::

    .venv/bin/python bench/fetch.py [--portals N] [--articles N] [--delay S] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from warta.run.fetch import Poller
from warta.run.local import InProcess
from warta.settings import load_settings
from warta.sources.archive import Archive
from warta.store import open_store

DEFAULT_PORTALS = 200
DEFAULT_ARTICLES = 5
#: Host delay of the benchmark: short, so that a round of 200 portals takes seconds, not the
#: minutes the default 5 s would (the rate per host scales with it; the ceiling is printed).
DEFAULT_DELAY = 0.25
TOWNS = ("Bogor", "Depok", "Bekasi", "Tangerang", "Cianjur", "Garut", "Sukabumi", "Cirebon")


@dataclass
class Result:
    portals: int
    articles_per_portal: int
    delay_seconds: float
    seconds: float
    articles: int
    articles_per_second: float
    requests: int
    most_requests_per_host: int
    peak_requests_per_host_per_minute: float
    ceiling_requests_per_host_per_minute: float
    shortest_gap_seconds: float
    second_poll_requests: int
    second_poll_seconds: float


class PortalServer:
    """One portal: robots.txt, /feed, /berita/N; it logs the time of every request."""

    def __init__(self, number: int, articles: int) -> None:
        self.number = number
        self.times: list[float] = []
        self.routes: dict[str, tuple[str, bytes, str]] = {}
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                portal.times.append(time.monotonic())
                route = portal.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                content_type, body, etag = route
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        address = f"127.0.{1 + number // 250}.{1 + number % 250}"  # all 127/8 is loopback
        self.server = ThreadingHTTPServer((address, 0), Handler)
        self.server.daemon_threads = True
        root = f"http://{address}:{self.server.server_address[1]}"
        self.feed_url = root + "/feed"
        items = []
        for index in range(articles):
            path = f"/berita/{index}"
            title, html = _article(number, index)
            self.routes[path] = ("text/html; charset=utf-8", html.encode(), f'"a{index}"')
            items.append(
                f"<item><title>{title}</title><link>{root}{path}</link>"
                "<pubDate>Mon, 07 Dec 2026 01:00:00 +0000</pubDate></item>"
            )
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Portal</title>'
            + "".join(items)
            + "</channel></rss>"
        )
        self.routes["/feed"] = ("application/rss+xml", feed.encode(), '"feed"')
        self.routes["/robots.txt"] = ("text/plain", b"User-agent: *\nDisallow: /admin/\n", '"r"')
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _article(portal: int, index: int) -> tuple[str, str]:
    town = TOWNS[(portal + index) % len(TOWNS)]
    title = f"Portal {portal}: {town} Resmikan Jembatan Nomor {index}"
    paragraphs = [
        f"Wali Kota {town} meresmikan jembatan nomor {index} dari portal {portal} pada Senin.",
        f"Jembatan sepanjang {100 + index + portal} meter itu menghubungkan dua kecamatan.",
        f'"Warga kini tidak perlu memutar jauh," kata Kepala Dinas Pekerjaan Umum {town}.',
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f"<!doctype html><html><head><title>{title}</title>"
        '<meta property="article:published_time" content="2026-12-07T08:00:00+07:00">'
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )
    return title, html


def peak_per_minute(times: list[float], window: float = 60.0) -> float:
    """The most requests in any window of ``window`` seconds, scaled to a minute; for a poll
    shorter than the window, its requests over its span (first to last), per minute."""
    if len(times) < 2:
        return float(len(times))
    ordered = sorted(times)
    span = ordered[-1] - ordered[0]
    if span < window:
        return (len(ordered) - 1) / span * 60.0 if span > 0 else float("inf")
    most, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] > window:
            start += 1
        most = max(most, end - start + 1)
    return most * 60.0 / window


def run(portals: int, articles: int, delay: float) -> Result:
    servers = [PortalServer(number, articles) for number in range(portals)]
    try:
        with tempfile.TemporaryDirectory() as folder:
            settings = load_settings(
                {
                    "fetch_allow_private": True,
                    "fetch_host_delay_seconds": delay,
                    "fetch_workers": 16,
                    "fetch_contact": "bench@warta.example",
                }
            )
            with (
                open_store(Path(folder) / "bench.db") as store,
                Archive(Path(folder) / "archive") as archive,
            ):
                for server in servers:
                    store.add_source(server.feed_url, "feed", None, None, 900.0)
                with Poller(store, settings, InProcess(), archive) as poller:
                    started = time.perf_counter()
                    first = poller.poll()
                    seconds = time.perf_counter() - started
                    before = sum(len(server.times) for server in servers)
                    started = time.perf_counter()
                    poller.poll(everything=True)
                    second_seconds = time.perf_counter() - started
                second_requests = sum(len(s.times) for s in servers) - before
        per_host: dict[int, list[float]] = defaultdict(list)
        for server in servers:
            per_host[server.number] = server.times[: 2 + articles]  # the first poll's
        return Result(
            portals=portals,
            articles_per_portal=articles,
            delay_seconds=delay,
            seconds=round(seconds, 2),
            articles=first.ingest.added,
            articles_per_second=round(first.ingest.added / seconds, 1),
            requests=sum(len(times) for times in per_host.values()),
            most_requests_per_host=max(len(times) for times in per_host.values()),
            peak_requests_per_host_per_minute=round(
                max(peak_per_minute(times) for times in per_host.values()), 1
            ),
            ceiling_requests_per_host_per_minute=round(60.0 / delay, 1),
            shortest_gap_seconds=round(
                min(
                    later - earlier
                    for times in per_host.values()
                    for earlier, later in itertools.pairwise(sorted(times))
                ),
                3,
            ),
            second_poll_requests=second_requests,
            second_poll_seconds=round(second_seconds, 2),
        )
    finally:
        for server in servers:
            server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=DEFAULT_PORTALS)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--delay", type=float, default=DEFAULT_DELAY)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    result = run(args.portals, args.articles, args.delay)
    if args.json:
        print(json.dumps(asdict(result), indent=1))
        return
    print(
        f"{result.portals} portals x {result.articles_per_portal} articles, host delay "
        f"{result.delay_seconds} s"
    )
    print(
        f"first poll: {result.articles} articles in {result.seconds} s = "
        f"{result.articles_per_second} articles/s ({result.requests} requests)"
    )
    print(
        f"requests per host: at most {result.most_requests_per_host}; peak "
        f"{result.peak_requests_per_host_per_minute}/min per host (ceiling "
        f"{result.ceiling_requests_per_host_per_minute}/min from the delay); shortest gap "
        f"between two requests to a host {result.shortest_gap_seconds} s (as the server saw it)"
    )
    print(
        f"second poll: {result.second_poll_requests} requests in "
        f"{result.second_poll_seconds} s (every feed 304, no page fetched again)"
    )


if __name__ == "__main__":
    main()
