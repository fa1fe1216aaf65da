"""Stage ``entities``: people, organisations and places in the clean text, each with the
canonical name it has in the article and the role it is given there.

The shipped ``news`` tagger finds the mentions, sentence by sentence. Then, inside the article:

- titles and offices before a name are its role, not part of it: "Presiden Rusia Vladimir
  Putin" is "Vladimir Putin" with the role "Presiden Rusia"; a mention that is only a role
  ("Presiden") is dropped;
- a short form of a person's name ("Putin", "Presiden Putin") takes the full name the article
  gives ("Vladimir Putin"); two spellings of one full name ("Sergey"/"Sergei Lavrov") take the
  more frequent;
- an acronym the article defines ("Amerika Serikat (AS)") or a common one (:data:`ACRONYMS`)
  takes its expansion.

Offsets are into the paragraph: ``body[paragraph][start:end] == text``.
"""

from __future__ import annotations

import re
from collections import ChainMap, Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from warta.analyze.pipeline import stage
from warta.eval.ner import chunks
from warta.lang.id.names import same_person
from warta.lang.id.ner.features import MAX_GAZETTEER_TOKENS
from warta.lang.id.ner.tagger import tagger
from warta.lang.id.roles import may_be_in_role, role_length
from warta.lang.id.sentences import split_sentences
from warta.lang.id.tokens import Token
from warta.model import Article, EntityMention

#: Abbreviations common enough in Indonesian news to expand without the article defining them.
ACRONYMS: dict[str, tuple[str, str]] = {
    "AS": ("LOC", "Amerika Serikat"),
    "RI": ("LOC", "Indonesia"),
    "UE": ("ORG", "Uni Eropa"),
    "PBB": ("ORG", "Perserikatan Bangsa-Bangsa"),
    "DPR": ("ORG", "Dewan Perwakilan Rakyat"),
    "MPR": ("ORG", "Majelis Permusyawaratan Rakyat"),
    "KPK": ("ORG", "Komisi Pemberantasan Korupsi"),
    "TNI": ("ORG", "Tentara Nasional Indonesia"),
    "Polri": ("ORG", "Kepolisian Negara Republik Indonesia"),
    "WHO": ("ORG", "Organisasi Kesehatan Dunia"),
}
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
    tokens: tuple[Token, ...]
    words: list[str]
    chunks: list[tuple[int, int, str]]


def _tag(body: list[str]) -> list[_Tagged]:
    ner = tagger("news")
    tagged = []
    for index, paragraph in enumerate(body):
        for sentence in split_sentences(paragraph):
            words = [token.text for token in sentence.tokens]
            # A sentence without a letter or a digit ("***", a line of dashes) names nobody;
            # tagging one of a million marks would take the tagger a quarter of a minute.
            named = any(char.isalnum() for char in sentence.text)
            found = chunks(ner.tag(words)) if named else []
            tagged.append(_Tagged(index, sentence.tokens, words, found))
    return tagged


def _mentions(
    sentence: _Tagged, known: Mapping[tuple[str, ...], str] | None = None
) -> Iterable[_Found]:
    """The tagger's mentions in a sentence, roles and edge words trimmed.

    Args:
        known: the places and bodies the training data knows, with the one-word places the
            article itself names alone ("di Sleman", see :func:`_with_places`), to split
            "Bupati Sleman Kustini Sri Purnomo"; None for the training data's alone.
    """
    gazetteer = tagger("news").resources.gazetteer
    tokens, words, paragraph_index = sentence.tokens, sentence.words, sentence.paragraph
    cased = any(word[:1].isupper() for word in words[1:])
    known = gazetteer if known is None else known
    found_chunks = _split_place_from_person(words, sentence.chunks, known)
    person_starts = {first for first, _, kind in found_chunks if kind == "PERSON"}
    for first, end, tagged in found_chunks:
        start, stop, kind = first, end, tagged
        if cased:  # names are capitalised: lowercase words at the edges are not part of one
            while (
                start < stop
                and words[start][:1].islower()
                and not role_length(words[start : start + 2])
            ):
                start += 1
            while stop > start and not words[stop - 1][:1].isupper():
                stop -= 1
        # A role inside the mention ("Presiden Putin") is cut off; so is the place or body
        # of the office in a person's mention ("Presiden Rusia Vladimir Putin", "Kremlin
        # Dmitry Peskov"). A role just before the mention is read back from the text.
        name_start = start + role_length(words[start:stop])
        if kind == "PERSON":
            while stop - name_start > 1 and known_place_or_body(words[name_start], gazetteer):
                name_start += 1
        if name_start == stop:
            continue
        if kind == "PERSON" and name_start > start and stop - name_start == 1:
            # "Presiden Rusia" tagged as a person: the office of a place, not a name.
            place = known_place_or_body(words[name_start], gazetteer)
            if place:
                kind = place
        role_start = _role_before(words, start)  # "juru bicara" before "Kremlin Dmitry Peskov"
        if role_start == start and name_start > start:
            role_start = start
        role = " ".join(words[role_start:name_start]) if role_start < name_start else None
        followed = stop in person_starts or (stop + 1 in person_starts and words[stop] == ",")
        if kind == "PERSON" and followed:
            role = None  # "juru bicara Putin, Dmitry Peskov": the role is the next person's
        yield _Found(
            paragraph_index,
            tokens[name_start].start,
            tokens[stop - 1].end,
            kind,
            words[name_start:stop],
            role if kind == "PERSON" else None,
        )


def _split_place_from_person(
    words: list[str],
    found: list[tuple[int, int, str]],
    gazetteer: Mapping[tuple[str, ...], str],
) -> list[tuple[int, int, str]]:
    """Split "Rusia Sergey Lavrov" or "Bank Indonesia Perry Warjiyo", tagged as one name after
    a role ("Menteri Luar Negeri", "Gubernur"), into the place or body and the person: a place
    or organisation the training data knows, of one to three words, followed by at least two
    capitalised words, the first of them a first name the training data knows or the name
    coming after a role word."""
    result = []
    for first, end, kind in found:
        size = _known_body_prefix(words, first, end, gazetteer)
        rest = words[first + size : end]
        if (
            size
            and len(rest) >= 2
            and all(word[:1].isupper() for word in rest)
            and (rest[0].lower() in first_names() or _after_role(words, first, rest, gazetteer))
        ):
            body_kind = gazetteer.get(tuple(w.lower() for w in words[first : first + size]))
            result += [(first, first + size, body_kind or kind), (first + size, end, "PERSON")]
        else:
            result.append((first, end, kind))
    return result


def _after_role(
    words: list[str], first: int, rest: list[str], gazetteer: Mapping[tuple[str, ...], str]
) -> bool:
    """Whether a role word comes before the mention and the words after the body name no
    place or body: "Gubernur Bank Indonesia Perry Warjiyo", not "Kepala Bank Indonesia Jawa
    Barat"."""
    return (
        first > 0
        and role_length([words[first - 1]]) == 1
        and not any(known_place_or_body(word, gazetteer) for word in rest)
    )


#: The longest place or organisation name looked for at the start of a mention.
_MAX_BODY_WORDS = 3


def _known_body_prefix(
    words: list[str], first: int, end: int, gazetteer: Mapping[tuple[str, ...], str]
) -> int:
    """How many words at the start of a mention make a place or organisation the training
    data knows (the longest such prefix), or 0."""
    for size in range(min(_MAX_BODY_WORDS, end - first - 2), 0, -1):
        key = tuple(word.lower() for word in words[first : first + size])
        if gazetteer.get(key) in {"LOC", "ORG"}:
            return size
    return 0


def _propagated(sentence: _Tagged, known: dict[tuple[str, ...], str]) -> Iterable[_Found]:
    """Mentions the tagger missed of names it found elsewhere in the article: "Peskov" after
    "Dmitry Peskov", "AS" after "AS". A match must start with a capital and touch no tagged
    token."""
    words = sentence.words
    covered = [False] * len(words)
    for first, end, _ in sentence.chunks:
        covered[first:end] = [True] * (end - first)
    index = 0
    while index < len(words):
        if covered[index] or not words[index][:1].isupper():
            index += 1
            continue
        for length in range(min(MAX_GAZETTEER_TOKENS, len(words) - index), 0, -1):
            kind = known.get(tuple(words[index : index + length]))
            if kind is not None and not any(covered[index : index + length]):
                role_start = _role_before(words, index) if kind == "PERSON" else index
                yield _Found(
                    sentence.paragraph,
                    sentence.tokens[index].start,
                    sentence.tokens[index + length - 1].end,
                    kind,
                    words[index : index + length],
                    " ".join(words[role_start:index]) if role_start < index else None,
                )
                index += length
                break
        else:
            index += 1


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

    # Spelling variants of one full name take the most frequent spelling. Only names with the
    # same last name can be one person's (same_person): each name is compared with the more
    # frequent ones of its last name, not with every name (hostile text names thousands).
    spelling: dict[str, str] = {}
    by_last_name: dict[str, list[str]] = {}
    for name in full:
        earlier = by_last_name.setdefault(name.split()[-1].lower(), [])
        for kept in earlier:
            if spelling.get(kept, kept) == kept and same_person(name.split(), kept.split()):
                spelling[name] = kept
                break
        earlier.append(name)
    full_names = _FullNames([n for n in full if n not in spelling])

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
    chosen: list[tuple[str, str]] = []
    for f, name in zip(found, names, strict=True):
        kind = f.type
        canonical = spelling.get(name, name)
        person = full_names.containing({w.lower() for w in f.words})
        if person is not None:  # "Putin", "Presiden Putin"; "Peskov" even when tagged ORG
            kind, canonical = "PERSON", person
        elif kind == "PERSON" and len(f.words) == 1:
            kind = known_place_or_body(name, gazetteer) or kind
        elif kind != "PERSON" and 1 < len(f.words) <= 3 and f.words[0].lower() in first_names():
            kind = "PERSON"  # "Dmitry Peskov" tagged as an organisation
        if kind != "PERSON" and len(f.words) == 1:
            expansion = expansions.of(name)
            if expansion is not None:
                kind, canonical = expansion
        chosen.append((canonical, kind))

    # One name, one type in an article: the type most of its mentions have.
    votes: dict[str, Counter[str]] = {}
    for canonical, kind in chosen:
        votes.setdefault(canonical, Counter())[kind] += 1
    return {
        index: (canonical, votes[canonical].most_common(1)[0][0])
        for index, (canonical, _) in enumerate(chosen)
    }


class _FullNames:
    """Full names of people, most frequent first, looked up by the words they hold."""

    def __init__(self, names: list[str]) -> None:
        self._names = names
        self._words = [frozenset(word.lower() for word in name.split()) for name in names]
        # For each word, the names holding it, in order: a lookup reads one such list, not
        # every name (an article may name thousands).
        self._having: dict[str, list[int]] = {}
        for number, words in enumerate(self._words):
            for word in words:
                self._having.setdefault(word, []).append(number)

    def containing(self, words: set[str]) -> str | None:
        """The first name holding all ``words`` (lowercased), or None."""
        if not words:
            return self._names[0] if self._names else None
        candidates = min((self._having.get(word, []) for word in words), key=len)
        return next((self._names[n] for n in candidates if words <= self._words[n]), None)


class _Expansions:
    """What each acronym stands for: a name the article writes just before "(ACRONYM)", the
    most frequent such name first, or a common expansion (:data:`ACRONYMS`)."""

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

    def of(self, acronym: str) -> tuple[str, str] | None:
        """The type and name an acronym stands for, or None."""
        if acronym not in self._found:
            self._found[acronym] = self._written(acronym) or ACRONYMS.get(acronym)
        return self._found[acronym]

    def _written(self, acronym: str) -> tuple[str, str] | None:
        if acronym not in self._defined:
            return None
        paragraph, end = self._defined[acronym]
        last_word = paragraph[paragraph.rfind(" ", 0, end) + 1 : end]
        for kind, name in self._by_last_word.get(last_word, []):
            if paragraph.endswith(name, 0, end):
                return kind, name
        return None


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
    return ChainMap(places, gazetteer) if places else gazetteer


@stage("entities", requires=("body",), assigns=("entities",))
def entities(article: Article) -> Article:
    sentences = _tag(article.body)
    known_places = _with_places(_places_named_alone(sentences))
    found = [f for sentence in sentences for f in _mentions(sentence, known_places)]
    known = _known_names(found)
    found += [f for sentence in sentences for f in _propagated(sentence, known)]
    found.sort(key=lambda f: (f.paragraph, f.start))
    canonical = _canonical_names(found, article.body)
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
