"""Stem the words of a large Indonesian news vocabulary once, so Warta does not start cold.

Sastrawi takes about half a millisecond per word it has not seen; a fresh process meets tens of
thousands of words in its first thousand articles, and stemming was the largest cost of writing
an article to the store (search index) after its analysis. The shipped
``src/warta/lang/id/data/stems.tsv.gz`` holds the stem of every word of three letters or more
in::

    .venv/bin/python training/build_stem_table.py

- nlp-id's part-of-speech corpus (32,851 news sentences, MIT licence; install it with
  ``pip install --no-deps nlp-id==0.1.23.0``),
- the training splits of NERGrit and NERP (IndoNLU, Apache-2.0) and IDNer-news-2k (MIT).

IndoSum is left out on purpose: the benchmarks ingest its articles, and a table made from them
would make stemming look cheaper than it is on text the table has not seen (it covers 61% of
the distinct words of IndoSum's dev.03, 89% of its running words). Each line is ``word<TAB>stem``,
the stem left empty when it is the word itself; :func:`warta.lang.id.stems.stem` gives the same
answer with or without the table (a test checks it on a sample).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

from train_ner import postag_corpus  # noqa: E402

from warta.lang.id.ner.conll import read_conll  # noqa: E402
from warta.lang.id.stems import STEM_TABLE, sastrawi_stem  # noqa: E402

NER = REPO.parent / "shared" / "data" / "ner"
NER_TRAINING = ("nergrit/train.tsv", "nerp/train.tsv", "idner-news-2k/train.txt")
MIN_LENGTH = 3


def vocabulary(ner: Path) -> set[str]:
    """The casefolded words of letters only, of three letters or more, of the corpora."""
    sentences = list(postag_corpus())
    for name in NER_TRAINING:
        with (ner / name).open(encoding="utf-8") as handle:
            sentences.extend(read_conll(handle))
    words = {token.casefold() for sentence in sentences for token in sentence.tokens}
    return {word for word in words if word.isalpha() and len(word) >= MIN_LENGTH}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ner", type=Path, default=NER)
    parser.add_argument("--output", type=Path, default=STEM_TABLE)
    args = parser.parse_args()
    words = sorted(vocabulary(args.ner))
    lines = []
    for word in words:
        root = sastrawi_stem(word)
        lines.append(f"{word}\t{'' if root == word else root}\n")
    # no time stamp in the header: the same vocabulary gives the same file
    with gzip.GzipFile(args.output, "wb", compresslevel=9, mtime=0) as handle:
        handle.write("".join(lines).encode("utf-8"))
    print(f"{len(words)} words -> {args.output}")


if __name__ == "__main__":
    main()
