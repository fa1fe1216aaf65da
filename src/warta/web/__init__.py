"""Warta on the web: the HTTP API (``/api``, OpenAPI at ``/docs``) and the pages, served by
``warta serve``. :func:`create_app` builds both on one store."""

from warta.web.app import create_app

__all__ = ["create_app"]
