"""Events of a story: every event holds an article and has a title (issue 19, deliverable 5)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from warta.corpus.events import central_title, place_in_event, refresh_story
from warta.records import Features, StoryRow
from warta.run.local import ingest
from warta.store import open_store


def _write(folder: Path, name: str, title: str, published: str, text: str) -> None:
    record = {"id": name, "title": title, "published": published, "text": text}
    (folder / f"{name}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")


def test_merged_stories_keep_their_developments_and_a_link_joins_them(tmp_path: Path) -> None:
    """Two stories with an event each on the same day are merged: an event is a development,
    not a day, so they stay two events. A later article that reports the development of both
    makes them one, and the event merged away is deleted, not left behind with no article (3
    such events were left in a store of the 2,146 IndoSum dev articles)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    _write(
        inputs, "banjir", "Banjir rendam Kota Bandung", "2023-03-10T10:00:00+07:00",
        "Banjir merendam ratusan rumah warga di Kota Bandung pada Jumat (10/3/2023) setelah "
        "hujan deras mengguyur sejak pagi. Petugas mengevakuasi warga ke masjid terdekat.",
    )  # fmt: skip
    _write(
        inputs, "timnas", "Timnas menang atas Kamboja", "2023-03-10T21:00:00+07:00",
        "Tim nasional sepak bola Indonesia mengalahkan Kamboja 3-1 dalam laga uji coba di "
        "Stadion Maguwoharjo, Sleman, Jumat (10/3/2023). Pelatih memuji permainan lini tengah.",
    )  # fmt: skip
    with open_store(tmp_path / "w.db") as store:
        ingest([str(inputs)], store)
        stories = [s.id for s in store.list_stories()]
        assert len(stories) == 2  # two developments, unrelated
        keep, gone = sorted(stories)
        articles = [a.id for a in store.list_articles()]
        with store.story_index() as index:
            assert [len(index.events(story)) for story in stories] == [1, 1]
            index.merge_stories(keep, gone)  # as clustering does when an article links both
            refresh_story(index, keep)
            assert len(index.events(keep)) == 2
            placements = index.placements(articles)
            later = Features(
                article_id="later", day=19427.0, event_day=19426.0, terms={}, entities={},
                quotes=frozenset(), signature=np.zeros(1), shingles=0,
            )  # fmt: skip
            linked = dict.fromkeys(articles, 0.99)
            event = place_in_event(index, keep, later, linked, placements, None)
            assert [row.id for row in index.events(keep)] == [event]
            refresh_story(index, keep)
        story = store.get_story(keep)
        assert story is not None
        assert [len(event.articles) for event in story.events] == [2]
        assert all(event.title for event in story.events)


class _Index:
    """The one read :func:`central_title` makes: the articles' clustering features."""

    def __init__(self, terms: dict[str, dict[str, float]]) -> None:
        self.terms = terms

    def features(self, article_ids: Sequence[str]) -> dict[str, Features]:
        return {
            article: Features(
                article_id=article, day=None, event_day=None, terms=self.terms[article],
                entities={}, quotes=frozenset(), signature=np.zeros(1), shingles=0,
            )
            for article in article_ids
        }  # fmt: skip


def _row(article: str, title: str | None, links: int) -> StoryRow:
    return StoryRow(article, 1, None, links, title, "example.com", "2023-03-10", 19426.0)


def test_an_event_is_titled_by_its_most_typical_article() -> None:
    """The headline of the article closest to the centre of the event's articles, even when
    another article is linked to more (a roundup that mentions the event in passing)."""
    flood = {"t:banjir": 3.0, "t:bandung": 2.0, "t:evakuasi": 1.0}
    index = _Index(
        {
            "a": flood,
            "b": {**flood, "t:pengungsi": 1.0},
            "c": {"t:banjir": 1.0, "t:bandung": 1.0, "t:evakuasi": 1.0},
            "roundup": {"t:banjir": 1.0, "t:pemilu": 3.0, "t:saham": 3.0, "t:timnas": 3.0},
        }
    )
    members = [
        _row("roundup", "Berita sepekan: pemilu, saham, timnas dan banjir", links=9),
        _row("a", "Banjir rendam Bandung, warga dievakuasi", links=2),
        _row("b", "Banjir Bandung: pengungsi bertambah", links=1),
        _row("c", "Bandung banjir lagi", links=1),
    ]
    assert central_title(index, members) == "Banjir rendam Bandung, warga dievakuasi"  # type: ignore[arg-type]
    # untitled articles are passed over; two articles are equally central: the most linked
    assert central_title(index, [_row("x", None, 5), *members[:2]]) == members[0].title  # type: ignore[arg-type]
    assert central_title(index, [_row("x", None, 5)]) is None  # type: ignore[arg-type]


def test_a_title_cut_from_a_first_sentence_titles_nothing_when_a_headline_exists(
    tmp_path: Path,
) -> None:
    """An article without a headline gets one cut from its first sentence; a story or an event
    takes it only when none of its articles has a headline of its own. Through the store:
    the title's origin is read from each article's document."""
    from dataclasses import replace

    from warta.corpus.events import best_title
    from warta.model import TITLE_FROM_TEXT

    cut = replace(
        _row("a", "Neymar akhirnya diperkenalkan PSG sebagai …", 9), title_from=TITLE_FROM_TEXT
    )
    slug = replace(_row("b", "Tinggalkan Barca Neymar Sedih", 1), title_from="url")
    assert best_title([cut, slug]) == slug.title
    assert best_title([cut]) == cut.title
    assert central_title(_Index({"a": {}, "b": {}}), [cut, slug]) == slug.title  # type: ignore[arg-type]

    folder = tmp_path / "in"
    folder.mkdir()
    text = "Presiden Joko Widodo meresmikan bendungan baru di Serang, Banten, pada Senin pagi."
    (folder / "a.jsonl").write_text(
        # the earlier one (whose title would win among equals) has no headline
        json.dumps({"id": "a", "text": text, "published": "2024-01-01T08:00:00+07:00"})
        + "\n"
        + json.dumps(
            {
                "id": "b",
                "title": "Jokowi Resmikan Bendungan",
                "text": text + " Lagi.",
                "published": "2024-01-01T10:00:00+07:00",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    store = open_store(str(tmp_path / "w.db"))
    try:
        ingest([str(folder)], store)
        (story,) = store.list_stories()
        with store.story_index() as index:
            froms = {m.title: m.title_from for m in index.story_members(story.id)}
    finally:
        store.close()
    assert froms == {text.rstrip("."): TITLE_FROM_TEXT, "Jokowi Resmikan Bendungan": "input"}
    assert story.title == "Jokowi Resmikan Bendungan"


def test_articles_a_week_apart_are_never_one_event() -> None:
    """The same words ten days apart may still be one story (a saga), never one event: a
    development's follow-ups come within days (features.EVENT_WINDOW_DAYS)."""
    from warta.corpus.features import EVENT_WINDOW_DAYS, profile, similarities

    def article(name: str, day: float) -> Features:
        words = {"t:rossi": 3.0, "t:pedrosa": 2.0, "t:juara": 2.0, "t:dunia": 1.0}
        return Features(
            article_id=name, day=day, event_day=day, terms=words, entities={"e:rossi": 1.0},
            quotes=frozenset(), signature=np.zeros(1), shingles=0, lead=words, title=words,
        )  # fmt: skip

    first = article("a", 17300.0)
    alike = profile(first, lambda key: 5.0)
    assert EVENT_WINDOW_DAYS < 10.0
    for apart, one_event in ((1.0, True), (10.0, False)):
        later = article("b", 17300.0 + apart)
        story, event = similarities(first, alike, later, profile(later, lambda key: 5.0))
        assert story > 0.5, (apart, story)
        assert (event > 0.5) is one_event, (apart, event)
