"""The Store protocol: what every backend (SQLite now, PostgreSQL later) must do."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Literal, Protocol

from warta.corpus.entities import Entity
from warta.corpus.features import EntityKeys, Features
from warta.errors import InputRejected
from warta.model import Article, RawDocument
from warta.store.entities import EntityQuery
from warta.store.quotes import QuoteQuery, QuoteRecord
from warta.store.search import SearchQuery, SearchResult
from warta.store.story_queries import StoryDetail, StoryQuery, StorySummary

WriteOutcome = Literal["added", "updated", "unchanged"]
#: A line of an input: its key, its text, and whether it is prose.
LineEvidence = tuple[str, str, bool]
Order = Literal["newest", "oldest", "ingested"]


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
    """Filters and order for listing articles."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    order: Order = "newest"
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an article sits: its story, its event, the article it copies, and whether a person
    put it there."""

    story: int
    event: int | None = None
    duplicate_of: str | None = None
    pinned: bool = False


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

    def list_stories(self, query: StoryQuery | None = None) -> list[StorySummary]:
        """Stories, newest (latest article) or largest (most original articles) first."""
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

    def count_articles(self) -> int:
        """How many articles are stored."""
        ...

    def get_raw(self, article_id: str) -> RawDocument | None:
        """The input an article was made from, to analyse it again."""
        ...

    def list_rejects(self) -> list[Reject]:
        """Inputs refused and not since ingested, most recent first."""
        ...

    def schema_version(self) -> int:
        """The schema version of the open database."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc_info: object) -> None: ...
