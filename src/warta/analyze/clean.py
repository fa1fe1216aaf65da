"""Cleaning: the article's own paragraphs, with every removal recorded and its reason.

Scraped text holds, around and inside the article, the page's navigation, captions repeated from
photos, the byline and the date, related-link lists, prompts to comment, share or install, ads,
footers, and sometimes the article's paragraphs twice. The rules here are general, about what a
kind of line is, so that they hold on portals never seen:

* **header**: the lines above the lead paragraph (the first paragraph of prose that no cue
  marks as furniture) that are not prose: navigation, tag lines, bylines, date lines, captions;
* **footer**: below the last paragraph of prose, once a line that ends an article (initials, a
  prompt, a tag line, a notice, the heading of a link list) has started the page's footer, the
  lines that are not prose. An ad or a "Baca juga: ..." link does not start it: portals put
  them inside a list that closes an article too;
* **outlet templates**: lines that recur across the outlet's own articles (templates.py);
* **anywhere**: related-link cues and the link lists under them, prompts and ads (a long prompt
  to follow a channel included), share bars, notices, captions (a line ending in a photo
  credit), author initials, source lines, paragraphs repeated verbatim, lines without a letter
  or a digit (")", "—", "- - - -"), program code (a page's scripts, scraped as text) and short
  fragments that open mid-sentence ("Suara.com - / 2018) malam.", ", Rabu (5/7).");
* **closing link list**: a related-link heading ("BERITA MENARIK LAINNYA:") followed by
  headlines only, to the end of the article.

A page with no prose but captions is a photo story: its captions are its text.
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
SOURCES = "source credit"  # "ANADOLU AGENCY | REUTERS": the agencies a story draws on
NO_TEXT = "no text"  # ")", "—", "- - - -": not a letter or a digit
CODE = "program code"  # a page's JavaScript or CSS, scraped with its text
FRAGMENT = "broken fragment"  # "Suara.com - / 2018) malam.": the end of a sentence cut off

#: Removals that end an article: the page's footer starts at the first of them after the last
#: prose paragraph.
_ENDS_ARTICLE = frozenset({INITIALS, PROMPT, TAGS, NOTICE, BYLINE, AGENCY, SOURCES, TEMPLATE})

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
#: Words a date line holds besides its date: a weekday, a place, an outlet ("Jakarta, Senin
#: (6/12/2021)", "Kompas.com - 05/02/2018, 06:00 WIB"); a sentence with a date has more.
MAX_DATE_LINE_OTHER_WORDS = 4
#: A related-link list under a bare "Baca juga:" has at most this many headlines.
MAX_RELATED_LINKS = 10
#: Longest related-link headline, in words.
MAX_HEADLINE_WORDS = 25
#: Longest teaser under a related headline, cut off with "...": portals cut them at 20-30 words.
MAX_TEASER_WORDS = 40
#: A share or reaction bar has a few labels ("Bagikan Facebook Twitter WhatsApp Salin Link"),
#: of a few letters each.
MAX_BAR_WORDS = 8
MAX_BAR_LETTERS = 80
#: An ad label glued to a short label before it ("Konten dari PenggunaADVERTISEMENT"), letters.
MAX_GLUED_AD_CHARS = 40
#: Longest prompt to follow a channel ("Simak breaking news ... WhatsApp Channel ..."): the ones
#: on the portals of issue 19 run 20-45 words; a paragraph longer than this is text.
MAX_CALL_TO_ACTION_WORDS = 60
#: A source line without a colon names a source in a few words ("Sumber berita Theverge.").
MAX_SOURCE_LINE_WORDS = 5
#: A line of agency names ("ANADOLU AGENCY | REUTERS | AP") is short.
MAX_SOURCES_WORDS = 8
#: A tag line of hashtags ("#MotoGP #Marc Marquez") has at least two.
MIN_HASHTAGS = 2
#: Program code has at least this many marks of code (see ``_CODE_MARK``), and at most this many
#: words per mark: the Facebook pixel script has 30 marks and 7 words, a paragraph of prose
#: with a semicolon or two has 30-60 words.
MIN_CODE_MARKS = 3
MAX_CODE_WORDS_PER_MARK = 2

#: Longest photo credit looked for at the end of a line, in characters ("(ANTARA FOTO/Name
#: Surname/foo)" and "Foto: Agency/Photographer" stay well under it).
CREDIT_TAIL_CHARS = 120

#: How a line of text ends (an endswith test: a regex anchored at $ scans the whole line).
_SENTENCE_END = tuple(".!?…\"”’',;:)")
_QUOTE_MARKS = ('"', "“", "”")
_BULLET = re.compile(r"^[-–•*·►▶>]\s*")
_INITIALS = re.compile(r"^[(\[]\s*([A-Za-z]{2,5}(?:\s*/\s*[A-Za-z]{2,5})*)\s*[)\]]$")
_TRAILING_INITIALS = re.compile(r"\s+\(([a-z]{2,4}(?:/[a-z]{2,4})*|[A-Z]{3,4})\)$")
_PAREN_CREDIT = re.compile(r"\(([^()]{2,80})\)\s*\.?$")
_LABEL_CREDIT = re.compile(
    r"(?:^|[.!?]\s+|\s)(?:Foto|Photo|Sumber\s+foto|Dok\.?|Ilustrasi)\s*[:：]\s*([^.:]{2,80})\.?$"
)
#: Credits without a colon: "... berlanjut. Foto/Reuters" (SINDOnews), "Mocca ©
#: KapanLagi.com/Bayu Herdianto", "... ©2017 Merdeka.com". The slash form needs a capital after
#: it and no final period: "... mengunggah foto/video." is a sentence.
_SLASH_CREDIT = re.compile(
    r"(?:^|[.!?]\s+|\s)(?:Foto|FOTO|Photo|PHOTO)\s*/\s*([A-Z][^./:()]{1,60})$"
)
_COPYRIGHT_CREDIT = re.compile(
    r"©\s*(?:\d{4}\s*)?([A-Z][\w -]{0,40}(?:\.[a-z]{2,3}){0,2}(?:\s*/\s*[A-Z][\w .-]{1,40})?)\.?$"
)
#: What marks a line as JavaScript or CSS rather than prose: braces, statements, operators,
#: calls, the browser's objects. Each match counts once.
_CODE_MARK = re.compile(
    r"function\s*\(|[{};]|&&|\|\||=>|\.push\(|\bwindow\.|\bdocument\.|\b(?:var|let|const)\s+\w+\s*="
    r"|\w\s*=\s*[\w'\"!]"
)
#: The wrapper of a script inlined in a page ("//<![CDATA[" ... "//]]>"), spaced by a tokeniser
#: as "/ / <! [ CDATA [" and "/ / ] ] & gt;": code whatever stands around it.
_SCRIPT_WRAPPER = re.compile(r"<!\s*\[\s*CDATA\s*\[|\]\s*\]\s*(?:>|&\s*gt\s*;)")
#: What may stand around a word of text: punctuation, quote marks, brackets.
_WORD_EDGES = ".,;:!?\"'“”‘’()[]"
#: An outlet's name opening a line before a cue: "Suara.com - BERITA MENARIK LAINNYA:".
_OUTLET_NAME = r"[\w-]+\.(?:com|co\.id|id|net)\s*[-–—]\s*"
_OUTLET_PREFIX = re.compile(f"^{_OUTLET_NAME}", re.IGNORECASE)
#: A line that opens mid-sentence, after the outlet's name or not: with a closing bracket, a
#: slash, a comma, a semicolon or a colon. Short, it is what a scraper left of a sentence it cut;
#: long, it is a paragraph that lost its first words, and stays.
_MID_SENTENCE_OPENING = re.compile(f"^(?:{_OUTLET_NAME})?[)\\]/,;:]", re.IGNORECASE)
#: The placeholder a template leaves where a related link was, glued to the article's next
#: sentence ("Baca_Juga Namun, Yon tak lagi bisa ..."): the marker goes, the sentence stays.
_LINK_PLACEHOLDER = re.compile(r"^Baca_Juga\s+", re.IGNORECASE)
#: A line that only credits the outlet and its reporter: "(Tribunnews.com/Theresia Felisiani)".
_OUTLET_CREDIT = re.compile(r"^\(\s*[\w.-]+\.(?:com|co\.id|id|net)\s*/\s*[^()/]{2,60}\)$", re.I)


def is_prose(line: str) -> bool:
    """A paragraph of article text: long enough, and ending like a sentence."""
    return len(line.split()) >= PROSE_MIN_WORDS and bool(line.endswith(_SENTENCE_END))


def photo_credits(line: str) -> list[str] | None:
    """The credits of a photo caption line ("... (AFP / Sputnik)", "... Foto: Reuters."), or None
    when the line does not end in a photo credit."""
    tail = line[-CREDIT_TAIL_CHARS:]  # a credit ends the line: no need to scan the whole line
    # Substring tests first: a labelled credit has a colon, a parenthesised one ends the line.
    labelled = _LABEL_CREDIT.search(tail) if ":" in tail or "：" in tail else None
    if labelled is None and "©" in tail and not cues.PROMPT.search(tail):  # not a copyright
        labelled = _COPYRIGHT_CREDIT.search(tail)
    if labelled is None and "/" in tail:
        labelled = _SLASH_CREDIT.search(tail)
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
    removed: list[Removal] = list(article.removed)
    lines = _without_link_placeholders(article.body, removed)
    captions_before, credits_before = len(article.captions), len(article.photo_credits)
    # What each line is wherever it stands, once per line (it records captions and initials).
    line_reasons = [_line_reason(line, article) for line in lines]
    for index in _closing_link_list(lines, line_reasons):
        line_reasons[index] = RELATED
    # The lead and the last paragraph are prose that no cue marks as furniture: a long prompt to
    # follow a channel or a caption reads as prose, and the page's header or footer around it
    # is no less the page's for that.
    prose = [i for i, line in enumerate(lines) if line_reasons[i] is None and is_prose(line)]
    if not prose:
        # No prose but captions: a photo story, whose captions are its text.
        prose = [i for i, line in enumerate(lines) if line_reasons[i] == CAPTION and is_prose(line)]
        for index in prose:
            line_reasons[index] = None
        told = {lines[index] for index in prose}
        article.captions = [caption for caption in article.captions if caption not in told]
    lead = prose[0] if prose else 0
    last = prose[-1] if prose else len(lines) - 1
    reasons: list[str | None] = []
    seen: set[str] = set()
    related_run = 0
    # The footer starts at the first line after the last prose paragraph that ends an article
    # (the author's initials, a prompt, a tag line, a list's heading): lines before it are the
    # article's own (a list of prices, a closing line), lines after it are the page's. An ad
    # or a "Baca juga: ..." link is inside articles too, in the middle of a closing list.
    footer_started = False
    for index, line in enumerate(lines):
        reason = line_reasons[index]
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
        bare_cue = reason == RELATED and _bare_related_cue(line)
        if index > last and (reason in _ENDS_ARTICLE or bare_cue):
            footer_started = True
        if bare_cue:
            related_run = MAX_RELATED_LINKS  # a bare "Baca juga:": the list follows
        if reason is None:
            seen.add(key)
        reasons.append(reason)
    kept = [line for line, reason in zip(lines, reasons, strict=True) if reason is None]
    removed.extend(
        Removal(line, reason) for line, reason in zip(lines, reasons, strict=True) if reason
    )
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


def _without_link_placeholders(lines: list[str], removed: list[Removal]) -> list[str]:
    """The lines with a link placeholder cut from the start of a sentence ("Baca_Juga Namun,
    ..."), each cut recorded. A placeholder alone, or before a headline, is a related link
    (``_line_reason``). The cut keeps each line a piece of its input line (see source_map.py)."""
    result = []
    for line in lines:
        placeholder = _LINK_PLACEHOLDER.match(line) if line[:1] in "Bb" else None
        if placeholder and not _is_related(line):
            removed.append(Removal(placeholder.group(0).strip(), RELATED))
            result.append(line[placeholder.end() :])
        else:
            result.append(line)
    return result


def _closing_link_list(lines: list[str], line_reasons: list[str | None]) -> range:
    """The headlines under a related-link heading that close the article ("BERITA MENARIK
    LAINNYA:" and six headlines), whose lines end like titles too ("... dari Paranormal!"):
    from the heading to the end, only headlines and lines removed anyway. Empty when prose
    follows the last heading."""
    headlines = 0
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if line_reasons[index] == RELATED and _bare_related_cue(line):
            return range(index + 1, len(lines)) if headlines else range(0)
        if line_reasons[index] is None:
            if not _reads_as_headline(line):
                return range(0)
            headlines += 1
    return range(0)


def _reads_as_headline(line: str) -> bool:
    """A line of a link list: a headline, one that exclaims or asks, or a cut-off teaser."""
    if _looks_like_link(line):
        return True
    return len(line.split()) <= MAX_HEADLINE_WORDS and line.endswith(("!", "?"))


def _is_code(line: str) -> bool:
    """Program code (a page's JavaScript or CSS) rather than text: marks of code, and few words
    among them; or the wrapper of an inlined script."""
    if ("CDATA" in line or "]" in line) and _SCRIPT_WRAPPER.search(line):
        return True
    if not any(mark in line for mark in "{};="):  # substring tests first: prose has none
        return False
    marks = len(_CODE_MARK.findall(line))
    return marks >= MIN_CODE_MARKS and _plain_words(line) <= MAX_CODE_WORDS_PER_MARK * marks


def _plain_words(line: str) -> int:
    """The words of text in a line: letters only, once punctuation around them is dropped
    ("google_tag_params;" and "n.callMethod" are not)."""
    return sum(1 for token in line.split() if token.strip(_WORD_EDGES).isalpha())


def _line_reason(line: str, article: Article) -> str | None:
    """The reason to remove a line wherever it stands, or None."""
    if not any(char.isalnum() for char in line):
        return NO_TEXT
    if _is_code(line):
        return CODE
    words = len(line.split())
    if words < PROSE_MIN_WORDS and _MID_SENTENCE_OPENING.match(line):
        return FRAGMENT
    if line.startswith(("(", "[")) and line.strip("()[] ").lower() in cues.PHOTO_AGENCIES:
        return AGENCY  # "(AFP)", "(Antara)" alone on a line: the agency the text came from
    initials = _INITIALS.match(line)
    if initials:
        article.author_initials = article.author_initials or initials.group(1).replace(" ", "")
        return INITIALS
    if words <= MAX_HEADLINE_WORDS + 3 and _is_related(line):
        return RELATED
    if cues.AD_LINE.match(line.strip(" .:-–")):
        return AD
    if cues.NOTICE.match(line):
        return NOTICE
    if cues.TAGS.match(line) or (line.startswith("#") and line.count("#") >= MIN_HASHTAGS):
        return TAGS
    credits = photo_credits(line)
    if credits is not None:
        article.captions.append(line)  # clean() keeps each caption and credit once
        article.photo_credits.extend(credits)
        return CAPTION
    if words <= MAX_PROMPT_WORDS and cues.PROMPT.search(line):
        return PROMPT
    if words <= MAX_BYLINE_WORDS and (
        cues.AUTHOR_LABEL.match(line)
        or cues.OTHER_CREDIT_LABEL.match(line)
        or (line.startswith("(") and _OUTLET_CREDIT.match(line))
        or (words <= MAX_SOURCE_LINE_WORDS and cues.SOURCE_LINE.match(line))
    ):
        return BYLINE
    if words <= MAX_BAR_WORDS and _is_bar(line):
        return AD if "advertisement" in line.casefold() else PROMPT
    if words <= MAX_CALL_TO_ACTION_WORDS and _is_call_to_action(line):
        return PROMPT
    if words <= MAX_SOURCES_WORDS and _is_source_list(line):
        return SOURCES
    return None


def _is_related(line: str) -> bool:
    """A related-link line: its cue, then a headline ("Baca juga: Judul"), or the cue alone.
    Without a colon or dash after the cue, the rest must read as a headline, not a sentence:
    "Lihat saja harga cabai." is prose."""
    line = _OUTLET_PREFIX.sub("", line, count=1) if "." in line[:30] else line
    found = cues.RELATED.match(line)
    if found is None:
        found = cues.RELATED_HEADING.match(line)
        return found is not None
    if found.group(0).rstrip().endswith((":", "：", "-", "–")) or not line[found.end() :].strip():
        return True
    return not line.endswith((".", ",", ";"))


def _bare_related_cue(line: str) -> bool:
    """A related cue with nothing after it: "Baca juga:", "Berita Terkait", "Terpopuler",
    "Suara.com - BERITA MENARIK LAINNYA:"."""
    line = _OUTLET_PREFIX.sub("", line, count=1) if "." in line[:30] else line
    found = cues.RELATED.match(line) or cues.RELATED_HEADING.match(line)
    return found is not None and line[found.end() :].strip(" :-–") == ""


def _is_bar(line: str) -> bool:
    """A share or reaction bar, its labels run together or not ("Bagikan · Komentar",
    "Reaksi & KomentarSukaKomentarBagikan"), or an ad label glued to one ("...ADVERTISEMENT")."""
    letters = "".join(char for char in line.casefold() if char.isalpha())
    if len(letters) > MAX_BAR_LETTERS:
        return False
    return bool(cues.BAR_LABELS.fullmatch(letters)) or (
        letters.endswith("advertisement") and len(letters) <= MAX_GLUED_AD_CHARS
    )


def _is_call_to_action(line: str) -> bool:
    """A prompt of any length to follow a channel, install an app, join a group: a line that
    opens with the call, the channel named after it, outside a quotation (a source quoted
    asking people to follow an account is news)."""
    opening = line.lstrip("*•- ").split(maxsplit=1)
    if not opening or (opening[0].casefold() not in cues.CALL_OPENERS and ", silakan " not in line):
        return False  # a set lookup first: most lines open otherwise
    call = cues.CALL_TO_ACTION.search(line)
    if call is None or not cues.CHANNEL.search(line, call.end()):
        return False
    before = line[: call.start()]
    return sum(before.count(mark) for mark in _QUOTE_MARKS) % 2 == 0


def _is_source_list(line: str) -> bool:
    """A line that only names the agencies the text came from ("ANADOLU AGENCY | REUTERS")."""
    if not any(separator in line for separator in "|/,"):
        return False
    parts = [part.strip(" .").lower() for part in re.split(r"[|/,]", line)]
    return all(part in cues.PHOTO_AGENCIES or part in cues.NEWS_AGENCIES for part in parts)


def _header_reason(line: str) -> str:
    if len(line.split()) <= MAX_BYLINE_WORDS and read_publication(line):
        return PUBLICATION
    return HEADER


def _keeps_in_header(line: str) -> bool:
    """Above the lead, only prose-like lines stay (a short first paragraph, a long line): a
    short sentence that mentions a date stays too, a date line does not."""
    words = len(line.split())
    if words >= TEXT_MIN_WORDS:
        return True
    return bool(line.endswith(_SENTENCE_END)) and words >= 3 and not _is_date_line(line)


def _is_date_line(line: str) -> bool:
    """A publication date with little else: "Jakarta, Senin (6/12/2021)", "Selasa, 7 Desember
    2021 21:39 WIB."; not "Banjir melanda Jakarta pada Senin, 5 Februari 2018."."""
    found = read_publication(line)
    if found is None:
        return False
    match = found[1]
    others = len(line[: match.start()].split()) + len(line[match.end() :].split())
    return others <= MAX_DATE_LINE_OTHER_WORDS


def _keeps_in_footer(line: str) -> bool:
    """Below the last prose paragraph, closing sentences and long text (a paragraph cut off by
    the scraper) stay; page furniture goes."""
    words = len(line.split())
    return (bool(line.endswith(_SENTENCE_END)) and words >= 3) or words >= TEXT_MIN_WORDS


def _looks_like_link(line: str) -> bool:
    """A headline of a link list, or the cut-off teaser under one ("Polisi menangkap ...")."""
    if _BULLET.match(line):
        return True
    words = len(line.split())
    if line.endswith(("...", "…")):
        return words <= MAX_TEASER_WORDS
    if words > MAX_HEADLINE_WORDS:
        return False
    # A headline may exclaim or ask ("Chicco Jerikho di Atas Moge: Cool Banget!"); a short
    # line of prose that does is not in title case.
    return not line.endswith(_SENTENCE_END) or (line.endswith(("!", "?")) and _title_cased(line))


#: Of a headline's words that begin with a letter, the share in title case at least.
TITLE_CASE_SHARE = 0.6


def _title_cased(line: str) -> bool:
    """Whether most words of a line begin with a capital, as headlines are written."""
    words = [word for word in line.split() if word[:1].isalpha()]
    capitalised = sum(word[:1].isupper() for word in words)
    return bool(words) and capitalised >= TITLE_CASE_SHARE * len(words)


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
