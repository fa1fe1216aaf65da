"""Names merged or split wrongly (the acceptance audit of issue 22): a name with middle
initials, one with a shirt number or a nickname glued in, two names run together, the
article's own outlet, a region and its kind, a club and its town, a speaker described."""

from __future__ import annotations

import pytest

from warta.analyze import analyze
from warta.lang.id.known_names import region_name
from warta.lang.id.names import same_person
from warta.model import Article, EntityMention, RawDocument
from warta.store import SQLiteStore


def _article(text: str, outlet: str | None = None) -> Article:
    return analyze(RawDocument(origin="test.txt", format="text", text=text, outlet=outlet))


def _names(article: Article) -> set[tuple[str, str]]:
    return {(m.canonical, m.type) for m in article.entities}


@pytest.mark.parametrize(
    ("name", "other", "same"),
    [
        ("Retno LP Marsudi", "Retno Marsudi", True),
        ("Donald J. Trump", "Donald Trump", True),
        ("Miryam S. Haryani", "Miryam S Haryani", True),  # an initial's period aside
        ("Alessio 'Uccio' Salucci", "Alessio Salucci", True),  # a nickname aside
        ("Retno LP Marsudi", "Retno Listyarti", False),
        ("Iriana Joko Widodo", "Joko Widodo", False),  # a word, not an initial
        ("Retno LP Marsudi", "Retno", False),  # names of one word are never compared
    ],
)
def test_middle_initials_and_nicknames_leave_one_person(name: str, other: str, same: bool) -> None:
    assert same_person(name.split(), other.split()) is same
    assert same_person(other.split(), name.split()) is same


def test_a_given_name_and_initials_the_tagger_left_in_the_role_are_the_names() -> None:
    """The tagger found only "Marsudi": "Retno LP" before it are the rest of her name, not a
    person "Retno" and an organisation "LP"."""
    article = _article(
        "Hal itu disampaikan Menteri Luar Negeri Retno LP Marsudi dalam rapat di Jakarta, "
        "Senin.\n\nRetno telah menghubungi pemerintah Myanmar."
    )
    people = {m.text: (m.canonical, m.role) for m in article.entities if m.type == "PERSON"}
    assert people == {
        "Retno LP Marsudi": ("Retno LP Marsudi", "Menteri Luar Negeri"),
        "Retno": ("Retno LP Marsudi", None),
    }
    assert ("LP", "ORG") not in _names(article)
    article = _article(
        "Sandi menyampaikan selamat hari raya Imlek.\n\n"
        '"Gong XI Fa Chai, untuk warga Jakarta yang merayakan," ujarnya.'
    )
    assert not any("XI" in m.canonical.split() for m in article.entities)  # a number


def test_a_shirt_number_is_no_part_of_a_name() -> None:
    article = _article(
        "Arsenal kalah di London.\n\nSusunan pemain Arsenal: 11-Mesut Oezil, 7-Alexis Sanchez; "
        "23-Danny Welbeck."
    )
    people = {(m.text, m.canonical) for m in article.entities if m.type == "PERSON"}
    assert ("Alexis Sanchez", "Alexis Sanchez") in people
    assert not any(m.text[:1].isdigit() for m in article.entities)


def test_two_known_names_run_together_are_two_people() -> None:
    """Related headlines run together: "Antonio Conte Danny Drinkwater" is two people, both
    known alone (the article, the gazetteer); "Lerby Eliandry Pong Babu", one footballer the
    article also calls by his first two names, stays one."""
    article = _article(
        "Barisan Muda Chelsea Puaskan Antonio Conte Danny Drinkwater Lega Mainkan Laga Debut.\n\n"
        "Manajer Chelsea, Antonio Conte, senang dengan hasil itu."
    )
    people = {m.canonical for m in article.entities if m.type == "PERSON"}
    assert {"Antonio Conte", "Danny Drinkwater"} <= people
    assert "Antonio Conte Danny Drinkwater" not in people
    for mention in article.entities:
        assert article.body[mention.paragraph][mention.start : mention.end] == mention.text
    article = _article(
        "Gol dicetak Lerby Eliandry Pong Babu pada menit ke-20. Lerby Eliandry lalu berlari."
    )
    assert "Lerby Eliandry Pong Babu" in {m.canonical for m in article.entities}


def test_a_nickname_in_quote_marks_stays_inside_the_name() -> None:
    article = _article(
        "Sahabat Valentino Rossi, Alessio ' Uccio ' Salucci, menyatakan Rossi terus membalap."
        '\n\n"Saya berharap ada kontrak baru," ujar Uccio kepada wartawan.'
    )
    salucci = "Alessio 'Uccio' Salucci"
    assert {m.canonical for m in article.entities if "Uccio" in m.text} == {salucci}
    assert [q.speaker for q in article.quotes if q.kind == "direct"] == [salucci]


def test_an_outlet_naming_itself_is_no_entity() -> None:
    """ "kata X kepada CNNIndonesia.com" in CNN Indonesia's own article: the outlet speaks, it
    takes no part; another outlet's article naming it keeps it."""
    text = (
        "Direktur PT Pertamina Syamsu Alam mengatakan hal itu kepada CNNIndonesia.com di "
        "Jakarta, Senin. Pertamina sedang mendekati tiga perusahaan migas asing."
    )
    own = {name for name, _ in _names(_article(text, outlet="cnn indonesia"))}
    assert "CNNIndonesia.com" not in own and "Pertamina" in own
    other = {name for name, _ in _names(_article(text, outlet="kumparan"))}
    assert "CNNIndonesia.com" in other


def test_a_region_is_its_name_without_the_word_of_its_kind() -> None:
    assert region_name("Provinsi Jawa Barat") == "Jawa Barat"
    assert region_name("Negara Bagian New York") == "New York"
    assert region_name("Kota Bogor") == "Kota Bogor"  # a city and a regency share names
    assert region_name("Kabupaten Bogor") == "Kabupaten Bogor"
    assert region_name("Islamic State") == "Islamic State"  # "State" after: a place only
    assert region_name("Rakhine State", lambda name: name == "Rakhine") == "Rakhine"
    article = _article(
        "Kekerasan di Rakhine State terus terjadi. Warga Rakhine mengungsi ke Bangladesh. "
        "Gubernur Provinsi Riau ikut membantu."
    )
    places = {(m.text, m.canonical) for m in article.entities if m.type == "LOC"}
    assert {("Rakhine State", "Rakhine"), ("Rakhine", "Rakhine")} <= places
    assert ("Provinsi Riau", "Riau") in places or ("Riau", "Riau") in places


def test_a_region_named_with_its_kind_alone_is_the_place_stored(tmp_path: object) -> None:
    """An article writing only "Rakhine State" gives the place stored as "Rakhine" (the name
    most articles wrote)."""
    with SQLiteStore(tmp_path / "w.db") as store:  # type: ignore[operator]
        for article_id, text in (("a", "Rakhine"), ("b", "Rakhine State"), ("c", "Rakhine")):
            mention = EntityMention(text, "LOC", text, 0, 0, len(text))
            article = Article(
                id=article_id, body=[text], entities=[mention], content_hash=article_id
            )
            raw = RawDocument(origin=f"{article_id}.txt", format="text", text=article_id)
            assert store.write([(article, raw)], []) == ["added"]
        places = {(e.canonical, e.articles) for e in store.list_entities()}
    assert places == {("Rakhine", 3)}


def _store_names(path: object, names: list[tuple[str, str]]) -> set[tuple[str, str, int]]:
    """Store one article per (type, name) and list the entities: (type, name, articles)."""
    with SQLiteStore(path) as store:  # type: ignore[arg-type]
        for number, (kind, name) in enumerate(names):
            article_id = f"a{number}"
            mention = EntityMention(name, kind, name, 0, 0, len(name))
            article = Article(
                id=article_id, body=[name], entities=[mention], content_hash=article_id
            )
            raw = RawDocument(origin=f"{article_id}.txt", format="text", text=article_id)
            assert store.write([(article, raw)], []) == ["added"]
        return {(e.type, e.canonical, e.articles) for e in store.list_entities()}


def test_a_club_is_the_organisation_stored_by_its_town_never_the_town(tmp_path: object) -> None:
    """ "SSC Napoli" is the club stored as "Napoli" (an organisation); "AC Milan" is not the
    city "Milan" stored as a place, and an article naming both gives "Milan" to no club."""
    napoli = _store_names(tmp_path / "n.db", [("ORG", "Napoli"), ("ORG", "SSC Napoli")])  # type: ignore[operator]
    assert {name for _, name, _ in napoli} <= {"Napoli", "SSC Napoli"} and len(napoli) == 1
    milan = _store_names(tmp_path / "m.db", [("LOC", "Milan"), ("ORG", "AC Milan")])  # type: ignore[operator]
    assert milan == {("LOC", "Milan", 1), ("ORG", "AC Milan", 1)}
    with SQLiteStore(tmp_path / "both.db") as store:  # type: ignore[operator]
        both = [("AC Milan", "AC Milan", "ORG"), ("Milan", "AC Milan", "ORG")]
        for article_id, mentions in (("club", both), ("city", [("Milan", "Milan", "LOC")])):
            entities = [EntityMention(text, kind, name, 0, 0, 1) for text, name, kind in mentions]
            article = Article(id=article_id, body=["x"], entities=entities, content_hash=article_id)
            raw = RawDocument(origin=f"{article_id}.txt", format="text", text=article_id)
            assert store.write([(article, raw)], []) == ["added"]
        listed = {(e.canonical, tuple(e.aliases)) for e in store.list_entities()}
    assert listed == {("AC Milan", ()), ("Milan", ())}


def test_a_club_named_by_its_town_is_the_club() -> None:
    """ "Milan" beside "AC Milan" is the club, whatever the tagger typed it."""
    article = _article(
        "AC Milan menang 2-1 atas Udinese di San Siro. Milan kini naik ke peringkat enam. "
        "Pelatih Milan, Vincenzo Montella, puas."
    )
    assert {m.canonical for m in article.entities if m.text == "Milan"} == {"AC Milan"}
    assert {m.type for m in article.entities if m.canonical == "AC Milan"} == {"ORG"}


def test_a_description_ending_past_the_attribution_is_the_one_just_quoted() -> None:
    """ "ujar pemilik lima gelar juara dunia di semua kelas tersebut": "tersebut" ends the
    description after "di", so it is Lorenzo, quoted just before, not an unnamed speaker."""
    article = _article(
        'Jorge Lorenzo siap balapan. "Saya rasa sensasi di sini bisa berbeda," kata Jorge '
        'Lorenzo.\n\n"Apa pun bisa terjadi di sirkuit ini," ujar pemilik lima gelar juara '
        "dunia di semua kelas tersebut."
    )
    assert [q.speaker for q in article.quotes if q.kind == "direct"] == [
        "Jorge Lorenzo",
        "Jorge Lorenzo",
    ]
