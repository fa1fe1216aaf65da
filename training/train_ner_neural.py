"""Train the neural half of Warta's NER taggers (``lang/id/ner/neural.py``; docs/ner.md).

    .venv/bin/pip install -e '.[train]' torch==2.13.0   # torch for training only (CPU wheel)
    .venv/bin/pip install --no-deps nlp-id==0.1.23.0
    .venv/bin/python training/train_ner_neural.py

One BiLSTM-CRF with a head per corpus (NERP, NERGrit, IDNer), trained on the three training
splits at once: each sentence's loss is its own corpus's CRF. Inputs: fixed word2vec vectors
(trained here exactly as ``train_ner.py`` trains them for the clusters, on IndoSum, nlp-id's
POS corpus and the NER training text), a character CNN, the capitalisation and proper-noun
rates of ``capitalised.tsv`` / ``proper.tsv`` and the gazetteer matches (jackknifed, as for the
CRF: a sentence is featurised with a gazetteer built without its fold), and the corpus. Writes
``neural.npz`` beside the CRFs and its ``manifest.json`` entry. One thread, fixed seeds; about
20 minutes on one core (20 epochs; the last five's weights averaged).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

import train_ner  # noqa: E402

from warta.eval.ner import score  # noqa: E402
from warta.lang.id.ner.conll import TaggedSentence  # noqa: E402
from warta.lang.id.ner.features import Resources, cluster_key  # noqa: E402
from warta.lang.id.ner.neural import (  # noqa: E402
    BUCKETS,
    DOMAINS,
    GAZETTEER_TAGS,
    MAX_CHARS,
    PAD,
    UNKNOWN,
    NeuralTagger,
    char_ids,
    resource_ids,
    token_word,
)
from warta.lang.id.ner.tagger import Tagger, load_resources  # noqa: E402

try:
    import numpy as np
    import torch
    from gensim.models import KeyedVectors, Word2Vec
    from torch import nn
except ImportError as missing:
    raise SystemExit(f"{missing}: pip install -e '.[train]' torch==2.13.0") from None

SEED = train_ner.SEED


def word_vectors(args: argparse.Namespace, train: dict[str, list[TaggedSentence]]) -> KeyedVectors:
    """The word2vec vectors of ``train_ner.train_clusters`` (same text, settings and seed)."""
    if args.vectors and args.vectors.exists():
        return KeyedVectors.load(str(args.vectors))
    text = train_ner.unlabelled_text(args.data, train, train_ner.postag_corpus())
    keyed = [[cluster_key(token) for token in sentence] for sentence in text]
    model = Word2Vec(
        keyed, vector_size=100, window=5, min_count=2, sg=1, epochs=15, seed=SEED, workers=1,
        hashfxn=lambda text: zlib.crc32(text.encode("utf-8")),
    )  # fmt: skip
    if args.vectors:
        model.wv.save(str(args.vectors))
    return model.wv


class Network(nn.Module):
    def __init__(
        self,
        vectors: np.ndarray,
        chars: int,
        labels: dict[str, list[str]],
        args: argparse.Namespace,
    ) -> None:
        super().__init__()
        self.words = nn.Embedding.from_pretrained(torch.tensor(vectors), freeze=True)
        self.chars = nn.Embedding(chars, args.char_dim, padding_idx=PAD)
        self.conv = nn.Conv1d(args.char_dim, args.char_filters, 3, padding=1)
        self.resources = nn.ModuleList(
            [
                nn.Embedding(len(BUCKETS), 8),
                nn.Embedding(len(BUCKETS), 8),
                nn.Embedding(len(GAZETTEER_TAGS), 16),
            ]
        )
        self.domains = nn.Embedding(len(DOMAINS), 8)
        size = vectors.shape[1] + args.char_filters + 8 + 8 + 16 + 8
        self.dropout = nn.Dropout(args.dropout)
        self.lstm = nn.LSTM(size, args.hidden, batch_first=True, bidirectional=True)
        self.out = nn.ModuleDict({d: nn.Linear(2 * args.hidden, len(labels[d])) for d in DOMAINS})
        self.transitions = nn.ParameterDict(
            {d: nn.Parameter(torch.zeros(len(labels[d]), len(labels[d]))) for d in DOMAINS}
        )
        self.start = nn.ParameterDict(
            {d: nn.Parameter(torch.zeros(len(labels[d]))) for d in DOMAINS}
        )
        self.end = nn.ParameterDict({d: nn.Parameter(torch.zeros(len(labels[d]))) for d in DOMAINS})

    def emissions(
        self,
        words: torch.Tensor,
        chars: torch.Tensor,
        resources: torch.Tensor,
        lengths: torch.Tensor,
        domain: str,
    ) -> torch.Tensor:
        batch, steps = words.shape
        embedded = self.chars(chars.view(batch * steps, -1)).transpose(1, 2)
        char_features = self.conv(embedded).max(dim=2).values.view(batch, steps, -1)
        domain_vector = self.domains.weight[DOMAINS.index(domain)].expand(batch, steps, -1)
        inputs = torch.cat(
            [
                self.words(words),
                char_features,
                *(layer(resources[..., i]) for i, layer in enumerate(self.resources)),
                domain_vector,
            ],
            dim=2,
        )
        packed = nn.utils.rnn.pack_padded_sequence(
            self.dropout(inputs), lengths, batch_first=True, enforce_sorted=False
        )
        hidden, _ = self.lstm(packed)
        hidden, _ = nn.utils.rnn.pad_packed_sequence(hidden, batch_first=True, total_length=steps)
        result: torch.Tensor = self.out[domain](self.dropout(hidden))
        return result

    def loss(
        self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor, domain: str
    ) -> torch.Tensor:
        """Negative log-likelihood of the gold tags under the head's CRF, summed."""
        transitions, start, end = self.transitions[domain], self.start[domain], self.end[domain]
        lengths = mask.sum(1).long()
        gold = start[tags[:, 0]] + (emissions.gather(2, tags[..., None]).squeeze(2) * mask).sum(1)
        gold = gold + (transitions[tags[:, :-1], tags[:, 1:]] * mask[:, 1:]).sum(1)
        gold = gold + end[tags.gather(1, (lengths - 1)[:, None]).squeeze(1)]
        alpha = start + emissions[:, 0]
        for step in range(1, emissions.shape[1]):
            following = torch.logsumexp(
                alpha[:, :, None] + transitions[None] + emissions[:, step, None, :], dim=1
            )
            alpha = torch.where(mask[:, step, None] > 0, following, alpha)
        return (torch.logsumexp(alpha + end, dim=1) - gold).sum()


def viterbi(
    emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray
) -> list[int]:
    best = emissions[0] + start
    back = []
    for row in emissions[1:]:
        candidates = best[:, None] + transitions
        back.append(candidates.argmax(0))
        best = candidates.max(0) + row
    best = best + end
    label = int(best.argmax())
    path = [label]
    for pointers in reversed(back):
        label = int(pointers[label])
        path.append(label)
    return path[::-1]


Encoded = tuple[list[int], list[list[int]], np.ndarray, list[int]]


def encode(
    sentence: TaggedSentence,
    resources: Resources,
    words: dict[str, int],
    chars: dict[str, int],
    labels: list[str],
) -> Encoded:
    tokens = [token_word(t) for t in sentence.tokens]
    index = {label: i for i, label in enumerate(labels)}
    return (
        [words.get(cluster_key(t), UNKNOWN) for t in tokens],
        [char_ids(t, chars) for t in tokens],
        resource_ids(tokens, resources),
        [index[tag] for tag in sentence.tags or ()],
    )


def jackknifed(
    name: str,
    train: dict[str, list[TaggedSentence]],
    mappings: dict[str, dict[str, str]],
    resources: Resources,
    encoder: Callable[[TaggedSentence, Resources], Encoded],
) -> list[Encoded]:
    """A corpus's sentences encoded with gazetteers built without their fold (as
    ``train_ner.featurise`` does for the CRF)."""
    target = train[name]
    others = [(train[o], mappings[o]) for o in DOMAINS if o != name]
    order = list(range(len(target)))
    random.Random(SEED).shuffle(order)
    fold_of = {index: position % train_ner.FOLDS for position, index in enumerate(order)}
    encoded: list[Encoded | None] = [None] * len(target)
    for fold in range(train_ner.FOLDS):
        rest = [s for i, s in enumerate(target) if fold_of[i] != fold]
        gazetteer = train_ner.build_gazetteer([*others, (rest, mappings[name])])
        folded = Resources(resources.clusters, resources.capitalised, gazetteer, resources.proper)
        for index, sentence in enumerate(target):
            if fold_of[index] == fold:
                encoded[index] = encoder(sentence, folded)
    return [e for e in encoded if e is not None]


def batch_tensors(items: list[Encoded]) -> tuple[torch.Tensor, ...]:
    steps = max(len(item[0]) for item in items)
    size = len(items)
    words = torch.zeros(size, steps, dtype=torch.long)
    chars = torch.zeros(size, steps, len(items[0][1][0]), dtype=torch.long)
    resources = torch.zeros(size, steps, 3, dtype=torch.long)
    tags = torch.zeros(size, steps, dtype=torch.long)
    mask = torch.zeros(size, steps)
    for row, (w, c, r, t) in enumerate(items):
        length = len(w)
        words[row, :length] = torch.tensor(w)
        chars[row, :length] = torch.tensor(c)
        resources[row, :length] = torch.from_numpy(r)
        if t:
            tags[row, :length] = torch.tensor(t)
        mask[row, :length] = 1
    lengths = torch.tensor([len(item[0]) for item in items])
    return words, chars, resources, tags, mask, lengths


def evaluate(
    network: Network,
    valid: dict[str, list[TaggedSentence]],
    encoded: dict[str, list[Encoded]],
    labels: dict[str, list[str]],
) -> dict[str, float]:
    network.eval()
    results = {}
    with torch.no_grad():
        for domain in DOMAINS:
            pairs = []
            transitions = network.transitions[domain].numpy().astype(np.float64)
            start = network.start[domain].numpy().astype(np.float64)
            end = network.end[domain].numpy().astype(np.float64)
            items = encoded[domain]
            for first in range(0, len(items), 64):
                chunk = items[first : first + 64]
                words, chars, resources, _, _, lengths = batch_tensors(chunk)
                emissions = network.emissions(words, chars, resources, lengths, domain).numpy()
                for row, item in enumerate(chunk):
                    path = viterbi(emissions[row, : len(item[0])], transitions, start, end)
                    gold = valid[domain][first + row].tags or ()
                    pairs.append((gold, [labels[domain][i] for i in path]))
            results[domain] = round(score(pairs).scores()[2], 2)
    network.train()
    return results


def combined_scores(
    directory: Path, valid: dict[str, list[TaggedSentence]], weight: float
) -> dict[str, float]:
    """Validation F1 of each CRF with the network's scores added (the shipped taggers)."""
    neural = NeuralTagger.load(directory / "neural.npz")
    resources = load_resources(directory)
    results = {}
    for domain in DOMAINS:
        tagger = Tagger(
            domain, resources, directory / f"{domain}.weights.gz", None, neural, domain, weight
        )
        scores = score((s.tags or (), tagger.tag(s.tokens)) for s in valid[domain])
        results[domain] = round(scores.scores()[2], 2)
        print(f"CRF + network ({weight}) on {domain} validation: {results[domain]}", flush=True)
    return results


def export(
    path: Path,
    network: Network,
    words: list[str],
    chars: list[str],
    labels: dict[str, list[str]],
) -> None:
    state = {k: v.detach().numpy() for k, v in network.state_dict().items()}
    arrays: dict[str, np.ndarray] = {
        "words": np.array(words),
        "chars": np.array(chars),
        "word_vectors": state["words.weight"].astype(np.float16),
        "char_vectors": state["chars.weight"],
        "char_conv": state["conv.weight"],
        "char_bias": state["conv.bias"],
        "domain_vectors": state["domains.weight"],
        "lstm_ih": state["lstm.weight_ih_l0"],
        "lstm_hh": state["lstm.weight_hh_l0"],
        "lstm_bias": state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"],
        "lstm_ih_reverse": state["lstm.weight_ih_l0_reverse"],
        "lstm_hh_reverse": state["lstm.weight_hh_l0_reverse"],
        "lstm_bias_reverse": state["lstm.bias_ih_l0_reverse"] + state["lstm.bias_hh_l0_reverse"],
    }
    for i in range(3):
        arrays[f"resource{i}"] = state[f"resources.{i}.weight"]
    for domain in DOMAINS:
        arrays[f"{domain}_labels"] = np.array(labels[domain])
        arrays[f"{domain}_out"] = state[f"out.{domain}.weight"]
        arrays[f"{domain}_out_bias"] = state[f"out.{domain}.bias"]
        arrays[f"{domain}_transitions"] = state[f"transitions.{domain}"]
        arrays[f"{domain}_start"] = state[f"start.{domain}"]
        arrays[f"{domain}_end"] = state[f"end.{domain}"]
    np.savez_compressed(path, **arrays)


def vocabulary(
    args: argparse.Namespace, train: dict[str, list[TaggedSentence]]
) -> tuple[np.ndarray, list[str], list[str]]:
    """The word vectors (row 0 padding, 1 unknown words), their words, and the characters
    seen twice in the training text."""
    vectors = word_vectors(args, train)
    words = ["<pad>", "<unknown>", *vectors.index_to_key]
    table = np.zeros((len(words), vectors.vector_size), np.float32)
    table[2:] = vectors.vectors
    counts: dict[str, int] = {}
    for name in DOMAINS:
        for sentence in train[name]:
            for token in sentence.tokens:
                for char in token_word(token)[:MAX_CHARS]:
                    counts[char] = counts.get(char, 0) + 1
    chars = ["<pad>", "<unknown>", *sorted(c for c, n in counts.items() if n >= 2)]
    return table, words, chars


def fit(
    network: Network,
    data: dict[str, list[Encoded]],
    args: argparse.Namespace,
    scores: Callable[[], dict[str, float]],
) -> None:
    """Adam on mini-batches of one corpus each, the corpora's batches shuffled together (the
    small corpora repeated ``--repeat`` times an epoch), the rate decaying by epoch; the
    network ends with the average of its last ``--average`` epochs' weights."""
    optimiser = torch.optim.Adam([p for p in network.parameters() if p.requires_grad], args.rate)
    repeat = dict.fromkeys(DOMAINS, 1) | dict.fromkeys(("nergrit", "idner"), args.repeat)
    rng = random.Random(SEED)
    summed: dict[str, torch.Tensor] = {}
    for epoch in range(1, args.epochs + 1):
        begun = time.perf_counter()
        for group in optimiser.param_groups:
            group["lr"] = args.rate / (1 + args.decay * (epoch - 1))
        batches = []
        for name in DOMAINS:
            for _ in range(repeat[name]):
                order = list(range(len(data[name])))
                rng.shuffle(order)
                batches += [
                    (name, [data[name][i] for i in order[k : k + args.batch]])
                    for k in range(0, len(order), args.batch)
                ]
        rng.shuffle(batches)
        total = 0.0
        for name, items in batches:
            words, chars, resources, tags, mask, lengths = batch_tensors(items)
            emissions = network.emissions(words, chars, resources, lengths, name)
            loss = network.loss(emissions, tags, mask, name)
            optimiser.zero_grad()
            (loss / len(items)).backward()
            nn.utils.clip_grad_norm_(network.parameters(), 5.0)
            optimiser.step()
            total += float(loss.detach())
        line = f"epoch {epoch}: loss {total:.0f} in {time.perf_counter() - begun:.0f}s"
        if args.evaluate:
            line += f"  validation {scores()}"
        print(line, flush=True)
        if epoch > args.epochs - args.average:
            for key, value in network.state_dict().items():
                summed[key] = summed.get(key, torch.zeros_like(value)) + value
    if summed:
        network.load_state_dict({k: v / min(args.average, args.epochs) for k, v in summed.items()})
        if args.evaluate:
            print(f"averaged: validation {scores()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "src/warta/lang/id/ner/data")
    parser.add_argument("--vectors", type=Path, help="keep the word2vec vectors in this file")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--rate", type=float, default=2e-3)
    parser.add_argument("--hidden", type=int, default=50)
    parser.add_argument("--char-dim", type=int, default=30)
    parser.add_argument("--char-filters", type=int, default=50)
    parser.add_argument("--dropout", type=float, default=0.5)
    parser.add_argument("--decay", type=float, default=0.05, help="rate / (1 + decay * epoch)")
    parser.add_argument("--repeat", type=int, default=2, help="NERGrit and IDNer, times an epoch")
    parser.add_argument("--average", type=int, default=5, help="average the last N epochs")
    parser.add_argument("--evaluate", action="store_true", help="score validation every epoch")
    parser.add_argument(
        "--weight", type=float, default=1.0, help="weight of the network's scores beside the CRF's"
    )
    parser.add_argument(
        "--news-weight", type=float, default=1.0, help="the same, for the articles' scheme"
    )
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    random.seed(SEED)

    corpora = train_ner.CORPORA
    train = {name: train_ner.load(args.data, files[0]) for name, files in corpora.items()}
    valid = {name: train_ner.load(args.data, files[1]) for name, files in corpora.items()}
    mappings = {name: train_ner.mapping_for(train[name]) for name in DOMAINS}
    labels = {
        name: ["O", *(f"{p}-{kind}" for kind in sorted(mappings[name]) for p in "BI")]
        for name in DOMAINS
    }
    resources = load_resources(args.out)  # written by train_ner.py
    table, words, chars = vocabulary(args, train)
    word_index = {w: i for i, w in enumerate(words)}
    char_index = {c: i for i, c in enumerate(chars)}
    data = {
        name: jackknifed(
            name, train, mappings, resources,
            lambda s, r, n=name: encode(s, r, word_index, char_index, labels[n]),
        )
        for name in DOMAINS
    }  # fmt: skip
    valid_encoded = {
        name: [encode(s, resources, word_index, char_index, labels[name]) for s in valid[name]]
        for name in DOMAINS
    }
    network = Network(table, len(chars), labels, args)
    fit(network, data, args, lambda: evaluate(network, valid, valid_encoded, labels))
    export(args.out / "neural.npz", network, words, chars, labels)
    entry: dict[str, object] = {
        "weights": dict.fromkeys(DOMAINS, args.weight) | {"news": args.news_weight},
        "seed": SEED, "epochs": args.epochs, "batch": args.batch, "rate": args.rate,
        "hidden": args.hidden, "char_dim": args.char_dim, "char_filters": args.char_filters,
        "dropout": args.dropout, "decay": args.decay, "repeat": args.repeat,
        "average": args.average,
    }  # fmt: skip
    entry["validation_f1"] = combined_scores(args.out, valid, args.weight)
    train_ner.write_manifest(args.out, "neural", entry)


if __name__ == "__main__":
    main()
