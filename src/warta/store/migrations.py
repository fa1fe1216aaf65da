"""The SQLite schema, as an ordered list of migrations. Append; never edit a released one.

The schema version is SQLite's ``user_version``: migration N brings a database from version
N-1 to N, inside one transaction.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, the inputs they came from, refused inputs, ingest runs.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,              -- ISO 8601 as the article contract gives it
        published_utc TEXT,          -- the same instant in UTC, for ordering and filters
        content_hash TEXT NOT NULL,  -- decides whether a re-ingest changed anything
        document TEXT NOT NULL,      -- the whole article contract, as JSON
        origin TEXT,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX articles_published_utc ON articles (published_utc);
    CREATE INDEX articles_outlet ON articles (outlet);
    CREATE INDEX articles_url ON articles (url);

    -- The input each article was made from, so analysis can run again as Warta improves.
    CREATE TABLE raw_documents (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        origin TEXT NOT NULL,
        format TEXT NOT NULL,
        encoding TEXT,
        text TEXT NOT NULL,
        html TEXT,
        given_id TEXT,
        url TEXT, outlet TEXT, title TEXT, published TEXT, author TEXT
    );

    -- One row per refused input, with the latest reason.
    CREATE TABLE rejects (
        origin TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        kind TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        times INTEGER NOT NULL DEFAULT 1
    );
    """,
    # 2: outlet line statistics, from which cleaning learns each outlet's page template.
    """
    CREATE TABLE outlets (
        outlet TEXT PRIMARY KEY,
        articles INTEGER NOT NULL DEFAULT 0
    );
    -- In how many of an outlet's articles each line occurs.
    CREATE TABLE outlet_lines (
        outlet TEXT NOT NULL,
        line_key TEXT NOT NULL,
        text TEXT NOT NULL,
        prose INTEGER NOT NULL,
        articles INTEGER NOT NULL DEFAULT 1,
        first_articles TEXT NOT NULL,  -- ids of the first articles with it, comma-separated
        PRIMARY KEY (outlet, line_key)
    );
    -- Template lookups read only an outlet's frequent lines, not all it ever printed.
    CREATE INDEX outlet_lines_frequent ON outlet_lines (outlet, articles);
    """,
    # 3: canonical entities across articles, their aliases, and which articles mention them.
    """
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        canonical TEXT NOT NULL,
        last_word TEXT NOT NULL,  -- casefolded: candidates for a person's spelling variants
        UNIQUE (type, canonical)
    );
    CREATE INDEX entities_last_word ON entities (type, last_word);
    CREATE TABLE entity_aliases (
        entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        alias_key TEXT NOT NULL,  -- casefolded, for lookups
        PRIMARY KEY (entity_id, alias)
    );
    CREATE INDEX entity_aliases_key ON entity_aliases (alias_key);
    CREATE TABLE article_entities (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (article_id, entity_id)
    );
    CREATE INDEX article_entities_entity ON article_entities (entity_id);
    """,
    # 4: quotes, listed by speaker across articles (the speaker's entity is read at query time).
    """
    CREATE TABLE quotes (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,  -- reading order within the article
        text TEXT NOT NULL,
        speaker TEXT,  -- as the article names them: a canonical name or a role phrase
        speaker_key TEXT,  -- casefolded, for lookups
        kind TEXT NOT NULL,
        verb TEXT,
        paragraph INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        end_paragraph INTEGER NOT NULL,
        PRIMARY KEY (article_id, number)
    );
    CREATE INDEX quotes_speaker ON quotes (speaker_key);
    """,
)

LATEST_VERSION = len(MIGRATIONS)
