"""``/docs``: the API's interactive reference (Swagger UI), served entirely by this server.

FastAPI's own ``/docs`` loads Swagger UI from a CDN, so it is blank without a network. Here
its files come from the installed ``fastapi-offline`` package (Swagger UI 5, which reads
OpenAPI 3.1, under ``/docs/assets``) and
the page starts it with a script of Warta's own (``static/docs.js``), so that the page keeps a
policy of no inline script.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

router = APIRouter(include_in_schema=False)

#: Swagger UI sets styles from its script and draws icons as data: images; nothing else is
#: allowed from anywhere but this server.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Warta API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" href="/static/favicon.svg">
</head>
<body>
<div id="swagger-ui" data-openapi="/openapi.json"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body>
</html>
"""


def swagger_ui_files() -> Path:
    """The directory of Swagger UI's files in the installed package."""
    from importlib.resources import files  # noqa: PLC0415

    return Path(str(files("fastapi_offline") / "static"))


@router.get("/docs", response_class=HTMLResponse)
def docs_page() -> HTMLResponse:
    return HTMLResponse(
        _PAGE,
        headers={
            "Content-Security-Policy": DOCS_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
        },
    )


def mount_docs(app: FastAPI) -> None:
    """``/docs`` and its files (the app is made with FastAPI's own docs turned off)."""
    app.include_router(router)
    app.mount("/docs/assets", StaticFiles(directory=swagger_ui_files()), name="docs-assets")
