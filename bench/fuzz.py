"""Hostile inputs mixed with good articles: what an ingest must survive.

:func:`write_corpus` fills a directory with good articles (real IndoSum articles, as plain text,
JSON Lines and HTML, some under odd file names or behind links) and hostile inputs of every kind
Warta has met: random bytes, truncated UTF-8, UTF-16 without a byte-order mark, megabyte lines
of one punctuation mark, 10,000 nested ``<div>``s, HTML of only scripts, JSON of the wrong
types or nested 100,000 deep, lone surrogates, broken lines among good ones, NUL bytes, URLs
that are no web address, named pipes, loops of links. Each input says what must become of it:
``good`` (stored, exactly once), ``bad`` (refused, with a reason) or ``either`` (a damaged
article: stored or refused, but never a crash).

Run from the repository root: it ingests a corpus with ``warta ingest`` and checks every input::

    .venv/bin/python bench/fuzz.py --inputs 100000 [--seed S] [--keep DIR]

It prints the counts by kind and outcome, and exits 1 on any good article lost or stored twice,
any bad input stored, a traceback, or exit code 3.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

INDOSUM = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "indosum"

#: The marker every good article carries in its title, with its number: how the check finds it.
MARK = "Fuzzkode"


@dataclass(frozen=True, slots=True)
class Expected:
    """One input of the corpus: where it is, what it is, and what must become of it."""

    origin: str  # the name Warta reports (``path``, ``path:line``, ``path[index]``)
    kind: str
    outcome: str  # "good", "bad" or "either"
    code: str | None = None  # a good article's marker (``Fuzzkode000042``)


def indosum_articles(limit: int) -> list[tuple[str, list[str]]]:
    """Up to ``limit`` real articles as (title, paragraphs), from the IndoSum folds."""
    articles: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for path in sorted(INDOSUM.glob("dev.*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if record["id"] in seen:
                    continue
                seen.add(record["id"])
                paragraphs = [
                    " ".join(" ".join(sentence) for sentence in paragraph)
                    for paragraph in record["paragraphs"]
                ]
                title = " ".join(paragraphs[0].split()[:8])
                articles.append((title, paragraphs))
                if len(articles) >= limit:
                    return articles
    return articles


class Corpus:
    """Writes inputs into a directory and remembers what each must become."""

    def __init__(self, root: Path, seed: int, articles: list[tuple[str, list[str]]]) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.articles = articles
        self.expected: list[Expected] = []
        self.good = 0
        root.mkdir(parents=True, exist_ok=True)

    # --- helpers ------------------------------------------------------------------------------

    def next_article(self) -> tuple[str, str, list[str]]:
        """A good article never seen in this corpus: its marker, title and paragraphs."""
        title, paragraphs = self.articles[self.good % len(self.articles)]
        code = f"{MARK}{self.good:06d}"
        self.good += 1
        # the marker in the body too: articles are identified by their text, not their title
        return code, f"{title} {code}", [f"{paragraphs[0]} ({code})", *paragraphs[1:]]

    def path(self, name: str) -> Path:
        folder = self.root / f"d{len(self.expected) // 500:04d}"
        folder.mkdir(exist_ok=True)
        return folder / name

    def add(self, path: Path | str, kind: str, outcome: str, code: str | None = None) -> None:
        origin = os.fsencode(path).decode("utf-8", "backslashreplace")
        self.expected.append(Expected(origin, kind, outcome, code))

    def text_article(self) -> tuple[str, str]:
        code, title, paragraphs = self.next_article()
        return code, title + "\n\n" + "\n\n".join(paragraphs) + "\n"

    # --- good articles ------------------------------------------------------------------------

    def good_text(self, n: int) -> None:
        code, text = self.text_article()
        path = self.path(f"berita-{n}.txt")
        path.write_text(text, encoding="utf-8")
        self.add(path, "good-text", "good", code)

    def good_html(self, n: int) -> None:
        code, title, paragraphs = self.next_article()
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        page = (
            f"<!doctype html><html><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>{body}</article><script>var x = '<p>';</script></body></html>"
        )
        path = self.path(f"halaman-{n}.html")
        path.write_text(page, encoding="utf-8")
        self.add(path, "good-html", "good", code)

    def good_odd_name(self, n: int) -> None:
        code, text = self.text_article()
        names = [
            f"bad\xff{n}.txt".encode("latin-1"),
            f"-n {n}.txt".encode(),
            f"spasi  dan\ttab {n}.txt".encode(),
            f"baris\nbaru{n}.txt".encode(),
            f"berita-{n}-".encode() + "ñ☃🚀".encode() + b".txt",
            b"x" * 240 + f"{n:06d}.txt".encode(),
            f"{n}.bin".encode(),
        ]
        name = self.rng.choice(names)
        path = self.path("_").parent / os.fsdecode(name)
        path.write_bytes(text.encode("utf-8"))
        self.add(path, "good-odd-name", "good", code)

    def good_jsonl_with_bad_lines(self, n: int) -> None:
        path = self.path(f"umpan-{n}.jsonl")
        lines: list[tuple[bytes, str, str | None]] = []
        for i in range(4):
            code, title, paragraphs = self.next_article()
            record = {"url": f"https://contoh.id/berita/{code}", "title": title,
                      "text": "\n\n".join(paragraphs)}  # fmt: skip
            lines.append((json.dumps(record).encode(), "good", code))
            if i == 1:
                bad = self.rng.choice(
                    [
                        b'{"text": "tanpa penutup',
                        b"{broken",
                        b'{"text": "NUL\x00 di sini yang cukup panjang sekali"}',
                        b'{"text": "\xff\xfe bukan utf-8 sama sekali ya"}',
                        b'{"text": "Sebuah \\ud800 kalimat berita yang panjang"}',
                        b"[" * 100_000,
                        b'{"text": 12345}',
                        b'{"url": ["x"], "text": "kata kata kata kata"}',
                        b'"hanya string"',
                    ]
                )
                lines.append((bad, "bad", None))
        with path.open("wb") as out:
            for number, (line, outcome, marker) in enumerate(lines, start=1):
                out.write(line + b"\n")
                self.add(f"{path}:{number}", f"jsonl-{outcome}-line", outcome, marker)

    def good_odd_urls(self, n: int) -> None:
        """Articles whose URL is no web address: each is its own article all the same."""
        path = self.path(f"tautan-{n}.jsonl")
        with path.open("w", encoding="utf-8") as out:
            for number, url in enumerate(
                ["javascript:alert(8)", "javascript:alert(8)", "http://[::1", "file:///etc/passwd"],
                start=1,
            ):
                code, title, paragraphs = self.next_article()
                record = {"url": url, "title": title, "text": "\n\n".join(paragraphs)}
                out.write(json.dumps(record) + "\n")
                self.add(f"{path}:{number}", "good-odd-url", "good", code)

    def good_link(self, n: int) -> None:
        """A link to a good article: the article is stored once, under either name."""
        code, text = self.text_article()
        target = self.path(f"asli-{n}.txt")
        target.write_text(text, encoding="utf-8")
        link = self.path(f"tautan-ke-{n}.txt")
        link.symlink_to(target.name)
        self.add(target, "good-linked", "good", code)
        self.add(link, "link-to-good", "either")

    # --- hostile inputs -----------------------------------------------------------------------

    def bad_bytes(self, n: int, name: str, data: bytes, kind: str, outcome: str = "bad") -> None:
        path = self.path(name.format(n=n))
        path.write_bytes(data)
        self.add(path, kind, outcome)

    def hostile(self, n: int) -> None:  # noqa: PLR0915  (one branch per kind reads as a table)
        rng = self.rng
        size = rng.choices([1_000, 20_000, 200_000, 1_000_000], weights=[60, 35, 4, 1])[0]
        mark = rng.choice(["<", '"', ".", "=", "-", "/", "(", "'", ",", "“", "«", "*", "#"])
        choice = rng.randrange(22)
        if choice == 0:
            self.bad_bytes(
                n, "acak-{n}.txt", rng.randbytes(rng.randrange(1, 50_000)), "random-bytes"
            )
        elif choice == 1:
            self.bad_bytes(
                n, "acak-{n}", rng.randbytes(rng.randrange(1, 50_000)), "random-no-suffix"
            )
        elif choice == 2:
            _, text = self.text_article()
            data = text.encode("utf-8")
            cut = data[: rng.randrange(1, len(data))] + "é".encode()[:1]
            self.bad_bytes(n, "potong-{n}.txt", cut, "truncated-utf8", "either")
        elif choice == 3:
            _, text = self.text_article()
            self.bad_bytes(n, "utf16-{n}.txt", text.encode("utf-16-le"), "utf16-no-bom", "either")
        elif choice == 4:
            self.bad_bytes(n, "titik-{n}.txt", (mark * size).encode(), f"run-of-{mark}")
        elif choice == 5:
            line = (mark * size).encode()
            self.bad_bytes(n, "garis-{n}.jsonl", line + b"\n" + line, "jsonl-punctuation")
        elif choice == 6:
            depth = 10_000
            page = "<html><body>" + "<div>" * depth + "</div>" * depth + "</body></html>"
            self.bad_bytes(n, "sarang-{n}.html", page.encode(), "nested-divs")
        elif choice == 7:
            page = "<html><head><script>" + "x=1;" * 5000 + "</script></head><body>"
            page += "<script>alert(1)</script>" * 200 + "</body></html>"
            self.bad_bytes(n, "skrip-{n}.html", page.encode(), "scripts-only")
        elif choice == 8:
            record = rng.choice(
                ['{"text": 5}', '{"title": ["a"], "text": "x"}', "[1, 2, 3]", "null",
                 '{"body": [1, 2]}', '{"id": {"a": 1}, "text": "kata kata kata"}',
                 '{"html": false}', '{}', '"teks"', "true"]
            )  # fmt: skip
            self.bad_bytes(n, "tipe-{n}.json", record.encode(), "json-wrong-types")
        elif choice == 9:
            self.bad_bytes(n, "dalam-{n}.json", b"[" * 100_000 + b"]" * 100_000, "deep-json")
        elif choice == 10:
            data = b'{"text": "' + b"\\ud800" * 20 + b'"}\n'
            self.bad_bytes(n, "surrogat-{n}.jsonl", data, "lone-surrogates")
        elif choice == 11:
            self.bad_bytes(n, "nul-{n}.txt", b"\x00" * size, "nul-bytes")
        elif choice == 12:
            self.bad_bytes(n, "kosong-{n}.txt", b"", "empty")
        elif choice == 13:
            self.bad_bytes(n, "spasi-{n}.txt", b" \n\t\r\n " * 100, "whitespace")
        elif choice == 14:
            data = b"\x89PNG\r\n\x1a\n" + rng.randbytes(2000)
            self.bad_bytes(n, "gambar-{n}.txt", data, "png-named-txt")
        elif choice == 15:
            path = self.path(f"pipa-{n}")
            os.mkfifo(path)
            self.add(path, "named-pipe", "bad")
        elif choice == 16:
            a, b = self.path(f"lingkar-a-{n}"), self.path(f"lingkar-b-{n}")
            a.symlink_to(b.name)
            b.symlink_to(a.name)
            self.add(a, "link-loop", "bad")
            self.add(b, "link-loop", "bad")
        elif choice == 17:
            link = self.path(f"putus-{n}.txt")
            link.symlink_to(f"tidak-ada-{n}.txt")
            self.add(link, "broken-link", "bad")
        elif choice == 18:
            data = codecs.BOM_UTF8 + b"\x1b[31m" * 10
            self.bad_bytes(n, "bom-{n}.txt", data, "bom-and-escapes")
        elif choice == 19:
            page = "<html><body><p>" + "<" * size + "</p></body></html>"
            self.bad_bytes(n, "kurung-{n}.html", page.encode(), "html-of-brackets")
        elif choice == 20:
            self.bad_bytes(n, "kunci-{n}.html", b"<" * size, "brackets-named-html")
        else:
            data = "\n".join(mark * 80 for _ in range(size // 80)).encode()
            self.bad_bytes(n, "baris-{n}.txt", data, f"lines-of-{mark}")


#: The good kinds, and how often each is written among them.
GOOD_WRITERS: tuple[tuple[str, int], ...] = (
    ("good_text", 6),
    ("good_html", 2),
    ("good_odd_name", 2),
    ("good_jsonl_with_bad_lines", 1),
    ("good_odd_urls", 1),
    ("good_link", 1),
)


def write_corpus(root: Path, inputs: int, seed: int = 1, good_share: float = 0.2) -> list[Expected]:
    """A corpus of about ``inputs`` inputs, ``good_share`` of them good, in ``root``."""
    articles = indosum_articles(max(50, int(inputs * good_share) + 10))
    corpus = Corpus(root, seed, articles)
    writers: list[Callable[[int], None]] = []
    for name, weight in GOOD_WRITERS:
        writers += [getattr(corpus, name)] * weight
    number = 0
    while len(corpus.expected) < inputs:
        number += 1
        if corpus.rng.random() < good_share:
            corpus.rng.choice(writers)(number)
        else:
            corpus.hostile(number)
    return corpus.expected


@dataclass(slots=True)
class Outcome:
    """What an ingest did with a corpus, against what it had to do."""

    counts: Counter[tuple[str, str]]
    failures: list[str]


def check(expected: list[Expected], db: Path, stderr: str, code: int) -> Outcome:
    """Compare the store with what each input had to become."""
    failures: list[str] = []
    if "Traceback" in stderr:
        failures.append("a traceback was printed")
    if code not in (0, 1):
        failures.append(f"exit code {code}")
    with sqlite3.connect(db) as connection:
        documents = [row[0] for row in connection.execute("SELECT document FROM articles")]
        rows = connection.execute("SELECT origin, reason FROM rejects")
        refusals = dict(rows)
    connection.close()
    # each article counts once per marker it holds, wherever the marker ended up
    stored = Counter(code for document in documents for code in set(_CODE.findall(document)))
    refused = _by_input(refusals)
    counts: Counter[tuple[str, str]] = Counter()
    for item in expected:
        if item.code is not None:
            times = stored.get(item.code, 0)
            outcome = "stored" if times == 1 else f"stored {times} times"
            if times != 1 and item.origin not in refused:
                failures.append(f"good input {item.origin!r} stored {times} times")
            elif times != 1:
                failures.append(f"good input {item.origin!r} refused: {refused[item.origin]}")
        elif item.origin in refused:
            outcome = "refused"
            if not refused[item.origin].strip():
                failures.append(f"{item.origin!r} refused without a reason")
        else:
            outcome = "not refused"
            if item.outcome == "bad":
                failures.append(f"bad input {item.origin!r} was not refused")
        counts[(item.kind, outcome)] += 1
    return Outcome(counts, failures)


_CODE = re.compile(MARK + r"\d{6}")


def _by_input(refusals: dict[str, str]) -> dict[str, str]:
    """Refusals by input: a JSON Lines line (``path:3``) or an array element (``path[2]``)
    refused is its file's refusal too, for inputs expected whole."""
    by_input = dict(refusals)
    for origin, reason in refusals.items():
        for separator in (":", "["):
            head, found, tail = origin.rpartition(separator)
            if found and head and tail.rstrip("]").isdigit():
                by_input.setdefault(head, reason)
    return by_input


def run_cli(paths: list[str], db: Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    """``warta ingest`` on the paths: its exit code and what it printed on stderr."""
    process = subprocess.run(
        [sys.executable, "-m", "warta", "--db", str(db), "ingest", *paths],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        env={**os.environ, **(env or {})},
        check=False,
    )
    return process.returncode, process.stderr


def iter_report(outcome: Outcome) -> Iterator[str]:
    kinds = sorted({kind for kind, _ in outcome.counts})
    for kind in kinds:
        parts = [f"{what} {n}" for (k, what), n in sorted(outcome.counts.items()) if k == kind]
        yield f"  {kind:<24} " + ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--good-share", type=float, default=0.2)
    parser.add_argument("--keep", type=Path, help="write the corpus and database here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warta-fuzz-") as scratch:
        root = args.keep or Path(scratch)
        started = time.perf_counter()
        expected = write_corpus(root / "corpus", args.inputs, args.seed, args.good_share)
        written = time.perf_counter() - started
        db = root / "fuzz.db"
        started = time.perf_counter()
        code, stderr = run_cli([str(root / "corpus")], db)
        took = time.perf_counter() - started
        outcome = check(expected, db, stderr, code)
    good = sum(1 for item in expected if item.code)
    print(f"{len(expected)} inputs ({good} good articles), written in {written:.0f} s")
    print(f"warta ingest: exit code {code}, {took:.0f} s ({len(expected) / took:.0f} inputs/s)")
    for line in iter_report(outcome):
        print(line)
    for failure in outcome.failures[:50]:
        print("FAILED:", failure)
    print("ok" if not outcome.failures else f"{len(outcome.failures)} failures")
    sys.exit(1 if outcome.failures else 0)


if __name__ == "__main__":
    main()
