"""Article metadata from what the input said about itself: title, publication time, outlet."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from warta.analyze.pipeline import stage
from warta.analyze.templates import line_key
from warta.lang.id.calendar import PUBLICATION
from warta.model import Article
from warta.timestamps import parse_timestamp

# A headline has a handful of words: Indonesian headlines in the samples and in IndoSum run 6-20
# words; below 3 it is navigation ("Berita", "Network"), above 30 it is a paragraph.
MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 30
#: Only the top of a page holds the headline; scrapers put it within the first lines.
TITLE_SEARCH_LINES = 15

# Lines that are page furniture, not headlines: app and social prompts, photo credits, bylines.
_NOT_HEADLINE = re.compile(
    r"(aplikasi|play ?store|app ?store|download|unduh|ikuti kami|follow us|login|"
    r"\((?:foto|photo|dok|ilustrasi)|foto:|photo:|•|\|)",
    re.IGNORECASE,
)
# A parenthesised credit ending the line: "(AFP / Sputnik)", "(ANTARA FOTO/Name)". One character
# class, no nested repetition: the older form backtracked badly on long lines.
_PHOTO_CREDIT_END = re.compile(r"\([A-Z][\w.&/ -]*\)\s*\.?$")
_SMALL_WORDS = frozenset(
    [
        "dan",
        "di",
        "ke",
        "dari",
        "yang",
        "untuk",
        "dengan",
        "atau",
        "pada",
        "dalam",
        "oleh",
        "soal",
        "jadi",
        "serta",
        "vs",
    ]
)


def find_title(lines: list[str]) -> int | None:
    """Index of the headline among the first lines of a scraped page, or None.

    A headline is a line that occurs once (captions are often repeated), has a headline's length,
    does not end as a sentence or a photo credit, is not page furniture, and is written in title
    case (Indonesian headlines capitalise content words, captions and tag lines do not). Among the
    candidates the most headline-like wins, the earlier one on a tie.
    """
    best: tuple[float, int] | None = None
    top = lines[:TITLE_SEARCH_LINES]
    for index, line in enumerate(top):
        score = _headline_score(line, top.count(line))
        if score > 0 and (best is None or score > best[0]):
            best = (score, index)
    return best[1] if best else None


def _headline_score(line: str, occurrences: int) -> float:
    words = line.split()
    if occurrences > 1 or not MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS:
        return 0.0
    if line.endswith((".", ",", ":", ";")) or line.startswith(('"', "“", "-", "(")):
        return 0.0
    content = [word for word in words if word.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for word in content if word[:1].isupper() or word[:1].isdigit())
    share = capitalised / len(content) if content else 0.0
    if share < 0.5:
        return 0.0
    # The regexes last: they cost more than all the rest, and few lines get this far.
    if _NOT_HEADLINE.search(line) or _PHOTO_CREDIT_END.search(line) or _is_date_line(line):
        return 0.0
    return share


#: Words a date line may hold besides its date: "Selasa, 6 Desember 2022 19:20 WIB".
_DATE_LINE_EXTRA_WORDS = 2


def _is_date_line(line: str) -> bool:
    """Whether a line is a publication date and little else: a byline date is title case too."""
    found = PUBLICATION.search(line)
    if found is None:
        return False
    rest = line[: found.start()] + " " + line[found.end() :]
    return len(re.findall(r"[^\W\d_]+", rest)) <= _DATE_LINE_EXTRA_WORDS


def outlet_from_url(url: str) -> str | None:
    """The outlet a URL belongs to: its host without ``www.`` or a mobile prefix."""
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "m.", "amp.", "mobile."):
        host = host.removeprefix(prefix)
    return host or None


@stage("title", assigns=("title", "body"))
def take_title(article: Article) -> Article:
    """Take the headline out of the body: the input's title if it gave one, else the best line."""
    if article.title:
        if article.body and article.body[0] == article.title:
            article.body = article.body[1:]
        return article
    keys = article.template_keys
    # The outlet's template lines (its name, its sections) are never the headline.
    candidates = [("" if keys and line_key(line) in keys else line) for line in article.body]
    index = find_title(candidates)
    if index is not None:
        article.title = article.body[index]
        article.body = article.body[:index] + article.body[index + 1 :]
    return article


@stage("published", requires=("published",), assigns=("published",))
def normalize_published(article: Article) -> Article:
    """Publication time given by the input, as ISO 8601 with its offset."""
    if article.published:
        article.published = parse_timestamp(article.published)
    return article


@stage("outlet", requires=("url", "outlet"), assigns=("outlet",))
def outlet(article: Article) -> Article:
    """The outlet the input named, else the one its URL belongs to."""
    if not article.outlet and article.url:
        article.outlet = outlet_from_url(article.url)
    return article
