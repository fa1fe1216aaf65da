"""The mentions in a tagged sentence, read from the tagger's chunks: their edges trimmed, names
joined into a pair ("Jokowi - JK") split, and from a person's mention the role cut off
("Presiden Rusia" of "Vladimir Putin") and the places and bodies glued before the name made
mentions of their own ("Ketua DPR Setya Novanto": "DPR").

Then the mentions the tagger missed of names it found elsewhere in the article ("Peskov" after
"Dmitry Peskov": :func:`_propagated`), and the article's own one-word places, which tell
"Bupati Sleman Kustini Sri Purnomo" apart (:func:`_with_places`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from warta.analyze.entities.repairs import (
    _INITIAL,
    _given_name_before,
    _hyphened_pair,
    _two_known_people,
)
from warta.analyze.entities.tagging import _Found, _Tagged
from warta.analyze.entities.words import (
    _body_at,
    _may_be_given_name,
    _mostly_lowercase,
    _not_a_person,
    _role_before,
    _verb_form,
    first_names,
)
from warta.lang.id.known_names import is_acronym, known_name, person_acronym
from warta.lang.id.ner.features import MAX_GAZETTEER_TOKENS
from warta.lang.id.ner.tagger import tagger
from warta.lang.id.roles import is_honorific, role_length


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


def _known_names(found: list[_Found]) -> dict[tuple[str, ...], str]:
    """Names found, with their type; a person's last name stands for them too."""
    known: dict[tuple[str, ...], str] = {}
    for f in found:
        known.setdefault(tuple(f.words), f.type)
    for f in found:
        if f.type == "PERSON" and len(f.words) > 1:
            known.setdefault((f.words[-1],), "PERSON")
    return known


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
