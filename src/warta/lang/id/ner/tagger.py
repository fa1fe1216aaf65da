"""The shipped NER models: loaded once, lazily, and run on the CPU.

The models and resources live in ``data/`` beside this module, written by
``training/train_ner.py``. ``news`` tags articles (PERSON / ORG / LOC) with the NERGrit model;
``nerp``, ``nergrit`` and ``idner`` tag in their data set's own tag set, so the scores of
``warta eval ner`` compare with published ones.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from warta.errors import WartaError
from warta.lang.id.ner.conll import to_bio
from warta.lang.id.ner.crf import LinearChainCRF
from warta.lang.id.ner.features import Resources

DATA = Path(__file__).resolve().parent / "data"

#: The tag set each scheme writes, and what each of its types means in Warta's own types.
SCHEMES: dict[str, tuple[str, ...]] = {
    "nerp": ("PPL", "PLC", "IND", "EVT", "FNB"),
    "nergrit": ("PERSON", "PLACE", "ORGANISATION"),
    "idner": ("PER", "LOC", "ORG"),
    "news": ("PERSON", "LOC", "ORG"),
}
#: Articles are tagged by the NERGrit model, its types renamed to Warta's. IDNer's is the best
#: on its own validation split, but IDNer leaves many countries untagged ("AS" never, "Indonesia"
#: 41 times of 109), and a model trained to match that misses the places articles are about.
NEWS_MODEL = "nergrit"
NEWS_TYPES = {"PERSON": "PERSON", "PLACE": "LOC", "ORGANISATION": "ORG"}
CANONICAL_TYPE: dict[str, str] = {
    "PPL": "PERSON", "PER": "PERSON", "PERSON": "PERSON",
    "PLC": "LOC", "PLACE": "LOC", "LOC": "LOC",
    "IND": "ORG", "ORGANISATION": "ORG", "ORG": "ORG",
    "EVT": "EVENT", "FNB": "FOOD",
}  # fmt: skip

_lock = threading.Lock()


def _read_table(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        return dict(line.rstrip("\n").split("\t", 1) for line in handle if "\t" in line)


def load_resources(directory: Path = DATA) -> Resources:
    """Clusters, capitalisation rates and gazetteer from a model directory."""
    clusters = {w: tuple(c.split()) for w, c in _read_table(directory / "clusters.tsv").items()}
    capitalised = _read_table(directory / "capitalised.tsv")
    gazetteer_path = directory / "gazetteer.tsv"
    gazetteer = (
        {tuple(k.split(" ")): v for k, v in _read_table(gazetteer_path).items()}
        if gazetteer_path.exists()
        else {}
    )
    proper_path = directory / "proper.tsv"
    proper = _read_table(proper_path) if proper_path.exists() else {}
    return Resources(clusters, capitalised, gazetteer, proper)


@cache
def _resources() -> Resources:
    return load_resources(DATA)


class Tagger:
    """One scheme's model. Use :func:`tagger` to get the shared, lazily loaded instance."""

    def __init__(
        self,
        scheme: str,
        resources: Resources,
        path: Path,
        rename: dict[str, str] | None = None,
    ) -> None:
        self.scheme = scheme
        self.resources = resources
        try:
            self._crf = LinearChainCRF.load(path)
        except (OSError, ValueError, IndexError) as error:
            message = f"the NER model {path} cannot be read ({error}): reinstall Warta"
            raise WartaError(message) from error
        # Tags in this scheme's names ("B-PER" -> "B-PERSON"), when the model uses others.
        self._rename = (
            {f"{p}-{old}": f"{p}-{new}" for old, new in rename.items() for p in "BI"}
            if rename
            else None
        )

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags for one sentence's tokens."""
        tags = to_bio(self._crf.tag(tokens, self.resources))  # a model may be trained on BIOES
        if self._rename is not None:
            return [self._rename.get(tag, tag) for tag in tags]
        return tags


@cache
def _load(scheme: str) -> Tagger:
    model = NEWS_MODEL if scheme == "news" else scheme
    rename = NEWS_TYPES if scheme == "news" else None
    return Tagger(scheme, _resources(), DATA / f"{model}.weights.gz", rename)


def tagger(scheme: str = "news") -> Tagger:
    """The shared tagger of a scheme, loaded on first use (thread-safe)."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown NER scheme {scheme!r}; choose from {', '.join(SCHEMES)}")
    with _lock:
        return _load(scheme)
