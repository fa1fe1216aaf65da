"""Which reader an input needs: by its name first, then by a look at its first bytes."""

from __future__ import annotations

import re
from pathlib import PurePath

from warta.errors import UsageError
from warta.model import AUTO, INPUT_FORMATS

_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".json": "json",
}

#: How many leading bytes are enough to recognise HTML or JSON.
SNIFF_BYTES = 4096

_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
_HTML_TAGS = re.compile(rb"<(html|head|body|div|p|article|meta|title)[\s>]", re.I)


def check_format(name: str) -> str:
    """Validate a ``--format`` value for inputs."""
    if name != AUTO and name not in INPUT_FORMATS:
        choices = ", ".join((AUTO, *INPUT_FORMATS))
        raise UsageError(f"unknown input format {name!r}; choose one of {choices}")
    return name


def detect(name: str, head: bytes) -> str:
    """The format of an input called ``name`` whose first bytes are ``head``.

    The file name decides, except that a ``.txt`` file holding a whole HTML page is read as HTML
    (scrapers often save pages that way). Without a known suffix the content decides: an HTML
    document, a JSON object per line, a JSON array, or else plain text.
    """
    head = head.removeprefix(b"\xef\xbb\xbf")
    by_suffix = _BY_SUFFIX.get(PurePath(name).suffix.lower())
    if by_suffix == "text" and _HTML_START.match(head):
        return "html"
    if by_suffix:
        return by_suffix
    stripped = head.lstrip()
    if _HTML_START.match(head) or (stripped.startswith(b"<") and _HTML_TAGS.search(head)):
        return "html"
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"["):
        return "json"
    return "text"
