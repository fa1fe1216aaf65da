"""Entities in articles: mentions with offsets and roles, canonical names inside an article and
across the store, and the ``warta entities`` / ``tag`` / ``eval ner`` commands."""

from __future__ import annotations

import json
import sys
from collections import ChainMap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, Warta, load_bench, undo_entity_counts, undo_entity_days
from warta.analyze import analyze
from warta.analyze.entities import _LETTER_OR_DIGIT, _abbreviation_type, _PlacesFirst
from warta.corpus import entities as corpus_entities
from warta.ingest import read_inputs
from warta.lang.id.ner import tagger as ner_tagger
from warta.lang.id.roles import role_length
from warta.model import Article, EntityMention, RawDocument
from warta.records import EntityQuery, Store

GOLD = REPO.parent / "shared" / "gold" / "samples.json"
SAMPLES = REPO / "src" / "warta" / "samples"


def _analyzed_samples() -> list[Article]:
    items = list(read_inputs([str(SAMPLES)]))
    assert all(isinstance(item, RawDocument) for item in items)
    return [analyze(item) for item in items if isinstance(item, RawDocument)]


def _article(text: str) -> Article:
    return analyze(RawDocument(origin="test.txt", format="text", text=text))


def test_mentions_point_at_their_text() -> None:
    for article in _analyzed_samples():
        assert article.entities
        for mention in article.entities:
            assert article.body[mention.paragraph][mention.start : mention.end] == mention.text
            assert mention.type in {"PERSON", "ORG", "LOC"}


def test_titles_are_roles_not_names() -> None:
    mentions = [m for article in _analyzed_samples() for m in article.entities]
    for mention in mentions:
        assert role_length(mention.canonical.split()[:1]) == 0, mention
    roles = {(m.canonical, m.role) for m in mentions if m.role}
    assert ("Vladimir Putin", "Presiden Rusia") in roles
    assert ("Sergey Lavrov", "Menteri Luar Negeri Rusia") in roles


def test_an_age_in_brackets_makes_a_tagged_name_a_person() -> None:
    from warta.analyze.entities import _aged

    words = [
        "warga",
        "Kecamatan",
        "Tarogong",
        "Kidul",
        ",",
        "Enah",
        "(",
        "54",
        ")",
        ",",
        "Garut",
        "(",
        "2",
        ")",
        "dan",
        "Enah",
        "(",
        "2021",
        ")",
    ]
    gazetteer = {("garut",): "LOC"}
    found = [(1, 4, "LOC"), (5, 6, "LOC"), (10, 11, "LOC"), (15, 16, "LOC")]
    assert _aged(words, found, gazetteer) == [
        (1, 4, "LOC"),  # no age after it
        (5, 6, "PERSON"),  # "Enah (54)": an age, which a place never has
        (10, 11, "LOC"),  # "Garut (2)": a known place keeps its type
        (15, 16, "LOC"),  # "(2021)" is no age
    ]


def test_common_words_opening_a_name_with_no_body_after_them_are_the_names_own() -> None:
    article = _article("Hal tersebut diutarakan manajer Ezra, Wide Putra Ananda, kepada wartawan.")
    found = {m.text: (m.type, m.role) for m in article.entities}
    assert found["Wide Putra Ananda"] == ("PERSON", None)  # not "Ananda", role "Wide Putra"


def test_short_names_take_the_full_name_in_the_article() -> None:
    article = _article(
        "Presiden Rusia Vladimir Putin bertemu Presiden AS Joe Biden di Jenewa pada Selasa.\n"
        "Putin mengatakan pertemuan itu penting. Presiden Biden tidak menjawab.\n"
        "Amerika Serikat (AS) dan Rusia sepakat berunding lagi."
    )
    canonical = {m.text: (m.type, m.canonical) for m in article.entities}
    assert canonical["Putin"] == ("PERSON", "Vladimir Putin")
    assert canonical["Biden"] == ("PERSON", "Joe Biden")
    assert canonical["AS"] == ("LOC", "Amerika Serikat")


def test_a_name_written_one_letter_wrong_is_the_person_the_article_names() -> None:
    """ "Arifi menjelaskan" after "Arifin Hadi": a letter left out of the one name near it
    (the quote after it went to "Arifi"). A nickname of another person's name is no such
    misspelling ("Marcell" of "Marcelino", not "Marcelle"), nor is a short name ("Andi")."""
    article = _article(
        "Kepala Dinas Perumahan DKI Arifin Hadi meninjau rumah warga di Jelambar.\n"
        "Arifi menjelaskan, pihaknya tidak akan sembarangan memperbaiki rumah warga.\n"
        "Aktor Marcelino Lefrandt berlibur bersama putrinya, Marcelle Brinette Renee Lefrandt.\n"
        "Marcell mengatakan anak-anaknya yang memilih Manado.\n"
        "Wartawan Andri Setiawan bertemu Andi di Bogor."
    )
    canonical = {m.text: m.canonical for m in article.entities if m.type == "PERSON"}
    assert canonical["Arifi"] == "Arifin Hadi"
    assert canonical.get("Marcell", "Marcell") in {"Marcell", "Marcelino Lefrandt"}
    assert canonical.get("Andi", "Andi") == "Andi"


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold is not beside this checkout")
def test_every_gold_person_is_found_with_its_canonical_name(warta: Warta) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["entities"]["PERSON"]
    assert warta("ingest", SAMPLES).returncode == 0
    result = warta("entities", "--type", "PERSON", "--format", "json")
    assert result.returncode == 0, result.stderr
    found = {entity["canonical"]: entity for entity in result.json()}
    for name, aliases in gold.items():
        assert name in found, (name, sorted(found))
        written = {name, *found[name]["aliases"]}
        assert {a for a in aliases if " " not in a or a.split()[0] != "Presiden"} <= written


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


LAVROV = [
    {"id": "a1", "published": "2022-01-10", "outlet": "a.example",
     "text": "Menteri Luar Negeri Rusia Sergei Lavrov bertemu Menteri Luar Negeri AS Antony Blinken di Jenewa. Lavrov menyebut pertemuan itu berguna."},
    {"id": "a2", "published": "2022-01-11", "outlet": "b.example",
     "text": "Sergey Lavrov mengatakan Rusia tidak akan menyerang Ukraina. Menurut Lavrov, NATO harus mundur."},
]  # fmt: skip
PUTIN = [
    {"id": "p1", "published": "2021-12-01", "outlet": "a.example",
     "text": "Putin mengatakan Rusia siap berunding dengan Washington pekan depan."},
    {"id": "p2", "published": "2021-12-02", "outlet": "b.example",
     "text": "Presiden Rusia Vladimir Putin berbicara dengan Presiden AS Joe Biden lewat video."},
    {"id": "p3", "published": "2021-12-03", "outlet": "c.example",
     "text": "Vladimir Putin tiba di Jenewa. Putin disambut pejabat Swiss."},
]  # fmt: skip


def _people(warta: Warta, *args: str) -> dict[str, dict[str, Any]]:
    result = warta("entities", "--type", "PERSON", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return {entity["canonical"]: entity for entity in result.json()}


def test_spellings_of_a_name_are_one_entity_across_articles(warta: Warta, tmp_path: Path) -> None:
    assert warta("ingest", _jsonl(tmp_path / "in.jsonl", LAVROV)).returncode == 0
    people = _people(warta)
    lavrov = people.get("Sergei Lavrov") or people["Sergey Lavrov"]
    assert {"Sergei Lavrov", "Sergey Lavrov"} <= {lavrov["canonical"], *lavrov["aliases"]}
    assert lavrov["articles"] == 2
    assert not {"Sergei Lavrov", "Sergey Lavrov"} <= set(people)


def test_a_name_with_a_leading_initial_is_the_same_person(warta: Warta, tmp_path: Path) -> None:
    """ "M Jusuf Kalla" is "Jusuf Kalla" (the initial of a given name one article leaves out);
    "Iriana Joko Widodo", whose first word is a name, stays another person."""
    records = [
        {"id": "k1", "published": "2022-01-10", "outlet": "a.example",
         "text": "Wakil Presiden M Jusuf Kalla membuka rapat kerja di Jakarta pada Senin."},
        {"id": "k2", "published": "2022-01-11", "outlet": "b.example",
         "text": "Jusuf Kalla meminta semua pihak menahan diri. Kalla berbicara di Makassar."},
        {"id": "k3", "published": "2022-01-12", "outlet": "c.example",
         "text": "Presiden Joko Widodo dan Ibu Negara Iriana Joko Widodo tiba di Bogor. Joko "
                 "Widodo lalu meninjau pasar."},
    ]  # fmt: skip
    assert warta("ingest", _jsonl(tmp_path / "in.jsonl", records)).returncode == 0
    people = _people(warta)
    kalla = people.get("Jusuf Kalla") or people["M Jusuf Kalla"]
    assert {"Jusuf Kalla", "M Jusuf Kalla"} <= {kalla["canonical"], *kalla["aliases"]}
    assert kalla["articles"] == 2
    assert "Iriana Joko Widodo" in people and "Joko Widodo" in people


@pytest.mark.parametrize("order", [[0, 1], [1, 0]])
def test_a_short_form_joins_the_full_name_once_an_article_gives_both(
    warta: Warta, tmp_path: Path, order: list[int]
) -> None:
    for index in order:
        path = _jsonl(tmp_path / f"in{index}.jsonl", [PUTIN[index]])
        assert warta("ingest", path).returncode == 0
    # No text says yet that this "Putin" is Vladimir Putin: an alias needs evidence.
    assert {"Putin", "Vladimir Putin"} <= set(_people(warta))
    assert warta("ingest", _jsonl(tmp_path / "both.jsonl", [PUTIN[2]])).returncode == 0
    people = _people(warta)
    assert "Putin" not in people
    assert people["Vladimir Putin"]["articles"] == 3
    assert "Putin" in people["Vladimir Putin"]["aliases"]


def test_counts_follow_the_latest_analysis(warta: Warta, tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl", LAVROV)
    assert warta("ingest", path).returncode == 0
    before = _people(warta)
    assert warta("ingest", path).returncode == 0  # re-ingest: nothing counted twice
    assert _people(warta) == before
    changed = [LAVROV[0], {**LAVROV[1], "text": "Rusia dan Ukraina tidak bertemu pekan ini."}]
    assert warta("ingest", _jsonl(tmp_path / "changed.jsonl", changed)).returncode == 0
    lavrov = next(e for e in _people(warta).values() if e["canonical"].endswith("Lavrov"))
    assert lavrov["articles"] == 1


def test_entity_filters(warta: Warta, tmp_path: Path) -> None:
    assert warta("ingest", _jsonl(tmp_path / "in.jsonl", LAVROV + PUTIN)).returncode == 0
    assert set(_people(warta, "--outlet", "b.example")) >= {"Sergey Lavrov", "Vladimir Putin"} - {
        "Sergey Lavrov"
    }
    since = _people(warta, "--since", "2022-01-01")
    assert "Vladimir Putin" not in since and any(n.endswith("Lavrov") for n in since)
    by_alias = warta("entities", "--name", "as", "--format", "json").json()
    assert [e["canonical"] for e in by_alias] == ["Amerika Serikat"]
    text = warta("entities", "--limit", "2")
    assert text.returncode == 0 and len(text.stdout.splitlines()) == 2
    csv = warta("entities", "--format", "csv")
    assert csv.stdout.splitlines()[0] == "id,type,canonical,aliases,mentions,articles"
    bad = warta("entities", "--since", "yesterday")
    assert bad.returncode == 2 and "--since" in bad.stderr


def test_tag_writes_token_tab_tag(warta: Warta, tmp_path: Path) -> None:
    path = tmp_path / "tokens.txt"
    path.write_text("Joko\nWidodo\nke\nSurabaya\n\nIa\npulang\n", encoding="utf-8")
    result = warta("tag", "--scheme", "idner", path)
    assert result.returncode == 0, result.stderr
    sentences = result.stdout.strip("\n").split("\n\n")
    first = [line.split("\t") for line in sentences[0].splitlines()]
    assert [token for token, _ in first] == ["Joko", "Widodo", "ke", "Surabaya"]
    assert [tag for _, tag in first] == ["B-PER", "I-PER", "O", "B-LOC"]
    assert len(sentences) == 2
    piped = warta("tag", "--scheme", "nergrit", "-", stdin=path.read_bytes())
    assert piped.stdout.splitlines()[0] == "Joko\tB-PERSON"


def test_eval_ner_scores_a_gold_file(warta: Warta, tmp_path: Path) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "Joko\tB-PER\nWidodo\tI-PER\nke\tO\nSurabaya\tB-LOC\n\nkata\tO\nBudi\tB-ORG\n",
        encoding="utf-8",
    )
    result = warta("eval", "ner", "--scheme", "idner", gold, "--format", "json")
    assert result.returncode == 0, result.stderr
    scores = result.json()
    assert scores["entities"] == 3 and scores["by_type"]["PER"]["recall"] == 100.0
    # "Budi" is a person where this gold says ORG: a PER too many, an ORG missed.
    assert scores["by_type"]["PER"]["precision"] == 50.0
    assert scores["by_type"]["ORG"]["recall"] == 0.0
    text = warta("eval", "ner", "--scheme", "idner", gold)
    assert "precision" in text.stdout and "PER" in text.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"Joko\n", "line 1: no tag column"), (b"\xff\xfe\x00J", "not UTF-8")],
)
def test_eval_ner_refuses_bad_files(
    warta: Warta, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.tsv"
    path.write_bytes(content)
    result = warta("eval", "ner", "--scheme", "idner", path)
    assert result.returncode == 2 and message in result.stderr and str(path) in result.stderr


def test_tag_refuses_undecodable_stdin(warta: Warta) -> None:
    result = warta("tag", "-", stdin=b"Joko\n\xff\n")
    assert result.returncode == 2 and "standard input: not UTF-8" in result.stderr


def test_roles_survive_a_bracketed_nickname() -> None:
    article = _article("Presiden Joko Widodo (Jokowi) meresmikan jalan tol di Semarang.")
    people = [(m.text, m.canonical, m.role) for m in article.entities if m.type == "PERSON"]
    # "Jokowi" is the name every reader knows Joko Widodo by (the known-name table).
    assert people == [("Joko Widodo", "Joko Widodo", "Presiden"), ("Jokowi", "Joko Widodo", None)]


def test_unknown_scheme_and_missing_file(warta: Warta, tmp_path: Path) -> None:
    result = warta("tag", "--scheme", "conll", tmp_path / "x.txt")
    assert result.returncode == 2 and "unknown scheme" in result.stderr
    result = warta("tag", tmp_path / "missing.txt")
    assert result.returncode == 2 and "no such file" in result.stderr


def _stored(store: Store, article_id: str, names: list[tuple[str, str]]) -> None:
    """Store an article whose analysis found these (type, name) mentions."""
    _stored_as(store, article_id, [(kind, name, name) for kind, name in names])


def test_a_place_is_not_swallowed_by_a_person_sharing_a_word(tmp_path: Path) -> None:
    from warta.store import SQLiteStore

    with SQLiteStore(tmp_path / "w.db") as store:
        _stored(store, "a", [("LOC", "Indonesia"), ("LOC", "Indonesia")])
        _stored(store, "b", [("PERSON", "Timnas Indonesia")])
        _stored(store, "c", [("LOC", "Indonesia")])
        found = {(e.type, e.canonical): e.mentions for e in store.list_entities()}
    assert found == {("LOC", "Indonesia"): 3, ("PERSON", "Timnas Indonesia"): 1}


def _stored_as(store: Store, article_id: str, names: list[tuple[str, str, str]]) -> None:
    """Store an article whose analysis found these (type, written, canonical) mentions."""
    mentions = [EntityMention(text, kind, name, 0, 0, len(text)) for kind, text, name in names]
    article = Article(id=article_id, body=["x"], entities=mentions, content_hash=article_id)
    raw = RawDocument(origin=f"{article_id}.txt", format="text", text=article_id)
    assert store.write([(article, raw)], []) == ["added"]


def test_an_alias_is_listed_once_whatever_its_case(tmp_path: Path) -> None:
    """ "AS" and "As", "Bali" and "bali": one name written in other cases is one alias, in the
    form most articles wrote, and the canonical name in another case is no alias at all."""
    from warta.store import SQLiteStore

    usa = ("LOC", "Amerika Serikat", "Amerika Serikat")
    with SQLiteStore(tmp_path / "w.db") as store:
        for article in "abc":
            _stored_as(store, article, [usa, ("LOC", "AS", usa[2])])
        _stored_as(store, "d", [usa, ("LOC", "As", usa[2]), ("LOC", "amerika serikat", usa[2])])
        _stored_as(store, "e", [usa, ("LOC", "Amerika", usa[2])])
        found = {e.canonical: e.aliases for e in store.list_entities()}
    assert found == {"Amerika Serikat": ["AS", "Amerika"]}


def test_a_one_word_name_goes_to_the_one_person_an_article_gave_it(tmp_path: Path) -> None:
    from warta.store import SQLiteStore

    vladimir = ("PERSON", "Vladimir Putin", "Vladimir Putin")
    with SQLiteStore(tmp_path / "w.db") as store:
        _stored_as(store, "a", [vladimir, ("PERSON", "Putin", "Vladimir Putin")])
        _stored(store, "b", [("PERSON", "Putin")])
        found = {e.canonical: e.mentions for e in store.list_entities()}
        assert found == {"Vladimir Putin": 3}
        # Once another Putin is written "Putin" too, the short form is ambiguous: a later
        # article's lone "Putin" goes to neither.
        lyudmila = ("PERSON", "Lyudmila Putin", "Lyudmila Putin")
        _stored_as(store, "c", [lyudmila, ("PERSON", "Putin", "Lyudmila Putin")])
        _stored(store, "d", [("PERSON", "Putin")])
        found = {e.canonical: e.mentions for e in store.list_entities()}
    assert found == {"Vladimir Putin": 3, "Lyudmila Putin": 2, "Putin": 1}


def test_two_bodies_one_acronym_stands_for_stay_two(tmp_path: Path) -> None:
    """PBB is the United Nations (Perserikatan Bangsa-Bangsa) and a party (Partai Bulan
    Bintang): an article defining it for the party does not make the party the UN. A body
    stored first under its acronym, or a spelling of the same name, still joins."""
    from warta.corpus.entities import same_expansion
    from warta.store import SQLiteStore

    un = ("ORG", "Perserikatan Bangsa-Bangsa", "Perserikatan Bangsa-Bangsa")
    party = ("ORG", "Partai Bulan Bintang", "Partai Bulan Bintang")
    with SQLiteStore(tmp_path / "w.db") as store:
        _stored_as(store, "a", [un, ("ORG", "PBB", "Perserikatan Bangsa-Bangsa")])
        _stored_as(store, "b", [party, ("ORG", "PBB", "Partai Bulan Bintang")])
        _stored(store, "c", [("ORG", "PSSI")])
        pssi = (
            "ORG",
            "Persatuan Sepakbola Seluruh Indonesia",
            "Persatuan Sepakbola Seluruh Indonesia",
        )
        _stored_as(store, "d", [pssi, ("ORG", "PSSI", pssi[2])])
        kpk = ("ORG", "Komisi Pemberantasan Korupsi", "Komisi Pemberantasan Korupsi")
        _stored_as(store, "e", [kpk, ("ORG", "KPK", kpk[2])])
        variant = ("ORG", "Komisi Pemberantas Korupsi", "Komisi Pemberantas Korupsi")
        _stored_as(store, "f", [variant, ("ORG", "KPK", variant[2])])
        found = {e.canonical: (e.articles, set(e.aliases)) for e in store.list_entities()}
    assert found["Perserikatan Bangsa-Bangsa"][0] == 1
    assert "Partai Bulan Bintang" not in found["Perserikatan Bangsa-Bangsa"][1]
    assert found["Partai Bulan Bintang"][0] == 1
    assert [name for name in found if "PSSI" in found[name][1] or name == "PSSI"] == [
        "Persatuan Sepakbola Seluruh Indonesia"
    ]
    assert found["Komisi Pemberantasan Korupsi"][0] == 2
    assert "Komisi Pemberantas Korupsi" in found["Komisi Pemberantasan Korupsi"][1]
    assert not same_expansion("Badan Intelijen Negara", "Badan Informasi Nasional")  # BIN
    assert not same_expansion("Bank Indonesia", "Bank Internasional")  # BI


def test_a_longer_name_holding_another_persons_is_another_person(tmp_path: Path) -> None:
    from warta.store import SQLiteStore

    with SQLiteStore(tmp_path / "w.db") as store:
        _stored(store, "a", [("PERSON", "Joko Widodo"), ("PERSON", "Iriana Joko Widodo")])
        _stored(store, "b", [("PERSON", "Joko Widodo")])
        _stored(store, "c", [("PERSON", "Iriana Joko Widodo")])
        entities = {e.canonical: e for e in store.list_entities()}
    assert entities["Joko Widodo"].articles == 2
    assert entities["Iriana Joko Widodo"].articles == 2
    assert "Joko Widodo" not in entities["Iriana Joko Widodo"].aliases


def test_a_place_or_body_is_never_a_person_whatever_the_tagger_says(tmp_path: Path) -> None:
    from warta.store import SQLiteStore

    with SQLiteStore(tmp_path / "w.db") as store:
        # The tagger calls Arsenal a person in most articles; the gazetteer knows the club.
        for article_id in "abc":
            _stored(store, article_id, [("PERSON", "Arsenal")])
        _stored(store, "d", [("ORG", "Arsenal")])
        # One name, one entity: a mention typed otherwise joins it and votes.
        _stored(store, "e", [("LOC", "Surabaya"), ("LOC", "Surabaya")])
        _stored(store, "f", [("ORG", "Surabaya")])
        found = {e.canonical: (e.type, e.articles) for e in store.list_entities()}
    assert found == {"Arsenal": ("ORG", 4), "Surabaya": ("LOC", 2)}


def test_a_reanalysis_drops_entities_only_it_knew(tmp_path: Path) -> None:
    from warta.store import SQLiteStore

    with SQLiteStore(tmp_path / "w.db") as store:
        _stored(store, "a", [("PERSON", "Joko Widodo"), ("ORG", "Misread Name")])
        article = Article(
            id="a",
            body=["x"],
            entities=[EntityMention("Joko Widodo", "PERSON", "Joko Widodo", 0, 0, 11)],
        )
        store.replace_analysis([article])
        assert [e.canonical for e in store.list_entities()] == ["Joko Widodo"]


def test_a_changed_article_replaces_its_entities_and_quotes(tmp_path: Path) -> None:
    from warta.model import Quote
    from warta.store import SQLiteStore

    def written(content_hash: str, name: str) -> Article:
        mention = EntityMention(name, "PERSON", name, 0, 0, len(name))
        quote = Quote(f"Kata {name}", name, "direct", "kata", paragraph=0, start=0, end=9)
        return Article(id="a", body=["x"], entities=[mention], quotes=[quote],
                       content_hash=content_hash)  # fmt: skip

    raw = RawDocument(origin="a.txt", format="text", text="a")
    with SQLiteStore(tmp_path / "w.db") as store:
        assert store.write([(written("1", "Joko Widodo"), raw)], []) == ["added"]
        assert store.write([(written("2", "Prabowo Subianto"), raw)], []) == ["updated"]
        assert {e.canonical: e.articles for e in store.list_entities()} == {"Prabowo Subianto": 1}
        assert [q.speaker_as_written for q in store.list_quotes()] == ["Prabowo Subianto"]


ENTITY_GOLDS = REPO / "tests" / "fixtures" / "entities"
needs_indosum = pytest.mark.skipif(
    not (REPO.parent / "shared" / "data" / "indosum").is_dir(),
    reason="../shared/data/indosum is not beside this checkout",
)


@needs_indosum
@pytest.mark.parametrize(
    ("gold", "floor"),
    # Measured when the floors were set: 77/82 (dev, tuned on) and 83/92 (held out), no merge;
    # since issue 22's audit, 76/81 (the outlet CNN Indonesia is no entity of its own
    # articles, and left the gold) and 85/92 ("Retno LP Marsudi", "Miryam S. Haryani").
    [("indosum-dev.json", 0.93), ("indosum-heldout.json", 0.92)],
)
def test_corpus_entities_against_the_hand_checked_golds(gold: str, floor: float) -> None:
    bench = load_bench("entities")
    scores, articles, _ = bench.score(ENTITY_GOLDS / gold)
    assert articles > 700
    assert scores.share_right >= floor, "\n".join(scores.misses)
    assert scores.merged == 0, "\n".join(scores.misses)


def test_eval_entities_scores_names_types_aliases_and_apart_pairs(
    warta: Warta, tmp_path: Path
) -> None:
    corpus = _jsonl(tmp_path / "in.jsonl", [*LAVROV, *PUTIN])
    gold = {
        "entities": [
            {"names": ["Sergey Lavrov", "Sergei Lavrov"], "type": "PERSON",
             "aliases": ["Lavrov", "Sergei Lavrov"]},
            {"names": ["Vladimir Putin"], "type": "PERSON", "aliases": ["Putin"]},
            {"names": ["Jenewa"], "type": "ORG", "aliases": []},  # wrong type: a miss
            {"names": ["Dmitry Medvedev"], "type": "PERSON", "aliases": []},  # not in the text
        ],
        "apart": [["Sergei Lavrov", "Antony Blinken"], ["Putin", "Vladimir Putin"]],
    }  # fmt: skip
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    result = warta("eval", "entities", "--gold", gold_path, "--inputs", corpus, "-f", "json")
    assert result.returncode == 0, result.stderr
    scores = result.json()
    assert (scores["entities"], scores["right"], scores["apart_pairs"]) == (4, 2, 2)
    # "Putin" and "Vladimir Putin" are one person: a gold that says apart counts a merge.
    assert scores["merged"] == 1
    assert any("Jenewa (ORG): typed LOC" in miss for miss in scores["misses"])
    assert any("Dmitry Medvedev" in miss for miss in scores["misses"])


def test_corrections_of_entities_bind_later_ingests(warta: Warta, tmp_path: Path) -> None:
    assert warta("ingest", _jsonl(tmp_path / "a.jsonl", PUTIN[:2])).returncode == 0
    assert {"Putin", "Vladimir Putin"} <= set(_people(warta))
    merged = warta("entities", "--merge", "Vladimir Putin", "Putin")
    assert merged.returncode == 0, merged.stderr
    assert "merged into" in merged.stdout
    later = {"id": "p9", "published": "2021-12-09", "text": "Putin menelepon Macron."}
    assert warta("ingest", _jsonl(tmp_path / "b.jsonl", [later])).returncode == 0
    people = _people(warta)
    assert "Putin" not in people and people["Vladimir Putin"]["articles"] == 3
    # Split it off again: "Putin" is its own entity now and in later ingests.
    split = warta("entities", "--split", "Putin")
    assert split.returncode == 0, split.stderr
    again = {"id": "p10", "published": "2021-12-10", "text": "Putin menelepon Scholz."}
    assert warta("ingest", _jsonl(tmp_path / "c.jsonl", [again])).returncode == 0
    people = _people(warta)
    assert people["Putin"]["articles"] == 3  # p1, p9 and p10 write "Putin" alone
    assert people["Vladimir Putin"]["articles"] == 1
    assert "Putin" not in people["Vladimir Putin"]["aliases"]
    unknown = warta("entities", "--merge", "Vladimir Putin", "Nobody Here")
    assert unknown.returncode == 2 and "no entity 'Nobody Here'" in unknown.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A body or place glued before a person is a mention of its own and part of the role.
        ("Ketua DPR Setya Novanto tidak hadir dalam rapat itu.",
         {("Setya Novanto", "PERSON", "Ketua DPR"), ("Dewan Perwakilan Rakyat", "ORG", None)}),
        ("Konsul Jenderal KJRI Jeddah M. Hery Saripudin mengatakan jemaah aman.",
         {("M. Hery Saripudin", "PERSON", "Konsul Jenderal KJRI Jeddah"), ("Jeddah", "LOC", None)}),
        ("Bintang Atletico Madrid Antoine Griezmann mencetak gol.",
         {("Antoine Griezmann", "PERSON", "Bintang Atletico Madrid")}),
        ("Miss Israel Adar Gandelsman berfoto bersama peserta lain.",
         {("Adar Gandelsman", "PERSON", "Miss Israel"), ("Israel", "LOC", None)}),
        ("Gubernur BI Perry Warjiyo menahan suku bunga.",
         {("Perry Warjiyo", "PERSON", "Gubernur BI"), ("Bank Indonesia", "ORG", None)}),
        ("Ketua KPU RI Arief Budiman mengimbau komisioner menjaga integritas.",
         {("Arief Budiman", "PERSON", "Ketua KPU RI")}),
        # Two names joined are two; a tag line of two places is no person.
        ("Hasil hitung cepat keluar. Pasangan Anies - Sandi menang dalam pemilihan itu.",
         {("Anies Baswedan", "PERSON", None), ("Sandiaga Uno", "PERSON", None)}),
        ("Konflik Rusia-Ukraina memanas pekan ini.",
         {("Rusia", "LOC", None), ("Ukraina", "LOC", None)}),
        # A given name is not a place glued to a name; a surname keeps its particle.
        ("Keluarga korban melalui kuasa hukumnya, Ratna Kumalasari, menyambut baik.",
         {("Ratna Kumalasari", "PERSON", None)}),
        ("Alessandro del Piero datang ke Turin. Del Piero tersenyum.",
         {("Alessandro del Piero", "PERSON", None)}),
    ],
)  # fmt: skip
def test_names_are_split_from_what_is_glued_to_them(
    text: str, expected: set[tuple[str, str, str | None]]
) -> None:
    article = _article(text)
    found = {(m.canonical, m.type, m.role) for m in article.entities}
    assert expected <= found, found
    assert not any(m.type == "PERSON" and m.canonical[:1] in "-–" for m in article.entities)


def test_known_places_and_bodies_are_never_people() -> None:
    article = _article("- Arsenal menang atas Chelsea. Angket KPK dibahas. Kemenkeu menjawab.")
    types = {m.canonical: m.type for m in article.entities}
    assert types.get("Arsenal") == "ORG" and types.get("Chelsea") == "ORG"
    assert types.get("Komisi Pemberantasan Korupsi") == "ORG"
    assert "Angket KPK" not in types


def test_entity_counts_kept_at_write_time_match_the_mentions(store_location: str) -> None:
    """The entity list over every article reads counts kept as articles are written, analysed
    again and merged; they are what counting the stored mentions gives (the list of a set of
    articles counts them)."""
    from warta.store import open_store

    def write(store: Store, article_id: str, names: list[tuple[str, str]]) -> None:
        mentions = [EntityMention(name, kind, name, 0, 0, len(name)) for kind, name in names]
        article = Article(id=article_id, body=["x"], entities=mentions, content_hash=article_id)
        store.write([(article, RawDocument(f"{article_id}.txt", "text", article_id))], [])

    def counted(store: Store, ids: list[str]) -> dict[str, tuple[int, int]]:
        kept = {e.canonical: (e.mentions, e.articles) for e in store.list_entities()}
        by_articles = store.list_entities(EntityQuery(article_ids=ids))
        assert kept == {e.canonical: (e.mentions, e.articles) for e in by_articles}
        return kept

    with open_store(store_location) as store:
        write(store, "a", [("PERSON", "Joko Widodo")] * 2 + [("LOC", "Solo")])
        write(store, "b", [("PERSON", "Joko Widodo"), ("ORG", "KPK")])
        write(store, "c", [("ORG", "Komisi Pemberantasan Korupsi")])
        assert counted(store, ["a", "b", "c"]) == {
            "Joko Widodo": (3, 2),
            "Solo": (1, 1),
            "KPK": (1, 1),
            "Komisi Pemberantasan Korupsi": (1, 1),
        }
        # Analysed again: the article's old mentions leave the counts, its new ones join.
        mention = EntityMention("Solo", "LOC", "Solo", 0, 0, 4)
        store.replace_analysis([Article(id="c", body=["x"], entities=[mention] * 3)])
        assert counted(store, ["a", "b", "c"])["Solo"] == (4, 2)
        assert "Komisi Pemberantasan Korupsi" not in counted(store, ["a", "b", "c"])
        store.replace_analysis([Article(id="a", body=["x"], entities=[mention])])
        assert counted(store, ["a", "b", "c"])["Joko Widodo"] == (1, 1)
        # Merged: one entity's articles join the other's.
        write(store, "d", [("ORG", "KPK"), ("ORG", "Komisi Pemberantasan Korupsi")])
        ids = {e.canonical: e.id for e in store.list_entities()}
        store.merge_entities(ids["KPK"], ids["Komisi Pemberantasan Korupsi"])
        kept = counted(store, ["a", "b", "c", "d"])
        assert kept["KPK"] == (3, 2) and "Komisi Pemberantasan Korupsi" not in kept


def test_an_entity_folded_in_by_a_later_name_of_the_article_brings_its_mentions(
    store_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article's rows are written after all its names are resolved, unless a name folds in
    an entity (a stray short form) that an earlier name of the same article was given: that
    entity's mention in this article moves with it, and the counts kept follow."""
    from warta.store import entities as store_entities
    from warta.store import open_store

    resolved: list[str] = []

    def resolve(group: Any, lookup: Any) -> Any:
        resolution = corpus_entities.resolve(group, lookup)
        if resolved:  # the second name takes in the entity the first was given
            first = corpus_entities.name_key(resolved[0])
            resolution.absorb = [candidate.id for candidate in lookup.by_name(first)]
        resolved.append(group.canonical)
        return resolution

    monkeypatch.setattr(store_entities, "resolve", resolve)
    with open_store(store_location) as store:
        _stored(store, "a", [("LOC", "Solo"), ("LOC", "Solo"), ("LOC", "Surakarta")])
        assert len(resolved) == 2
        kept = [(e.mentions, e.articles) for e in store.list_entities()]
        assert kept == [(3, 1)]
        counted = store.list_entities(EntityQuery(article_ids=["a"]))
        assert [(e.mentions, e.articles) for e in counted] == [(3, 1)]
        assert [row[3] for row in store.entities_of_articles(["a"])["a"]] == [3]


def test_two_names_of_an_article_given_one_entity_are_one_row(
    store_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two names of an article that resolve to one entity make one row of the article's
    entities, with the first name's type and name and both names' mentions."""
    from warta.store import entities as store_entities
    from warta.store import open_store

    def resolve(group: Any, lookup: Any) -> Any:
        resolution = corpus_entities.resolve(group, lookup)
        if group.canonical == "Kota Solo":
            resolution.entity = lookup.by_name("solo")[0].id
        return resolution

    monkeypatch.setattr(store_entities, "resolve", resolve)
    with open_store(store_location) as store:
        _stored(store, "a", [("LOC", "Solo"), ("LOC", "Solo"), ("ORG", "Kota Solo")])
        rows = store._db.execute(  # type: ignore[attr-defined]
            "SELECT type, name, mentions FROM article_entities"
        ).fetchall()
        assert [tuple(row) for row in rows] == [("LOC", "Solo", 3)]
        assert [(e.mentions, e.articles) for e in store.list_entities()] == [(3, 1)]


def test_entity_activity_kept_at_write_time_matches_the_mentions(store_location: str) -> None:
    """An entity's articles and mentions per day are kept as articles are written, analysed
    again, re-dated by their portal and merged; they are always what counting the stored
    mentions by their articles' days gives."""
    from warta.store import open_store

    def write(store: Store, article_id: str, published: str | None, names: list[str]) -> None:
        mentions = [EntityMention(name, "PERSON", name, 0, 0, len(name)) for name in names]
        article = Article(
            id=article_id, body=["x"], entities=mentions, published=published,
            content_hash=f"{article_id}{published}{names}",
        )  # fmt: skip
        store.write([(article, RawDocument(f"{article_id}.txt", "text", article_id))], [])

    def activity(store: Store) -> dict[str, list[tuple[str, int, int]]]:
        kept = {e.canonical: store.entity_activity(e.id) for e in store.list_entities()}
        day = store._db.wib_day("a.published_utc")  # type: ignore[attr-defined]
        rows = store._db.execute(  # type: ignore[attr-defined]
            f"SELECT e.canonical, {day} AS day, count(*),"
            " sum(ae.mentions) FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
            " JOIN entities e ON e.id = ae.entity_id WHERE a.published_utc IS NOT NULL"
            " GROUP BY e.canonical, day ORDER BY e.canonical, day"
        ).fetchall()
        counted: dict[str, list[tuple[str, int, int]]] = {name: [] for name in kept}
        for name, day, articles, mentions in rows:
            counted[name].append((day, int(articles), int(mentions)))
        assert kept == counted
        return kept

    with open_store(store_location) as store:
        write(store, "a", "2024-03-01T09:00:00+07:00", ["Joko Widodo"] * 2)
        write(store, "b", "2024-03-01T23:30:00+07:00", ["Joko Widodo", "Sri Mulyani"])
        write(store, "c", "2024-03-02T10:00:00+07:00", ["Joko Widodo"])
        write(store, "d", None, ["Joko Widodo"])
        write(store, "e", "2024-03-03T05:00:00+07:00", ["Basuki Hadimuljono"])
        found = activity(store)
        assert found["Joko Widodo"] == [
            ("2024-03-01", 2, 3),  # b is 16:30 UTC on the 1st
            ("2024-03-02", 1, 1),
        ]
        assert found["Basuki Hadimuljono"] == [("2024-03-03", 1, 1)]  # 22:00 UTC on the 2nd
        # The portal re-dates an article: its mentions move to the new day.
        write(store, "c", "2024-03-05T10:00:00+07:00", ["Joko Widodo"])
        assert activity(store)["Joko Widodo"][-1] == ("2024-03-05", 1, 1)
        # A date found for an undated article, and one lost.
        write(store, "d", "2024-03-05T11:00:00+07:00", ["Joko Widodo"])
        write(store, "a", None, ["Joko Widodo"] * 2)
        assert activity(store)["Joko Widodo"] == [("2024-03-01", 1, 1), ("2024-03-05", 2, 2)]
        # Analysed again: the article's old mentions leave its day, its new ones join.
        mention = EntityMention("Sri Mulyani", "PERSON", "Sri Mulyani", 0, 0, 11)
        published = "2024-03-05T10:00:00+07:00"
        store.replace_analysis(
            [Article(id="c", body=["x"], entities=[mention] * 3, published=published)]
        )
        found = activity(store)
        assert found["Joko Widodo"] == [("2024-03-01", 1, 1), ("2024-03-05", 1, 1)]
        assert found["Sri Mulyani"] == [("2024-03-01", 1, 1), ("2024-03-05", 1, 3)]
        # Merged: one entity's days join the other's (b, which named both, is one article
        # with two mentions), and the merged one has none left.
        ids = {e.canonical: e.id for e in store.list_entities()}
        store.merge_entities(ids["Joko Widodo"], ids["Sri Mulyani"])
        assert activity(store) == {
            "Basuki Hadimuljono": [("2024-03-03", 1, 1)],
            "Joko Widodo": [("2024-03-01", 1, 2), ("2024-03-05", 2, 4)],
        }
        assert store.entity_activity(ids["Sri Mulyani"]) == []
        left = store._db.execute(  # type: ignore[attr-defined]
            "SELECT count(*) FROM entity_days WHERE entity_id = ?", (ids["Sri Mulyani"],)
        ).fetchone()
        assert left[0] == 0


def test_a_database_of_utc_days_counts_them_again_in_wib(tmp_path: Path) -> None:
    """Migration 22 makes the triggers count WIB days and counts the stored days again."""
    import sqlite3

    from warta.store import SQLiteStore

    path = tmp_path / "w.db"
    with SQLiteStore(path) as store:
        mention = EntityMention("Solo", "LOC", "Solo", 0, 0, 4)
        article = Article(
            id="a", body=["x"], entities=[mention], published="2024-03-04T05:00:00+07:00",
            content_hash="a",
        )  # fmt: skip
        store.write([(article, RawDocument("a.txt", "text", "a"))], [])
        entity = store.list_entities()[0].id
    with sqlite3.connect(path) as connection:  # as version 21 counted it: by the UTC day
        connection.execute("UPDATE entity_days SET day = '2024-03-03'")
        connection.execute("PRAGMA user_version = 21")
    with SQLiteStore(path) as store:
        assert store.entity_activity(entity) == [("2024-03-04", 1, 1)]


def test_a_database_from_before_the_entity_days_gets_them(tmp_path: Path) -> None:
    """Migration 13 counts the days of what an older database's entities were mentioned."""
    import sqlite3

    from warta.store import SQLiteStore

    path = tmp_path / "w.db"
    with SQLiteStore(path) as store:
        for number, day in enumerate(["2024-03-01", "2024-03-01", "2024-03-04"]):
            mention = EntityMention("Solo", "LOC", "Solo", 0, 0, 4)
            article = Article(
                id=f"a{number}", body=["x"], entities=[mention] * (number + 1),
                published=f"{day}T12:00:00+07:00", content_hash=f"a{number}",
            )  # fmt: skip
            store.write([(article, RawDocument(f"a{number}.txt", "text", "a"))], [])
        entity = store.list_entities()[0].id
        before = store.entity_activity(entity)
    with sqlite3.connect(path) as connection:
        undo_entity_days(connection)
        connection.execute("PRAGMA user_version = 12")
    with SQLiteStore(path) as store:
        assert (
            store.entity_activity(entity)
            == before
            == [
                ("2024-03-01", 2, 3),
                ("2024-03-04", 1, 3),
            ]
        )


def test_a_database_from_before_the_counts_gets_them(tmp_path: Path) -> None:
    """Migration 10 counts what an older database's entities were already mentioned."""
    import sqlite3

    from warta.store import SQLiteStore

    path = tmp_path / "w.db"
    with SQLiteStore(path) as store:
        _stored(store, "a", [("PERSON", "Joko Widodo"), ("PERSON", "Joko Widodo")])
        _stored(store, "b", [("PERSON", "Joko Widodo"), ("LOC", "Solo")])
    with sqlite3.connect(path) as connection:
        undo_entity_counts(connection)
        connection.execute("PRAGMA user_version = 9")
    with SQLiteStore(path) as store:
        found = {e.canonical: (e.mentions, e.articles) for e in store.list_entities()}
    assert found == {"Joko Widodo": (3, 2), "Solo": (1, 1)}


def test_resolving_entities_reads_the_gazetteer_without_loading_the_tagger(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The writer resolves entities with the training data's gazetteer: loading the tagger (its
    weights and network) for that cost the writing process 0.2 s of CPU and about 30 MiB."""

    def no_tagger(scheme: str = "news") -> None:
        raise AssertionError(f"the {scheme} tagger was loaded")

    monkeypatch.setattr(ner_tagger, "tagger", no_tagger)
    corpus_entities.may_be_person.cache_clear()  # answers kept by earlier tests read nothing
    assert not corpus_entities.may_be_person("Jawa Barat")  # a place in the gazetteer
    assert corpus_entities.may_be_person("Setya Novanto")


def test_a_kept_person_answer_is_the_one_computed_afresh() -> None:
    """The store asks whether a name may be a person's for every entity it resolves and
    settles: the answers are kept, and a kept one is what the table, the gazetteer and the
    name's form say."""
    names = ["Jawa Barat", "Setya Novanto", "KPK", "Partai Golkar", "Kemenkeu", "Novanto"]
    corpus_entities.may_be_person.cache_clear()
    fresh = [corpus_entities.may_be_person(name) for name in names]
    kept = [corpus_entities.may_be_person(name) for name in names]
    assert fresh == kept == [False, True, False, False, False, True]
    assert corpus_entities.may_be_person.cache_info().hits == len(names)


def test_the_article_places_read_first_as_a_chain_map_would() -> None:
    places = {("sleman",): "LOC", ("kremlin",): "LOC"}
    gazetteer = {("kremlin",): "ORG", ("rusia",): "LOC", ("dmitry", "peskov"): "PERSON"}
    chained = ChainMap(places, dict(gazetteer))
    known = _PlacesFirst(places, gazetteer)
    for key in [*places, *gazetteer, ("jakarta",)]:
        assert known.get(key) == chained.get(key)
        assert known.get(key, "-") == chained.get(key, "-")
        assert (key in known) == (key in chained)
    assert known[("kremlin",)] == "LOC" and known[("rusia",)] == "LOC"
    with pytest.raises(KeyError):
        known[("jakarta",)]
    assert len(known) == len(chained) == 4
    assert sorted(known) == sorted(chained)


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("KPK", "ORG"),  # an abbreviation the known-name table knows
        ("Perancis", "LOC"),  # a place the table knows, whatever its form
        ("SBY", "PERSON"),  # a person's acronym
        ("Jokowi", None),  # a person's name, not an acronym: only the tagger finds it
        ("Kemenkeux", None),  # a ministry's form the table does not know
        ("BPNX", None),  # an acronym the table does not know
        ("Budi", None),
    ],
)
def test_a_name_the_tagger_missed_is_found_by_the_type_the_table_gives(
    word: str, kind: str | None
) -> None:
    assert _abbreviation_type(word) == kind


def test_a_mention_is_trimmed_of_words_without_a_character_isalnum_accepts() -> None:
    """The pattern that trims a mention's edges finds a character wherever str.isalnum says
    one is: over every code point."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (_LETTER_OR_DIGIT.search(char) is not None) == char.isalnum(), hex(code)
