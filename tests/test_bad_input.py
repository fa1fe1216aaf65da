"""Bad input, end to end through the real ``warta`` command.

The issue: "an empty file, random binary bytes, a PNG, a Windows-1252 file, a 50 MB text file,
malformed HTML, a JSONL file with one broken line among good ones, a path that does not exist, a
directory of 10,000 small files. Each refused input gets one clear line naming it and the reason
and is recorded in `warta rejects`; everything else is ingested; no traceback ever reaches the
user." (The ``warta`` fixture fails any run that prints a traceback.)
"""

from __future__ import annotations

import json
import random
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import Warta, clean_env

GOOD_TEXT = (
    "Pemerintah Kota Semarang meresmikan jembatan baru di kawasan Tugu pada Senin pagi, "
    "disaksikan ratusan warga yang sudah lama menunggu akses jalan tersebut."
)


def png_bytes() -> bytes:
    """A real (tiny, valid) PNG image: 4x4 red pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Refused:
    """One kind of bad input: how to make it and what the refusal must say."""

    path: Path  # what is passed to `warta ingest`
    origin: str  # how Warta names the refused input (a path, path:line, path[index])
    reason_word: str  # a word the reason must contain (case-insensitive)
    kind: str  # the InputRejected subclass recorded in `warta rejects`
    good_ids: frozenset[str] = field(default_factory=frozenset)  # good records alongside


def _empty(d: Path) -> Refused:
    path = d / "kosong.txt"
    path.write_bytes(b"")
    return Refused(path, str(path), "empty", "EmptyInput")


def _random_bytes(d: Path) -> Refused:
    path = d / "acak.dat"
    path.write_bytes(random.Random(20211207).randbytes(64 * 1024))
    return Refused(path, str(path), "binary", "NotText")


def _png(d: Path) -> Refused:
    path = d / "foto.png"
    path.write_bytes(png_bytes())
    return Refused(path, str(path), "PNG", "NotText")


def _fifty_megabytes(d: Path) -> Refused:
    path = d / "besar.txt"
    paragraph = (GOOD_TEXT + "\n\n").encode()
    with path.open("wb") as out:
        block = paragraph * (1024 * 1024 // len(paragraph) + 1)
        for _ in range(50):
            out.write(block)
    assert path.stat().st_size >= 50 * 1024 * 1024
    return Refused(path, str(path), "larger", "TooLarge")


def _html_without_text(d: Path) -> Refused:
    path = d / "rusak.html"
    path.write_text(
        "<html><head><script>var iklan = 1;</script><style>p { color: red }</style></head>"
        "<body><div><img src='banner.png'><br><span></span></div>",
        encoding="utf-8",
    )
    return Refused(path, str(path), "text", "MalformedInput")


def _jsonl_with_broken_line(d: Path) -> Refused:
    path = d / "campur.jsonl"
    lines = [
        json.dumps({"id": "baik-1", "title": "Berita Baik Pertama", "text": GOOD_TEXT}),
        '{"id": "rusak", "text": "kalimat yang tidak pernah ditutup',
        json.dumps({"id": "baik-3", "title": "Berita Baik Ketiga", "text": GOOD_TEXT + " Lagi."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Refused(path, f"{path}:2", "JSON", "MalformedInput", frozenset({"baik-1", "baik-3"}))


def _missing(d: Path) -> Refused:
    path = d / "tidak-ada" / "berita.txt"
    return Refused(path, str(path), "no such file", "SourceNotFound")


def _whitespace(d: Path) -> Refused:
    path = d / "spasi.txt"
    path.write_bytes(b"   \n\t\t\n\r\n        \n")
    return Refused(path, str(path), "empty", "EmptyInput")


def _nul_bytes(d: Path) -> Refused:
    path = d / "nol.txt"
    path.write_bytes(b"\x00" * 4096)
    return Refused(path, str(path), "binary", "NotText")


def _json_array_with_bad_element(d: Path) -> Refused:
    path = d / "larik.json"
    records = [
        {"id": "larik-0", "title": "Berita Larik Nol", "text": GOOD_TEXT},
        42,
        {"id": "larik-2", "title": "Berita Larik Dua", "text": GOOD_TEXT + " Dua."},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    return Refused(
        path, f"{path}[1]", "object", "MalformedInput", frozenset({"larik-0", "larik-2"})
    )


REFUSED_KINDS: dict[str, Callable[[Path], Refused]] = {
    "empty-file": _empty,
    "random-bytes": _random_bytes,
    "png": _png,
    "50mb-text": _fifty_megabytes,
    "html-without-text": _html_without_text,
    "jsonl-broken-line": _jsonl_with_broken_line,
    "nonexistent-path": _missing,
    "whitespace-only": _whitespace,
    "nul-bytes": _nul_bytes,
    "json-array-bad-element": _json_array_with_bad_element,
}

_SUMMARY = re.compile(
    r"^([\d,]+) articles?: ([\d,]+) new, ([\d,]+) updated, ([\d,]+) unchanged", flags=re.MULTILINE
)


def summary(stdout: str) -> tuple[int, int, int, int]:
    """``(articles, new, updated, unchanged)`` from ingest's summary line."""
    found = _SUMMARY.search(stdout)
    assert found, f"no summary line in {stdout!r}"
    total, new, updated, unchanged = (int(count.replace(",", "")) for count in found.groups())
    return total, new, updated, unchanged


def stored_ids(db: Path) -> set[str]:
    """The ids of the stored articles, read straight from the database."""
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as connection:
        ids = {row[0] for row in connection.execute("SELECT id FROM articles")}
    connection.close()
    return ids


@pytest.mark.parametrize("kind", list(REFUSED_KINDS))
def test_refused_input_among_good_ones(
    kind: str,
    warta: Warta,
    tmp_path: Path,
    samples_dir: Path,
    sample_titles: tuple[str, ...],
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    bad = REFUSED_KINDS[kind](inputs)
    expected_articles = 5 + len(bad.good_ids)

    first = warta("ingest", samples_dir, bad.path)

    assert first.returncode == 1, first
    # Exactly one line on stderr, naming the input and saying why.
    assert len(first.stderr_lines) == 1, first
    line = first.stderr_lines[0]
    assert line.startswith("warta: refused "), first
    assert str(bad.path) in line and bad.origin in line, first
    assert bad.reason_word.lower() in line.lower(), first
    assert summary(first.stdout) == (expected_articles, expected_articles, 0, 0), first
    assert re.search(r"\b1 inputs? refused", first.stdout), first

    # Everything else was ingested: the five samples, and the good records of the same file.
    stored = warta.articles()
    assert len(stored) == expected_articles
    assert {a["title"] for a in stored} >= set(sample_titles)
    sample_origins = {a["source"]["origin"] for a in stored if a["title"] in sample_titles}
    assert sample_origins == {str(p) for p in samples_dir.glob("*.txt")}
    assert {a["id"] for a in stored} >= bad.good_ids

    # The same ingest again stores nothing twice and records the refusal once.
    again = warta("ingest", samples_dir, bad.path)

    assert again.returncode == 1, again
    assert len(again.stderr_lines) == 1 and bad.origin in again.stderr_lines[0], again
    assert summary(again.stdout) == (expected_articles, 0, 0, expected_articles), again
    assert "nothing new" in again.stdout, again
    assert stored_ids(warta.db) == {a["id"] for a in stored}
    # `warta rejects` lists the input once, seen twice, with the reason.
    rejects = warta.rejects()
    assert [r["origin"] for r in rejects] == [bad.origin]
    assert bad.reason_word.lower() in rejects[0]["reason"].lower()
    assert rejects[0]["kind"] == bad.kind
    assert rejects[0]["times"] == 2


# Indonesian text with the characters Windows-1252 has and Latin-1 lacks (curly quotes, dash).
LEGACY_TEXT = (
    "Kafé “Rumah Kopi” di Bandung – yang dikenal naïve dan sederhana – dibuka kembali pada "
    "Senin setelah renovasi selama tiga bulan.\n\n"
    "Pemiliknya, André Wijaya, mengatakan “kami senang sekali bisa melayani pelanggan lagi” "
    "kepada wartawan – sambil tersenyum lebar di depan kafenya."
)


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        ("windows-1252.txt", LEGACY_TEXT.encode("cp1252"), "cp1252"),
        ("utf-16-bom.txt", LEGACY_TEXT.encode("utf-16"), "utf-16"),
    ],
    ids=["cp1252", "utf-16-bom"],
)
def test_legacy_encodings_are_read(
    name: str, data: bytes, encoding: str, warta: Warta, tmp_path: Path
) -> None:
    assert data.decode(encoding) == LEGACY_TEXT
    if encoding == "cp1252":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
    path = tmp_path / name
    path.write_bytes(data)

    result = warta("ingest", path)

    assert result.returncode == 0, result
    assert result.stderr_lines == [], result
    assert summary(result.stdout) == (1, 1, 0, 0), result
    (listed,) = warta.articles()
    shown = warta("article", listed["id"], "--format", "json")
    assert shown.returncode == 0, shown
    article = shown.json()
    assert "\n\n".join(article["body"]) == LEGACY_TEXT
    assert article["source"]["encoding"] == encoding
    assert article["source"]["origin"] == str(path)


def test_directories_are_walked_without_hidden_files(warta: Warta, tmp_path: Path) -> None:
    """Hidden files (editor and VCS state) are skipped, nested directories are read."""
    root = tmp_path / "korpus"
    (root / "a" / "b").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a" / "b" / "dalam.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (root / "atas.txt").write_text(GOOD_TEXT + " Atas.", encoding="utf-8")
    (root / ".git" / "config").write_bytes(b"\x00\x01binary")
    (root / ".swap.txt").write_bytes(png_bytes())

    result = warta("ingest", root)

    assert result.returncode == 0, result
    assert summary(result.stdout) == (2, 2, 0, 0), result
    assert {a["source"]["origin"] for a in warta.articles()} == {
        str(root / "a" / "b" / "dalam.txt"),
        str(root / "atas.txt"),
    }


_WORD_LIST = (
    "pemerintah kota warga jalan banjir presiden menteri rapat sekolah pasar harga beras polisi "
    "desa petani nelayan hujan gempa listrik air jembatan rumah sakit dokter guru murid kereta "
    "bandara pelabuhan kapal panen sawah kebun pabrik buruh gaji pajak anggaran daerah provinsi"
)
_WORDS = _WORD_LIST.split()


@pytest.mark.slow
def test_directory_of_ten_thousand_small_files(warta: Warta, tmp_path: Path) -> None:
    root = tmp_path / "sepuluh-ribu"
    rng = random.Random(10_000)
    texts = set()
    for number in range(10_000):
        words = [rng.choice(_WORDS) for _ in range(18)]
        text = f"Laporan {number}: {' '.join(words).capitalize()} hari ini.\n"
        texts.add(text.strip())
        folder = root / f"{number // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{number:05d}.txt").write_text(text, encoding="utf-8")
    assert len(texts) == 10_000

    result = warta("ingest", root)

    assert result.returncode == 0, result
    assert result.stderr_lines == [], result
    assert summary(result.stdout) == (10_000, 10_000, 0, 0), result
    stored = warta.articles()
    assert len(stored) == 10_000
    assert len({a["id"] for a in stored}) == 10_000
    assert {"\n\n".join(a["body"]) for a in stored} == texts


MALFORMED_BUT_READABLE = {
    "unclosed.html": (
        "<html><head><title>Banjir Rendam Ribuan Rumah di Jakarta Utara</title></head><body>"
        "<div class='konten'><p>Banjir setinggi satu meter merendam ribuan rumah di Jakarta "
        "Utara sejak Sabtu malam setelah hujan deras mengguyur ibu kota.<p>Warga mengungsi ke "
        "masjid dan sekolah terdekat karena air terus naik hingga Minggu pagi.<div><p>Petugas "
        "BPBD mengerahkan perahu karet untuk mengevakuasi warga lanjut usia dan anak-anak.",
        [
            "Banjir setinggi satu meter merendam ribuan rumah di Jakarta Utara",
            "Warga mengungsi ke masjid dan sekolah terdekat",
            "Petugas BPBD mengerahkan perahu karet",
        ],
    ),
    "stray-lt.html": (
        "<html><body><article><p>Harga cabai rawit di Pasar Kramat Jati naik < 20 persen "
        "dibandingkan pekan lalu, menurut para pedagang yang ditemui pada Selasa.</p>"
        "<p>Kenaikan terjadi karena pasokan dari petani di Jawa Barat berkurang << akibat hujan "
        "deras yang merusak tanaman di banyak sentra produksi.</p></article></body></html>",
        [
            "Harga cabai rawit di Pasar Kramat Jati naik < 20 persen",
            "pasokan dari petani di Jawa Barat berkurang",
        ],
    ),
    "truncated.html": (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Gempa Guncang Cianjur</title>"
        "</head><body><article><h1>Gempa Guncang Cianjur</h1><p>Gempa bumi berkekuatan "
        "magnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, pada Senin siang dan terasa "
        "hingga Jakarta.</p><p>Badan Meteorologi, Klimatologi, dan Geofisika mencatat pusat "
        "gempa berada di darat pada kedalaman sepuluh kilometer dan tidak berpotensi tsu",
        [
            "Gempa bumi berkekuatan magnitudo 5,6 mengguncang Kabupaten Cianjur",
            "pusat gempa berada di darat pada kedalaman sepuluh kilometer",
        ],
    ),
}


def test_malformed_html_with_real_text_is_ingested(warta: Warta, tmp_path: Path) -> None:
    for name, (page, _) in MALFORMED_BUT_READABLE.items():
        (tmp_path / name).write_text(page, encoding="utf-8")

    result = warta("ingest", *(tmp_path / name for name in MALFORMED_BUT_READABLE))

    assert result.returncode == 0, result
    assert result.stderr_lines == [], result
    assert summary(result.stdout) == (3, 3, 0, 0), result
    by_origin = {a["source"]["origin"]: a for a in warta.articles()}
    for name, (_, sentences) in MALFORMED_BUT_READABLE.items():
        article = by_origin[str(tmp_path / name)]
        assert article["source"]["format"] == "html"
        body = "\n".join(article["body"])
        for sentence in sentences:
            assert sentence in body, (name, body)
        assert "<p>" not in body and "<div" not in body, body
    assert by_origin[str(tmp_path / "unclosed.html")]["title"] == (
        "Banjir Rendam Ribuan Rumah di Jakarta Utara"
    )


HOSTILE_PARAGRAPHS = [
    "Polisi menangkap seorang peretas yang menyisipkan kode <script>alert(1)</script> ke dalam "
    "situs resmi pemerintah daerah pada Selasa malam.",
    "Menurut penyidik, pelaku juga menulis pesan berwarna \x1b[31mMERAH\x1b[0m di terminal server "
    "milik dinas komunikasi dan informatika kota.",
    "Kepala dinas mengatakan seluruh layanan publik sudah kembali normal dan data warga tidak ada "
    "yang bocor ke pihak luar.",
    "Kasus ini masih diselidiki oleh tim siber kepolisian daerah bersama Badan Siber dan Sandi "
    "Negara.",
]


def test_hostile_text_is_stored_verbatim(warta: Warta, tmp_path: Path) -> None:
    text_file = tmp_path / "peretas.txt"
    text_file.write_text(
        "Peretas Sisipkan Kode Berbahaya ke Situs Pemda\n\n" + "\n\n".join(HOSTILE_PARAGRAPHS),
        encoding="utf-8",
    )
    jsonl_file = tmp_path / "peretas.jsonl"
    record = {
        "id": "peretas",
        "title": "Peretas <b>Situs</b>",
        "text": "\n\n".join(HOSTILE_PARAGRAPHS),
    }
    jsonl_file.write_text(json.dumps(record) + "\n", encoding="utf-8")

    result = warta("ingest", text_file, jsonl_file)

    assert result.returncode == 0, result
    assert summary(result.stdout) == (2, 2, 0, 0), result
    stored = warta.articles()
    assert len(stored) == 2
    for article in stored:
        assert article["body"] == HOSTILE_PARAGRAPHS
    titles = {a["title"] for a in stored}
    assert titles == {"Peretas Sisipkan Kode Berbahaya ke Situs Pemda", "Peretas <b>Situs</b>"}
    shown = warta("article", "peretas", "--format", "json")
    assert "<script>alert(1)</script>" in shown.json()["body"][0]
    assert "\x1b[31mMERAH\x1b[0m" in shown.json()["body"][1]


def test_short_article_with_an_ansi_escape_is_text(warta: Warta, tmp_path: Path) -> None:
    path = tmp_path / "pendek.txt"
    path.write_text(
        "Judul Berita Pendek\n\nWarga melihat tulisan \x1b[31mMERAH\x1b[0m di papan pengumuman.\n",
        encoding="utf-8",
    )

    result = warta("ingest", path)

    assert result.returncode == 0, result
    assert "\x1b[31mMERAH" in warta.articles()[0]["body"][0]


def test_refusal_line_names_line_100_verbatim(warta: Warta, tmp_path: Path) -> None:
    path = tmp_path / "seratus.jsonl"
    lines = [json.dumps({"id": f"r{n}", "text": f"{GOOD_TEXT} Nomor {n}."}) for n in range(1, 100)]
    lines.append("{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = warta("ingest", path)

    assert result.returncode == 1, result
    assert summary(result.stdout)[0] == 99, result
    assert [r["origin"] for r in warta.rejects()] == [f"{path}:100"]
    assert len(result.stderr_lines) == 1, result
    assert result.stderr_lines[0].startswith(f"warta: refused {path}:100: invalid JSON"), result


def test_an_input_refused_for_a_new_reason_is_listed_once(warta: Warta, tmp_path: Path) -> None:
    path = tmp_path / "berubah.txt"
    path.write_bytes(b"")
    assert warta("ingest", path).returncode == 1
    path.write_bytes(png_bytes())
    assert warta("ingest", path).returncode == 1

    rejects = warta.rejects()

    assert [r["origin"] for r in rejects] == [str(path)]
    assert "PNG" in rejects[0]["reason"]


def test_a_refused_input_fixed_later_drops_off_rejects(warta: Warta, tmp_path: Path) -> None:
    path = tmp_path / "nanti.txt"
    path.write_text("   \n", encoding="utf-8")
    assert warta("ingest", path).returncode == 1

    path.write_text(GOOD_TEXT, encoding="utf-8")
    result = warta("ingest", path)

    assert result.returncode == 0, result
    assert warta.rejects() == []
    assert len(warta.articles()) == 1


# --- a crash mid-ingest ----------------------------------------------------------------------

CRASH_RECORDS = 3000
CRASH_BATCH = 50


def _write_big_jsonl(path: Path) -> None:
    rng = random.Random(3000)
    with path.open("w", encoding="utf-8") as out:
        for number in range(CRASH_RECORDS):
            paragraphs = [
                " ".join(rng.choice(_WORDS) for _ in range(60)).capitalize() + "." for _ in range(5)
            ]
            record = {
                "id": f"rekaman-{number:05d}",
                "title": f"Berita nomor {number}",
                "text": "\n\n".join(paragraphs),
            }
            out.write(json.dumps(record) + "\n")


def _count_read_only(db: Path) -> int:
    """Articles committed so far, read without writing; 0 while the database is not ready."""
    try:
        connection = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=0.05)
    except sqlite3.OperationalError:
        return 0
    try:
        return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # database is locked, no such table (yet), cannot open
        return 0
    finally:
        connection.close()


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_crash_mid_ingest_leaves_whole_batches_and_a_rerun_completes(
    warta: Warta, tmp_path: Path
) -> None:
    big = tmp_path / "besar.jsonl"
    _write_big_jsonl(big)
    assert big.stat().st_size > CRASH_RECORDS * 1500
    db = warta.db

    batch = ["--batch-size", str(CRASH_BATCH)]
    process = subprocess.Popen(
        [*Warta.command(), "--db", str(db), "ingest", str(big), *batch],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
        cwd=warta.cwd,
    )
    seen = 0
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline:
            seen = _count_read_only(db)
            if seen > 0:
                break
            time.sleep(0.005)
        finished = process.poll() is not None
        if not finished:
            process.send_signal(signal.SIGKILL)
    finally:
        _, stderr = process.communicate(timeout=60)
    assert seen > 0 or finished, "no batch was committed before the deadline"
    assert b"Traceback" not in stderr
    if not finished:
        assert process.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        raw = connection.execute("SELECT count(*) FROM raw_documents").fetchone()[0]
    connection.close()
    assert raw == stored  # each article with its input, never one without the other
    assert stored >= seen  # what a reader saw committed survived the kill
    assert stored % CRASH_BATCH == 0, f"{stored} articles: a partial batch was committed"
    if not finished:
        assert stored < CRASH_RECORDS

    rerun = warta("ingest", big, *batch)

    assert rerun.returncode == 0, rerun
    assert summary(rerun.stdout) == (CRASH_RECORDS, CRASH_RECORDS - stored, 0, stored), rerun
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == CRASH_RECORDS
        ids = {row[0] for row in connection.execute("SELECT id FROM articles")}
    connection.close()
    assert ids == {f"rekaman-{number:05d}" for number in range(CRASH_RECORDS)}
