"""Tokens of Indonesian news text, with their character offsets.

One compiled pattern reads the text left to right; at each position the first rule that matches
makes the token:

1. web addresses: URLs (``https://...``, ``www....``), e-mail addresses, bare domains with a
   common top-level domain ("Kompas.com", "medcom.id"), ``@handles`` and ``#hashtags``;
2. "Rp" written against its amount ("Rp1,5" -> "Rp", "1,5");
3. abbreviations with their period: dotted ones ("S.H.", "a.n.", "M.Si.", "Ph.D.", "Sp.PD"), the
   single-word ones of :data:`TITLES` and :data:`CLOSING_ABBREVIATIONS` ("Jl.", "Prof.", "dll."),
   and initials ("B." in "B. J. Habibie");
4. ellipses ("...", "…");
5. numbers with Indonesian separators, times and dates ("1,5", "1.250.000,50", "21.39",
   "7/12/2021"), with a hyphenated suffix ("1990-an");
6. words: letters and digits, with inner hyphens and apostrophes ("anak-anak", "Covid-19",
   "Jum'at");
7. any other character that is not a space, alone ("%", quotes, brackets, dashes).

The pattern has no look-behind, so tokenizing ``text[start:end]`` gives the same tokens as
tokenizing the slice alone, shifted by ``start``. Every character that is not whitespace is in
exactly one token.
"""

from __future__ import annotations

import re
from itertools import accumulate, chain, repeat
from typing import NamedTuple


class Token(NamedTuple):
    """A token and where it is: ``text == source[start:end]``.

    A named tuple, not a frozen dataclass: an article has a few thousand tokens, and a tuple is
    made in C, three times faster than a frozen dataclass sets its fields one by one.
    """

    text: str
    start: int
    end: int


#: Abbreviations written before a name, a place or a number ("Prof. Dr. Ir. H. Budi",
#: "Jl. Jend. Sudirman Kav. 52", "No. 5", "Rp. 1.500", "7 Des. 2021"), without their period.
#: A sentence never ends after one. Case matters: "Kol." is not "kol." (cabbage), "Km." (a road's
#: kilometre post) is not "km.", which ends many a sentence.
TITLES = frozenset(
    {
        # people: titles, honorifics, degrees written before the name, name abbreviations
        "Bp", "Bpk", "Sdr", "Sdri", "Tn", "Ny", "Nn", "Yth", "yth", "Mr", "Mrs", "Ms",
        "H", "Hj", "KH", "Ust", "Pdt", "Rm", "Mgr", "dr", "drg", "Dr", "DR", "Drs", "Dra", "Ir",
        "Prof", "Moh", "Muh", "Mhd", "Moch", "Abd",
        # places and addresses
        "Jl", "JL", "Jln", "Jend", "Gg", "Kav", "No", "no", "Km", "Lt", "Kp", "Ds", "Dsn",
        "Kel", "Kec", "Kab", "Prov", "Kep", "St",
        # organisations written before their name
        "PT", "CV", "Sdn",
        # amounts, references, documents
        "Rp", "hlm", "Hlm", "vs", "Tgl", "tgl", "Telp", "telp", "Dok",
        # abbreviated months, written before a year
        "Jan", "Feb", "Peb", "Mar", "Apr", "Jun", "Jul", "Agu", "Agt", "Ags", "Sep", "Sept",
        "Okt", "Nov", "Nop", "Des",
    }
)  # fmt: skip

#: Abbreviations that close a list, a group or a company name ("dll.", "Budi dkk.",
#: "PT Bank Mandiri (Persero) Tbk."), without their period. A sentence may end after one.
CLOSING_ABBREVIATIONS = frozenset(
    {
        "dll", "Dll", "dsb", "Dsb", "dst", "Dst", "dkk", "Dkk", "tsb", "sbb", "cs", "etc",
        "Tbk", "Inc", "Ltd", "Corp", "Co", "Bhd", "Jr",
    }
)  # fmt: skip

ABBREVIATIONS = TITLES | CLOSING_ABBREVIATIONS

_LETTER = r"[^\W\d_]"
_ALNUM = r"[^\W_]"
# URLs stop before a quote or bracket and never end with sentence punctuation.
_URL_CHAR = r"[^\s\"“”‘’'<>()\[\]{}«»]"
_URL_END = r"[^\s\"“”‘’'<>()\[\]{}«».,;:!?…]"
_URL_PATH = rf"(?:[/?#]{_URL_CHAR}*{_URL_END})?"
#: Top-level domains a bare domain may end with: the ones Indonesian news sites and the sites
#: they cite use. A longer list would turn text missing a space after a period into domains.
_TLD = r"(?:com|net|org|info|news|id|co|io|tv|gov|edu)"
_LIST = "|".join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True))
# The parts of a dotted abbreviation are short: "S.H.", "M.Si.", "S.Farm.", "Ph.D.". Its last
# part may lack the period when it is in capitals ("Sp.PD", "S.H"), never otherwise: "di.ia"
# is two words missing a space.
_DOTTED = rf"{_LETTER}{{1,2}}\.(?:{_LETTER}{{1,4}}\.)*(?:{_LETTER}{{1,4}}\.|[A-Z]{{1,4}}(?!\w))"
_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))

# Limits on repetition keep a long run without spaces ("a+a+a+...") from being rescanned from
# every token in it: 64 is the longest local part of an address (RFC 5321), 63 of a label.
#: The rules of the module's docstring, in order.
RULES = (
    rf"(?:https?://|www\.){_URL_CHAR}*{_URL_END}"
    rf"|\w[\w.+-]{{0,63}}@{_ALNUM}[\w-]*(?:\.[\w-]+)+"
    rf"|(?:{_ALNUM}[\w-]{{0,62}}\.){{1,4}}{_TLD}(?!\w){_URL_PATH}"
    r"|@\w+(?:\.\w+)*|#\w+"
    r"|Rp(?=\d)"
    # the look-ahead is a cheap test that fails for most words before the list is tried
    rf"|(?={_LETTER}{{1,{_LONGEST_ABBREVIATION}}}\.)(?:{_DOTTED}|(?:{_LIST})\.|[A-Z]\.)"
    r"|\.{2,}|…"
    rf"|\d+(?:[.,:/]\d+)*(?:-{_LETTER}+)?"
    rf"|{_ALNUM}+(?:[-‐'’]{_ALNUM}+)*"
    r"|\S"
)
# Most tokens are words of ASCII letters followed by a space or a mark that no rule joins to a
# word. Such a word is rule 6's token, and no earlier rule makes a token there: a URL needs
# "://" or "www.", an address "@", a domain, an abbreviation or an ellipsis a period, "Rp" a
# digit after it, a number a digit first. Matching those words first spares the engine trying
# rules 1 to 5 at nearly every word (half the time of the pattern). Possessive (``++``): backing
# off from a shorter run of letters could only meet another letter.
_PLAIN_WORD = r'[A-Za-z]++(?![^\s,;)"”!?])'
#: The rules, plain words matched first: the same tokens, for less.
TOKEN = re.compile(rf"{_PLAIN_WORD}|{RULES}")
#: A token (group 1) with the whitespace after it (group 2). No rule matches at a space, so from
#: the first token on, reading the text with this finds the tokens ``TOKEN`` finds, one after the
#: other, and the lengths of the tokens and spaces, summed in order, are the tokens' offsets.
#: (The space after, not before: a long run of spaces that no token follows would be read again
#: from each of its characters.)
_TOKEN_AND_SPACE = re.compile(rf"({TOKEN.pattern})(\s*+)")
_SPACE = re.compile(r"\s*+")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, with offsets into the whole ``text``.

    Args:
        text: the text, usually one paragraph or a whole article body.
        start: where to begin, as in a slice (negative counts from the end).
        end: where to stop, as in a slice; None for the end of ``text``.

    Returns:
        The tokens in order. They do not overlap, contain no whitespace, and together cover
        every character of the span that is not whitespace.
    """
    texts, starts, ends = token_spans(text, start, end)
    # Each Token is made by tuple.__new__ in C, with no Python step per token.
    return list(map(tuple.__new__, repeat(Token), zip(texts, starts, ends, strict=True)))


def token_spans(
    text: str, start: int = 0, end: int | None = None
) -> tuple[list[str], list[int], list[int]]:
    """The tokens of :func:`tokenize`, as three lists: their texts, starts and ends. For a
    reader that wants the words, or the offsets of a few, not a Token each (an article has
    thousands)."""
    start, end, _ = slice(start, end).indices(len(text))
    # No match object and no Python step per token: findall gives the strings, and
    # accumulate their offsets.
    spaces = _SPACE.match(text, start, end)
    first = spaces.end() if spaces else start
    tokens_and_spaces = list(chain.from_iterable(_TOKEN_AND_SPACE.findall(text, first, end)))
    offsets = list(accumulate(map(len, tokens_and_spaces), initial=first))
    return tokens_and_spaces[::2], offsets[:-1:2], offsets[1::2]


def is_abbreviation(token: str) -> bool:
    """Whether a token is an abbreviation or an initial with its period ("Jl.", "S.H.", "B.")."""
    return len(token) > 1 and token[-1] == "." and token[-2] != "."
