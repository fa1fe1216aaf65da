"""SQL for quotes: what each article quotes, and listings by speaker across the store.

A quote is stored with the speaker as its article names them. Which canonical entity that is
is read at query time, through the article's entities and their aliases, so a speaker stays
right when entities are merged or renamed later ("Sergei Lavrov" is listed, and found, as the
store's "Sergey Lavrov").
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from warta.errors import FilterError
from warta.model import Quote
from warta.records import QuoteQuery, QuoteRecord, quote_key
from warta.store.database import NO_LIMIT, Database
from warta.store.sql import SQL_VARIABLES, article_filters


def index_quotes(db: Database, article_id: str, quotes: Sequence[Quote], new: bool = False) -> None:
    """Record an article's quotes, replacing what an older analysis said (none when the
    article is ``new``, stored just now)."""
    if not new:
        db.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
    db.executemany(
        "INSERT INTO quotes (article_id, number, text, speaker, speaker_key, kind, verb,"
        " paragraph, start, end_offset, end_paragraph, speaker_role)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                article_id,
                number,
                q.text,
                q.speaker,
                q.speaker.casefold() if q.speaker else None,
                q.kind,
                q.verb,
                q.paragraph,
                q.start,
                q.end,
                q.end_paragraph,
                q.speaker_role,
            )
            for number, q in enumerate(quotes)
        ],
    )


#: The stored entity a quote's speaker is: among its article's entities, the one with that name.
_SPEAKER_ENTITY = (
    "(SELECT ae.entity_id FROM article_entities ae JOIN entity_aliases al"
    " ON al.entity_id = ae.entity_id WHERE ae.article_id = q.article_id"
    " AND al.alias_key = q.speaker_key ORDER BY ae.mentions DESC LIMIT 1)"
)


#: Quotes newest article first (undated last), in reading order within one: the order of the
#: ``articles_newest`` index, then of the quotes' key.
_NEWEST = "a.published_utc DESC NULLS LAST, a.id, q.number"


def _after(db: Database, after: str) -> list[tuple[list[str], list[object]]]:
    """The clauses that keep the quotes after ``after`` in the newest-first order, as one or
    two parts that each seek the articles' index: the rest of the dated articles (from the
    quote's date down) and then the undated ones, or the rest of the undated.

    Raises:
        FilterError: when no stored article has the quote's article id.
    """
    article, number = quote_key(after) or ("", 0)
    row = db.execute("SELECT published_utc FROM articles WHERE id = ?", (article,)).fetchone()
    if row is None:
        raise FilterError("after", f"no stored article has the quote {after!r}")
    published = row[0]
    later = "(a.id > ? OR (a.id = ? AND q.number > ?))"
    undated = "a.published_utc IS NULL"
    if published is None:
        return [([undated, "a.id >= ?", later], [article, article, article, number])]
    dated = ["a.published_utc <= ?", f"(a.published_utc < ? OR {later})"]
    return [(dated, [published, published, article, article, number]), ([undated], [])]


def speaker_keys(db: Database, speaker: str) -> tuple[set[str], list[int]]:
    """Every name (casefolded) a speaker goes by: the name given and the aliases of the
    entities having it as an alias; and those entities' ids."""
    key = speaker.strip().casefold()
    entity_ids = [
        int(row[0])
        for row in db.execute(
            "SELECT DISTINCT entity_id FROM entity_aliases WHERE alias_key = ?", (key,)
        )
    ][:SQL_VARIABLES]
    keys = {key} | {
        str(row[0])
        for row in db.execute(
            "SELECT alias_key FROM entity_aliases WHERE entity_id IN"
            f" ({', '.join('?' * len(entity_ids))})",
            entity_ids,
        )
    }
    return keys, entity_ids


def _filtered(db: Database, query: QuoteQuery) -> tuple[list[str], list[object], str]:
    """The WHERE clauses of a query's filters on quotes ``q`` and articles ``a``, their
    parameters, and the FROM that joins them (the order of an index when unfiltered)."""
    clauses, params = article_filters(query.outlet, query.since, query.until, table="a.")
    if query.kind:
        clauses.append("q.kind = ?")
        params.append(query.kind)
    if query.speaker:
        keys, entity_ids = speaker_keys(db, query.speaker)
        key = query.speaker.strip().casefold()
        keys_list = sorted(keys)[:SQL_VARIABLES]
        marks = ", ".join("?" * len(keys_list))
        entity_marks = ", ".join("?" * len(entity_ids)) or "NULL"
        # a name or alias of the speaker, or the description of an unnamed one ("warga")
        clauses.append(
            f"((q.speaker_key IN ({marks}) AND (q.speaker_key = ? OR {_SPEAKER_ENTITY}"
            f" IN ({entity_marks}))) OR (q.speaker IS NULL AND lower(q.speaker_role) = ?))"
        )
        params += [*keys_list, key, *entity_ids, key]
    if query.article_ids is not None:
        clauses.append(f"q.article_id IN (SELECT value FROM {db.each()})")
        params.append(json.dumps(list(query.article_ids)))
    if query.speaker is None and query.article_ids is None:
        # Newest first along the articles' index, each one's quotes by their key: a page
        # reads about as many rows as it shows, where a sort would read every quote.
        source = "articles a CROSS JOIN quotes q"
        clauses.insert(0, "q.article_id = a.id")
    else:  # few quotes: the planner starts from the speaker's or the articles'
        source = "quotes q JOIN articles a ON a.id = q.article_id"
    return clauses, params, source


def count_quotes(db: Database, query: QuoteQuery) -> int:
    """How many quotes pass the query's filters."""
    if query == QuoteQuery(limit=query.limit, offset=query.offset, after=query.after):
        return int(db.execute("SELECT count(*) FROM quotes").fetchone()[0])
    clauses, params, source = _filtered(db, query)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return int(db.execute(f"SELECT count(*) FROM {source}{where}", params).fetchone()[0])


def list_quotes(db: Database, query: QuoteQuery) -> list[QuoteRecord]:
    """Quotes that pass the filters, newest article first, in reading order within one."""
    clauses, params, source = _filtered(db, query)
    limit = query.limit if query.limit is not None else NO_LIMIT
    parts = [(clauses, params)]
    if query.after is not None:
        parts = [
            ([*clauses, *more], [*params, *values]) for more, values in _after(db, query.after)
        ]
    pages = [
        f"SELECT * FROM (SELECT q.article_id, q.number FROM {source}"
        f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {_NEWEST} LIMIT ?"
        f"{' OFFSET ?' if query.after is None else ''}) AS part{number}"
        for number, (where, _) in enumerate(parts)
    ]
    arguments = [value for _, values in parts for value in (*values, limit)]
    if query.after is None:
        arguments.append(query.offset)
    # The page is chosen first (after a quote: the rest of its dated articles' quotes, then the
    # undated, each part read from the index); the speaker's entity is looked up for its rows.
    sql = (
        f"SELECT q.*, a.outlet, a.published, a.title, {_SPEAKER_ENTITY} AS entity_id,"
        f" (SELECT canonical FROM entities WHERE id = {_SPEAKER_ENTITY}) AS canonical"
        f" FROM ({' UNION ALL '.join(pages)}) AS page"
        " JOIN quotes q ON q.article_id = page.article_id AND q.number = page.number"
        f" JOIN articles a ON a.id = q.article_id ORDER BY {_NEWEST} LIMIT ?"
    )
    arguments.append(limit)
    return [
        QuoteRecord(
            article=row["article_id"],
            number=row["number"],
            outlet=row["outlet"],
            published=row["published"],
            title=row["title"],
            text=row["text"],
            speaker=row["canonical"] or row["speaker"],
            speaker_as_written=row["speaker"],
            speaker_entity=row["entity_id"],
            kind=row["kind"],
            verb=row["verb"],
            paragraph=row["paragraph"],
            start=row["start"],
            end=row["end_offset"],
            end_paragraph=row["end_paragraph"],
            speaker_role=row["speaker_role"],
        )
        for row in db.execute(sql, arguments)
    ]
