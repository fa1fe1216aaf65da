"""Corpus-level scoring of canonical entities against a hand-checked gold (docs/eval.md).

A gold entity is right when one stored entity carries it: its canonical name is one of the
gold's ``names``, its type is the gold's, every gold ``alias`` resolves to it and to nothing
else, and no gold name resolves to another entity (the entity is not split). An ``apart``
pair is merged when some stored entity holds both names (as canonical name or alias).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.corpus.entities import name_key
from warta.errors import UsageError
from warta.records import Entity, EntityQuery, Store

_TYPES = frozenset({"PERSON", "ORG", "LOC"})


@dataclass(slots=True)
class EntityScores:
    """How many gold entities are right and how many apart pairs are merged, with each miss."""

    entities: int = 0
    right: int = 0
    apart: int = 0
    merged: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def share_right(self) -> float:
        return self.right / self.entities if self.entities else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "entities": self.entities,
            "right": self.right,
            "share_right": round(self.share_right, 4),
            "apart_pairs": self.apart,
            "merged": self.merged,
            "misses": self.misses,
        }


def load_entity_gold(path: Path) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The gold's entities and apart pairs, checked."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read gold file {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise UsageError(f"gold file {path} has no 'entities' list (see docs/eval.md)")
    entities = data["entities"]
    for number, entity in enumerate(entities):
        names = entity.get("names") if isinstance(entity, dict) else None
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) and n.strip() for n in names)
            or entity.get("type") not in _TYPES
            or not all(isinstance(a, str) for a in entity.get("aliases", []))
        ):
            raise UsageError(
                f"gold file {path}: entity {number} needs 'names' (strings), 'type' (one of"
                f" {', '.join(sorted(_TYPES))}) and 'aliases' (strings)"
            )
    apart = data.get("apart", [])
    if not isinstance(apart, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(n, str) for n in p) for p in apart
    ):
        raise UsageError(f"gold file {path}: 'apart' must be a list of pairs of names")
    return entities, [(a, b) for a, b in apart]


def score_entities(store: Store, gold_path: Path) -> EntityScores:
    """Score the entities stored in ``store`` against the gold file."""
    gold, apart = load_entity_gold(gold_path)
    stored = store.list_entities(EntityQuery())
    holders: dict[str, set[int]] = {}
    for entity in stored:
        for name in (entity.canonical, *entity.aliases):
            holders.setdefault(name_key(name), set()).add(entity.id)
    scores = EntityScores(entities=len(gold), apart=len(apart))
    for expected in gold:
        why = _wrong(expected, stored, holders)
        if why is None:
            scores.right += 1
        else:
            scores.misses.append(f"{expected['names'][0]} ({expected['type']}): {why}")
    by_id = {entity.id: entity for entity in stored}
    for first, second in apart:
        shared = holders.get(name_key(first), set()) & holders.get(name_key(second), set())
        if shared:
            scores.merged += 1
            entity = by_id[min(shared)]
            scores.misses.append(
                f"apart {first!r} and {second!r}: both are {entity.type} {entity.canonical!r}"
            )
    return scores


def _wrong(
    expected: dict[str, Any], stored: list[Entity], holders: dict[str, set[int]]
) -> str | None:
    """Why a gold entity is not right, or None when it is."""
    keys = {name_key(name) for name in expected["names"]}
    named = [entity for entity in stored if name_key(entity.canonical) in keys]
    if not named:
        return "no entity has any of its names"
    entity = max(named, key=lambda e: (e.mentions, -e.id))  # list order: most mentioned first
    if entity.type != expected["type"]:
        return f"typed {entity.type}"
    for alias in expected.get("aliases", []):
        found = holders.get(name_key(alias), set())
        if entity.id not in found:
            return f"alias {alias!r} is not {entity.canonical!r}'s"
        if len(found) > 1:
            return f"alias {alias!r} is shared with {len(found) - 1} other entities"
    for name in expected["names"]:
        if holders.get(name_key(name), set()) - {entity.id}:
            return f"{name!r} names another entity too (split)"
    return None


def format_scores(scores: EntityScores) -> str:
    lines = [
        f"entities right: {scores.right}/{scores.entities} ({100 * scores.share_right:.1f}%)",
        f"apart pairs merged: {scores.merged}/{scores.apart}",
    ]
    lines += [f"miss: {miss}" for miss in scores.misses]
    return "\n".join(lines)
