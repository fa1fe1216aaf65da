"""The types every stage exchanges.

A :class:`RawDocument` is what a reader made of one input: decoded text or HTML plus whatever the
input said about itself (URL, outlet, title, publication time). Analysis turns it into an
:class:`Article`, whose fields are the article contract of DESIGN.md (``Article.to_dict``);
fields that later stages fill stay empty until those stages run.

Offsets (``start``, ``end``) are character offsets into ``Article.body[paragraph]``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    import numpy as np

EntityType = Literal["PERSON", "ORG", "LOC", "EVENT", "MISC"]
QuoteKind = Literal["direct", "partial", "indirect"]
DateStatus = Literal["happened", "planned", "unknown"]

#: Formats the readers understand; ``auto`` (:data:`AUTO`) picks one per input.
INPUT_FORMATS = ("text", "html", "jsonl", "json")
AUTO = "auto"

T = TypeVar("T")


def _pickled_by_fields(cls: type[T]) -> type[T]:
    """``cls``, pickled as a call of its constructor with its fields in order: a slotted
    dataclass is otherwise pickled and unpickled through ``dataclasses.fields``, field by field,
    which made unpickling the analysed articles a worker sends the busiest cost of the process
    that writes them."""
    values: Callable[[T], tuple[Any, ...]] = attrgetter(*cls.__slots__)  # type: ignore[attr-defined]

    def __reduce__(self: T) -> tuple[type[T], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


#: Length of the hexadecimal article ids (64 bits: collisions stay negligible below ~10^8 articles).
ID_HEX_LENGTH = 16


@_pickled_by_fields
@dataclass(slots=True, frozen=True)
class RawDocument:
    """One input, decoded, before any analysis.

    Attributes:
        origin: where it came from: a file path, ``path:line`` for JSONL, or ``<stdin>``.
        format: the reader that made it (one of :data:`INPUT_FORMATS`).
        text: the decoded text (for HTML input: the main text trafilatura found).
        encoding: the byte encoding the text was decoded from (``utf-8``, ``cp1252``, ...).
        html: the HTML page, when the input was HTML.
        id: an id the input gave itself (JSONL ``id``), kept as the article id.
        url, outlet, title, published, author: what the input said about itself, unparsed.
    """

    origin: str
    format: str
    text: str
    encoding: str | None = None
    html: str | None = None
    id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    #: Keys of the lines known as template of this input's outlet (supplied by the runner from
    #: the store's outlet statistics); not part of the content.
    template_keys: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def content_hash(self) -> str:
        """Hash of what the article says, to tell a changed version from a re-ingest."""
        digest = hashlib.sha1(usedforsecurity=False)
        for part in (self.url, self.outlet, self.title, self.published, self.author, self.text):
            digest.update((part or "").encode("utf-8", "surrogatepass"))
            digest.update(b"\x1f")
        return digest.hexdigest()


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class InputLine:
    """A non-blank line of an input's text as analysis reads it.

    ``number`` is the line's index in the normalised input text (``analyze.text.normalize_text``
    of ``RawDocument.text``, split at ``\\n``, blank lines counted); ``text`` is the line, closed
    up when the input was tokenised; ``gaps`` are offsets into ``text`` before which the input
    had a space that reading closed up. Lines of text wrapped at a width are one ``text``,
    joined by a space where the input breaks the line: its offsets run on into the lines after
    ``number``, the space standing for the line break.
    """

    number: int
    text: str
    gaps: tuple[int, ...] = ()


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class RawSpan:
    """Where a body paragraph is in its input: line ``line`` of the normalised input text, from
    character ``start``, with a space of the input before each paragraph offset in ``gaps``
    (tokenised input; see :class:`InputLine`)."""

    line: int
    start: int
    gaps: tuple[int, ...] = ()

    def input_offset(self, offset: int) -> int:
        """The input line's offset of the paragraph's character at ``offset``."""
        return self.start + offset + bisect_right(self.gaps, offset)

    def input_span(self, start: int, end: int) -> tuple[int, int]:
        """The input line's ``[start, end)`` of the paragraph's ``[start, end)``."""
        if end <= start:
            return self.input_offset(start), self.input_offset(start)
        return self.input_offset(start), self.input_offset(end - 1) + 1

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "start": self.start, "gaps": list(self.gaps)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RawSpan:
        return cls(int(data["line"]), int(data["start"]), tuple(data.get("gaps", ())))


@_pickled_by_fields
@dataclass(slots=True)
class Removal:
    """A piece of the input that cleaning took out of the body, and why."""

    text: str
    reason: str


@_pickled_by_fields
@dataclass(slots=True)
class EntityMention:
    """A named entity as it appears in one paragraph (``body[paragraph][start:end] == text``),
    with the name it has across the article and, for a person, the role the text gives them
    there ("Presiden Rusia", "juru bicara Kremlin")."""

    text: str
    type: str
    canonical: str
    paragraph: int
    start: int
    end: int
    role: str | None = None


@_pickled_by_fields
@dataclass(slots=True)
class Quote:
    """Something a speaker said, directly, partly quoted or reported.

    The quote runs from ``start`` in ``body[paragraph]`` to ``end`` in ``body[end_paragraph]``
    (the same paragraph unless a quote runs over several). ``text`` is the quoted words only: a
    quote split around its attribution has the attribution cut out.

    ``speaker`` is a name; ``speaker_role`` the description the attribution gives the speaker
    ("Ketua DPR" for "kata Ketua DPR Setya Novanto"). A speaker given only by a description
    ("kata seorang warga", "ujar juru bicara kepresidenan") has no name: ``speaker`` is None and
    ``speaker_role`` says who spoke ("warga").
    """

    text: str
    speaker: str | None
    kind: str
    verb: str | None
    paragraph: int
    start: int
    end: int
    end_paragraph: int = -1
    speaker_role: str | None = None

    def __post_init__(self) -> None:
        if self.end_paragraph < 0:
            self.end_paragraph = self.paragraph


@_pickled_by_fields
@dataclass(slots=True)
class DateMention:
    """A calendar expression, normalised against the publication time.

    ``part`` names the text the offsets index: ``"body"`` (``body[paragraph][start:end] ==
    text``) or ``"caption"`` (``captions[paragraph][start:end] == text``); photo captions carry
    dates too ("Donetsk, Ukraina, 20 Januari 2022").
    """

    text: str
    value: str
    status: str
    flags: list[str]
    paragraph: int
    start: int
    end: int
    part: str = "body"


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ArticleWords:
    """An article's words as the search index and story clustering read them: the costly part
    of indexing an article that needs nothing but the article (stemming, shingles, a MinHash
    signature), done once, by the process that analysed it (``Article.words``).

    Attributes:
        search_title: the title's words in their search forms, space-separated.
        search_body: each body paragraph's words in their search forms.
        title_stems: the stems of the title's content words, in order.
        body_stems: the stems of each body paragraph's content words, in order.
        shingles: how many distinct five-word shingles the body has.
        signature: the MinHash signature of those shingles.
        name_stems: ``(word, stem)`` for the words of the article's entity names, which the
            clustering's background weights stem (names are seldom in the shipped table).
        new_stems: ``(word, stem)`` for the words the analysing process stemmed with Sastrawi
            since its last article, no table having them (:func:`warta.lang.id.stems.fresh_stems`):
            the store keeps them, so no later process computes them again.
    """

    search_title: str
    search_body: tuple[tuple[str, ...], ...]
    title_stems: tuple[str, ...]
    body_stems: tuple[tuple[str, ...], ...]
    shingles: int
    signature: np.ndarray = field(repr=False, compare=False)
    name_stems: tuple[tuple[str, str], ...] = ()
    new_stems: tuple[tuple[str, str], ...] = ()


#: ``Article.source["title_from"]`` of a title Warta cut from the article's first sentence,
#: the article having no headline of its own (:mod:`warta.analyze.headline`).
TITLE_FROM_TEXT = "first sentence"


@_pickled_by_fields
@dataclass(slots=True)
class Article:
    """An analysed article: the article contract of DESIGN.md, plus its provenance.

    ``source`` (origin, format, encoding) and ``content_hash`` are not part of the contract's
    minimum but are kept so every article can be traced back to the input it came from.
    """

    id: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    published_not_before: str | None = None
    dateline: str | None = None
    author: str | None = None
    author_initials: str | None = None
    cited_sources: list[str] = field(default_factory=list)
    photo_credits: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    source: dict[str, str | None] = field(default_factory=dict)
    content_hash: str = ""
    #: For each body paragraph, where it is in the input (None when it cannot be found there).
    raw_map: list[RawSpan | None] = field(default_factory=list)
    #: Working input of the clean stage (see RawDocument.template_keys); not in the contract.
    template_keys: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    #: Working input of the raw-map stage: the input's lines as read; not in the contract.
    input_lines: tuple[InputLine, ...] = field(default=(), repr=False, compare=False)
    #: Its words as indexing and clustering read them, when the process that analysed it
    #: computed them (:class:`ArticleWords`); None on an article read back from the store, and
    #: cleared by whatever changes its title or body. Not in the contract.
    words: ArticleWords | None = field(default=None, repr=False, compare=False)
    #: The input's countable lines, ``(key, line, is prose)``, as the outlet's template
    #: statistics count them (``analyze.templates.line_evidence``), when the process that
    #: analysed it computed them. Not in the contract.
    template_lines: tuple[tuple[str, str, bool], ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The article as the CLI and API return it (``--format json``)."""
        return {
            "id": self.id,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "published_not_before": self.published_not_before,
            "dateline": self.dateline,
            "author": self.author,
            "author_initials": self.author_initials,
            "cited_sources": list(self.cited_sources),
            "photo_credits": list(self.photo_credits),
            "captions": list(self.captions),
            "body": list(self.body),
            "removed": [{"text": r.text, "reason": r.reason} for r in self.removed],
            "entities": [_slots_dict(e) for e in self.entities],
            "quotes": [_slots_dict(q) for q in self.quotes],
            "dates": [{**_slots_dict(d), "flags": list(d.flags)} for d in self.dates],
            "source": dict(self.source),
            "content_hash": self.content_hash,
            "raw_map": [span.to_dict() if span else None for span in self.raw_map],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from :meth:`to_dict` output (as stored)."""
        return cls(
            id=data["id"],
            url=data.get("url"),
            outlet=data.get("outlet"),
            title=data.get("title"),
            published=data.get("published"),
            published_not_before=data.get("published_not_before"),
            dateline=data.get("dateline"),
            author=data.get("author"),
            author_initials=data.get("author_initials"),
            cited_sources=list(data.get("cited_sources", [])),
            photo_credits=list(data.get("photo_credits", [])),
            captions=list(data.get("captions", [])),
            body=list(data.get("body", [])),
            removed=[Removal(**r) for r in data.get("removed", [])],
            entities=[EntityMention(**e) for e in data.get("entities", [])],
            quotes=[Quote(**q) for q in data.get("quotes", [])],
            dates=[DateMention(**d) for d in data.get("dates", [])],
            source=dict(data.get("source", {})),
            content_hash=data.get("content_hash", ""),
            raw_map=[RawSpan.from_dict(span) if span else None for span in data.get("raw_map", [])],
        )


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a derived fact comes from: ``body[paragraph][start:end]`` of an article."""

    article: str
    paragraph: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article, "paragraph": self.paragraph,
            "start": self.start, "end": self.end,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceRef:
        return cls(data["article"], data["paragraph"], data["start"], data["end"])


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One development of a story on a date, with the sentence that tells it best and every
    sentence (of any article) that dates it there.

    ``date`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as ``precision`` (day, month, year)
    says; ``status`` is ``happened`` or ``planned``; ``text`` is ``sources[0]``'s sentence.
    ``flags`` say what the reader should know: ``was-planned`` (an earlier article announced
    it), ``weekday-conflict`` (a source's weekday and date disagree), ``background`` (far
    outside the story's span).
    """

    date: str
    precision: str
    status: str
    text: str
    sources: tuple[SourceRef, ...]
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "precision": self.precision,
            "status": self.status,
            "text": self.text,
            "sources": [source.to_dict() for source in self.sources],
            "flags": list(self.flags),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimelineEntry:
        return cls(
            date=data["date"],
            precision=data["precision"],
            status=data["status"],
            text=data["text"],
            sources=tuple(SourceRef.from_dict(source) for source in data["sources"]),
            flags=tuple(data.get("flags", ())),
        )


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of a summary, as written in its first source; the other sources say the
    same in other articles (copies, or a near-identical sentence)."""

    text: str
    sources: tuple[SourceRef, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "sources": [source.to_dict() for source in self.sources]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SummarySentence:
        return cls(data["text"], tuple(SourceRef.from_dict(source) for source in data["sources"]))


#: The keys of the article contract, in order (DESIGN.md, "The article").
ARTICLE_CONTRACT_KEYS = (
    "id", "url", "outlet", "title", "published", "published_not_before", "dateline", "author",
    "author_initials", "cited_sources", "photo_credits", "captions", "body", "removed",
    "entities", "quotes", "dates",
)  # fmt: skip


def _slots_dict(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


def web_url(url: str | None) -> str | None:
    """``url`` when it can be an article's address (http or https, or scheme-relative, with a
    host, parsable), else None: ``javascript:alert(1)``, ``mailto:``, ``file:``, a bare path or
    ``http://[::1`` never name an article, so they never identify one."""
    if not url or not url.strip():
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", "") or not host:
        return None
    return url


def normalize_url(url: str) -> str:
    """The form of a URL that identifies an article: tracking parameters and fragments removed.

    ``HTTP://WWW.Example.com/a/b/?utm_source=x#top`` and ``https://example.com/a/b`` are the same
    article; query parameters that are not tracking (``?id=5``) are kept, sorted.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PREFIXES) and key.lower() not in _TRACKING_KEYS
    )
    if not host:  # not an absolute URL: identify it by its text
        return url.strip()
    return urlunsplit(("https", host, path, urlencode(query), ""))


_TRACKING_PREFIXES = ("utm_", "fb", "ga_", "mc_")
_TRACKING_KEYS = frozenset({"ref", "page_source", "_ga", "gclid", "yclid"})


def article_id(raw: RawDocument) -> str:
    """The stable id of the article a raw document holds.

    An id the input gives itself wins; else the normalised URL identifies the article (so a
    corrected version replaces the old one); else its normalised text does.
    """
    if raw.id:
        return raw.id
    if raw.url:
        key = "url:" + normalize_url(raw.url)
    else:
        key = "text:" + " ".join(unicodedata.normalize("NFC", raw.text).split())
    return hashlib.sha1(key.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()[
        :ID_HEX_LENGTH
    ]
