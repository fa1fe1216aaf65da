"""Outlet templates: lines that recur across many articles of one outlet are the page's, not the
article's. Learned from the corpus itself, so a portal never seen is learned from its own
articles: the store counts, for each outlet, in how many articles each line occurs; cleaning
removes the lines that pass the thresholds below.
"""

from __future__ import annotations

import hashlib

from warta.analyze.tokenised import read_text

#: A line in this many distinct articles of one outlet is template. Navigation, footers and
#: prompts recur in every article of a portal; three articles already tell them apart from a
#: phrase two articles happen to share.
TEMPLATE_MIN_ARTICLES = 3
#: A line of prose (see clean.is_prose) is template only when it is in at least this share of
#: the outlet's articles, and in at least TEMPLATE_MIN_PROSE_ARTICLES of them: a background
#: paragraph reused across a running story's articles is the article's text; a disclaimer
#: printed under every article is not.
TEMPLATE_MIN_PROSE_SHARE = 0.5
TEMPLATE_MIN_PROSE_ARTICLES = 10
#: Longest line worth counting, in characters: page furniture is short, and counting every long
#: paragraph would fill the store with lines that never recur.
MAX_TEMPLATE_LINE_CHARS = 400


def line_key(line: str) -> str:
    """The key of a line in the outlet statistics: its normalised text, hashed."""
    normal = " ".join(line.split()).casefold()
    return hashlib.sha1(normal.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()[
        :16
    ]


def line_evidence(text: str) -> list[tuple[str, str, bool]]:
    """``(key, line, is prose)`` for each distinct countable line of an input's text."""
    from warta.analyze.clean import is_prose  # noqa: PLC0415  (clean imports this module)

    seen: set[str] = set()
    evidence = []
    for line in read_text(text).paragraphs:  # as the clean stage will see them
        if len(line) > MAX_TEMPLATE_LINE_CHARS:
            continue
        key = line_key(line)
        if key not in seen:
            seen.add(key)
            evidence.append((key, line, is_prose(line)))
    return evidence
