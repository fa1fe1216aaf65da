"""Train Warta's NER models from the public corpora in ../shared/data (docs/ner.md).

The shipped models were made with::

    .venv/bin/pip install -e '.[train]'
    .venv/bin/pip install --no-deps nlp-id==0.1.23.0   # for its POS corpus only
    .venv/bin/python training/train_ner.py --augment --bioes --evaluate

Steps, all with fixed seeds so a rebuild gives the same files:
1. word2vec vectors on unlabelled text (IndoSum articles, nlp-id's POS corpus and the NER
   training text, lowercased), clustered by k-means at four granularities -> ``clusters.tsv``;
2. how often each word is capitalised inside a sentence in cased text -> ``capitalised.tsv``,
   and tagged as a proper noun in the POS corpus -> ``proper.tsv``;
3. a gazetteer of entity strings from the three training splits -> ``gazetteer.tsv``;
4. one CRF per data set, in its own tag set (``nerp``, ``nergrit``, ``idner``), with
   ``manifest.json`` saying how each was trained. Articles are tagged by the IDNer model (cased
   news, like articles), its tags renamed PERSON / ORG / LOC: with feature augmentation a
   separate model for them learned the same weights.

A model must not learn to trust a gazetteer built from its own training sentences (at test time
the gazetteer will not know most names), so each corpus's sentences are featurised with a
gazetteer built without them: the other corpora plus the other folds of its own (jackknife).
"""

from __future__ import annotations

import argparse
import glob
import gzip
import importlib.util
import json
import random
import sys
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from warta.eval.ner import chunks, format_scores, score  # noqa: E402
from warta.lang.id.ner.conll import TaggedSentence, read_conll, to_bio, to_bioes  # noqa: E402
from warta.lang.id.ner.features import (  # noqa: E402
    MAX_GAZETTEER_TOKENS,
    Resources,
    augmented,
    cluster_key,
    sentence_features,
)
from warta.lang.id.ner.tagger import CANONICAL_TYPE, load_resources  # noqa: E402

try:
    import numpy as np
    import pycrfsuite
    from gensim.models import Word2Vec
    from sklearn.cluster import KMeans
except ImportError as missing:
    raise SystemExit(f"{missing}: install the training extra, pip install -e '.[train]'") from None

SEED = 13
CORPORA = {
    "nerp": ("ner/nerp/train.tsv", "ner/nerp/valid.tsv"),
    "nergrit": ("ner/nergrit/train.tsv", "ner/nergrit/valid.tsv"),
    "idner": ("ner/idner-news-2k/train.txt", "ner/idner-news-2k/dev.txt"),
}
CLUSTER_SIZES = (32, 128, 512, 2048)
FOLDS = 5


def load(data: Path, relative: str) -> list[TaggedSentence]:
    with (data / relative).open(encoding="utf-8") as handle:
        return list(read_conll(handle))


def postag_corpus() -> list[TaggedSentence]:
    """nlp-id's part-of-speech corpus (MIT licence): 32,851 cased Indonesian news sentences with
    tags, NNP for proper nouns. Install it with ``pip install --no-deps nlp-id==0.1.23.0``."""
    spec = importlib.util.find_spec("nlp_id")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nlp-id is not installed: pip install --no-deps nlp-id==0.1.23.0")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset_postag.txt"
    with path.open(encoding="utf-8") as handle:
        return list(read_conll(handle))


def proper_noun_rates(sentences: Iterable[TaggedSentence]) -> dict[str, str]:
    """Bucketed rate at which each word is tagged NNP (proper noun) in the POS corpus."""
    total: Counter[str] = Counter()
    proper: Counter[str] = Counter()
    for sentence in sentences:
        for token, tag in zip(sentence.tokens, sentence.tags or (), strict=True):
            key = cluster_key(token)
            total[key] += 1
            proper[key] += tag == "NNP"
    return rate_buckets(proper, total)


def unlabelled_text(
    data: Path, corpora: dict[str, list[TaggedSentence]], postag: list[TaggedSentence]
) -> list[list[str]]:
    """Sentences as token lists: IndoSum and the POS corpus (cased), and the NER training text."""
    sentences: list[list[str]] = [list(s.tokens) for s in postag]
    seen: set[str] = set()
    for path in sorted(glob.glob(str(data / "indosum" / "dev.*.jsonl"))):
        with Path(path).open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record["id"] in seen:  # the folds overlap a little
                    continue
                seen.add(record["id"])
                sentences.extend(s for paragraph in record["paragraphs"] for s in paragraph)
    for name in sorted(corpora):
        sentences.extend(list(s.tokens) for s in corpora[name])
    return sentences


def train_clusters(sentences: list[list[str]]) -> dict[str, tuple[str, ...]]:
    keyed = [[cluster_key(token) for token in sentence] for sentence in sentences]
    model = Word2Vec(
        keyed, vector_size=100, window=5, min_count=2, sg=1, epochs=15, seed=SEED, workers=1,
        hashfxn=lambda text: zlib.crc32(text.encode("utf-8")),
    )  # fmt: skip
    words = list(model.wv.index_to_key)
    vectors = model.wv.vectors / np.linalg.norm(model.wv.vectors, axis=1, keepdims=True)
    labels = [
        KMeans(n_clusters=size, n_init=1, random_state=SEED).fit(vectors).labels_
        for size in CLUSTER_SIZES
    ]
    return {word: tuple(str(level[i]) for level in labels) for i, word in enumerate(words)}


def capitalisation(sentences: Iterable[Sequence[str]]) -> dict[str, str]:
    """Bucketed rate at which each word is capitalised when it is not the first token."""
    total: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for sentence in sentences:
        if all(not token[:1].isupper() for token in sentence):
            continue  # lowercased text (NERP) says nothing about case
        for token in sentence[1:]:
            if not token[:1].isalpha():
                continue
            key = cluster_key(token)
            total[key] += 1
            upper[key] += token[:1].isupper()
    return rate_buckets(upper, total)


def rate_buckets(hits: Counter[str], total: Counter[str]) -> dict[str, str]:
    """Each word's rate ``hits / total`` in four buckets (under 0.1, 0.5, 0.9, above), marked
    "r" when the word was seen fewer than three times."""
    buckets = {}
    for key, count in total.items():
        rate = hits[key] / count
        bucket = "0" if rate < 0.1 else "1" if rate < 0.5 else "2" if rate < 0.9 else "3"
        buckets[key] = ("r" if count < 3 else "") + bucket
    return buckets


def entity_strings(
    sentences: Iterable[TaggedSentence], mapping: dict[str, str]
) -> Counter[tuple[tuple[str, ...], str]]:
    found: Counter[tuple[tuple[str, ...], str]] = Counter()
    for sentence in sentences:
        assert sentence.tags is not None
        for start, end, kind in chunks(sentence.tags):
            if end - start <= MAX_GAZETTEER_TOKENS and kind in mapping:
                found[tuple(t.lower() for t in sentence.tokens[start:end]), mapping[kind]] += 1
    return found


def build_gazetteer(
    labelled: list[tuple[list[TaggedSentence], dict[str, str]]],
) -> dict[tuple[str, ...], str]:
    """Entity strings that are entities of one type in at least half the places they occur."""
    entities: Counter[tuple[tuple[str, ...], str]] = Counter()
    for sentences, mapping in labelled:
        entities.update(entity_strings(sentences, mapping))
    strings = {text for text, _ in entities}
    occurrences: Counter[tuple[str, ...]] = Counter()
    for sentences, _ in labelled:
        for sentence in sentences:
            lowered = [t.lower() for t in sentence.tokens]
            for start in range(len(lowered)):
                for end in range(start + 1, min(start + MAX_GAZETTEER_TOKENS, len(lowered)) + 1):
                    key = tuple(lowered[start:end])
                    if key in strings:
                        occurrences[key] += 1
    by_string: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for (text, kind), count in entities.items():
        by_string[text][kind] += count
    gazetteer = {}
    for text, kinds in by_string.items():
        kind, count = kinds.most_common(1)[0]
        if count >= 0.5 * occurrences[text] and any(t[:1].isalpha() for t in text):
            gazetteer[text] = kind
    return gazetteer


def mapping_for(sentences: Iterable[TaggedSentence]) -> dict[str, str]:
    """A corpus's entity types and the shared type each stands for (PPL -> PERSON, ...)."""
    kinds = {tag.partition("-")[2] for s in sentences for tag in s.tags or () if tag != "O"}
    return {kind: CANONICAL_TYPE.get(kind, kind) for kind in kinds}


def featurise(
    target: list[TaggedSentence],
    others: list[tuple[list[TaggedSentence], dict[str, str]]],
    own_mapping: dict[str, str],
    resources: Resources,
) -> list[list[list[str]]]:
    """Features for a training corpus, its gazetteer built without the fold being featurised."""
    order = list(range(len(target)))
    random.Random(SEED).shuffle(order)
    fold_of = {index: position % FOLDS for position, index in enumerate(order)}
    features: list[list[list[str]]] = [[] for _ in target]
    for fold in range(FOLDS):
        rest = [s for i, s in enumerate(target) if fold_of[i] != fold]
        gazetteer = build_gazetteer([*others, (rest, own_mapping)])
        folded = Resources(resources.clusters, resources.capitalised, gazetteer, resources.proper)
        for index, sentence in enumerate(target):
            if fold_of[index] == fold:
                features[index] = sentence_features(sentence.tokens, folded)
    return features


def train_crf(
    path: Path, features: list[list[list[str]]], tags: list[Sequence[str]], args: argparse.Namespace
) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence, sentence_tags in zip(features, tags, strict=True):
        labels = to_bioes(sentence_tags) if args.bioes else list(sentence_tags)
        trainer.append(pycrfsuite.ItemSequence(sentence), labels)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(path))


def build_resources(args: argparse.Namespace, train: dict[str, list[TaggedSentence]]) -> Resources:
    """Word clusters, capitalisation and proper-noun rates, written beside the models."""
    if args.reuse_resources:
        return load_resources(args.out)
    started = time.perf_counter()
    postag = postag_corpus()
    text = unlabelled_text(args.data, train, postag)
    capitalised = capitalisation(text)
    tables = {
        "clusters.tsv": {word: " ".join(c) for word, c in train_clusters(text).items()},
        "capitalised.tsv": capitalised,
        "proper.tsv": proper_noun_rates(postag),
    }
    for name, table in tables.items():
        with (args.out / name).open("w", encoding="utf-8") as handle:
            handle.writelines(f"{word}\t{value}\n" for word, value in sorted(table.items()))
    print(f"resources built in {time.perf_counter() - started:.0f}s", flush=True)
    return load_resources(args.out)


def training_set(
    model: str,
    train: dict[str, list[TaggedSentence]],
    mappings: dict[str, dict[str, str]],
    resources: Resources,
    augment: bool,
) -> tuple[list[list[list[str]]], list[Sequence[str]]]:
    """Features and tags a model is trained on.

    Without ``augment`` a data set's model learns from its own corpus. With it, from all three
    corpora, their tags mapped into its tag set, every feature in a shared copy and a copy
    for its corpus (Daumé III's feature augmentation); for NERP the others are lowercased too.
    """
    features: list[list[list[str]]] = []
    tags: list[Sequence[str]] = []
    target = mappings[model]
    corpora = list(CORPORA) if augment else [model]
    for name in corpora:
        others = [(train[o], mappings[o]) for o in CORPORA if o != name]
        sentences = train[name]
        if model == "nerp" and name != "nerp":
            sentences = [lowercased(s) for s in sentences]
        featurised = featurise(sentences, others, mappings[name], resources)
        if augment:
            featurised = [[augmented(f, name) for f in sentence] for sentence in featurised]
        features += featurised
        tags += [into_scheme(s.tags or (), mappings[name], target) for s in sentences]
    return features, tags


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "src/warta/lang/id/ner/data")
    parser.add_argument("--models", nargs="*", default=list(CORPORA))
    parser.add_argument(
        "--reuse-resources", action="store_true", help="reuse clusters, case and NNP rates in --out"
    )
    parser.add_argument("--augment", action="store_true", help="train every model on all three")
    parser.add_argument("--bioes", action="store_true", help="train on BIOES labels")
    parser.add_argument("--evaluate", action="store_true", help="score on the validation splits")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.1)
    parser.add_argument("--iterations", type=int, default=200)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    train = {name: load(args.data, files[0]) for name, files in CORPORA.items()}
    valid = {name: load(args.data, files[1]) for name, files in CORPORA.items()}
    mappings = {name: mapping_for(s for s in train[name]) for name in CORPORA}
    resources = build_resources(args, train)
    resources.gazetteer = build_gazetteer([(train[n], mappings[n]) for n in CORPORA])
    with (args.out / "gazetteer.tsv").open("w", encoding="utf-8") as handle:
        handle.writelines(f"{' '.join(k)}\t{v}\n" for k, v in sorted(resources.gazetteer.items()))

    for model in args.models:
        begun = time.perf_counter()
        features, tags = training_set(model, train, mappings, resources, args.augment)
        path = args.out / f"{model}.crfsuite"
        train_crf(path, features, tags, args)
        size = path.stat().st_size / 1e6
        print(f"{model}: trained in {time.perf_counter() - begun:.0f}s, {size:.1f} MB", flush=True)
        domain = model if args.augment else None
        entry: dict[str, object] = {
            "domain": domain,
            "trained_on": list(CORPORA) if args.augment else [model],
            "labels": "BIOES" if args.bioes else "BIO",
            "seed": SEED, "c1": args.c1, "c2": args.c2, "iterations": args.iterations,
        }  # fmt: skip
        if args.evaluate:
            target = mappings[model]
            entry["validation_f1"] = evaluate(
                path, model, domain, valid, mappings, target, resources
            )
        write_manifest(args.out, model, entry)
        write_weights(path, domain)
        path.unlink()  # the tagger reads the exported weights


def lowercased(sentence: TaggedSentence) -> TaggedSentence:
    return TaggedSentence(tuple(t.lower() for t in sentence.tokens), sentence.tags, sentence.line)


def into_scheme(tags: Sequence[str], source: dict[str, str], target: dict[str, str]) -> list[str]:
    """A corpus's tags in another tag set, through the shared types (PERSON, ORG, LOC, ...);
    types the target does not have become O."""
    inverse = {canonical: kind for kind, canonical in target.items()}
    mapped = []
    for tag in tags:
        prefix, _, kind = tag.partition("-")
        target_kind = inverse.get(source.get(kind, ""))
        mapped.append(f"{prefix}-{target_kind}" if target_kind else "O")
    return mapped


def evaluate(
    path: Path,
    model: str,
    domain: str | None,
    valid: dict[str, list[TaggedSentence]],
    mappings: dict[str, dict[str, str]],
    target: dict[str, str],
    resources: Resources,
) -> dict[str, float]:
    """Print and return entity F1 on the validation splits a model's tags can be scored on."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    results: dict[str, float] = {}
    for name in [model] if model in valid else list(valid):
        pairs = []
        for sentence in valid[name]:
            features = sentence_features(sentence.tokens, resources)
            if domain is not None:
                features = [augmented(f, domain) for f in features]
            predicted = to_bio(tagger.tag(pycrfsuite.ItemSequence(features)))
            gold = into_scheme(sentence.tags or (), mappings[name], target)
            pairs.append((gold, predicted))
        scores = score(pairs)
        print(f"== {model} on {name} validation\n{format_scores(scores)}", flush=True)
        results[name] = round(scores.scores()[2], 2)
    return results


def write_weights(model: Path, domain: str | None) -> None:
    """The model's weights for the tagger (warta.lang.id.ner.crf): for each feature, its shared
    weight plus its weight for ``domain`` (the corpus the model tags as), per label. Written
    beside the model as ``{model}.weights.gz``; the crfsuite file itself does not ship."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    info = tagger.info()
    labels = list(tagger.labels())
    index = {label: i for i, label in enumerate(labels)}
    others = tuple(f"{name}|" for name in CORPORA if name != domain)
    own = f"{domain}|" if domain else None
    weights: dict[str, dict[int, float]] = defaultdict(dict)
    for (attribute, label), weight in info.state_features.items():
        if attribute.startswith(others):
            continue
        name = attribute.removeprefix(own) if own else attribute
        row = weights[name]
        row[index[label]] = row.get(index[label], 0.0) + weight
    lines = ["\t".join(labels)]
    lines += ["\t".join(repr(info.transitions.get((a, b), 0.0)) for b in labels) for a in labels]
    for name in sorted(weights):
        pairs = " ".join(f"{i}:{w!r}" for i, w in sorted(weights[name].items()) if w)
        if pairs:
            lines.append(f"{name}\t{pairs}")
    target = model.with_name(model.name.replace(".crfsuite", ".weights.gz"))
    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write("\n".join(lines).encode("utf-8"))


def write_manifest(directory: Path, model: str, entry: dict[str, object]) -> None:
    path = directory / "manifest.json"
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    current[model] = entry
    path.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
