"""JSON records (a JSONL line, an element of a JSON array) to raw documents."""

from __future__ import annotations

from typing import Any

from warta.errors import EmptyInput, MalformedInput
from warta.ingest.html import HtmlReader, read_html
from warta.model import RawDocument, web_url

#: Optional string fields a record may carry about itself.
_META_FIELDS = ("url", "outlet", "title", "published", "author")
#: Longest id we accept from an input: ids are keys, not documents.
MAX_ID_LENGTH = 200


def record_to_raw(
    origin: str, record: Any, encoding: str = "utf-8", read_html: HtmlReader = read_html
) -> RawDocument:
    """One JSON record: ``text`` or ``html`` (or ``body``, a list of paragraphs, as Warta exports
    it), with optional ``id``, ``url``, ``outlet``, ``title``, ``published``, ``author``.
    ``read_html`` extracts the text of an ``html`` field.

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
        meta[name] = _checked_text(origin, name, value).strip() or None if value else None
    # an address that is not a web page's (javascript:, a bare path, unparsable) is no identity
    meta["url"] = web_url(meta["url"])
    given_id = record.get("id")
    if given_id is not None:
        if isinstance(given_id, bool) or not isinstance(given_id, str | int):
            raise MalformedInput(
                origin, f"field 'id' must be a string or integer, got {given_id!r:.60}"
            )
        given_id = _checked_text(origin, "id", str(given_id)).strip()
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
        page = read_html(origin, _checked_text(origin, "html", html), meta["url"])
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
        _checked_text(origin, "text", text)
        if not text.strip():
            raise EmptyInput(origin, "field 'text' is empty")
    elif body is not None:
        if not isinstance(body, list) or not all(isinstance(p, str) for p in body):
            raise MalformedInput(origin, "field 'body' must be a list of paragraph strings")
        if not any(p.strip() for p in body):
            raise EmptyInput(origin, "field 'body' has no text")
        text = _checked_text(origin, "body", "\n\n".join(body))
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


def _checked_text(origin: str, name: str, value: str) -> str:
    """``value`` when it is valid Unicode. JSON's ``\\ud800`` escapes can give a string a lone
    surrogate, which is no character: such text cannot be stored or shown as it is.

    Raises:
        MalformedInput: the string holds a lone surrogate.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise MalformedInput(
            origin,
            f"field {name!r} holds a lone surrogate ({value[exc.start]!a} at character "
            f"{exc.start}), which is not a character: not valid Unicode text",
        ) from exc
    return value
