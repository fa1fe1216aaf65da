"""Text normalisation: the one place that decides what a paragraph and a space are."""

from __future__ import annotations

import re
import unicodedata

# Characters scrapers leave in text that carry no meaning: zero-width spaces and joiners, soft
# hyphens, the word joiner, and the BOM used mid-text.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff]")
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\u00ad\ufeff"


def normalize_text(text: str) -> str:
    """NFC, newlines as ``\\n``, invisible characters dropped, each line's whitespace collapsed
    to single spaces and trimmed."""
    if not unicodedata.is_normalized("NFC", text):  # a quick check; most text already is
        text = unicodedata.normalize("NFC", text)
    if any(char in text for char in _INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n")
    # str.split() knows every Unicode space and runs in C: a regex substitution over the text
    # cost more than the rest of the analysis.
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a scraped text: each non-blank line, trimmed.

    Scraped news text puts one paragraph per line, with or without blank lines between
    paragraphs (both occur in the samples), so a line is the unit.
    """
    return [line.strip() for line in normalize_text(text).split("\n") if line.strip()]
