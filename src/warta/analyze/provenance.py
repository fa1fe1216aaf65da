"""Who published an article, when, from where, and whom it relays: read from its text.

Runs after cleaning, on the lines cleaning set aside (bylines, date lines, footers) and on the
clean paragraphs (dateline, cited sources). What the input said about itself (a URL, a
``published`` field) wins over what the text suggests.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from warta.analyze.clean import (
    AGENCY,
    BYLINE,
    FOOTER,
    HEADER,
    PROMPT,
    PUBLICATION,
    is_prose,
    photo_credits,
)
from warta.analyze.pipeline import stage
from warta.lang.id import cues
from warta.lang.id.calendar import read_publication, reported_dates
from warta.lang.id.known_names import place_or_body_type
from warta.model import Article

#: A person's name in a byline: two to five capitalised words ("Willy Haryono").
_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){1,4}$")
_BYLINE_SEPARATORS = " \t•|–—-,/:"

#: A dateline opens the lead paragraph: a place (up to four words: "TERMAS DE RIO HONDO"), an
#: outlet, or both, in either order or with the
#: outlet in brackets, then a dash or a colon: "MOSKOW -", "Moskow:", "Merdeka.com -", "Berita
#: Baru, Moskow –", "JAKARTA, KOMPAS.com -", "JUARA.NET, KUALA LUMPUR -", "Jakarta, CNN
#: Indonesia --", "Bandung, detikJabar -", "JAKARTA (Pos Kota) –", "New York (ANTARA News) -",
#: "Samarinda, Kalimantan Timur (ANTARA News) -".
# A word of a place or an outlet: in capitals ("KUALA"), capitalised ("Moskow"), joined by a
# hyphen or a slash ("Bangsa-Bangsa/PBB"), or an outlet's camel case ("detikJabar").
_NAME_WORD = r"(?:[A-Z][\w'’.]*|[a-z]+[A-Z][\w.]*)(?:[-/][A-Z][\w'’.]*)*"
_DATELINE_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
DATELINE = re.compile(
    rf"^(?P<first>{_DATELINE_NAME})(?:,\s+(?P<second>{_DATELINE_NAME}))?"
    r"(?:,?\s+\((?P<paren>[A-Z][\w.]*(?:\s+[\w.]+){0,2})\))?"
    r"(?P<separator>\s*(?:--|[-–—])|\s*:)\s+(?=\S)"
)
#: A place's name: each word in capitals or capitalised ("KUALA LUMPUR", "Bangsa-Bangsa").
_PLACE_WORD = r"(?:[A-Z][A-Z'’]+|[A-Z][a-z'’]+)"
_PLACE_SHAPE = re.compile(
    rf"{_PLACE_WORD}(?:[-/]{_PLACE_WORD})*(?:\s+{_PLACE_WORD}(?:[-/]{_PLACE_WORD})*)*"
)
#: An outlet's own web name: "Merdeka.com", "KOMPAS.com", "JUARA.NET", "BOLASPORT.COM".
_WEB_NAME = re.compile(r"[\w-]+\.(?i:com|co\.id|id|co|net|news|tv)")
#: Paragraphs cleaning may leave above the lead (a caption, a short line) where a dateline is
#: still looked for after them.
MAX_LINES_ABOVE_LEAD = 2
#: Words after the dateline: a real lead paragraph follows, not a two-word fragment.
DATELINE_MIN_REST_WORDS = 5

#: A web domain written in the page: "medcom.id", "Beritabaru.co", "KOMPAS.com", "Suara.com".
_DOMAIN = re.compile(
    r"\b([A-Za-z0-9][A-Za-z0-9-]{1,40}\.(?:co\.id|com|id|co|net|news|tv|or\.id|org))\b"
)

#: "dilansir dari Anadolu Agency", "dikutip dari Reuters", "seperti dikutip dari kantor berita
#: TASS", "melansir CNN", "mengutip Reuters", "menurut laporan AP".
_CITATION_VERBS = ("lansir", "kutip", "menukil", "disiarkan", "dilaporkan", "laporan", "dirilis")
CITATION = re.compile(
    r"\b(?i:dilansir|dikutip|melansir|mengutip|menukil|disiarkan|dilaporkan|menurut\s+laporan|"
    r"seperti\s+dilaporkan|dirilis\s+di)\s+(?:dari\s+|oleh\s+)?"
    r"(?:(?:kantor\s+berita|media|laman|situs|stasiun\s+televisi|stasiun\s+TV|saluran\s+TV|"
    r"saluran\s+televisi|surat\s+kabar|harian|majalah|portal)\s+(?:\w+\s+){0,2}?)?"
    r"(?P<source>[A-Z][\w&'’-]*(?:\.[a-z]{2,3})?"
    r"(?:\s+(?:[A-Z][\w&'’-]*|\d{1,2}(?=\s*(?:[.,;)]|$))))"
    r"{0,3})"
)
#: Capitalised words a citation phrase may catch that are not sources: weekdays, months.
_NOT_SOURCE = re.compile(
    r"^(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Januari|Februari|Maret|April|Mei|"
    r"Juni|Juli|Agustus|September|Oktober|November|Desember|Presiden|Menteri|Ketua|TV|"
    r"Televisi|Pemerintah)$"
)


def read_dateline(
    paragraph: str, kind_of: Callable[[str], str | None] | None = None
) -> tuple[str | None, str | None, int] | None:
    """``(place or None, outlet or None, length of the prefix)`` of a dateline, or None.

    Of two names before the dash, the web name is the outlet; else the one ``kind_of`` calls a
    place (LOC; default: the known-name table and the NER model's gazetteer), or the other of
    the one it calls a body (ORG), or the one written in capitals is the place, the other the
    outlet; two names neither of which is known are no dateline ("Presiden Joko Widodo, Selasa -
    Rabu ...").
    """
    match = DATELINE.match(paragraph)
    if match is None or len(paragraph[match.end() :].split()) < DATELINE_MIN_REST_WORDS:
        return None
    first, second, paren = match["first"], match["second"], match["paren"]
    colon = match["separator"].strip() == ":"
    if second is None:
        if _WEB_NAME.fullmatch(first):
            return (None, first, match.end()) if not colon else None
        if colon and " " in first and not first.isupper():
            return None  # "Menlu Retno: ..." is a speaker, not a place
        return (_place_name(first), paren, match.end()) if _PLACE_SHAPE.fullmatch(first) else None
    if colon:
        return None
    # "Perserikatan Bangsa-Bangsa/PBB" is known by its first form.
    kinds = [(kind_of or known_kind)(_place_name(name.split("/")[0])) for name in (first, second)]
    if _WEB_NAME.fullmatch(first) or _WEB_NAME.fullmatch(second):
        outlet, place = (first, second) if _WEB_NAME.fullmatch(first) else (second, first)
    elif paren:
        # "Samarinda, Kalimantan Timur (ANTARA News)": the place and its region, or what the
        # report is about and the place ("Perserikatan Bangsa-Bangsa/PBB, New York (...)").
        place, outlet = (second if kinds[0] == "ORG" else first), paren
    elif kinds[0] == "LOC" or kinds[1] == "ORG" or (first.isupper() and not second.isupper()):
        place, outlet = first, second
    elif kinds[1] == "LOC" or kinds[0] == "ORG" or second.isupper():
        outlet, place = first, second
    else:
        return None
    return (_place_name(place), outlet, match.end()) if _PLACE_SHAPE.fullmatch(place) else None


def _above_lead(paragraph: str) -> bool:
    """Whether a paragraph may stand above the lead: a short line, or a caption (its credit in
    brackets at the end: "... Senayan, Jakarta. (KOMPAS.com/FITRIA CHUSNA FARISA)")."""
    return not is_prose(paragraph) or bool(photo_credits(paragraph)) or paragraph.endswith(")")


def known_kind(name: str) -> str | None:
    """LOC or ORG for a place or a body the known-name table or the NER model's gazetteer knows
    (see ``known_names.place_or_body_type``), else None."""
    from warta.lang.id.ner.tagger import tagger  # noqa: PLC0415  (loads the model's resources)

    return place_or_body_type(name, tagger("news").resources.gazetteer)


def _place_name(place: str) -> str:
    """ "MOSKOW" -> "Moskow"; "Kuala Lumpur" stays."""
    if place.isupper():
        return " ".join(word.capitalize() for word in place.split())
    return place


def author_from_line(line: str) -> str | None:
    """The author a byline or date line names ("Willy Haryono • 07 Desember 2021 21:39",
    "Penulis: Budi Santoso"), or None."""
    labelled = cues.AUTHOR_LABEL.match(line)
    if labelled:
        candidate = line[labelled.end() :]
    else:
        found = read_publication(line)
        candidate = line[: found[1].start()] if found else ""
    candidate = candidate.strip(_BYLINE_SEPARATORS)
    candidate = re.split(r"\s*[•|,–—]\s*|\s+-\s+", candidate)[0].strip(_BYLINE_SEPARATORS)
    if _NAME.match(candidate) and not read_publication(candidate):
        return candidate
    return None


def cited_sources(paragraphs: list[str]) -> list[str]:
    """Agencies and outlets the article relays, in order of first mention."""
    found: list[str] = []
    seen: set[str] = set()
    for paragraph in paragraphs:
        lowered = paragraph.lower()
        if not any(verb in lowered for verb in _CITATION_VERBS):
            continue  # a substring test is a hundred times cheaper than the pattern
        for match in CITATION.finditer(paragraph):
            source = match["source"].rstrip(".,")
            words = source.split()
            while words and _NOT_SOURCE.match(words[-1]):
                words.pop()
            source = " ".join(words)
            if source and not _NOT_SOURCE.match(words[0]) and source not in seen:
                seen.add(source)
                found.append(source)
    return found


def outlet_from_text(lines: list[str]) -> str | None:
    """An outlet's own domain, named in its page furniture ("Ikuti media sosial medcom.id")."""
    for line in lines:
        match = _DOMAIN.search(line)
        if match:
            return match.group(1).lower()
    return None


@stage(
    "provenance",
    requires=("body", "removed", "published", "author", "outlet"),
    assigns=(
        "published",
        "published_not_before",
        "author",
        "dateline",
        "outlet",
        "cited_sources",
        "body",
    ),
)
def read_provenance(article: Article) -> Article:
    """Publication time, author, dateline, outlet and cited sources from the article's text."""
    set_aside = [r.text for r in article.removed if r.reason in (PUBLICATION, BYLINE)]
    if not article.published:
        for line in set_aside:
            found = read_publication(line)
            if found:
                article.published = found[0]
                break
    if not article.author:
        article.author = next(filter(None, map(author_from_line, set_aside)), None)
    outlet_in_dateline = None
    # The dateline opens the lead. Cleaning may leave a caption or a short line above it.
    for index, paragraph in enumerate(article.body[: MAX_LINES_ABOVE_LEAD + 1]):
        dateline = read_dateline(paragraph)
        if dateline:
            article.dateline, outlet_in_dateline, length = dateline
            article.body[index] = paragraph[length:]
            break
        if not _above_lead(paragraph):
            break
    if not article.outlet:
        furniture = [r.text for r in article.removed if r.reason in (PROMPT, HEADER, FOOTER)]
        article.outlet = outlet_from_text(furniture) or (
            outlet_in_dateline.lower() if outlet_in_dateline and "." in outlet_in_dateline else None
        )
    article.cited_sources = cited_sources(article.body)
    cited = set(article.cited_sources)
    for removal in article.removed:
        agency = removal.text.strip("()[] ") if removal.reason == AGENCY else None
        if agency and agency not in cited:
            cited.add(agency)
            article.cited_sources.append(agency)
    if not article.published:
        reported = reported_dates([*article.captions, *article.body])
        article.published_not_before = max(reported).isoformat() if reported else None
    return article
