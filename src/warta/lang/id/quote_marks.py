"""Quote marks in Indonesian news text: which mark opens, which closes, and the quotes they make.

Marks are paired by what stands around them, not by their shape alone: portals mix straight and
curly marks ("“...,\"" is common) and sometimes type a closing mark as an opening one before the
attribution ("..., \"ujar Harry."). A quote left open at the end of a paragraph runs to its end,
and continues into the next paragraph when that one opens with a mark, as news style writes a
quote of several paragraphs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from warta.lang.id.speech import WORD, attribution_verb

DOUBLE_MARKS = '"“”„'
SINGLE_MARKS = "'‘’"
_DOUBLE_MARK = re.compile(f"[{DOUBLE_MARKS}]")
_SINGLE_MARK = re.compile(f"[{SINGLE_MARKS}]")
#: The longest attribution that may close a quote its writer forgot to close.
_MAX_ATTRIBUTION_CHARS = 120
_OPENING_CONTEXT = "([{—–-/:"
_CLOSING_CONTEXT = ".,;:!?)]}—–-…"


@dataclass(slots=True)
class Piece:
    """Quoted words in one paragraph: marks at ``open`` and ``close - 1`` (when there)."""

    paragraph: int
    open: int
    start: int
    end: int
    close: int
    single: bool
    closed: bool


def _is_opener(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before.isspace() or before in _OPENING_CONTEXT) and not after.isspace()


def _is_closer(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in _CLOSING_CONTEXT)


def _sloppy_closer(text: str, index: int) -> bool:
    """A closing mark typed as an opening one, before its attribution: '..., "ujar Harry.'."""
    if text[index - 1 : index] != " " or _last_before(text, index) not in (",", ".", "!", "?"):
        return False
    word = WORD.match(text, index + 1)
    return word is not None and attribution_verb(word.group()) is not None


def _last_before(text: str, index: int) -> str:
    """The last character before ``index`` that is not whitespace ("" when there is none),
    found without copying the text before it: a paragraph may hold thousands of marks."""
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return text[index - 1] if index > 0 else ""


def _pieces(text: str, paragraph: int, single: bool) -> list[Piece]:
    """Pairs of opening and closing marks in one paragraph; an opening mark left unclosed runs
    to the end of the paragraph. A mark inside a word (``Jum'at``) is neither."""
    found: list[Piece] = []
    opened: int | None = None
    for mark in (_SINGLE_MARK if single else _DOUBLE_MARK).finditer(text):
        index, char = mark.start(), mark.group()
        opener, closer = _is_opener(text, index), _is_closer(text, index)
        if opened is None:
            if opener and not (closer and char in "”’") and not _sloppy_closer(text, index):
                opened = index
        elif closer or (char in "”’" and not opener) or _sloppy_closer(text, index):
            found.append(Piece(paragraph, opened, opened + 1, index, index + 1, single, True))
            opened = None
        elif opener and char in "“‘":
            opened = index  # an opening mark that never closed: start again here
    if opened is not None and not single:
        close = _unmarked_close(text, opened)
        if close is not None:
            found.append(Piece(paragraph, opened, opened + 1, close, close, single, True))
        else:
            found.append(Piece(paragraph, opened, opened + 1, len(text), len(text), single, False))
    return found


#: An attribution after a comma: where a quote whose closing mark was forgotten ends
#: ('"Saya lapor polisi hari itu juga, ujar Dedi.').
_ATTRIBUTION_AFTER_COMMA = re.compile(r",\s+(?=(\w+)\b)")


def _unmarked_close(text: str, opened: int) -> int | None:
    """Where an unclosed quote ends when an attribution verb after a comma, near the end of
    the paragraph, says so; None when nothing does (the quote runs on)."""
    for match in _ATTRIBUTION_AFTER_COMMA.finditer(text, opened + 1):
        # the length of the rest, not the rest: a copy per comma made long paragraphs quadratic
        if attribution_verb(match.group(1)) and len(text) - match.end() <= _MAX_ATTRIBUTION_CHARS:
            return match.start() + 1  # the comma stays with the quoted words, as when marked
    return None


def _within(pieces: list[Piece], opens: list[int], offset: int) -> bool:
    at = bisect_right(opens, offset) - 1
    return at >= 0 and pieces[at].open <= offset < pieces[at].close


def quoted_pieces(body: list[str]) -> list[list[Piece]]:
    """Every quote in marks, as the pieces it has in successive paragraphs."""
    quotes: list[list[Piece]] = []
    for index, text in enumerate(body):
        if not any(mark in text for mark in DOUBLE_MARKS + SINGLE_MARKS):
            continue
        double = _pieces(text, index, single=False)
        opens = [p.open for p in double]  # pieces come in order and do not overlap
        single = [
            piece
            for piece in _pieces(text, index, single=True)
            if not _within(double, opens, piece.open)
        ]
        for piece in sorted(double + single, key=lambda p: p.open):
            previous = quotes[-1][-1] if quotes else None
            continues = (
                previous is not None
                and not previous.closed
                and previous.paragraph == index - 1
                and not piece.single
                and piece.open == 0
            )
            if continues:
                quotes[-1].append(piece)
            else:
                quotes.append([piece])
    return quotes
