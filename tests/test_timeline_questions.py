"""A question dates nothing: it is never a timeline entry (issue 19, deliverable 5)."""

from __future__ import annotations

from warta.corpus.timeline import build_timeline
from warta.model import Article, RawDocument
from warta.run.local import analyze_one


def _article(key: str, published: str, text: str) -> Article:
    raw = RawDocument(
        origin=f"test:{key}", format="text", text=text, title="Judul", published=published,
        url=f"https://example.com/{key}", outlet="example.com",
    )  # fmt: skip
    article = analyze_one(raw)
    assert isinstance(article, Article), article
    return article


def test_a_question_is_not_a_timeline_entry() -> None:
    article = _article(
        "sprindik", "2017-11-10T15:00:00+07:00",
        "KPK menetapkan Setya Novanto sebagai tersangka kasus korupsi e-KTP pada Jumat (10/11).\n\n"
        'Wartawan bertanya kepada juru bicara KPK. "Sprindik tertanggal 31 Oktober, benar?" '
        "tanya seorang wartawan.\n\n"
        "Sprindik tertanggal 31 Oktober , benar ?\n\n"
        "Apakah pemeriksaan akan digelar pada 20 November?\n\n"
        "Pengacara Setya Novanto mengajukan praperadilan pada 15 November 2017.",
    )  # fmt: skip
    dated = {mention.value for mention in article.dates}
    assert {"2017-10-31", "2017-11-20"} <= dated  # the dates are read; they date no entry
    timeline = build_timeline([article])
    assert [entry.date for entry in timeline.entries] == ["2017-11-10", "2017-11-15"]
    assert not any("?" in entry.text for entry in [*timeline.entries, *timeline.background])


def test_a_quoted_question_dates_its_saying_but_tells_it_last() -> None:
    """The attribution of a quoted question dates when it was asked (a discussion, a hearing):
    the entry stays, told by a plain sentence of that day when there is one, even a weaker
    one (the question leads the article and says more)."""
    article = _article(
        "diskusi", "2017-05-14T10:00:00+07:00",
        '"Penahanan Ahok di Warung Daun Cikini, mana pasalnya?" kata Wayan dalam diskusi '
        "penahanan Ahok di Warung Daun, Cikini, Jakarta Pusat, Sabtu (13/5).\n\n"
        "Warga berkumpul.\n\n"
        "Para pembicara lain juga hadir pada Sabtu (13/5) di Cikini.\n\n"
        '"Kenapa harus ditahan?" ujar Ahmad, Jumat (12/5).',
    )  # fmt: skip
    entries = {entry.date: entry for entry in build_timeline([article]).entries}
    assert entries["2017-05-13"].text.startswith("Para pembicara lain")
    assert 0 in {source.paragraph for source in entries["2017-05-13"].sources}  # Wayan's
    assert entries["2017-05-12"].text.startswith('"Kenapa harus ditahan?"')  # the only source


def test_a_question_lead_does_not_date_the_article() -> None:
    """An undated lead stands for the article's development on its day; a question there is
    passed over for the next sentence."""
    text = (
        "Apa yang terjadi di Bandung? Banjir merendam ratusan rumah warga di Kota Bandung "
        "setelah hujan deras mengguyur sejak pagi.\n\nPetugas mengevakuasi warga."
    )
    articles = [
        _article("a", "2023-03-10T10:00:00+07:00", text),
        _article("b", "2023-03-10T12:00:00+07:00", text),
    ]
    (entry,) = build_timeline(articles).entries
    assert entry.date == "2023-03-10"
    assert entry.text.startswith("Banjir merendam")


def test_an_entry_dated_inside_a_quotation_reads_it_from_its_opening_mark() -> None:
    """A quotation of several sentences is cut at its inner boundaries; the date of its
    attribution made an entry of its last sentence alone ('Kalau kemudian dipanggil ...
    sebaiknya datang," kata Juru Bicara KPK ..., Selasa (14/11).'), opening on no mark and
    closing on one. The entry is the whole quotation, whose source still holds its text."""
    article = _article(
        "panggilan", "2017-11-14T18:00:00+07:00",
        "KPK kembali memanggil Setya Novanto sebagai tersangka kasus korupsi e-KTP.\n\n"
        '"Saya kira ini bentuk kepatuhan terhadap hukum. Kalau kemudian dipanggil oleh '
        'penegak hukum sebaiknya datang," kata juru bicara KPK Febri Diansyah, Selasa (14/11).',
    )  # fmt: skip
    entry = next(e for e in build_timeline([article]).entries if e.date == "2017-11-14")
    assert entry.text.startswith("KPK kembali memanggil")  # a plain sentence tells it first
    (quoted,) = [s for s in entry.sources if s.paragraph == 1]
    text = article.body[1][quoted.start : quoted.end]
    assert text.startswith('"Saya kira ini bentuk kepatuhan'), text
    assert text.endswith("Selasa (14/11).")
    alone = build_timeline([_article("kutipan", "2017-11-14T18:00:00+07:00", article.body[1])])
    assert [e.text for e in alone.entries if e.date == "2017-11-14"] == [text]
