"""Article metadata from what the input said about itself: title, publication time, outlet."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from warta.analyze.pipeline import stage
from warta.analyze.templates import line_key
from warta.lang.id import cues
from warta.lang.id.calendar import PUBLICATION
from warta.model import Article
from warta.timestamps import parse_timestamp

# A headline has a handful of words: Indonesian headlines in the samples and in IndoSum run 6-20
# words; below 3 it is navigation ("Berita", "Network"), above 30 it is a paragraph.
MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 30
#: Score of a headline in sentence case (title case scores 0.5 to 1), and its longest length.
SENTENCE_CASE_SCORE = 0.2
MAX_SENTENCE_CASE_WORDS = 20
_INNER_SENTENCE_END = re.compile(r"[.!?]\s+\S")
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
#: Words Indonesian headlines leave in lower case, which title case does not count.
SMALL_WORDS = frozenset({
    "dan", "di", "ke", "dari", "yang", "untuk", "dengan", "atau", "pada", "dalam", "oleh", "soal",
    "jadi", "serta", "vs",
})  # fmt: skip


def find_title(lines: list[str]) -> int | None:
    """Index of the headline among the first lines of a scraped page, or None.

    The headline stands above the lead (the first paragraph of prose that is not a caption): a
    line below it is a subheading or a related link. A headline is a line that occurs once
    (captions are often repeated), has a headline's length, does not end as a sentence or a
    photo credit, is not page furniture (a related link, a byline, a caption, a date line, a
    line of results) and is written in title case (Indonesian headlines capitalise content
    words, captions and tag lines do not), or, above a lead, in sentence case. Among the
    candidates the most headline-like wins (title case before sentence case), the earlier one
    on a tie.
    """
    # Importing clean at the top would register its stage before this module's.
    from warta.analyze.clean import is_prose, photo_credits  # noqa: PLC0415

    best: tuple[float, int] | None = None
    top = lines[:TITLE_SEARCH_LINES]
    lead = next(
        (index for index, line in enumerate(top) if is_prose(line) and not photo_credits(line)),
        len(top),
    )
    table = sum(1 for line in top if _score_line(line)) >= 2
    for index, line in enumerate(top[:lead]):
        if table and _score_line(line):
            continue
        score = _headline_score(line, top.count(line), sentence_case=lead < len(top))
        if score > 0 and (best is None or score > best[0]):
            best = (score, index)
    return best[1] if best else None


#: What may stand before a cue at the start of a line: "[Baca juga: ...]", "–Disclosure: ...".
_LEADING_MARKS = "[(–—-•*» "
#: A line that continues elsewhere: "Selanjutnya: ...", "Halaman 2: ...".
_CONTINUED = re.compile(r"^(?:selanjutnya|berikutnya|halaman\s+\d+|disclosure)\s*[:：]", re.I)
#: Lines of results: a rank ("1. ANDREA DOVIZIOSO"), a time or points ("1:47.394", "6.425"),
#: a score ("91-100").
_RANK = re.compile(r"^\d{1,3}\s*\.\s")
_TIME_OR_POINTS = re.compile(r"\d+:\d+|\d+[.,]\d{3}\b")
_SCORE = re.compile(r"\b\d+\s*-\s*\d+\b")
_NUMBER = re.compile(r"\d+")
#: A byline with the site: "Annasa Rizki Kamalina - Bisnis.com".
_BYLINE_AND_SITE = re.compile(
    r"^[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){0,4} [-–|] [\w-]+\.(?i:com|co\.id|id|net|co)$"
)
#: A line with this many numbers is a line of results ("14-21 21-17 21-13").
MIN_RESULT_NUMBERS = 4
#: Scores, times or points between names and little else, on two lines or more, are a table of
#: results ("Washington Wizards 91-100 Toronto Raptors", "Simona Halep (RUM) 6.425"); one such
#: line may be a headline ("Persib Tahan Arema 1-1").
MAX_RESULT_WORDS = 6


def is_furniture_line(line: str) -> bool:
    """Whether a short line is page furniture rather than a headline: a related link, a byline or
    credit, a tag line, a notice, a prompt, a caption or a line of results (tables of scores are
    told in ``find_title``; a dateline opens the lead, below the headline)."""
    from warta.analyze.clean import photo_credits  # noqa: PLC0415  (see find_title)

    bare = line.lstrip(_LEADING_MARKS)
    cue_patterns = (cues.RELATED, cues.AUTHOR_LABEL, cues.OTHER_CREDIT_LABEL, cues.TAGS)
    if any(pattern.match(bare) for pattern in (*cue_patterns, cues.NOTICE, _CONTINUED)):
        return True
    if cues.AD_LINE.match(bare) or cues.PROMPT.search(bare):
        return True
    if line.startswith("[") or photo_credits(line) is not None:
        return True
    if _BYLINE_AND_SITE.match(line):
        return True
    return bool(_RANK.match(line)) or len(_NUMBER.findall(line)) >= MIN_RESULT_NUMBERS


def _score_line(line: str) -> bool:
    """A score, a time or points among a few names: a result when other lines around it are
    results too."""
    if not (_SCORE.search(line) or _TIME_OR_POINTS.search(line)):
        return False
    words = [word for word in line.split() if any(char.isalpha() for char in word)]
    return len(words) <= MAX_RESULT_WORDS


def _headline_score(line: str, occurrences: int, sentence_case: bool = False) -> float:
    """How much a line looks like a headline, 0 when it cannot be one. Title case scores its
    share of capitalised words; with ``sentence_case`` (the line stands above a lead), a line in
    sentence case ("BPBD Garut catat 412 rumah rusak", as ANTARA writes headlines) scores
    SENTENCE_CASE_SCORE, below any title-case line."""
    words = line.split()
    if occurrences > 1 or not MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS:
        return 0.0
    if line.endswith((".", ",", ":", ";")) or line.startswith(('"', "“", "-", "(")):
        return 0.0
    content = [word for word in words if word.lower() not in SMALL_WORDS]
    capitalised = sum(1 for word in content if word[:1].isupper() or word[:1].isdigit())
    share = capitalised / len(content) if content else 0.0
    if share < 0.5:
        # A sentence-case headline is one sentence that starts with a capital: a caption runs
        # on into its credit ("... banjir bandang. ANTARA/HO-BPBD Garut").
        one_sentence = (
            not _INNER_SENTENCE_END.search(line) and len(words) <= MAX_SENTENCE_CASE_WORDS
        )
        if not (sentence_case and one_sentence and words[0][:1].isupper()):
            return 0.0
        share = SENTENCE_CASE_SCORE
    # The regexes last: they cost more than all the rest, and few lines get this far.
    if _NOT_HEADLINE.search(line) or _PHOTO_CREDIT_END.search(line) or _is_date_line(line):
        return 0.0
    return 0.0 if is_furniture_line(line) else share


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
        article.source["title_from"] = "input"
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
        article.source["title_from"] = "headline"
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
