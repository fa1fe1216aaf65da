"""Invariants of ingest, checked on generated articles: export round-trips, re-ingest is a no-op."""

from __future__ import annotations

import io
import json
import re
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.model import ARTICLE_CONTRACT_KEYS
from warta.present.output import write_json_items
from warta.records import ArticleQuery
from warta.run import ingest
from warta.store import SQLiteStore

# Words as a scraper gives them: Indonesian letters, digits, punctuation, a non-ASCII letter or
# quote now and then. Normalisation leaves such text as it is, so the export must equal the input.
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéï"
word = st.tuples(
    st.sampled_from(LETTERS),
    st.text(alphabet=st.sampled_from(LETTERS + "0123456789“”,.-'"), max_size=11),
).map("".join)
# A clean article's paragraph: prose, long enough to be a lead, ending like a sentence. A lead
# opening with a name in capitals and a dash ("JAKARTA- ...") is a dateline, which reading
# takes out of the body by design (docs/input.md): not such a paragraph.
DATELINE_LIKE = re.compile(r"[A-Z]{3,}-$")
paragraph = (
    st.lists(word, min_size=12, max_size=40)
    .filter(lambda words: not DATELINE_LIKE.match(words[0]))
    .map(lambda words: " ".join(words) + ".")
)
published = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda moment: moment.replace(microsecond=0, tzinfo=timezone(timedelta(hours=7)))
)
article = st.fixed_dictionaries(
    {
        "title": st.lists(word, min_size=3, max_size=12).map(" ".join),
        "body": st.lists(paragraph, min_size=1, max_size=6),
        "url": st.integers(0, 10**6).map(lambda n: f"https://portal.example/berita/{n}"),
        "outlet": st.sampled_from(["kompas.com", "medcom.id", "beritabaru.co"]),
        "published": published.map(datetime.isoformat),
    }
)
# Distinct URLs: two records with one URL are one article in two versions, tested elsewhere.
articles = st.lists(article, min_size=1, max_size=8, unique_by=lambda record: record["url"])

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def contract(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record[key] for key in ARTICLE_CONTRACT_KEYS}


def export(store: SQLiteStore) -> list[dict[str, Any]]:
    out = io.StringIO()
    write_json_items(
        (a.to_dict() for a in store.list_articles(ArticleQuery(order="oldest"))), "jsonl", out
    )
    return [json.loads(line) for line in out.getvalue().splitlines()]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


@SETTINGS
@given(articles)
def test_ingest_then_export_round_trips(records: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        write_jsonl(source, records)
        with SQLiteStore(Path(folder) / "one.db") as store:
            report = ingest([str(source)], store)
            first = export(store)
        assert report.added == len(records)
        assert not report.rejected
        by_url = {r["url"]: r for r in first}
        for record in records:
            stored = by_url[record["url"]]
            assert stored["title"] == record["title"]
            assert stored["body"] == record["body"]
            assert stored["outlet"] == record["outlet"]
            assert stored["published"] == record["published"]
        exported = Path(folder) / "export.jsonl"
        write_jsonl(exported, first)
        with SQLiteStore(Path(folder) / "two.db") as again:
            ingest([str(exported)], again)
            second = export(again)
        assert [contract(r) for r in second] == [contract(r) for r in first]


@SETTINGS
@given(articles, st.integers(1, 5))
def test_reingest_changes_nothing(records: list[dict[str, Any]], batch_size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        write_jsonl(source, records)
        with SQLiteStore(Path(folder) / "w.db") as store:
            ingest([str(source)], store, batch_size=batch_size)
            before = export(store)
            report = ingest([str(source)], store, batch_size=batch_size)
            after = export(store)
        assert (report.added, report.updated, report.unchanged) == (0, 0, len(records))
        assert after == before
