"""What a word in or around a name is: the start of a place or body the training data or the
known-name table knows, a first name, a common word capitalised, a verb's "-kan" form; and where
the role that ends before a name starts.

The steps of the entities stage (reading mentions, repairing names, choosing canonical names)
all ask these questions; they live apart so that those modules import them, not each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from warta.lang.id.known_names import (
    body_or_place_type,
    is_acronym,
    known_name,
    person_acronym,
    place_or_body_type,
)
from warta.lang.id.ner.tagger import tagger
from warta.lang.id.roles import may_be_in_role, role_length


@cache
def first_names() -> frozenset[str]:
    """Words that begin people's names in the training data and never a place's or an
    organisation's ("dmitry", "joko")."""
    gazetteer = tagger("news").resources.gazetteer
    person = {k[0] for k, v in gazetteer.items() if v == "PERSON" and len(k) > 1}
    other = {k[0] for k, v in gazetteer.items() if v != "PERSON"}
    return frozenset(person - other)


def known_place_or_body(word: str, gazetteer: Mapping[tuple[str, ...], str]) -> str | None:
    """The type of a one-word place or organisation the training data knows ("Rusia",
    "Kremlin"), else None."""
    kind = gazetteer.get((word.lower(),))
    return kind if kind in {"LOC", "ORG"} else None


def _not_a_person(word: str, gazetteer: Mapping[tuple[str, ...], str]) -> str | None:
    """The type of a one-word "person" that is a place or a body ("Rusia", "KPK",
    "Kemenkeu"), else None."""
    return place_or_body_type(word, gazetteer)


def _may_be_given_name(word: str) -> bool:
    """Whether a word before a one-word name may be its given name rather than a place or body
    glued to it: a capitalised word, not an abbreviation, that no table or form says is a
    place or body ("Ratna", which the training data once tags as a place; not "KPU", "Kota")."""
    return (
        word[:1].isupper()
        and not is_acronym(word)
        and known_name(word) is None
        and body_or_place_type([word]) is None
    )


def _mostly_lowercase(word: str, strict: bool = False) -> bool:
    """Whether a word is mostly written in lowercase inside sentences of cased text (a common
    word, capitalised only at the start of a title or an office); ``strict``: almost never
    capitalised, so no name's last word ("Putra", "Sari" are common words and names)."""
    key = word.lower()
    if key in first_names():
        return False
    rate = tagger("news").resources.capitalised.get(key, "")
    return _verb_form(word) or rate.lstrip("r") in ({"0"} if strict else {"0", "1"})


def _verb_form(word: str) -> bool:
    """Whether a word is a verb's "-kan" form that cased text seldom holds ("Beberkan", rare
    and capitalised only in title-cased lines): names seldom end so."""
    key = word.lower()
    rate = tagger("news").resources.capitalised.get(key, "")
    return rate.startswith("r") and len(key) >= 7 and key.endswith("kan") and key.isalpha()


def _heads_a_name(word: str) -> bool:
    """Whether a word begins places' or bodies' names in the training data and never a
    person's ("Stadion", "Pura", "Bandara")."""
    return word.lower() in _place_or_body_heads()


@cache
def _place_or_body_heads() -> frozenset[str]:
    gazetteer = tagger("news").resources.gazetteer
    other = {k[0] for k, v in gazetteer.items() if v in {"LOC", "ORG"} and len(k) > 1}
    person = {k[0] for k, v in gazetteer.items() if v == "PERSON"}
    return frozenset(other - person)


#: The longest place or organisation name looked for at the start of a mention.
_MAX_BODY_WORDS = 3


def _body_at(
    words: list[str], index: int, limit: int, known: Mapping[tuple[str, ...], str]
) -> tuple[int, str]:
    """The length and type of a place or body starting at ``words[index]`` and ending before
    ``limit``, the longest known, else (0, "")."""
    longest = min(_MAX_BODY_WORDS, limit - index)
    lowered = tuple(map(str.lower, words[index : index + longest]))  # once for every size
    for size in range(longest, 0, -1):
        kind = known.get(lowered[:size])
        if kind in {"LOC", "ORG"}:
            return size, kind
        table = known_name(" ".join(words[index : index + size]))
        if table is not None and table.type != "PERSON":
            return size, table.type
    # "Partai Golkar", "Kota Bandung": a head word and the one name after it.
    if limit - index >= 2:
        kind = body_or_place_type(words[index : index + 2])
        if kind is not None:
            return 2, kind
    word = words[index]
    kind = body_or_place_type([word])
    if kind is not None:
        return 1, kind
    if is_acronym(word) and not person_acronym(word):
        return 1, "ORG"
    return 0, ""


_MAX_ROLE_TOKENS = 6


def _role_before(words: list[str], index: int) -> int:
    """Where a role ending just before ``words[index]`` starts (``index`` when there is none):
    a run of role words and capitalised words ("Menteri Luar Negeri Rusia") that opens with a
    role word."""
    begin = index
    while begin > 0 and index - begin < _MAX_ROLE_TOKENS:
        if not may_be_in_role(words[begin - 1]):
            break
        begin -= 1
    while begin < index and not role_length(words[begin : begin + 2]):
        begin += 1
    return begin
