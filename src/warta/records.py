"""What the store takes and gives, whatever the backend: the query and record types every
layer shares, and the protocols each backend implements (:class:`Store`, and the
:class:`StoryIndex` that story clustering reads and writes).

They sit with the model, below the layers that use them: corpus/ decides what a story or an
entity is through these protocols, store/ backends carry it out, and the CLI, the API and the
pages read the same records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, get_args

from warta.errors import FilterError, InputRejected
from warta.model import Article, EntityType, QuoteKind, RawDocument
from warta.timestamps import to_utc

if TYPE_CHECKING:
    import numpy as np

#: What the filters take: entity types, quote kinds, and the orders of listings.
ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)
QUOTE_KINDS: tuple[str, ...] = get_args(QuoteKind)
ARTICLE_ORDERS = ("newest", "oldest", "ingested", "latest")
SEARCH_ORDERS = ("best", "newest")
STORY_ORDERS = ("ranked", "newest", "largest", "trending")


def check_filters(
    since: str | None, until: str | None, limit: int | None, offset: int, least: int = 0
) -> None:
    """Refuse dates that are not dates, and a page that cannot be: what every query checks
    when it is made, so that the CLI, the API and the pages refuse alike.

    Raises:
        FilterError: naming the filter and what was given.
    """
    for name, value in (("since", since), ("until", until)):
        if value is not None and to_utc(value) is None:
            raise FilterError(name, f"{value!r} is not a date (YYYY-MM-DD) or ISO 8601 time")
    if limit is not None and limit < least:
        raise FilterError("limit", "must be at least 1" if least else "must not be negative")
    if offset < 0:
        raise FilterError("offset", "must not be negative")


def _one_of(field: str, value: str, allowed: Sequence[str], what: str | None = None) -> None:
    if value not in allowed:
        raise FilterError(
            field,
            f"unknown {what or field} {value!r}; choose one of {', '.join(allowed)}",
            leads=False,
        )


@dataclass(slots=True)
class Entity:
    """An entity as the store lists it."""

    id: int
    type: str
    canonical: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    articles: int = 0
    #: The aliases another entity holds too: a lone mention of one resolves to neither.
    ambiguous: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "type": self.type,
            "canonical": self.canonical,
            "aliases": self.aliases,
            "ambiguous_aliases": self.ambiguous,
            "mentions": self.mentions,
            "articles": self.articles,
        }


@dataclass(slots=True)
class Features:
    """An article as clustering sees it.

    ``terms`` and ``entities`` map keys (``t:stem``, ``e:id``) to weighted counts; ``quotes``
    holds ``q:`` keys. ``day`` is the publication time in days since 1970 (None when unknown),
    ``event_day`` the day of the development the article reports.
    """

    article_id: str
    day: float | None
    event_day: float | None
    terms: dict[str, float]
    entities: dict[str, float]
    quotes: frozenset[str]
    signature: np.ndarray = field(repr=False)
    shingles: int
    #: Stems of the headline and the first paragraphs, and of the headline alone: what the
    #: news is, before the background.
    lead: dict[str, float] = field(default_factory=dict)
    title: dict[str, float] = field(default_factory=dict)

    def keys(self) -> list[str]:
        """Every key of the article (for document frequencies)."""
        stems = dict.fromkeys([*self.terms, *self.lead, *self.title])
        return [*stems, *self.entities, *self.quotes]


#: Entity keys of an article as the store canonicalised them: key -> (type, mentions).
EntityKeys = Mapping[str, tuple[str, int]]


WriteOutcome = Literal["added", "updated", "unchanged"]


#: A line of an input: its key, its text, and whether it is prose.
LineEvidence = tuple[str, str, bool]


#: ``latest``: newest first by publication, an undated article by when it was stored (what a
#: feed lists: nothing new sinks to the end for want of a date).
Order = Literal["newest", "oldest", "ingested", "latest"]


@dataclass(frozen=True, slots=True)
class Reject:
    """An input Warta refused, as ``warta rejects`` lists it."""

    origin: str
    reason: str
    kind: str
    first_seen: str
    last_seen: str
    times: int


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """Filters and order for listing articles: ``entity`` keeps the articles mentioning the
    entity of that id, ``story`` those of the story of that id (or a merged story's old id)."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    order: Order = "newest"
    limit: int | None = None
    offset: int = 0
    entity: int | None = None
    story: int | None = None

    def __post_init__(self) -> None:
        check_filters(self.since, self.until, self.limit, self.offset)
        _one_of("order", self.order, ARTICLE_ORDERS)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an article sits: its story, its event, the article it copies, and whether a person
    put it there."""

    story: int
    event: int | None = None
    duplicate_of: str | None = None
    pinned: bool = False


StoryOrder = Literal["ranked", "newest", "largest", "trending"]


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """Filters and order for listing stories.

    Orders: ``ranked`` by coverage and recency (:mod:`warta.corpus.ranking`: recency weighs
    less the longer the period listed),
    ``newest`` (latest article first), ``largest`` (most originals first), ``trending``
    (:mod:`warta.corpus.ranking`: the stories with articles in the last days before the newest
    article listed, most gaining first).

    A story is in a ``since``/``until`` range when any of its articles was published in it;
    ``entity`` (a canonical name or alias, any case) and ``outlet`` keep the stories with an
    article that mentions the entity, or comes from the outlet; ``text`` those with one of the
    best matches of that search (:data:`warta.store.story_queries.TEXT_MATCHES`).
    ``singles=False`` leaves out the stories of one article.
    """

    order: StoryOrder = "newest"
    since: str | None = None
    until: str | None = None
    entity: str | None = None
    outlet: str | None = None
    limit: int | None = None
    offset: int = 0
    singles: bool = True
    text: str | None = None

    def __post_init__(self) -> None:
        check_filters(self.since, self.until, self.limit, self.offset)
        _one_of("order", self.order, STORY_ORDERS)


@dataclass(slots=True)
class StorySummary:
    """A story as listings show it. ``articles`` counts every article, ``originals`` those
    that are not copies of another."""

    id: int
    title: str | None
    first_published: str | None
    last_published: str | None
    articles: int
    originals: int
    outlets: list[str] = field(default_factory=list)
    #: Listed as trending: its articles in the last days, and how many more than its usual.
    recent: int | None = None
    momentum: float | None = None


@dataclass(frozen=True, slots=True)
class StoryArticle:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    event: int | None
    duplicate_of: str | None
    pinned: bool


@dataclass(frozen=True, slots=True)
class StoryEvent:
    id: int
    title: str | None
    date: str | None
    articles: list[str]


@dataclass(slots=True)
class StoryDetail:
    """A story with its articles (oldest first), events (by date) and groups of copies (the
    original first)."""

    summary: StorySummary
    articles: list[StoryArticle]
    events: list[StoryEvent]
    duplicates: list[list[str]]

    @property
    def id(self) -> int:
        return self.summary.id


@dataclass(frozen=True, slots=True)
class EntityQuery:
    """Filters for listing entities; counts are over the articles that pass them."""

    type: str | None = None
    id: int | None = None
    name: str | None = None  # the canonical name or any alias, case-insensitive
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    article_ids: Sequence[str] | None = None  # only these articles (a story's)
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        check_filters(self.since, self.until, self.limit, self.offset)
        if self.type is not None:
            _one_of("type", self.type.upper(), ENTITY_TYPES, "entity type")


@dataclass(frozen=True, slots=True)
class OutletSummary:
    """An outlet as listings show it: its articles, the stories they are in, and its first
    and last publication (UTC)."""

    outlet: str
    articles: int
    stories: int
    first_published: str | None
    last_published: str | None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class AttentionQuery:
    """What attention follows: the articles of a search (``text``), of an entity (a name or
    alias) or of a story, exactly one of them; counted over the articles the filters keep."""

    text: str | None = None
    entity: str | None = None
    story: int | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None

    def __post_init__(self) -> None:
        check_filters(self.since, self.until, None, 0)
        given = [name for name in ("text", "entity", "story") if getattr(self, name) is not None]
        if len(given) != 1:
            raise FilterError("q", "follow one search, entity or story at a time")


@dataclass(frozen=True, slots=True)
class Cooccurrence:
    """An entity mentioned with another: in how many of the same articles, and stories."""

    id: int
    canonical: str
    type: str
    articles: int
    stories: int

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class QuoteQuery:
    """Filters for listing quotes, newest article first."""

    speaker: str | None = None  # the canonical name, any alias, or a role phrase; any case
    kind: str | None = None  # direct, partial or indirect
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    article_ids: Sequence[str] | None = None  # only these articles (a story's)
    limit: int | None = None
    offset: int = 0
    #: A keyset page: the quotes after this one ("ARTICLE:NUMBER", a listed quote's id), read
    #: from an index however deep the page is; an offset instead skips its rows one by one.
    after: str | None = None

    def __post_init__(self) -> None:
        check_filters(self.since, self.until, self.limit, self.offset)
        if self.kind is not None:
            _one_of("kind", self.kind, QUOTE_KINDS)
        if self.after is not None:
            if self.offset:
                raise FilterError("after", "pages by a quote or by an offset, not both")
            if quote_key(self.after) is None:
                raise FilterError("after", f"{self.after!r} is not a quote id (ARTICLE:NUMBER)")


def quote_key(quote_id: str) -> tuple[str, int] | None:
    """A quote's id ("ARTICLE:NUMBER", as listings give it) as its article and number; None
    when it is not one."""
    article, colon, number = quote_id.rpartition(":")
    if not (colon and article and number.isascii() and number.isdigit() and len(number) < 10):
        return None
    return article, int(number)


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A stored quote with its speaker's canonical entity and its article's provenance."""

    article: str
    number: int  # reading order within the article: ``article`` and ``number`` identify it
    outlet: str | None
    published: str | None
    title: str | None
    text: str
    speaker: str | None  # the canonical entity's name when there is one
    speaker_as_written: str | None
    speaker_entity: int | None
    kind: str
    verb: str | None
    paragraph: int
    start: int
    end: int
    end_paragraph: int
    speaker_role: str | None = None  # "warga", "Ketua DPR": the speaker's description

    @property
    def id(self) -> str:
        """The quote's id, ``ARTICLE:NUMBER``: what listings give and :func:`quote_key` reads."""
        return f"{self.article}:{self.number}"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StoreMark:
    """Where the store's articles stood at a moment, to ask later what was stored since:
    ``stored``, the storage number of the last article added then (they only grow, and writers
    take turns, so every article added later has a higher one), and ``time``, when the mark
    was taken (ISO 8601, UTC, to the second, as the store stamps an article it stores again)."""

    stored: int
    time: str


@dataclass(frozen=True, slots=True)
class ArticleTimes:
    """When the store first stored an article and when it last stored a changed version of it
    (ISO 8601, UTC)."""

    ingested: str
    updated: str


SourceKind = Literal["feed", "sitemap"]


@dataclass(slots=True)
class SourceState:
    """A live source (a feed or a sitemap a user follows) and its polling state.

    Times are ISO 8601 in UTC. ``etag`` and ``last_modified`` are the validators exactly as the
    server last sent them; ``failures`` is the failure score (it grows with each failed poll
    and falls with each good one; at the ``fetch_pause_failures`` setting the source is
    ``paused``); ``interval_seconds`` is the adaptive time between polls.
    """

    id: int
    url: str
    kind: SourceKind
    outlet: str | None
    home: str | None
    added_at: str
    interval_seconds: float
    next_poll: str
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: str | None = None
    last_status: str | None = None
    last_new: str | None = None
    polls: int = 0
    articles: int = 0
    failures: float = 0.0
    last_error: str | None = None
    paused: bool = False

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


#: What marks a sitemap of a sitemap index among the pages fetched (``published_source``).
SITEMAP_OF_INDEX = "sitemap-index"


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A page fetched from a source: its feed's stamp of it (the entry's date when it was
    fetched: a new stamp means the portal changed it) and the validators its server sent.

    The sitemaps of a sitemap index are kept as pages too (their stamp the index's
    ``<lastmod>``), marked by ``published_source`` :data:`SITEMAP_OF_INDEX`.
    """

    url: str
    source_id: int | None
    stamp: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: str
    status: int
    #: The publication time from the best evidence, its source, every piece of evidence as
    #: ``(source, value)``, and the sources that disagree (``disagrees:<source>``); see
    #: :mod:`warta.sources.dates`.
    published: str | None = None
    published_source: str | None = None
    date_evidence: tuple[tuple[str, str], ...] = ()
    date_flags: tuple[str, ...] = ()


SearchOrder = Literal["best", "newest"]


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search: words (stemmed, so "pembicaraan" finds "bicara"), "quoted phrases", ``OR``
    between two terms, ``-word`` to exclude; and filters. ``since``/``until`` bound the
    publication time; ``entity`` (articles mentioning it) and ``speaker`` (articles quoting
    them) take a canonical name or any alias, any case; ``story`` a story id.

    ``order``: ``best`` match first (BM25), or ``newest`` first (by publication, an undated
    article by when it was stored), among the same matches. ``stored_after`` keeps the
    articles added since that mark, or stored again with a change at or after its time."""

    text: str
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    entity: str | None = None
    speaker: str | None = None
    story: int | None = None
    limit: int = 20
    offset: int = 0
    facets: bool = True
    order: SearchOrder = "best"
    stored_after: StoreMark | None = None

    def __post_init__(self) -> None:
        check_filters(self.since, self.until, self.limit, self.offset, least=1)
        _one_of("order", self.order, SEARCH_ORDERS)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article found, best first: BM25 ``score`` (higher is better) and a ``snippet`` of its
    text with the matched words at ``highlights`` (offsets into the snippet; ``title_highlights``
    into the title)."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    story: int | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    title_highlights: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "story": self.story,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "title_highlights": [list(span) for span in self.title_highlights],
        }


@dataclass(frozen=True, slots=True)
class FacetCount:
    """A facet value and the matches having it; ``label`` is what a reader sees when ``value``
    is an id (a story's title)."""

    value: str
    count: int
    label: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"value": self.value, "count": self.count, "label": self.label or self.value}


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of hits, the number of all matches (``total``), how many of them the hits were
    ranked among (``ranked``: all, or the ones stored last when there are very many), and
    facets: counts by outlet, month, story, entity and speaker over the best ``facet_base``
    matches."""

    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    facet_base: int = 0
    ranked: int = 0


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event of a story, as clustering matches new articles to it."""

    id: int
    day: float | None


@dataclass(frozen=True, slots=True)
class StoryRow:
    """An article of a story, with what a story's title, span and events are made from."""

    article_id: str
    event: int | None
    duplicate_of: str | None
    links: int
    title: str | None
    outlet: str | None
    published: str | None
    event_day: float | None
    #: Where its title came from (``Article.source["title_from"]``): "first sentence" when
    #: the article had none and Warta cut one from its text.
    title_from: str | None = None


class StoryIndex(Protocol):
    """What story clustering reads and writes, inside one transaction of the store
    (:meth:`Store.story_index`). Every read is an index lookup."""

    def entity_keys(self, article_id: str) -> EntityKeys: ...
    def article_count(self) -> int: ...
    def key_counts(self, keys: Iterable[str]) -> Mapping[str, int]: ...
    def save_features(self, features: Features, posted: Sequence[str], day: float) -> None: ...
    def drop_features(self, article_id: str) -> None: ...
    def features(self, article_ids: Sequence[str]) -> dict[str, Features]: ...
    def posted(self, key: str, day: float | None, window: float, limit: int) -> list[str]: ...
    def posted_each(
        self, keys: Sequence[str], day: float | None, window: float, limit: int
    ) -> list[list[str]]: ...
    def save_bands(self, article_id: str, keys: Sequence[int]) -> None: ...
    def band_matches(self, keys: Sequence[int]) -> list[str]: ...
    def placements(self, article_ids: Iterable[str]) -> dict[str, Placement]: ...
    def place(self, article_id: str, placement: Placement, links: int = 0) -> None: ...
    def add_links(self, article_ids: Sequence[str]) -> None: ...
    def repoint_copies(self, old_original: str, new_original: str) -> None: ...
    def unplaced_articles(self, limit: int) -> tuple[list[str], bool]: ...
    def new_story(self) -> int: ...
    def resolve_story(self, story_id: int) -> int | None: ...
    def merge_stories(self, into: int, other: int) -> None: ...
    def separated(self, a: int, b: int) -> bool: ...
    def separate(self, a: int, b: int, apart: bool = True) -> None: ...
    def events(self, story_id: int) -> list[EventRow]: ...
    def new_event(self, story_id: int, day: float | None) -> int: ...
    def story_members(self, story_id: int) -> list[StoryRow]: ...
    def set_event(self, article_id: str, event_id: int | None) -> None: ...
    def update_event(
        self, event_id: int, day: float | None, title: str | None, size: int
    ) -> None: ...
    def delete_event(self, event_id: int) -> None: ...
    def update_story(
        self,
        story_id: int,
        title: str | None,
        span: tuple[str | None, str | None],
        counts: tuple[int, int, int],
    ) -> None: ...
    def delete_story(self, story_id: int, successor: int | None) -> None: ...
    def record_correction(self, kind: str, detail: dict[str, object]) -> None: ...


class Store(Protocol):
    """Where articles and everything derived from them live.

    Writes are batched: :meth:`write` stores a batch of analysed articles and refusals in one
    transaction, so a crash leaves either the whole batch or none of it.
    """

    def write(
        self,
        articles: Sequence[tuple[Article, RawDocument]],
        rejects: Sequence[InputRejected],
        unchanged_origins: Sequence[str] = (),
        line_evidence: Mapping[str, Sequence[LineEvidence]] | None = None,
        template_baselines: Mapping[str, frozenset[str]] | None = None,
    ) -> list[WriteOutcome | InputRejected]:
        """Store a batch atomically; return, per article, whether it was new, changed or not,
        or the refusal of an article that could not be stored (recorded like ``rejects``; the
        rest of the batch is stored).

        ``unchanged_origins`` are inputs read fine whose articles are stored already: they are
        no longer refused, if they were. ``line_evidence`` gives, by article id, the lines of
        its input; a new article's lines are counted in its outlet's statistics.

        Work the batch makes owed is recorded with it (see :meth:`pending_work`): an updated
        article's story features, and each outlet of ``template_baselines`` with the template
        lines its articles were cleaned with before this run (kept if already owed).
        """
        ...

    def learned_stems(self, limit: int) -> list[tuple[str, str]]:
        """At most ``limit`` ``(word, stem)`` pairs that earlier analyses computed with Sastrawi
        (no shipped table had the word) and :meth:`write` kept, for
        :func:`warta.lang.id.stems.learn`."""
        ...

    def pending_work(self, kind: str) -> dict[str, str]:
        """Work owed by committed writes that no run has done yet, by key: ``templates``
        (outlet -> JSON list of its template lines when its articles were last cleaned) or
        ``features`` (article id -> ''), whose story features must be recomputed."""
        ...

    def work_done(self, kind: str, keys: Sequence[str]) -> None:
        """The owed work of these keys is done."""
        ...

    def template_keys(
        self, outlet: str, min_articles: int, min_prose_articles: int, min_prose_share: float
    ) -> frozenset[str]:
        """Keys of the outlet's lines that occur in enough of its articles to be template:
        at least ``min_articles``, and for prose lines also ``min_prose_articles`` and
        ``min_prose_share`` of the outlet's articles."""
        ...

    def articles_with_lines(self, outlet: str, keys: Sequence[str]) -> list[str]:
        """Ids of the first articles of an outlet (up to ten per line) holding these lines."""
        ...

    def list_entities(self, query: EntityQuery | None = None) -> list[Entity]:
        """Canonical entities with their aliases and counts, most mentioned first."""
        ...

    def entity_activity(self, entity_id: int) -> list[tuple[str, int, int]]:
        """Per publication day (``YYYY-MM-DD``, UTC, oldest first): the articles that mention
        the entity and how often they do."""
        ...

    def merge_entities(self, keep: int, gone: int) -> None:
        """A person's correction: entity ``gone`` is entity ``keep``, now and in later ingests
        (its name resolves to ``keep``)."""
        ...

    def split_entity_name(self, name: str) -> list[str]:
        """A person's correction: ``name`` is an entity of its own, never another's alias,
        now and in later ingests. The articles that mention an entity holding the name are
        indexed again; returns their ids."""
        ...

    def list_quotes(self, query: QuoteQuery | None = None) -> list[QuoteRecord]:
        """Quotes with their speakers' canonical names, newest article first."""
        ...

    def list_outlets(
        self,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[int, list[OutletSummary]]:
        """How many outlets published in the range, and a page of them, most articles first."""
        ...

    def outlet_days(self, outlet: str) -> list[tuple[str, int]]:
        """An outlet's dated articles per publication day (UTC)."""
        ...

    def outlet_copies(self, outlet: str) -> int:
        """How many of an outlet's articles copy another article."""
        ...

    def cited_sources(self, article_ids: Sequence[str]) -> dict[str, list[str]]:
        """The wires each article says it relays."""
        ...

    def outlet_wires(self, outlet: str) -> Counter[str]:
        """The wires an outlet relays: in how many of its latest 2,000 articles each is cited."""
        ...

    def attention(self, query: AttentionQuery) -> list[tuple[str, str | None, int]]:
        """(day, outlet, articles) of the dated articles the query follows, by day (UTC)."""
        ...

    def cooccurring(self, entity_id: int, limit: int = 20) -> list[Cooccurrence]:
        """The entities mentioned most often with an entity, most articles first (over its
        latest 5,000 articles)."""
        ...

    def entities_of_articles(
        self, article_ids: Sequence[str]
    ) -> dict[str, list[tuple[int, str, str, int]]]:
        """Each article's canonical entities: (id, canonical name, type, mentions)."""
        ...

    def pair_articles(self, first: int, second: int, limit: int = 50) -> list[str]:
        """The ids of the articles that mention both entities, newest first."""
        ...

    def count_pair_articles(self, first: int, second: int) -> int:
        """How many articles mention both entities (whatever the limit of ``pair_articles``)."""
        ...

    def entity_network(
        self, query: EntityQuery, nodes: int = 200, least: int = 1, around: int | None = None
    ) -> tuple[list[Entity], list[tuple[int, int, int, int]]]:
        """The ``nodes`` most mentioned entities over the query's articles (or ``around`` an
        entity: it and those mentioned most often with it), and each pair of them mentioned
        together in at least ``least`` articles: (entity, entity, articles, stories)."""
        ...

    def list_stories(self, query: StoryQuery | None = None) -> list[StorySummary]:
        """Stories in the query's order (:class:`StoryQuery`)."""
        ...

    def count_stories(self, query: StoryQuery | None = None) -> int:
        """How many stories pass the query's filters, whatever its limit and offset."""
        ...

    def get_story(self, story_id: int) -> StoryDetail | None:
        """A story with its articles, events and copies; a merged story's old id names the
        story it joined."""
        ...

    def story_days(self, story_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """Per story, how many of its articles were published each day (``YYYY-MM-DD`` as
        published), for its sparkline."""
        ...

    def story_article_ids(self, story_id: int) -> list[str]:
        """Ids of a story's articles (empty when there is no such story)."""
        ...

    def placements(self, article_ids: Sequence[str]) -> dict[str, Placement]:
        """The story, event and original of each of these articles that has a story."""
        ...

    def article_ids_after(self, after: str, limit: int, since: str | None = None) -> list[str]:
        """At most ``limit`` ids of stored articles that sort after ``after``, in id order
        (``after=""`` for the first): every article read a page at a time, with a cursor that
        rewriting an article's analysis does not move. With ``since``, only the articles
        published on or after it."""
        ...

    def undated_article_ids(self, limit: int) -> list[str]:
        """Articles with neither ``published`` nor ``published_not_before``, newest stored
        first."""
        ...

    def entity_neighbours(self, article_id: str, min_shared: int, limit: int) -> list[str]:
        """Other articles sharing at least ``min_shared`` people or organisations with an
        article, most shared first."""
        ...

    def story_index(self) -> AbstractContextManager[StoryIndex]:
        """The story tables, inside one write transaction: all of a clustering step or a
        correction is stored, or none of it."""
        ...

    def replace_analysis(self, articles: Sequence[Article], refeature: bool = False) -> None:
        """Store a new analysis of articles whose input did not change (same content hash);
        with ``refeature``, their story features are owed (:meth:`pending_work`) in the same
        transaction."""
        ...

    def stored_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The content hash of each of these articles that is stored, by id."""
        ...

    def search(self, query: SearchQuery) -> SearchResult:
        """Articles matching a full-text query and its filters, best first, with facets.

        Raises:
            UsageError: a query with nothing to search for, or too long.
        """
        ...

    def generation(self) -> int:
        """A number that goes up with every committed write that changes what Warta shows
        (articles, analyses, stories), in any process."""
        ...

    def cached_products(self, story_id: int) -> tuple[str, str] | None:
        """The story products last saved for a story: the key they were built for, and their
        JSON."""
        ...

    def save_products(self, story_id: int, key: str, data: str) -> None:
        """Keep a story's products (JSON) for the key they were built for. The store drops
        them when an article of the story is stored again with a new text or analysis."""
        ...

    def get_article(self, article_id: str) -> Article | None:
        """The article with this id, or with this unique id prefix; None when there is none."""
        ...

    def get_articles(self, article_ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles among these ids (exact ids only), by id."""
        ...

    def list_articles(self, query: ArticleQuery | None = None) -> Iterator[Article]:
        """Articles matching the query, streamed."""
        ...

    def count_articles(self, query: ArticleQuery | None = None) -> int:
        """How many articles are stored (that pass the query's filters)."""
        ...

    def count_entities(self, query: EntityQuery | None = None) -> int:
        """How many entities the query lists, whatever its limit and offset."""
        ...

    def count_quotes(self, query: QuoteQuery | None = None) -> int:
        """How many quotes the query lists, whatever its limit, offset or ``after``."""
        ...

    def article_times(self, article_ids: Sequence[str]) -> dict[str, ArticleTimes]:
        """When each of these stored articles was first stored and last changed, by id."""
        ...

    def store_mark(self) -> StoreMark:
        """Where the store stands now, for :attr:`SearchQuery.stored_after` to ask later
        what was stored since."""
        ...

    def search_mark(self, name: str) -> tuple[StoreMark, str] | None:
        """The mark a saved search of this name left, and the query it ran; None before its
        first run."""
        ...

    def save_search_mark(self, name: str, query: str, mark: StoreMark) -> None:
        """Remember where the saved search ``name`` (running ``query``) left off."""
        ...

    def get_raw(self, article_id: str) -> RawDocument | None:
        """The input an article was made from, to analyse it again."""
        ...

    def list_rejects(self) -> list[Reject]:
        """Inputs refused and not since ingested, most recent first."""
        ...

    def add_source(
        self,
        url: str,
        kind: SourceKind,
        outlet: str | None,
        home: str | None,
        interval_seconds: float,
    ) -> tuple[SourceState, bool]:
        """Follow a feed or a sitemap (due at once); an URL followed already is kept as it is.
        Returns the source and whether it is new."""
        ...

    def list_sources(self) -> list[SourceState]:
        """Every source followed, by id."""
        ...

    def remove_source(self, key: str) -> SourceState | None:
        """Stop following a source, given by its id or its URL; None if there is none."""
        ...

    def due_sources(self, now: str) -> list[SourceState]:
        """The sources not paused whose next poll is at ``now`` or before, the most overdue
        first."""
        ...

    def claim_sources(self, now: str, until: str, everything: bool = False) -> list[SourceState]:
        """Take the due sources (``everything``: all not paused) for a poll, atomically: their
        next poll is moved to ``until``, so that another process polling at the same time
        leaves them; a poll that ends saves the next poll it computes. The states returned
        keep the next poll they had (saved back by a poll stopped before it began)."""
        ...

    def save_source(self, source: SourceState) -> None:
        """Store a source's polling state after a poll."""
        ...

    def fetched_pages(self, urls: Sequence[str]) -> dict[str, FetchedPage]:
        """The pages of these URLs fetched before, by URL."""
        ...

    def save_fetched(self, pages: Sequence[FetchedPage]) -> None:
        """Remember pages fetched (replacing what was known of their URLs)."""
        ...

    def list_fetched(
        self,
        disagreeing: bool = False,
        limit: int = 100,
        offset: int = 0,
        source_id: int | None = None,
    ) -> list[FetchedPage]:
        """The pages fetched last, most recent first, from ``offset`` on; ``disagreeing``: only
        those whose date evidence disagrees; ``source_id``: only that source's. Not the sitemaps
        of an index."""
        ...

    def count_fetched(self, disagreeing: bool = False, source_id: int | None = None) -> int:
        """How many pages :meth:`list_fetched` lists with these filters, unbounded."""
        ...

    def sitemaps_read(self, source_id: int) -> dict[str, FetchedPage]:
        """The sitemaps of a sitemap index (a source) read before, by URL."""
        ...

    def schema_version(self) -> int:
        """The schema version of the open database."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc_info: object) -> None: ...
