"""Text normalisation: the one place that decides what a paragraph and a space are."""

from __future__ import annotations

import re
import unicodedata

# Characters scrapers leave in text that carry no meaning: zero-width spaces and joiners, soft
# hyphens, the word joiner, and the BOM used mid-text.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace except a newline


def normalize_text(text: str) -> str:
    """NFC, newlines as ``\\n``, invisible characters dropped, runs of spaces collapsed."""
    # A regex, not str.translate with a dict: translate looks up every character in Python and
    # took half of the analysis time on long texts.
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n")
    return _SPACES.sub(" ", text)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a scraped text: each non-blank line, trimmed.

    Scraped news text puts one paragraph per line, with or without blank lines between
    paragraphs (both occur in the samples), so a line is the unit.
    """
    return [line.strip() for line in normalize_text(text).split("\n") if line.strip()]
