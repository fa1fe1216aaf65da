"""Conditional GET (RFC 9110, section 13): an answer the client holds already is a 304 without
a body.

Any GET answer that carries an ``ETag`` or a ``Last-Modified`` is checked against the
request's ``If-None-Match`` or ``If-Modified-Since``, whether the endpoint made it or the
response cache (:mod:`warta.web.cache`) kept it: this middleware sits outside the cache, so a
feed reader polling every few minutes gets its 304 from the kept answer, and a new ETag as soon
as the store changes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from email.utils import parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import Response

#: What a 304 carries of the answer it stands for (RFC 9110, 15.4.5).
KEPT_ON_304 = ("etag", "last-modified", "cache-control", "expires", "vary", "content-location")


def not_modified(request: Mapping[str, str], answer: Mapping[str, str]) -> bool:
    """Whether a request with these headers already holds the answer with these: its
    ``If-None-Match`` names the answer's ETag (weakly compared, as for a GET), or, when it
    sends no ``If-None-Match``, its ``If-Modified-Since`` is no older than ``Last-Modified``."""
    etag = answer.get("etag")
    asked = request.get("if-none-match")
    if asked is not None:
        if etag is None:
            return False
        tags = {tag.strip().removeprefix("W/") for tag in asked.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    since, modified = request.get("if-modified-since"), answer.get("last-modified")
    if since is None or modified is None:
        return False
    try:
        return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):  # a date that is not one: send the answer
        return False


async def conditional_get(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """The middleware: a 304 in place of a 200 GET answer the client holds."""
    response = await call_next(request)
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if not not_modified(request.headers, response.headers):
        return response
    async for _ in response.body_iterator:  # type: ignore[attr-defined]
        pass  # the answer is not sent; it is read to its end so that its producer finishes
    kept = {name: value for name, value in response.headers.items() if name in KEPT_ON_304}
    return Response(status_code=304, headers=kept)
