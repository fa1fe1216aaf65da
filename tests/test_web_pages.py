"""The server-rendered pages, through FastAPI's TestClient on a store holding the five samples
and one hostile article (markup and ``javascript:`` links in its title, body, outlet and URL).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import warta
from warta.present.story_output import load_story_view
from warta.present.story_report import _md_text, story_markdown
from warta.records import EntityQuery, QuoteQuery, StoryQuery
from warta.web import charts
from warta.web.app import create_app
from warta.web.i18n import STRINGS, readable_date, readable_number, translator
from warta.web.markup import Span, highlight, mark, safe_url
from warta.web.pages import _environment

from .conftest import PACKAGE_SAMPLES, SAMPLE_TITLES

TEMPLATES = Path(warta.__file__).parent / "web" / "templates"

HOSTILE_ID = "hostile-1"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_RECORD = (
    '{"id": "hostile-1", "url": "javascript:alert(1)",'
    ' "outlet": "evil.example\\"><img src=x onerror=alert(1)>",'
    ' "title": "Kabar <script>alert(1)</script> \\"><img src=x onerror=alert(1)> Zanzibar",'
    ' "published": "2022-02-01T10:00:00+07:00", "author": "<b>Penulis</b>",'
    ' "body": ["Presiden Joko Widodo bertemu warga Zanzibar pada Selasa (1/2/2022) dan membahas'
    ' <script>alert(1)</script> serta \\"><img src=x onerror=alert(1)> di Istana Merdeka.",'
    ' "\\"Kami akan bertemu lagi pada 10 Maret 2022 untuk <script>alert(1)</script>'
    ' pembicaraan lanjutan,\\" kata Joko Widodo kepada wartawan.",'
    ' "Tautan javascript:alert(1) beredar luas di media sosial, ujar juru bicara Istana,'
    ' Fadjroel Rachman.",'
    ' "Baca juga: <a href=\\"javascript:alert(1)\\">klik</a>"]}\n'
)


@dataclass(frozen=True)
class Site:
    client: TestClient
    story: int  # the samples' story
    hostile_story: int
    putin: int  # entity id of Vladimir Putin
    article_ids: frozenset[str]


def samples_and_hostile(root: Path) -> Path:
    """A store in ``root`` holding the five samples and the hostile article."""
    hostile = root / "hostile.jsonl"
    hostile.write_text(HOSTILE_RECORD, encoding="utf-8")
    db = root / "warta.db"
    with warta.open_store(db) as store:
        warta.ingest([str(PACKAGE_SAMPLES), str(hostile)], store)
    return db


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return samples_and_hostile(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def site(hostile_db: Path) -> Iterator[Site]:
    db = hostile_db
    with warta.open_store(db) as store:
        titles = {a.title: a.id for a in store.list_articles()}
        sample_story = store.placements([titles[SAMPLE_TITLES[0]]])[titles[SAMPLE_TITLES[0]]]
        hostile_story = store.placements([HOSTILE_ID])[HOSTILE_ID].story
        putin = store.list_entities(EntityQuery(name="Vladimir Putin"))[0].id
        ids = frozenset(titles.values())
    with TestClient(create_app(db)) as client:
        yield Site(client, sample_story.story, hostile_story, putin, ids)


def get(site: Site, path: str, status: int = 200, **params: str) -> str:
    response = site.client.get(path, params=params or None)
    assert response.status_code == status, (path, response.status_code, response.text[-2000:])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


class _TagChecker(HTMLParser):
    """Fails on crossed or unclosed tags (void elements aside)."""

    VOID = frozenset({"meta", "link", "input", "br", "img", "hr", "source", "col", "wbr"})
    SVG_VOID = frozenset({"circle", "line", "rect", "path"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()


def well_formed(html: str) -> list[str]:
    checker = _TagChecker()
    checker.feed(html)
    checker.close()
    return checker.errors + [f"unclosed <{tag}>" for tag in checker.stack]


# --- the pages show the corpus ------------------------------------------------------------------


def test_story_list_shows_the_samples_story(site: Site) -> None:
    response = site.client.get("/")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    html = response.text
    assert f'href="/stories/{site.story}"' in html
    assert "5 artikel" in html
    assert 'class="spark"' in html  # the sparkline
    assert f"/export/articles.csv?story={site.story}" in html
    assert "medcom.id" in html and "beritabaru.co" in html
    assert not well_formed(html)


def test_story_list_orders_filters_and_pages(site: Site) -> None:
    first = get(site, "/", limit="1", singles="true")
    assert 'rel="next"' in first and "offset=1" in first and "singles=true" in first
    second = get(site, "/", limit="1", offset="1", singles="true")
    assert 'rel="prev"' in second
    both = get(site, "/", order="largest", singles="true")
    assert both.count('class="story"') == 2
    # the story of one day has its sparkline too, of one bar, not an empty space
    sparks = [row.split("</svg>")[0] for row in both.split('class="story"')[1:]]
    assert [spark.count('class="spark"') for spark in sparks] == [1, 1], sparks
    assert sparks[1].count("<rect ") == 1, sparks[1]
    # the stories of one article are folded away, counted, and a link shows them
    front = get(site, "/")
    with warta.open_store(_db(site)) as store:
        several = store.count_stories(StoryQuery(singles=False))
        singles = store.count_stories(StoryQuery()) - several
    assert front.count('class="story"') == several and singles > 0
    assert f"{singles} cerita satu artikel disembunyikan" in front
    assert 'href="/?singles=true"' in front
    assert f"dari {several}" in front  # the total
    for order in ("ranked", "newest", "largest", "trending"):
        assert 'aria-current="true"' in get(site, "/", order=order)
    assert get(site, "/", 422, order="random")
    assert f'href="/stories/{site.story}"' in get(site, "/", q="Lavrov")
    assert "Tidak ada cerita" in get(site, "/", q="xylofonis")
    only = get(site, "/", entity="Sergey Lavrov")
    assert f'href="/stories/{site.story}"' in only
    assert f'href="/stories/{site.hostile_story}"' not in only
    assert "Tidak ada cerita" in get(site, "/", since="2030-01-01")


def test_story_page_cites_existing_articles(site: Site) -> None:
    html = get(site, f"/stories/{site.story}")
    summary = html.split('id="summary"')[1].split("</section>")[0]
    citations = re.findall(r'href="/articles/([^"?#]+)\?cite=(\d+):(\d+)-(\d+)#p(\d+)"', summary)
    assert citations, "the summary cites its sources"
    for article, paragraph, start, end, anchor in citations:
        assert article in site.article_ids
        assert paragraph == anchor
        page = get(site, f"/articles/{article}", cite=f"{paragraph}:{start}-{end}")
        assert f'id="p{paragraph}"' in page
        cited = page.split(f'id="p{paragraph}"')[1].split("</p>")[0]
        assert re.search(r'class="[^"]*\bcited\b', cited)
    assert not well_formed(html)


def test_story_page_timeline_marks_the_planned_geneva_talks(site: Site) -> None:
    html = get(site, f"/stories/{site.story}")
    chart = html.split('class="chart timeline-chart"')[1].split("</svg>")[0]
    planned = re.findall(r'<a href="#t-(\d+)" class="mark planned"><title>([^<]*)</title>', chart)
    assert any("10 Jan 2022" in title for _, title in planned), planned
    assert "Jenewa" in next(title for _, title in planned if "10 Jan 2022" in title)
    assert "direncanakan (belum terjadi)" in chart  # the legend
    index = next(i for i, title in planned if "10 Jan 2022" in title)
    entry = html.split(f'id="t-{index}"')[1].split("</li>")[0]
    assert "planned" in html.split(f'id="t-{index}"')[1].split(">")[0]
    assert "dijadwalkan pada 10 Januari" in entry
    # The 7 December summit was announced before it happened.
    assert 'class="ring"' in chart
    assert "semula direncanakan" in html


def test_story_page_shows_quotes_entities_outlets_articles(site: Site) -> None:
    html = get(site, f"/stories/{site.story}")
    quotes = html.split('id="quotes"')[1].split("</section>")[0]
    assert "Dmitry Peskov" in quotes and "Kami tidak berharap ada terobosan" in quotes
    entities = html.split('id="entities"')[1].split("</section>")[0]
    assert f'href="/entities/{site.putin}"' in entities
    coverage = html.split('id="coverage"')[1].split("</section>")[0]
    assert 'class="originals"' in coverage and 'class="copies"' in coverage
    assert "medcom.id" in coverage
    # how long after the first each outlet followed, in the page's language
    followed = re.findall(r'<td class="n">(\+[^<]*)</td>', coverage)
    assert followed and all(re.fullmatch(r"\+\d+(,\d+)? (hari|jam)", f) for f in followed)
    english = get(site, f"/stories/{site.story}", lang="en").split('id="coverage"')[1]
    assert re.search(r"\+\d+(\.\d+)? [dh]<", english.split("</section>")[0])
    get(site, "/", lang="id")  # the client keeps the language it was last given
    articles = html.split('id="articles"')[1].split("</section>")[0]
    assert articles.count('class="badge original"') == 5
    for kind in ("timelines", "quotes", "entities", "articles"):
        assert f"/export/{kind}.csv?story={site.story}" in html


def test_date_flags_and_chart_headings_are_in_the_pages_language(site: Site) -> None:
    with warta.open_store(_db(site)) as store:
        flagged = [
            (a.id, flag)
            for a in store.list_articles()
            if (full := store.get_article(a.id)) is not None
            for m in full.dates
            for flag in m.flags
        ]
    assert flagged  # the samples' dates carry flags ("relative", "year-inferred", ...)
    for article_id, flag in flagged:
        html = get(site, f"/articles/{article_id}", lang="id")
        assert f'<span class="flag">{flag}</span>' not in html, (article_id, flag)
        assert f'<span class="flag">{STRINGS["flag." + flag][0]}</span>' in html, flag
    outlet = get(site, "/outlets/medcom.id", lang="id")
    assert "Artikel dari waktu ke waktu" in outlet and "per hari" not in outlet


def test_article_page_highlights_and_shows_what_cleaning_removed(site: Site) -> None:
    with warta.open_store(_db(site)) as store:
        article_id = next(a.id for a in store.list_articles() if a.title == SAMPLE_TITLES[4])
        article = store.get_article(article_id)
    assert article is not None and article.removed
    html = get(site, f"/articles/{article_id}")
    assert SAMPLE_TITLES[4] in html
    assert 'class="ent ent-PERSON"' in html
    assert re.search(r'class="[^"]*\bq\b[^"]*"', html)
    assert re.search(r'class="[^"]*\bd\b[^"]*"', html)
    assert "<details" in html and article.removed[0].reason in html
    assert f'href="/stories/{site.story}"' in html
    assert 'id="p0"' in html
    assert not well_formed(html)
    # A unique prefix of the id finds the article too.
    assert SAMPLE_TITLES[4] in get(site, f"/articles/{article_id[:10]}")


def test_article_page_says_a_title_was_derived_and_the_input_tokenised(tmp_path: Path) -> None:
    record = {
        "id": "tok-1",
        "url": "https://kumparan.com/berita/kpk-tahan-setya-novanto-1rXyZ7aBcD",
        "text": "Jakarta , CNN Indonesia - - Komisi Pemberantasan Korupsi ( KPK ) menahan Setya "
        'Novanto , Minggu ( 19 / 11 ) . " Kami menahan dia , " kata Febri Diansyah .',
    }
    source = tmp_path / "tok.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with warta.open_store(tmp_path / "w.db") as store:
        warta.ingest([str(source)], store)
    with TestClient(create_app(tmp_path / "w.db")) as client:
        html = client.get("/articles/tok-1", params={"lang": "en"}).text
    assert "<h1>KPK Tahan Setya Novanto</h1>" in html
    assert "derived from the URL" in html
    assert "tokenised, read as written text" in html
    assert "Komisi Pemberantasan Korupsi (" in html and "CNN Indonesia - -" not in html
    assert not well_formed(html)


def test_entity_page_shows_putins_quotes_and_stories(site: Site) -> None:
    html = get(site, f"/entities/{site.putin}")
    assert "<h1>" in html and "Vladimir Putin" in html
    assert "Putin" in html.split('class="aliases"')[1]
    assert "pasti akan bertemu satu sama lain" in html
    assert f'href="/stories/{site.story}"' in html
    assert 'class="chart activity-chart"' in html and "<title>" in html
    listing = get(site, "/entities", type="PERSON")
    assert "Vladimir Putin" in listing and "Jenewa" not in listing
    assert "Vladimir Putin" in get(site, "/quotes", speaker="Putin")


def test_every_list_page_shows_its_total(site: Site) -> None:
    """A list page says how many rows it lists in all, not only which it shows: counted here
    from the store, one row a page so that the total is never the rows shown."""
    with warta.open_store(_db(site)) as store:
        companion = store.cooccurring(site.putin, 1)[0]
        together = f"/entities/{site.putin}/with/{companion.id}"
        totals = {
            "/entities": store.count_entities(EntityQuery()),
            "/entities?type=PERSON": store.count_entities(EntityQuery(type="PERSON")),
            "/quotes": store.count_quotes(QuoteQuery()),
            "/quotes?speaker=Dmitry+Peskov": store.count_quotes(
                QuoteQuery(speaker="Dmitry Peskov")
            ),
            "/outlets": store.list_outlets(None, None, 1, 0)[0],
            "/search?q=Jenewa": 3,
            "/?singles=true": store.count_stories(StoryQuery()),
            together: store.count_pair_articles(site.putin, companion.id),
        }
    for path, total in totals.items():
        assert total > 1, path  # a second page to go to
        html = site.client.get(path + ("&" if "?" in path else "?") + "limit=1").text
        assert f"Menampilkan 1–1 dari {total}<" in html, path
        assert 'rel="next"' in html, path
    assert f"{totals[together]} artikel" in get(site, together)  # all, not the page's
    # the first few of a list say how many there are and link to them all
    with warta.open_store(_db(site)) as store:
        peskov = store.list_entities(EntityQuery(name="Dmitry Peskov"))[0].id
        quotes = store.count_quotes(QuoteQuery(speaker="Dmitry Peskov"))
        stories = store.count_stories(StoryQuery(entity="Dmitry Peskov"))
    entity = get(site, f"/entities/{peskov}")
    shown = entity.split("<h2>Kutipan")[1].split("</section>")[0]
    assert f'<span class="n">{quotes}</span>' in shown and f"dari {quotes}<" in shown
    assert f"dari {stories}<" in entity.split("<h2>Cerita</h2>")[1]
    assert 'href="/?entity=Dmitry+Peskov&amp;singles=true"' in entity


def test_counts_are_written_in_the_page_language() -> None:
    assert readable_number(13272, "id") == "13.272"
    assert readable_number(13272, "en") == "13,272"
    assert readable_number(1_000_000, "id") == "1.000.000"
    assert readable_number(999, "id") == "999"
    indonesian, english = translator("id"), translator("en")
    assert indonesian("showing.of", first=1, last=40, total=13272) == (
        "Menampilkan 1–40 dari 13.272"
    )
    assert english("showing.of", first=1001, last=1040, total=13272) == (
        "Showing 1,001–1,040 of 13,272"
    )
    assert indonesian("stories.n", n=1836) == "1.836 cerita"
    assert english("articles.n", n=1) == "1 article"  # the singular still found
    assert indonesian("fetched.of_source", id="1234") == "Sumber 1234"  # an id is no count


@pytest.mark.parametrize(
    ("lang", "written"), [("id", "1.201–1.240 dari 13.272"), ("en", "1,201–1,240 of 13,272")]
)
def test_the_pager_writes_its_numbers_in_the_page_language(lang: str, written: str) -> None:
    pager = _environment.from_string(
        '{% from "_macros.html" import pager with context %}{{ pager(p) }}'
    )
    html = pager.render(
        t=translator(lang),
        here=lambda **changes: "/entities",
        p={"previous": 1160, "next": 1240, "first": 1201, "last": 1240, "total": 13272},
    )
    assert written in html


@pytest.mark.parametrize(
    ("lang", "message", "link"),
    [
        ("id", "Tidak ada entitas bernama “Si Anu”.", "Lihat daftar entitas"),
        ("en", "No entity is named “Si Anu”.", "See the list of entities"),
    ],
)
def test_attention_on_an_unknown_name_says_so_in_the_page_language(
    site: Site, lang: str, message: str, link: str
) -> None:
    html = get(site, "/attention", entity="Si Anu", lang=lang)
    error = html.split('<p class="error"')[1].split("</p>")[0]
    assert message in error
    assert f'<a href="/entities">{link} →</a>' in error  # the web's list, not the CLI's
    assert "warta entities" not in html and "see `" not in html
    story = get(site, "/attention", story="999999", lang=lang)
    assert '<a href="/stories">' in story.split('<p class="error"')[1]
    site.client.cookies.clear()


def _main_nav(html: str) -> str:
    """The header's links: the page's first ``<nav>``."""
    return html.split("<nav ")[1].split("</nav>", maxsplit=1)[0]


@pytest.mark.parametrize(("lang", "label"), [("id", "Perhatian"), ("en", "Attention")])
def test_the_navigation_links_the_attention_page(site: Site, lang: str, label: str) -> None:
    nav = _main_nav(get(site, "/", lang=lang))
    assert f'<a href="/attention" >{label}</a>' in nav
    current = _main_nav(get(site, "/attention", lang=lang))
    assert f'<a href="/attention" aria-current="page">{label}</a>' in current
    site.client.cookies.clear()


def _bar_heights(svg: str) -> list[float]:
    return [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]


MONTHS = "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des".split()  # noqa: SIM905


def test_time_axis_labels_stay_inside_the_chart() -> None:
    """An entity's activity from November 2016 to March 2018 labelled its last tick "Mar 2018"
    centred on the axis's end, and the page showed "Mar 201": a label at an edge is anchored
    to its end (or start) instead."""
    activity = [("2016-11-05", 2, 2), ("2017-06-10", 1, 1), ("2018-03-02", 4, 4)]
    svg = str(charts.activity_chart(activity, MONTHS, lambda _bin, _unit: ""))
    labels = re.findall(r'<text class="tick-label" x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)">'
                        r"([^<]+)</text>", svg)  # fmt: skip
    assert labels[-1][1:] == ("end", "Apr 2018"), labels  # the axis's end, after March's bar
    for x, anchor, text in labels:
        width = len(text) * charts.TICK_CHARACTER_WIDTH
        start = float(x) - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
        assert start >= 0 and start + width <= 760, (x, anchor, text)


def test_outlet_sparklines_share_one_scale(tmp_path: Path) -> None:
    """Two outlets' bars compare: an outlet with half the articles of another on its busiest
    day has a bar half as tall, and the page says what the tallest bar counts."""
    drawn, peak = charts.sparklines(
        [("a", {"2022-01-01": 10, "2022-01-02": 2}), ("b", {"2022-01-01": 5, "2022-01-02": 0})]
    )
    assert peak == 10
    assert max(_bar_heights(drawn[1])) == pytest.approx(max(_bar_heights(drawn[0])) / 2)
    # on the page: a.example writes of the flood twice a day, b.example once
    records = [
        {
            "id": f"{outlet}-{day}-{number}",
            "url": f"https://{outlet}/banjir-{day}-{number}",
            "outlet": outlet,
            "title": f"Banjir merendam kampung {number} di {outlet}",
            "published": f"2022-01-0{day}T0{number}:00:00+07:00",
            "body": [
                f"Banjir setinggi {number + 1} meter merendam kampung {outlet} pada hari itu."
            ],
        }
        for outlet, per_day in (("a.example", 2), ("b.example", 1))
        for day in (3, 4)
        for number in range(per_day)
    ]
    source = tmp_path / "banjir.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with warta.open_store(tmp_path / "warta.db") as store:
        warta.ingest([str(source)], store)
    with TestClient(create_app(tmp_path / "warta.db")) as client:
        html = client.get("/attention", params={"q": "banjir"}).text
    rows = html.split('<table class="attention-outlets">')[1].split("</table>")[0].split("<tr>")
    tallest = {
        outlet: max(_bar_heights(row))
        for row in rows
        for outlet in ("a.example", "b.example")
        if f"<td>{outlet}</td>" in row
    }
    assert tallest["b.example"] == pytest.approx(tallest["a.example"] / 2)
    assert "batang tertinggi = 2 artikel" in html


def flood_and_earthquake(root: Path) -> Path:
    """A store in ``root`` of two stories: a flood told by four outlets a day for three days,
    and an earthquake told once a day for two."""
    flood = [
        {
            "id": f"banjir-{day}-{number}",
            "url": f"https://a{number}.example/banjir-{day}",
            "outlet": f"a{number}.example",
            "title": f"Banjir merendam Kampung Melayu, Jakarta Timur, hari ke-{day}",
            "published": f"2022-01-0{day}T0{number + 1}:00:00+07:00",
            "body": [
                f"Banjir setinggi {number + 1} meter merendam Kampung Melayu di Jakarta Timur"
                f" pada hari ke-{day}, kata Kepala BPBD DKI Jakarta Isnawa Adji.",
                "Warga mengungsi ke masjid dan sekolah terdekat sejak Senin malam.",
            ],
        }
        for day in (3, 4, 5)
        for number in range(4)
    ]
    earthquake = [
        {
            "id": f"gempa-{day}",
            "url": f"https://b.example/gempa-{day}",
            "outlet": "b.example",
            "title": f"Gempa magnitudo 5,6 guncang Cianjur, Jawa Barat, hari ke-{day}",
            "published": f"2022-01-0{day}T09:00:00+07:00",
            "body": [
                f"Gempa magnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, pada hari"
                f" ke-{day}, kata Kepala BMKG Dwikorita Karnawati.",
                "Ratusan rumah warga di Cianjur rusak berat akibat gempa tersebut.",
            ],
        }
        for day in (3, 4)
    ]
    source = root / "two.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in flood + earthquake), encoding="utf-8")
    db = root / "warta.db"
    with warta.open_store(db) as store:
        warta.ingest([str(source)], store)
    return db


def test_story_sparklines_on_the_front_page_share_one_scale(tmp_path: Path) -> None:
    """The earthquake's bars are a quarter of the flood's, and the page says the scale."""
    db = flood_and_earthquake(tmp_path)
    with TestClient(create_app(db)) as client:
        html = client.get("/").text
        english = client.get("/", params={"lang": "en"}).text
    sparks = {
        title: row.split('<div class="story-spark">')[1]
        for row in html.split('<li class="story">')[1:]
        for title in ("Banjir", "Gempa")
        if f">{title} " in row
    }
    assert set(sparks) == {"Banjir", "Gempa"}
    assert _bar_heights(sparks["Banjir"]) == pytest.approx([22.0] * 3)
    assert _bar_heights(sparks["Gempa"]) == pytest.approx([22.0 / 4] * 2)
    assert "pada skala yang sama dengan cerita lain di halaman ini" in sparks["Gempa"]
    assert "semua pada satu skala: batang tertinggi = 4 artikel." in html
    assert "all on one scale: the tallest bar is 4 articles." in english


def test_search_page_marks_matches_and_offers_facets(site: Site) -> None:
    html = get(site, "/search", q="Jenewa")
    assert "3 artikel ditemukan" in html
    assert "<mark>Jenewa</mark>" in html
    assert f"story={site.story}" in html  # the story facet adds the filter
    narrowed = get(site, "/search", q="Jenewa", outlet="beritabaru.co")
    assert "1 artikel ditemukan" in narrowed
    assert "Jenewa" in get(site, "/search")  # the form's example, no search yet
    bad = get(site, "/search", 400, q='"')
    assert 'class="message error-message"' in bad


# --- language -----------------------------------------------------------------------------------


def test_english_switch(site: Site) -> None:
    client = site.client
    english = client.get("/", params={"lang": "en"})
    assert english.status_code == 200
    assert "Stories" in english.text and "5 articles" in english.text
    assert 'lang="en"' in english.text
    assert "warta_lang=en" in english.headers["set-cookie"]
    # The cookie keeps English on the next page, until the switch says otherwise.
    story = client.get(f"/stories/{site.story}")
    assert "Timeline" in story.text and "planned (not yet happened)" in story.text
    back = client.get("/", params={"lang": "id"})
    assert "Cerita" in back.text and "5 artikel" in back.text
    client.cookies.clear()


def test_every_template_string_has_both_languages() -> None:
    for key, (indonesian, english) in STRINGS.items():
        assert indonesian and english, key
    used: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(["']([\w.-]+)["']""", template.read_text()))
    assert used, "templates translate their strings"
    prefixes = {key for key in used if key.endswith(".")}  # t("type." ~ kind)
    assert not used - prefixes - set(STRINGS), used - prefixes - set(STRINGS)
    assert all(any(k.startswith(p) for k in STRINGS) for p in prefixes), prefixes


def test_dates_are_readable() -> None:
    assert readable_date("2021-12-07T02:00:00+07:00", "id") == "7 Des 2021 02.00 WIB"
    assert readable_date("2021-12-07T02:00:00+07:00", "en") == "7 Dec 2021 02:00 WIB"
    assert readable_date("2022-01", "en") == "Jan 2022"
    # a time in UTC is shown in WIB, where Warta counts its days; Indonesia's zones as given
    assert readable_date("2018-02-07T19:44:00+00:00", "id") == "8 Feb 2018 02.44 WIB"
    assert readable_date("2018-02-07T19:44:00Z", "id", time=False) == "8 Feb 2018"
    assert readable_date("2018-02-07T19:44:00+08:00", "id") == "7 Feb 2018 19.44 WITA"
    assert readable_date("not a date", "id") == "not a date"


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/stories/abc", 404, "Tidak ada cerita abc"),
        ("/stories/999999", 404, "Tidak ada cerita 999999"),
        ("/stories/99999999999999999999999999", 404, "Tidak ada cerita"),
        ("/articles/nope", 404, "Tidak ada artikel nope"),
        ("/entities/0", 404, "Tidak ada entitas 0"),
        ("/entities/x", 404, "Tidak ada entitas x"),
        ("/?limit=-1", 422, "limit"),
        ("/?limit=100000", 422, "limit"),
        ("/?offset=-5", 422, "offset"),
        ("/?offset=9223372036854775808", 422, "offset"),
        ("/search?q=putin&offset=9223372036854775808", 422, "offset"),
        ("/?since=notadate", 400, "since"),
        ("/?order=random", 422, "order"),
        ("/entities?type=ALIEN", 400, "ALIEN"),
        ("/quotes?kind=shouted", 400, "shouted"),
        ("/search?q=x&story=abc", 400, "story"),
        ("/no/such/page", 404, "Tidak ada halaman di alamat ini"),
    ],
)
def test_bad_requests_are_4xx_pages_with_a_message(
    site: Site, path: str, status: int, message: str
) -> None:
    response = site.client.get(path)
    assert response.status_code == status, response.text[-1000:]
    assert message in response.text
    assert 'class="site"' in response.text  # in the layout
    assert "Content-Security-Policy" in response.headers


#: The web's English bounds and Starlette's and pydantic's English words, on a page and in the
#: page's language: (path, method, status, Indonesian, English, the English message left out).
SAID_IN_THE_PAGE_LANGUAGE = [
    (
        "/no/such/page",
        "GET",
        404,
        "Tidak ada halaman di alamat ini; periksa alamatnya.",
        "There is no page at this address; check it.",
        "Not Found",
    ),
    (
        "/stories",
        "POST",
        405,
        "Alamat ini tidak menerima permintaan POST.",
        "This address does not take POST requests.",
        "Method Not Allowed",
    ),
    (
        "/search?q=-putin",
        "GET",
        400,
        "Tidak ada yang dicari: tulis sedikitnya satu kata",
        "Nothing to search for: give at least one word",
        "nothing to search for",
    ),
    (
        "/search?q=" + "+".join(f"kata{n}" for n in range(40)),
        "GET",
        400,
        "Terlalu banyak kata dalam pencarian (paling banyak 32).",
        "Too many terms in the search (at most 32).",
        "too many terms in the query",
    ),
    (
        "/attention?" + "&".join(f"q=kata{n}" for n in range(7)),
        "GET",
        200,
        "Paling banyak 6 pencarian, entitas dan cerita sekaligus.",
        "At most 6 searches, entities and stories at once.",
        "at most 6 searches",
    ),
    (
        "/?order=random",
        "GET",
        422,
        "order: “random” tidak dikenal (pilih salah satu: ranked, newest, largest, trending).",
        "order: “random” is not known (one of: ranked, newest, largest, trending).",
        "String should match pattern",
    ),
    ("/?limit=0", "GET", 422, "limit: paling kecil 1.", "limit: at least 1.", "greater than"),
    (
        "/quotes?offset=lima",
        "GET",
        422,
        "offset: “lima” bukan bilangan bulat.",
        "offset: “lima” is not a whole number.",
        "valid integer",
    ),
]


@pytest.mark.parametrize(
    ("path", "method", "status", "indonesian", "english", "left_out"), SAID_IN_THE_PAGE_LANGUAGE
)
def test_page_errors_are_said_in_the_page_language(
    site: Site, path: str, method: str, status: int, indonesian: str, english: str, left_out: str
) -> None:
    for lang, message in (("id", indonesian), ("en", english)):
        separator = "&" if "?" in path else "?"
        response = site.client.request(method, f"{path}{separator}lang={lang}")
        assert response.status_code == status, response.text[-1000:]
        assert 'class="site"' in response.text  # in the layout
        assert message in unescape(response.text)
        assert left_out not in response.text
    site.client.cookies.clear()


def test_the_api_keeps_its_json_errors(site: Site) -> None:
    """The pages' words are the pages'; the API answers its clients as before."""
    response = site.client.get("/api/no/such/thing")
    assert response.status_code == 404
    assert response.json() == {"error": "Not Found"}
    search = site.client.get("/api/search", params={"q": "-putin"})
    assert search.status_code == 400
    assert search.json()["error"].startswith("nothing to search for")


def test_attention_over_too_many_days_says_so_in_the_page_language(tmp_path: Path) -> None:
    """Two articles 1,500 days apart are more days than a chart draws: the page says so in its
    language and suggests weeks or months."""
    records = tmp_path / "far.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"far-{day}",
                    "title": f"Banjir melanda Jakarta {day}",
                    "published": f"{day}T10:00:00+07:00",
                    "body": [f"Banjir melanda Jakarta pada {day}, kata petugas BPBD DKI Jakarta."],
                }
            )
            + "\n"
            for day in ("2018-01-01", "2022-02-09")
        ),
        encoding="utf-8",
    )
    db = tmp_path / "far.db"
    with warta.open_store(db) as store:
        warta.ingest([str(records)], store)
    with TestClient(create_app(db)) as client:
        by_day = client.get("/attention", params={"q": "banjir"}).text
        by_week = client.get("/attention", params={"q": "banjir", "interval": "week"}).text
        english = client.get("/attention", params={"q": "banjir", "lang": "en"}).text
    assert "Lebih dari 1.000 hari antara artikel pertama dan terakhir" in unescape(by_day)
    assert "more than 1000 days" not in by_day
    assert "More than 1,000 days between the first and the last article" in unescape(english)
    assert 'class="attention-outlets"' in by_week  # by week the span is drawn


# --- hostile text -------------------------------------------------------------------------------


def _assert_inert(html: str) -> None:
    assert SCRIPT not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html.lower()
    assert "onerror=alert(1)>" not in html
    assert not well_formed(html)


def test_hostile_article_is_shown_as_text(site: Site) -> None:
    html = get(site, f"/articles/{HOSTILE_ID}")
    _assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # a javascript: URL is no article's address: dropped when read, so neither link nor text
    assert "javascript:alert(1)</code>" not in html
    assert site.client.get(f"/api/articles/{HOSTILE_ID}").json()["url"] is None
    assert "&lt;b&gt;Penulis&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "path",
    ["/", "/stories/{story}", "/search?q=Zanzibar", "/entities", "/quotes", "/quotes?speaker="],
)
def test_hostile_text_is_escaped_everywhere(site: Site, path: str) -> None:
    html = get(site, path.format(story=site.hostile_story))
    _assert_inert(html)
    if "Zanzibar" in path or "{story}" in path:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_query_parameters_are_escaped(site: Site) -> None:
    html = get(site, "/search", q=SCRIPT)
    _assert_inert(html)
    html = get(site, "/", entity=IMG, outlet=SCRIPT)
    _assert_inert(html)
    error = site.client.get("/", params={"since": SCRIPT})
    assert error.status_code == 400
    _assert_inert(error.text)


# --- the Markdown report (warta story ID --format md) -------------------------------------------

#: What the report's Markdown may render to: its own structure, nothing from article text.
REPORT_TAGS = frozenset(
    {"h1", "h2", "p", "ul", "li", "strong", "a", "table", "thead", "tbody", "tr", "th", "td"}
)


def test_hostile_story_report_in_markdown_renders_no_markup(hostile_db: Path, site: Site) -> None:
    with warta.open_store(hostile_db) as store:
        view = load_story_view(store, site.hostile_story)
    assert view is not None
    markdown = story_markdown(view)
    for raw in ("<script", "<img", "<b>", "<a href"):
        assert raw not in markdown, raw  # not even for a renderer that knows no escapes
    rendered = MarkdownIt("commonmark").render(markdown)  # raw HTML on, as CommonMark has it
    assert set(re.findall(r"</?([a-z0-9]+)", rendered)) <= REPORT_TAGS
    links = re.findall(r"<a [^>]*>", rendered)
    assert links and all(re.fullmatch(r'<a (id|href)="#?source-\d+">', a) for a in links), links
    assert not well_formed(rendered)
    # The payloads are there, as text: in the title, the outlet, the summary or timeline.
    assert rendered.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2
    assert "evil.example&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in rendered


#: Text for the property below, rich in what Markdown reads as structure.
_MARKDOWN_HEAVY = st.lists(
    st.one_of(
        st.sampled_from(
            [*"-+*_`#<>&![]()|~=\\.:;/ 1aZ", "1. ", "2) ", "- ", "&amp;", "www.", "://"]
        ),
        st.characters(blacklist_categories=("Cc", "Cs")),
    ),
    max_size=25,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=_MARKDOWN_HEAVY)
def test_report_text_in_markdown_renders_as_itself(text: str) -> None:
    # Whatever an article holds, a list item or a heading of it renders to exactly that text,
    # on one line: no markup, no nested list, no rule, no entity read from it.
    shown = " ".join(text.split())
    for line, pattern in (
        (f"- {_md_text(text)}", r"<ul>\n<li>(.*)</li>\n</ul>\n"),
        (f"# {_md_text(text)}", r"<h1>(.*)</h1>\n"),
    ):
        rendered = MarkdownIt("commonmark").render(line)
        match = re.fullmatch(pattern, rendered, flags=re.DOTALL)
        assert match, (line, rendered)
        assert "<" not in match[1] and unescape(match[1]) == shown, (line, rendered)


# --- building blocks ----------------------------------------------------------------------------


def test_overlapping_highlights_never_cross_tags() -> None:
    text = 'Kata "Putin <b>" pada 7 Desember & lainnya'
    spans = [
        Span(5, 16, ("q",), "quote"),
        Span(6, 11, ("ent", "ent-PERSON"), 'person: "Putin"'),
        Span(10, 33, ("d",), "date"),
        Span(0, 200, ("cited",), "cited"),
    ]
    html = str(highlight(text, spans))
    assert not well_formed(f"<p>{html}</p>")
    assert "&lt;b&gt;" in html and "&amp;" in html and "<b>" not in html
    assert (
        re.sub(r"<[^>]+>", "", html)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", '"')
        .replace("&amp;", "&")
        == text
    )
    assert str(mark("a <x> b", [(2, 5), (3, 4), (50, 60)])) == "a <mark>&lt;x&gt;</mark> b"


def test_only_http_urls_become_links() -> None:
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_url("http://example.com") == "http://example.com"
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil",
                "https:///nohost", " java\nscript:x", "ftp://example.com", "", None):  # fmt: skip
        assert safe_url(url) is None, url


def _db(site: Site) -> str:
    return str(site.client.app.state.config.db)  # type: ignore[attr-defined]


def test_story_query_is_the_listing_the_page_shows(site: Site) -> None:
    with warta.open_store(_db(site)) as store:
        ranked = store.list_stories(StoryQuery(order="ranked", singles=False))
        newest = store.list_stories(StoryQuery(order="newest"))
    for listed, html in (
        (ranked, get(site, "/")),
        (newest, get(site, "/", order="newest", singles="true")),
    ):
        positions = [html.index(f'href="/stories/{s.id}"') for s in listed]
        assert positions == sorted(positions) and positions
