"""Text normalisation: what a line and a space are (paragraphs are made of lines by
:func:`warta.analyze.tokenised.read_text`)."""

from __future__ import annotations

import re
import unicodedata

# Characters scrapers leave in text that carry no meaning for its reader: the format characters
# (Unicode category Cf): zero-width spaces and joiners, soft hyphens, the word joiner, the BOM
# used mid-text, and the direction marks (U+200E left-to-right mark) pages put around dates and
# names. Unseen in a browser, they split words and show in summaries and exports.
# Written out (Unicode 14, Python 3.11): deriving it from unicodedata at import took half a
# second; tests/test_analyze.py checks it against the running Python's table.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


def normalize_text(text: str) -> str:
    """NFC, newlines as ``\\n``, invisible characters dropped, each line's whitespace collapsed
    to single spaces and trimmed."""
    if not unicodedata.is_normalized("NFC", text):  # a quick check; most text already is
        text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n")
    # str.split() knows every Unicode space and runs in C: a regex substitution over the text
    # cost more than the rest of the analysis.
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))
