"""SQL fragments the store's queries share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from warta.timestamps import end_bound_utc, to_utc

if TYPE_CHECKING:
    from warta.store.database import Database, Row

#: Ids per ``IN (...)`` query: below SQLite's default limit of 999 host parameters (older
#: builds); PostgreSQL takes up to 65,535.
SQL_VARIABLES = 900

#: The ids of a story's articles, the story given (twice) by its id or a merged story's old id.
STORY_ARTICLES = (
    "SELECT article_id FROM story_articles WHERE story_id ="
    " coalesce((SELECT story_id FROM story_aliases WHERE old_id = ?), ?)"
)


def rows_in(db: Database, sql: str, values: Iterable[object]) -> Iterator[Row]:
    """The rows of ``sql`` for any number of values: its ``{marks}`` becomes the placeholders
    of ``IN ({marks})``, run once per :data:`SQL_VARIABLES` distinct values."""
    unique = list(dict.fromkeys(values))
    for start in range(0, len(unique), SQL_VARIABLES):
        chunk = unique[start : start + SQL_VARIABLES]
        yield from db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)


#: The outlets an outlet filter names: its name in any case ("CNN Indonesia" finds "cnn
#: indonesia", as the outlet list shows it), found in the small table of the outlets' counts,
#: so that the articles' index on their outlet still serves.
OUTLET_NAMED = "SELECT oc.outlet FROM outlet_counts oc WHERE lower(oc.outlet) = lower(?)"


def article_filters(
    outlet: str | None, since: str | None, until: str | None, table: str = ""
) -> tuple[list[str], list[object]]:
    """WHERE clauses and their parameters for the outlet and publication-date filters every
    listing takes; ``table`` qualifies the columns ("a." when articles is joined as a)."""
    clauses: list[str] = []
    params: list[object] = []
    if outlet:
        clauses.append(f"{table}outlet IN ({OUTLET_NAMED})")
        params.append(outlet)
    if since:
        clauses.append(f"{table}published_utc >= ?")
        params.append(to_utc(since))
    if until:
        bound, inclusive = end_bound_utc(until)
        clauses.append(f"{table}published_utc {'<=' if inclusive else '<'} ?")
        params.append(bound)
    return clauses, params
