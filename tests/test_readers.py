"""Readers: sources, format detection, decoding, HTML and JSON records."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from warta.errors import EmptyInput, InputRejected, MalformedInput, NotText, SourceNotFound
from warta.ingest import Skipped, Source, detect, expand, read_inputs
from warta.ingest.decode import decode
from warta.model import RawDocument

TEXT = "Presiden Joko Widodo meresmikan bendungan baru di Jawa Tengah pada Senin (6/12/2021)."


def read_all(*paths: Path | str, fmt: str = "auto") -> list[RawDocument | InputRejected]:
    return list(read_inputs([str(p) for p in paths], fmt))


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.txt", b"Judul berita", "text"),
        ("a.txt", b"<!DOCTYPE html><html>", "html"),
        ("page.HTM", b"whatever", "html"),
        ("x.jsonl", b"{}", "jsonl"),
        ("x.json", b"[]", "json"),
        ("noext", b'  {"text": "a"}\n', "jsonl"),
        ("noext", b"[{", "json"),
        ("noext", b"<div class='x'><p>teks</p>", "html"),
        ("noext", b"Berita biasa saja", "text"),
        ("noext", b"\xef\xbb\xbf<html>", "html"),
    ],
)
def test_detect(name: str, head: bytes, expected: str) -> None:
    assert detect(name, head) == expected


def test_directories_are_walked_sorted_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for relative in ("b/2.txt", "a.txt", ".hidden.txt", ".git/config"):
        (tmp_path / relative).write_text(TEXT)
    found = list(expand([str(tmp_path)]))
    names = [s.name for s in found if isinstance(s, Source)]
    assert names == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "2.txt")]
    skipped = [s.name for s in found if isinstance(s, Skipped)]  # reported, not silent
    assert skipped == [str(tmp_path / ".git"), str(tmp_path / ".hidden.txt")]


def test_the_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    sources = list(expand([str(tmp_path), str(tmp_path / "a.txt"), str(tmp_path / "*.txt")]))
    assert len(sources) == 1


def test_missing_paths_and_empty_globs_are_reported(tmp_path: Path) -> None:
    results = list(expand([str(tmp_path / "nope.txt"), str(tmp_path / "*.html")]))
    assert all(isinstance(r, SourceNotFound) for r in results)
    assert [r.reason for r in results] == [  # type: ignore[union-attr]
        "no such file or directory",
        "no file matches this pattern",
    ]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
        ("“Kami siap,” kata Sri Mulyani – Menkeu. Café naïve.".encode("cp1252"), "cp1252"),
    ],
)
def test_decode_detects_and_records_the_encoding(data: bytes, encoding: str) -> None:
    text, found = decode("f", data)
    assert found == encoding
    assert "\ufeff" not in text
    assert text.strip()


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", EmptyInput, "empty"),
        (b" \n\t\n", EmptyInput, "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), NotText, "PNG"),
        (b"%PDF-1.7\n", NotText, "PDF"),
        (bytes(range(256)) * 20, NotText, "binary"),
        (b"teks\x00\x01\x02\x03\x04\x05\x06\x07" * 50, NotText, "binary"),
    ],
)
def test_decode_refuses_what_is_not_text(data: bytes, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        decode("file.bin", data)


def test_jsonl_bad_lines_are_refused_and_good_ones_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"text": "Berita pertama tentang banjir di Jakarta.", "url": "https://a.id/1"}\n'
        "{oops\n"
        "\n"
        '{"url": "https://a.id/3"}\n'
        '{"text": 5}\n'
        '{"title": "Judul", "text": "Berita kedua tentang gempa bumi.", "id": 42}\n'
        '{"text": "Berita ketiga tentang cuaca panas.", "published": 2021}\n'
    )
    results = read_all(path)
    good = [r for r in results if isinstance(r, RawDocument)]
    bad = [r for r in results if isinstance(r, InputRejected)]
    assert [r.origin for r in good] == [f"{path}:1", f"{path}:6"]
    assert good[1].id == "42"
    assert [(r.origin.rsplit(":", 1)[1], type(r)) for r in bad] == [
        ("2", MalformedInput),
        ("4", MalformedInput),
        ("5", MalformedInput),
        ("7", MalformedInput),
    ]
    assert "invalid JSON" in bad[0].reason
    assert "'published' must be a string" in bad[3].reason


def test_jsonl_line_over_the_limit_is_refused_alone(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    long_text = "kata " * 5000
    path.write_text(f'{{"text": "{long_text}"}}\n{{"text": "Berita pendek tentang pasar ikan."}}\n')
    results = list(read_inputs([str(path)], max_document_bytes=10_000))
    assert isinstance(results[0], InputRejected)
    assert "line longer than" in results[0].reason
    assert isinstance(results[1], RawDocument)


def test_json_array_and_exported_body_records(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text(
        '[{"title": "Judul Satu Berita", "body": ["Paragraf satu.", "Paragraf dua."]},'
        ' {"body": "bukan daftar"}]'
    )
    first, second = read_all(path)
    assert isinstance(first, RawDocument)
    assert first.text == "Paragraf satu.\n\nParagraf dua."
    assert isinstance(second, MalformedInput)
    assert second.origin == f"{path}[1]"


def test_html_page_gives_text_and_metadata(tmp_path: Path) -> None:
    paragraphs = [
        f"Paragraf ke-{n} berita ini menjelaskan banjir di Semarang. " * 4 for n in (1, 2)
    ]
    page = (
        "<html><head><title>Banjir Semarang - Portal</title>"
        '<meta property="article:published_time" content="2022-01-21T10:15:00+07:00">'
        '<meta name="author" content="Budi Santoso">'
        '<link rel="canonical" href="https://portal.example/banjir">'
        "</head><body><nav>Beranda | Nasional</nav><article><h1>Banjir Besar Melanda Semarang</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article><footer>Hak cipta</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(page)
    (document,) = read_all(tmp_path / "page.html")
    assert isinstance(document, RawDocument)
    assert document.format == "html"
    assert document.title == "Banjir Besar Melanda Semarang"
    assert document.published == "2022-01-21T10:15:00+07:00"
    assert document.author == "Budi Santoso"
    assert paragraphs[0].strip() in document.text
    assert "Hak cipta" not in document.text


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    (tmp_path / "shell.html").write_text("<html><head><script>x()</script></head><body></body>")
    (result,) = read_all(tmp_path / "shell.html")
    assert isinstance(result, InputRejected)


def test_format_override(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("<p>Teks ini <b>bukan</b> HTML yang dimaksud penulisnya.</p>")
    (as_text,) = read_all(path, fmt="text")
    assert isinstance(as_text, RawDocument)
    assert as_text.text.startswith("<p>")


def test_a_loop_of_directory_links_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(TEXT)
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    names = [s.name for s in expand([str(tmp_path)])]
    assert names == [str(tmp_path / "a" / "x.txt")]
