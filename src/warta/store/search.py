"""Full-text search over articles, on stemmed words, whatever the backend's index.

The backend's index (SQLite's FTS5 with BM25, PostgreSQL's tsvector; see
:meth:`~warta.store.database.Database.search_rows`) holds each article's title and body as
search forms (:func:`warta.lang.id.stems.search_text`: "Pembicaraan" is held as "bicara"),
so a query's words, stemmed the same way, find every inflection, and a "quoted phrase" finds
the words in that order. Snippets and highlights are cut from the article's own text, by the
same stemming, so what is shown is what was written.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from warta.errors import OverLimit, UsageError
from warta.lang.id.stems import SEARCH_WORD, search_forms
from warta.records import FacetCount, SearchHit, SearchQuery, SearchResult
from warta.store.quotes import speaker_keys
from warta.store.sql import STORY_ARTICLES, article_filters

if TYPE_CHECKING:
    from warta.store.database import Database

#: BM25 weights of the indexed columns (title, body): a word in the headline says more about
#: what an article is about than the same word once in its body. Judgement, not fitted: 3 puts
#: a headline match above two or three body mentions, as an analyst scanning results expects.
TITLE_WEIGHT = 3.0
BODY_WEIGHT = 1.0
#: Values shown per facet: what fits beside the results without scrolling.
FACET_SIZE = 10
#: Facets count the best-ranked matches only, up to this many: what a person working through
#: the results meets, and cheap enough that a query matching most of a large corpus still
#: answers fast (counting costs ~3 ms per 100 matches on the 10,000-article bench).
#: ``SearchResult.facet_base`` says how many were counted; ``total`` counts every match.
FACET_MATCHES = 300
#: Words of a snippet: about two lines of a results page.
SNIPPET_WORDS = 30
#: Words of context before the first match in a snippet.
SNIPPET_LEAD = 6
#: Most matches a query's best are chosen among: the ones stored last. A query matching more
#: (a common word in a large corpus) is answered from the newest of them, as fast as one
#: matching this many (ranking every match of 100,000 articles took 0.3 s, and eight clients
#: asking at once wait for each other); ``SearchResult.ranked`` says how many were.
RANKED_MATCHES = 5_000

#: Longest query accepted, in characters, and most terms: enough for any search a person
#: types, short of a pasted article.
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query as an index reads it: all of ``groups`` (each any of its terms), none of
    ``excluded``; a term is a word or a phrase, as its search forms in order. ``forms`` are the
    forms to highlight."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    excluded: tuple[tuple[str, ...], ...]
    forms: frozenset[str]


_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(text: str) -> ParsedQuery:
    """Turn what a person typed into a query over search forms.

    Raises:
        UsageError: nothing to search for, only exclusions, or a query too long.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise OverLimit(
            f"the query is too long ({len(text)} characters; at most {MAX_QUERY_CHARS})",
            "query_too_long",
            given=len(text),
            limit=MAX_QUERY_CHARS,
        )
    groups: list[list[tuple[str, ...]]] = []  # AND of ORs
    excluded: list[tuple[str, ...]] = []
    forms: set[str] = set()
    join_next = False
    for match in _TERM.finditer(text):
        negate, phrase, word = match.group(1), match.group(2), match.group(3)
        if word == "OR":
            join_next = bool(groups)
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        term = tuple(search_forms(phrase if phrase is not None else word))
        if not term:
            continue
        if negate:
            excluded.append(term)
        else:
            forms.update(term)
            if join_next and groups:
                groups[-1].append(term)
            else:
                groups.append([term])
        join_next = False
    if not groups:
        raise OverLimit(
            'nothing to search for: give at least one word or "phrase" that is not excluded',
            "empty_query",
        )
    if sum(map(len, groups)) + len(excluded) > MAX_QUERY_TERMS:
        raise OverLimit(
            f"too many terms in the query (at most {MAX_QUERY_TERMS})",
            "too_many_terms",
            limit=MAX_QUERY_TERMS,
        )
    return ParsedQuery(tuple(map(tuple, groups)), tuple(excluded), frozenset(forms))


def search(db: Database, query: SearchQuery) -> SearchResult:
    """The articles matching a query and its filters, best first, with facets."""
    parsed = parse_query(query.text)
    clauses, params = article_filters(query.outlet, query.since, query.until, table="a.")
    if query.entity:
        clauses.append(
            "a.id IN (SELECT ae.article_id FROM article_entities ae JOIN entity_aliases al"
            " ON al.entity_id = ae.entity_id WHERE al.alias_key = ?)"
        )
        params.append(query.entity.strip().casefold())
    if query.speaker:
        keys, _ = speaker_keys(db, query.speaker)
        clauses.append(
            f"a.id IN (SELECT article_id FROM quotes WHERE speaker_key IN"
            f" (SELECT value FROM {db.each()}))"
        )
        params.append(json.dumps(sorted(keys)))
    if query.story is not None:
        clauses.append(f"a.id IN ({STORY_ARTICLES})")
        params += [query.story, query.story]
    if query.stored_after is not None:
        # added since the mark, or stored again with a change since: an article changed in the
        # mark's own second is given again rather than missed
        clauses.append("(a.rowid > ? OR (a.revision > 1 AND a.updated_at >= ?))")
        params += [query.stored_after.stored, query.stored_after.time]
    try:
        # Only the rows shown or counted in facets are ranked out: a query that matches most of
        # the corpus is counted, not carried. The newest are chosen among every match ranked.
        wanted = max(query.offset + query.limit, FACET_MATCHES if query.facets else 0)
        if query.order == "newest":
            wanted = RANKED_MATCHES
        total, rows = db.search_rows(parsed, clauses, params, wanted, RANKED_MATCHES)
    except UsageError as exc:
        raise UsageError(f"cannot search for {query.text!r}: {exc}") from exc
    if query.order == "newest":
        rows = _newest_first(db, rows)
    page = rows[query.offset : query.offset + query.limit]
    best = rows[:FACET_MATCHES] if query.facets else []
    about = {
        int(row[0]): (str(row[1]), row[2], row[3])
        for row in db.execute(
            f"SELECT rowid, id, outlet, substr({db.wib_day('published_utc')}, 1, 7) FROM articles"
            f" WHERE rowid IN (SELECT value FROM {db.each('int')})",
            (json.dumps([row[0] for row in [*page, *best]]),),
        )
    }
    hits = _hits(db, [(about[row[0]][0], row[1]) for row in page], parsed)
    facets: dict[str, list[FacetCount]] = {}
    if best:
        counted = [about[row[0]] for row in best]
        facets["outlet"] = _top(Counter(outlet for _, outlet, _ in counted if outlet))
        facets["month"] = _top(Counter(month for _, _, month in counted if month))
        facets.update(_related_facets(db, json.dumps([article for article, _, _ in counted])))
    ranked = min(total, RANKED_MATCHES)
    return SearchResult(total=total, hits=hits, facets=facets, facet_base=len(best), ranked=ranked)


def _newest_first(db: Database, rows: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Matches (rowid, score) newest first: by publication, an undated one by when stored."""
    scores = dict(rows)
    newest = db.execute(
        "SELECT rowid FROM articles"
        f" WHERE rowid IN (SELECT value FROM {db.each('int')})"
        " ORDER BY coalesce(published_utc, ingested_at) DESC, id",
        (json.dumps(list(scores)),),
    )
    return [(int(row[0]), scores[int(row[0])]) for row in newest]


def _top(counts: Counter[str]) -> list[FacetCount]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [FacetCount(value, count) for value, count in ranked[:FACET_SIZE]]


def _related_facets(db: Database, ids_json: str) -> dict[str, list[FacetCount]]:
    """Story, entity and speaker counts over these articles (a JSON array of ids)."""
    stories = db.execute(
        f"SELECT sa.story_id, s.title, count(*) AS n FROM {db.each()}"
        " JOIN story_articles sa ON sa.article_id = j.value JOIN stories s ON s.id = sa.story_id"
        " GROUP BY sa.story_id, s.title ORDER BY n DESC, sa.story_id LIMIT ?",
        (ids_json, FACET_SIZE),
    )
    entities = db.execute(
        "SELECT e.canonical, e.type, t.n FROM (SELECT ae.entity_id AS id, count(*) AS n"
        f" FROM {db.each()} JOIN article_entities ae ON ae.article_id = j.value"
        " GROUP BY ae.entity_id ORDER BY n DESC, ae.entity_id LIMIT ?) t"
        " JOIN entities e ON e.id = t.id ORDER BY t.n DESC, e.canonical",
        (ids_json, FACET_SIZE),
    )
    pairs = db.execute(
        f"SELECT q.speaker_key, min(q.speaker), q.article_id FROM {db.each()}"
        " JOIN quotes q ON q.article_id = j.value WHERE q.speaker_key IS NOT NULL"
        " GROUP BY q.speaker_key, q.article_id",
        (ids_json,),
    ).fetchall()
    names = _speaker_names(db, {str(row[0]) for row in pairs})
    quoting: dict[str, set[str]] = {}
    for key, written, article in pairs:
        quoting.setdefault(names.get(key, written), set()).add(article)
    speakers = _top(Counter({name: len(articles) for name, articles in quoting.items()}))
    return {
        "story": [FacetCount(str(r[0]), int(r[2]), r[1]) for r in stories],
        "entity": [FacetCount(str(r[0]), int(r[2]), f"{r[0]} ({r[1]})") for r in entities],
        "speaker": speakers,
    }


def _speaker_names(db: Database, keys: set[str]) -> dict[str, str]:
    """The canonical name of the entity each speaker name (casefolded) is an alias of: a
    person's before an organisation's or a place's; names of no entity keep their own form."""
    rank = {"PERSON": 0, "ORG": 1}
    chosen: dict[str, tuple[int, int, str]] = {}
    for key, entity_id, canonical, kind in db.execute(
        "SELECT al.alias_key, e.id, e.canonical, e.type FROM entity_aliases al"
        " JOIN entities e ON e.id = al.entity_id WHERE al.alias_key IN"
        f" (SELECT value FROM {db.each()})",
        (json.dumps(sorted(keys)),),
    ):
        candidate = (rank.get(kind, 2), int(entity_id), str(canonical))
        if key not in chosen or candidate < chosen[key]:
            chosen[key] = candidate
    return {key: value[2] for key, value in chosen.items()}


def _hits(db: Database, page: Sequence[tuple[str, float]], parsed: ParsedQuery) -> list[SearchHit]:
    """The hits of a page, from (article id, score) best first."""
    if not page:
        return []
    ids = json.dumps([article for article, _ in page])
    found = {
        row[0]: row
        for row in db.execute(
            f"SELECT a.id, a.document, sa.story_id, a.rowid FROM {db.each()}"
            " JOIN articles a ON a.id = j.value"
            " LEFT JOIN story_articles sa ON sa.article_id = a.id",
            (ids,),
        )
    }
    # Which indexed words matched, as the index marks them: the i-th indexed word is the i-th
    # word of the article's own text.
    marked = db.marked(parsed, [int(row[3]) for row in found.values()])
    hits = []
    for article, score in page:
        stored = found[article]
        document = json.loads(stored[1])
        title, body = document.get("title") or "", document.get("body") or []
        title_marks, body_marks, paragraphs = marked.get(int(stored[3]), ("", "", ""))
        counts = [int(n) for n in paragraphs.split()]
        snippet, highlights = snippet_of(body, _matched(body, counts, body_marks, parsed.forms))
        title_words = [m.span() for m in SEARCH_WORD.finditer(title)]
        title_matched = _matched([title], [len(title_words)], title_marks, parsed.forms)[0]
        hits.append(
            SearchHit(
                id=article,
                title=document.get("title"),
                outlet=document.get("outlet"),
                published=document.get("published"),
                url=document.get("url"),
                story=stored[2],
                score=score,
                snippet=snippet,
                highlights=highlights,
                title_highlights=joined_spans(
                    title, sorted(title_words[i] for i, _ in title_matched)
                ),
            )
        )
    return hits


#: What encloses a matched word in an index's marked text.
OPEN, CLOSE = "\x01", "\x02"
#: Per paragraph, the matched words: (index of the word in the paragraph, the form it matched).
Matched = list[list[tuple[int, str]]]


def _matched(
    paragraphs: Sequence[str], counts: Sequence[int], highlighted: str, forms: frozenset[str]
) -> Matched:
    """Which words of each paragraph matched, read off the indexed text as the index marked it (its
    i-th word is the i-th word of the paragraphs, which have ``counts`` words each). Should the
    two ever disagree on the words (a character the tokenizer reads otherwise), the paragraphs'
    words are stemmed again."""
    indexed = highlighted.count(" ") + 1 if highlighted.strip() else 0
    if indexed != sum(counts) or len(counts) != len(paragraphs):
        return [
            [(i, form) for i, form in enumerate(search_forms(text)) if form in forms]
            for text in paragraphs
        ]
    matched: Matched = [[] for _ in paragraphs]
    bounds = list(accumulate(counts))
    position = 0
    while (opened := highlighted.find(OPEN, position)) >= 0:
        closed = highlighted.find(CLOSE, opened)
        first = highlighted.count(" ", 0, opened)
        for offset, form in enumerate(highlighted[opened + 1 : closed].split(" ")):
            word = first + offset
            number = bisect_right(bounds, word)
            matched[number].append((word - (bounds[number - 1] if number else 0), form))
        position = closed + 1
    return matched


def snippet_of(body: Sequence[str], matched: Matched) -> tuple[str, list[tuple[int, int]]]:
    """The passage of a body that shows most of the matched words (the first such), about
    :data:`SNIPPET_WORDS` long, with the offsets of the matched words in it."""
    best: tuple[int, int, int, int] | None = None  # (distinct forms, matches, paragraph, word)
    for number, hits in enumerate(matched):
        for i, _ in hits:
            first = max(0, i - SNIPPET_LEAD)
            inside = [form for j, form in hits if first <= j < first + SNIPPET_WORDS]
            score = (len(set(inside)), len(inside), -number, -first)
            if best is None or score > best:
                best = score
    number, first = (0, 0) if best is None else (-best[2], -best[3])  # none: the text's start
    if number >= len(body):
        return "", []
    text = body[number]
    words = [(m.start(), m.end()) for m in SEARCH_WORD.finditer(text)]
    if not words:
        return "", []
    last = min(len(words), first + SNIPPET_WORDS) - 1
    start, end = words[first][0], words[last][1]
    prefix = "… " if first > 0 else ""
    suffix = " …" if last < len(words) - 1 else ""
    shift = len(prefix) - start
    highlights = [
        (words[i][0] + shift, words[i][1] + shift)
        for i, _ in matched[number] if first <= i <= last
    ]  # fmt: skip
    snippet = prefix + text[start:end] + suffix
    return snippet, joined_spans(snippet, sorted(highlights))


def joined_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans of ``text``, those with only white space between them joined into one: a
    name or a phrase matched word by word ("Setya Novanto") is marked as one, not as
    "[Setya] [Novanto]"."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and not text[joined[-1][1] : start].strip():
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined
