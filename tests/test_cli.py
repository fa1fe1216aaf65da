"""The ``warta`` command end to end: every command and option, run as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import warta as warta_package
from tests.conftest import EXAMPLE_SAMPLES, REPO, SAMPLE_TITLES, Warta
from warta.model import ARTICLE_CONTRACT_KEYS
from warta.present.output import ARTICLE_CSV_COLUMNS

GOLD = REPO.parent / "shared" / "gold" / "samples.json"

#: Records with outlets and publication times chosen for the filter tests. In UTC:
#: a-1 2021-12-01T01:00, a-2 2021-12-03T16:30, a-3 2021-12-05T01:00, a-4 no time.
RECORDS: list[dict[str, Any]] = [
    {
        "id": "a-1",
        "url": "https://www.medcom.id/berita/a-1",
        "outlet": "medcom.id",
        "title": "Jembatan Baru Diresmikan di Semarang",
        "published": "2021-12-01T08:00:00+07:00",
        "text": "Pemerintah meresmikan jembatan baru di Semarang pada hari Rabu pagi bersama warga.",
    },
    {
        "id": "a-2",
        "url": "https://www.kompas.com/berita/a-2",
        "outlet": "kompas.com",
        "title": "Banjir Melanda Jakarta Utara",
        "published": "2021-12-03T23:30:00+07:00",
        "text": "Banjir melanda kawasan Jakarta Utara sejak Jumat malam hingga Sabtu pagi kemarin.",
    },
    {
        "id": "a-3",
        "url": "https://www.medcom.id/berita/a-3",
        "outlet": "medcom.id",
        "title": "Harga Beras Naik Menjelang Akhir Tahun",
        "published": "2021-12-05T01:00:00Z",
        "text": "Harga beras di pasar tradisional naik tajam menjelang akhir tahun menurut pedagang.",
    },
    {
        "id": "a-4",
        "outlet": "tempo.co",
        "title": "Pencuri Sepeda Motor Ditangkap di Depok",
        "text": "Polisi menangkap pelaku pencurian sepeda motor di kawasan Depok pada malam hari.",
    },
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Warta:
    """A database holding :data:`RECORDS`, shared by tests that only read it.

    They are ingested in the order a-3, a-1, a-4, a-2: neither by id nor by time.
    """
    warta = Warta.in_dir(tmp_path_factory.mktemp("filled"))
    shuffled = [RECORDS[2], RECORDS[0], RECORDS[3], RECORDS[1]]
    result = warta("ingest", write_jsonl(warta.cwd / "records.jsonl", shuffled))
    assert result.returncode == 0, result
    return warta


@pytest.fixture(scope="module")
def with_samples(tmp_path_factory: pytest.TempPathFactory) -> Warta:
    """A database holding the five example samples, shared by tests that only read it."""
    warta = Warta.in_dir(tmp_path_factory.mktemp("samples"))
    result = warta("ingest", EXAMPLE_SAMPLES)
    assert result.returncode == 0, result
    return warta


def ids(warta: Warta, *args: str) -> list[str]:
    return [a["id"] for a in warta.articles(*args)]


# --- help and version ------------------------------------------------------------------------


def test_help_lists_global_options_and_commands(warta: Warta) -> None:
    result = warta("--help", use_db=False)

    assert result.returncode == 0, result
    for word in ("--db", "WARTA_DB", "--verbose", "--debug", "--version"):
        assert word in result.stdout, word
    for command in ("ingest", "analyze", "articles", "article", "rejects", "demo"):
        assert f"\n  {command} " in result.stdout, command
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("ingest", ["--format", "--input-format", "--batch-size", "PATHS"]),
        ("analyze", ["--format", "--input-format", "PATHS"]),
        (
            "articles",
            ["--format", "--outlet", "--since", "--until", "--order", "--limit", "--offset"],
        ),
        ("article show", ["--format", "ARTICLE_ID"]),
        ("article", ["show", "move"]),
        ("story show", ["--format", "STORY_ID"]),
        ("story", ["show", "merge", "split"]),
        (
            "stories",
            [
                "--format",
                "--order",
                "--since",
                "--until",
                "--entity",
                "--outlet",
                "--singles",
                "--text",
                "trending",
            ],
        ),
        ("rejects", ["--format"]),
        ("serve", ["--db", "--host", "--port", "--token"]),
        ("demo", ["warta-demo.db"]),
    ],
)
def test_command_help(command: str, options: list[str], warta: Warta) -> None:
    result = warta(*command.split(), "--help", use_db=False)

    assert result.returncode == 0, result
    assert f"warta {command} [OPTIONS]" in result.stdout
    for option in options:
        assert option.lower() in result.stdout.lower(), option
    assert not warta.db.exists(), "--help must not create the database"


def test_serve_takes_the_database_after_the_command_too(warta: Warta, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    result = warta("serve", "--db", str(missing), "--port", "1", use_db=False)
    assert result.returncode == 2 and f"no database at {missing}" in result.stderr
    assert not missing.exists()


def test_version(warta: Warta) -> None:
    result = warta("--version", use_db=False)

    assert result.returncode == 0, result
    assert result.stdout.strip() == f"warta {warta_package.__version__}"


def test_console_script_runs_the_same_cli(warta: Warta) -> None:
    version = warta("--version", use_db=False, script=True)
    assert version.returncode == 0, version
    assert version.stdout.strip() == f"warta {warta_package.__version__}"

    ingested = warta("ingest", EXAMPLE_SAMPLES, script=True)
    assert ingested.returncode == 0, ingested
    assert ingested.stdout.startswith("5 articles: 5 new"), ingested

    listed = warta("articles", script=True)
    assert listed.returncode == 0, listed
    assert sorted(line.split("\t")[3] for line in listed.stdout_lines) == sorted(SAMPLE_TITLES)


def test_no_arguments_shows_usage(warta: Warta) -> None:
    result = warta(use_db=False)

    assert result.returncode in (0, 2), result
    assert "Usage:" in result.stdout + result.stderr
    assert "ingest" in result.stdout + result.stderr


# --- ingest ----------------------------------------------------------------------------------


def test_ingest_twice_stores_once(warta: Warta) -> None:
    first = warta("ingest", EXAMPLE_SAMPLES)

    assert first.returncode == 0, first
    assert first.stdout_lines == [
        "5 articles: 5 new, 0 updated, 0 unchanged;"
        " 1 undated article dated from articles about the same people"
    ], first
    assert first.stderr_lines == [], first

    second = warta("ingest", EXAMPLE_SAMPLES)

    assert second.returncode == 0, second
    assert "0 new" in second.stdout and "5 unchanged" in second.stdout, second
    assert "nothing new" in second.stdout, second
    stored = warta.articles()
    assert len(stored) == 5
    assert sorted(a["title"] for a in stored) == sorted(SAMPLE_TITLES)


def test_ingest_from_stdin(warta: Warta) -> None:
    sample = sorted(EXAMPLE_SAMPLES.glob("*.txt"))[0]

    result = warta("ingest", "-", stdin=sample.read_bytes())

    assert result.returncode == 0, result
    assert result.stdout.startswith("1 article: 1 new"), result
    (article,) = warta.articles()
    assert article["title"] == SAMPLE_TITLES[0]
    assert article["source"]["origin"] == "<stdin>"


def test_ingest_a_glob_pattern(warta: Warta) -> None:
    pattern = str(EXAMPLE_SAMPLES / "00[13]_*.txt")

    result = warta("ingest", pattern)

    assert result.returncode == 0, result
    assert result.stdout.startswith("2 articles: 2 new"), result
    origins = {Path(a["source"]["origin"]).name[:3] for a in warta.articles()}
    assert origins == {"001", "003"}


def test_a_glob_matching_nothing_is_refused(warta: Warta, tmp_path: Path) -> None:
    pattern = str(tmp_path / "nowhere" / "*.txt")

    result = warta("ingest", pattern)

    assert result.returncode == 1, result
    assert result.stderr_lines == [f"warta: refused {pattern}: no file matches this pattern"]
    assert [r["origin"] for r in warta.rejects()] == [pattern]


def test_warta_db_environment_variable(warta: Warta, tmp_path: Path) -> None:
    env_db = tmp_path / "dari-env.db"

    result = warta("ingest", EXAMPLE_SAMPLES, use_db=False, env={"WARTA_DB": str(env_db)})

    assert result.returncode == 0, result
    assert env_db.exists()
    assert not warta.db.exists() and not (warta.cwd / "warta.db").exists()
    listed = warta("articles", use_db=False, env={"WARTA_DB": str(env_db)})
    assert sorted(line.split("\t")[3] for line in listed.stdout_lines) == sorted(SAMPLE_TITLES)
    # --db wins over WARTA_DB.
    explicit = warta(
        "ingest", write_jsonl(tmp_path / "r.jsonl", RECORDS[:1]), env={"WARTA_DB": str(env_db)}
    )
    assert explicit.returncode == 0, explicit
    assert [line.split("\t")[0] for line in warta("articles").stdout_lines] == ["a-1"]


@pytest.mark.parametrize(
    "args",
    [["articles"], ["article", "a-1"], ["rejects", "--format", "json"]],
    ids=["articles", "article", "rejects"],
)
def test_read_commands_need_an_existing_database(args: list[str], warta: Warta) -> None:
    result = warta(*args)

    assert result.returncode == 2, result
    assert result.stdout == ""
    assert result.stderr_lines == [
        f"warta: error: no database at {warta.db}: ingest articles first, or give --db"
    ]
    assert not warta.db.exists(), "a mistyped --db must not create an empty database"


def test_default_database_is_in_the_working_directory(warta: Warta) -> None:
    result = warta("ingest", EXAMPLE_SAMPLES, use_db=False)

    assert result.returncode == 0, result
    assert (warta.cwd / "warta.db").exists()


def test_db_that_is_not_a_database(warta: Warta, tmp_path: Path) -> None:
    not_db = tmp_path / "catatan.txt"
    not_db.write_text("Ini catatan biasa, bukan basis data SQLite.\n" * 20, encoding="utf-8")
    before = not_db.read_bytes()

    for args in (("articles",), ("ingest", str(EXAMPLE_SAMPLES))):
        result = warta(*args, db=not_db)

        assert result.returncode == 2, result
        assert len(result.stderr_lines) == 1, result
        assert result.stderr_lines[0].startswith("warta: error: "), result
        assert str(not_db) in result.stderr and "not a database" in result.stderr, result
        assert result.stdout == ""
    assert not_db.read_bytes() == before


def test_changed_article_at_the_same_url_is_updated(warta: Warta, tmp_path: Path) -> None:
    old = {
        "url": "https://www.contoh.id/berita/123?utm_source=twitter",
        "title": "Gubernur Resmikan Pasar Baru",
        "text": "Gubernur meresmikan pasar baru di pusat kota Medan pada Senin pagi.",
    }
    new = {
        **old,
        "url": "https://contoh.id/berita/123",
        "text": "Gubernur meresmikan pasar modern di pusat kota Medan pada Selasa pagi (ralat).",
    }
    assert warta("ingest", write_jsonl(tmp_path / "lama.jsonl", [old])).returncode == 0

    result = warta("ingest", write_jsonl(tmp_path / "baru.jsonl", [new]))

    assert result.returncode == 0, result
    assert "0 new, 1 updated, 0 unchanged" in result.stdout, result
    (listed,) = warta.articles()
    shown = warta("article", listed["id"])
    assert shown.returncode == 0, shown
    assert "pasar modern" in shown.stdout and "(ralat)" in shown.stdout
    assert "Senin pagi" not in shown.stdout
    again = warta("ingest", tmp_path / "baru.jsonl")
    assert "0 new, 0 updated, 1 unchanged" in again.stdout, again


def test_html_page_with_title_time_and_article(warta: Warta, tmp_path: Path) -> None:
    page = tmp_path / "gempa.html"
    page.write_text(
        """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>Gempa Magnitudo 5,2 Guncang Cianjur</title>
<meta property="article:published_time" content="2022-11-21T13:21:00+07:00">
<meta property="og:site_name" content="contoh.co.id">
</head><body>
<nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a> <a href="/login">Masuk</a></nav>
<article>
<h1>Gempa Magnitudo 5,2 Guncang Cianjur</h1>
<p>Gempa bumi berkekuatan magnitudo 5,2 mengguncang Kabupaten Cianjur, Jawa Barat, pada Senin
siang. Getaran terasa hingga Jakarta dan Bandung.</p>
<p>Badan Meteorologi, Klimatologi, dan Geofisika menyatakan pusat gempa berada di darat pada
kedalaman sepuluh kilometer.</p>
<p>Warga berhamburan keluar rumah dan sejumlah bangunan dilaporkan rusak berat di beberapa
kecamatan.</p>
</article>
<footer>Hak cipta 2022 contoh.co.id</footer>
</body></html>
""",
        encoding="utf-8",
    )

    result = warta("ingest", page)

    assert result.returncode == 0, result
    (article,) = warta.articles()
    assert article["title"] == "Gempa Magnitudo 5,2 Guncang Cianjur"
    assert article["published"] == "2022-11-21T13:21:00+07:00"
    assert len(article["body"]) == 3
    assert article["body"][0].startswith("Gempa bumi berkekuatan magnitudo 5,2")
    assert article["body"][2].endswith("di beberapa kecamatan.")
    assert not any("Beranda" in p or "Hak cipta" in p for p in article["body"])
    assert article["source"] == {
        "origin": str(page), "format": "html", "encoding": "utf-8", "title_from": "input"
    }  # fmt: skip


def test_ingest_with_two_workers_stores_the_same_articles_and_stories(
    warta: Warta, tmp_path: Path
) -> None:
    other = tmp_path / "two.db"
    assert warta("ingest", EXAMPLE_SAMPLES, "--workers", "1").returncode == 0
    assert warta("ingest", EXAMPLE_SAMPLES, "--workers", "2", db=other).returncode == 0

    def stored(db: Path) -> tuple[list[str], list[list[str]]]:
        with sqlite3.connect(db) as connection:
            documents = [
                d for (d,) in connection.execute("SELECT document FROM articles ORDER BY id")
            ]
            stories: dict[int, list[str]] = {}
            for article, story in connection.execute(
                "SELECT article_id, story_id FROM story_articles ORDER BY article_id"
            ):
                stories.setdefault(story, []).append(article)
        return documents, sorted(stories.values())

    one, two = stored(warta.db), stored(other)
    assert len(one[0]) == 5 and one == two


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (["--format", "xml"], ["unknown input format", "'xml'"]),
        (["--batch-size", "0"], ["batch_size", "positive"]),
        (["--workers", "0"], ["analysis_workers", "positive"]),
    ],
    ids=["format", "batch-size", "workers"],
)
def test_ingest_usage_errors(bad: list[str], words: list[str], warta: Warta) -> None:
    result = warta("ingest", *bad, EXAMPLE_SAMPLES)

    assert result.returncode == 2, result
    assert len(result.stderr_lines) == 1, result
    assert result.stderr_lines[0].startswith("warta: error: "), result
    for word in words:
        assert word in result.stderr, word
    assert result.stdout == ""
    assert not warta.db.exists(), "a usage error must not create the database"


# --- analyze ---------------------------------------------------------------------------------


def test_analyze_one_file_prints_the_article_contract(warta: Warta) -> None:
    sample = sorted(EXAMPLE_SAMPLES.glob("*.txt"))[0]

    result = warta("analyze", sample, "--format", "json")

    assert result.returncode == 0, result
    article = result.json()
    assert isinstance(article, dict)
    assert set(ARTICLE_CONTRACT_KEYS) <= set(article)
    assert article["title"] == SAMPLE_TITLES[0]
    assert article["body"] and all(isinstance(p, str) for p in article["body"])
    assert not warta.db.exists(), "analyze must not store anything"


def test_analyze_several_files(warta: Warta) -> None:
    first, second = sorted(EXAMPLE_SAMPLES.glob("*.txt"))[:2]

    as_json = warta("analyze", first, second)
    as_jsonl = warta("analyze", first, second, "--format", "jsonl")

    assert as_json.returncode == 0, as_json
    array = as_json.json()
    assert isinstance(array, list)
    assert [a["title"] for a in array] == list(SAMPLE_TITLES[:2])
    assert as_jsonl.returncode == 0, as_jsonl
    assert len(as_jsonl.stdout.splitlines()) == 2
    assert as_jsonl.jsonl() == array
    for article in array:
        assert set(ARTICLE_CONTRACT_KEYS) <= set(article)


def test_analyze_refuses_bad_input_and_prints_the_rest(warta: Warta, tmp_path: Path) -> None:
    empty = tmp_path / "kosong.txt"
    empty.write_bytes(b"")
    sample = sorted(EXAMPLE_SAMPLES.glob("*.txt"))[0]

    result = warta("analyze", empty, sample)

    assert result.returncode == 1, result
    assert result.stderr_lines == [f"warta: refused {empty}: empty file: there is no text in it"]
    assert result.json()["title"] == SAMPLE_TITLES[0]


# --- articles --------------------------------------------------------------------------------


def test_articles_text_format(with_samples: Warta) -> None:
    result = with_samples("articles")

    assert result.returncode == 0, result
    assert len(result.stdout_lines) == 5
    rows = [line.split("\t") for line in result.stdout_lines]
    assert all(len(row) == 4 for row in rows)
    assert sorted(row[3] for row in rows) == sorted(SAMPLE_TITLES)
    assert {row[0] for row in rows} == {a["id"] for a in with_samples.articles()}


def test_text_lists_say_which_of_how_many_on_stderr(with_samples: Warta) -> None:
    """Articles, entities and quotes say under the list which of how many they show (on
    stderr, so stdout stays one record a line); a page past the end says so."""
    articles = with_samples("articles", "--limit", "2")
    assert len(articles.stdout_lines) == 2
    assert articles.stderr_lines == ["articles 1-2 of 5"]
    entities = with_samples("entities", "--limit", "3")
    total = len(with_samples("entities", "--format", "json").json())
    assert len(entities.stdout_lines) == 3 and total > 3
    assert entities.stderr_lines == [f"entities 1-3 of {total}"]
    quotes = with_samples("quotes", "--offset", "1000")
    count = len(with_samples("quotes", "--format", "json").json())
    assert quotes.stdout_lines == [] and count > 0
    assert quotes.stderr_lines == [f"no quotes past 1,000 (of {count})"]


def test_articles_json_and_jsonl_formats(with_samples: Warta) -> None:
    as_json = with_samples("articles", "--format", "json")
    as_jsonl = with_samples("articles", "--format", "jsonl")

    assert as_json.returncode == 0 and as_jsonl.returncode == 0
    array = as_json.json()
    assert isinstance(array, list) and len(array) == 5
    assert as_jsonl.jsonl() == array
    for article in array:
        assert set(ARTICLE_CONTRACT_KEYS) <= set(article)
        assert article["source"]["format"] == "text"


def test_articles_csv_format(with_samples: Warta) -> None:
    result = with_samples("articles", "--format", "csv")

    assert result.returncode == 0, result
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert tuple(reader.fieldnames or ()) == ARTICLE_CSV_COLUMNS
    rows = list(reader)
    assert len(rows) == 5
    by_id = {a["id"]: a for a in with_samples.articles()}
    for row in rows:
        article = by_id[row["id"]]
        assert row["title"] == article["title"]
        assert row["body"] == "\n\n".join(article["body"])  # multi-line cells survive
        assert int(row["paragraphs"]) == len(article["body"])
        assert row["origin"] == article["source"]["origin"]


def test_articles_on_an_empty_database(warta: Warta, tmp_path: Path) -> None:
    empty = tmp_path / "kosong.txt"
    empty.write_bytes(b"")
    assert warta("ingest", empty).returncode == 1  # creates the database, stores no article
    assert warta.db.exists()

    assert warta("articles").stdout == ""
    assert warta("articles", "--format", "json").json() == []
    csv_out = warta("articles", "--format", "csv").stdout
    assert csv_out.splitlines() == [",".join(ARTICLE_CSV_COLUMNS)]


def test_articles_order(filled: Warta) -> None:
    assert ids(filled) == ["a-3", "a-2", "a-1", "a-4"]  # newest first, undated last
    assert ids(filled, "--order", "oldest") == ["a-1", "a-2", "a-3", "a-4"]
    assert ids(filled, "--order", "ingested") == ["a-3", "a-1", "a-4", "a-2"]


def test_articles_outlet_filter(filled: Warta) -> None:
    assert ids(filled, "--outlet", "medcom.id") == ["a-3", "a-1"]
    assert ids(filled, "--outlet", "tempo.co") == ["a-4"]
    assert ids(filled, "--outlet", "detik.com") == []


def test_outlet_filters_ignore_case(filled: Warta) -> None:
    """An outlet is found however its name is capitalised: "CNN Indonesia" finds the articles
    stored under "cnn indonesia", in every command that takes an outlet."""
    assert ids(filled, "--outlet", "MedCom.ID") == ["a-3", "a-1"]
    stories = filled("stories", "--singles", "--outlet", "MEDCOM.ID", "-f", "json").json()
    assert stories == filled("stories", "--singles", "--outlet", "medcom.id", "-f", "json").json()
    assert stories
    shown = filled("outlets", "Medcom.id")
    assert shown.returncode == 0 and "2 dated articles" in shown.stdout, shown


def test_articles_since_and_until(filled: Warta) -> None:
    # A bare date is a whole day in WIB (UTC+7): a-2 (23:30 WIB on 3 Dec) is on 3 Dec.
    assert ids(filled, "--since", "2021-12-03") == ["a-3", "a-2"]
    assert ids(filled, "--until", "2021-12-03") == ["a-2", "a-1"]
    assert ids(filled, "--since", "2021-12-02", "--until", "2021-12-04") == ["a-2"]
    # A full timestamp with an offset is an instant: a-3 is 2021-12-05T08:00 WIB.
    assert ids(filled, "--since", "2021-12-05T08:00:00+07:00") == ["a-3"]
    assert ids(filled, "--since", "2021-12-05T01:00:01Z") == []


def test_articles_until_an_exact_time_includes_it(filled: Warta) -> None:
    assert ids(filled, "--until", "2021-12-05T01:00:00Z") == ["a-3", "a-2", "a-1"]


def test_articles_limit_and_offset(filled: Warta) -> None:
    assert ids(filled, "--limit", "2") == ["a-3", "a-2"]
    assert ids(filled, "--order", "oldest", "--limit", "2", "--offset", "2") == ["a-3", "a-4"]
    assert ids(filled, "--outlet", "medcom.id", "--limit", "1", "--offset", "1") == ["a-1"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--since", "notadate"], ["--since", "notadate", "not a date"]),
        (["--until", "2021-02-30"], ["--until", "2021-02-30"]),
        (["--format", "xml"], ["xml", "format"]),
        (["--order", "sideways"], ["sideways", "order"]),
        (["--limit", "-1"], ["--limit", "negative"]),
    ],
    ids=["since", "until", "format", "order", "limit"],
)
def test_articles_usage_errors(args: list[str], words: list[str], warta: Warta) -> None:
    result = warta("articles", *args)

    assert result.returncode == 2, result
    assert result.stdout == ""
    assert len(result.stderr_lines) == 1, result
    assert result.stderr_lines[0].startswith("warta: error: "), result
    for word in words:
        assert word in result.stderr, word


# --- article ---------------------------------------------------------------------------------


def test_article_text_and_json(filled: Warta) -> None:
    text = filled("article", "a-2")
    as_json = filled("article", "a-2", "--format", "json")

    assert text.returncode == 0, text
    assert text.stdout_lines[0] == "Banjir Melanda Jakarta Utara"
    assert "id:        a-2" in text.stdout
    assert "outlet:    kompas.com" in text.stdout
    assert "published: 2021-12-03T23:30:00+07:00" in text.stdout
    assert RECORDS[1]["text"] in text.stdout
    assert as_json.returncode == 0, as_json
    article = as_json.json()
    assert set(ARTICLE_CONTRACT_KEYS) <= set(article)
    assert article["id"] == "a-2"
    assert article["url"] == RECORDS[1]["url"]
    assert article["body"] == [RECORDS[1]["text"]]


def test_article_by_unique_id_prefix(with_samples: Warta) -> None:
    listed = with_samples.articles()
    target = listed[0]
    others = [a["id"] for a in listed[1:]]
    prefix = next(
        target["id"][:n]
        for n in range(4, len(target["id"]))
        if not any(other.startswith(target["id"][:n]) for other in others)
    )

    result = with_samples("article", prefix, "--format", "json")

    assert result.returncode == 0, result
    assert result.json()["id"] == target["id"]
    assert result.json()["title"] == target["title"]


def test_article_unknown_id(filled: Warta) -> None:
    for unknown in ("zz-nope", "a-"):  # no such id; a prefix of several ids
        result = filled("article", unknown)

        assert result.returncode == 2, result
        assert result.stdout == ""
        assert result.stderr_lines == [
            f"warta: error: no article with id {unknown!r} (see `warta articles`)"
        ]


def test_article_unknown_format(filled: Warta) -> None:
    result = filled("article", "a-1", "--format", "csv")

    assert result.returncode == 2, result
    assert "csv" in result.stderr and len(result.stderr_lines) == 1


# --- rejects ---------------------------------------------------------------------------------


def test_rejects_when_nothing_was_refused(with_samples: Warta) -> None:
    result = with_samples("rejects")

    assert result.returncode == 0, result
    assert result.stdout_lines == ["no refused inputs"]


def test_rejects_text_and_json(warta: Warta, tmp_path: Path) -> None:
    empty = tmp_path / "kosong.txt"
    empty.write_bytes(b"")
    image = tmp_path / "foto.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert warta("ingest", empty, image, EXAMPLE_SAMPLES).returncode == 1

    text = warta("rejects")
    rows = warta.rejects()
    as_csv = list(csv.DictReader(io.StringIO(warta("rejects", "--format", "csv").stdout)))

    assert text.returncode == 0, text
    assert len(text.stdout_lines) == 2
    assert any(line.startswith(f"{empty}: empty file") for line in text.stdout_lines)
    assert any(line.startswith(f"{image}: binary file (a PNG image)") for line in text.stdout_lines)
    assert {r["origin"]: r["kind"] for r in rows} == {
        str(empty): "EmptyInput",
        str(image): "NotText",
    }
    for row in rows:
        assert set(row) == {"origin", "reason", "kind", "first_seen", "last_seen", "times"}
        assert row["times"] == 1
    assert {r["origin"] for r in as_csv} == {str(empty), str(image)}


# --- demo ------------------------------------------------------------------------------------


def test_sample_titles_match_the_gold_annotations() -> None:
    if not GOLD.exists():
        pytest.skip(f"no gold annotations at {GOLD}")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
    assert [gold[name]["title"] for name in sorted(gold)] == list(SAMPLE_TITLES)
    assert sorted(gold) == sorted(p.name for p in EXAMPLE_SAMPLES.glob("*.txt"))


def test_demo_prints_the_five_samples(warta: Warta) -> None:
    result = warta("demo", use_db=False)

    assert result.returncode == 0, result
    assert "Ingested the 5 bundled sample articles into warta-demo.db" in result.stdout
    listed, _, stories = result.stdout.partition("They make 1 story:\n")
    rows = [line.split("\t") for line in listed.splitlines() if "\t" in line]
    assert [row[3] for row in rows] == list(SAMPLE_TITLES)
    assert (warta.cwd / "warta-demo.db").exists()
    # the story, then its three events with their articles (the samples' story)
    lines = stories.partition("\n\n")[0].splitlines()
    story, *events = lines
    assert story.split("\t")[2] == "5 articles" and len(events) == 3
    sizes = [int(re.search(r"\((\d+) articles?\)$", event)[1]) for event in events]  # type: ignore[index]
    assert sum(sizes) == 5 and "(1 article)" in stories
    for suggestion in ("stories", "story 1", f"article {rows[0][0][:8]}",
                       "quotes --speaker Peskov", "serve"):  # fmt: skip
        assert f"warta --db warta-demo.db {suggestion} " in result.stdout, suggestion
    # The demo database is recreated, not added to: the same five again.
    again = warta("demo", use_db=False)
    assert again.returncode == 0, again
    assert again.stdout == result.stdout


def test_demo_refuses_an_existing_db(warta: Warta) -> None:
    assert warta("ingest", write_jsonl(warta.cwd / "r.jsonl", RECORDS[:1])).returncode == 0

    result = warta("demo")

    assert result.returncode == 2, result
    assert len(result.stderr_lines) == 1, result
    assert str(warta.db) in result.stderr and "exists" in result.stderr
    assert ids(warta) == ["a-1"], "the existing database must be left alone"


def test_demo_into_a_new_db(warta: Warta) -> None:
    result = warta("demo")

    assert result.returncode == 0, result
    assert f"into {warta.db}" in result.stdout
    assert sorted(a["title"] for a in warta.articles()) == sorted(SAMPLE_TITLES)
    assert not (warta.cwd / "warta-demo.db").exists()
