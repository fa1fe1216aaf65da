"""Live sources as ``warta sources`` and ``/api/sources`` give them: a source's row with its
state at a moment, and a fetched page's row with its date evidence."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from warta.records import FetchedPage, SourceState

#: A source's fields, in the order the CLI's CSV gives them.
SOURCE_COLUMNS = (
    "id", "url", "kind", "outlet", "state", "last_fetch", "last_new", "articles", "polls",
    "failures", "next_poll", "interval_seconds", "last_status", "last_error",
)  # fmt: skip

#: ``paused`` (after failing too often; ``last_error`` says why), ``due`` (the next poll
#: polls it) or ``waiting`` (until ``next_poll``).
PollState = Literal["due", "waiting", "paused"]


def now_iso() -> str:
    """The present moment as sources' times are written (UTC ISO 8601, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def source_state(source: SourceState, now: str) -> PollState:
    """Whether the source is paused, due at ``now`` or waiting for its next poll."""
    if source.paused:
        return "paused"
    return "due" if source.next_poll <= now else "waiting"


def source_row(source: SourceState, now: str) -> dict[str, object]:
    """The source's :data:`SOURCE_COLUMNS`, its state as at ``now``."""
    row = {column: getattr(source, column, None) for column in SOURCE_COLUMNS}
    row["state"] = source_state(source, now)
    return row


def fetched_page_row(page: FetchedPage) -> dict[str, object]:
    """A page fetched: its publication time, the evidence it was chosen from (each piece with
    its source) and the sources that disagree with it (``disagrees:<source>``)."""
    return {
        "url": page.url,
        "source_id": page.source_id,
        "fetched_at": page.fetched_at,
        "status": page.status,
        "published": page.published,
        "published_source": page.published_source,
        "evidence": [{"source": source, "value": value} for source, value in page.date_evidence],
        "flags": list(page.date_flags),
    }
