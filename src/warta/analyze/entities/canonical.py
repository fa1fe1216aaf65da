"""The canonical name and type of each mention within one article: spellings of one full name
take the most frequent, a short name ("Putin") the full name the article gives, a misspelt one
the one name it is a letter from, an acronym the expansion written before it ("Amerika Serikat
(AS)"), a name every reader knows the known-name table's, a club's town the club; then each name
takes the type most of its mentions have.

Across articles, :mod:`warta.corpus.entities` decides which stored entity a name is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from warta.analyze.entities.repairs import _QUOTE_MARKS
from warta.analyze.entities.tagging import _Found
from warta.analyze.entities.words import _may_be_given_name, _not_a_person, first_names
from warta.lang.id.known_names import body_or_place_type, club_town, known_name
from warta.lang.id.names import same_person
from warta.lang.id.ner.tagger import tagger
from warta.lang.id.speech import abbreviates, deletions, one_edit

_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z]{1,9})\s*\)")


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
