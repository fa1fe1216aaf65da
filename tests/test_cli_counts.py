"""Counts in the CLI's output agree with their nouns: "1 article", "2 articles", "0 copies".

A story of one article (one outlet, one quote, entities named once) and a story of three (one a
copy) are read back through the commands that print counts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Warta
from warta.present.output import plural

GARUT = (
    "JAKARTA - Banjir bandang merendam ratusan rumah warga Garut setelah Sungai Cimanuk meluap "
    "pada Selasa malam. Bupati Garut Rudy Gunawan mengatakan posko pengungsian sudah didirikan "
    "di tiga kecamatan dan bantuan logistik terus berdatangan dari berbagai daerah."
)
#: One article naming each of its entities once, with one direct quote.
BEKASI = {
    "id": "bekasi", "url": "https://d.example/1", "outlet": "d.example", "title": "Banjir Bekasi",
    "published": "2024-02-05T08:00:00+07:00",
    "text": "BEKASI - Banjir merendam ratusan rumah warga di Kabupaten Bekasi pada Senin pagi "
            "setelah hujan deras semalaman.\n\n\"Kami sudah mengirim perahu karet ke lokasi sejak "
            "pagi,\" kata Kepala BPBD Bekasi Henri Lincoln.",
}  # fmt: skip
#: One story of three outlets' articles, c.example's a copy of a.example's.
GARUT_STORY = [
    {"id": "first", "url": "https://a.example/1", "outlet": "a.example", "title": "Banjir Garut",
     "published": "2024-03-05T08:00:00+07:00", "text": GARUT},
    {"id": "copy", "url": "https://c.example/1", "outlet": "c.example", "title": "Banjir Garut",
     "published": "2024-03-05T11:00:00+07:00", "text": GARUT + " Hal itu seperti dilansir Antara."},
    {"id": "later", "url": "https://b.example/1", "outlet": "b.example",
     "title": "Korban Banjir Garut Mengungsi", "published": "2024-03-06T08:00:00+07:00",
     "text": "Ratusan warga Garut korban banjir bandang Sungai Cimanuk masih mengungsi. Bupati "
             "Garut Rudy Gunawan meminta warga tetap waspada karena hujan masih turun."},
]  # fmt: skip

#: A count and a noun the CLI counts: the number must agree with the noun.
_COUNTED = re.compile(
    r"(?<![\w.:,-])(\d[\d,]*) (articles?|quotes?|mentions?|cop(?:y|ies)|outlets?|stor(?:y|ies)"
    r"|rows?|entit(?:y|ies)|pairs?)\b"
)
_SINGULAR = {"article", "quote", "mention", "copy", "outlet", "story", "row", "entity", "pair"}


def disagreements(text: str) -> list[str]:
    """The counts in ``text`` whose noun disagrees with them in number ("1 articles")."""
    return [
        found[0]
        for found in _COUNTED.finditer(text)
        if (found[1] == "1") != (found[2] in _SINGULAR)
    ]


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Warta:
    """The one-article story and the three-article story, ingested through the CLI."""
    warta = Warta.in_dir(tmp_path_factory.mktemp("counts"))
    root = warta.cwd.parent
    one = warta("ingest", _jsonl(root / "one.jsonl", [BEKASI]))
    assert one.stdout_lines == ["1 article: 1 new, 0 updated, 0 unchanged"], one
    three = warta("ingest", _jsonl(root / "three.jsonl", GARUT_STORY))
    assert three.stdout_lines == ["3 articles: 3 new, 0 updated, 0 unchanged"], three
    return warta


def _story_titled(warta: Warta, title: str) -> int:
    (story,) = [s["id"] for s in warta("stories", "--singles", "-f", "json").json()
                if s["title"] == title]  # fmt: skip
    assert isinstance(story, int)
    return story


def test_the_check_finds_counts_that_disagree() -> None:
    assert disagreements("1 articles, 2 article, 0 copy; 1 mention in 2 stories") == [
        "1 articles",
        "2 article",
        "0 copy",
    ]
    assert disagreements("1 article (1 original) from 3 outlets, 1 copy, 1,000 rows") == []
    assert plural(1, "copy", "copies") == "1 copy" and plural(0, "copy", "copies") == "0 copies"


def test_a_story_of_one_of_everything(stored: Warta) -> None:
    story = _story_titled(stored, "Banjir Bekasi")
    text = stored("story", "show", str(story))
    assert text.returncode == 0, text
    lines = text.stdout_lines
    assert f"Story {story}: 1 article (1 original) from 1 outlet, 2024-02-05 to 2024-02-05" in lines
    assert "  2024-02-05: Banjir Bekasi (1 article)" in lines
    assert "  Henri Lincoln (1 quote)" in lines
    assert "  Henri Lincoln (PERSON, 1 mention)" in lines
    assert any(
        line.startswith("  d.example: first, ") and line.endswith("; 1 article, 0 copies")
        for line in lines
    ), lines
    assert disagreements(text.stdout) == []
    markdown = stored("story", "show", str(story), "--format", "md")
    assert f"Story {story}: 1 article (1 original) from 1 outlet" in markdown.stdout
    assert "- **Henri Lincoln** (1 quote)" in markdown.stdout
    assert "- Henri Lincoln (PERSON, 1 mention)" in markdown.stdout
    assert disagreements(markdown.stdout) == []
    page = stored("story", "show", str(story), "--format", "html").stdout
    assert "1 article (1 original) from 1 outlet" in page and "(1 article)</li>" in page
    assert "(PERSON, 1 mention)" in page


def test_a_story_of_several(stored: Warta) -> None:
    story = _story_titled(stored, "Banjir Garut")
    text = stored("story", "show", str(story))
    assert text.returncode == 0, text
    lines = text.stdout_lines
    assert any(line.startswith(f"Story {story}: 3 articles (2 original) from 3 outlets,")
               for line in lines), text  # fmt: skip
    outlets = [line for line in lines if line.startswith(("  a.example: ", "  c.example: "))]
    assert "; 1 article, 0 copies" in outlets[0] and "; 1 article, 1 copy;" in outlets[1], lines
    assert disagreements(text.stdout) == []
    page = stored("story", "show", str(story), "--format", "html").stdout
    assert "3 articles (2 original) from 3 outlets" in page and disagreements(page) == []


def test_entities_count_mentions_and_articles(stored: Warta) -> None:
    one = stored("entities", "--name", "Henri Lincoln")
    assert one.stdout_lines == ["PERSON  Henri Lincoln: 1 mention in 1 article"], one
    every = stored("entities")
    assert disagreements(every.stdout) == [] and "in 3 articles" in every.stdout, every


def test_export_counts_its_rows(stored: Warta) -> None:
    story = _story_titled(stored, "Banjir Bekasi")
    one = stored("export", "quotes", "--story", str(story), "-o", "-")
    assert one.stderr_lines == ["1 row written to standard output"], one
    every = stored("export", "articles", "-o", "-")
    assert every.stderr_lines == ["4 rows written to standard output"], every


def test_story_split_counts_the_articles_split_off(warta: Warta, tmp_path: Path) -> None:
    assert warta("ingest", _jsonl(tmp_path / "in.jsonl", GARUT_STORY)).returncode == 0
    story = _story_titled(warta, "Banjir Garut")
    two = warta("story", "split", str(story), "first", "copy")
    assert two.returncode == 0, two
    found = re.fullmatch(
        rf"2 articles split off story {story} into story (\d+)", two.stdout.strip()
    )
    assert found, two
    one = warta("story", "split", found[1], "copy")
    assert re.fullmatch(rf"1 article split off story {found[1]} into story \d+", one.stdout.strip())
