"""Cleaning: the article's own paragraphs, with every removal recorded and its reason.

Scraped text holds, around and inside the article, the page's navigation, captions repeated from
photos, the byline and the date, related-link lists, prompts to comment, share or install, ads,
footers, and sometimes the article's paragraphs twice. The rules here are general, about what a
kind of line is, so that they hold on portals never seen:

* **header**: the lines above the lead paragraph (the first paragraph of prose) that are not
  prose: navigation, tag lines, bylines, dates, captions;
* **footer**: below the last paragraph of prose, once a line of furniture (initials, a prompt,
  a tag line) has started the page's footer, the lines that are not prose;
* **outlet templates**: lines that recur across the outlet's own articles (templates.py);
* **anywhere**: related-link cues and the link lists under them, prompts and ads, captions (a
  line ending in a photo credit), author initials, and paragraphs repeated verbatim.
"""

from __future__ import annotations

import re

from warta.analyze.pipeline import stage
from warta.analyze.templates import line_key
from warta.lang.id import cues
from warta.lang.id.calendar import read_publication
from warta.model import Article, Removal

#: Reasons recorded in ``removed``; the metadata stage reads the byline and date lines back.
BYLINE, PUBLICATION = "byline", "publication time"
RELATED, PROMPT, AD, TAGS = "related link", "prompt", "advertisement", "tags"
NOTICE = "notice"  # syndication, disclaimer, reading prompt
CAPTION, INITIALS, REPEATED = "photo caption", "author initials", "repeated paragraph"
HEADER, FOOTER = "page header", "page footer"
TEMPLATE = "outlet template"
AGENCY = "agency credit"

#: A paragraph of prose has at least this many words and ends like a sentence. Lead paragraphs
#: of Indonesian news run 20-60 words; 12 keeps short leads and refuses headlines and nav lines.
PROSE_MIN_WORDS = 12
#: A line this long above the lead or below the last prose paragraph is text that lost its final
#: punctuation (cut off by the scraper, or tokenised as in IndoSum), not furniture: header and
#: footer lines without a cue run 1-10 words in the samples and in IndoSum.
TEXT_MIN_WORDS = 15
#: Prompts are short: a line of more words that matches a prompt cue is prose that mentions one.
MAX_PROMPT_WORDS = 15
#: A byline or date line is short; a long line with a date in it is prose.
MAX_BYLINE_WORDS = 20
#: A related-link list under a bare "Baca juga:" has at most this many headlines.
MAX_RELATED_LINKS = 10
#: Longest related-link headline, in words.
MAX_HEADLINE_WORDS = 25

#: Longest photo credit looked for at the end of a line, in characters ("(ANTARA FOTO/Name
#: Surname/foo)" and "Foto: Agency/Photographer" stay well under it).
CREDIT_TAIL_CHARS = 120

#: How a line of text ends (an endswith test: a regex anchored at $ scans the whole line).
_SENTENCE_END = tuple(".!?…\"”’',;:)")
_BULLET = re.compile(r"^[-–•*·►▶>]\s*")
_INITIALS = re.compile(r"^[(\[]\s*([A-Za-z]{2,5}(?:\s*/\s*[A-Za-z]{2,5})*)\s*[)\]]$")
_TRAILING_INITIALS = re.compile(r"\s+\(([a-z]{2,4}(?:/[a-z]{2,4})*|[A-Z]{3,4})\)$")
_PAREN_CREDIT = re.compile(r"\(([^()]{2,80})\)\s*\.?$")
_LABEL_CREDIT = re.compile(
    r"(?:^|[.!?]\s+|\s)(?:Foto|Photo|Sumber\s+foto|Dok\.?|Ilustrasi)\s*[:：]\s*([^.:]{2,80})\.?$"
)


def is_prose(line: str) -> bool:
    """A paragraph of article text: long enough, and ending like a sentence."""
    return len(line.split()) >= PROSE_MIN_WORDS and bool(line.endswith(_SENTENCE_END))


def photo_credits(line: str) -> list[str] | None:
    """The credits of a photo caption line ("... (AFP / Sputnik)", "... Foto: Reuters."), or None
    when the line does not end in a photo credit."""
    tail = line[-CREDIT_TAIL_CHARS:]  # a credit ends the line: no need to scan the whole line
    # Substring tests first: a labelled credit has a colon, a parenthesised one ends the line.
    labelled = _LABEL_CREDIT.search(tail) if ":" in tail or "：" in tail else None
    if labelled:
        return _split_credit(labelled.group(1))
    parenthesised = _PAREN_CREDIT.search(tail) if line.endswith((")", ").")) else None
    if parenthesised:
        credit = parenthesised.group(1).strip()
        parts = _split_credit(credit)
        if not parts or not all(any(char.isalpha() for char in part) for part in parts):
            return None  # "(7/12/2021)" is a date, "(AS)" an abbreviation
        if len(parts) == 1 and is_prose(line) and not cues.PHOTO_WORD.match(credit):
            return None  # "... kata dia. (Antara)": the agency the text came from, not a photo
        if cues.PHOTO_WORD.match(credit) or any(_is_agency(part) for part in parts):
            return [cues.PHOTO_WORD.sub("", part).strip(" :.") or part for part in parts]
    return None


def _is_agency(part: str) -> bool:
    """A photo agency or desk, alone or with a photographer ("ANTARA FOTO", "Reuters")."""
    name = part.lower()
    return name in cues.PHOTO_AGENCIES or name.split(" foto")[0] in cues.PHOTO_AGENCIES


def _split_credit(credit: str) -> list[str]:
    return [part.strip(" .") for part in re.split(r"\s*/\s*", credit) if part.strip(" .")]


def clean(article: Article) -> Article:
    """Remove what is not the article from ``article.body``, recording each removal."""
    lines = article.body
    removed: list[Removal] = list(article.removed)
    captions_before, credits_before = len(article.captions), len(article.photo_credits)
    kept: list[str] = []
    seen: set[str] = set()
    prose = [i for i, line in enumerate(lines) if is_prose(line)]
    lead = next((i for i in prose if not photo_credits(lines[i])), 0)
    last = prose[-1] if prose else len(lines) - 1
    related_run = 0
    # The footer starts at the first piece of furniture after the last prose paragraph (the
    # author's initials, a prompt, a tag line): lines between are the article's own (a list of
    # results, a closing line), lines after it are the page's.
    footer_started = False
    for index, line in enumerate(lines):
        reason = _line_reason(line, article)
        if reason is None and article.template_keys and line_key(line) in article.template_keys:
            reason = TEMPLATE
        if reason is None and related_run and _looks_like_link(line):
            reason = RELATED
            related_run -= 1
        else:
            related_run = 0
        key = " ".join(line.split()).casefold()
        if reason is None and key in seen:
            reason = REPEATED
        if reason is None and index < lead and not _keeps_in_header(line):
            reason = _header_reason(line)
        if reason is None and footer_started and not _keeps_in_footer(line):
            reason = FOOTER
        if reason is not None and index > last:
            footer_started = True
        if reason == RELATED and cues.RELATED.sub("", line).strip(" :-–") == "":
            related_run = MAX_RELATED_LINKS  # a bare "Baca juga:": the list follows
        if reason is None:
            kept.append(line)
            seen.add(key)
        else:
            removed.append(Removal(line, reason))
    kept = _take_trailing_initials(kept, article, removed)
    article.body = kept
    article.removed = removed
    article.captions = _first_of_each(article.captions, captions_before)
    article.photo_credits = _first_of_each(article.photo_credits, credits_before)
    return article


def _first_of_each(items: list[str], start: int) -> list[str]:
    """``items`` without those from ``start`` on that an earlier one repeats (a set, not a
    search of the list for each: a page may have thousands of captions)."""
    seen = set(items[:start])
    unique = items[:start]
    for item in items[start:]:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique


def _line_reason(line: str, article: Article) -> str | None:
    """The reason to remove a line wherever it stands, or None."""
    words = len(line.split())
    if line.startswith(("(", "[")) and line.strip("()[] ").lower() in cues.PHOTO_AGENCIES:
        return AGENCY  # "(AFP)", "(Antara)" alone on a line: the agency the text came from
    initials = _INITIALS.match(line)
    if initials:
        article.author_initials = article.author_initials or initials.group(1).replace(" ", "")
        return INITIALS
    if cues.RELATED.match(line) and words <= MAX_HEADLINE_WORDS + 3:
        return RELATED
    if cues.AD_LINE.match(line.strip(" .:")):
        return AD
    if cues.NOTICE.match(line):
        return NOTICE
    if cues.TAGS.match(line):
        return TAGS
    credits = photo_credits(line)
    if credits is not None:
        article.captions.append(line)  # clean() keeps each caption and credit once
        article.photo_credits.extend(credits)
        return CAPTION
    if words <= MAX_PROMPT_WORDS and cues.PROMPT.search(line):
        return PROMPT
    if words <= MAX_BYLINE_WORDS and (
        cues.AUTHOR_LABEL.match(line) or cues.OTHER_CREDIT_LABEL.match(line)
    ):
        return BYLINE
    return None


def _header_reason(line: str) -> str:
    if len(line.split()) <= MAX_BYLINE_WORDS and read_publication(line):
        return PUBLICATION
    return HEADER


def _keeps_in_header(line: str) -> bool:
    """Above the lead, only prose-like lines stay (a short first paragraph, a long line)."""
    words = len(line.split())
    if words >= TEXT_MIN_WORDS:
        return True
    return bool(line.endswith(_SENTENCE_END)) and words >= 3 and not read_publication(line)


def _keeps_in_footer(line: str) -> bool:
    """Below the last prose paragraph, closing sentences and long text (a paragraph cut off by
    the scraper) stay; page furniture goes."""
    words = len(line.split())
    return (bool(line.endswith(_SENTENCE_END)) and words >= 3) or words >= TEXT_MIN_WORDS


def _looks_like_link(line: str) -> bool:
    if _BULLET.match(line):
        return True
    words = line.split()
    return len(words) <= MAX_HEADLINE_WORDS and not line.endswith(_SENTENCE_END)


def _take_trailing_initials(kept: list[str], article: Article, removed: list[Removal]) -> list[str]:
    """Initials at the end of the last paragraph ("... proposal itu. (ian)") go to the metadata."""
    if not kept:
        return kept
    match = _TRAILING_INITIALS.search(kept[-1])
    if match is None:
        return kept
    article.author_initials = article.author_initials or match.group(1)
    removed.append(Removal(match.group(0).strip(), INITIALS))
    return [*kept[:-1], kept[-1][: match.start()].rstrip()]


@stage(
    "clean",
    requires=("body",),
    assigns=("body", "removed", "captions", "photo_credits", "author_initials"),
)
def clean_stage(article: Article) -> Article:
    """Cleaning as a pipeline stage."""
    return clean(article)
