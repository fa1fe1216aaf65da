"""Tokenised input: text whose punctuation and quote marks stand apart, read as ordinary text.

Research corpora keep news tokenised (IndoSum, Liputan6): ``" Tidak hanya tarif , " ucap
Zulkifli ( 27 / 3 ) .``. Read as it is, every rule that expects written Indonesian fails on it:
quote marks do not pair, ``( 27 / 3 )`` is no date, ``Jakarta , CNN Indonesia - -`` is no
dateline, and a reader sees "e - KTP ,". So the input's form is decided once per article
(:func:`text_form`), and tokenised lines are closed up (:func:`detokenise`) before any stage
runs. Closing up only deletes spaces, and each deleted space is recorded (``gaps``), so every
offset into the clean line maps back to the input exactly (:class:`warta.model.RawSpan`).

Two forms are told apart, because corpora come in both: punctuation split off (``tarif ,``,
``( 27 / 3 )``), and only quote marks standing alone (``" Tidak hanya tarif," ucap``, as when a
tool closed up the punctuation but left the quote marks). Text with neither is left as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from warta.analyze.text import normalize_text
from warta.lang.id.datelines import read_dateline
from warta.model import InputLine

TextForm = Literal["plain", "tokenised", "spaced-quotes"]

#: Punctuation that closes up to the word before it: "tarif ," -> "tarif,".
_ATTACH_LEFT = frozenset({",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "...", "…", "..", "?!"})
#: Punctuation that closes up to the word after it: "( 27" -> "(27".
_ATTACH_RIGHT = frozenset({"(", "[", "{"})
#: Joins closed up on both sides between words or numbers: "e - KTP", "27 / 3", "Jum ' at".
_JOINERS = frozenset({"-", "/"})
_APOSTROPHES = frozenset({"'", "’"})
#: Quote marks by family (double, single): a mark pairs with one of its own family. Straight
#: marks say nothing of their direction; curly ones do.
_STRAIGHT_QUOTES = {'"': 0, "''": 0, "``": 0, "'": 1}
_OPENING_QUOTES = {"“": 0, "«": 0, "‘": 1}
_CLOSING_QUOTES = {"”": 0, "»": 0, "’": 1}
#: What a quotation ends with just before its closing mark.
_QUOTE_CLOSERS = tuple(",.?!…;:-—–")

#: Punctuation marks counted to decide the form: each either follows a space or the start
#: (tokenised) or a word (written). A period inside a number or an abbreviation is not followed
#: by a space and is not counted. Each pattern opens with the mark and looks behind it for what
#: precedes, rather than opening with that ("(?:^| )", "[^\s...]"): the engine then skips from
#: mark to mark instead of trying every position of the text, four times faster.
_SPACED_MARK = re.compile(r"[,.;:?!)](?<![^ ].)(?= |$)")
_ATTACHED_MARK = re.compile(r"[,.;:?!)](?<=[^\s,.;:?!)].)(?= |$)")
_QUOTE_MARK = re.compile(r"[\"“”]")
_LONE_QUOTE = re.compile(r"[\"“”](?<![^ ].)(?= |$)")
#: At least this many marks, and more than this share of them spaced, make a text tokenised: a
#: written text has a spaced comma by accident now and then, never most of them.
MIN_MARKS = 2
SPACED_SHARE = 0.5

#: What may stand before a dateline's dash: capitalised words, an outlet, a parenthesis
#: ("CARDIFF , JUARA.net -", "JAKARTA ( Pos Kota ) -"); such a line is read for a dateline
#: (lang/id/datelines.py), whose dash keeps its spaces, unlike "e - KTP".
_DATELINE_TOKEN = re.compile(r"[A-Z(][\w.()]*|[(),/]|[a-z]+[A-Z][\w.]*|\w+\.(?:com|net|id|co)")
MAX_DATELINE_TOKENS = 12


def text_form(lines: list[str]) -> TextForm:
    """Whether a text's punctuation is split off by spaces, or only its quote marks, or neither.

    Lines are normalised (single spaces). Decided over the whole text, so one line written
    either way does not change how the others are read.
    """
    text = "\n".join(lines)
    # Counted with findall, whose loop runs in C: a generator over finditer costs a Python step
    # per mark, and an article has hundreds of commas and periods.
    spaced = len(_SPACED_MARK.findall(text))
    attached = len(_ATTACHED_MARK.findall(text))
    if spaced >= MIN_MARKS and spaced > SPACED_SHARE * (spaced + attached):
        return "tokenised"
    quotes = len(_QUOTE_MARK.findall(text))
    lone = len(_LONE_QUOTE.findall(text))
    if lone >= 2 and lone > SPACED_SHARE * quotes:
        return "spaced-quotes"
    return "plain"


@dataclass(frozen=True, slots=True)
class ClosedUp:
    """A line closed up: its text, and where a space of the input was deleted.

    ``gaps`` are offsets into ``text``: a space stood in the input just before ``text[gap]``.
    """

    text: str
    gaps: tuple[int, ...]


def detokenise(line: str, form: TextForm) -> ClosedUp:
    """Close up a normalised line of the given form; a ``plain`` line comes back as it is."""
    if form == "plain" or " " not in line:
        return ClosedUp(line, ())
    tokens = line.split(" ")
    joins = _joins(tokens, form)
    gaps: list[int] = []
    length = len(tokens[0])
    for token, join in zip(tokens[1:], joins, strict=True):
        if join:
            gaps.append(length)
        else:
            length += 1
        length += len(token)
    return ClosedUp(_assemble(tokens, joins), tuple(gaps))


def _joins(tokens: list[str], form: TextForm) -> list[bool]:
    """For each space between two tokens, whether it goes."""
    joins = [False] * (len(tokens) - 1)
    inner: set[int] = set()  # apostrophes inside a word, not quote marks
    single_open = False  # inside a quotation in single quote marks
    dateline_dash = _dateline_dash(tokens) if form == "tokenised" else -1
    if form == "tokenised":
        for index, token in enumerate(tokens):
            if index > 0 and (token in _ATTACH_LEFT or _is_clitic(token)):
                joins[index - 1] = True
            if index + 1 < len(tokens) and token in _ATTACH_RIGHT:
                joins[index] = True
            if not 0 < index < len(tokens) - 1:
                continue
            before, after = tokens[index - 1], tokens[index + 1]
            if token == "-" and after == "-":
                joins[index] = True  # "- -" is the dash "--"
            elif token in _JOINERS and _wordlike(before, after):
                joins[index - 1] = joins[index] = True
            elif token in _APOSTROPHES:
                if not single_open and _inner_apostrophe(before, after):
                    joins[index - 1] = joins[index] = True
                    inner.add(index)
                else:
                    single_open = not single_open
    _close_quotes(tokens, joins, inner)
    if dateline_dash > 0 and _hyphen_joined(tokens, dateline_dash, joins):
        # "JAKARTA - Presiden ..." and "CARDIFF , JUARA.net - Sejarah ...": a dateline's dash
        # keeps its spaces; "Co - Founder" and "Bangsa - Bangsa" are words.
        spaced = [*joins]
        spaced[dateline_dash - 1] = spaced[dateline_dash] = False
        text = _assemble(tokens, spaced)
        found = read_dateline(text)
        if found is not None and text[: found[2]].rstrip().endswith(tokens[dateline_dash]):
            joins = spaced
    return joins


def _hyphen_joined(tokens: list[str], dash: int, joins: list[bool]) -> bool:
    """Whether the dash that may end a dateline was closed up as a hyphen between two words,
    and may be no hyphen: "Bangsa - Bangsa" and "H - 1" are words wherever they stand."""
    if tokens[dash] not in _JOINERS or not (joins[dash - 1] and joins[dash]):
        return False
    before, after = tokens[dash - 1], tokens[dash + 1]
    return before.lower() != after.lower() and not after[:1].isdigit()


def _assemble(tokens: list[str], joins: list[bool]) -> str:
    parts = [tokens[0]]
    for token, join in zip(tokens[1:], joins, strict=True):
        parts.append(token if join else " " + token)
    return "".join(parts)


def _wordlike(*tokens: str) -> bool:
    return all(token[:1].isalnum() and token[-1:].isalnum() for token in tokens)


def _is_clitic(token: str) -> bool:
    """ "'s" of "Cox 's Bazar", "'an" of "90 'an": an apostrophe starting a short lowercase word."""
    return (
        len(token) <= 3 and token[:1] in {"'", "’"} and token[1:].isalpha() and token[1:].islower()
    )


def _inner_apostrophe(before: str, after: str) -> bool:
    """ "Jum ' at", "Ma ' ruf", "Ba ' asyir": a word split at its apostrophe, not a quotation
    (the caller knows no quotation in single marks is open)."""
    return before.isalpha() and after.isalpha() and after[:1].islower()


def _dateline_dash(tokens: list[str]) -> int:
    """Index of the dash after a dateline at the start of the line, or -1."""
    for index, token in enumerate(tokens[: MAX_DATELINE_TOKENS + 1]):
        if token in {"-", "–", "—", "--"}:
            return index if index > 0 else -1
        if not _DATELINE_TOKEN.fullmatch(token):
            return -1
    return -1


def _close_quotes(tokens: list[str], joins: list[bool], inner: set[int]) -> None:
    """Close up each quote mark standing alone to the quotation it opens or closes.

    Curly marks say which they are. A straight mark closes when a quotation of its family is
    open, or when it follows the punctuation a quotation ends with and no capitalised word
    follows it (a paragraph may continue a quotation opened in the paragraph before); otherwise
    it opens.
    """
    open_quote = [False, False]
    last = len(tokens) - 1
    for index, token in enumerate(tokens):
        if index in inner:
            continue
        if token in _OPENING_QUOTES:
            family, closing = _OPENING_QUOTES[token], False
        elif token in _CLOSING_QUOTES:
            family, closing = _CLOSING_QUOTES[token], True
        elif token in _STRAIGHT_QUOTES:
            family = _STRAIGHT_QUOTES[token]
            before = tokens[index - 1] if index > 0 else ""
            after = tokens[index + 1] if index < last else ""
            ends_quotation = before.endswith(_QUOTE_CLOSERS) and not after[:1].isupper()
            closing = index > 0 and (open_quote[family] or ends_quotation or index == last)
        else:
            continue
        if closing and index > 0:
            joins[index - 1] = True
        elif not closing and index < last:
            joins[index] = True
        open_quote[family] = not closing


@dataclass(frozen=True, slots=True)
class InputText:
    """An input's text as analysis reads it: its form and its non-blank lines, closed up."""

    form: TextForm
    lines: tuple[InputLine, ...]

    @property
    def paragraphs(self) -> list[str]:
        return [line.text for line in self.lines]

    def close_up(self, text: str) -> str:
        """Another piece of the same input (its title) read in the text's form."""
        return detokenise(" ".join(text.split()), self.form).text


#: Inputs whose reading is kept (:func:`read_text`): an input is read twice, by the analysis
#: and by the outlet's template statistics after it, with at most the other inputs of its group
#: (``run.processes.GROUP_INPUTS``, 8) read in between.
READ_KEPT = 16
#: Longest input text kept, in characters: the kept readings of usual articles (a few thousand
#: characters) stay small, and one huge input is not held after its analysis.
READ_KEPT_MAX_CHARS = 100_000


def read_text(text: str) -> InputText:
    """The paragraphs of an input's text, read as ordinary text whatever the input's form, each
    with its place in the input. Scraped news text puts one paragraph per line, with or
    without blank lines between paragraphs (both occur in the samples), so a non-blank line is
    the unit; a line of text wrapped at a width is joined to the line it goes on from."""
    if len(text) > READ_KEPT_MAX_CHARS:
        return _read(text)
    return _kept_read(text)


@lru_cache(maxsize=READ_KEPT)
def _kept_read(text: str) -> InputText:
    """:func:`_read`, kept for the last inputs read (the result is immutable)."""
    return _read(text)


def _read(text: str) -> InputText:
    numbered = [
        (number, line.strip()) for number, line in enumerate(normalize_text(text).split("\n"))
    ]
    numbered = [(number, line) for number, line in numbered if line]
    form = text_form([line for _, line in numbered])
    lines: list[InputLine] = []
    previous = -2  # the input line read last: a wrapped line follows it with no blank between
    for number, line in numbered:
        closed = detokenise(line, form)
        if lines and number == previous + 1 and _carries_on(lines[-1].text, closed.text):
            # The line before it, wrapped: one paragraph, whose offsets run on into this line
            # (the joining space stands for the line break, one character for one).
            last, start = lines[-1], len(lines[-1].text) + 1
            lines[-1] = InputLine(
                last.number,
                f"{last.text} {closed.text}",
                (*last.gaps, *(start + gap for gap in closed.gaps)),
            )
        else:
            lines.append(InputLine(number, closed.text, closed.gaps))
        previous = number
    return InputText(form, tuple(lines))


def _carries_on(line: str, next_line: str) -> bool:
    """Whether ``next_line`` goes on with the sentence ``line`` leaves open: text wrapped at a
    width ('"Hari ini akan diberangkatkan empat pesawat Hercules yang' then 'di dalamnya ada
    beras, ...'), where the next line begins in lower case after a word or a comma. (A name
    written in lower case first, "iPhone", "eKTP", begins a paragraph as well.)"""
    starts_lower = next_line[:1].islower() and not next_line[1:2].isupper()
    return starts_lower and (line[-1:].isalnum() or line[-1:] == ",")
