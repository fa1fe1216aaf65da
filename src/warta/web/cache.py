"""Answers kept until the store changes: a page or an API answer is a function of the request
and the stored data, so the same request gets the same bytes again until the store's
generation moves on (any ingest, correction or new analysis, from any process)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from warta.web.deps import StorePool
from warta.web.i18n import LANGUAGE_COOKIE

#: Memory for kept answers: the pages of a few hundred stories. Least recently used go first.
CACHE_BYTES = 64 * 1024 * 1024
#: An answer bigger than this is not kept (a story of thousands of articles): one such would
#: push out hundreds of others.
LARGEST_KEPT = 4 * 1024 * 1024
#: What is kept: pages, API reads and feeds. Exports stream and are not; static files are
#: static.
CACHED_PREFIXES = ("/stories", "/articles", "/entities", "/quotes", "/search", "/api/", "/feeds/")
#: What is never kept though its prefix is: the live sources' state changes with each poll,
#: which does not move the store's generation, and with the clock (due or waiting).
UNCACHED_PREFIXES = ("/api/sources",)
#: A feed's validators are kept with it, so that a kept feed is still answered with a 304
#: (:mod:`warta.web.conditional`).
_HEADERS_KEPT = ("content-type", "content-security-policy", "x-content-type-options",
                 "referrer-policy", "set-cookie", "etag", "last-modified",
                 "cache-control")  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Kept:
    generation: int
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class ResponseCache:
    """Answers by request, each valid for the store generation it was made at."""

    def __init__(self, pool: StorePool, max_bytes: int = CACHE_BYTES) -> None:
        self.pool = pool
        self.max_bytes = max_bytes
        self._kept: OrderedDict[tuple[str, str, str], _Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _generation(self) -> int:
        store = self.pool.acquire()
        try:
            return store.generation()
        finally:
            self.pool.release(store)

    async def __call__(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        if (
            self.max_bytes <= 0
            or request.method != "GET"
            or not (path == "/" or path.startswith(CACHED_PREFIXES))
            or path.startswith(UNCACHED_PREFIXES)
        ):
            return await call_next(request)
        # by the address asked too: a feed's links are absolute, made from it
        key = (
            str(request.base_url) + path,
            request.url.query,
            request.cookies.get(LANGUAGE_COOKIE, ""),
        )
        generation = self._generation()
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept.generation == generation:
                self._kept.move_to_end(key)
                self.hits += 1
                return Response(kept.body, kept.status, headers=dict(kept.headers))
            self.misses += 1
        response = await call_next(request)
        if response.status_code != 200:
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        headers = [(k, v) for k, v in response.headers.items() if k in _HEADERS_KEPT]
        if len(body) <= LARGEST_KEPT:
            self._keep(key, _Kept(generation, response.status_code, headers, body))
        return Response(body, response.status_code, headers=dict(response.headers))

    def _keep(self, key: tuple[str, str, str], kept: _Kept) -> None:
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._kept[key] = kept
            self._bytes += len(kept.body)
            while self._bytes > self.max_bytes and self._kept:
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped.body)
