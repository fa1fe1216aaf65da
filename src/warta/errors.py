"""The exceptions Warta raises, one tree so callers can catch at the depth they need.

```
WartaError                      anything Warta raises on purpose
├── UsageError                  the caller asked for the impossible (unknown format, bad option)
│   ├── FilterError             a query's filter that cannot be (named as option or parameter)
│   └── OverLimit               a query over one of Warta's bounds, or with nothing to look for
├── InputRejected               one input cannot become an article; the batch goes on
│   ├── SourceNotFound          a path or glob that matches nothing
│   ├── TooLarge                bigger than the `max_document_bytes` setting
│   ├── EmptyInput              nothing but whitespace
│   ├── NotText                 binary data, an image, undecodable bytes
│   ├── MalformedInput          broken JSON, HTML without readable text, missing fields
│   └── FetchFailed             a URL could not be fetched (timeout, error status, no connection)
│       └── FetchRefused        a URL Warta will not request (not http(s), a private address,
│                               forbidden by robots.txt)
├── AnalysisError               a per-article stage failed on one article
└── StoreError                  the database cannot be opened, read or migrated
    ├── SchemaTooNew            the database was written by a newer Warta
    └── StoreBusy               another writer held the database longer than we wait
```

The CLI turns every one of them into one clear line and an exit code; the web layer into an
HTTP status. None of them should ever reach a user as a traceback.
"""

from __future__ import annotations


class WartaError(Exception):
    """Base of every error Warta raises on purpose."""


class UsageError(WartaError):
    """The caller asked for something that cannot be done as asked."""


class FilterError(UsageError):
    """A filter of a query that cannot be, as the query types refuse it (``warta.records``).

    The message leads with the filter's name (``since``, ``limit``) when ``leads``: the CLI
    shows it as its option (``--since``, :meth:`named`), the API and pages as their parameter.
    """

    def __init__(self, field: str, problem: str, *, leads: bool = True) -> None:
        self.field = field
        self.problem = problem
        self.leads = leads
        super().__init__(self.named(""))

    def named(self, prefix: str) -> str:
        """The message, the filter named as ``prefix`` + its name."""
        return f"{prefix}{self.field} {self.problem}" if self.leads else self.problem


class OverLimit(UsageError):
    """A query Warta refuses for its size: nothing to search for, too long a search, too many
    series or periods to draw. The message is English, for the CLI and the API; ``reason``
    and ``values`` let the web pages say the same in their reader's language.

    Attributes:
        reason: which bound, as a key: ``empty_query``, ``query_too_long``, ``too_many_terms``,
            ``too_many_series``, ``too_many_periods``.
        values: the numbers and names the message gives (``limit``, ``given``, ``interval``).
    """

    def __init__(self, message: str, reason: str, **values: int | str) -> None:
        super().__init__(message)
        self.reason = reason
        self.values = values


class InputRejected(WartaError):
    """One input (file, JSONL line, stdin) cannot become an article.

    Attributes:
        origin: where the input came from: a path, ``path:line`` or ``<stdin>``.
        reason: a short human sentence saying why, and how to fix it when we know.
    """

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class SourceNotFound(InputRejected):
    """A path that does not exist, or a glob that matches no file."""


class TooLarge(InputRejected):
    """An input bigger than the ``max_document_bytes`` setting."""


class EmptyInput(InputRejected):
    """An input with no text in it."""


class NotText(InputRejected):
    """Binary data: an image, an archive, random bytes, text in no encoding we can read."""


class MalformedInput(InputRejected):
    """Text that should have a structure (JSON, HTML) and does not, or lacks a required field."""


class FetchFailed(InputRejected):
    """A URL could not be fetched: the server did not answer in time, answered an error, or
    redirected too often.

    Attributes:
        status: the HTTP status of the last answer, if there was one.
        retry_after: seconds the server asked to wait (429 or 503 with Retry-After), if it did.
    """

    def __init__(
        self, origin: str, reason: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(origin, reason)
        self.status = status
        self.retry_after = retry_after


class FetchRefused(FetchFailed):
    """A URL Warta will not request: another scheme than http(s), a private, loopback or
    link-local address (setting ``fetch_allow_private``), or a path robots.txt forbids."""


class AnalysisError(WartaError):
    """A per-article analysis stage failed; the article is set aside with this reason."""

    def __init__(self, stage: str, reason: str) -> None:
        super().__init__(f"stage {stage!r} failed: {reason}")
        self.stage = stage
        self.reason = reason


class StoreError(WartaError):
    """The store cannot be opened, read, written or migrated."""


class SchemaTooNew(StoreError):
    """The database's schema version is newer than this Warta knows."""


class StoreBusy(StoreError):
    """Another process kept the database locked for longer than the ``write_wait_seconds``
    setting. Nothing of the write that gave up was stored; trying again later completes it.

    Attributes:
        retry_after: seconds after which trying again is sensible.
    """

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after
