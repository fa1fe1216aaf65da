"""The synthetic article stream of bench/synthetic_news.py: what the clustering benchmark relies on.

One stream of 3,000 articles is made once for the module; the checks read it. Timing is not
checked here (bench/synthetic_news.py reports it).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from statistics import median

import pytest

from tests.conftest import load_bench
from warta.model import RawDocument, article_id

synthetic_news = load_bench("synthetic_news")

SEED = 7
COUNT = 3000


@pytest.fixture(scope="module")
def stream() -> list:
    return list(synthetic_news.synthetic_stream(COUNT, seed=SEED))


def _days(items: list) -> float:
    first = datetime.fromisoformat(items[0].article.published)
    last = datetime.fromisoformat(items[-1].article.published)
    return (last - first) / timedelta(days=1)


def test_count_and_validation():
    assert list(synthetic_news.synthetic_stream(0)) == []
    assert len(list(synthetic_news.synthetic_stream(5, seed=1))) == 5
    with pytest.raises(ValueError, match="count"):
        synthetic_news.synthetic_stream(-1)
    with pytest.raises(ValueError, match="articles_per_day"):
        synthetic_news.synthetic_stream(10, articles_per_day=0)


def test_offsets_point_at_the_mentions(stream):
    for item in stream:
        article = item.article
        assert article.body and all(article.body)
        for entity in article.entities:
            assert article.body[entity.paragraph][entity.start : entity.end] == entity.text
            assert entity.type in {"PERSON", "ORG", "LOC"} and entity.canonical
        for quote in article.quotes:
            assert article.body[quote.paragraph][quote.start : quote.end] == quote.text
            assert quote.kind == "direct" and quote.speaker and quote.verb
            assert quote.end_paragraph == quote.paragraph
        for mention in article.dates:
            assert article.body[mention.paragraph][mention.start : mention.end] == mention.text
            assert mention.status == "happened"
            assert (
                datetime.fromisoformat(mention.value).date()
                <= datetime.fromisoformat(article.published).date()
            )
        assert article.dates, "the lead dates every article"


def test_a_person_is_named_in_full_first(stream):
    for item in stream[:500]:
        seen: set[str] = set()
        for entity in sorted(item.article.entities, key=lambda e: (e.paragraph, e.start)):
            if entity.type == "PERSON" and entity.canonical not in seen:
                seen.add(entity.canonical)
                if item.original is None:  # a copy may have lost the first mention
                    assert entity.text == entity.canonical


def test_ids_unique_published_in_order(stream):
    ids = [item.article.id for item in stream]
    assert len(set(ids)) == len(ids)
    stamps = [datetime.fromisoformat(item.article.published) for item in stream]
    assert stamps == sorted(stamps)
    assert all(stamp.utcoffset() == timedelta(hours=7) for stamp in stamps)


def test_ids_are_what_warta_gives_the_url(stream):
    for item in stream[:200]:
        raw = RawDocument(origin="test", format="text", text="", url=item.article.url)
        assert article_id(raw) == item.article.id


def test_every_field_of_the_contract_is_filled(stream):
    article = stream[0].article
    assert article.url and article.outlet and article.title and article.author
    assert article.content_hash and int(article.content_hash, 16) >= 0
    assert article.to_dict()["id"] == article.id


def test_deterministic_for_a_seed(stream):
    again = list(synthetic_news.synthetic_stream(300, seed=SEED))
    assert [item.article.to_dict() for item in again] == [
        item.article.to_dict() for item in stream[:300]
    ]
    assert [item.story for item in again] == [item.story for item in stream[:300]]
    other = list(synthetic_news.synthetic_stream(300, seed=SEED + 1))
    assert [item.article.body for item in other] != [item.article.body for item in again]


def test_near_duplicates(stream):
    by_id = {item.article.id: (index, item) for index, item in enumerate(stream)}
    copies = [(index, item) for index, item in enumerate(stream) if item.original is not None]
    assert 0.15 <= len(copies) / len(stream) <= 0.25
    for index, copy in copies:
        before, original = by_id[copy.original]
        assert before < index
        assert original.story == copy.story and original.original is None
        assert original.article.outlet != copy.article.outlet
        published = datetime.fromisoformat(copy.article.published)
        delay = published - datetime.fromisoformat(original.article.published)
        assert timedelta(0) <= delay <= timedelta(hours=12, seconds=1)
        kept = set(original.article.body) & set(copy.article.body)
        assert len(kept) >= len(copy.article.body) - 2  # a sentence dropped, a word changed
        assert not {id(e) for e in original.article.entities} & {
            id(e) for e in copy.article.entities
        }


def test_story_sizes_are_heavy_tailed(stream):
    sizes = Counter(item.story for item in stream)
    small = sum(1 for size in sizes.values() if size <= 3)
    assert small / len(sizes) >= 0.7
    assert max(sizes.values()) >= 50
    assert sum(1 for size in sizes.values() if size >= 10) >= 10


def test_same_topic_stories_share_words_not_entities(stream):
    national = {entity.name for entity in synthetic_news.NATIONAL}
    area = next(area for area in synthetic_news.AREAS if area.key == "sepakbola")
    people: dict[str, set[str]] = {}
    football_words, other_words = [], []
    for item in stream:
        body = " ".join(item.article.body)
        found = sum(word in body for word in area.words)
        if item.story.startswith("sepakbola-"):
            football_words.append(found)
            names = {e.canonical for e in item.article.entities if e.type == "PERSON"}
            people.setdefault(item.story, set()).update(names - national)
        else:
            other_words.append(found)
    assert min(football_words) >= 2 and median(football_words) >= 8
    assert median(other_words) == 0
    assert len(people) >= 10
    casts = list(people.values())
    assert sum(1 for i, a in enumerate(casts) for b in casts[i + 1 :] if a & b) <= 2


def test_density_does_not_depend_on_count(stream):
    # A shorter stream is the start of a longer one with the same seed.
    short, full = _days(stream[:1000]), _days(stream)
    per_day = synthetic_news.DEFAULT_ARTICLES_PER_DAY
    assert 0.6 * per_day <= 1000 / short <= 1.5 * per_day
    assert 0.75 * per_day <= COUNT / full <= 1.3 * per_day
    assert _days(stream) > 2 * short  # three times the articles, about three times the days


def test_density_follows_articles_per_day():
    sparse = list(synthetic_news.synthetic_stream(600, seed=SEED, articles_per_day=60))
    assert 0.6 * 60 <= len(sparse) / _days(sparse) <= 1.5 * 60
