"""The tagger's reading of an article's body: each sentence tagged by the shipped ``news`` NER
model, with its words' offsets in the paragraph and the chunks the tagger found (a name followed
by an age in brackets typed a person: "Enah (54)").

Several articles' sentences can be tagged in one call (:func:`tagged_together`): the tagger
costs per call as much as per token, and the tags of a sentence do not depend on the sentences
tagged beside it. Each article's stage then reads its own.

:class:`_Found`, the mention every later step of the stage passes on, is defined here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from warta.eval.ner import chunks
from warta.lang.id.known_names import place_or_body_type
from warta.lang.id.ner.tagger import tagger
from warta.lang.id.sentences import Sentence, split_sentences

log = logging.getLogger(__name__)


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
