"""Undated articles take their dates from the stored articles they share people with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import REPO, Warta

SAMPLES = REPO / "src" / "warta" / "samples"
#: The sample with no publication time and no full date ("sebut Kremlin Hari Minggu", "pada 7
#: Desember", "dikutip dari Reuters 12 Desember").
UNDATED = SAMPLES / "001_f22ea30c57c04b79.txt"
#: Its dates, checked by hand: 12 December 2021 was a Sunday; the summit was on 7 December 2021.
EXPECTED = {"Minggu": "2021-12-12", "7 Desember": "2021-12-07", "12 Desember": "2021-12-12"}


def _undated_article(warta: Warta) -> dict[str, Any]:
    listed = warta("articles", "--format", "json").json()
    (article,) = [a for a in listed if a["title"].startswith("Ada Perbedaan Serius")]
    return warta("article", article["id"], "--format", "json").json()


def test_an_undated_article_alone_keeps_its_dates_unresolved(warta: Warta) -> None:
    assert warta("ingest", UNDATED).returncode == 0
    article = _undated_article(warta)
    assert article["published"] is None and article["published_not_before"] is None
    # no year anywhere: nothing is guessed
    assert not [d for d in article["dates"] if d["text"] in EXPECTED], article["dates"]


def test_neighbours_date_an_undated_article_whatever_the_order(
    warta: Warta, tmp_path: Path
) -> None:
    assert warta("ingest", UNDATED).returncode == 0
    others = [str(p) for p in sorted(SAMPLES.glob("*.txt")) if p != UNDATED]
    result = warta("ingest", *others)
    assert result.returncode == 0, result.stderr
    assert "1 undated article dated from articles about the same people" in result.stdout
    article = _undated_article(warta)
    assert article["published_not_before"] == "2021-12-12"
    values = {d["text"]: d["value"] for d in article["dates"]}
    assert {text: values.get(text) for text in EXPECTED} == EXPECTED, article["dates"]
    assert all("reference-from-corpus" in d["flags"] for d in article["dates"])
    # a second ingest changes nothing: the article is dated now
    again = warta("ingest", *others)
    assert "undated" not in again.stdout
    assert json.dumps(_undated_article(warta)) == json.dumps(article)


def test_a_planned_day_is_not_when_the_article_was_written(warta: Warta, tmp_path: Path) -> None:
    planned = tmp_path / "001_planned.txt"
    planned.write_text(
        UNDATED.read_text(encoding="utf-8")
        + "\nPertemuan lanjutan dijadwalkan akan digelar pada 28 Desember mendatang, kata Peskov.\n",
        encoding="utf-8",
    )
    others = [str(p) for p in sorted(SAMPLES.glob("*.txt")) if p != UNDATED]
    assert warta("ingest", planned, *others).returncode == 0
    article = _undated_article(warta)
    assert article["published_not_before"] == "2021-12-12"
    values = {d["text"]: (d["value"], d["status"]) for d in article["dates"]}
    assert values["28 Desember mendatang"] == ("2021-12-28", "planned"), article["dates"]
    assert values["Minggu"][0] == "2021-12-12"
