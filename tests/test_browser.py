"""The pages in a real browser: Debian's headless Chromium driven by Playwright, against a real
``warta serve`` started on a free port over a store holding the five samples and one hostile
article.

Screenshots of every page visited are saved (full page, PNG) under
``$WARTA_TEST_ARTIFACTS/screenshots`` (default ``tests/artifacts``), to look at after a run.
Chromium is never downloaded: the test fails, saying how to install it, when it is missing.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import playwright.sync_api as playwright_api
import pytest

from .conftest import REPO, SAMPLE_TITLES, clean_env
from .portals import start_portal
from .test_web_pages import HOSTILE_ID, IMG, SCRIPT, flood_and_earthquake, samples_and_hostile
from .test_web_sources import HOSTILE_OUTLET, Live, fill_live_store

CHROMIUM = Path(os.environ.get("WARTA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
#: How long the server may take to answer its first request: it loads the NER model and the
#: web stack on start, a few seconds on a slow CI machine.
SERVER_START_SECONDS = 60
#: Playwright's wait for any one page or element: generous for a loaded CI machine.
TIMEOUT_MS = 20_000
ARTIFACTS = Path(os.environ.get("WARTA_TEST_ARTIFACTS", REPO / "tests" / "artifacts"))
SCREENSHOTS = ARTIFACTS / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(db: Path, root: Path) -> Iterator[str]:
    """``warta serve`` on ``db`` (its log in ``root``), stopped afterwards; yields its base
    URL."""
    port = _free_port()
    log = (root / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "warta", "serve", "--db", str(db), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=clean_env(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"warta serve exited: {(root / 'serve.log').read_text()[-2000:]}")
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"warta serve did not answer within {SERVER_START_SECONDS} s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``warta serve`` on the samples and the hostile article; yields its base URL."""
    root = tmp_path_factory.mktemp("browser")
    with serving(samples_and_hostile(root), root) as base:
        yield base


@pytest.fixture(scope="module")
def sources_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Live]]:
    """``warta serve`` on a store filled by a real fetch from a local portal: two sources, one
    paused, and a page whose dates disagree (tests/test_web_sources.py)."""
    root = tmp_path_factory.mktemp("browser-sources")
    portal = start_portal()
    try:
        live = fill_live_store(root, portal)
    finally:
        portal.server.shutdown()
        portal.server.server_close()
    with serving(live.db, root) as base:
        yield base, live


@dataclass
class Watch:
    """What a page did that it must not: dialogs opened, script errors, blocked resources."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright_api.Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install it (apt-get install chromium, as `make` does)"
            " or point WARTA_CHROMIUM at one; the browser tests never download a browser"
        )
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: playwright_api.Browser) -> Iterator[tuple[playwright_api.Page, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    watch = Watch()

    def on_dialog(dialog: playwright_api.Dialog) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.on("pageerror", lambda error: watch.errors.append(str(error)))
    tab.on(
        "console",
        lambda message: watch.errors.append(message.text) if message.type == "error" else None,
    )
    yield tab, watch
    context.close()


def shot(tab: playwright_api.Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_reader_clicks_through_story_article_entity_and_search(
    server: str, page: tuple[playwright_api.Page, Watch]
) -> None:
    tab, watch = page
    tab.goto(server + "/")
    _story_list_to_story(tab)
    _citation_to_article(tab)
    _story_to_entity(tab)
    _search_from_the_header(tab)
    assert not watch.dialogs
    assert not watch.errors, watch.errors


def _story_list_to_story(tab: playwright_api.Page) -> None:
    expect = playwright_api.expect
    expect(tab.locator("h1")).to_have_text("Cerita")
    story_link = tab.locator("a.story-title", has_text="Putin")
    expect(story_link).to_be_visible()
    expect(tab.locator("svg.spark").first).to_be_visible()
    shot(tab, "01-stories")
    title = story_link.inner_text()
    story_link.click()
    expect(tab.locator("h1")).to_have_text(title)
    expect(tab.locator("svg.timeline-chart")).to_be_visible()
    planned = tab.locator("svg.timeline-chart a.mark.planned")
    expect(planned).to_have_count(1)
    assert "10 Jan 2022" in (planned.locator("title").text_content() or "")
    expect(tab.locator("ol.timeline li.planned")).to_contain_text("dijadwalkan pada 10 Januari")
    expect(tab.locator("svg.outlet-chart")).to_be_visible()
    shot(tab, "02-story")


def _citation_to_article(tab: playwright_api.Page) -> None:
    """A citation of the summary opens its article at the cited paragraph, marked."""
    expect = playwright_api.expect
    tab.locator("#summary a.cite").first.click()
    tab.wait_for_url("**/articles/**#p*")
    target = tab.url.rsplit("#", 1)[1]
    expect(tab.locator(f"#{target} .cited").first).to_be_visible()
    expect(tab.locator("section.body .ent.ent-PERSON").first).to_be_visible()
    # The highlights switch off with their checkbox (CSS only).
    entity_mark = tab.locator("section.body .ent").first
    assert entity_mark.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
    tab.locator("#hl-ent").uncheck()
    assert entity_mark.evaluate("e => getComputedStyle(e).borderBottomStyle") == "none"
    tab.locator("#hl-ent").check()
    # What cleaning removed, and why, opens on demand.
    removed = tab.locator("details.removed")
    expect(removed.locator("li").first).to_be_hidden()
    removed.locator("summary").click()
    expect(removed.locator("li .reason").first).to_be_visible()
    shot(tab, "03-article")


def _story_to_entity(tab: playwright_api.Page) -> None:
    expect = playwright_api.expect
    tab.locator("dl.facts a[href^='/stories/']").click()
    tab.locator("#entities a.chip", has_text="Vladimir Putin").click()
    expect(tab.locator("h1")).to_contain_text("Vladimir Putin")
    expect(tab.locator("svg.activity-chart")).to_be_visible()
    expect(tab.locator("ul.quote-list")).to_contain_text("pasti akan bertemu satu sama lain")
    shot(tab, "04-entity")


def _search_from_the_header(tab: playwright_api.Page) -> None:
    """A search from the header's box, narrowed by a facet."""
    expect = playwright_api.expect
    box = tab.locator("header form.quick-search input[name=q]")
    box.fill("Jenewa")
    box.press("Enter")
    tab.wait_for_url("**/search?q=Jenewa*")
    expect(tab.locator("p.total")).to_have_text("3 artikel ditemukan")
    expect(tab.locator("ol.hits mark").first).to_have_text("Jenewa")
    shot(tab, "05-search")
    tab.locator("aside.facets a", has_text="beritabaru.co").click()
    expect(tab.locator("p.total")).to_have_text("1 artikel ditemukan")
    expect(tab.locator("ol.hits")).to_contain_text(SAMPLE_TITLES[4])


def test_english_switch_changes_the_interface(
    server: str, page: tuple[playwright_api.Page, Watch]
) -> None:
    tab, watch = page
    expect = playwright_api.expect
    tab.goto(server + "/")
    expect(tab.locator("header nav")).to_contain_text("Cerita")
    tab.locator(".lang a", has_text="EN").click()
    expect(tab.locator("header nav")).to_contain_text("Stories")
    expect(tab.locator("h1")).to_have_text("Stories")
    expect(tab.locator("html")).to_have_attribute("lang", "en")
    # The choice holds on the next page (a cookie), without ?lang= in the links.
    tab.locator("a.story-title").first.click()
    expect(tab.locator("#timeline h2")).to_have_text("Timeline")
    expect(tab.locator("svg.timeline-chart")).to_contain_text("planned (not yet happened)")
    shot(tab, "06-story-en")
    tab.locator(".lang a", has_text="ID").click()
    expect(tab.locator("#timeline h2")).to_have_text("Linimasa")
    assert not watch.errors, watch.errors


@pytest.mark.parametrize("where", ["article", "story", "search"])
def test_hostile_text_stays_text(
    server: str, page: tuple[playwright_api.Page, Watch], where: str
) -> None:
    tab, watch = page
    expect = playwright_api.expect
    if where == "article":
        tab.goto(f"{server}/articles/{HOSTILE_ID}")
    elif where == "story":
        tab.goto(f"{server}/articles/{HOSTILE_ID}")
        tab.locator("dl.facts a[href^='/stories/']").click()
        tab.wait_for_url("**/stories/*")
    else:
        tab.goto(server + "/search")
        tab.locator("main input[name=q]").fill("Zanzibar")
        tab.locator("main form button[type=submit]").click()
        tab.wait_for_url("**/search?q=Zanzibar*")
    tab.wait_for_load_state("load")
    expect(tab.get_by_text(SCRIPT).first).to_be_visible()
    if where != "search":  # a snippet is cut from the body, where the payload sits mid-text
        expect(tab.get_by_text(IMG).first).to_be_visible()
    assert tab.locator("img").count() == 0
    assert tab.locator("script:not([src])").count() == 0
    assert tab.locator("a[href^='javascript' i]").count() == 0
    if where == "article":
        # a javascript: URL is no article's address: it was dropped when read
        assert tab.locator("dl.facts code").count() == 0
        tab.locator("details.removed summary").click()
        expect(tab.locator("details.removed")).to_contain_text('href="javascript:alert(1)"')
    shot(tab, f"07-hostile-{where}")
    assert not watch.dialogs, watch.dialogs
    assert not watch.errors, watch.errors


def test_api_docs_render_with_no_network(
    server: str, page: tuple[playwright_api.Page, Watch]
) -> None:
    """/docs draws the API's reference from files this server serves: every request elsewhere
    is refused (and recorded), and none is made."""
    tab, watch = page
    elsewhere: list[str] = []

    def only_here(route: playwright_api.Route) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    tab.route("**/*", only_here)
    tab.goto(server + "/docs")
    expect = playwright_api.expect
    expect(tab.locator(".opblock-summary-path", has_text="/api/stories").first).to_be_visible()
    expect(tab.locator(".info .title")).to_contain_text("Warta")
    tab.locator(".opblock-summary-path", has_text="/api/quotes").first.click()
    expect(tab.locator(".parameters")).to_contain_text("after")
    shot(tab, "10-api-docs")
    assert not elsewhere, elsewhere
    assert not watch.errors, watch.errors


def test_front_page_folds_single_article_stories(
    server: str, page: tuple[playwright_api.Page, Watch]
) -> None:
    tab, watch = page
    expect = playwright_api.expect
    tab.goto(server + "/")
    stories = tab.locator("li.story")
    expect(stories).to_have_count(1)  # the samples' story; the hostile article's is folded
    expect(tab.locator(".tabs a[aria-current]")).to_have_text("Teratas")
    shot(tab, "11-front-page")
    tab.locator("p.folded a").click()
    tab.wait_for_url("**singles=true*")
    expect(stories).to_have_count(2)
    tab.locator(".tabs a", has_text="Sedang naik").click()
    tab.wait_for_url("**order=trending*")
    expect(tab.locator(".tabs a[aria-current]")).to_have_text("Sedang naik")
    shot(tab, "12-front-page-trending")
    assert not watch.errors, watch.errors


def test_attention_compares_two_searches_on_one_chart(
    server: str, page: tuple[playwright_api.Page, Watch]
) -> None:
    tab, watch = page
    expect = playwright_api.expect
    tab.goto(server + "/search?q=Jenewa")
    tab.locator("a.attention-link").click()
    tab.wait_for_url("**/attention?q=Jenewa*")
    expect(tab.locator("svg.attention-chart polyline")).to_have_count(1)
    tab.locator("input[name=q]").last.fill("NATO")
    tab.locator("select[name=interval]").select_option("week")
    tab.locator("form.filters button[type=submit]").click()
    tab.wait_for_url("**interval=week*")
    expect(tab.locator("svg.attention-chart polyline")).to_have_count(2)
    expect(tab.locator("svg.attention-chart .legend").first).to_contain_text("Jenewa")
    expect(tab.locator("table.attention-outlets").first).to_be_visible()
    shot(tab, "13-attention")
    assert not watch.errors, watch.errors


def test_list_pages_show_their_total_and_page_on(
    server: str, page: tuple[playwright_api.Page, Watch]
) -> None:
    """The entities and quotes pages (a speaker's too) say how many rows they list in all, and
    the next page goes on from there; the header leads to the attention page."""
    tab, watch = page
    expect = playwright_api.expect
    tab.goto(server + "/")
    tab.locator("header nav a", has_text="Entitas").click()
    tab.wait_for_url("**/entities")
    count = tab.locator("nav.pager .count")
    expect(count).to_have_text(re.compile(r"^Menampilkan 1–\d+ dari \d+$"))
    total = int(count.inner_text().rsplit(" ", 1)[1])
    tab.goto(server + "/entities?limit=5")
    expect(count).to_have_text(f"Menampilkan 1–5 dari {total}")
    shot(tab, "17-entities-total")
    tab.locator("nav.pager a[rel=next]").click()
    tab.wait_for_url("**offset=5*")
    expect(count).to_have_text(f"Menampilkan 6–10 dari {total}")
    tab.goto(server + "/quotes?speaker=Dmitry+Peskov&limit=5")
    expect(count).to_have_text(re.compile(r"^Menampilkan 1–5 dari \d+$"))
    expect(tab.locator("ul.quote-list li.quote")).to_have_count(5)
    shot(tab, "18-speaker-quotes-total")
    tab.locator("header nav a", has_text="Perhatian").click()
    tab.wait_for_url("**/attention")
    expect(tab.locator("h1")).to_have_text("Perhatian dari waktu ke waktu")
    assert not watch.errors, watch.errors


def test_outlets_and_a_storys_coverage(
    server: str, page: tuple[playwright_api.Page, Watch]
) -> None:
    tab, watch = page
    expect = playwright_api.expect
    tab.goto(server + "/")
    tab.locator("header nav a", has_text="Media").click()
    tab.wait_for_url("**/outlets")
    expect(tab.locator("table.outlets tbody tr").first).to_be_visible()
    shot(tab, "14-outlets")
    tab.locator("table.outlets a", has_text="medcom.id").first.click()
    tab.wait_for_url("**/outlets/medcom.id")
    expect(tab.locator("h1")).to_have_text("medcom.id")
    expect(tab.locator("main")).to_contain_text("Anadolu Agency")  # the wire it relays
    shot(tab, "15-outlet")
    tab.goto(server + "/")
    tab.locator("a.story-title").first.click()
    expect(tab.locator("table.coverage tbody tr").first).to_contain_text("pertama")
    tab.locator("#coverage").screenshot(path=str(SCREENSHOTS / "16-story-coverage.png"))
    assert not watch.errors, watch.errors


def test_sources_show_their_state_and_why_a_date_is_flagged(
    sources_server: tuple[str, Live], page: tuple[playwright_api.Page, Watch]
) -> None:
    server, live = sources_server
    tab, watch = page
    expect = playwright_api.expect
    tab.goto(server + "/")
    tab.locator("header nav a", has_text="Sumber").click()
    tab.wait_for_url("**/sources")
    expect(tab.locator("h1")).to_have_text("Sumber yang diikuti")
    rows = tab.locator("table.sources tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td.source-url a").first).to_have_text(live.feed)
    expect(rows.nth(0).locator("td.state")).to_contain_text("aktif")
    expect(rows.nth(0)).to_contain_text("2 artikel")
    expect(rows.nth(1).locator("td.state .status")).to_have_text("dijeda")
    expect(rows.nth(1).locator("td.state")).to_contain_text("paused after failing")
    expect(tab.get_by_text(HOSTILE_OUTLET)).to_be_visible()  # markup shown as text
    # the page whose dates disagree, and which evidence says what
    flagged = tab.locator("#disagreeing li.fetched")
    expect(flagged).to_have_count(1)
    expect(flagged.locator(".fetched-url a")).to_have_text(live.disagreeing)
    expect(flagged.locator(".fetched-url .flag")).to_have_text("Tanggal tidak cocok")
    chosen = flagged.locator("table.evidence tr.chosen")
    expect(chosen).to_contain_text("JSON-LD")
    expect(chosen).to_contain_text("7 Des 2026 08.00 WIB")
    expect(chosen.locator(".badge")).to_have_text("dipilih")
    disagreeing = flagged.locator("table.evidence tr.disagrees")
    expect(disagreeing).to_have_count(1)
    expect(disagreeing).to_contain_text("feed atau sitemap")
    expect(disagreeing).to_contain_text("5 Des 2026 08.00 WIB")
    expect(disagreeing.locator(".flag")).to_be_visible()
    # the disagreeing row stands out from the others
    shade = "e => getComputedStyle(e).backgroundColor"
    plain = flagged.locator("table.evidence tbody tr:not(.disagrees) td").first.evaluate(shade)
    assert disagreeing.locator("td").first.evaluate(shade) != plain
    shot(tab, "17-sources")
    tab.locator("#disagreeing a", has_text="halaman dengan tanggal tidak cocok").click()
    tab.wait_for_url("**/sources/pages?disagreeing=true")
    expect(tab.locator(".tabs a[aria-current]")).to_have_text("Tanggal tidak cocok")
    expect(tab.locator("li.fetched")).to_have_count(1)
    tab.locator(".tabs a", has_text="Semua").click()
    expect(tab.locator("li.fetched")).to_have_count(2)
    shot(tab, "18-sources-pages")
    assert tab.locator("img").count() == 0
    assert not watch.dialogs, watch.dialogs
    assert not watch.errors, watch.errors


def test_front_page_sparklines_share_one_scale(
    tmp_path: Path, page: tuple[playwright_api.Page, Watch]
) -> None:
    """A story of 2 articles looks smaller than one of 12: one scale for the page, said."""
    tab, watch = page
    expect = playwright_api.expect
    with serving(flood_and_earthquake(tmp_path), tmp_path) as base:
        tab.goto(base + "/")
        sparks = tab.locator("li.story svg.spark")
        expect(sparks).to_have_count(2)
        expect(tab.locator("p.spark-scale")).to_contain_text("batang tertinggi = 4 artikel")
        tallest = [
            max(
                float(h)
                for h in spark.locator("rect").evaluate_all(
                    "bars => bars.map(b => b.getAttribute('height'))"
                )
            )
            for spark in sparks.all()
        ]
        shot(tab, "19-front-page-one-scale")
    assert tallest[1] == pytest.approx(tallest[0] / 4)  # the earthquake, under the flood
    assert not watch.errors, watch.errors


def test_a_missing_page_is_a_page_of_the_site(
    server: str, page: tuple[playwright_api.Page, Watch]
) -> None:
    tab, watch = page
    expect = playwright_api.expect
    response = tab.goto(server + "/cerita/tidak-ada")
    assert response is not None and response.status == 404
    expect(tab.locator("h1")).to_have_text("Halaman tidak ditemukan")
    expect(tab.locator("p.message")).to_have_text(
        "Tidak ada halaman di alamat ini; periksa alamatnya."
    )
    expect(tab.locator("header nav a", has_text="Cerita")).to_be_visible()
    shot(tab, "20-not-found")
    # Chromium logs the page's own 404 on the console; nothing else may go wrong
    assert [error for error in watch.errors if "status of 404" not in error] == []
