"""The map from the clean body back to the input: where each paragraph came from.

Runs last, once the body is final. Cleaning removes whole lines, and the title and the dateline
are cut from the ends of lines, so each body paragraph is a piece of one input line, in order;
closing up a tokenised line only deleted spaces, recorded as its gaps. So each paragraph's span
in the input is found by a substring search, and every offset a stage gives into the body maps
to the input exactly (``RawSpan.input_offset``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from warta.analyze.pipeline import stage
from warta.model import Article, InputLine, RawSpan


@stage("raw map", requires=("body",), assigns=("raw_map",))
def map_to_input(article: Article) -> Article:
    """``raw_map``: for each body paragraph, its line and offsets in the input."""
    lines = article.input_lines
    spans: list[RawSpan | None] = []
    cursor = 0
    for paragraph in article.body:
        found = _find(paragraph, lines, cursor)
        if found is None:
            found = _find(paragraph, lines, 0)  # out of order: should not happen, stay correct
        if found is None:
            spans.append(None)
            continue
        index, span = found
        spans.append(span)
        cursor = index + 1
    article.raw_map = spans
    return article


def _find(paragraph: str, lines: tuple[InputLine, ...], cursor: int) -> tuple[int, RawSpan] | None:
    for index in range(cursor, len(lines)):
        line = lines[index]
        start = line.text.find(paragraph) if paragraph else -1
        if start < 0:
            continue
        end = start + len(paragraph)
        gaps = line.gaps
        inside = gaps[bisect_right(gaps, start) : bisect_left(gaps, end)]
        input_start = start + bisect_right(gaps, start)
        return index, RawSpan(line.number, input_start, tuple(gap - start for gap in inside))
    return None
