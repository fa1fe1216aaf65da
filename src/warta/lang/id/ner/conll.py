"""Token-per-line files: the format of the NER data sets and of ``warta tag``.

One token per line, its first column the token and its last column the tag (when the file is
tagged); columns are separated by a tab, or by spaces when there is no tab (IDNer's
``token UPOS tag``); a blank line ends a sentence.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    """One sentence of a token-per-line file: its tokens, and their tags when the file has them."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...] | None
    line: int  # the line number of the first token, for error messages


def read_conll(
    lines: Iterator[str] | list[str], *, tagged: bool = True
) -> Iterator[TaggedSentence]:
    """Sentences from token-per-line text. With ``tagged``, a line without a tag column is an
    error naming its line number."""
    tokens: list[str] = []
    tags: list[str] = []
    first = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if tokens:
                yield TaggedSentence(tuple(tokens), tuple(tags) if tagged else None, first)
                tokens, tags = [], []
            continue
        columns = line.split("\t") if "\t" in line else line.split()
        if not tokens:
            first = number
        tokens.append(columns[0] if columns[0] else line.strip())
        if tagged:
            if len(columns) < 2:
                raise ValueError(f"line {number}: no tag column in {line[:60]!r}")
            tags.append(columns[-1].strip())
    if tokens:
        yield TaggedSentence(tuple(tokens), tuple(tags) if tagged else None, first)


def to_bioes(tags: Sequence[str]) -> list[str]:
    """BIO tags as BIOES: a one-token entity is S-, the last token of a longer one E-. A CRF
    learns entity ends better when they have a label of their own."""
    result = []
    for index, tag in enumerate(tags):
        prefix, _, kind = tag.partition("-")
        following = tags[index + 1] if index + 1 < len(tags) else "O"
        ends = following != f"I-{kind}"
        if prefix == "B":
            result.append(f"S-{kind}" if ends else tag)
        elif prefix == "I":
            result.append(f"E-{kind}" if ends else tag)
        else:
            result.append(tag)
    return result


def to_bio(tags: Sequence[str]) -> list[str]:
    """BIOES tags back as BIO."""
    return [
        "B-" + tag[2:] if tag[:2] == "S-" else "I-" + tag[2:] if tag[:2] == "E-" else tag
        for tag in tags
    ]
