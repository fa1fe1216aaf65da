"""Analysis ends, however hostile the text, and the patterns rewritten to make it linear keep
their matches on ordinary text.

Each kind of hostile text of bench/linear_time.py once made analysis super-linear (a pattern
that backtracked, a lookup that read every name again for each quote, a copy of the text before
each mark): at the sizes below the old code took minutes to hours. Here each is analysed once,
at four times the benchmark's smaller size; no time is judged (bench/linear_time.py measures
how time grows with the text), but a return of any of those faults would hang here.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import load_bench
from warta.analyze import analyze
from warta.analyze.speakers import ATTRIBUTION_REACH, attribution_end
from warta.lang.id import cues
from warta.model import Article, RawDocument

linear_time = load_bench("linear_time")


@pytest.mark.parametrize("kind", list(linear_time.HOSTILE))
def test_hostile_text_is_analysed(kind: str) -> None:
    hostile = linear_time.HOSTILE[kind]
    text = hostile.make(4 * hostile.size)
    article = analyze(RawDocument(origin="hostile", format="text", text=text, encoding="utf-8"))
    assert isinstance(article, Article) and article.body


# --- The patterns rewritten, on ordinary text ------------------------------------------------

#: cues.AUTHOR_LABEL as it was, before its words were taken whole.
_OLD_AUTHOR_LABEL = re.compile(
    r"^(?:(?:penulis|reporter|pewarta|oleh|kontributor|jurnalis|wartawan|author|by)\s*[:：]\s*"
    r"|(?:oleh|by)\s+(?=(?-i:[A-Z][\w'’.-]*\s*){1,5}$))",
    re.IGNORECASE,
)
BYLINES = [
    "Oleh Willy Haryono",
    "Oleh: Willy Haryono",
    "Penulis : Budi Santoso",
    "By John Smith",
    "Oleh Andi M. Kusuma",
    "Oleh Sri O'Neil Jr.",
    "Oleh A B C D E",
    "Oleh Rina\n",
    "oleh Budi",
]
NOT_BYLINES = [
    "Oleh karena itu, warga diminta waspada.",
    "Oleh Budi dan Rina",
    "Oleh A B C D E F",
    "Oleh Budi, Rina",
    "Oleh budi",
    "Olehnya Budi",
    "Editor: Rina",
]


@pytest.mark.parametrize("line", BYLINES + NOT_BYLINES)
def test_author_label_matches_as_before(line: str) -> None:
    new, old = cues.AUTHOR_LABEL.match(line), _OLD_AUTHOR_LABEL.match(line)
    assert (new and new.span()) == (old and old.span())
    assert (new is not None) == (line in BYLINES)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AbZ .-'’:\n", max_size=14))
def test_author_label_matches_as_before_on_any_short_line(rest: str) -> None:
    for line in (f"Oleh {rest}", f"By {rest}", f"oleh{rest}"):
        new, old = cues.AUTHOR_LABEL.match(line), _OLD_AUTHOR_LABEL.match(line)
        assert (new and new.span()) == (old and old.span()), line


def test_author_label_ends_on_a_run_of_capitals() -> None:
    assert cues.AUTHOR_LABEL.match("Oleh " + "A" * 200_000 + "!") is None  # it took hours


@pytest.mark.parametrize(
    ("text", "end"),
    [
        (
            '"Kami siap," kata Dmitry Peskov kepada wartawan.',
            len('"Kami siap," kata Dmitry Peskov'),
        ),
        ('"Kami siap," kata Kombes drg. Raymond.', len('"Kami siap," kata Kombes drg. Raymond')),
        ('"Kami siap," ujar Budi, "tetapi nanti."', len('"Kami siap," ujar Budi, ')),
        ('"Kami siap," kata Budi di Jakarta.', len('"Kami siap," kata Budi')),
        ('"Kami siap," kata Budi', len('"Kami siap," kata Budi')),
    ],
)
def test_the_speaker_after_an_attribution_ends_where_it_did(text: str, end: int) -> None:
    assert attribution_end(text, text.index("kata" if "kata" in text else "ujar") + 4) == end


def test_the_speaker_after_an_attribution_ends_within_its_reach() -> None:
    text = "kata " + "Budi " * 20_000
    assert attribution_end(text, 4) == 4 + ATTRIBUTION_REACH
    stop_word_at_the_edge = "kata" + "x" * (ATTRIBUTION_REACH - 1) + " kepada wartawan"
    assert attribution_end(stop_word_at_the_edge, 4) == 4 + ATTRIBUTION_REACH - 1
