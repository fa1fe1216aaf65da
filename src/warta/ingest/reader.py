"""Read every input a user names into raw documents, refusing bad ones one by one."""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any

from warta.errors import EmptyInput, InputRejected, MalformedInput, NotText, TooLarge
from warta.ingest.decode import decode, refuse_known_binary
from warta.ingest.formats import SNIFF_BYTES, check_format, detect
from warta.ingest.html import HtmlReader, read_html
from warta.ingest.records import record_to_raw
from warta.ingest.sources import Skipped, Source, expand
from warta.model import AUTO, RawDocument

log = logging.getLogger(__name__)

#: Fewest words (with letters) an article may have, title included: a headline alone has three
#: or more. Fewer is a fragment (a truncated page, a "Loading..." shell), not news.
MIN_ARTICLE_WORDS = 3

#: A JSON file (one array of articles) is read whole; it may hold this many articles' worth.
JSON_FILE_ARTICLES = 50


def read_inputs(
    paths: Iterable[str],
    input_format: str = AUTO,
    max_document_bytes: int = 10 * 1024 * 1024,
    names: Mapping[str, str] | None = None,
    html_reader: HtmlReader = read_html,
) -> Iterator[RawDocument | InputRejected | Skipped]:
    """Every article in the named inputs, in order, or the reason an input was refused.

    Refusals are yielded, not raised, so one bad file never ends the run: any error while
    reading, decoding or parsing one input refuses that input alone. Reading is streaming:
    JSONL files of any length are read a line at a time. Hidden files passed over in a
    directory come out as :class:`~warta.ingest.sources.Skipped`. ``names``: see
    :func:`~warta.ingest.sources.expand`. ``html_reader`` extracts the text of HTML pages
    (a runner passes one that works in a worker process, within a time budget).
    """
    check_format(input_format)
    reader = _Reader(input_format, max_document_bytes, html_reader)
    for source in expand(paths, names):
        if not isinstance(source, Source):
            yield source
            continue
        try:
            for item in reader.read(source):
                yield _checked_length(item)
        except InputRejected as rejected:
            yield rejected
        except OSError as exc:
            yield InputRejected(source.name, f"cannot read: {exc.strerror or exc}")
        except Exception as exc:  # a parser bug on hostile input must not end the batch
            log.debug("unexpected error reading %s", source.name, exc_info=True)
            yield InputRejected(source.name, f"could not be read ({type(exc).__name__}: {exc})")


def _checked_length(item: RawDocument | InputRejected) -> RawDocument | InputRejected:
    if isinstance(item, InputRejected):
        return item
    words = 0
    for text in (item.title or "", item.text):
        for token in _TOKEN.finditer(text):
            if _LETTER.search(token.group()):
                words += 1
                if words >= MIN_ARTICLE_WORDS:
                    return item
    return EmptyInput(
        item.origin,
        f"too little text for an article ({words} words; at least {MIN_ARTICLE_WORDS})",
    )


# A word is a run of non-space characters with a letter in it. Two steps, each linear: one
# pattern ``\S*[letter]\S*`` backtracks quadratically over a long run without a letter.
_TOKEN = re.compile(r"\S+")
_LETTER = re.compile(r"[^\W\d_]")


class _Reader:
    def __init__(self, input_format: str, max_document_bytes: int, html_reader: HtmlReader) -> None:
        self.input_format = input_format
        self.max_bytes = max_document_bytes
        self.read_html = html_reader

    def read(self, source: Source) -> Iterator[RawDocument | InputRejected]:
        if source.path is None:
            stream = sys.stdin.buffer
            yield from self._read_stream(source.name, stream)
            return
        with _open_regular(source) as stream:
            yield from self._read_stream(source.name, stream)

    def _read_stream(self, name: str, stream: IO[bytes]) -> Iterator[RawDocument | InputRejected]:
        head = stream.read(SNIFF_BYTES)
        kind = self.input_format if self.input_format != AUTO else detect(name, head)
        if kind == "jsonl":
            yield from self._read_jsonl(name, head, stream)
            return
        limit = self.max_bytes * (JSON_FILE_ARTICLES if kind == "json" else 1)
        data = head + stream.read(max(0, limit + 1 - len(head)))
        if len(data) > limit:
            what = "a JSON file" if kind == "json" else "one article"
            raise TooLarge(
                name,
                f"larger than {_megabytes(limit)}, the most {what} may be (setting "
                "max_document_bytes); split it into articles",
            )
        text, encoding = decode(name, data)
        if kind == "json":
            yield from self._read_json(name, text, encoding)
        elif kind == "html":
            page = self.read_html(name, text, None)
            yield RawDocument(
                origin=name,
                format="html",
                text=page.text,
                encoding=encoding,
                html=text,
                url=page.url,
                outlet=page.outlet,
                title=page.title,
                published=page.published,
                author=page.author,
            )
        else:
            yield RawDocument(origin=name, format="text", text=text, encoding=encoding)

    def _read_jsonl(
        self, name: str, head: bytes, stream: IO[bytes]
    ) -> Iterator[RawDocument | InputRejected]:
        refuse_known_binary(name, head)  # NUL bytes are one line's fault, refused with it
        number = 0
        pending = head
        while True:
            line, pending, too_long = _next_line(stream, pending, self.max_bytes)
            if line is None:
                return
            number += 1
            origin = f"{name}:{number}"
            if too_long:
                yield TooLarge(origin, f"line longer than {_megabytes(self.max_bytes)}")
                continue
            if not line.strip():
                continue
            if b"\x00" in line:
                yield NotText(origin, "binary data (NUL bytes), not a JSON line")
                continue
            try:
                record = _load_json(origin, line)
                yield record_to_raw(origin, record, read_html=self.read_html)
            except InputRejected as rejected:
                yield rejected
            except Exception as exc:  # one line's fault: its neighbours are read
                log.debug("unexpected error reading %s", origin, exc_info=True)
                yield MalformedInput(origin, f"could not be read ({type(exc).__name__}: {exc})")

    def _read_json(
        self, name: str, text: str, encoding: str
    ) -> Iterator[RawDocument | InputRejected]:
        data = _load_json(name, text)
        records = data if isinstance(data, list) else [data]
        for index, record in enumerate(records):
            origin = f"{name}[{index}]" if isinstance(data, list) else name
            try:
                yield record_to_raw(origin, record, encoding, self.read_html)
            except InputRejected as rejected:
                yield rejected
            except Exception as exc:  # one record's fault: the others are read
                log.debug("unexpected error reading %s", origin, exc_info=True)
                yield MalformedInput(origin, f"could not be read ({type(exc).__name__}: {exc})")


def _next_line(stream: IO[bytes], pending: bytes, limit: int) -> tuple[bytes | None, bytes, bool]:
    """The next line of a stream: ``(line or None at the end, rest of the buffer, too long)``.

    Memory stays bounded by ``limit``: an over-long line is skipped, not kept.
    """
    newline = pending.find(b"\n")
    if newline >= 0:
        return pending[:newline], pending[newline + 1 :], False
    rest = stream.readline(limit + 1 - len(pending)) if len(pending) <= limit else b""
    line = pending + rest
    if not line:
        return None, b"", False
    if line.endswith(b"\n"):
        return line[:-1], b"", False
    if len(line) <= limit:  # the last line, without a newline
        return line, b"", False
    while True:  # skip the rest of the over-long line
        chunk = stream.readline(1024 * 1024)
        if not chunk or chunk.endswith(b"\n"):
            return b"", b"", True


def _load_json(origin: str, data: str | bytes) -> Any:
    """Parse one JSON document; what cannot be parsed is refused with the reason.

    Raises:
        NotText: bytes that are not UTF-8.
        MalformedInput: invalid JSON, or JSON nested deeper than Python's parser goes.
    """
    try:
        return json.loads(data)
    except UnicodeDecodeError as exc:
        raise NotText(origin, "not UTF-8 text (JSON Lines must be UTF-8)") from exc
    except ValueError as exc:
        raise MalformedInput(origin, f"invalid JSON ({_json_error(exc)})") from exc
    except RecursionError as exc:
        raise MalformedInput(origin, "JSON nested too deeply to be an article") from exc


@contextmanager
def _open_regular(source: Source) -> Iterator[IO[bytes]]:
    """Open a file for reading without ever blocking, and only if it is a regular file: a named
    pipe put in a file's place since the directory was listed is refused, not waited on."""
    assert source.path is not None
    descriptor = os.open(source.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise InputRejected(source.name, "not a regular file: only regular files are read")
        os.set_blocking(descriptor, True)
        stream = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with stream:
        yield stream


def _json_error(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg}, column {exc.colno}"
    return str(exc)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"
