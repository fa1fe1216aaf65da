"""What an error says on a page, in the reader's language.

The library's messages and Starlette's and pydantic's are English, for the CLI and the API. A
page says the same in its own language, from what the error carries (an
:class:`~warta.errors.OverLimit`'s reason, a validation error's type, a status); an error
that carries nothing to translate keeps its message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from warta.errors import OverLimit, WartaError
from warta.web.i18n import STRINGS, Translate

#: How much of a value the reader typed is repeated in a message about it.
SHOWN_VALUE_CHARS = 60

#: A ``Query(pattern=...)`` that lists the values a parameter takes: ``^(day|week|month)$``.
_CHOICES = re.compile(r"\^\(([\w|]+)\)\$")


def refusal(exc: WartaError, t: Translate) -> str:
    """The message of an error the library raised for what a page asked, in ``t``'s language
    when it is a bound (:class:`OverLimit`), else as the library wrote it."""
    if not isinstance(exc, OverLimit):
        return str(exc)
    key = f"refused.{exc.reason}"
    if "interval" in exc.values:
        key = f"{key}.{exc.values['interval']}"
    return t(key, **exc.values) if key in STRINGS else str(exc)


def status_message(status: int, message: str, t: Translate, method: str) -> str:
    """A status's message: Starlette's bare English phrase for it ("Not Found", "Method Not
    Allowed") becomes a sentence in ``t``'s language; the pages' own messages are kept."""
    key = f"error.status.{status}"
    if key in STRINGS and message == _phrase(status):
        return t(key, method=method)
    return message


def invalid_request(errors: Sequence[Mapping[str, Any]], t: Translate) -> str:
    """What pydantic found wrong with a page's query parameters, one sentence per parameter."""
    return " ".join(_invalid(error, t) for error in errors)


def _invalid(error: Mapping[str, Any], t: Translate) -> str:
    location: Sequence[object] = error.get("loc", ())
    name = ".".join(str(part) for part in location if part not in ("query", "path", "body"))
    value = str(error.get("input", ""))[:SHOWN_VALUE_CHARS]
    context: Mapping[str, Any] = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "string_pattern_mismatch":
        choices = _CHOICES.fullmatch(str(context.get("pattern", "")))
        if choices:
            listed = ", ".join(choices.group(1).split("|"))
            return t("error.invalid.choice", name=name, value=value, choices=listed)
    if kind == "int_parsing":
        return t("error.invalid.integer", name=name, value=value)
    if kind == "bool_parsing":
        return t("error.invalid.boolean", name=name, value=value)
    if kind == "greater_than_equal":
        return t("error.invalid.at_least", name=name, limit=context.get("ge"))
    if kind == "less_than_equal":
        return t("error.invalid.at_most", name=name, limit=context.get("le"))
    return t("error.invalid", name=name, value=value)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
