"""Local news portals for the tests of live sources: real HTTP servers on loopback addresses
(each portal on one of its own, 127.0.1.2, 127.0.1.3, ..., so that each is a host of its own:
Warta keeps its delay per host name, whatever the port), serving pages, feeds and sitemaps the
tests write, and logging every request they receive. A portal named ``localhost`` (an HTTPS
one, whose certificate is for that name) listens on 127.0.0.1.

A route answers a fixed body (with optional ETag / Last-Modified, honoured as a real server
does: 304 when the client sends them back), or runs a function for the behaviours under test:
429 with Retry-After, redirects, a slow or endless body.
"""

from __future__ import annotations

import itertools
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: A handler's answer: status, headers, and the body (bytes, or chunks to stream).
Answer = tuple[int, dict[str, str], bytes | Iterator[bytes]]


@dataclass
class Seen:
    """A request a portal received."""

    path: str
    headers: dict[str, str]
    time: float


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    handler: Callable[[Seen], Answer] | None = None


@dataclass
class Portal:
    """One portal: its routes, and the requests it received."""

    server: ThreadingHTTPServer
    #: The name its URLs use: its own address, or ``localhost``.
    name: str = "127.0.0.1"
    scheme: str = "http"
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    #: Bytes of bodies written, per path (a client that stops reading stops this count).
    sent: dict[str, int] = field(default_factory=dict)
    #: The server name each TLS handshake asked for (SNI; None when the client sent none).
    handshakes: list[str | None] = field(default_factory=list)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def root(self) -> str:
        return f"{self.scheme}://{self.name}:{self.port}"

    @property
    def host(self) -> str:
        return f"{self.name}:{self.port}"

    def url(self, path: str) -> str:
        return self.root + path

    def page(self, path: str, html: str, **options: Any) -> None:
        self.routes[path] = Route(html.encode("utf-8"), **options)

    def feed(self, path: str, xml: str, **options: Any) -> None:
        self.routes[path] = Route(xml.encode("utf-8"), "application/rss+xml", **options)

    def sitemap(self, path: str, xml: str, **options: Any) -> None:
        self.routes[path] = Route(xml.encode("utf-8"), "application/xml", **options)

    def handle(self, path: str, handler: Callable[[Seen], Answer]) -> None:
        self.routes[path] = Route(handler=handler)

    def paths(self) -> list[str]:
        return [request.path for request in self.seen]

    def requested(self, path: str) -> list[Seen]:
        return [request for request in self.seen if request.path == path]


class _Handler(BaseHTTPRequestHandler):
    portal: Portal

    def do_GET(self) -> None:
        seen = Seen(self.path, dict(self.headers.items()), time.monotonic())
        self.portal.seen.append(seen)
        route = self.portal.routes.get(self.path.split("?")[0])
        if route is None:
            self._answer(404, {"Content-Type": "text/plain"}, b"not found")
            return
        if route.handler is not None:
            self._answer(*route.handler(seen))
            return
        headers = {"Content-Type": route.content_type}
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        if (route.etag and seen.headers.get("If-None-Match") == route.etag) or (
            route.last_modified and seen.headers.get("If-Modified-Since") == route.last_modified
        ):
            self._answer(304, headers, b"")
            return
        self._answer(route.status, headers, route.body)

    def _answer(self, status: int, headers: dict[str, str], body: bytes | Iterator[bytes]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if isinstance(body, bytes):
            self.send_header("Content-Length", str(len(body)))
        else:  # streamed: its end is the connection's
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        chunks = [body] if isinstance(body, bytes) else body
        path = self.path
        try:
            for chunk in chunks:
                self.wfile.write(chunk)
                self.portal.sent[path] = self.portal.sent.get(path, 0) + len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what the size limit does

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read ``Portal.seen``."""


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client refusing the TLS certificate ends the handshake, as it should."""


#: Numbers the loopback addresses of the portals (all of 127.0.0.0/8 is the loopback on Linux).
_PORTALS = itertools.count(1)


def portal_address() -> str:
    """A loopback address no other portal of this process listens on."""
    number = next(_PORTALS)
    return f"127.0.{1 + number // 250}.{1 + number % 250}"


def start_portal(tls: ssl.SSLContext | None = None, name: str | None = None) -> Portal:
    """A portal on a loopback address of its own, or, ``name``d (``localhost``), on
    127.0.0.1; with ``tls``, an HTTPS one (``name`` is the one its certificate is for) that
    keeps connections alive, as real portals do."""
    handler = type("Handler", (_Handler,), {})
    address = "127.0.0.1" if name else portal_address()
    server = _QuietServer((address, 0), handler)
    server.daemon_threads = True
    portal = Portal(server, name or address, "https" if tls else "http")
    handler.portal = portal  # type: ignore[attr-defined]
    if tls is not None:
        handler.protocol_version = "HTTP/1.1"  # keep-alive: a connection may serve many requests

        def seen_name(sock: Any, server_name: str | None, context: ssl.SSLContext) -> None:
            portal.handshakes.append(server_name)

        tls.sni_callback = seen_name
        # the handshake in the request's thread, not in the accepting one
        server.socket = tls.wrap_socket(
            server.socket, server_side=True, do_handshake_on_connect=False
        )
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return portal


def http_date(seconds_ago: float = 0) -> str:
    return formatdate(time.time() - seconds_ago, usegmt=True)


def article_html(title: str, paragraphs: list[str], published: str | None = None,
                 extra_head: str = "") -> str:  # fmt: skip
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title} - Portal</title>{meta}{extra_head}</head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def rss(items: list[tuple[str, str, str]], title: str = "Portal") -> str:
    """An RSS 2.0 feed of ``(link, title, pubDate)`` items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{date}</pubDate></item>"
        for link, t, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title>{entries}</channel></rss>"
    )


def news_sitemap(items: list[tuple[str, str, str]]) -> str:
    """A Google News sitemap of ``(loc, title, publication_date)`` entries."""
    urls = "".join(
        f"<url><loc>{loc}</loc><news:news><news:publication>"
        "<news:name>Portal</news:name><news:language>id</news:language></news:publication>"
        f"<news:publication_date>{date}</news:publication_date><news:title>{t}</news:title>"
        "</news:news></url>"
        for loc, t, date in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>"
    )


def sitemap_index(locs: list[str], lastmods: list[str | None] | None = None) -> str:
    """A sitemap index of these sitemaps, with their ``<lastmod>`` when given."""
    dates = lastmods or [None] * len(locs)
    entries = "".join(
        f"<sitemap><loc>{loc}</loc>{f'<lastmod>{date}</lastmod>' if date else ''}</sitemap>"
        for loc, date in zip(locs, dates, strict=True)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
        "</sitemapindex>"
    )
