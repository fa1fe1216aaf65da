"""Person names: when two written names are one person's."""

from __future__ import annotations


def _edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def same_person(a: list[str], b: list[str]) -> bool:
    """Two full names that are spellings of one ("Sergey Lavrov", "Sergei Lavrov"): the same
    last name and first names at most two edits apart."""
    if len(a) < 2 or len(b) < 2 or a[-1].lower() != b[-1].lower():
        return False
    first_a, first_b = a[0].lower(), b[0].lower()
    return min(len(first_a), len(first_b)) >= 4 and _edit_distance_at_most(first_a, first_b, 2)
