"""Story products: the timeline, the story summary, the reports and `warta eval timeline`."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from tests.conftest import PACKAGE_SAMPLES, Warta
from warta.corpus.story_summary import REDUNDANT, summarize_story
from warta.corpus.timeline import build_timeline
from warta.corpus.vectors import dot, tfidf, unit
from warta.lang.id.discourse import starts_with_reference
from warta.model import Article, RawDocument
from warta.run.local import analyze_one, ingest
from warta.store import open_store

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "samples.json"


def _article(key: str, published: str, text: str, title: str = "Judul") -> Article:
    raw = RawDocument(
        origin=f"test:{key}", format="text", text=text, title=title, published=published,
        url=f"https://example.com/{key}", outlet="example.com",
    )  # fmt: skip
    article = analyze_one(raw)
    assert isinstance(article, Article), article
    return article


def _sample_story(tmp_path: Path) -> tuple[list[Article], dict[str, int]]:
    with open_store(tmp_path / "s.db") as store:
        ingest([str(PACKAGE_SAMPLES)], store)
        (summary,) = store.list_stories()
        story = store.get_story(summary.id)
        assert story is not None
        articles = list(store.get_articles([a.id for a in story.articles]).values())
        events = {a.id: a.event for a in story.articles if a.event is not None}
    return articles, events


# --- the timeline ---------------------------------------------------------------------------


def test_samples_timeline_matches_the_gold_dates(warta: Warta) -> None:
    report = warta("eval", "timeline", "--gold", GOLD, "-f", "json").json()
    gold = json.loads(GOLD.read_text())["story"]["timeline"]
    assert report["dates"]["gold"] == len(gold)
    assert report["dates"]["f1"] >= 0.95, report  # the bar is 0.85; measured 1.0
    assert report["planned"] == {"gold": 1, "right": 1}  # the Geneva talks of 10 January
    assert report["texts_not_from_the_body"] == []
    assert report["sources"]["cited"] >= 9


def test_dev_timelines_floor(warta: Warta) -> None:
    """Twelve IndoSum stories with timelines written by hand, without seeing Warta's
    (tests/fixtures/timeline-dev/README.md). Measured: given the gold stories P 0.806 R 0.915
    F1 0.857; as clustered P 0.812 R 0.661 F1 0.729."""
    dev = Path(__file__).resolve().parent / "fixtures" / "timeline-dev"
    report = warta(
        "eval", "timeline", "--gold", dev / "gold.json", "--inputs", dev / "inputs", "-f", "json"
    ).json()
    assert report["given_gold_stories"]["dates"]["f1"] >= 0.84, report["given_gold_stories"]
    assert report["given_gold_stories"]["dates"]["precision"] >= 0.78
    assert report["dates"]["f1"] >= 0.71, report["dates"]
    assert report["texts_not_from_the_body"] == []


def test_a_planned_event_that_happened_is_one_entry() -> None:
    announced = _article(
        "a", "2023-03-01T10:00:00+07:00",
        "Pemerintah Kota Bandung akan menggelar rapat evaluasi banjir pada 10 Maret 2023.\n\n"
        "Rapat itu dijadwalkan dihadiri seluruh camat di Kota Bandung.",
    )  # fmt: skip
    held = _article(
        "b", "2023-03-11T09:00:00+07:00",
        "Pemerintah Kota Bandung menggelar rapat evaluasi banjir pada Jumat (10/3/2023).\n\n"
        "Wali Kota Bandung meminta camat memperbaiki saluran air sebelum musim hujan.",
    )  # fmt: skip
    timeline = build_timeline([announced, held])
    (entry,) = [e for e in timeline.entries if e.date == "2023-03-10"]
    assert entry.status == "happened" and "was-planned" in entry.flags
    assert {s.article for s in entry.sources} == {announced.id, held.id}
    assert entry.precision == "day"
    only_announced = build_timeline([announced])
    assert [e.status for e in only_announced.entries if e.date == "2023-03-10"] == ["planned"]


def test_background_captions_report_dates_and_weekday_conflicts() -> None:
    article = _article(
        "c", "2022-01-21T12:00:00+07:00",
        "Menteri Luar Negeri Rusia bertemu Menteri Luar Negeri AS di Jenewa pada Jumat (21/1).\n\n"
        "Presiden AS berbicara dalam konferensi pers pada hari Rabu (18/1).\n\n"
        "Rusia mencaplok Krimea pada 2014.\n\n"
        "Rusia juga mengirim pasukan ke Belarus, seperti dilansir dari Reuters, Jumat "
        "(21/1/2022).",
    )  # fmt: skip
    article.captions = ["Tentara Ukraina di Donetsk, 20 Januari 2022. Foto: Reuters."]
    timeline = build_timeline([article])
    dates = [e.date for e in timeline.entries]
    assert "2022-01-20" not in dates  # a caption's date is not a development
    assert "2022-01-19" in dates and "2022-01-18" not in dates  # Rabu is the 19th
    (wednesday,) = [e for e in timeline.entries if e.date == "2022-01-19"]
    assert "weekday-conflict" in wednesday.flags
    assert [e.date for e in timeline.background] == ["2014"]
    assert timeline.background[0].flags == ("background",)
    (friday,) = [e for e in timeline.entries if e.date == "2022-01-21"]
    assert all("dilansir" not in article.body[s.paragraph][s.start : s.end] for s in friday.sources)


def test_rough_dates_and_publication_days_do_not_make_entries_alone() -> None:
    week = [
        _article(
            f"w{n}", f"2023-06-2{n}T10:00:00+07:00",
            "KPU akan mengumumkan hasil rekapitulasi suara pekan depan.\n\n"
            "Ketua KPU meminta semua pihak menunggu pengumuman resmi.",
        )
        for n in (0, 1)
    ]  # fmt: skip
    dates = [e.date for e in build_timeline(week).entries]
    assert "2023-06-26" not in dates  # two articles' "pekan depan" is still only a week
    month = _article(
        "m", "2023-06-20T10:00:00+07:00",
        "Badan Pangan Nasional mencatat harga beras naik pada Juni 2023.\n\n"
        "Kenaikan itu terjadi di sebagian besar provinsi.",
    )  # fmt: skip
    (entry,) = build_timeline([month]).entries  # the lead's day does not stand, the month does
    assert (entry.date, entry.precision) == ("2023-06", "month")
    planned = _article(
        "p", "2023-07-03T10:00:00+07:00",
        "Bank Indonesia menggelar rapat dewan gubernur bulanan di Jakarta.\n\n"
        "Rapat itu dijadwalkan berlangsung pada 6 Juli 2023.",
    )  # fmt: skip
    (entry,) = [e for e in build_timeline([planned]).entries if e.date == "2023-07-06"]
    assert entry.status == "planned" and "was-planned" not in entry.flags


def test_sentences_that_lean_on_the_one_before() -> None:
    for leaning in ("Hal tersebut disampaikan Lavrov.", "Ia menambahkan, rapat berlanjut.",
                    "Pembicaraan ini akan berfokus pada Ukraina.", "“Kami siap,” katanya."):  # fmt: skip
        assert starts_with_reference(leaning.lstrip("“")) or leaning.startswith("“"), leaning
    for standing in ("Hari ini KPU menetapkan hasil pemilu.", "Saat ini harga beras naik.",
                     "Presiden Joko Widodo meresmikan jalan tol."):  # fmt: skip
        assert not starts_with_reference(standing), standing


def test_entries_cite_the_sentences_they_show(tmp_path: Path) -> None:
    articles, _ = _sample_story(tmp_path)
    by_id = {a.id: a for a in articles}
    timeline = build_timeline(articles)
    assert [e.date for e in timeline.entries] == sorted(e.date for e in timeline.entries)
    texts = [e.text for e in timeline.entries]
    assert len(texts) == len(set(texts))  # one sentence tells one entry
    for entry in [*timeline.entries, *timeline.background]:
        first = entry.sources[0]
        assert by_id[first.article].body[first.paragraph][first.start : first.end] == entry.text
        for source in entry.sources:
            sentence = by_id[source.article].body[source.paragraph][source.start : source.end]
            assert (
                entry.date[:4] in sentence
                or source.paragraph == 0
                or re.search(r"\d|Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu|bulan|hari", sentence)
            ), (entry.date, sentence)


# --- the summary ------------------------------------------------------------------------------


def test_story_summary_is_short_cited_in_order_and_not_repetitive(tmp_path: Path) -> None:
    articles, events = _sample_story(tmp_path)
    by_id = {a.id: a for a in articles}
    summary = summarize_story(articles, {}, events)
    assert 3 <= len(summary) <= 7
    for sentence in summary:
        first = sentence.sources[0]
        assert by_id[first.article].body[first.paragraph][first.start : first.end] == sentence.text
    vectors = [unit(tfidf([s.text])) for s in summary]
    for i, one in enumerate(vectors):
        assert all(dot(one, other) < 0.9 for other in vectors[i + 1 :])
    # the three events each have a sentence: the summit, the call weeks later, Geneva
    cited = {s.sources[0].article for s in summary}
    assert len({events[a] for a in cited}) == 3
    assert REDUNDANT < 0.9


def test_a_copy_is_cited_with_its_original_and_never_chosen_twice() -> None:
    text = (
        "Badan Meteorologi, Klimatologi, dan Geofisika mencatat gempa bermagnitudo 5,6 "
        "mengguncang Kabupaten Cianjur, Jawa Barat, pada Senin (21/11/2022) siang.\n\n"
        "Kepala BMKG Dwikorita Karnawati mengatakan gempa dipicu aktivitas sesar Cimandiri "
        "dan tidak berpotensi tsunami.\n\n"
        "Warga di sejumlah kecamatan berhamburan keluar rumah saat guncangan terjadi."
    )
    original = _article("o", "2022-11-21T14:00:00+07:00", text, "Gempa Cianjur")
    copy = _article("k", "2022-11-21T15:00:00+07:00", text, "Gempa Guncang Cianjur")
    summary = summarize_story([original, copy], {copy.id: original.id})
    assert summary
    assert all(s.sources[0].article == original.id for s in summary)
    assert all({x.article for x in s.sources} == {original.id, copy.id} for s in summary)


# --- reports ----------------------------------------------------------------------------------


def test_story_reports_in_markdown_and_html(warta: Warta, tmp_path: Path) -> None:
    assert warta("ingest", PACKAGE_SAMPLES).returncode == 0
    story = warta("story", "1", "-f", "json").json()
    assert story["timeline"] and story["summary"]
    assert {"date", "status", "text", "sources", "precision"} <= set(story["timeline"][0])
    assert {"article", "paragraph", "start", "end"} == set(story["summary"][0]["sources"][0])
    assert [e["date"] for e in story["background"]] == ["2014", "2015"]
    markdown = warta("story", "1", "-f", "md").stdout
    for heading in ("## Summary", "## Timeline", "## Key quotes", "## Entities", "## Outlets",
                    "## Sources"):  # fmt: skip
        assert heading in markdown, heading
    assert "**2022-01-10 (planned)**" in markdown
    cited = {int(n) for n in re.findall(r"\[\\\[(\d+)\\\]\]\(#source-\d+\)", markdown)}
    anchors = {int(n) for n in re.findall(r'<a id="source-(\d+)"></a>', markdown)}
    assert cited and cited <= anchors and len(anchors) == 5
    page = tmp_path / "story.html"
    result = warta("story", "1", "-f", "html", "-o", page)
    assert result.returncode == 0 and "written to" in result.stderr
    content = page.read_text(encoding="utf-8")
    assert content.startswith("<!DOCTYPE html>") and "<script" not in content
    assert html.escape(story["summary"][0]["text"], quote=True) in content
    assert content.count('<li class="planned">') == 1


def test_hostile_article_text_is_escaped_in_reports(warta: Warta, tmp_path: Path) -> None:
    hostile = (
        '<script>alert(1)</script> "><img src=x onerror=alert(1)> [x](javascript:alert(1))'
        " https://evil.example/a www.evil.example"
    )
    record = {
        "id": "h1", "url": "https://example.com/h1", "title": f"Banjir {hostile}",
        "published": "2023-02-01T10:00:00+07:00",
        "text": f"Banjir melanda Kota Bekasi pada Rabu (1/2/2023) pagi {hostile}.\n\n"
        "Ratusan rumah warga di tiga kecamatan terendam air setinggi satu meter.",
    }  # fmt: skip
    source = tmp_path / "h.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert warta("ingest", source).returncode == 0
    page = warta("story", "1", "-f", "html").stdout
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    markdown = warta("story", "1", "-f", "md").stdout
    # every "<" of the article is escaped; the only raw HTML is the report's own anchors
    assert re.findall(r"(?<!\\)<(?!a id=\"source-\d+\"></a>|/a>)", markdown) == []
    assert re.search(r"(?<!\\)\]\(javascript:", markdown) is None  # no live link
    assert "https://evil" not in markdown and "www.evil" not in markdown  # no autolink
    assert "\\[x\\](javascript:" in markdown


def test_quotes_by_speaker_keeps_speakers_the_text_names_only_by_role() -> None:
    from warta.present.story_report import quotes_by_speaker
    from warta.records import QuoteRecord

    def quote(number: int, speaker: str | None, role: str | None) -> QuoteRecord:
        return QuoteRecord(
            article="a", number=number, outlet=None, published=None, title=None, text="x",
            speaker=speaker, speaker_as_written=speaker, speaker_entity=None, kind="direct",
            verb="kata", paragraph=0, start=0, end=1, end_paragraph=0, speaker_role=role,
        )  # fmt: skip

    groups = quotes_by_speaker(
        [quote(0, None, "warga"), quote(1, "Joko Widodo", "Presiden"), quote(2, None, "warga")]
    )
    assert [(name, len(items)) for name, items in groups] == [("warga", 2), ("Joko Widodo", 1)]


def test_a_range_is_one_entry_on_its_first_day() -> None:
    """Issue 22 audit: "9-11 Juni" gave two entries of one sentence, at the 9th and the 11th,
    and "pada 2000-2002" two background years."""
    article = _article(
        "r", "2017-06-09T13:00:00+07:00",
        "Lorenzo akan bersaing lagi di Catalunya. GP Catalunya akan digelar di Circuit de "
        "Barcelona-Catalunya, Montmelo, 9-11 Juni.\n\n"
        "Biaggi menjadi juara dunia kelas 250cc pada 1994 - 1997.\n\n"
        "Lorenzo membela Yamaha pada musim 2008/2009.",
    )  # fmt: skip
    assert {m.value for m in article.dates} >= {"2017-06-09", "2017-06-11", "1997", "2009"}
    timeline = build_timeline([article])
    assert [(e.date, e.status) for e in timeline.entries] == [("2017-06-09", "planned")]
    assert [e.date for e in timeline.background] == ["1994", "2008"]


def test_a_weekend_only_joins_an_entry_on_its_saturday_or_sunday() -> None:
    """Issue 22 audit: "akhir pekan ini ... Minggu (7/5)" gave entries at the Saturday and the
    Sunday, and "akhir pekan kemarin" put a Sunday race on the Saturday. A weekend says only
    "Saturday or Sunday": it joins the entry a firm date makes on one of them."""
    schedule = _article(
        "s", "2017-05-05T00:30:00+07:00",
        "Seri Eropa di MotoGP 2017 akan dimulai akhir pekan ini di Sirkuit Jerez, Spanyol, "
        "Minggu (7/5).\n\nRossi pernah menang di Jerez.",
    )  # fmt: skip
    preview = _article(
        "p", "2017-05-06T04:00:00+07:00",
        "Tim Movistar Yamaha percaya diri mendapat hasil bagus di GP Spanyol yang akan "
        "berlangsung di Sirkuit Jerez akhir pekan ini.\n\nVinales memimpin klasemen.",
    )  # fmt: skip
    (entry,) = build_timeline([schedule, preview]).entries
    assert (entry.date, entry.status) == ("2017-05-07", "planned")
    assert {source.article for source in entry.sources} == {schedule.id, preview.id}
    report = _article(
        "k", "2017-06-09T13:00:00+07:00",
        "Lorenzo sempat memimpin pada awal balapan GP Italia di Sirkuit Mugello, akhir pekan "
        "kemarin.\n\nIa finis di urutan ke-8.",
    )  # fmt: skip
    assert build_timeline([report]).entries == []  # no firm date that weekend: nothing to join
