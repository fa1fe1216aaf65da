"""HTML built in Python from article text: highlighted paragraphs and snippets, and links.

Article text is never trusted. Everything here escapes every piece of text it is given and
returns :class:`markupsafe.Markup` only for HTML it built itself, so templates may print the
result as is. Overlapping spans (a name inside a quote, a date inside both) never produce
crossed tags: the text is cut at every span boundary and each piece is wrapped once, with the
classes of all the spans that cover it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from warta.model import Article
from warta.records import ENTITY_TYPES

#: Entity types that have a colour of their own in the stylesheet; anything else is "MISC".
#: Schemes an external link may use: anything else (``javascript:``, ``data:``) stays text.
SAFE_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Span:
    """A highlighted stretch of one paragraph: CSS classes (from a fixed set) and a tooltip."""

    start: int
    end: int
    classes: tuple[str, ...]
    label: str


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and nothing odd in it, else None
    (the page then shows it as text, never as a link)."""
    if not url:
        return None
    text = url.strip()
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return text


def entity_class(entity_type: str) -> str:
    """The CSS class of an entity type."""
    return f"ent-{entity_type if entity_type in ENTITY_TYPES else 'MISC'}"


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` escaped, each piece covered by spans wrapped in one ``<span>`` with their
    classes and labels."""
    usable = [s for s in spans if 0 <= s.start < s.end and s.start < len(text)]
    if not usable:
        return escape(text)
    cuts = sorted(
        {0, len(text), *(s.start for s in usable), *(min(s.end, len(text)) for s in usable)}
    )
    pieces: list[str] = []
    for start, end in pairwise(cuts):
        covering = [s for s in usable if s.start <= start and s.end >= end]
        piece = escape(text[start:end])
        if not covering:
            pieces.append(piece)
            continue
        classes = sorted({c for s in covering for c in s.classes})
        labels = list(dict.fromkeys(s.label for s in covering if s.label))
        pieces.append(
            f'<span class="{escape(" ".join(classes))}" title="{escape(" · ".join(labels))}">'
            f"{piece}</span>"
        )
    return Markup("".join(pieces))


def mark(text: str, ranges: Sequence[tuple[int, int]]) -> Markup:
    """``text`` escaped with ``<mark>`` around the ranges (search matches)."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, a), min(len(text), b)) for a, b in ranges):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[str] = []
    position = 0
    for start, end in merged:
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return Markup("".join(pieces))


@dataclass(frozen=True, slots=True)
class Labels:
    """The words a highlighted article's tooltips use, in the page's language."""

    types: dict[str, str]
    quote: str
    date: str
    planned: str
    cited: str


def paragraph_spans(
    article: Article, labels: Labels, cited: Sequence[tuple[int, int, int]] = ()
) -> list[list[Span]]:
    """The highlights of each body paragraph: entities by type, quotes (also over several
    paragraphs), dates (planned ones apart), and the cited stretches ``(paragraph, start,
    end)`` a summary link points at."""
    spans: list[list[Span]] = [[] for _ in article.body]

    def add(paragraph: int, span: Span) -> None:
        if 0 <= paragraph < len(spans):
            spans[paragraph].append(span)

    for entity in article.entities:
        kind = entity_class(entity.type)
        name = labels.types.get(entity.type, entity.type)
        label = f"{name}: {entity.canonical}"
        add(entity.paragraph, Span(entity.start, entity.end, ("ent", kind), label))
    for quote in article.quotes:
        who = quote.speaker or quote.speaker_role
        speaker = f" — {who}" if who else ""
        label = f"{labels.quote}{speaker}"
        last = max(quote.end_paragraph, quote.paragraph)
        for paragraph in range(quote.paragraph, last + 1):
            if not 0 <= paragraph < len(article.body):
                continue
            start = quote.start if paragraph == quote.paragraph else 0
            end = quote.end if paragraph == last else len(article.body[paragraph])
            add(paragraph, Span(start, end, ("q", f"q-{_kind(quote.kind)}"), label))
    for mention in article.dates:
        if mention.part != "body":
            continue
        planned = mention.status == "planned"
        classes = ("d", "d-planned") if planned else ("d",)
        label = f"{labels.planned if planned else labels.date}: {mention.value}"
        add(mention.paragraph, Span(mention.start, mention.end, classes, label))
    for paragraph, start, end in cited:
        add(paragraph, Span(start, end, ("cited",), labels.cited))
    return spans


def _kind(kind: str) -> str:
    return kind if kind in ("direct", "partial", "indirect") else "direct"
