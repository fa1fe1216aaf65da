"""Datelines: the place and outlet that open a news article's lead ("JAKARTA, KOMPAS.com -").

Read by the provenance stage (which moves the dateline out of the body into ``dateline``) and by
the reading of tokenised text (which keeps a dateline's dash spaced: "CARDIFF, JUARA.net -", not
"CARDIFF, JUARA.net-Sejarah"). Which of two names is the place is told by the known-name table
and the NER model's gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from warta.lang.id.known_names import place_or_body_type

#: A dateline opens the lead paragraph: a place (up to four words: "TERMAS DE RIO HONDO"), an
#: outlet, or both, in either order or with the outlet in brackets, then a dash or a colon:
#: "MOSKOW -", "Moskow:", "Merdeka.com -", "Berita Baru, Moskow –", "JAKARTA, KOMPAS.com -",
#: "JUARA.NET, KUALA LUMPUR -", "Jakarta, CNN Indonesia --", "Bandung, detikJabar -",
#: "JAKARTA (Pos Kota) –", "New York (ANTARA News) -", "Samarinda, Kalimantan Timur (ANTARA
#: News) -".
# A word of a place or an outlet: in capitals ("KUALA"), capitalised ("Moskow"), joined by a
# hyphen or a slash ("Bangsa-Bangsa/PBB"), or an outlet's camel case ("detikJabar").
_NAME_WORD = r"(?:[A-Z][\w'’.]*|[a-z]+[A-Z][\w.]*)(?:[-/][A-Z][\w'’.]*)*"
_DATELINE_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
DATELINE = re.compile(
    rf"^(?P<first>{_DATELINE_NAME})(?:,\s+(?P<second>{_DATELINE_NAME}))?"
    r"(?:,?\s+\((?P<paren>[A-Z][\w.]*(?:\s+[\w.]+){0,2})\))?"
    # The dash, spaced ("JAKARTA - Presiden") or glued to the lead's first word after a space
    # ("JAKARTA (Pos Kota) –Presiden", "Kupang (ANTARA News) -Ketua"; a dash glued on both sides
    # is a word's hyphen: "Jakarta-Bandung").
    # A run of dashes is one separator: "--", and "- -" as tokenised text writes it ("Jakarta,
    # CNN Indonesia - - Militer ..."), whose second dash was left opening the lead.
    r"(?P<separator>\s*(?:--|[-–—])(?:\s*[-–—])*\s+|\s+[-–—](?=\w)|\s*:\s+)(?=\S)"
)
#: A place's name: each word in capitals or capitalised ("KUALA LUMPUR", "Bangsa-Bangsa").
_PLACE_WORD = r"(?:[A-Z][A-Z'’]+|[A-Z][a-z'’]+)"
_PLACE_SHAPE = re.compile(
    rf"{_PLACE_WORD}(?:[-/]{_PLACE_WORD})*(?:\s+{_PLACE_WORD}(?:[-/]{_PLACE_WORD})*)*"
)
#: An outlet's own web name: "Merdeka.com", "KOMPAS.com", "JUARA.NET", "BOLASPORT.COM".
_WEB_NAME = re.compile(r"[\w-]+\.(?i:com|co\.id|id|co|net|news|tv)")
#: A place in capitals, as a dateline with its dash glued to it gives it: "JAKARTA-".
_CAPITAL_PLACE = re.compile(r"[A-Z]{3,}(?: [A-Z]{2,})*")
#: Words after the dateline: a real lead paragraph follows, not a two-word fragment.
DATELINE_MIN_REST_WORDS = 5


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
    glued = match["separator"][:1] in "-–—"  # "JAKARTA- Presiden": no space before the dash
    # A word with a hyphen at its end ("Bj- ...", "Pra- dan pascasarjana", "XC'- ...") opens
    # many a sentence; written so, only a known place or a name of letters in capitals, three
    # at least ("JAKARTA- Presiden"), is a dateline.
    if (
        glued
        and second is None
        and paren is None
        and not _CAPITAL_PLACE.fullmatch(first)
        and (kind_of or known_kind)(_place_name(first)) != "LOC"
    ):
        return None
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


def _place_name(place: str) -> str:
    """ "MOSKOW" -> "Moskow"; "Kuala Lumpur" stays."""
    if place.isupper():
        return " ".join(word.capitalize() for word in place.split())
    return place


def known_kind(name: str) -> str | None:
    """LOC or ORG for a place or a body the known-name table or the NER model's gazetteer knows
    (see ``known_names.place_or_body_type``), else None."""
    from warta.lang.id.ner.tagger import tagger  # noqa: PLC0415  (loads the model's resources)

    return place_or_body_type(name, tagger("news").resources.gazetteer)
