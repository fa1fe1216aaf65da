"""Analysis takes time in proportion to its text, however hostile the text.

Each kind of text below once made analysis super-linear: a pattern that backtracked over a run
of characters, a lookup that read every name or mention again for each quote, a copy of the
text before each mark. Each is analysed at two sizes, the second four times the first; the
script prints the CPU seconds of both and their ratio, which should be about 4 (never 16), and
exits 1 when a ratio passes 8 (with half a second of slack for noise).

Texts whose every token a stage reads closely (words go through the entity tagger, quote marks
through the quote stage) are analysed at a fifth of the size of the others. Run it from the
repository root, with ``--scale 10`` for the 100 KB -> 1 MB figures of docs/input.md::

    .venv/bin/python bench/linear_time.py [--scale N]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from warta.analyze import analyze
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
    # one "sentence" of a hundred thousand tokens, none of them a word but the first (a line
    # without a letter is no paragraph: cleaning would take it before any other stage saw it)
    "run of angle brackets": Hostile(lambda size: "Kata " + _repeat("<", size), QUICK),
    # as many quote marks for the quote stage to pair
    "run of straight quotes": Hostile(lambda size: "Kata " + _repeat('"', size), CLOSE),
    # each mark after a space copied the paragraph before it (quote_marks._sloppy_closer)
    "single quotes before words": Hostile(lambda size: _repeat("'a ", size), CLOSE),
    # each "(BX)" copied the paragraph before it (entities.canonical._canonical_names)
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
    # each sentence copied the article's places (entities.mentions._mentions)
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


def seconds(text: str) -> float:
    """CPU seconds of one analysis of ``text``."""
    gc.collect()
    start = time.process_time()
    analyze(RawDocument(origin="hostile", format="text", text=text, encoding="utf-8"))
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="Multiply every size by this.")
    args = parser.parse_args()
    seconds("Presiden Joko Widodo mengatakan, “Kami siap,” di Jakarta pada Senin (7/12).")
    failed = 0
    print(f"{'kind':<30} {'size':>9} {'seconds':>8} {'x4 size':>9} {'seconds':>8} {'ratio':>6}")
    for kind, hostile in HOSTILE.items():
        size = int(hostile.size * args.scale)
        small, large = seconds(hostile.make(size)), seconds(hostile.make(4 * size))
        ratio = large / max(small, 1e-9)
        bad = large >= 8 * small + 0.5
        failed += bad
        flag = "  SUPER-LINEAR" if bad else ""
        print(
            f"{kind:<30} {size:>9,} {small:>8.2f} {4 * size:>9,} {large:>8.2f} {ratio:>6.1f}{flag}"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
