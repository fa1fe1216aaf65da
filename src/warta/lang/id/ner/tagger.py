"""The shipped NER models: loaded once, lazily, and run on the CPU.

The models and resources live in ``data/`` beside this module, written by
``training/train_ner.py``. ``news`` tags articles (PERSON / ORG / LOC) with the NERGrit model;
``nerp``, ``nergrit`` and ``idner`` tag in their data set's own tag set, so the scores of
``warta eval ner`` compare with published ones.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from warta.errors import WartaError
from warta.lang.id.ner.conll import to_bio
from warta.lang.id.ner.crf import LinearChainCRF, viterbi
from warta.lang.id.ner.features import Resources, sentence_words
from warta.lang.id.ner.neural import NeuralTagger
from warta.lang.threads import keep_to_one_thread

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


def resources() -> Resources:
    """The shipped models' clusters, capitalisation rates and gazetteer (thread-safe), without
    the tagger's weights and network: the writer resolves entities with the gazetteer alone, and
    loading the tagger for it cost the writing process a second and a hundred MiB."""
    with _lock:
        return _resources()


class Tagger:
    """One scheme's model. Use :func:`tagger` to get the shared, lazily loaded instance.

    With ``neural``, the neural tagger's head for ``domain`` adds its label scores, times
    ``weight``, to the CRF's before Viterbi (:mod:`warta.lang.id.ner.neural`)."""

    def __init__(
        self,
        scheme: str,
        resources: Resources,
        path: Path,
        rename: dict[str, str] | None = None,
        neural: NeuralTagger | None = None,
        domain: str = "",
        weight: float = 0.0,
    ) -> None:
        self.scheme = scheme
        self.resources = resources
        try:
            self._crf = LinearChainCRF.load(path)
        except (OSError, ValueError, IndexError) as error:
            message = f"the NER model {path} cannot be read ({error}): reinstall Warta"
            raise WartaError(message) from error
        self._neural = neural if weight else None
        self._domain = domain
        self._weight = weight
        if self._neural is not None:
            labels = self._neural.heads[domain][0]
            # The neural head's labels in the CRF's order.
            self._order = [labels.index(label) for label in self._crf.labels]
        # Tags in this scheme's names ("B-PER" -> "B-PERSON"), when the model uses others.
        renamed = {f"{p}-{old}": f"{p}-{new}" for old, new in (rename or {}).items() for p in "BI"}
        # Each label's BIO tag in this scheme's names (a model may be trained on BIOES).
        self._tags = [renamed.get(tag, tag) for tag in to_bio(self._crf.labels)]

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags for one sentence's tokens."""
        return self.tag_many([tokens])[0]

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for each sentence's tokens; the sentences of an article are tagged together
        (one padded batch), which costs less than one at a time."""
        present = [sentence for sentence in sentences if sentence]
        if not present:
            return [[] for _ in sentences]
        crf, resources = self._crf, self.resources
        read = sentence_words(present, resources)  # once for both models
        # The sentences' scores end to end, combined in one step for all of them, then cut
        # into sentences: a step per sentence was a twentieth of the tagger's time.
        emissions = crf.emissions_read(read, resources)
        transitions = crf._transitions
        start = end = None
        if self._neural is not None:
            weight, order = self._weight, self._order
            _, neural, neural_transitions, start, end = self._neural.scores(
                read, resources, self._domain
            )
            emissions += weight * neural[:, order]
            transitions = transitions + weight * neural_transitions[np.ix_(order, order)]
            start, end = weight * start[order], weight * end[order]
        cuts = np.cumsum(read.lengths)[:-1]
        paths = iter(viterbi(np.split(emissions, cuts), transitions, start, end))
        tag_of = self._tags.__getitem__
        return [list(map(tag_of, next(paths))) if sentence else [] for sentence in sentences]


@cache
def _neural() -> tuple[NeuralTagger | None, dict[str, float]]:
    """The neural tagger shared by the schemes, and each scheme's weight on it (manifest)."""
    path = DATA / "neural.npz"
    if not path.exists():
        return None, {}
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    weights = manifest.get("neural", {}).get("weights", {})
    keep_to_one_thread()  # whoever runs the network: the CLI, a worker, a library user, a test
    try:
        return NeuralTagger.load(path), weights
    except (OSError, ValueError, KeyError) as error:
        message = f"the NER model {path} cannot be read ({error}): reinstall Warta"
        raise WartaError(message) from error


@cache
def _load(scheme: str) -> Tagger:
    model = NEWS_MODEL if scheme == "news" else scheme
    rename = NEWS_TYPES if scheme == "news" else None
    neural, weights = _neural()
    weight = weights.get(scheme, 0.0)  # per scheme: "news" may differ from its model
    return Tagger(scheme, _resources(), DATA / f"{model}.weights.gz", rename, neural, model, weight)


def tagger(scheme: str = "news") -> Tagger:
    """The shared tagger of a scheme, loaded on first use (thread-safe)."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown NER scheme {scheme!r}; choose from {', '.join(SCHEMES)}")
    with _lock:
        return _load(scheme)
