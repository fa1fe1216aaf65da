"""The archive of what was fetched: WARC files (ISO 28500, through warcio) of every request and
response, headers included, so that an article can be analysed again and cited as it was seen.

Each run writes its own gzipped file, ``warta-<UTC time>-<process>.warc.gz``, in the
``fetch_archive`` directory: a ``warcinfo`` record, then for each exchange a ``request`` and a
``response`` record tied by ``WARC-Concurrent-To``. Each record is a gzip member of its own and
is flushed when written, so a run stopped at any point leaves every record written whole.

The body kept is the decoded one (a gzip transfer undone); its response says which encoding
the server used in ``X-Warta-Decoded-Content-Encoding``.
"""

from __future__ import annotations

import io
import logging
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warta import __version__
from warta.errors import UsageError
from warta.sources.http import Exchange

log = logging.getLogger(__name__)

ARCHIVE_GLOB = "*.warc.gz"


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    """A response read back from the archive."""

    url: str
    fetched_at: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    #: The WARC file's name in the archive and the record's offset in it: where
    #: :func:`read_responses` finds the response again.
    file: str
    offset: int = 0

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


class Archive:
    """Appends exchanges to this run's WARC file (made at the first one), from any thread."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.path: Path | None = None
        self._stream: IO[bytes] | None = None
        self._writer: Any = None
        self._lock = threading.Lock()
        self.records = 0

    def write(self, exchange: Exchange) -> None:
        """Keep one request and its response.

        Raises:
            UsageError: the archive directory cannot be written.
        """
        from warcio.statusandheaders import StatusAndHeaders  # noqa: PLC0415

        with self._lock:
            writer = self._open()
            path = _request_path(exchange.url)
            request = writer.create_warc_record(
                exchange.url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    f"GET {path} HTTP/1.1", exchange.request_headers, is_http_request=True
                ),
                warc_headers_dict={"WARC-Date": _warc_date(exchange.fetched_at)},
            )
            protocol = exchange.http_version or "HTTP/1.1"
            response = writer.create_warc_record(
                exchange.url,
                "response",
                payload=io.BytesIO(exchange.body),
                length=len(exchange.body),
                http_headers=StatusAndHeaders(
                    f"{exchange.status} {exchange.reason}",
                    exchange.response_headers,
                    protocol=protocol,
                ),
                warc_headers_dict={
                    "WARC-Date": _warc_date(exchange.fetched_at),
                    "WARC-IP-Address": exchange.address,
                },
            )
            request.rec_headers.add_header(
                "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
            )
            writer.write_record(request)
            writer.write_record(response)
            assert self._stream is not None
            self._stream.flush()
            self.records += 2

    def close(self) -> None:
        with self._lock:
            if self._stream is not None:
                self._stream.close()
                self._stream = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _open(self) -> Any:
        if self._writer is not None:
            return self._writer
        from warcio.warcwriter import WARCWriter  # noqa: PLC0415

        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.path = self.directory / f"warta-{stamp}-{os.getpid()}.warc.gz"
            self._stream = self.path.open("ab")
        except OSError as exc:
            raise UsageError(
                f"cannot write the archive in {self.directory} ({exc.strerror or exc}); "
                "set fetch_archive to a writable directory"
            ) from exc
        self._writer = WARCWriter(self._stream, gzip=True)
        info = self._writer.create_warcinfo_record(
            self.path.name, {"software": f"Warta/{__version__}", "format": "WARC File Format 1.1"}
        )
        self._writer.write_record(info)
        return self._writer


def read_archive(directory: str | Path) -> Iterator[ArchivedResponse]:
    """Every response kept in the directory's WARC files, oldest file first, in file order,
    each with its place (file and offset), one body in memory at a time. A record cut short
    (a run killed while writing it) ends its file's reading, with a warning.

    Raises:
        UsageError: there is no such directory.
    """
    from warcio.archiveiterator import ArchiveIterator  # noqa: PLC0415

    folder = Path(directory)
    if not folder.is_dir():
        raise UsageError(f"no archive at {folder}: fetch first, or set fetch_archive")
    for path in sorted(folder.glob(ARCHIVE_GLOB)):
        with path.open("rb") as stream:
            try:
                records = ArchiveIterator(stream)
                for record in records:
                    if record.rec_type != "response" or record.http_headers is None:
                        continue
                    body = record.content_stream().read()
                    # read to the record's end: a record cut short raises here, not yielded
                    offset = records.get_record_offset()
                    yield _response(record, body, path.name, offset)
            except _damaged() as exc:
                log.warning("%s: stopped reading at a damaged record (%s)", path, exc)


def read_responses(
    directory: str | Path, places: Iterable[tuple[str, int]]
) -> Iterator[ArchivedResponse]:
    """The responses at these places (file name and record offset, as :func:`read_archive`
    gives them), in the order given: each file is opened once for the places in a row that
    lie in it, and only the records asked for are read. A place whose record cannot be read
    is passed over with a warning.

    Raises:
        UsageError: there is no such directory.
    """
    from warcio.archiveiterator import ArchiveIterator  # noqa: PLC0415

    folder = Path(directory)
    if not folder.is_dir():
        raise UsageError(f"no archive at {folder}: fetch first, or set fetch_archive")
    name: str | None = None
    stream: IO[bytes] | None = None
    try:
        for file, offset in places:
            if file != name:
                if stream is not None:
                    stream.close()
                name, stream = file, (folder / file).open("rb")
            assert stream is not None
            stream.seek(offset)
            try:
                record = next(iter(ArchiveIterator(stream)), None)
                if record is None or record.rec_type != "response" or record.http_headers is None:
                    raise ValueError("no response there")
                body = record.content_stream().read()
            except _damaged() as exc:
                log.warning("%s at %d: cannot read the response (%s)", file, offset, exc)
                continue
            yield _response(record, body, file, offset)
    finally:
        if stream is not None:
            stream.close()


def _response(record: Any, body: bytes, file: str, offset: int) -> ArchivedResponse:
    return ArchivedResponse(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched_at=record.rec_headers.get_header("WARC-Date"),
        status=int(record.http_headers.get_statuscode() or 0),
        headers=list(record.http_headers.headers),
        body=body,
        file=file,
        offset=offset,
    )


def _damaged() -> tuple[type[Exception], ...]:
    """What reading a damaged record raises (warcio is imported when the archive is read)."""
    from warcio.exceptions import ArchiveLoadFailed  # noqa: PLC0415

    return (ArchiveLoadFailed, EOFError, OSError, ValueError)


def _request_path(url: str) -> str:
    from urllib.parse import urlsplit  # noqa: PLC0415

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _warc_date(iso: str) -> str:
    """WARC-Date: UTC, ``YYYY-MM-DDThh:mm:ssZ``."""
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
