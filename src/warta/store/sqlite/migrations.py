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
    # 5: stories and their events, near-duplicates, what clustering knows of each article,
    # and the corrections people made.
    """
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY AUTOINCREMENT,  -- a merged story's id is never given again
        title TEXT,
        first_published TEXT,  -- UTC, of its earliest and latest dated article
        last_published TEXT,
        articles INTEGER NOT NULL DEFAULT 0,
        originals INTEGER NOT NULL DEFAULT 0,  -- articles that are not copies of another
        outlets INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX stories_last_published ON stories (last_published);
    CREATE INDEX stories_originals ON stories (originals);
    -- A story merged into another answers to its old id.
    CREATE TABLE story_aliases (
        old_id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        day REAL,  -- days since 1970 of the development it is about
        title TEXT,
        articles INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX events_story ON events (story_id);
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL REFERENCES stories (id),
        event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
        duplicate_of TEXT,  -- the earliest article of the text this one copies
        links INTEGER NOT NULL DEFAULT 0,  -- later articles that found it alike
        pinned INTEGER NOT NULL DEFAULT 0  -- placed by a person: clustering never moves it
    );
    CREATE INDEX story_articles_story ON story_articles (story_id);
    CREATE INDEX story_articles_event ON story_articles (event_id);
    CREATE INDEX story_articles_original ON story_articles (duplicate_of);
    CREATE TABLE story_features (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        day REAL,
        event_day REAL,
        terms TEXT NOT NULL,  -- JSON {key: weight}
        entities TEXT NOT NULL,
        lead TEXT NOT NULL,
        title TEXT NOT NULL,
        quotes TEXT NOT NULL,
        signature BLOB NOT NULL,  -- MinHash values, little-endian uint32
        shingles INTEGER NOT NULL
    );
    -- The inverted index a new article's candidates come from, by key and day.
    CREATE TABLE story_postings (
        key TEXT NOT NULL,
        day REAL NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (key, day, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE key_counts (
        key TEXT PRIMARY KEY,
        articles INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE copy_bands (
        band INTEGER NOT NULL,
        key INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (band, key, article_id)
    ) WITHOUT ROWID;
    -- Stories a person split apart: clustering never joins them again.
    CREATE TABLE story_separations (
        story_a INTEGER NOT NULL,
        story_b INTEGER NOT NULL,
        PRIMARY KEY (story_a, story_b)
    );
    -- Articles up to this rowid have been offered to clustering (so no ingest scans them all).
    CREATE TABLE story_progress (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_rowid INTEGER NOT NULL
    );
    INSERT INTO story_progress (id, last_rowid) VALUES (1, 0);
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,  -- merge, split, move
        detail TEXT NOT NULL,  -- JSON: the stories and articles it names
        made_at TEXT NOT NULL
    );
    """,
    # 6: full-text search over articles' titles and bodies as stemmed search forms (rowid = the
    # article's rowid; filled from the stored articles when a database is migrated), the story
    # products (timeline, summary) as built last, keyed by what they were built from, and the
    # store's generation.
    """
    CREATE VIRTUAL TABLE search_index USING fts5 (
        paragraphs UNINDEXED,  -- words per body paragraph, space-separated
        title, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE story_products (
        story_id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,  -- hash of the story's articles, their content and placement
        data TEXT NOT NULL,  -- JSON: timeline, background, summary
        built_at TEXT NOT NULL
    );
    -- Goes up with every write that changes what Warta shows, so a server can keep what it
    -- answered until then.
    CREATE TABLE generation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value INTEGER NOT NULL
    );
    INSERT INTO generation (id, value) VALUES (1, 0);
    """,
    # 7: work an ingest owes after its batches are committed, written in the same transaction
    # as what makes it owed, so a run killed before doing it leaves it to the next run:
    # 'templates' (key: an outlet; data: the template lines its articles were cleaned with,
    # a JSON list) and 'features' (key: an article whose story features must be recomputed).
    """
    CREATE TABLE pending_work (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID;
    """,
    # 8: the description the attribution gives a quote's speaker ("warga", "Ketua DPR"); a
    # speaker given only by one has no name (speaker NULL). Quotes stored before keep NULL
    # until their article is analysed again.
    """
    ALTER TABLE quotes ADD COLUMN speaker_role TEXT;
    """,
    # 9: one entity per name whatever type the tagger gave it: entities are looked up by their
    # canonical name's key; their type is a vote kept per type (each article's entity adds its
    # mentions under the type it had there) and their name a vote over the names articles gave
    # them; people's corrections of names are recorded.
    """
    ALTER TABLE entities ADD COLUMN canonical_key TEXT NOT NULL DEFAULT '';
    UPDATE entities SET canonical_key = lower(canonical);
    CREATE INDEX entities_canonical_key ON entities (canonical_key);
    ALTER TABLE article_entities ADD COLUMN type TEXT NOT NULL DEFAULT '';
    ALTER TABLE article_entities ADD COLUMN name TEXT NOT NULL DEFAULT '';
    UPDATE article_entities SET type = (SELECT type FROM entities WHERE id = entity_id),
        name = (SELECT canonical FROM entities WHERE id = entity_id);
    -- In how many articles each alias was the entity's canonical name there: the entity is
    -- named by the most frequent.
    ALTER TABLE entity_aliases ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
    UPDATE entity_aliases SET articles = (
        SELECT count(*) FROM article_entities ae
        WHERE ae.entity_id = entity_aliases.entity_id AND ae.name = entity_aliases.alias
    );
    CREATE TABLE entity_votes (
        entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (entity_id, type)
    ) WITHOUT ROWID;
    INSERT INTO entity_votes (entity_id, type, mentions)
        SELECT entity_id, type, sum(mentions) FROM article_entities GROUP BY entity_id, type;
    CREATE TABLE entity_corrections (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,  -- merge (name_key is target_key's entity) or split (its own)
        name_key TEXT NOT NULL,
        target_key TEXT,
        made_at TEXT NOT NULL
    );
    CREATE INDEX entity_corrections_name ON entity_corrections (name_key);
    """,
    # 10: each entity's mentions and articles, kept by triggers on article_entities whatever
    # writes it (an article stored, replaced or deleted, two entities merged), so the entity
    # list reads an index instead of grouping every mention; an index of the articles newest
    # first, for the quotes.
    """
    ALTER TABLE entities ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE entities ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
    UPDATE entities SET
        mentions = coalesce(
            (SELECT sum(mentions) FROM article_entities WHERE entity_id = entities.id), 0),
        articles = (SELECT count(*) FROM article_entities WHERE entity_id = entities.id);
    CREATE INDEX entities_most_mentioned ON entities (mentions DESC, canonical);
    CREATE INDEX entities_type_most_mentioned ON entities (type, mentions DESC, canonical);
    -- Quotes, newest article first, read in the order of an index.
    CREATE INDEX articles_newest ON articles (published_utc DESC, id);
    CREATE TRIGGER article_entities_added AFTER INSERT ON article_entities BEGIN
        UPDATE entities SET mentions = mentions + NEW.mentions, articles = articles + 1
            WHERE id = NEW.entity_id;
    END;
    CREATE TRIGGER article_entities_removed AFTER DELETE ON article_entities BEGIN
        UPDATE entities SET mentions = mentions - OLD.mentions, articles = articles - 1
            WHERE id = OLD.entity_id;
    END;
    CREATE TRIGGER article_entities_changed AFTER UPDATE OF entity_id, mentions
        ON article_entities BEGIN
        UPDATE entities SET mentions = mentions - OLD.mentions, articles = articles - 1
            WHERE id = OLD.entity_id;
        UPDATE entities SET mentions = mentions + NEW.mentions, articles = articles + 1
            WHERE id = NEW.entity_id;
    END;
    """,
    # 11: a speaker's quotes include those of the unnamed speaker described by that word
    # ("warga"): with their role indexed too, the quote list reads both through indexes
    # (SQLite's OR by union) instead of scanning every quote.
    """
    CREATE INDEX quotes_role ON quotes (lower(speaker_role));
    """,
    # 12: each story's articles per outlet, kept by triggers whatever moves an article (placed,
    # moved, two stories merged, its outlet corrected), so that a page of stories reads their
    # outlets instead of every article of every story on it; and the story list's two orders
    # as indexes, so that a page is read in order instead of sorting every story.
    """
    CREATE INDEX stories_newest ON stories ((last_published IS NULL), last_published DESC, id DESC);
    CREATE INDEX stories_largest ON stories (originals DESC, articles DESC, last_published DESC,
        id DESC);
    CREATE TABLE story_outlets (
        story_id INTEGER NOT NULL,
        outlet TEXT NOT NULL,
        articles INTEGER NOT NULL,
        PRIMARY KEY (story_id, outlet)
    );
    INSERT INTO story_outlets (story_id, outlet, articles)
        SELECT sa.story_id, a.outlet, count(*) FROM story_articles sa
        JOIN articles a ON a.id = sa.article_id WHERE a.outlet IS NOT NULL GROUP BY 1, 2;
    CREATE TRIGGER story_outlets_added AFTER INSERT ON story_articles BEGIN
        INSERT INTO story_outlets (story_id, outlet, articles)
            SELECT NEW.story_id, outlet, 1 FROM articles
            WHERE id = NEW.article_id AND outlet IS NOT NULL
            ON CONFLICT (story_id, outlet) DO UPDATE SET articles = articles + 1;
    END;
    CREATE TRIGGER story_outlets_removed AFTER DELETE ON story_articles BEGIN
        UPDATE story_outlets SET articles = articles - 1 WHERE story_id = OLD.story_id
            AND outlet = (SELECT outlet FROM articles WHERE id = OLD.article_id);
        DELETE FROM story_outlets WHERE story_id = OLD.story_id AND articles <= 0;
    END;
    CREATE TRIGGER story_outlets_moved AFTER UPDATE OF story_id ON story_articles
        WHEN OLD.story_id != NEW.story_id BEGIN
        UPDATE story_outlets SET articles = articles - 1 WHERE story_id = OLD.story_id
            AND outlet = (SELECT outlet FROM articles WHERE id = OLD.article_id);
        DELETE FROM story_outlets WHERE story_id = OLD.story_id AND articles <= 0;
        INSERT INTO story_outlets (story_id, outlet, articles)
            SELECT NEW.story_id, outlet, 1 FROM articles
            WHERE id = NEW.article_id AND outlet IS NOT NULL
            ON CONFLICT (story_id, outlet) DO UPDATE SET articles = articles + 1;
    END;
    CREATE TRIGGER story_outlets_outlet_changed AFTER UPDATE OF outlet ON articles
        WHEN OLD.outlet IS NOT NEW.outlet BEGIN
        UPDATE story_outlets SET articles = articles - 1 WHERE outlet = OLD.outlet
            AND story_id = (SELECT story_id FROM story_articles WHERE article_id = NEW.id);
        DELETE FROM story_outlets WHERE outlet = OLD.outlet AND articles <= 0
            AND story_id = (SELECT story_id FROM story_articles WHERE article_id = NEW.id);
        INSERT INTO story_outlets (story_id, outlet, articles)
            SELECT story_id, NEW.outlet, 1 FROM story_articles
            WHERE article_id = NEW.id AND NEW.outlet IS NOT NULL
            ON CONFLICT (story_id, outlet) DO UPDATE SET articles = articles + 1;
    END;
    """,
    # 13: each entity's articles and mentions per publication day (UTC), kept by triggers
    # whatever writes them (an article stored, analysed again or re-dated, two entities
    # merged), so that an entity's page reads its activity instead of every article that
    # mentions it.
    """
    CREATE TABLE entity_days (
        entity_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        articles INTEGER NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (entity_id, day)
    );
    INSERT INTO entity_days (entity_id, day, articles, mentions)
        SELECT ae.entity_id, substr(a.published_utc, 1, 10), count(*), sum(ae.mentions)
        FROM article_entities ae JOIN articles a ON a.id = ae.article_id
        WHERE a.published_utc IS NOT NULL GROUP BY 1, 2;
    CREATE TRIGGER entity_days_added AFTER INSERT ON article_entities BEGIN
        INSERT INTO entity_days (entity_id, day, articles, mentions)
            SELECT NEW.entity_id, substr(published_utc, 1, 10), 1, NEW.mentions FROM articles
            WHERE id = NEW.article_id AND published_utc IS NOT NULL
            ON CONFLICT (entity_id, day) DO UPDATE
            SET articles = articles + 1, mentions = mentions + excluded.mentions;
    END;
    CREATE TRIGGER entity_days_removed AFTER DELETE ON article_entities BEGIN
        UPDATE entity_days SET articles = articles - 1, mentions = mentions - OLD.mentions
            WHERE entity_id = OLD.entity_id
            AND day = (SELECT substr(published_utc, 1, 10) FROM articles WHERE id = OLD.article_id);
        DELETE FROM entity_days WHERE entity_id = OLD.entity_id AND articles <= 0
            AND day = (SELECT substr(published_utc, 1, 10) FROM articles WHERE id = OLD.article_id);
    END;
    CREATE TRIGGER entity_days_changed AFTER UPDATE OF entity_id, mentions ON article_entities
        BEGIN
        UPDATE entity_days SET articles = articles - 1, mentions = mentions - OLD.mentions
            WHERE entity_id = OLD.entity_id
            AND day = (SELECT substr(published_utc, 1, 10) FROM articles WHERE id = OLD.article_id);
        DELETE FROM entity_days WHERE entity_id = OLD.entity_id AND articles <= 0
            AND day = (SELECT substr(published_utc, 1, 10) FROM articles WHERE id = OLD.article_id);
        INSERT INTO entity_days (entity_id, day, articles, mentions)
            SELECT NEW.entity_id, substr(published_utc, 1, 10), 1, NEW.mentions FROM articles
            WHERE id = NEW.article_id AND published_utc IS NOT NULL
            ON CONFLICT (entity_id, day) DO UPDATE
            SET articles = articles + 1, mentions = mentions + excluded.mentions;
    END;
    CREATE TRIGGER entity_days_redated AFTER UPDATE OF published_utc ON articles
        WHEN OLD.published_utc IS NOT NEW.published_utc BEGIN
        UPDATE entity_days SET articles = articles - 1, mentions = mentions - (
                SELECT mentions FROM article_entities
                WHERE article_id = NEW.id AND entity_id = entity_days.entity_id)
            WHERE day = substr(OLD.published_utc, 1, 10)
            AND entity_id IN (SELECT entity_id FROM article_entities WHERE article_id = NEW.id);
        DELETE FROM entity_days WHERE day = substr(OLD.published_utc, 1, 10) AND articles <= 0
            AND entity_id IN (SELECT entity_id FROM article_entities WHERE article_id = NEW.id);
        INSERT INTO entity_days (entity_id, day, articles, mentions)
            SELECT entity_id, substr(NEW.published_utc, 1, 10), 1, mentions
            FROM article_entities WHERE article_id = NEW.id AND NEW.published_utc IS NOT NULL
            ON CONFLICT (entity_id, day) DO UPDATE
            SET articles = articles + 1, mentions = mentions + excluded.mentions;
    END;
    """,
    # 14: the article list's three orders as indexes (newest and oldest first, undated last;
    # as ingested), so that a page of articles is read in order instead of sorting every one.
    """
    CREATE INDEX articles_newest_first ON articles ((published_utc IS NULL), published_utc DESC,
        id);
    CREATE INDEX articles_oldest_first ON articles ((published_utc IS NULL), published_utc, id);
    CREATE INDEX articles_ingested ON articles (ingested_at);
    """,
    # 15: each story's rank by coverage and recency (warta.corpus.ranking.story_rank, which
    # keeps it from now on; the same formula here for the stories stored before), and the
    # ranked order as indexes, of every story and of those of more than one article.
    """
    ALTER TABLE stories ADD COLUMN rank REAL;
    UPDATE stories SET rank = log2(max(originals + outlets, 1))
        + (julianday(last_published) - 2440587.5) / 14.0
        WHERE last_published IS NOT NULL;
    CREATE INDEX stories_ranked ON stories ((rank IS NULL), rank DESC, id DESC);
    CREATE INDEX stories_ranked_several ON stories ((rank IS NULL), rank DESC, id DESC)
        WHERE articles > 1;
    """,
    # 16: where each saved search (`warta search --since-last NAME`) left off: the last article
    # stored when it ran (a rowid) and when it ran, so that the next run shows only the
    # articles stored since.
    """
    CREATE TABLE search_marks (
        name TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        stored INTEGER NOT NULL,
        marked_at TEXT NOT NULL
    );
    """,
    # 17: the outlets' articles, first and last publication read from an index (the outlet
    # list scanned every article: 1.9 s under 8 clients at 100,000 articles).
    """
    CREATE INDEX articles_outlet_published ON articles (outlet, published_utc);
    """,
    # 18: each outlet's articles, kept by triggers as articles come, go and change outlet, so
    # that the outlet list reads a page of counts (it grouped 100,000 index entries: p95 331 ms
    # under 8 clients).
    """
    CREATE TABLE outlet_counts (
        outlet TEXT PRIMARY KEY,
        articles INTEGER NOT NULL
    );
    INSERT INTO outlet_counts (outlet, articles)
        SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet;
    CREATE INDEX outlet_counts_most ON outlet_counts (articles DESC, outlet);
    CREATE TRIGGER outlet_counts_added AFTER INSERT ON articles WHEN NEW.outlet IS NOT NULL
    BEGIN
        INSERT INTO outlet_counts (outlet, articles) VALUES (NEW.outlet, 1)
            ON CONFLICT (outlet) DO UPDATE SET articles = articles + 1;
    END;
    CREATE TRIGGER outlet_counts_removed AFTER DELETE ON articles WHEN OLD.outlet IS NOT NULL
    BEGIN
        UPDATE outlet_counts SET articles = articles - 1 WHERE outlet = OLD.outlet;
        DELETE FROM outlet_counts WHERE outlet = OLD.outlet AND articles <= 0;
    END;
    CREATE TRIGGER outlet_counts_changed AFTER UPDATE OF outlet ON articles
        WHEN OLD.outlet IS NOT NEW.outlet BEGIN
        UPDATE outlet_counts SET articles = articles - 1 WHERE outlet = OLD.outlet;
        DELETE FROM outlet_counts WHERE outlet = OLD.outlet AND articles <= 0;
        INSERT INTO outlet_counts (outlet, articles) SELECT NEW.outlet, 1
            WHERE NEW.outlet IS NOT NULL
            ON CONFLICT (outlet) DO UPDATE SET articles = articles + 1;
    END;
    """,
    # 19: live sources (feeds and sitemaps a user follows) with their polling state, and the
    # pages fetched from them: each page's validators and the feed's stamp of it, so that a page
    # is fetched once and again only when its feed says it changed (warta.run.fetch).
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,              -- feed or sitemap
        outlet TEXT,
        home TEXT,                       -- the page it was discovered from, if any
        added_at TEXT NOT NULL,
        etag TEXT,                       -- validators exactly as the server sent them
        last_modified TEXT,
        interval_seconds REAL NOT NULL,
        next_poll TEXT NOT NULL,         -- UTC ISO 8601
        last_fetch TEXT,
        last_status TEXT,
        last_new TEXT,                   -- when a poll last found a new article
        polls INTEGER NOT NULL DEFAULT 0,
        articles INTEGER NOT NULL DEFAULT 0,
        failures REAL NOT NULL DEFAULT 0,
        last_error TEXT,
        paused INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sources_due ON sources (paused, next_poll);
    CREATE TABLE fetched_pages (
        url TEXT PRIMARY KEY,
        source_id INTEGER,
        stamp TEXT,                      -- the feed's date of the entry when it was fetched
        etag TEXT,
        last_modified TEXT,
        fetched_at TEXT NOT NULL,
        status INTEGER NOT NULL,
        published TEXT,                  -- the publication time the evidence gives
        published_source TEXT,           -- which evidence gave it (json-ld, meta, feed, ...)
        date_evidence TEXT,              -- JSON: every piece, [{source, value}]
        date_flags TEXT                  -- JSON: the sources that disagree with it
    );
    """,
    # 20: the stems Sastrawi gave for words the shipped stem table lacks, kept so that the next
    # process reads them instead of stemming cold (warta.lang.id.stems).
    """
    CREATE TABLE stems (
        word TEXT PRIMARY KEY,
        stem TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 21: the pages fetched read by source (a sitemap index's sitemaps, at every poll of it)
    # and newest first (`warta sources pages`, /sources), from indexes instead of a scan.
    """
    CREATE INDEX fetched_pages_source ON fetched_pages (source_id, published_source);
    CREATE INDEX fetched_pages_newest ON fetched_pages (fetched_at DESC, url);
    """,
    # 22: an entity's days are WIB days, as Warta counts its days everywhere else (date filters,
    # events, attention): the triggers of 13 counted UTC days. They are made again, and the
    # days counted again.
    """
    DROP TRIGGER entity_days_added;
    DROP TRIGGER entity_days_removed;
    DROP TRIGGER entity_days_changed;
    DROP TRIGGER entity_days_redated;
    DELETE FROM entity_days;
    INSERT INTO entity_days (entity_id, day, articles, mentions)
        SELECT ae.entity_id, date(a.published_utc, '+7 hours'), count(*), sum(ae.mentions)
        FROM article_entities ae JOIN articles a ON a.id = ae.article_id
        WHERE a.published_utc IS NOT NULL GROUP BY 1, 2;
    CREATE TRIGGER entity_days_added AFTER INSERT ON article_entities BEGIN
        INSERT INTO entity_days (entity_id, day, articles, mentions)
            SELECT NEW.entity_id, date(published_utc, '+7 hours'), 1, NEW.mentions FROM articles
            WHERE id = NEW.article_id AND published_utc IS NOT NULL
            ON CONFLICT (entity_id, day) DO UPDATE
            SET articles = articles + 1, mentions = mentions + excluded.mentions;
    END;
    CREATE TRIGGER entity_days_removed AFTER DELETE ON article_entities BEGIN
        UPDATE entity_days SET articles = articles - 1, mentions = mentions - OLD.mentions
            WHERE entity_id = OLD.entity_id
            AND day = (SELECT date(published_utc, '+7 hours') FROM articles
                WHERE id = OLD.article_id);
        DELETE FROM entity_days WHERE entity_id = OLD.entity_id AND articles <= 0
            AND day = (SELECT date(published_utc, '+7 hours') FROM articles
                WHERE id = OLD.article_id);
    END;
    CREATE TRIGGER entity_days_changed AFTER UPDATE OF entity_id, mentions ON article_entities
        BEGIN
        UPDATE entity_days SET articles = articles - 1, mentions = mentions - OLD.mentions
            WHERE entity_id = OLD.entity_id
            AND day = (SELECT date(published_utc, '+7 hours') FROM articles
                WHERE id = OLD.article_id);
        DELETE FROM entity_days WHERE entity_id = OLD.entity_id AND articles <= 0
            AND day = (SELECT date(published_utc, '+7 hours') FROM articles
                WHERE id = OLD.article_id);
        INSERT INTO entity_days (entity_id, day, articles, mentions)
            SELECT NEW.entity_id, date(published_utc, '+7 hours'), 1, NEW.mentions FROM articles
            WHERE id = NEW.article_id AND published_utc IS NOT NULL
            ON CONFLICT (entity_id, day) DO UPDATE
            SET articles = articles + 1, mentions = mentions + excluded.mentions;
    END;
    CREATE TRIGGER entity_days_redated AFTER UPDATE OF published_utc ON articles
        WHEN OLD.published_utc IS NOT NEW.published_utc BEGIN
        UPDATE entity_days SET articles = articles - 1, mentions = mentions - (
                SELECT mentions FROM article_entities
                WHERE article_id = NEW.id AND entity_id = entity_days.entity_id)
            WHERE day = date(OLD.published_utc, '+7 hours')
            AND entity_id IN (SELECT entity_id FROM article_entities WHERE article_id = NEW.id);
        DELETE FROM entity_days WHERE day = date(OLD.published_utc, '+7 hours') AND articles <= 0
            AND entity_id IN (SELECT entity_id FROM article_entities WHERE article_id = NEW.id);
        INSERT INTO entity_days (entity_id, day, articles, mentions)
            SELECT entity_id, date(NEW.published_utc, '+7 hours'), 1, mentions
            FROM article_entities WHERE article_id = NEW.id AND NEW.published_utc IS NOT NULL
            ON CONFLICT (entity_id, day) DO UPDATE
            SET articles = articles + 1, mentions = mentions + excluded.mentions;
    END;
    """,
)

#: The migration that made the search index: the store fills it from the stored articles.
SEARCH_INDEX_VERSION = 6

LATEST_VERSION = len(MIGRATIONS)
