"""``warta serve``: the HTTP API and the pages."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from warta.cli.app import app, db_path, err, handle_errors
from warta.settings import load_settings


@app.command("serve")
@handle_errors
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="WARTA_API_TOKEN",
            help="Bearer token that unlocks POST /api/ingest; without one the server is read-only.",
        ),
    ] = None,
    cache_mb: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Memory per process for answers kept until the database changes, in MB "
            "(0: none)  [default: 64]",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes (one per core serves most load).")
    ] = 1,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="The database to serve, as the global --db (warta --db FILE serve) gives it.",
        ),
    ] = None,
) -> None:
    """Serve the pages (http://HOST:PORT/) and the JSON API (/api, documented at /docs) on the
    database (--db, given before or after `serve`)."""
    # The web stack loads only when serving: every other command starts without it.
    import uvicorn  # noqa: PLC0415

    from warta.store import display_location  # noqa: PLC0415
    from warta.web.app import create_app  # noqa: PLC0415
    from warta.web.cache import CACHE_BYTES  # noqa: PLC0415

    db = db or db_path()
    token = token or str(load_settings()["api_token"]) or None
    cache_bytes = CACHE_BYTES if cache_mb is None else cache_mb * 1024 * 1024
    create_app(db, token, cache_bytes)  # fails now, with a message, when the database is missing
    err.print(
        f"warta: serving {display_location(db)} on http://{host}:{port}/ (API docs: /docs; "
        f"{'ingest allowed with the token' if token else 'read-only'})"
    )
    if workers == 1:
        uvicorn.run(create_app(db, token, cache_bytes), host=host, port=port, log_level="warning")
    else:
        os.environ["WARTA_SERVE_DB"] = db
        os.environ["WARTA_SERVE_TOKEN"] = token or ""
        os.environ["WARTA_SERVE_CACHE_BYTES"] = str(cache_bytes)
        uvicorn.run(
            "warta.web.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
