"""Read every input a user names into raw documents, refusing bad ones one by one."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from typing import IO

from warta.errors import EmptyInput, InputRejected, MalformedInput, NotText, TooLarge
from warta.ingest.decode import check_not_binary, decode
from warta.ingest.formats import AUTO, SNIFF_BYTES, check_format, detect
from warta.ingest.html import read_html
from warta.ingest.records import record_to_raw
from warta.ingest.sources import Source, expand
from warta.model import RawDocument

log = logging.getLogger(__name__)

#: Fewest words (with letters) an article may have, title included: a headline alone has three
#: or more. Fewer is a fragment (a truncated page, a "Loading..." shell), not news.
MIN_ARTICLE_WORDS = 3

#: A JSON file (one array of articles) is read whole; it may hold this many articles' worth.
JSON_FILE_ARTICLES = 50


def read_inputs(
    paths: Iterable[str], input_format: str = AUTO, max_document_bytes: int = 10 * 1024 * 1024
) -> Iterator[RawDocument | InputRejected]:
    """Every article in the named inputs, in order, or the reason an input was refused.

    Refusals are yielded, not raised, so one bad file never ends the run. Reading is streaming:
    JSONL files of any length are read a line at a time.
    """
    check_format(input_format)
    reader = _Reader(input_format, max_document_bytes)
    for source in expand(paths):
        if isinstance(source, InputRejected):
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
            log.warning("unexpected error reading %s", source.name, exc_info=True)
            yield InputRejected(source.name, f"could not be read ({type(exc).__name__}: {exc})")


def _checked_length(item: RawDocument | InputRejected) -> RawDocument | InputRejected:
    if isinstance(item, InputRejected):
        return item
    words = 0
    for text in (item.title or "", item.text):
        for _ in _WORD.finditer(text):
            words += 1
            if words >= MIN_ARTICLE_WORDS:
                return item
    return EmptyInput(
        item.origin,
        f"too little text for an article ({words} words; at least {MIN_ARTICLE_WORDS})",
    )


_WORD = re.compile(r"\S*[^\W\d_]\S*")  # a run of non-space characters with a letter in it


class _Reader:
    def __init__(self, input_format: str, max_document_bytes: int) -> None:
        self.input_format = input_format
        self.max_bytes = max_document_bytes

    def read(self, source: Source) -> Iterator[RawDocument | InputRejected]:
        if source.path is None:
            stream = sys.stdin.buffer
            yield from self._read_stream(source.name, stream)
            return
        with source.path.open("rb") as stream:
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
            page = read_html(name, text)
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
        check_not_binary(name, head)
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
            try:
                record = json.loads(line)
            except UnicodeDecodeError:
                yield NotText(origin, "line is not UTF-8 text (JSON Lines must be UTF-8)")
                continue
            except ValueError as exc:
                yield MalformedInput(origin, f"invalid JSON ({_json_error(exc)})")
                continue
            try:
                yield record_to_raw(origin, record)
            except InputRejected as rejected:
                yield rejected

    def _read_json(
        self, name: str, text: str, encoding: str
    ) -> Iterator[RawDocument | InputRejected]:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise MalformedInput(name, f"invalid JSON ({_json_error(exc)})") from exc
        records = data if isinstance(data, list) else [data]
        for index, record in enumerate(records):
            origin = f"{name}[{index}]" if isinstance(data, list) else name
            try:
                yield record_to_raw(origin, record, encoding)
            except InputRejected as rejected:
                yield rejected


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


def _json_error(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg}, column {exc.colno}"
    return str(exc)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"
