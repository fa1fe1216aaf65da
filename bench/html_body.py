"""Body and title of HTML article pages: Warta against trafilatura alone, on portal-like pages.

Each page of ``tests/fixtures/portal-pages`` (written after the structure of a dozen Indonesian
portals: see the README there) has in ``gold.json`` its headline and the paragraphs of its
article. The script reads every page twice:

* **trafilatura**: ``trafilatura.extract`` with its defaults, as a user would call it alone;
* **warta**: what Warta makes of the page: :func:`warta.ingest.html.read_html`, then the
  per-article stages up to and including cleaning (the dateline is still in the first paragraph
  there, as in the gold: the provenance stage after cleaning moves it to ``dateline``).

and prints, per page and overall, the word F1 of each body against the gold body (a bag of
lower-cased words: precision is the share of the words given that the gold has, recall the share
of the gold's words given), and whether Warta's title is the gold title. "overall" is the mean of
the pages' F1 (each page counts once, whatever its length); "pooled" counts words over all pages.

Run it from the repository root::

    .venv/bin/python bench/html_body.py [--pages DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from warta.analyze import STAGES, run_stages, start_article
from warta.ingest.html import read_html
from warta.model import RawDocument

#: The fixture pages, beside the tests.
DEFAULT_PAGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "portal-pages"
#: The last per-article stage whose body is scored: cleaning. The dateline is read out of the
#: first paragraph by the stage after it, and the gold keeps it, as the pages print it.
LAST_STAGE = "clean"

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Overlap:
    """Words in common between a body and the gold body, and the size of each."""

    common: int
    given: int
    expected: int

    @property
    def f1(self) -> float:
        total = self.given + self.expected
        return 2 * self.common / total if total else 1.0


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page: the word overlap of each reader's body, and Warta's title."""

    page: str
    trafilatura: Overlap
    warta: Overlap
    title: str | None
    gold_title: str


def words(paragraphs: list[str]) -> Counter[str]:
    """The bag of lower-cased words of some paragraphs."""
    return Counter(_WORD.findall(" ".join(paragraphs).casefold()))


def overlap(given: list[str], expected: list[str]) -> Overlap:
    """How many words ``given`` and ``expected`` share, as bags."""
    mine, gold = words(given), words(expected)
    return Overlap(sum((mine & gold).values()), sum(mine.values()), sum(gold.values()))


def trafilatura_body(page: str, url: str | None) -> list[str]:
    """trafilatura alone, with its defaults: its text, one paragraph per line."""
    import trafilatura  # noqa: PLC0415  (the import takes a quarter second)

    text = trafilatura.extract(page, url=url) or ""
    return [line.strip() for line in text.splitlines() if line.strip()]


def warta_article(name: str, page: str) -> tuple[str | None, list[str]]:
    """Warta's title and body of a page, as cleaning leaves them."""
    html_page = read_html(name, page, None)
    raw = RawDocument(
        origin=name,
        format="html",
        text=html_page.text,
        html=page,
        url=html_page.url,
        outlet=html_page.outlet,
        title=html_page.title,
        published=html_page.published,
        author=html_page.author,
    )
    names = [registered.name for registered in STAGES]
    article = run_stages(start_article(raw), STAGES[: names.index(LAST_STAGE) + 1])
    return article.title, article.body


def score_pages(folder: Path) -> list[PageScore]:
    """Score every page the folder's ``gold.json`` names."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["pages"]
    scores = []
    for name, expected in sorted(gold.items()):
        page = (folder / name).read_text(encoding="utf-8")
        title, body = warta_article(name, page)
        scores.append(
            PageScore(
                page=name,
                trafilatura=overlap(trafilatura_body(page, expected.get("url")), expected["body"]),
                warta=overlap(body, expected["body"]),
                title=title,
                gold_title=expected["title"],
            )
        )
    return scores


def mean_f1(overlaps: list[Overlap]) -> float:
    """The mean of the pages' F1."""
    return sum(item.f1 for item in overlaps) / len(overlaps) if overlaps else 0.0


def pooled_f1(overlaps: list[Overlap]) -> float:
    """F1 over the words of all pages together."""
    return Overlap(
        sum(item.common for item in overlaps),
        sum(item.given for item in overlaps),
        sum(item.expected for item in overlaps),
    ).f1


def report(scores: list[PageScore]) -> str:
    """The scores as a table."""
    lines = [f"{'page':<18} {'trafilatura':>11} {'warta':>7}  title"]
    for score in scores:
        mark = "ok" if score.title == score.gold_title else f"WRONG: {score.title!r}"
        lines.append(
            f"{score.page:<18} {score.trafilatura.f1:>11.3f} {score.warta.f1:>7.3f}  {mark}"
        )
    traf, warta = [s.trafilatura for s in scores], [s.warta for s in scores]
    lines.append(f"{'overall (mean)':<18} {mean_f1(traf):>11.3f} {mean_f1(warta):>7.3f}")
    lines.append(f"{'pooled':<18} {pooled_f1(traf):>11.3f} {pooled_f1(warta):>7.3f}")
    titles = sum(score.title == score.gold_title for score in scores)
    lines.append(f"titles exact: {titles} of {len(scores)}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of the pages")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    arguments = parser.parse_args()
    scores = score_pages(arguments.pages)
    if arguments.json:
        print(json.dumps([asdict(score) for score in scores], ensure_ascii=False, indent=1))
    else:
        print(report(scores))


if __name__ == "__main__":
    main()
