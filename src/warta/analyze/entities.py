"""Stage ``entities``: people, organisations and places in the clean text, each with the
canonical name it has in the article and the role it is given there.

The shipped ``news`` tagger finds the mentions, sentence by sentence. Then, inside the article:

- titles and offices before a name are its role, not part of it: "Presiden Rusia Vladimir
  Putin" is "Vladimir Putin" with the role "Presiden Rusia"; a mention that is only a role
  ("Presiden") is dropped;
- a short form of a person's name ("Putin", "Presiden Putin") takes the full name the article
  gives ("Vladimir Putin"); two spellings of one full name ("Sergey"/"Sergei Lavrov") take the
  more frequent;
- an acronym the article defines ("Amerika Serikat (AS)") takes its expansion; a name every
  reader knows ("Jokowi", "KPK", "Perancis") takes the one the known-name table gives it
  (:mod:`warta.lang.id.known_names`);
- bodies and places glued before a person's name are mentions of their own ("Ketua DPR Setya
  Novanto": "DPR" and "Setya Novanto" in the role "Ketua DPR"), and names joined into a pair
  ("Anies - Sandi", "Rusia-Ukraina") are two.

Offsets are into the paragraph: ``body[paragraph][start:end] == text``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from warta.analyze.pipeline import stage
from warta.eval.ner import chunks
from warta.lang.id.known_names import (
    body_or_place_type,
    club_town,
    is_acronym,
    known_name,
    person_acronym,
    place_or_body_type,
    region_name,
)
from warta.lang.id.names import same_person
from warta.lang.id.ner.features import MAX_GAZETTEER_TOKENS
from warta.lang.id.ner.tagger import tagger
from warta.lang.id.news_outlets import known_news_organisation, wire_key
from warta.lang.id.roles import is_honorific, may_be_in_role, role_length
from warta.lang.id.sentences import Sentence, split_sentences
from warta.lang.id.speech import abbreviates, deletions, one_edit
from warta.model import Article, EntityMention

log = logging.getLogger(__name__)

_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z]{1,9})\s*\)")
_MAX_ROLE_TOKENS = 6


@dataclass(slots=True)
class _Found:
    paragraph: int
    start: int
    end: int
    type: str
    words: list[str]  # the name's words, the role removed
    role: str | None


@dataclass(slots=True)
class _Tagged:
    paragraph: int
    starts: tuple[int, ...]  # of the words in the paragraph
    ends: tuple[int, ...]
    words: list[str]
    chunks: list[tuple[int, int, str]]

    def found(self, first: int, end: int, kind: str, role: str | None = None) -> _Found:
        """The mention of the words ``first`` to ``end`` (exclusive)."""
        return _Found(
            self.paragraph,
            self.starts[first],
            self.ends[end - 1],
            kind,
            self.words[first:end],
            role,
        )


#: Most tokens of the articles tagged in one call by :func:`tagged_together`; an article with
#: more is tagged by itself, in its own stage, as before.
MAX_TOKENS_TOGETHER = 20_000

#: The bodies :func:`tagged_together` tagged, by the identity of the body list: each article's
#: stage reads its own (the same tags it would compute, computed in one call for several).
_pretagged: ContextVar[dict[int, tuple[list[str], list[_Tagged]]] | None] = ContextVar(
    "pretagged", default=None
)

_Read = list[tuple[int, Sentence, list[str], bool]]


def _read(body: list[str]) -> _Read:
    """Each sentence of the body: its paragraph, the sentence, its words, and whether it can
    name anybody."""
    read = []
    for index, paragraph in enumerate(body):
        for sentence in split_sentences(paragraph):
            words = list(sentence.words)
            # A sentence without a letter or a digit ("***", a line of dashes) names nobody;
            # tagging one of a million marks would take the tagger a quarter of a minute.
            named = any(char.isalnum() for char in sentence.text)
            read.append((index, sentence, words, named))
    return read


def _tag(body: list[str]) -> list[_Tagged]:
    found = _pretagged.get()
    if found is not None and (kept := found.get(id(body))) is not None and kept[0] is body:
        return kept[1]
    return _tag_read([_read(body)])[0]


def _tag_read(reads: Sequence[_Read]) -> list[list[_Tagged]]:
    """The tagged sentences of each article, all sentences tagged in one call: the tagger's
    cost is per call (its numpy steps) as much as per token, and the tags of a sentence do
    not depend on the sentences tagged beside it."""
    ner = tagger("news")
    tags = iter(
        ner.tag_many([words if named else [] for read in reads for *_, words, named in read])
    )
    gazetteer = ner.resources.gazetteer
    return [
        [
            _Tagged(
                index,
                sentence.starts,
                sentence.ends,
                words,
                _aged(words, chunks(next(tags)), gazetteer),
            )
            for index, sentence, words, _ in read
        ]
        for read in reads
    ]


@contextmanager
def tagged_together(bodies: Sequence[list[str]]) -> Iterator[None]:
    """Tag the sentences of several articles' bodies together, for the entities stage of each
    article analysed inside the block to read (its body the same list object). Articles are
    tagged in groups of at most :data:`MAX_TOKENS_TOGETHER` tokens; one longer is tagged by
    its own stage. Should tagging a group fail (a bug on one odd text), each of its articles
    tags itself in its stage, and fails alone."""
    found: dict[int, tuple[list[str], list[_Tagged]]] = {}
    group: list[tuple[list[str], _Read]] = []
    size = 0

    def tag_group() -> None:
        try:
            tagged = _tag_read([read for _, read in group])
        except Exception:  # each article then meets the error in its own stage
            log.debug("tagging %d articles together failed", len(group), exc_info=True)
            return
        found.update(
            (id(body), (body, sentences))
            for (body, _), sentences in zip(group, tagged, strict=True)
        )

    for body in bodies:
        try:
            read = _read(body)
        except Exception:  # as above: its stage meets it
            continue
        tokens = sum(len(words) for *_, words, _ in read)
        if tokens > MAX_TOKENS_TOGETHER:
            continue
        if group and size + tokens > MAX_TOKENS_TOGETHER:
            tag_group()
            group, size = [], 0
        group.append((body, read))
        size += tokens
    if group:
        tag_group()
    token = _pretagged.set(found)
    try:
        yield
    finally:
        _pretagged.reset(token)


#: Oldest age a news text gives a person in brackets after the name.
_MAX_AGE = 120


def _aged(
    words: list[str],
    found: list[tuple[int, int, str]],
    gazetteer: Mapping[tuple[str, ...], str],
) -> list[tuple[int, int, str]]:
    """The tagger's chunks, a name followed by an age in brackets ("Enah (54)", as Indonesian
    news gives a person's age) typed PERSON, unless a table or its form says it is a place or
    a body ("Jakarta (21/4)" is a dateline's date, not an age)."""
    aged = []
    for first, end, tagged in found:
        after = words[end : end + 3]
        kind = tagged
        if (
            kind != "PERSON"
            and len(after) == 3
            and after[0] == "("
            and after[2] == ")"
            and after[1].isdigit()
            and 0 < int(after[1]) <= _MAX_AGE
            and place_or_body_type(" ".join(words[first:end]), gazetteer) is None
        ):
            kind = "PERSON"
        aged.append((first, end, kind))
    return aged


def _mentions(
    sentence: _Tagged, known: Mapping[tuple[str, ...], str] | None = None
) -> Iterable[_Found]:
    """The tagger's mentions in a sentence: edges trimmed, coordinated names split, and from a
    person's mention the role and the bodies or places glued before the name split off.

    Args:
        known: the places and bodies the training data knows, with the one-word places the
            article itself names alone ("di Sleman", see :func:`_with_places`), to split
            "Bupati Sleman Kustini Sri Purnomo"; None for the training data's alone.
    """
    if not sentence.chunks:
        return  # a third of the sentences name nobody
    gazetteer = tagger("news").resources.gazetteer
    words, paragraph_index = sentence.words, sentence.paragraph
    cased = any(word[:1].isupper() for word in words[1:])
    known = gazetteer if known is None else known
    found_chunks = _split_place_from_person(words, _coordinated(words, sentence.chunks), known)
    person_starts = {first for first, _, kind in found_chunks if kind == "PERSON"}
    covered = {index for first, end, _ in found_chunks for index in range(first, end)}
    body_ends = {end: first for first, end, kind in found_chunks if kind in {"ORG", "LOC"}}
    for first, end, tagged in found_chunks:
        kind = tagged
        start, stop = _trimmed(words, first, end, cased)
        if start == stop:
            continue
        # A role inside the mention ("Presiden Putin") is cut off; so is the place or body
        # of the office in a person's mention ("Presiden Rusia Vladimir Putin", "Kremlin
        # Dmitry Peskov", "KJRI Jeddah M. Hery Saripudin"), which is a mention of its own.
        # A role just before the mention is read back from the text.
        bodies: list[tuple[int, int, str]] = []
        if kind == "PERSON":
            name_start, stop, bodies = _name_start(words, start, stop, known)
        else:
            name_start = start + role_length(words[start:stop])
        for body_start, body_end, body_kind in bodies:
            yield sentence.found(body_start, body_end, body_kind)
        if name_start == stop:
            continue
        if kind == "PERSON" and name_start == start:
            while start > 0 and _INITIAL.fullmatch(words[start - 1]):  # "M. Hery Saripudin"
                start -= 1
            start -= _given_name_before(words, start, known, covered)  # "Retno LP" of "Marsudi"
            name_start = start
        if kind == "PERSON" and stop - name_start == 1:
            # "Presiden Rusia" or "Angket KPK" tagged as a person: a place or a body.
            kind = _not_a_person(words[name_start], gazetteer) or kind
        role_start = _role_before(words, start)  # "juru bicara" before "Kremlin Dmitry Peskov"
        if role_start == start and name_start > start:
            role_start = start
        if kind == "PERSON" and role_start == start:
            role_start = _role_across_body(words, start, body_ends)
        if kind == "PERSON":  # "Konsul Jenderal KJRI Jeddah" before "M. Hery Saripudin"
            yield from _bodies_in_role(sentence, role_start, start, covered, known)
        role = " ".join(words[role_start:name_start]) if role_start < name_start else None
        followed = stop in person_starts or (stop + 1 in person_starts and words[stop] == ",")
        if kind == "PERSON" and followed:
            role = None  # "juru bicara Putin, Dmitry Peskov": the role is the next person's
        if kind == "PERSON" and stop - name_start == 1:
            pair = _hyphened_pair(words[name_start])
            if pair is not None:  # "Anies-Sandi", "Rusia-Ukraina": two names, not one
                for begin, finish in pair:
                    part = words[name_start][begin:finish]
                    yield _Found(
                        paragraph_index,
                        sentence.starts[name_start] + begin,
                        sentence.starts[name_start] + finish,
                        _not_a_person(part, gazetteer) or "PERSON",
                        [part],
                        None,
                    )
                continue
        if kind == "PERSON" and _two_known_people(words[name_start:stop]):
            for index in (name_start, name_start + 1):  # "Prabowo Gibran"
                yield sentence.found(index, index + 1, kind)
            continue
        yield sentence.found(name_start, stop, kind, role if kind == "PERSON" else None)


def _role_across_body(words: list[str], start: int, body_ends: Mapping[int, int]) -> int:
    """Where a role starts that holds the body or place tagged just before a person's name,
    after a common word capitalised ("Bintang" before "Atletico Madrid Antoine Griezmann"),
    as :func:`_name_start` reads it when the three are one mention; ``start`` when none."""
    body_start = body_ends.get(start)
    if body_start is None or body_start == 0:
        return start
    before = words[body_start - 1]
    if before[:1].isupper() and not _verb_form(before) and _mostly_lowercase(before):
        return body_start - 1
    return start


def _bodies_in_role(
    sentence: _Tagged,
    start: int,
    end: int,
    covered: set[int],
    known: Mapping[tuple[str, ...], str],
) -> Iterable[_Found]:
    """The places and bodies in a role read back from the text that the tagger left out:
    "KJRI" and "Jeddah" in "Konsul Jenderal KJRI Jeddah"."""
    words, index = sentence.words, start
    while index < end:
        size, kind = (0, "") if index in covered else _body_at(words, index, end, known)
        if size and not covered.intersection(range(index, index + size)):
            yield sentence.found(index, index + size, kind)
            index += size
        else:
            index += 1


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


#: A character ``str.isalnum`` accepts (``\w`` is one or "_"): one search in C, where a
#: generator over the word's characters cost a Python step each (every mention is trimmed).
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def _trimmed(words: list[str], start: int, stop: int, cased: bool) -> tuple[int, int]:
    """A mention without the punctuation at its edges ("- Arsenal", "Jokowi ,"), nor, in
    cased text, the lowercase words there ("kota Jenewa")."""
    while start < stop and not _LETTER_OR_DIGIT.search(words[start]):
        start += 1
    while stop > start and not _LETTER_OR_DIGIT.search(words[stop - 1]):
        stop -= 1
    if cased:
        while start < stop and words[start][:1].islower() and not role_length(words[start:stop]):
            start += 1
        while stop > start and not words[stop - 1][:1].isupper():
            stop -= 1
    return start, stop


#: Words that join two names into a pair ("Jokowi - JK", "Anies dan Sandi"), not one name.
_JOINERS = frozenset({"-", "–", "—", "/", "&"})
_PERSON_JOINERS = _JOINERS | {"dan", "serta", "atau", "vs", "versus"}


def _coordinated(words: list[str], found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Mentions split at the words that join two names: "Jokowi - JK" is two people,
    "Persib - Persija" two clubs. A person's mention splits at "dan" too ("Anies dan Sandi");
    an organisation's does not ("Badan Pengawas Obat dan Makanan")."""
    result = []
    for first, end, kind in found:
        joiners = _PERSON_JOINERS if kind == "PERSON" else _JOINERS
        begin = first
        for index in range(first + 1, end - 1):
            if words[index].lower() not in joiners:
                continue
            if kind != "PERSON" and not (
                _name_like(words[index - 1]) and _name_like(words[index + 1])
            ):
                continue  # "GO - JEK", a brand written with a spaced hyphen in tokenised text
            if index > begin:
                result.append((begin, index, kind))
            begin = index + 1
        result.append((begin, end, kind))
    return result


def _name_like(word: str) -> bool:
    """A word written as a name: a capital, then lowercase letters ("Persib"; not "GO")."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


_HYPHENED = re.compile(r"([A-Z][a-z]{2,})-([A-Z][a-z]{2,})")


def _hyphened_pair(word: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Where the two names of a one-word pair are ("Anies-Sandi": (0, 5) and (6, 11)): two
    capitalised words of three letters or more joined by a hyphen, tagged as one person."""
    match = _HYPHENED.fullmatch(word)
    if match is None:
        return None
    return (match.start(1), match.end(1)), (match.start(2), match.end(2))


def _name_start(
    words: list[str], start: int, stop: int, known: Mapping[tuple[str, ...], str]
) -> tuple[int, int, list[tuple[int, int, str]]]:
    """Where a person's name starts and ends in a mention, and the bodies and places glued
    before it.

    Read from the left, these are not the name: role words ("Ketua", "Presiden"); a place or
    body the training data, the known-name table or the article knows ("Rusia", "Bank
    Indonesia", "DPR") or whose form says so ("Partai Golkar"); an abbreviation that is no
    person's ("KJRI", "BI"); and a word that is mostly written in lowercase ("Bintang
    Atletico Madrid Antoine Griezmann", "Angket KPK"). Anything before the last role word is
    not the name either ("Nawa Cita Presiden Jokowi"), nor mostly lowercase words at its end
    ("Ahok Beberkan" in a title-cased line). One word is always kept.
    """
    last_role = max(
        (i for i in range(start + 1, stop - 1) if role_length(words[i : i + 1])), default=None
    )
    while stop - start > 1 and _mostly_lowercase(words[stop - 1], strict=True):
        stop -= 1
    index, bodies, office = start, list[tuple[int, int, str]](), False
    while stop - index > 1:
        size = role_length(words[index : stop - 1])
        if size:
            office = office or not all(is_honorific(w) for w in words[index : index + size])
            index += size
            continue
        size, kind = _body_at(words, index, stop, known)
        if index + size == stop:  # "Presiden Amerika Serikat": the office of a place
            return stop, stop, [*bodies, (index, stop, kind)]
        size, kind = _body_at(words, index, stop - 1, known)
        if size == 1 and not office and stop - index < 3 and _may_be_given_name(words[index]):
            size = 0  # "Ratna Kumalasari", "dr. Sari Wulandari": a name, whatever else it is
        if size:
            bodies.append((index, index + size, kind))
            index += size
            continue
        if last_role is not None and index < last_role:
            index += 1
            continue
        if _mostly_lowercase(words[index]) and _modifies_body(words, index, stop, known):
            index += 1  # "Bintang" (Atletico Madrid), "Angket" (KPK), "Perwakilan" (RI)
            continue
        break
    for end in range(index + 1, stop):  # "Ahok Beberkan Fakta", a title-cased headline
        if _verb_form(words[end]):
            stop = end
            break
    for end in range(index + 2, stop):  # "Valentino Rossi ITA Movistar Yamaha", a results line
        if is_acronym(words[end]) and not person_acronym(words[end]):
            stop = end
            break
    return index, stop, bodies


def _modifies_body(
    words: list[str], index: int, stop: int, known: Mapping[tuple[str, ...], str]
) -> bool:
    """Whether the run of mostly lowercase words starting at ``words[index]`` is followed by a
    place or body: then they are a common word glued to it ("Bintang Atletico Madrid Antoine
    Griezmann", "Angket KPK"). Without one they may be the name's own words, which are common
    words too ("Wide Putra Ananda")."""
    end = index
    while end < stop - 1 and _mostly_lowercase(words[end]):
        end += 1
    return _body_at(words, end, stop - 1, known)[0] > 0


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


def _not_a_person(word: str, gazetteer: Mapping[tuple[str, ...], str]) -> str | None:
    """The type of a one-word "person" that is a place or a body ("Rusia", "KPK",
    "Kemenkeu"), else None."""
    return place_or_body_type(word, gazetteer)


def _split_place_from_person(
    words: list[str],
    found: list[tuple[int, int, str]],
    gazetteer: Mapping[tuple[str, ...], str],
) -> list[tuple[int, int, str]]:
    """Split "Rusia Sergey Lavrov", "Bank Indonesia Perry Warjiyo" or "KPU RI Afifuddin",
    tagged as one name of any type, into the places or bodies and the person: places or bodies
    known or written as abbreviations (see :func:`_body_at`), followed by capitalised words
    that are none, the first of them a first name the training data knows, or the name coming
    after a role word ("Gubernur", "Ketua"); a one-word name only after a role word."""
    result = []
    for first, end, kind in found:
        if _body_at(words, first, end, gazetteer)[0] == end - first:
            result.append((first, end, kind))  # "Amerika Serikat" is one place
            continue
        pieces, index = [], first
        while end - index > 1:
            size, body_kind = _body_at(words, index, end - 1, gazetteer)
            if not size:
                break
            pieces.append((index, index + size, body_kind))
            index += size
        rest = words[index:end]
        after_role = _after_role(words, first, rest, gazetteer)
        if (
            [size for begin, finish, _ in pieces for size in [finish - begin]] == [1]
            and len(rest) == 1
            and _may_be_given_name(words[first])
            and not (after_role and not is_honorific(words[first - 1]))
        ):
            pieces = []  # "dr. Sari Wulandari": a given name, not a place glued to a name
        if (
            pieces
            and rest
            and all(word[:1].isupper() and not is_acronym(word) for word in rest)
            and (after_role or (len(rest) >= 2 and rest[0].lower() in first_names()))
        ):
            result += [*pieces, (index, end, "PERSON")]
        else:
            result.append((first, end, kind))
    return result


def _after_role(
    words: list[str], first: int, rest: list[str], gazetteer: Mapping[tuple[str, ...], str]
) -> bool:
    """Whether a role comes before the mention and the words after the body name no place or
    body: "Gubernur Bank Indonesia Perry Warjiyo", "Kepala Pelaksana BPBD Garut Satria Budi";
    not "Kepala Bank Indonesia Jawa Barat"."""
    return (
        first > 0
        and (role_length([words[first - 1]]) == 1 or _role_before(words, first) < first)
        and not any(_not_a_person(word, gazetteer) for word in rest)
    )


#: The longest place or organisation name looked for at the start of a mention.
_MAX_BODY_WORDS = 3


def _propagated(
    sentence: _Tagged, known: dict[tuple[str, ...], str], first_words: set[str]
) -> Iterable[_Found]:
    """Mentions the tagger missed of names it found elsewhere in the article: "Peskov" after
    "Dmitry Peskov", "AS" after "AS". A match must start with a capital and touch no tagged
    token. ``first_words``: the words the ``known`` names start with."""
    words = sentence.words
    covered = [False] * len(words)
    for first, end, _ in sentence.chunks:
        covered[first:end] = [True] * (end - first)
    index = 0
    while index < len(words):
        if covered[index] or not words[index][:1].isupper():
            index += 1
            continue
        # A word no name starts with can only be an abbreviation: its one length is tried,
        # not the six (a look-up each) of a word that begins a name found.
        longest = (
            min(MAX_GAZETTEER_TOKENS, len(words) - index) if words[index] in first_words else 1
        )
        for length in range(longest, 0, -1):
            kind = known.get(tuple(words[index : index + length]))
            if kind is None and length == 1:
                kind = _abbreviation_type(words[index])
            if kind is not None and not any(covered[index : index + length]):
                role_start = _role_before(words, index) if kind == "PERSON" else index
                role = " ".join(words[role_start:index]) if role_start < index else None
                yield sentence.found(index, index + length, kind, role)
                index += length
                break
        else:
            index += 1


def _abbreviation_type(word: str) -> str | None:
    """The type of an abbreviation the known-name table knows ("KPK", "Kemenkeu"), which the
    tagger may miss, else None: what the table says of the word, unless it is a person's name
    and not an acronym ("SBY" is one)."""
    # One look-up: a word the table does not know has no type here whatever its form, and
    # one it knows as a body or place is an abbreviation or has a body's or place's form.
    table = known_name(word)
    if table is None or (table.type == "PERSON" and not is_acronym(word)):
        return None
    return table.type


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


def _known_names(found: list[_Found]) -> dict[tuple[str, ...], str]:
    """Names found, with their type; a person's last name stands for them too."""
    known: dict[tuple[str, ...], str] = {}
    for f in found:
        known.setdefault(tuple(f.words), f.type)
    for f in found:
        if f.type == "PERSON" and len(f.words) > 1:
            known.setdefault((f.words[-1],), "PERSON")
    return known


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


def _canonical_names(found: list[_Found], body: list[str]) -> dict[int, tuple[str, str]]:
    """Canonical name and type for each mention (by its position in ``found``)."""
    names = [" ".join(f.words) for f in found]
    counts = Counter(zip(names, (f.type for f in found), strict=True))
    persons = {name for (name, kind) in counts if kind == "PERSON"}
    full = sorted(
        (n for n in persons if len(n.split()) > 1), key=lambda n: (-counts[n, "PERSON"], n)
    )

    spelling = _spellings(full, counts)
    full_names = _FullNames([n for n in full if n not in spelling])
    organisations = _organisations_by_first_word(counts)
    clubs = _clubs_by_town(counts)

    # Where each acronym is defined: the paragraph, and the end of the text before "(AS)".
    defined: dict[str, tuple[str, int]] = {}
    for paragraph in body:
        for match in _DEFINED.finditer(paragraph):
            end = match.start()
            while end and paragraph[end - 1].isspace():
                end -= 1
            defined[match[1]] = (paragraph, end)
    expansions = _Expansions(defined, counts)
    gazetteer = tagger("news").resources.gazetteer

    full_set = set(full)
    chosen: list[tuple[str, str]] = []
    for f, name in zip(found, names, strict=True):
        kind = f.type
        canonical = spelling.get(name, name)
        short = len(f.words) == 1
        written = expansions.written(name) if short else None
        table = known_name(name)
        # "Arifi menjelaskan" after "Arifin Hadi": a misspelling of the one person's name
        misspelled = short and kind == "PERSON" and written is None and table is None
        person = (
            None
            if name in full_set
            else full_names.containing(f.words)
            or (full_names.misspelled(name) if misspelled else None)
        )
        if person is not None and short and _not_a_person(name, gazetteer) is not None:
            given = person.split()[0].lower() == name.lower() and _may_be_given_name(name)
            person = person if given else None  # "Ratna" of "Ratna Kumalasari", not of a place
        if written is not None:  # "Komisi Pemberantasan Korupsi (KPK)"
            kind, canonical = written
        elif table is not None:  # "Jokowi", "KPK", "Perancis"
            kind, canonical = table.type, table.canonical
        elif short and name in clubs:  # "Milan" beside "AC Milan"
            kind, canonical = "ORG", clubs[name]
        elif person is not None:  # "Putin", "Presiden Putin"; "Peskov" even when tagged ORG
            kind, canonical = "PERSON", person
        elif short and kind == "ORG" and name in organisations:
            canonical = organisations[name]
        elif kind == "PERSON" and short:
            kind = _not_a_person(name, gazetteer) or kind
        elif (
            kind != "PERSON"
            and 1 < len(f.words) <= 3
            and f.words[0].lower() in first_names()
            and body_or_place_type(f.words) is None
        ):
            kind = "PERSON"  # "Dmitry Peskov" tagged as an organisation
        if kind == "PERSON":
            kind = body_or_place_type(canonical.split()) or kind  # "Partai Golkar", "Kemenkeu"
        chosen.append((canonical, kind))

    # One name, one type in an article: the type most of its mentions have.
    # (Counted in plain dicts, each name's winner found once: a Counter made per name and
    # ranked per mention cost as much as the rest of this function. max keeps the first of
    # equal counts, in the order the types were met, as Counter.most_common(1) does.)
    votes: dict[str, dict[str, int]] = {}
    for canonical, kind in chosen:
        kinds = votes.setdefault(canonical, {})
        kinds[kind] = kinds.get(kind, 0) + 1
    voted = {canonical: max(kinds, key=kinds.__getitem__) for canonical, kinds in votes.items()}
    return {index: (canonical, voted[canonical]) for index, (canonical, _) in enumerate(chosen)}


def _organisations_by_first_word(counts: Counter[tuple[str, str]]) -> dict[str, str]:
    """The article's organisations named by their first word and a place ("Persib Bandung",
    "Atletico Madrid"; not "Apple Pay"), by that word, to name one written as it alone."""
    organisations: dict[str, str] = {}
    gazetteer = tagger("news").resources.gazetteer
    for (name, kind), _ in counts.most_common():
        words = name.split()
        if kind == "ORG" and len(words) > 1 and _place_words(words[1:], gazetteer):
            organisations.setdefault(words[0], name)
    return organisations


def _clubs_by_town(counts: Counter[tuple[str, str]]) -> dict[str, str]:
    """The article's clubs by the town they are named after, to name a club written as its
    town alone ("Milan" beside "AC Milan", however the tagger typed "Milan"); a town two of
    the article's clubs share names neither."""
    clubs: dict[str, list[str]] = {}
    for name, kind in counts:
        town = club_town(name) if kind == "ORG" else None
        if town is not None:
            clubs.setdefault(town, []).append(name)
    return {town: names[0] for town, names in clubs.items() if len(names) == 1}


def _place_words(words: list[str], gazetteer: Mapping[tuple[str, ...], str]) -> bool:
    """Whether words name a place the training data or the known-name table knows."""
    table = known_name(" ".join(words))
    if table is not None:
        return table.type == "LOC"
    return gazetteer.get(tuple(map(str.lower, words))) == "LOC"


def _spellings(full: list[str], counts: Counter[tuple[str, str]]) -> dict[str, str]:
    """The full name each other full name of a person in an article stands for.

    Spelling variants of one full name take the most frequent spelling; only names with the
    same last name can be one person's (same_person). A shorter name holding the first word
    and others of a longer one, in order, is the longer one's ("Sri Mulyani" of "Sri Mulyani
    Indrawati", "Sandiaga Uno" of "Sandiaga Salahuddin Uno"); one with another first word is
    another person ("Joko Widodo" is not "Iriana Joko Widodo"). Each name is compared only
    with the names sharing its last or first word, not with every name (hostile text names
    thousands).
    """
    spelling: dict[str, str] = {}
    by_last_name: dict[str, list[str]] = {}
    for name in full:
        earlier = by_last_name.setdefault(name.split()[-1].lower(), [])
        for kept in earlier:
            if spelling.get(kept, kept) == kept and same_person(name.split(), kept.split()):
                spelling[name] = kept
                break
        earlier.append(name)
    by_last_word: dict[str, list[str]] = {}
    for name in full:
        by_last_word.setdefault(name.split()[-1].lower(), []).append(name)
    for name in full:  # "Del Piero" of "Alessandro del Piero": a surname with its particle
        words = name.lower().split()
        if name in spelling or words[0] not in _PARTICLES:
            continue
        ending = {
            spelling.get(other, other) for other in by_last_word[words[-1]]
            if other.lower().split()[-len(words) :] == words and len(other.split()) > len(words)
        }  # fmt: skip
        if len(ending) == 1:
            spelling[name] = ending.pop()
    by_first_word: dict[str, list[str]] = {}
    for name in full:
        by_first_word.setdefault(name.split()[0].lower(), []).append(name)
    for name in full:
        if name in spelling:
            continue
        longer = [
            other for other in by_first_word[name.split()[0].lower()]
            if len(other.split()) > len(name.split()) and _shortened(name, other)
            and other not in spelling
        ]  # fmt: skip
        if longer:
            spelling[name] = max(longer, key=lambda n: (counts[n, "PERSON"], len(n), n))
    return spelling


#: Particles that begin a surname ("del Piero", "van Persie", "bin Laden").
_PARTICLES = frozenset(
    "al bin binti da de del della der di dos du el la le van von".split()  # noqa: SIM905
)


def _shortened(short: str, long: str) -> bool:
    """Whether a name is a longer one with words left out, the first word kept."""
    words, others = short.lower().split(), iter(long.lower().split())
    return words[0] == long.lower().split()[0] and all(word in others for word in words)


class _FullNames:
    """Full names of people, most frequent first, looked up by the words they hold."""

    def __init__(self, names: list[str]) -> None:
        self._names = names
        self._words = [  # a nickname's quote marks aside: "Uccio" of "Alessio 'Uccio' Salucci"
            frozenset(word.lower().strip("".join(_QUOTE_MARKS)) for word in name.split())
            for name in names
        ]
        # For each word, the names holding it, in order: a lookup reads one such list, not
        # every name (an article may name thousands).
        self._having: dict[str, list[int]] = {}
        for number, words in enumerate(self._words):
            for word in words:
                self._having.setdefault(word, []).append(number)
        # Made on the first misspelling looked up: the words by their deletions, the names
        # by their words' first two letters.
        self._by_deletion: dict[str, set[str]] | None = None
        self._by_start: dict[str, set[int]] | None = None

    def containing(self, words: list[str]) -> str | None:
        """The name holding all ``words`` (any case), the one of fewest words first, then the
        most frequent: "Widodo" is "Joko Widodo" rather than "Iriana Joko Widodo"."""
        wanted = {word.lower() for word in words}
        if not wanted:
            return None
        candidates = min((self._having.get(word, []) for word in wanted), key=len)
        holding = [n for n in candidates if wanted <= self._words[n]]
        if not holding:
            return None
        return self._names[min(holding, key=lambda n: (len(self._words[n]), n))]

    def misspelled(self, word: str) -> str | None:
        """The one name with a word one letter from ``word`` (a letter missing, extra or
        wrong, the first the same): "Arifi" for "Arifin" when the article names him "Arifin
        Hadi". None when no name or several different names have such a word, or the word is
        short ("Andi" and "Andri" are two names)."""
        lowered = word.lower()
        if len(lowered) < MIN_MISSPELLED_LETTERS:
            return None
        if self._by_deletion is None:
            # Two words one edit apart share a word one letter shorter (or one is the other's):
            # a lookup reads the few words under its own deletions, not every word.
            self._by_deletion = {}
            for known in self._having:
                for key in deletions(known):
                    self._by_deletion.setdefault(key, set()).add(known)
        candidates = set().union(*(self._by_deletion.get(key, ()) for key in deletions(lowered)))
        near = {
            n
            for known in candidates
            if known[:1] == lowered[:1] and known != lowered and one_edit(lowered, known)
            for n in self._having[known]
        }
        if len(near) != 1:
            return None
        (number,) = near
        # "Marcell", one letter from "Marcelle Brinette Renee Lefrandt", is her father
        # "Marcelino Lefrandt" too, his name's start: a nickname, and no sure typo.
        if self._by_start is None:
            self._by_start = {}
            for known, numbers in self._having.items():
                self._by_start.setdefault(known[:2], set()).update(numbers)
        stem = lowered[:-1]
        nicknamed = {
            n
            for n in self._by_start.get(lowered[:2], ())
            if n != number
            and (
                any(word.startswith(stem) for word in self._words[n])
                or abbreviates(lowered, self._names[n].lower().split())
            )
        }
        return None if nicknamed else self._names[number]


#: The fewest letters of a one-word name read as a misspelling of a longer name's word.
MIN_MISSPELLED_LETTERS = 5


class _Expansions:
    """What each acronym stands for: a name the article writes just before "(ACRONYM)", the
    most frequent such name first."""

    def __init__(
        self, defined: dict[str, tuple[str, int]], counts: Counter[tuple[str, str]]
    ) -> None:
        self._defined = defined
        # Names of more than one word that are no person's, by their last word: a name the
        # text before "(AS)" ends with ends with that text's last word.
        self._by_last_word: dict[str, list[tuple[str, str]]] = {}
        for (name, kind), _ in counts.most_common():
            if kind != "PERSON" and len(name.split()) > 1:
                self._by_last_word.setdefault(name.rsplit(" ", 1)[-1], []).append((kind, name))
        self._found: dict[str, tuple[str, str] | None] = {}

    def written(self, acronym: str) -> tuple[str, str] | None:
        """The type and name the article says an acronym stands for, or None."""
        if acronym not in self._found:
            self._found[acronym] = self._written(acronym)
        return self._found[acronym]

    def _written(self, acronym: str) -> tuple[str, str] | None:
        if acronym not in self._defined:
            return None
        paragraph, end = self._defined[acronym]
        last_word = paragraph[paragraph.rfind(" ", 0, end) + 1 : end]
        for kind, name in self._by_last_word.get(last_word, []):
            if paragraph.endswith(name, 0, end) and _spells(acronym, name):
                return kind, name
        return None


def _spells(acronym: str, name: str) -> bool:
    """Whether an acronym can be a name's: it starts with the name's first letter and its
    capitals are initials of the name's words, in order ("PSSI" of "Persatuan Sepak Bola
    Seluruh Indonesia"; not "AS" of "Bank sentral Amerika Serikat", nor "Jepang" of a film's
    title written before "(Jepang)")."""
    initials = [word[0].upper() for word in name.replace("-", " ").split() if word[:1].isalpha()]
    letters = [char for char in acronym if char.isupper()]
    if not initials or not letters or letters[0] != initials[0] or len(letters) < 2:
        return False
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True


def _places_named_alone(sentences: list[_Tagged]) -> dict[tuple[str, ...], str]:
    """One-word places the tagger found alone in the article ("di Sleman"): evidence that the
    word is a place inside a longer mention too ("Bupati Sleman Kustini Sri Purnomo")."""
    places: dict[tuple[str, ...], str] = {}
    for sentence in sentences:
        for first, end, kind in sentence.chunks:
            word = sentence.words[first]
            if (
                kind == "LOC"
                and end == first + 1
                and word[:1].isupper()
                and not role_length([word])
            ):
                places[(word.lower(),)] = "LOC"
    return places


def _with_places(places: dict[tuple[str, ...], str]) -> Mapping[tuple[str, ...], str]:
    """The training data's places and bodies, with the article's own one-word places."""
    gazetteer = tagger("news").resources.gazetteer
    return _PlacesFirst(places, gazetteer) if places else gazetteer


class _PlacesFirst(Mapping[tuple[str, ...], str]):
    """The article's places, then the training data's names, as a ChainMap of the two would
    read them; but its ``get`` costs two dict look-ups, not ChainMap's generic walk over its
    maps (reading the mentions asks it a dozen times a name)."""

    def __init__(
        self, places: dict[tuple[str, ...], str], gazetteer: Mapping[tuple[str, ...], str]
    ) -> None:
        self._places = places
        self._gazetteer = gazetteer

    def get(self, key: tuple[str, ...], default: str | None = None) -> str | None:  # type: ignore[override]
        kind = self._places.get(key)  # a place's type, never None
        return kind if kind is not None else self._gazetteer.get(key, default)

    def __getitem__(self, key: tuple[str, ...]) -> str:
        return self._places[key] if key in self._places else self._gazetteer[key]

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(dict.fromkeys([*self._gazetteer, *self._places]))

    def __len__(self) -> int:
        return len(self._gazetteer) + sum(key not in self._gazetteer for key in self._places)


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


@stage("entities", requires=("body", "outlet"), assigns=("entities",))
def entities(article: Article) -> Article:
    sentences = _tag(article.body)
    known_places = _with_places(_places_named_alone(sentences))
    found = _two_people_glued(
        [_tidied(f) for sentence in sentences for f in _mentions(sentence, known_places)],
        article.body,
    )
    known = _known_names(found)
    first_words = {name[0] for name in known if name}
    taken = {  # a person's name may run past the tagger's mention ("Retno LP Marsudi")
        (f.paragraph, offset)
        for f in found
        if f.type == "PERSON"
        for offset in range(f.start, f.end)
    }
    found += [  # and is not found again inside
        f
        for sentence in sentences
        for f in _propagated(sentence, known, first_words)
        if (f.paragraph, f.start) not in taken and (f.paragraph, f.end - 1) not in taken
    ]
    found.sort(key=lambda f: (f.paragraph, f.start))
    spans = set()
    found = [  # a body read from a role is found again where its name recurs
        f
        for f in found
        if (f.paragraph, f.start, f.end) not in spans
        and not spans.add((f.paragraph, f.start, f.end))  # type: ignore[func-returns-value]
    ]
    own_outlet = _own_outlet(article.outlet)
    found = [f for f in found if not own_outlet(f)]
    canonical = _canonical_names(found, article.body)
    places = {name for name, kind in canonical.values() if kind == "LOC"}
    canonical = {
        index: (_place_name(name, places) if kind == "LOC" else name, kind)
        for index, (name, kind) in canonical.items()
    }
    article.entities = [
        EntityMention(
            text=article.body[f.paragraph][f.start : f.end],
            type=canonical[index][1],
            canonical=canonical[index][0],
            paragraph=f.paragraph,
            start=f.start,
            end=f.end,
            role=f.role,
        )
        for index, f in enumerate(found)
    ]
    return article
