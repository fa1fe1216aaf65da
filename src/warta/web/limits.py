"""Requests refused before their body is read.

FastAPI reads a whole multipart upload before an endpoint (or any of its dependencies) runs,
so a check in the endpoint comes after the bytes have arrived: a client without the token could
make the server take in 300 MB only to answer 401. This middleware sits in front of the app and
answers from the request line and headers alone:

- a *gate* for a method and path (``POST /api/ingest``: the token) refuses without a byte of
  the body read;
- a ``Content-Length`` above the largest body accepted is refused at once with 413;
- a body without one (chunked) is counted as the app reads it, and refused with 413 when it
  passes the limit: the app's reading fails there, so the endpoint never runs, and whatever the
  app would have answered to the broken body is replaced by the 413.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Refuses a request from its headers (an HTTPException to answer), or lets it in (None).
Gate = Callable[[Headers], HTTPException | None]
#: Turns a refusal into the response the app gives for it (JSON for the API, else a page).
Refuse = Callable[[Scope, HTTPException], Response]


class _BodyTooLarge(Exception):
    """Raised into the app when the body it is reading passes the limit."""


class RequestLimits:
    """Pure ASGI middleware: gates by method and path, and the largest body accepted.

    Args:
        app: the application behind it.
        max_bytes: the largest request body accepted, in bytes.
        gates: per ``(method, path)``, a check of the headers that may refuse the request.
        refuse: the response to a refusal, built without the body.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        gates: Mapping[tuple[str, str], Gate],
        refuse: Refuse,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.gates = dict(gates)
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        gate = self.gates.get((scope["method"], _route_path(scope)))
        refusal = gate(headers) if gate is not None else None
        declared = _content_length(headers)
        if refusal is None and declared is not None and declared > self.max_bytes:
            refusal = self._too_large()
        if refusal is not None:
            await self.refuse(scope, refusal)(scope, _no_body, send)
            return
        await self._counted(scope, receive, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The app, its body counted as it is read; 413 once it passes the limit."""
        received = 0
        over = started = False

        async def counted_receive() -> Message:
            nonlocal received, over
            if over:
                raise _BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    over = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if over and not started:
                return  # the app's answer to a body cut short: the 413 below replaces it
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:  # however the app passed the failed read on, it is answered below
            if not over or started:
                raise
        if over and not started:
            await self.refuse(scope, self._too_large())(scope, _no_body, send)

    def _too_large(self) -> HTTPException:
        return HTTPException(
            413,
            f"the request body is larger than this server accepts ({self.max_bytes:,} bytes;"
            " the max_request_bytes setting): send fewer or smaller files at a time",
        )


def _route_path(scope: Scope) -> str:
    """The path the app's routes match: without the ``root_path`` a proxy mounts it under."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root + "/"):
        return path[len(root) :]
    return path


def _content_length(headers: Headers) -> int | None:
    """The declared body size; None when absent or unreadable (the body is then counted)."""
    try:
        return int(headers["content-length"])
    except (KeyError, ValueError):
        return None


async def _no_body() -> Message:
    """What a refusal's response sees if it asks for the body: the client is gone."""
    return {"type": "http.disconnect"}
