"""The web application: API routes under ``/api``, downloads under ``/export``, Atom feeds under
``/feeds``, pages everywhere else, one store pool.

Errors: bad input is a 4xx whose JSON body (API) or page says what was wrong, never a 500. A
store another writer keeps busy is a 503 with ``Retry-After``. A 500 means a bug in Warta, and
says so without a traceback. A request that will be refused for its headers (no token, a body
too large) is refused before its body is read (:mod:`warta.web.limits`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from warta import __version__
from warta.errors import StoreBusy, UsageError, WartaError
from warta.settings import load_settings
from warta.store import is_database_url
from warta.web import api, docs, exports, feeds, page_errors, pages, sources_api
from warta.web.cache import CACHE_BYTES, ResponseCache
from warta.web.conditional import conditional_get
from warta.web.deps import ServerConfig, StorePool
from warta.web.i18n import Translate, translator
from warta.web.limits import RequestLimits
from warta.web.pages import language

log = logging.getLogger(__name__)


def create_app(
    db: str | Path,
    token: str | None = None,
    cache_bytes: int = CACHE_BYTES,
    max_request_bytes: int | None = None,
) -> FastAPI:
    """The API and pages on the database at ``db``. ``token`` unlocks ``POST /api/ingest``;
    without one the server is read-only. Answers are kept in up to ``cache_bytes`` of memory
    until the store changes (0: none kept). A request body above ``max_request_bytes`` is
    refused with 413 (None: the ``max_request_bytes`` setting).

    Raises:
        UsageError: no database at ``db``, or a setting that is not valid.
    """
    if not is_database_url(db) and not Path(db).exists():
        raise UsageError(f"no database at {db}: ingest articles first, or give --db")
    if max_request_bytes is None:
        max_request_bytes = int(load_settings()["max_request_bytes"])
    pool = StorePool(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        title="Warta",
        version=__version__,
        description="Indonesian online news as stories: articles, stories with timelines and "
        "cited summaries, entities, quotes and full-text search. Every list takes `limit` and "
        '`offset`; every error is JSON `{"error": message}` with a 4xx status, or 503 with '
        "`Retry-After` while another writer holds the database.",
        lifespan=lifespan,
        docs_url=None,  # web/docs.py serves it without a CDN
        redoc_url=None,
    )
    app.state.stores = pool
    app.state.cache = ResponseCache(pool, cache_bytes)
    app.middleware("http")(app.state.cache)
    # outside the cache: a kept answer is a 304 too when the client holds it
    app.middleware("http")(conditional_get)
    config = ServerConfig(db=str(db), token=token or None)
    app.state.config = config

    def ingest_gate(headers: Headers) -> StarletteHTTPException | None:
        return api.ingest_refusal(config, headers.get("authorization"))

    # Added last, so outermost: a refused upload does not even reach the cache.
    app.add_middleware(
        RequestLimits,
        max_bytes=max_request_bytes,
        gates={("POST", "/api/ingest"): ingest_gate},
        refuse=_refusal,
    )
    app.include_router(api.router)
    app.include_router(sources_api.router)
    app.include_router(exports.router)
    app.include_router(feeds.router)
    app.include_router(pages.router)
    pages.mount_static(app)
    docs.mount_docs(app)
    _add_error_handlers(app)
    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/export/", "/feeds/")) or path == "/api"


def _add_error_handlers(app: FastAPI) -> None:
    # Each answer is the English message for the API, and for a page the same said in the
    # reader's language (web/page_errors.py).
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message = "; ".join(_describe(error) for error in exc.errors())
        return _error(
            request, 422, message, said=lambda t: page_errors.invalid_request(exc.errors(), t)
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        return _error(
            request,
            exc.status_code,
            message,
            exc.headers,
            said=lambda t: page_errors.status_message(exc.status_code, message, t, request.method),
        )

    @app.exception_handler(StoreBusy)
    async def store_busy(request: Request, exc: StoreBusy) -> Response:
        return _error(
            request,
            503,
            str(exc),
            {"Retry-After": str(exc.retry_after)},
            said=lambda t: t("error.busy", seconds=exc.retry_after),
        )

    @app.exception_handler(WartaError)
    async def warta_error(request: Request, exc: WartaError) -> Response:
        return _error(request, 400, str(exc), said=lambda t: page_errors.refusal(exc, t))

    @app.exception_handler(OverflowError)
    async def overflow(request: Request, exc: OverflowError) -> Response:
        return _error(
            request,
            400,
            "a number in the request is too large",
            said=lambda t: t("error.number_too_large"),
        )

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        name = type(exc).__name__
        return _error(
            request,
            500,
            f"internal error: {name} (a bug in Warta: please report it)",
            said=lambda t: t("error.internal", name=name),
        )


def _describe(error: Mapping[str, Any]) -> str:
    location: Sequence[object] = error.get("loc", ())
    where = ".".join(str(part) for part in location if part not in ("query", "body", "path"))
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg"))


def _error(
    request: Request,
    status: int,
    message: str,
    headers: Mapping[str, str] | None = None,
    said: Callable[[Translate], str] | None = None,
) -> Response:
    """The error as JSON ``{"error": message}`` for the API, downloads and feeds; for a page,
    the error page, saying ``said`` in the reader's language when given."""
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status, headers=dict(headers or {}))
    if said is not None:
        message = said(translator(language(request)))
    page = pages.error_page(request, status, message)
    page.headers.update(headers or {})
    return page


def _refusal(scope: Scope, refusal: StarletteHTTPException) -> Response:
    """The answer to a request refused before its body was read."""
    return _error(Request(scope), refusal.status_code, str(refusal.detail), refusal.headers)


def app_from_environment() -> FastAPI:
    """The app ``warta serve --workers N`` starts in each process (uvicorn's factory)."""
    return create_app(
        os.environ["WARTA_SERVE_DB"],
        os.environ.get("WARTA_SERVE_TOKEN") or None,
        int(os.environ.get("WARTA_SERVE_CACHE_BYTES", CACHE_BYTES)),
    )
