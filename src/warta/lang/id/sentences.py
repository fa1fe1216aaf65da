"""Sentences of Indonesian news text, with their character offsets and tokens.

The rule:

* A line break always ends a sentence: clean text has one paragraph per line.
* Inside a paragraph a sentence ends after ``.``, ``!``, ``?`` or an ellipsis ("...", "…"),
  with the closing quote marks and brackets that follow it ("siap.”", "(WIL).", "selesai.)"),
  when whitespace comes next and then an uppercase letter, a digit, or an opening quote mark or
  bracket. So an ellipsis or "!"/"?" followed by a lowercase word continues the sentence
  (``"Siap!" kata dia.``), and so does a period inside a number ("21.39 WIB").
* Never after an abbreviation written before a name, place or number ("Jl.", "Prof.", "No.",
  "Rp.": ``tokens.TITLES``), a dotted abbreviation ("S.H.", "M.Si.", "a.n.") or an initial
  ("B. J. Habibie"). After an abbreviation that closes a list or a name ("dll.", "dkk.",
  "Tbk.": ``tokens.CLOSING_ABBREVIATIONS``) the rule above decides.
* A comma never ends a sentence, so a quotation and its attribution stay together:
  ``"Kami siap," kata dia.`` is one sentence. A quotation of several sentences is cut at its
  inner boundaries: ``"Kami siap. Kami akan datang," kata dia.`` gives ``"Kami siap.`` and
  ``Kami akan datang," kata dia.``; the opening quote mark stays with the first, the closing one
  with its attribution. Pairing quote marks across sentences is the quote stage's job.

Known limits: a single capital with a period ends no sentence even when it is a word ("vitamin
C. Ia ..."), and a sentence that starts with a lowercase letter ("dr. Terawan ...", "iPhone")
is joined to the one before.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

from warta.lang.id.tokens import CLOSING_ABBREVIATIONS, Token, is_abbreviation, token_spans


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence, where it is (``text == source[start:end]``), and its tokens: their texts
    (``words``), starts and ends, one tuple each. Readers of the analysis want the words and
    the offsets of a few; :attr:`tokens` makes the Token of each on demand."""

    text: str
    start: int
    end: int
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @property
    def tokens(self) -> tuple[Token, ...]:
        """The sentence's tokens, as :func:`~warta.lang.id.tokens.tokenize` gives them."""
        spans = zip(self.words, self.starts, self.ends, strict=True)
        return tuple(map(tuple.__new__, repeat(Token), spans))


# A paragraph: a line from its first to its last character that is not whitespace. The line
# breaks are those of str.splitlines().
_PARAGRAPH = re.compile(r"\S(?:[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*\S)?")
_CLOSERS = "\"”’'»)\\]"
# A possible sentence end: the terminator, the closing marks after it, and (group 1) the first
# character of what follows the whitespace.
_END = re.compile(rf"[.!?…][{_CLOSERS}]*(?=\s+(\S))")
_OPENERS = frozenset("\"“‘'«„([")


@lru_cache(maxsize=512)
def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of ``text``, in order, by the rule of this module's docstring. Kept for
    the last paragraphs split: an article's stages split the same paragraphs (the tagger, the
    speakers, the headline), and the sentences are immutable.

    Args:
        text: clean text, one paragraph per line (blank lines between paragraphs are fine).

    Returns:
        The sentences, with offsets into ``text``. None starts or ends with whitespace; their
        tokens are those :func:`~warta.lang.id.tokens.tokenize` gives for the whole text
        (as texts and offsets: no Token is made, a reader of the words needs none).
    """
    sentences: list[Sentence] = []
    for paragraph in _PARAGRAPH.finditer(text):
        start, end = paragraph.span()
        words, starts, ends = token_spans(text, start, end)
        tokens = _Spans(tuple(words), tuple(starts), tuple(ends))
        for candidate in _END.finditer(text, start, end):
            if _ends_sentence(tokens, candidate):
                sentences.append(_sentence(text, tokens, start, candidate.end()))
                start = candidate.start(1)
        sentences.append(_sentence(text, tokens, start, end))
    return tuple(sentences)


@dataclass(slots=True)
class _Spans:
    """A paragraph's tokens: their texts, starts and ends."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def _ends_sentence(tokens: _Spans, candidate: re.Match[str]) -> bool:
    """Whether a possible end, found by ``_END``, is one."""
    following = candidate[1]
    if not (following.isupper() or following.isdecimal() or following in _OPENERS):
        return False
    terminator = candidate.start()
    token = tokens.words[bisect_right(tokens.starts, terminator) - 1]
    if not is_abbreviation(token):
        return True  # ".", "!", "?", "…", "..."
    return token[:-1] in CLOSING_ABBREVIATIONS


def _sentence(text: str, tokens: _Spans, start: int, end: int) -> Sentence:
    """The sentence at ``text[start:end]``, with its tokens taken from the paragraph's."""
    first = bisect_left(tokens.starts, start)
    last = bisect_left(tokens.starts, end, lo=first)
    return Sentence(
        text[start:end],
        start,
        end,
        tokens.words[first:last],
        tokens.starts[first:last],
        tokens.ends[first:last],
    )
