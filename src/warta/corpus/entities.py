"""Canonical entities across articles.

Each article names its entities by the canonical name they have inside it (see
:mod:`warta.analyze.entities`). Across articles the store keeps one entity per real person,
organisation or place, with every alias it was written as. An article's name for an entity is
matched, in this order, to:

1. an entity of the same type with that canonical name;
2. the most mentioned entity of the same type that has it as an alias ("AS" of "Amerika
   Serikat");
3. for a place or organisation, one of the other kind with that name, else a person with that
   name or alias ("Peskov" tagged as ORG);
4. for a person, an entity with the same last name whose full name is a spelling variant
   ("Sergei Lavrov" of "Sergey Lavrov"), or, for a one-word name ("Putin"), the most mentioned
   person with that last name (:func:`pick_person`);

else it becomes a new entity. A person first known by one word and later by a full name takes
the full name, unless another full name with that last name is known.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from warta.lang.id.names import same_person
from warta.model import EntityMention


@dataclass(slots=True)
class Entity:
    """An entity as the store lists it."""

    id: int
    type: str
    canonical: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    articles: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "type": self.type,
            "canonical": self.canonical,
            "aliases": self.aliases,
            "mentions": self.mentions,
            "articles": self.articles,
        }


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


def pick_person(name: str, candidates: Sequence[tuple[int, str, int]]) -> int | None:
    """The candidate ``(id, canonical, mentions)`` with the same last name that a person's name
    belongs to, if any: for a full name, a spelling variant of it, or else a one-word entity
    when no other full name has that last name ("Putin" becomes "Vladimir Putin", but not once
    "Vladimir Putin" and "Lyudmila Putin" are both known); for a one-word name, the most
    mentioned of them."""
    words = name.split()
    if len(words) == 1:
        fitting = list(candidates)
    else:
        fitting = [c for c in candidates if same_person(words, c[1].split())]
        others = [c for c in candidates if len(c[1].split()) > 1 and c not in fitting]
        if not fitting and not others:
            fitting = [c for c in candidates if len(c[1].split()) == 1]
    if not fitting:
        return None
    return max(fitting, key=lambda c: (c[2], -c[0]))[0]
