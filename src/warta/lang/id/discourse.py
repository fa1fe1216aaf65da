"""How a sentence stands in its text: whether it leans on the sentence before ("Hal tersebut
...", "Ia menambahkan"), or is a bare quotation. Extractive summaries and timeline entries
prefer sentences that stand alone."""

from __future__ import annotations

import re

#: Sentence openings that lean on the sentence before ("Hal tersebut ...", "Ia menambahkan",
#: "Selain itu", "Kebijakan itu"): such a sentence does not stand alone as an entry or a
#: summary line. A time phrase is not a reference: "Hari ini", "Saat ini", "Tahun ini".
REFERENCE_START = re.compile(
    r"^[\"“‘']?(?:hal\s+(?:itu|ini|tersebut)|ia|dia|mereka|beliau|namun|tetapi|akan\s+tetapi"
    r"|sementara\s+itu|selain\s+itu|oleh\s+karena\s+itu|karena\s+itu|dengan\s+demikian"
    r"|kemudian|lalu|selanjutnya|adapun|menurutnya|katanya|sebelumnya|pihaknya"
    r"|ini|(?!(?:hari|saat|kini|tahun|bulan|pekan|minggu|malam|pagi|siang|sore|kali|sampai"
    r"|hingga|sejak)\b)(?:\w+\s+){1,2}(?:ini|itu|tersebut)\b)\b",
    re.IGNORECASE,
)


def starts_with_reference(text: str) -> bool:
    """Whether a sentence opens by pointing back at the one before it."""
    return REFERENCE_START.match(text) is not None


#: Quote marks that open a quotation.
QUOTE_OPENERS = frozenset("\"“‘'«„")


def opens_with_quote(text: str) -> bool:
    """Whether a sentence starts with a quotation mark: a bare quotation."""
    return text[:1] in QUOTE_OPENERS


_DOUBLE_MARK = re.compile('[“„”"]')


def quotation_opened_before(paragraph: str, start: int, end: int) -> int | None:
    """Where the quotation a sentence (``paragraph[start:end]``) starts inside opens, when it
    does: a quotation of several sentences is cut at its inner boundaries, so its later
    sentences begin with no mark ('Kalau dipanggil, sebaiknya datang," kata Febri, Selasa.').
    None when the sentence starts outside any quotation, or when no mark of its own closes
    the one open before it (a stray mark earlier in the paragraph opens nothing)."""
    opened: int | None = None
    for mark in _DOUBLE_MARK.finditer(paragraph, 0, start):
        if mark.group() == "”":
            opened = None
        elif mark.group() == '"':
            opened = mark.start() if opened is None else None
        else:
            opened = mark.start()
    if opened is None:
        return None
    closer = "”" if paragraph[opened] in "“„" else '"'
    return opened if closer in paragraph[start:end] else None
