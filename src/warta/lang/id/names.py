"""Person names: when two written names are one person's."""

from __future__ import annotations

import re


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
    """Two full names that are spellings of one: as many words, and word by word the same, an
    initial of the other's word ("M. Vinales", "Maverick Vinales"), or a spelling of it at most
    two edits away, one edit for words of five letters or fewer, with two edits in all
    ("Sergey"/"Sergei Lavrov", "Rizieq Shihab"/"Rizieq Syihab"). The last names must share
    their first letter, and names of one word are never compared. A leading initial on one side
    alone is left out when two words or more remain: "M Jusuf Kalla" is "Jusuf Kalla", an
    initial standing for a given name the other leaves out ("Iriana Joko Widodo", a word, is
    another person). Middle initials on one side alone are left out too: "Retno LP Marsudi" is
    "Retno Marsudi", "Donald J Trump" is "Donald Trump"."""
    a, b = _without_middle_initials(a, b)
    a, b = _without_leading_initial(a, b)
    if len(a) < 2 or len(a) != len(b) or a[-1][:1].lower() != b[-1][:1].lower():
        return False
    edits = 0
    for word_a, word_b in zip(a, b, strict=True):
        x, y = word_a.lower(), word_b.lower()
        if x == y or x.rstrip(".") == y.rstrip("."):  # "Miryam S. Haryani", "Miryam S Haryani"
            continue
        if _initial_of(x, y) or _initial_of(y, x):
            continue
        limit = 2 if min(len(x), len(y)) >= 6 else 1 if min(len(x), len(y)) >= 4 else 0
        if not limit or not _edit_distance_at_most(x, y, limit):
            return False
        edits += 2 if not _edit_distance_at_most(x, y, 1) else 1
    return edits <= 2


def _without_leading_initial(a: list[str], b: list[str]) -> tuple[list[str], list[str]]:
    """The two names, the longer without its first word when that word is an initial ("M",
    "M.") and the other name is the rest's length, of two words or more."""
    if len(a) == len(b) + 1 and len(b) >= 2 and _is_initial(a[0]):
        return a[1:], b
    if len(b) == len(a) + 1 and len(a) >= 2 and _is_initial(b[0]):
        return a, b[1:]
    return a, b


def _without_middle_initials(a: list[str], b: list[str]) -> tuple[list[str], list[str]]:
    """The two names, the longer without the initials between its first and last words
    ("LP" of "Retno LP Marsudi") when the other has no initials there and as many words as
    remain, two or more."""
    kept_a, kept_b = _middle_words_kept(a), _middle_words_kept(b)
    if kept_a == a and kept_b == b:
        return a, b
    if kept_a != a and kept_b == b and len(kept_a) == len(b) >= 2:
        return kept_a, b
    if kept_b != b and kept_a == a and len(kept_b) == len(a) >= 2:
        return a, kept_b
    return a, b


#: Middle initials: one or two capitals, dotted or not ("S.", "LP"), or dotted ones ("A.M.").
_MIDDLE_INITIALS = re.compile(r"[A-Z]{1,2}\.?|(?:[A-Z]\.){2,3}")


#: A nickname in quote marks inside a name ("Alessio 'Uccio' Salucci").
_NICKNAME = re.compile(r"['\"‘’“”]\w+['\"‘’“”]")


def _middle_words_kept(name: list[str]) -> list[str]:
    """The name without its middle initials and quoted nicknames."""
    if len(name) < 3:
        return name
    middle = [
        word
        for word in name[1:-1]
        if not _MIDDLE_INITIALS.fullmatch(word) and not _NICKNAME.fullmatch(word)
    ]
    return [name[0], *middle, name[-1]]


def _is_initial(word: str) -> bool:
    letter = word.removesuffix(".")
    return len(letter) == 1 and letter.isalpha() and letter.isupper()


def _initial_of(initial: str, word: str) -> bool:
    return len(initial) == 2 and initial.endswith(".") and word[:1] == initial[:1] and len(word) > 2
