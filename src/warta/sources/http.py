"""The polite HTTP client every fetch goes through.

What it promises, whatever calls it:

- it only requests http(s) URLs whose host resolves to public addresses (or any, with
  ``fetch_allow_private``), connects to an address it checked (the name's next one at once
  when one does not answer, and the one that answered first from then on), and checks every
  redirect again (redirects are followed here, never by the HTTP library, at most
  ``fetch_max_redirects``);
- over https, it verifies the certificate for the URL's host name (sent as SNI), never for the
  address, and a connection verified for one name never serves another;
- it never requests a path the host's robots.txt forbids to Warta's User-Agent (read with
  protego, kept a day), and waits the longer of ``fetch_host_delay_seconds`` and the
  Crawl-delay between the starts of two requests to a host and after the end of each, with at
  most ``fetch_host_concurrency`` at once; a host is a host name, whatever the scheme and port
  (``http://`` and ``https://`` of a portal are one server to its operators);
- it sends the validators it is given (ETag, Last-Modified) back exactly as received;
- it retries 429, 5xx and failed connections at most ``fetch_retries`` times, waiting
  Retry-After when the server says so (at most ``fetch_max_wait_seconds``), else a doubling
  backoff;
- it stops reading a response past ``fetch_max_bytes`` and past three times
  ``fetch_timeout_seconds`` in all.

Every wait watches a stop event, so that `warta watch` stops at once when asked.
"""

from __future__ import annotations

import logging
import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import certifi
import httpx

from warta import __version__
from warta.errors import FetchFailed, FetchRefused, TooLarge, UsageError
from warta.sources.safety import (
    AddressCheck,
    Resolver,
    Target,
    check_url,
    private_reason,
    resolve,
)

log = logging.getLogger(__name__)

#: How long a host's robots.txt is kept before it is read again: RFC 9309 asks crawlers not to
#: keep it more than 24 hours.
ROBOTS_TTL_SECONDS = 24 * 3600
#: The largest robots.txt read: RFC 9309 asks parsers to read at least 500 KiB.
ROBOTS_MAX_BYTES = 512 * 1024
#: Redirects followed to a host's robots.txt (RFC 9309 asks for five at least).
ROBOTS_MAX_REDIRECTS = 5
#: The product token robots.txt groups are matched against.
ROBOT_NAME = "Warta"
#: Answers worth trying again: too many requests, and the server's own errors.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: A whole response may take this many times the per-read timeout (a server dripping bytes
#: never trips a read timeout).
TOTAL_TIMEOUT_FACTOR = 3


class Stopped(Exception):
    """The stop event was set while waiting: the caller ends its work cleanly."""


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How politely and safely to fetch; :meth:`from_settings` reads the settings."""

    user_agent: str = f"Warta/{__version__}"
    allow_private: bool = False
    host_delay: float = 5.0
    host_concurrency: int = 1
    timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    #: The limit of a feed's or a sitemap's body (the sitemap protocol allows 50 MB).
    max_listing_bytes: int = 50 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3
    max_wait: float = 120.0
    backoff: float = 2.0
    #: A PEM file of certificate authorities trusted besides certifi's ("": none).
    ca_file: str = ""

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> FetchPolicy:
        contact = str(settings["fetch_contact"]).strip()
        agent = f"Warta/{__version__} (+{contact})" if contact else f"Warta/{__version__}"
        return cls(
            user_agent=agent,
            allow_private=bool(settings["fetch_allow_private"]),
            host_delay=float(settings["fetch_host_delay_seconds"]),
            host_concurrency=int(settings["fetch_host_concurrency"]),
            timeout=float(settings["fetch_timeout_seconds"]),
            max_bytes=int(settings["fetch_max_bytes"]),
            max_listing_bytes=int(settings["fetch_max_listing_bytes"]),
            max_redirects=int(settings["fetch_max_redirects"]),
            retries=int(settings["fetch_retries"]),
            max_wait=float(settings["fetch_max_wait_seconds"]),
            backoff=float(settings["fetch_backoff_seconds"]),
            ca_file=str(settings["fetch_ca_file"]).strip(),
        )


@dataclass(slots=True)
class Exchange:
    """One request and the answer to it (the last of its redirects), as the archive keeps it.

    ``body`` is the decoded body (a gzip transfer undone); ``response_headers`` are the
    server's, except the encoding and length headers, which describe the body kept.
    """

    url: str
    status: int
    reason: str
    http_version: str
    request_headers: list[tuple[str, str]]
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: str
    address: str
    #: The redirects that led to it, in order (each an exchange of its own, for the archive).
    previous: list[Exchange] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        """The first value of a response header, any case."""
        wanted = name.lower()
        return next((value for key, value in self.response_headers if key.lower() == wanted), None)

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in (self.header("content-type") or "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None


class Fetcher:
    """The polite client; one per run, shared by its threads.

    Args:
        policy: how to fetch.
        stop: set it to make every wait end at once (:class:`Stopped`).
        private: what tells a non-public address (default
            :func:`~warta.sources.safety.private_reason`; a test may call one loopback
            address public to test redirects to another).
    """

    def __init__(
        self,
        policy: FetchPolicy,
        stop: threading.Event | None = None,
        private: AddressCheck = private_reason,
        resolver: Resolver = resolve,
    ) -> None:
        self.policy = policy
        self._private = private
        self._resolver = resolver
        #: Per host name, the address that last answered: tried first next time.
        self._answered: dict[str, str] = {}
        self.stop = stop or threading.Event()
        self._tls = tls_context(policy.ca_file)
        #: One client per host name: a connection is made to the address checked, but its TLS
        #: certificate is verified for the name, so it must never serve another name that
        #: happens to resolve to the same address (the pool keys connections by address).
        self._clients: dict[str, httpx.Client] = {}
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, tuple[float, Any]] = {}
        self._robots_reading: dict[str, threading.Lock] = {}
        #: Requests sent per host name, robots.txt included.
        self.requests: Counter[str] = Counter()

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get_listing(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> Exchange:
        """:meth:`get` of a feed or a sitemap (or what may be one): its body may be as large as
        ``fetch_max_listing_bytes``."""
        return self.get(url, etag, last_modified, self.policy.max_listing_bytes)

    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> Exchange:
        """GET ``url`` politely: an answer of 2xx or 304 (when validators were given).

        Raises:
            FetchRefused: the URL, or a redirect, may not be requested.
            FetchFailed: no good answer after the retries, an error status, too many redirects.
            TooLarge: a body over ``max_bytes`` (default ``fetch_max_bytes``).
            Stopped: the stop event was set.
        """
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        redirects: list[str] = []
        previous: list[Exchange] = []
        current = url
        while True:
            target = self._check(current)
            try:
                self._check_robots(target)
            except FetchRefused as exc:  # named by the URL asked for, not by its robots.txt
                if exc.origin == url:
                    raise
                raise FetchRefused(url, exc.reason, exc.status, exc.retry_after) from exc
            exchange = self._with_retries(target, conditional if not redirects else {}, max_bytes)
            location = exchange.header("location")
            if exchange.status not in REDIRECT_STATUSES or not location:
                break
            redirects.append(current)
            previous.append(exchange)
            if len(redirects) > self.policy.max_redirects:
                raise FetchFailed(
                    url,
                    f"more than {self.policy.max_redirects} redirects (setting "
                    "fetch_max_redirects); last to " + location,
                    exchange.status,
                )
            current = urljoin(current, location.strip())
            if current in redirects:
                raise FetchFailed(url, f"redirect loop through {current}", exchange.status)
        exchange.previous = previous
        if exchange.status == 304 and conditional:
            return exchange
        if not 200 <= exchange.status < 300:
            raise FetchFailed(url, f"HTTP {exchange.status} {exchange.reason}", exchange.status)
        return exchange

    def robots_allows(self, url: str) -> bool:
        """Whether robots.txt lets Warta fetch ``url`` (reading it if need be)."""
        try:
            self._check_robots(self._check(url))
        except FetchRefused:
            return False
        return True

    def sitemaps_of(self, url: str) -> list[str]:
        """The Sitemap lines of the robots.txt of ``url``'s host."""
        target = self._check(url)
        robots = self._robots_of(target)
        return list(robots.sitemaps) if robots is not None else []

    def _check(self, url: str) -> Target:
        return check_url(url, self.policy.allow_private, self._private, self._resolver)

    def _client_of(self, target: Target) -> httpx.Client:
        """The client whose connections are all to ``target``'s host name."""
        with self._lock:
            client = self._clients.get(target.host)
            if client is None:
                client = self._clients[target.host] = httpx.Client(
                    follow_redirects=False,
                    timeout=httpx.Timeout(self.policy.timeout),
                    headers={"User-Agent": self.policy.user_agent},
                    verify=self._tls,
                    # no proxy from the environment: the address checked is the one used
                    trust_env=False,
                )
            return client

    # -- robots.txt ----------------------------------------------------------------------

    def _check_robots(self, target: Target) -> None:
        robots = self._robots_of(target)
        if robots is not None and not robots.can_fetch(target.url, ROBOT_NAME):
            raise FetchRefused(target.url, "robots.txt forbids this path to Warta")

    def _robots_of(self, target: Target) -> Any:
        """The host's parsed robots.txt (None: no rules); read once a day.

        Raises:
            FetchRefused: robots.txt cannot be read (a 5xx or no answer): RFC 9309 has the
                crawler assume everything is forbidden until it can.
        """
        key = _origin(target)
        with self._lock:
            reading = self._robots_reading.setdefault(key, threading.Lock())
        with reading:  # one read per host, however many of its sources poll at once
            return self._read_robots(key)

    def _read_robots(self, key: str) -> Any:
        from protego import Protego  # noqa: PLC0415  (only when fetching)

        now = time.monotonic()
        with self._lock:
            cached = self._robots.get(key)
        if cached is not None and now - cached[0] < ROBOTS_TTL_SECONDS:
            return cached[1]
        robots_url = key + "/robots.txt"
        try:
            for _ in range(ROBOTS_MAX_REDIRECTS + 1):  # RFC 9309 2.3.1.2: five at least
                exchange = self._with_retries(self._check(robots_url), {}, ROBOTS_MAX_BYTES)
                location = exchange.header("location")
                if exchange.status not in REDIRECT_STATUSES or not location:
                    break
                robots_url = urljoin(robots_url, location.strip())
        except FetchRefused:  # not to be requested at all (an address, a certificate): as it is
            raise
        except TooLarge as exc:  # not read whole: what it forbids is not known
            raise FetchRefused(key, "robots.txt is larger than 512 KiB; not fetching") from exc
        except FetchFailed as exc:
            raise FetchRefused(key, f"robots.txt cannot be read ({exc.reason})") from exc
        parsed = None
        if 200 <= exchange.status < 300:
            text = exchange.body.decode("utf-8", "replace")
            parsed = Protego.parse(text)
        elif exchange.status >= 500:
            raise FetchRefused(key, f"robots.txt answered {exchange.status}")
        # a 4xx (no robots.txt), or redirects beyond the bound: no rules (RFC 9309, 2.3.1.3)
        with self._lock:
            self._robots[key] = (now, parsed)
        return parsed

    def _crawl_delay(self, target: Target) -> float:
        with self._lock:
            cached = self._robots.get(_origin(target))
        delay = cached[1].crawl_delay(ROBOT_NAME) if cached and cached[1] is not None else None
        return min(float(delay or 0.0), self.policy.max_wait)

    # -- requests -----------------------------------------------------------------------

    def _with_retries(
        self, target: Target, headers: dict[str, str], max_bytes: int | None = None
    ) -> Exchange:
        """One request, tried again on 429, 5xx and failed connections. A connection that
        fails goes to the host's next address at once, if it has one not tried yet."""
        attempt = 0
        with self._lock:
            answered = self._answered.get(target.host)
        if answered is not None and answered != target.address and answered in target.addresses:
            target = replace(target, address=answered)
        untried = [a for a in target.addresses if a != target.address]
        while True:
            try:
                exchange = self._once(target, headers, max_bytes or self.policy.max_bytes)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                refused = _certificate_refused(exc)
                connecting = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
                if connecting and refused is None and untried:
                    log.info("%s did not answer at %s; trying %s", target.host, target.address,
                             untried[0])  # fmt: skip
                    target = replace(target, address=untried.pop(0))
                    continue
                if refused is not None:  # trying again will not make it valid
                    raise FetchRefused(
                        target.url,
                        f"the TLS certificate of {target.host} is not accepted ({refused}); Warta "
                        "only fetches over verified connections (an authority of your own: "
                        "setting fetch_ca_file)",
                    ) from exc
                reason = (
                    "timed out" if isinstance(exc, httpx.TimeoutException) else f"failed ({exc})"
                )
                if attempt >= self.policy.retries:
                    raise FetchFailed(target.url, f"request {reason}") from exc
                wait = self.policy.backoff * 2**attempt
            else:
                with self._lock:
                    self._answered[target.host] = target.address
                if exchange.status not in RETRY_STATUSES:
                    return exchange
                asked = retry_after(exchange.header("retry-after"))
                if attempt >= self.policy.retries or (
                    asked is not None and asked > self.policy.max_wait
                ):
                    raise FetchFailed(
                        target.url,
                        f"HTTP {exchange.status} {exchange.reason}"
                        + (f" (Retry-After {asked:.0f} s)" if asked is not None else ""),
                        exchange.status,
                        asked,
                    )
                wait = asked if asked is not None else self.policy.backoff * 2**attempt
            attempt += 1
            log.info("retrying %s in %.1f s", target.url, wait)
            self._sleep(min(wait, self.policy.max_wait))

    def _once(self, target: Target, headers: dict[str, str], max_bytes: int) -> Exchange:
        client = self._client_of(target)
        with self._host_slot(target):
            request = client.build_request(
                "GET",
                _address_url(target),
                headers={**headers, "Host": _host_header(target)},
                extensions={"sni_hostname": target.host} if target.scheme == "https" else None,
            )
            fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
            deadline = time.monotonic() + TOTAL_TIMEOUT_FACTOR * self.policy.timeout
            with self._lock:
                self.requests[target.host] += 1
            response = client.send(request, stream=True)
            try:
                body = self._read(target, response, max_bytes, deadline)
            finally:
                response.close()
        return Exchange(
            url=target.url,
            status=response.status_code,
            reason=response.reason_phrase,
            http_version=response.http_version,
            request_headers=[
                (k, v) for k, v in request.headers.multi_items() if k.lower() != "host"
            ]
            + [("Host", _host_header(target))],
            response_headers=_kept_headers(response, len(body)),
            body=body,
            fetched_at=fetched_at,
            address=target.address,
        )

    def _read(
        self, target: Target, response: httpx.Response, max_bytes: int, deadline: float
    ) -> bytes:
        """The body, read in chunks: stopped past ``max_bytes`` or the deadline."""
        declared = response.headers.get("content-length", "")
        setting = (
            "fetch_max_listing_bytes"
            if max_bytes == self.policy.max_listing_bytes != self.policy.max_bytes
            else "fetch_max_bytes"
        )
        limit = f"{_size(max_bytes)} (setting {setting})"
        if declared.isdigit() and int(declared) > max_bytes:
            raise TooLarge(target.url, f"{_size(int(declared))} declared, over {limit}")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(target.url, f"longer than {limit}; stopped reading")
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("the whole response took too long")
            if self.stop.is_set():
                raise Stopped
            chunks.append(chunk)
        return b"".join(chunks)

    @contextmanager
    def _host_slot(self, target: Target) -> Iterator[None]:
        """Wait for the host's turn: its concurrency and the delay since its last request."""
        key = target.host  # a host is its name: its http and https, on any port, are one
        with self._lock:
            host = self._hosts.setdefault(key, _Host(self.policy.host_concurrency))
        delay = max(self.policy.host_delay, self._crawl_delay(target))
        if not _acquire(host.slots, self.stop):
            raise Stopped
        try:
            with host.lock:
                now = time.monotonic()
                # the delay known now (a Crawl-delay read since counts) after the last start,
                # and after the last answer: a request slow to arrive must not bring the next
                # one closer to it, as the server sees them
                start = max(now, host.last_start + delay, host.last_end + delay)
                host.last_start = start
            self._sleep(start - now)
            try:
                yield
            finally:
                with host.lock:
                    host.last_end = max(host.last_end, time.monotonic())
        finally:
            host.slots.release()

    def _sleep(self, seconds: float) -> None:
        if seconds > 0 and self.stop.wait(seconds):
            raise Stopped
        if self.stop.is_set():
            raise Stopped


@dataclass(slots=True)
class _Host:
    """One host's concurrency slots, and when its last request started and its last answer
    ended (``time.monotonic``)."""

    slots: threading.Semaphore
    lock: threading.Lock
    last_start: float
    last_end: float

    def __init__(self, concurrency: int) -> None:
        self.slots = threading.Semaphore(concurrency)
        self.lock = threading.Lock()
        self.last_start = self.last_end = -float("inf")


#: How often a thread waiting for a host's slot looks at the stop event.
_SLOT_POLL_SECONDS = 0.2


def _acquire(slots: threading.Semaphore, stop: threading.Event) -> bool:
    while not stop.is_set():
        if slots.acquire(timeout=_SLOT_POLL_SECONDS):
            return True
    return False


def tls_context(ca_file: str = "") -> ssl.SSLContext:
    """Verification against certifi's authorities, and ``ca_file``'s too when given.

    Raises:
        UsageError: ``ca_file`` cannot be read as PEM certificates.
    """
    context = ssl.create_default_context(cafile=certifi.where())
    if ca_file:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise UsageError(
                f"cannot read certificate authorities from {ca_file} ({exc}); the setting "
                "fetch_ca_file names a PEM file"
            ) from exc
    return context


def _certificate_refused(exc: BaseException) -> str | None:
    """Why the server's TLS certificate was refused, if that is what ended a connection."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return str(seen.verify_message or seen.reason or seen)
        seen = seen.__cause__ or seen.__context__
    return None


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _origin(target: Target) -> str:
    return f"{target.scheme}://{_host_header(target)}"


def _host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 80 if target.scheme == "http" else 443
    return host if target.port == default else f"{host}:{target.port}"


def _address_url(target: Target) -> str:
    """The URL with its host replaced by the address checked (no second DNS answer)."""
    parts = urlsplit(target.url)
    address = f"[{target.address}]" if ":" in target.address else target.address
    return urlunsplit(
        (parts.scheme, f"{address}:{target.port}", parts.path or "/", parts.query, "")
    )


#: Headers that describe the bytes on the wire, not the decoded body kept.
_WIRE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def _kept_headers(response: httpx.Response, length: int) -> list[tuple[str, str]]:
    kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _WIRE_HEADERS]
    encoding = response.headers.get("content-encoding")
    if encoding:
        kept.append(("X-Warta-Decoded-Content-Encoding", encoding))
    kept.append(("Content-Length", str(length)))
    return kept


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
