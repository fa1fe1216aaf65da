"""JSON records (a JSONL line, an element of a JSON array) to raw documents."""

from __future__ import annotations

from typing import Any

from warta.errors import EmptyInput, MalformedInput
from warta.ingest.html import read_html
from warta.model import RawDocument

#: Optional string fields a record may carry about itself.
_META_FIELDS = ("url", "outlet", "title", "published", "author")
#: Longest id we accept from an input: ids are keys, not documents.
MAX_ID_LENGTH = 200


def record_to_raw(origin: str, record: Any, encoding: str = "utf-8") -> RawDocument:
    """One JSON record: ``text`` or ``html`` (or ``body``, a list of paragraphs, as Warta exports
    it), with optional ``id``, ``url``, ``outlet``, ``title``, ``published``, ``author``.

    Raises:
        MalformedInput: not an object, no text, or a field of the wrong type.
        EmptyInput: the text is blank.
    """
    if not isinstance(record, dict):
        raise MalformedInput(origin, f"expected a JSON object, got {type(record).__name__}")
    meta: dict[str, str | None] = {}
    for name in _META_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise MalformedInput(origin, f"field {name!r} must be a string, got {value!r:.60}")
        meta[name] = value.strip() or None if isinstance(value, str) else None
    given_id = record.get("id")
    if given_id is not None:
        if isinstance(given_id, bool) or not isinstance(given_id, str | int):
            raise MalformedInput(
                origin, f"field 'id' must be a string or integer, got {given_id!r:.60}"
            )
        given_id = str(given_id).strip()
        if not given_id or len(given_id) > MAX_ID_LENGTH or not given_id.isprintable():
            raise MalformedInput(
                origin, f"field 'id' must be 1-{MAX_ID_LENGTH} printable characters"
            )
    text = record.get("text")
    html = record.get("html")
    body = record.get("body")
    if text is None and html is not None:
        if not isinstance(html, str):
            raise MalformedInput(origin, "field 'html' must be a string")
        page = read_html(origin, html, url=meta["url"])
        return RawDocument(
            origin=origin,
            format="jsonl",
            text=page.text,
            encoding=encoding,
            html=html,
            id=given_id or None,
            url=meta["url"] or page.url,
            outlet=meta["outlet"] or page.outlet,
            title=meta["title"] or page.title,
            published=meta["published"] or page.published,
            author=meta["author"] or page.author,
        )
    if text is not None:
        if not isinstance(text, str):
            raise MalformedInput(origin, "field 'text' must be a string")
        if not text.strip():
            raise EmptyInput(origin, "field 'text' is empty")
    elif body is not None:
        if not isinstance(body, list) or not all(isinstance(p, str) for p in body):
            raise MalformedInput(origin, "field 'body' must be a list of paragraph strings")
        if not any(p.strip() for p in body):
            raise EmptyInput(origin, "field 'body' has no text")
        text = "\n\n".join(body)
    else:
        raise MalformedInput(origin, "no 'text', 'html' or 'body' field: nothing to read")
    return RawDocument(
        origin=origin,
        format="jsonl",
        text=text,
        encoding=encoding,
        id=given_id or None,
        url=meta["url"],
        outlet=meta["outlet"],
        title=meta["title"],
        published=meta["published"],
        author=meta["author"],
    )
