"""The NER layer: conlleval scoring, token-per-line files, the shipped taggers and their quality."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from threadpoolctl import threadpool_info, threadpool_limits

from tests.conftest import REPO, Warta
from warta.eval.ner import chunks, score
from warta.lang.id.ner import crf, neural
from warta.lang.id.ner.conll import read_conll
from warta.lang.id.ner.features import (
    Resources,
    cluster_key,
    gazetteer_tags,
    sentence_features,
    sentence_words,
    word_info,
    word_of,
    word_shape,
)
from warta.lang.id.ner.neural import char_ids
from warta.lang.id.ner.tagger import DATA, SCHEMES, tagger
from warta.lang.threads import THREAD_SETTINGS, keep_to_one_thread

NER_DATA = REPO.parent / "shared" / "data" / "ner"
VALIDATION = {
    "nerp": NER_DATA / "nerp" / "valid.tsv",
    "nergrit": NER_DATA / "nergrit" / "valid.tsv",
    "idner": NER_DATA / "idner-news-2k" / "dev.txt",
}


def test_chunks_follow_conlleval() -> None:
    assert chunks(["B-PER", "I-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]
    # A stray I- opens an entity; a change of type closes one.
    assert chunks(["O", "I-ORG", "I-ORG", "I-LOC"]) == [(1, 3, "ORG"), (3, 4, "LOC")]
    assert chunks(["B-PER", "B-PER"]) == [(0, 1, "PER"), (1, 2, "PER")]
    assert chunks(["O", "O"]) == []
    # BIOES: an E- ends the entity it continues, an S- is an entity alone.
    assert chunks(["B-PER", "E-PER", "S-LOC"]) == [(0, 2, "PER"), (2, 3, "LOC")]

    # An entity open at the end of the tags, or before a run of "O", ends there.
    assert chunks(["O", "B-PER", "I-PER"]) == [(1, 3, "PER")]
    assert chunks(["I-LOC", "O", "O", "I-LOC", "O"]) == [(0, 1, "LOC"), (3, 4, "LOC")]


def _conlleval_chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """conlleval's reading, tag by tag ("O" included), as ``chunks`` read it before it skipped
    the "O" tags."""
    found: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for index, tag in enumerate((*tags, "O")):
        prefix, _, label = tag.partition("-")
        prefix = prefix.upper()
        continues = prefix in {"I", "E"} and label == kind and start >= 0
        if start >= 0 and not continues:
            found.append((start, index, kind))
            start, kind = -1, ""
        if prefix in {"B", "I", "E", "S"} and label and not continues:
            start, kind = index, label
        if prefix in {"E", "S"} and start >= 0:
            found.append((start, index + 1, kind))
            start, kind = -1, ""
    return found


@given(
    st.lists(
        st.sampled_from(
            ["O", "O", "O", "o", "B-PER", "I-PER", "I-LOC", "E-PER", "S-LOC", "b-PER", "B", "X-Y"]
        ),
        max_size=12,
    )
)
def test_chunks_read_every_tag_as_conlleval(tags: list[str]) -> None:
    assert chunks(tags) == _conlleval_chunks(tags)


def test_scores_need_type_and_both_boundaries() -> None:
    result = score(
        [
            (["B-PER", "I-PER", "O", "B-LOC"], ["B-PER", "I-PER", "O", "B-ORG"]),
            (["B-ORG", "I-ORG"], ["B-ORG", "O"]),
        ]
    )
    precision, recall, f1 = result.scores()
    assert (precision, recall) == (pytest.approx(100 / 3), pytest.approx(100 / 3))
    assert f1 == pytest.approx(100 / 3)
    assert result.scores("PER") == (100.0, 100.0, 100.0)
    assert result.to_dict()["by_type"]["LOC"]["recall"] == 0.0


def test_reads_tab_and_space_separated_files() -> None:
    lines = ["Joko\tB-PER\n", "Widodo\tI-PER\n", "\n", "\n", "di ADP O\n", "Solo PROPN B-LOC\n"]
    sentences = list(read_conll(iter(lines)))
    assert [s.tokens for s in sentences] == [("Joko", "Widodo"), ("di", "Solo")]
    assert [s.tags for s in sentences] == [("B-PER", "I-PER"), ("O", "B-LOC")]
    assert sentences[1].line == 5
    with pytest.raises(ValueError, match="line 1"):
        list(read_conll(iter(["Joko\n"])))
    assert next(read_conll(iter(["Joko\n"]), tagged=False)).tags is None


def test_word_shapes() -> None:
    assert word_shape("Jakarta") == "Xx"
    assert word_shape("COVID-19") == "X-0"
    assert word_shape("1,5") == "0,0"
    assert word_shape("Jum'at") == "Xx'x"


def test_word_features_are_named_as_the_models_were_trained() -> None:
    """The names and their order are the shipped weights' (training wrote them with these)."""
    resources = Resources(
        clusters={"jakarta": ("c1", "c2", "c3", "c4")},
        capitalised={"jakarta": "3"},
        proper={"jakarta": "r2"},
    )
    info = word_info("Jakarta", resources)
    assert info.own == (
        "bias", "w=jakarta", "shape=Xx", "p2=ja", "p3=jak", "s2=ta", "s3=rta", "s4=arta",
        "cap=3", "c0=c1", "c1=c2", "c2=c3", "c3=c4", "title", "nnp=r2",
    )  # fmt: skip
    assert info.context == {
        -2: ("w-2=jakarta", "shape-2=Xx", "cap-2=3"),
        -1: ("w-1=jakarta", "shape-1=Xx", "cap-1=3", "c0-1=c1", "c1-1=c2", "c2-1=c3", "nnp-1=r2"),
        1: ("w1=jakarta", "shape1=Xx", "cap1=3", "c0+1=c1", "c1+1=c2", "c2+1=c3", "nnp+1=r2"),
        2: ("w2=jakarta", "shape2=Xx", "cap2=3"),
    }
    assert list(info.context) == [-2, -1, 1, 2]
    bare = word_info("di", Resources())
    assert bare.own == (
        "bias", "w=di", "shape=x", "p2=di", "p3=di", "s2=di", "s3=di", "s4=di", "cap=?",
    )  # fmt: skip
    assert bare.context[-1] == ("w-1=di", "shape-1=x", "cap-1=?")


@given(st.lists(st.text(min_size=1, max_size=12).filter(lambda t: t.strip()), max_size=30))
def test_features_never_fail(tokens: list[str]) -> None:
    resources = Resources(gazetteer={("jakarta",): "LOC"})
    features = sentence_features(tokens, resources)
    assert len(features) == len(tokens)
    assert all("bias" in f and len(f) == len(set(f)) for f in features)


def test_gazetteer_marks_the_longest_match() -> None:
    resources = Resources(gazetteer={("amerika",): "LOC", ("amerika", "serikat"): "LOC"})
    features = sentence_features(["ke", "Amerika", "Serikat"], resources)
    assert "gz=B-LOC" in features[1] and "gz=I-LOC" in features[2]
    resources = Resources(
        gazetteer={
            ("bank",): "ORG",
            ("bank", "dunia", "asia", "timur"): "ORG",
            ("dunia",): "LOC",
            ("asia", "timur"): "LOC",
            ("jl.",): "LOC",
        }
    )
    # The longest entry that the words make, not one they only begin; a match ends at the
    # sentence's end; the words as the features read them.
    tokens = ["Bank", "Dunia", "Asia", "Timur", "Bank", "Dunia", "Asia", "Jl..", "Bank"]
    assert gazetteer_tags(tokens, resources) == [
        "B-ORG", "I-ORG", "I-ORG", "I-ORG", "B-ORG", "B-LOC", "", "B-LOC", "B-ORG",
    ]  # fmt: skip
    assert gazetteer_tags(["Asia", "Timur"], resources) == ["B-LOC", "I-LOC"]
    assert gazetteer_tags(["Asia"], resources) == [""]


@given(st.lists(st.lists(st.sampled_from(["Bank", "dunia", "Jl.", ".", "Asia.", "x"])), max_size=5))
def test_sentence_words_read_each_sentence_as_the_features_do(sentences: list[list[str]]) -> None:
    resources = Resources(gazetteer={("bank", "dunia"): "ORG", ("jl",): "LOC", ("asia",): "LOC"})
    read = sentence_words(sentences, resources)
    words = [word_of(token) for tokens in sentences for token in tokens]
    assert read.words == words
    assert read.lowered == [word.lower() for word in words]
    assert read.lengths == [len(tokens) for tokens in sentences]
    tags = [tag for tokens in sentences for tag in gazetteer_tags(tokens, resources)]
    assert read.gazetteer == tags
    given_tags = [gazetteer_tags(tokens, resources) for tokens in sentences]
    assert sentence_words(sentences, resources, given_tags) == read


SENTENCE = "Presiden Joko Widodo bertemu Menteri Luar Negeri Retno Marsudi di Jakarta .".split()  # noqa: SIM905


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_each_scheme_writes_its_own_tags(scheme: str) -> None:
    tags = tagger(scheme).tag(SENTENCE)
    allowed = {"O"} | {f"{p}-{t}" for p in "BI" for t in SCHEMES[scheme]}
    assert set(tags) <= allowed
    person = next(t for t in SCHEMES[scheme] if t in {"PPL", "PERSON", "PER"})
    assert tags[1:3] == [f"B-{person}", f"I-{person}"]


def test_sentences_tagged_together_get_the_tags_they_get_alone() -> None:
    ner = tagger("nergrit")
    other = ["Ia", "tiba", "di", "Bandung", ",", "Jawa", "Barat", "."]
    sentences = [SENTENCE, [], SENTENCE[:3], other, ["."]]
    assert ner.tag_many(sentences) == [ner.tag(sentence) for sentence in sentences]
    assert ner.tag_many([]) == []
    # A long sentence is read in pieces and decoded alone; the result does not depend on it.
    long = SENTENCE * 50
    assert ner.tag_many([long, SENTENCE]) == [ner.tag(long), ner.tag(SENTENCE)]
    assert ner.tag(long)[1:3] == ner.tag(SENTENCE)[1:3]


@pytest.mark.parametrize("chunk", [1, 5, crf.CHUNK])
def test_crf_scores_each_token_with_the_sum_of_its_features(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CRF's scores (word rows cached, context added by offset, the sentence's features
    one at a time for all tokens, the article's tokens in chunks) are what the training
    side's feature names give, summed one by one."""
    monkeypatch.setattr(crf, "CHUNK", chunk)
    labels = ["O", "B-PER", "I-PER"]
    resources = Resources(
        gazetteer={("jakarta",): "LOC", ("jakarta", "utara"): "LOC", ("joko", "widodo"): "PER"}
    )
    sentences = [
        SENTENCE,
        [],
        ["Jl.", "Sudirman", "di", "Jakarta"],
        ["Jakarta"],
        SENTENCE[:4],
        ["di", "|", "a|b", "jakarta", "utara"],  # no capital; words that hold a "|"
        ["Jakarta", "Utara", "|"],
    ]
    names = sorted({n for s in sentences if s for f in sentence_features(s, resources) for n in f})
    rng = np.random.default_rng(7)
    # Every other feature has weights, and every bigram of a word with a "|"; the rest are
    # unknown to the model.
    weights = {
        name: list(rng.normal(size=len(labels)))
        for index, name in enumerate(names)
        if index % 2 == 0 or name.partition("=")[2].count("|") > 1
    }
    model = crf.LinearChainCRF(labels, [[0.0] * 3] * 3, weights)
    cuts = np.cumsum([len(sentence) for sentence in sentences])[:-1]
    scores = np.split(model.emissions_joined(sentences, resources), cuts)
    again = np.split(model.emissions_joined(sentences, resources), cuts)  # the words now cached
    for sentence, found, cached in zip(sentences, scores, again, strict=True):
        expected = [
            np.sum([weights[n] for n in features if n in weights], axis=0)
            for features in sentence_features(sentence, resources)
        ]
        assert found.shape == cached.shape == (len(sentence), len(labels))
        assert np.allclose(found, np.reshape(expected, found.shape))
        assert np.allclose(cached, found)


def test_crf_load_reads_every_features_weights(tmp_path: Path) -> None:
    """The weight file's numbers, read all at once, are the rows a model made from the same
    weights by name has, to the last bit; weights of a label the model has not are refused."""
    lines = ["O\tB-X", "0.5\t-1.0", "0.25\t0.1", "bias\t0:0.1 1:-0.2"]
    lines += ["w=jakarta\t1:3.5", "w-1|w=di|jakarta\t0:-0.0 1:0.30000000000000004", ""]
    path = tmp_path / "model.weights.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    model = crf.LinearChainCRF.load(path)
    weights = {"bias": [0.1, -0.2], "w=jakarta": [0.0, 3.5]}
    weights["w-1|w=di|jakarta"] = [-0.0, 0.30000000000000004]
    named = crf.LinearChainCRF(["O", "B-X"], [[0.5, -1.0], [0.25, 0.1]], weights)
    assert model.labels == named.labels and model.transitions == named.transitions
    assert model._ids == named._ids and model._pairs == named._pairs == {("di", "jakarta"): 1}
    assert model._weights.tobytes() == named._weights.tobytes()
    assert model._pair_rows.tolist() == named._pair_rows.tolist() == [[3, 3], [2, 3]]
    path.write_bytes(gzip.compress("\n".join([*lines[:3], "bias\t0:0.1 2:0.3"]).encode()))
    with pytest.raises(ValueError, match="label:weight pairs of 2 labels"):
        crf.LinearChainCRF.load(path)


def _rows_from_names(
    model: crf.LinearChainCRF, words: list[str], resources: Resources
) -> np.ndarray:
    """Each word's rows [words, 1 + offsets, labels] as the CRF once made them: word_info's
    names looked up one by one, each group's known rows summed in one call after the zero
    row."""
    ids, zero = model._ids, len(model._weights) - 1
    gathered: list[int] = []
    starts: list[int] = []
    for word in words:
        info = word_info(word, resources)
        for names in (info.own, *(info.context[offset] for offset in (-2, -1, 1, 2))):
            starts.append(len(gathered))
            gathered += [zero, *(ids[name] for name in names if name in ids)]
    sums = np.add.reduceat(model._weights[gathered], starts, axis=0)
    return sums.reshape(len(words), 5, len(model.labels))


ODD_WORDS = ["", "x", "É", "ÀbC", "Jl", "COVID-19", "1,5", "a=b", "=", "w=", "ǅ", "İstanbul"]


@pytest.mark.parametrize("with_resources", [True, False])
def test_crf_word_rows_are_word_infos_to_the_last_bit(with_resources: bool) -> None:
    """The CRF finds a new word's features a template at a time for many words; their sums
    are those of word_info's names, bit for bit (a different order of the same sums changes
    the last bits, and so may change a tag)."""
    shipped = tagger("news")
    resources = shipped.resources if with_resources else Resources()
    model = crf.LinearChainCRF.load(DATA / "nergrit.weights.gz")  # its own cache
    words = [*SENTENCE, *(w.lower() for w in SENTENCE), *ODD_WORDS, "Rupiah", "dikatakannya"]
    words += list(itertools.islice(shipped.resources.clusters, 0, 3000, 30))
    found = model._word_rows(words, resources)
    assert found.shape == (len(words), 5, len(model.labels))
    assert found.tobytes() == _rows_from_names(model, words, resources).tobytes()
    # Every feature with a row, so that groups of eight rows or more are common.
    infos = [word_info(word, resources) for word in words]
    names = {n for i in infos for f in (i.own, *i.context.values()) for n in f}
    rng = np.random.default_rng(3)
    dense = crf.LinearChainCRF(
        ["O", "B"], [[0.0] * 2] * 2, {n: list(rng.normal(size=2)) for n in names}
    )
    assert (
        dense._word_rows(words, resources).tobytes()
        == _rows_from_names(dense, words, resources).tobytes()
    )


def _lstm_alone(network: neural.NeuralTagger, inputs: np.ndarray) -> np.ndarray:
    """One sentence's hidden states [tokens, 2h] from its input layers [tokens, 2 * 4h], token
    by token in each direction, as the network is written (its gates scaled at load: the
    sigmoids are 1 / (1 + exp(x)), the candidate's tanh 2 / (1 + exp(x)) - 1)."""
    size = network.hidden
    states = np.zeros((len(inputs), 2 * size), np.float32)
    for direction, order in enumerate([range(len(inputs)), reversed(range(len(inputs)))]):
        h = np.zeros(size, np.float32)
        c = np.zeros(size, np.float32)
        for token in order:
            part = inputs[token, 4 * size * direction : 4 * size * (direction + 1)]
            gates = 1.0 / (1.0 + np.exp(h @ network.recurrent[direction] + part))
            entry, forget, output = gates[:size], gates[size : 2 * size], gates[3 * size :]
            c = forget * c + entry * (2.0 * gates[2 * size : 3 * size] - 1.0)
            h = output * np.tanh(c)
            states[token, size * direction : size * (direction + 1)] = h
    return states


def test_neural_reads_sentences_packed_together_as_each_alone() -> None:
    """Sentences packed into rows (end to end, the backward direction in the same slots, read
    back in token order) get each the states the network gives that sentence alone, token by
    token (to float32's rounding: a row of a matrix product may differ in its last bits with
    the rows beside it)."""
    network = tagger("news")._neural
    assert network is not None
    lengths = [3, 7, 1, 4, 7, 2]
    rng = np.random.default_rng(5)
    inputs = rng.normal(size=(sum(lengths) + 1, 8 * network.hidden)).astype(np.float32)
    inputs[-1] = 0.0  # the padding row
    together = network._bilstm(inputs, lengths)
    assert together.shape == (sum(lengths), 2 * network.hidden)
    first = 0
    for length in lengths:
        alone = _lstm_alone(network, inputs[first : first + length])
        assert np.allclose(together[first : first + length], alone, atol=1e-6)
        first += length


def test_neural_reads_a_words_characters_and_parts_as_training_does() -> None:
    """The network's character ids of many words at once are :func:`neural.char_ids`' of each,
    and a word's input-layer part is what the character CNN and the word vector give, with
    the bias added per window as the network is written, to the last bit. A network of its
    own: the shared one may hold some of the words already, computed among other new words,
    and a row of a matrix product can differ in its last bits with the rows beside it."""
    network = neural.NeuralTagger.load(DATA / "neural.npz")
    words = [*SENTENCE, *ODD_WORDS, "a" * 40, "\U0001f600x", "\ud800a", "Ｊａｋａｒｔａ", "\x00"]
    assert network._char_ids(words).tolist() == [char_ids(w, network.chars) for w in words]
    ids = np.array([char_ids(w, network.chars) for w in words])
    half = network.conv_width // 2
    padded = np.pad(network.char_vectors[ids], ((0, 0), (half, half), (0, 0)))
    windows = np.concatenate(
        [padded[:, k : k + neural.MAX_CHARS] for k in range(network.conv_width)], axis=2
    )
    characters = (windows @ network.char_conv + network.char_bias).max(axis=1)
    vectors = network.word_vectors[[network.words.get(cluster_key(w), 1) for w in words]]
    expected = np.concatenate([vectors, characters], axis=1) @ network.word_weights
    rows = network._word_rows(words, Resources())
    assert network._parts[rows].tobytes() == expected.tobytes()


def _best_path(
    emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray
) -> list[int]:
    """The best label path by trying every one."""
    paths = itertools.product(range(transitions.shape[0]), repeat=len(emissions))

    def score(path: tuple[int, ...]) -> float:
        inner = sum(transitions[a, b] for a, b in itertools.pairwise(path))
        return start[path[0]] + sum(emissions[range(len(path)), path]) + inner + end[path[-1]]

    return list(max(paths, key=score))


@given(st.lists(st.integers(1, 4), min_size=1, max_size=6), st.integers(0, 2**32 - 1))
def test_viterbi_finds_each_sentences_best_path_in_a_batch(lengths: list[int], seed: int) -> None:
    """Sentences of any lengths in any order, decoded in one batch, get each its best path."""
    rng = np.random.default_rng(seed)
    labels = 3
    emissions = [rng.normal(size=(length, labels)) for length in lengths]
    transitions, start, end = rng.normal(size=(labels, labels)), *rng.normal(size=(2, labels))
    expected = [_best_path(e, transitions, start, end) for e in emissions]
    assert crf.viterbi(emissions, transitions, start, end) == expected
    assert [crf.viterbi([e], transitions, start, end)[0] for e in emissions] == expected


def test_models_fit_in_the_package_budget() -> None:
    size = sum(path.stat().st_size for path in DATA.iterdir())
    assert size <= 50 * 1024 * 1024


# Entity F1 on each data set's validation split; measured at the commit that shipped the models
# (docs/ner.md). Floors may only rise.
F1_FLOORS = {"nerp": 80.3, "nergrit": 78.4, "idner": 88.0}


@pytest.mark.parametrize("scheme", sorted(VALIDATION))
def test_validation_f1_floors(scheme: str, warta: Warta) -> None:
    if not VALIDATION[scheme].exists():
        pytest.skip("../shared/data is not beside this checkout")
    result = warta("eval", "ner", "--scheme", scheme, str(VALIDATION[scheme]), "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["f1"] >= F1_FLOORS[scheme]


def _blas_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_numpy_runs_one_blas_thread_unless_the_user_sized_the_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _blas_threads(), "NumPy's BLAS is loaded"
    with threadpool_limits(2):
        before = _blas_threads()
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
        keep_to_one_thread()
        assert _blas_threads() == before  # the user's choice stands
        for name in THREAD_SETTINGS:
            monkeypatch.delenv(name, raising=False)
        keep_to_one_thread()
        assert _blas_threads() == {1}


def test_tags_do_not_depend_on_how_many_words_the_taggers_keep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ner = tagger("news")
    texts = (
        "Presiden Joko Widodo meresmikan Bendungan Sindangheula di Serang , Banten .",
        "Menteri Keuangan Sri Mulyani Indrawati bertemu Gubernur Bank Indonesia .",
        "Persib Bandung menang 2-1 atas Persija Jakarta di Stadion Si Jalak Harupat .",
    )
    sentences = [text.split() for text in texts]
    expected = ner.tag_many(sentences)
    assert ner._neural is not None
    monkeypatch.setattr(crf, "MAX_CACHED_WORDS", 4)
    monkeypatch.setattr(neural, "MAX_CACHED_WORDS", 4)
    ner._crf._index.clear()
    ner._neural._rows.clear()
    # every call now finds its words evicted, or evicts those of the call before
    assert ner.tag_many(sentences) == expected
    assert ner.tag_many(sentences[::-1]) == expected[::-1]
    assert ner.tag_many(sentences) == expected
    longest = max(len(sentence) for sentence in sentences) * len(sentences)
    assert len(ner._crf._index) <= longest
    assert len(ner._neural._rows) <= longest
