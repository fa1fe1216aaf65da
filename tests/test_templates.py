"""Outlet templates learned from the corpus: a new portal's furniture, from its own articles."""

from __future__ import annotations

import json
from pathlib import Path

from warta.run import ingest
from warta.store import SQLiteStore

# Furniture of an invented portal, with none of the general cues: only recurrence betrays it.
NAVIGATION = ["Kabar Nusantara Raya", "Kanal Ekonomi Daerah Hari Ini"]
FOOTER = "Redaksi Kabar Nusantara Raya Jalan Merdeka Nomor Tujuh Belas"
BACKGROUND = (
    "Banjir tahunan ini terjadi karena curah hujan tinggi dan buruknya sistem drainase di kawasan "
    "tersebut sejak bertahun-tahun lalu."
)


def article(number: int) -> dict[str, str]:
    lead = (
        f"SEMARANG - Banjir setinggi {number + 30} sentimeter merendam {number + 100} rumah warga "
        f"di Kecamatan Genuk nomor {number} pada Senin pagi setelah hujan deras semalaman."
    )
    second = (
        f"Kepala BPBD Kota Semarang mengatakan {number + 5} keluarga mengungsi ke balai desa dan "
        "bantuan logistik sudah dikirim ke lokasi."
    )
    body = [*NAVIGATION, f"Judul Berita Banjir Semarang Nomor {number}", lead, second]
    if number < 2:
        body.append(BACKGROUND)  # a background paragraph in two articles: the article's own
    body.append(FOOTER)
    return {"url": f"https://kabarnusantara.example/berita/{number}", "text": "\n".join(body)}


def test_furniture_recurring_in_an_outlets_articles_is_learned_and_removed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(article(n)) + "\n" for n in range(6)))
    with SQLiteStore(tmp_path / "w.db") as store:
        report = ingest([str(feed)], store, batch_size=2)
        stored = sorted(store.list_articles(), key=lambda a: a.url or "")
    assert report.added == 6
    assert report.recleaned >= 2  # the first articles, stored before the template was known
    for item in stored:
        assert item.outlet == "kabarnusantara.example"
        assert not set(item.body) & {*NAVIGATION, FOOTER}, item.body
        reasons = {r.text: r.reason for r in item.removed}
        assert reasons[FOOTER] == "outlet template"
        assert item.title and item.title.startswith("Judul Berita Banjir Semarang")
    assert BACKGROUND in stored[0].body
    assert BACKGROUND in stored[1].body


def test_a_line_shared_by_two_articles_is_not_template(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(article(n)) + "\n" for n in range(2)))
    with SQLiteStore(tmp_path / "w.db") as store:
        ingest([str(feed)], store)
        stored = list(store.list_articles())
    assert all(FOOTER in item.body for item in stored)
