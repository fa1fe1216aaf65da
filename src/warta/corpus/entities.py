"""Canonical entities across articles: which stored entity an article's entity is.

Each article names its entities by the canonical name they have inside it (see
:mod:`warta.analyze.entities`). Across articles the store keeps one entity per real person,
organisation or place, with every alias it was written as; this module decides, through the
lookups the store offers (:class:`EntityLookup`), and the store carries out the
:class:`Resolution`. An article's entity is, in this order:

1. what a person's correction says (``warta entities --merge`` / ``--split``);
2. the entity with that canonical name, whatever type the tagger gave it this time (one name,
   one entity: its type is a vote over all its mentions, :func:`voted_type`); else a
   region named with its kind ("Rakhine State") is the place stored by its name alone, and a
   club ("SSC Napoli") the organisation stored by its town's name;
3. the one entity that has the name as an alias ("AS" of "Amerika Serikat"), when only one
   has it: an alias two entities could claim is ambiguous and given to neither; a person's
   name never resolves to a place, nor a known place or body to a person;
4. for a person, an entity with the same last name whose full name is a spelling variant
   ("Sergei Lavrov" of "Sergey Lavrov");

else a new entity. Aliases come only with evidence: the short forms an article writes beside
the full name ("Novanto" beside "Setya Novanto"), the acronyms it defines, and the known-name
table (:mod:`warta.lang.id.known_names`). A one-word person stored before its full name was
seen ("Novanto") is folded into the full name once an article gives both, unless another full
name claims that word too. A longer name holding another person's ("Iriana Joko Widodo") is
another person: names are matched whole, never by the words they contain.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from warta.lang.id.known_names import (
    body_or_place_type,
    club_town,
    is_acronym,
    known_name,
    place_or_body_type,
    region_name,
)
from warta.lang.id.names import same_person
from warta.model import EntityMention


@dataclass(frozen=True, slots=True)
class ArticleEntity:
    """One entity of one article: its canonical name there, how it was written, how often."""

    type: str
    canonical: str
    aliases: tuple[str, ...]
    mentions: int


def article_entities(mentions: Iterable[EntityMention]) -> list[ArticleEntity]:
    """An article's mentions grouped by entity."""
    counts: Counter[tuple[str, str]] = Counter()
    aliases: dict[tuple[str, str], dict[str, None]] = {}
    for mention in mentions:
        key = (mention.type, mention.canonical)
        counts[key] += 1
        aliases.setdefault(key, {})[mention.text] = None
    return [
        ArticleEntity(
            kind, canonical, tuple(a for a in aliases[kind, canonical] if a != canonical), n
        )
        for (kind, canonical), n in counts.items()
    ]


def last_word(name: str) -> str:
    return name.rsplit(maxsplit=1)[-1].casefold() if name.split() else ""


def name_key(name: str) -> str:
    """The form names are looked up by: casefolded, spaces collapsed."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored entity a name may belong to."""

    id: int
    type: str
    canonical: str
    mentions: int
    by_alias: bool = False  # found through an alias, not its canonical name


@dataclass(frozen=True, slots=True)
class Correction:
    """A person's correction of a name: ``merge`` (the name is ``target``'s entity) or
    ``split`` (the name is an entity of its own, never an alias of another)."""

    kind: str
    target: str | None = None


class EntityLookup(Protocol):
    """What the store answers about the entities it keeps."""

    def by_name(self, key: str) -> list[Candidate]:
        """Entities whose canonical name or one of whose aliases has this key."""
        ...

    def people_by_last_word(self, word: str) -> list[Candidate]:
        """People whose canonical name ends with this (casefolded) word."""
        ...

    def people_by_first_word(self, word: str) -> list[Candidate]:
        """People whose canonical name of several words starts with this (casefolded) word."""
        ...

    def correction(self, key: str) -> Correction | None:
        """The last correction made of a name, or None."""
        ...


@dataclass(slots=True)
class Resolution:
    """What the store does with one article's entity: use ``entity`` (None: a new one),
    named ``canonical``, with ``aliases`` added, after folding ``absorb`` into it."""

    entity: int | None
    canonical: str
    aliases: tuple[str, ...]
    absorb: list[int] = field(default_factory=list)


def resolve(group: ArticleEntity, lookup: EntityLookup) -> Resolution:
    """Which stored entity an article's entity is (see the module's docstring)."""
    key = name_key(group.canonical)
    aliases = tuple(a for a in group.aliases if _may_alias(group, a, lookup))
    correction = lookup.correction(key)
    if correction is not None and correction.kind == "merge" and correction.target:
        target = _exact(lookup.by_name(correction.target), correction.target)
        if target is not None:
            return Resolution(target.id, target.canonical, (group.canonical, *aliases))
    if correction is not None and correction.kind == "split":
        own = _exact(lookup.by_name(key), key)
        return Resolution(own.id if own else None, group.canonical, aliases)
    candidates = lookup.by_name(key)
    exact = _exact(candidates, key)
    if exact is not None:
        return Resolution(exact.id, exact.canonical, aliases, _strays(group, exact.id, lookup))
    region = region_name(group.canonical, _stored_place(lookup)) if group.type == "LOC" else None
    if region is not None and region != group.canonical:
        # "Rakhine State", the article writing no "Rakhine" alone: the place stored so
        place = _exact(lookup.by_name(name_key(region)), name_key(region))
        if place is not None:
            return Resolution(place.id, place.canonical, (group.canonical, *aliases))
    town = club_town(group.canonical) if group.type == "ORG" else None
    if town is not None:
        # "SSC Napoli": the club stored by its town's name as an organisation ("Napoli"),
        # never the town stored as a place
        club = _exact(lookup.by_name(name_key(town)), name_key(town))
        if club is not None and club.type == "ORG":
            return Resolution(club.id, club.canonical, (group.canonical, *aliases))
    holders = [c for c in candidates if c.by_alias and _compatible(group, c)]
    if len(holders) == 1:
        return Resolution(holders[0].id, holders[0].canonical, (group.canonical, *aliases))
    if group.type != "PERSON":
        # "Persatuan Sepakbola Seluruh Indonesia (PSSI)": the one body with that acronym,
        # unless it is another body that the acronym also stands for.
        for alias in aliases:
            if is_acronym(alias):
                owners = [
                    c for c in lookup.by_name(name_key(alias)) if c.type != "PERSON"
                ]  # fmt: skip
                if len(owners) == 1 and same_expansion(group.canonical, owners[0].canonical):
                    return Resolution(
                        owners[0].id, owners[0].canonical, (group.canonical, *aliases),
                    )  # fmt: skip
    if group.type == "PERSON" and len(group.canonical.split()) > 1:
        words = group.canonical.split()
        variants = [
            c
            for c in (
                *lookup.people_by_last_word(last_word(group.canonical)),
                *lookup.people_by_first_word(words[0].casefold()),
            )
            if same_person(words, c.canonical.split())
        ]
        if variants:
            chosen = max(variants, key=lambda c: (c.mentions, -c.id))
            return Resolution(
                chosen.id, chosen.canonical, (group.canonical, *aliases),
                _strays(group, chosen.id, lookup),
            )  # fmt: skip
    return Resolution(None, group.canonical, aliases, _strays(group, None, lookup))


#: Letters two words must begin with alike to count as one word spelled two ways
#: ("Pemberantasan", "Pemberantas").
_SAME_STEM_LETTERS = 5


def same_expansion(name: str, other: str) -> bool:
    """Whether two names that one acronym stands for may name one body: the other is the
    acronym itself (stored before its full name was seen), or the two share more than half of
    the shorter's words, counting a word spelled two ways ("Komisi Pemberantasan Korupsi",
    "Komisi Pemberantas Korupsi"). Two bodies of one acronym ("Perserikatan Bangsa-Bangsa",
    "Partai Bulan Bintang": PBB) share none."""
    if is_acronym(other) or name_key(name) == name_key(other):
        return True
    words, others = name.casefold().split(), other.casefold().split()
    if not words or not others:
        return False
    shorter, longer = sorted((words, others), key=len)

    def alike(word: str) -> bool:
        return any(
            word == w or (min(len(word), len(w)) >= _SAME_STEM_LETTERS
                          and word[:_SAME_STEM_LETTERS] == w[:_SAME_STEM_LETTERS])
            for w in longer
        )  # fmt: skip

    return 2 * sum(map(alike, shorter)) > len(shorter)


def _stored_place(lookup: EntityLookup) -> Callable[[str], bool]:
    """Whether the store keeps a place of this canonical name."""
    return lambda name: any(
        c.type == "LOC" and name_key(c.canonical) == name_key(name)
        for c in lookup.by_name(name_key(name))
    )


def _exact(candidates: Sequence[Candidate], key: str) -> Candidate | None:
    """The most mentioned candidate whose canonical name has the key."""
    exact = [c for c in candidates if name_key(c.canonical) == key]
    return max(exact, key=lambda c: (c.mentions, -c.id)) if exact else None


def _compatible(group: ArticleEntity, candidate: Candidate) -> bool:
    """Whether a name of this group may resolve to the candidate through an alias: a person's
    name never to a place, a place's or body's to a person only when the name is no known
    place or body ("Peskov" tagged ORG is the person)."""
    if group.type == "PERSON":
        return candidate.type != "LOC"
    if candidate.type == "PERSON":
        return may_be_person(group.canonical)
    return True


def _may_alias(group: ArticleEntity, alias: str, lookup: EntityLookup) -> bool:
    """Whether an article's form of an entity may become its alias: a person's alias is never
    a known place or body, and a name a person split off is never another's alias."""
    if group.type == "PERSON" and not may_be_person(alias):
        return False
    if _town_of_club(group, alias):
        return False
    correction = lookup.correction(name_key(alias))
    if correction is None:
        return True
    return correction.kind == "merge" and correction.target == name_key(group.canonical)


def _town_of_club(group: ArticleEntity, alias: str) -> bool:
    """Whether a form is the town a club is named after ("Milan" of "AC Milan"): the club
    inside the article that names it, but the town, or another club, in the next ("Milan"
    Fashion Week; "Nice" of the 2016 attack and of OGC Nice), so never the club's alias."""
    town = club_town(group.canonical)
    return town is not None and name_key(town) == name_key(alias)


def _strays(group: ArticleEntity, keep: int | None, lookup: EntityLookup) -> list[int]:
    """Entities stored under a short form before the full name was seen ("Novanto", "Sri
    Mulyani", "Persib"), which this article's full name ("Setya Novanto", "Sri Mulyani
    Indrawati", "Persib Bandung", written in the short form too) now claims: each is folded in
    unless another entity claims that form too. Whatever type the tagger gave the short form
    alone, unless it is a known place or body (a person's alias is never a place)."""
    if group.type not in {"PERSON", "ORG"}:
        return []
    found = []
    for alias in group.aliases:
        key = name_key(alias)
        if lookup.correction(key) is not None:
            continue
        if group.type == "PERSON" and not may_be_person(alias):
            continue
        if _town_of_club(group, alias):
            continue
        candidates = lookup.by_name(key)
        if any(c.by_alias and c.id != keep for c in candidates):
            continue  # another entity claims the short form: it is ambiguous
        found += [c.id for c in candidates if c.id != keep and name_key(c.canonical) == key]
    return found


#: Names whose answer :func:`may_be_person` keeps: the store asks it of every entity an article
#: touches and of their aliases, when it resolves them and settles their types, mostly of the
#: same few thousand names; a kept answer is one look-up in C instead of the known-name table,
#: the gazetteer and the name's form (about 3 µs a name).
MAX_KEPT_PERSON_ANSWERS = 50_000


@lru_cache(maxsize=MAX_KEPT_PERSON_ANSWERS)
def may_be_person(name: str) -> bool:
    """Whether a name can be a person's: not a place or body the known-name table, the
    training data's gazetteer or its form says it is ("Arsenal", "Kemenkeu", "Partai
    Golkar", "KPK")."""
    return place_or_body_type(name, _gazetteer()) is None


def voted_name(kind: str, names: Sequence[tuple[str, int]]) -> str | None:
    """An entity's canonical name: of the names articles gave it (with how many articles did),
    the most given; for a person a full name before a single word ("Setya Novanto", not
    "Novanto", even where more articles wrote only "Novanto")."""
    if not names:
        return None

    def rank(item: tuple[str, int]) -> tuple[bool, int, int, str]:
        name, articles = item
        full = kind == "PERSON" and len(name.split()) > 1
        return (full, articles, len(name.split()), name)

    return max(names, key=rank)[0]


#: The order ties of a type vote are broken in.
_TYPE_ORDER = ("PERSON", "ORG", "LOC")


def voted_type(canonical: str, votes: Mapping[str, int]) -> str:
    """An entity's type from the types its mentions were given, over all its articles: the
    most given, except that a name known as a place or a body is never a person, and an entity
    the known-name table knows has the table's type."""
    table = known_name(canonical)
    if table is not None:
        return table.type
    allowed = {kind: count for kind, count in votes.items() if count > 0}
    if not may_be_person(canonical):
        allowed.pop("PERSON", None)
        if not allowed:
            return body_or_place_type(canonical.split()) or _gazetteer_type(canonical) or "ORG"
    if not allowed:
        return "PERSON"
    rank = {kind: len(_TYPE_ORDER) - i for i, kind in enumerate(_TYPE_ORDER)}
    return max(allowed, key=lambda kind: (allowed[kind], rank.get(kind, 0)))


def _gazetteer_type(name: str) -> str | None:
    return _gazetteer().get(tuple(word.lower() for word in name.split()))


def _gazetteer() -> Mapping[tuple[str, ...], str]:
    """The training data's gazetteer, as the NER tagger reads it (loaded when first needed: not
    by the commands that only read the store)."""
    from warta.lang.id.ner.tagger import resources  # noqa: PLC0415

    return resources().gazetteer
