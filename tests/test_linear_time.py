"""Analysis takes time in proportion to its text, however hostile the text.

Each kind of text below once made analysis super-linear: a pattern that backtracked over a run
of characters, a lookup that read every name or mention again for each quote, a copy of the
text before each mark. Each is analysed at two sizes, the second four times the first: the time
may grow about fourfold, never sixteenfold. The times are CPU seconds of this process, and only
their ratio is judged (with half a second of slack for noise), so a slow or busy machine does
not fail the test; what speed analysis has is measured by bench/analyze.py.

Texts whose every token a stage reads closely (words go through the entity tagger, quote marks
through the quote stage) are analysed at a fifth of the size of the others, so that the file
runs in under twenty seconds.

The rewritten patterns keep their matches on ordinary text: the unit tests after the timings
compare them with the forms they replaced.
"""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.analyze import analyze
from warta.analyze.speakers import ATTRIBUTION_REACH, attribution_end
from warta.lang.id import cues
from warta.model import RawDocument

#: Size of the smaller text of a kind analysis reads quickly, and of one it reads closely.
QUICK = 100_000
CLOSE = 20_000


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _numbered(template: str, size: int) -> str:
    """Lines or sentences made from ``template``, each with its own number (repeated lines are
    removed by cleaning, which would leave nothing to analyse)."""
    parts: list[str] = []
    length = 0
    number = 0
    while length < size:
        part = template.format(number=number, name=_made_up_name(number))
        parts.append(part)
        length += len(part)
        number += 1
    return "".join(parts)[:size]


def _made_up_name(number: int) -> str:
    """A capitalised word of its own for each number: "Baritoma", "Ribatoma", ..."""
    syllables = ("ba", "ri", "to", "ma", "ne", "su", "ka", "lo", "di", "wa", "pe", "ju")
    digits = [(number // len(syllables) ** place) % len(syllables) for place in range(4)]
    return "".join(syllables[digit] for digit in digits).capitalize()


@dataclass(frozen=True, slots=True)
class Hostile:
    """A kind of hostile text: how to make it at a size, and the size of the smaller one."""

    make: Callable[[int], str]
    size: int


HOSTILE: dict[str, Hostile] = {
    # cues.AUTHOR_LABEL tried every way of cutting the capitals into five names
    "byline of capitals": Hostile(lambda size: "Oleh " + "A" * size + "!", QUICK),
    # one "sentence" of a hundred thousand tokens, none of them a word
    "run of angle brackets": Hostile(lambda size: _repeat("<", size), QUICK),
    # as many quote marks for the quote stage to pair
    "run of straight quotes": Hostile(lambda size: _repeat('"', size), CLOSE),
    # each mark after a space copied the paragraph before it (quote_marks._sloppy_closer)
    "single quotes before words": Hostile(lambda size: _repeat("'a ", size), CLOSE),
    # each "(BX)" copied the paragraph before it (entities._canonical_names)
    "distinct acronyms": Hostile(lambda size: _numbered("Bank {name} (B{number}) ", size), CLOSE),
    # each comma after an unclosed quote copied the rest of the paragraph
    "commas after an open quote": Hostile(lambda size: '"' + _repeat(", a", size), CLOSE),
    # each attribution read to the end of the paragraph for its speaker (speakers.attribution_end)
    "attributions without stops": Hostile(lambda size: _repeat("Abc, kata b… ", size), CLOSE),
    "menurut without stops": Hostile(lambda size: _repeat("Menurut Budi, ia pergi… ", size), CLOSE),
    # each quote read every mention for the speaker's full name (Context.full_name)
    "quotes of one speaker": Hostile(lambda size: _repeat('"Kami siap," kata Budi. ', size), CLOSE),
    # each name was compared with every other (spellings, full names)
    "many names": Hostile(
        lambda size: _numbered("Menteri {name} Santoso{number} mengatakan hal itu. ", size), CLOSE
    ),
    # each role phrase read every role the article gives (speakers.RoleHolders)
    "role phrases": Hostile(
        lambda size: _repeat('Menteri Budi Santoso datang. "Kami siap," kata menteri. ', size),
        CLOSE,
    ),
    # each pronoun read every mention back to the first paragraph (Context.last_person)
    "pronouns and no person": Hostile(
        lambda size: _repeat('"Kami siap," ujarnya di Jakarta. ', size), CLOSE
    ),
    # each sentence copied the article's places (entities._mentions)
    "many places": Hostile(lambda size: _numbered("Warga datang ke {name} kemarin. ", size), CLOSE),
    # each paragraph read every quote of the article (speakers.topics)
    "quoted lines": Hostile(
        lambda size: _numbered(
            'Budi Santoso datang ke-{number}. "Kami siap {number}," ujarnya.\n', size
        ),
        CLOSE,
    ),
    # each caption and credit searched the list of those already found (clean)
    "captions": Hostile(
        lambda size: _numbered("Suasana rapat {number}. (ANTARA FOTO/{name})\n", size), QUICK
    ),
    # each cited source searched the list of those already found (provenance)
    "cited sources": Hostile(
        lambda size: _numbered("Seperti dilansir {name}, hal itu terjadi. ", size), CLOSE
    ),
}


@pytest.fixture(scope="module", autouse=True)
def _tagger_loaded() -> None:
    """Load the tagger and fill the caches before anything is timed."""
    _seconds("Presiden Joko Widodo mengatakan, “Kami siap,” di Jakarta pada Senin (7/12).")


def _seconds(text: str) -> float:
    gc.collect()
    start = time.process_time()
    analyze(RawDocument(origin="hostile", format="text", text=text, encoding="utf-8"))
    return time.process_time() - start


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_analysis_time_grows_in_proportion_to_the_text(kind: str) -> None:
    hostile = HOSTILE[kind]
    small = _seconds(hostile.make(hostile.size))
    large = _seconds(hostile.make(4 * hostile.size))
    assert large < 8 * small + 0.5, f"{kind}: {small:.2f} s, four times the text {large:.2f} s"


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


def test_author_label_is_linear_on_a_run_of_capitals() -> None:
    line = "Oleh " + "A" * 200_000 + "!"
    start = time.process_time()
    assert cues.AUTHOR_LABEL.match(line) is None
    assert time.process_time() - start < 1.0  # it took hours


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
