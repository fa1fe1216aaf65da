"""Repairs of names the tagger reads wrongly, each a pattern of Indonesian news text: a given
name and middle initials left in the role ("Retno LP" before "Marsudi"), two names written as
one ("Anies-Sandi", "Prabowo Gibran", two full names side by side in run-together headlines), a
shirt number or a quoted nickname inside a name ("7-Alexis Sanchez", "Alessio ' Uccio '
Salucci"), a region named with the word of its kind ("Provinsi Riau"), and the article's own
outlet, which speaks and takes no part in the news.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from warta.analyze.entities.tagging import _Found
from warta.analyze.entities.words import (
    _heads_a_name,
    _may_be_given_name,
    _mostly_lowercase,
    known_place_or_body,
)
from warta.lang.id.known_names import is_acronym, known_name, region_name
from warta.lang.id.ner.tagger import tagger
from warta.lang.id.news_outlets import known_news_organisation, wire_key
from warta.lang.id.roles import is_honorific, role_length

_INITIAL = re.compile(r"[A-Z]\.")


#: Middle initials inside a name: one or two capitals ("LP" of "Retno LP Marsudi", "S" of
#: "Miryam S Haryani") or dotted initials ("A.M."); three capitals are mostly a body's
#: abbreviation ("PSM", "DKI"), left to the rules of bodies.
_MIDDLE_INITIALS = re.compile(r"[A-Z]{1,2}\.?|(?:[A-Z]\.){2,3}")


#: Two capitals that are a Roman number ("XI", "IV"), not a person's initials.
_ROMAN_NUMERAL = re.compile(r"[IVX]{2}")


def _given_name_before(
    words: list[str], start: int, known: Mapping[tuple[str, ...], str], tagged: set[int]
) -> int:
    """How many words before a person's mention are the rest of the name, which the tagger
    left in the role: a given name and the middle initials after it ("Menteri Luar Negeri
    Retno LP" before "Marsudi"), when the tagger tagged neither, the initials are no place or
    body anybody knows and the given name is a capitalised word that is no role word, comes
    right after no office word (of which it may be part: "Jaksa Agung M Prasetyo"), is no
    place or body, no head of one ("Stadion H Agus Salim") and no common word; else 0."""
    if start < 2 or not _MIDDLE_INITIALS.fullmatch(words[start - 1]):
        return 0
    if _ROMAN_NUMERAL.fullmatch(words[start - 1]):
        return 0  # "Gong XI Fa Chai", "Paus Yohanes XXIII": a number, not initials
    if {start - 1, start - 2} & tagged:
        return 0  # "Bhayangkara FC" before "Thiago Furtuoso": a body the tagger found
    initials, given = words[start - 1], words[start - 2]
    if known_place_or_body(initials.rstrip("."), known) or known_name(initials) is not None:
        return 0
    office = start > 2 and role_length([words[start - 3]]) and not is_honorific(words[start - 3])
    if role_length([given]) or office or not _may_be_given_name(given) or _mostly_lowercase(given):
        return 0
    if known_place_or_body(given, known) or is_acronym(given) or _heads_a_name(given):
        return 0
    return 2


def _two_known_people(words: list[str]) -> bool:
    """Whether a two-word name is two people the known-name table knows ("Prabowo Gibran")."""
    if len(words) != 2:
        return False
    first, second = known_name(words[0]), known_name(words[1])
    return (
        first is not None
        and second is not None
        and first.type == second.type == "PERSON"
        and first.canonical != second.canonical
    )


_HYPHENED = re.compile(r"([A-Z][a-z]{2,})-([A-Z][a-z]{2,})")


def _hyphened_pair(word: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Where the two names of a one-word pair are ("Anies-Sandi": (0, 5) and (6, 11)): two
    capitalised words of three letters or more joined by a hyphen, tagged as one person."""
    match = _HYPHENED.fullmatch(word)
    if match is None:
        return None
    return (match.start(1), match.end(1)), (match.start(2), match.end(2))


#: A number glued by a dash before a name's first word: a shirt number in a line-up
#: ("7-Alexis Sanchez", "11-Mesut Oezil"), never part of the name.
_NUMBER_GLUED = re.compile(r"\d+[-–—](?=[^\W\d_])")


#: Quote marks around a nickname inside a name ("Alessio ' Uccio ' Salucci").
_QUOTE_MARKS = frozenset("'\"‘’“”")


def _tidied(found: _Found) -> _Found:
    """The mention without a number glued before its first word (see _NUMBER_GLUED), and
    with a nickname that tokenised text quotes apart written as one word: "Alessio ' Uccio '
    Salucci" is named "Alessio 'Uccio' Salucci", whose "Uccio" the article's short "Uccio"
    finds."""
    words, start = found.words, found.start
    glued = _NUMBER_GLUED.match(words[0])
    if glued is not None:
        words, start = [words[0][glued.end() :], *words[1:]], start + glued.end()
    quoted = [
        i
        for i in range(1, len(words) - 2)
        if words[i] in _QUOTE_MARKS and words[i + 2] in _QUOTE_MARKS and words[i + 1][:1].isupper()
    ]
    for i in reversed(quoted):
        words = [*words[:i], words[i] + words[i + 1] + words[i + 2], *words[i + 3 :]]
    if words is found.words:
        return found
    return _Found(found.paragraph, start, found.end, found.type, words, found.role)


def _two_people_glued(found: list[_Found], body: list[str]) -> list[_Found]:
    """A person's mention that is two people's full names written side by side is two
    mentions: headlines of related links run together ("Antonio Conte Danny Drinkwater").
    Each part is a name of two words or more known on its own: one the article writes alone
    as a person's, or a person's of the training data's gazetteer. "Lerby Eliandry Pong Babu",
    one footballer the article also calls "Lerby Eliandry", stays whole."""
    alone = {tuple(f.words) for f in found if f.type == "PERSON"}
    gazetteer = tagger("news").resources.gazetteer

    def known_person(words: list[str]) -> bool:
        return tuple(words) in alone or gazetteer.get(tuple(map(str.lower, words))) == "PERSON"

    result = []
    for f in found:
        cut = next(
            (
                size
                for size in range(2, len(f.words) - 1)
                if known_person(f.words[:size]) and known_person(f.words[size:])
            ),
            None,
        )
        if f.type != "PERSON" or cut is None:
            result.append(f)
            continue
        paragraph = body[f.paragraph]
        first_end = paragraph.find(f.words[cut - 1], f.start) + len(f.words[cut - 1])
        second = paragraph.find(f.words[cut], first_end)
        result.append(_Found(f.paragraph, f.start, first_end, f.type, f.words[:cut], f.role))
        result.append(_Found(f.paragraph, second, f.end, f.type, f.words[cut:], None))
    return result


def _place_name(name: str, places: set[str]) -> str:
    """A place's name without the word of its kind ("Provinsi Riau" is Riau, see
    :func:`region_name`; "Rakhine State" is Rakhine where ``places``, the article's, the
    training data or the table know Rakhine as a place)."""
    gazetteer = tagger("news").resources.gazetteer

    def is_place(rest: str) -> bool:
        table = known_name(rest)
        return (
            rest in places
            or gazetteer.get(tuple(word.lower() for word in rest.split())) == "LOC"
            or (table is not None and table.type == "LOC")
        )

    return region_name(name, is_place)


def _own_outlet(outlet: str | None) -> Callable[[_Found], bool]:
    """Whether a mention names the article's own outlet ("kata X kepada CNNIndonesia.com" in
    CNN Indonesia's article, its byline "Suara.com - ..."): the outlet speaks, it takes no part
    in the news, and as an entity it would sit beside everybody its articles name. Spellings
    are the news-outlet table's (case, spaces, punctuation and a web domain ending aside). A
    place of the same name is kept."""
    if not outlet or not (key := wire_key(outlet)):
        return lambda found: False
    table = known_news_organisation(outlet)
    keys = {key} | {wire_key(spelling) for spelling in (table.spellings if table else ())}
    return lambda found: found.type != "LOC" and wire_key(" ".join(found.words)) in keys
