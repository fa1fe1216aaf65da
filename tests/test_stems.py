"""Stemming: Sastrawi run on compiled patterns gives Sastrawi's own stems."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from warta.lang.id import stems

#: Words with the stems Sastrawi's unaltered code gives them (see make_sample.py there).
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "stems" / "sastrawi-sample.tsv"


def sastrawi_modules() -> list[object]:
    stems._stemmer()
    return [module for name, module in sys.modules.items() if name.startswith("Sastrawi.")]


def test_sastrawi_modules_use_compiled_patterns() -> None:
    using_re = [module for module in sastrawi_modules() if hasattr(module, "re")]
    assert using_re
    assert all(module.re is stems._CompiledRe for module in using_re)  # type: ignore[attr-defined]


def test_compiled_re_has_all_sastrawi_uses_of_re() -> None:
    used: set[str] = set()
    for module in sastrawi_modules():
        source = getattr(module, "__file__", None)
        if source:
            used.update(re.findall(r"\bre\.(\w+)", Path(source).read_text(encoding="utf-8")))
    assert used >= {"match", "sub"}
    assert all(hasattr(stems._CompiledRe, name) for name in used)


def test_prefix_rules_are_guarded_when_their_patterns_say_when_they_apply() -> None:
    stemmer = stems._stemmer()
    rules = stemmer.prefix_rules.all
    assert [rule for _, rule in rules] == stemmer.visitor_provider.prefix_pisitors
    assert len(rules) == 41
    guarded = [rule for guard, rule in rules if guard is not None]
    assert len(guarded) == 38  # not: the plain prefixes, rules 4 and 32 (whole-word exceptions)
    unguarded = [rule for _, rule in stemmer.prefix_rules.unguarded]
    assert unguarded == [rule for _, rule in rules if rule not in guarded]
    assert stemmer.prefix_rules.some_guarded_applies("berunding")
    assert not stemmer.prefix_rules.some_guarded_applies("runding")


class _MatchThen:
    def disambiguate(self, word: str) -> str | None:
        """A docstring is allowed."""
        matches = re.match(r"^ber([aiueo].*)$", word)
        if matches:
            return matches.group(1)


class _MatchElse:
    def disambiguate(self, word: str) -> str | None:
        matches = re.match(r"^ber([aiueo].*)$", word)
        if matches:
            return matches.group(1)
        else:
            return word


class _Exception:
    def disambiguate(self, word: str) -> str | None:
        if word == "belajar":
            return "ajar"
        matches = re.match(r"^ber([aiueo].*)$", word)
        if matches:
            return matches.group(1)


def test_entry_pattern_only_of_a_match_then_disambiguator() -> None:
    assert stems._entry_pattern(_MatchThen) == r"^ber([aiueo].*)$"
    assert stems._entry_pattern(_MatchElse) is None
    assert stems._entry_pattern(_Exception) is None
    assert stems._entry_pattern(type("NoSource", (), {"disambiguate": len})) is None


def test_sastrawi_stems_as_its_own_code_does() -> None:
    pairs = [line.split("\t") for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    assert len(pairs) == 3000
    stemmer = stems._stemmer()
    wrong = [(word, root) for word, root in pairs if stemmer.stem(word) != root]  # type: ignore[attr-defined]
    assert wrong == []


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("pembicaraan", "bicara"),
        ("berunding", "runding"),
        ("dirundingkan", "runding"),
        # Sastrawi tries its prefix rules on a root word ("berengsek", made by putting back the
        # "k" of "-kan"): only the first, the plain prefixes, before it stops
        ("berengsekan", "berengsek"),
        ("beresokan", "beresok"),
        ("kaustikan", "kaustik"),
        ("jum'at", "jum at"),  # not letters and digits alone: read as Sastrawi normalises it
    ],
)
def test_sastrawi_stem(word: str, root: str) -> None:
    assert stems.sastrawi_stem(word) == root


@pytest.mark.parametrize(
    ("pattern", "string", "count", "flags"),
    [
        ("rundingkan", "dirundingkan", 1, 0),  # letters: str.replace
        ("an", "perundingan-an", 1, 0),
        ("an", "ananan", 0, 0),
        ("x", "rundingkan", 1, 0),
        ("2", "covid2", 1, 0),
        ("kerja-sama", "bekerja-sama", 1, 0),  # a hyphen: compiled
        ("a.", "karta", 1, 0),
        ("AN", "peran", 1, re.IGNORECASE),
    ],
)
def test_compiled_re_sub_is_re_sub(pattern: str, string: str, count: int, flags: int) -> None:
    assert stems._CompiledRe.sub(pattern, "", string, count, flags) == re.sub(
        pattern, "", string, count=count, flags=flags
    )


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        (
            "Pembicaraan damai dilanjutkan di Jenewa, Senin (10/1/2022).",
            ["bicara", "damai", "lanjut", "di", "jenewa", "senin", "10", "1", "2022"],
        ),
        (  # casefolded ("İ" is "i" and a combining dot, "ß" is "ss"); only letters stemmed
            "İstanbul'da kerja-sama COVID-19 ke-2, Straße: 2022an",
            [
                "i\u0307stanbul",
                "da",
                "kerja",
                "sama",
                "covid",
                "19",
                "ke",
                "2",
                "strasse",
                "2022an",
            ],
        ),
        ("", []),
        ("  — ", []),
    ],
)
def test_search_forms_stem_words_of_letters_and_casefold_the_rest(
    text: str, forms: list[str]
) -> None:
    assert stems.search_forms(text) == forms
    assert stems.search_text(text) == " ".join(forms)


#: Words written in several ways: cases, stopwords (before and after stemming), short words and
#: stems, hyphens, apostrophes, digits, letters outside ASCII.
WRITTEN = (
    "Pembicaraan pembicaraan PEMBICARAAN Yang yang di Di ke-2 kerja-sama Kerja-Sama Jum’at"
    " Jum'at mengatakan Mengatakan berkata Covid-19 2022an Straße ÉTÉ ia Ia pun kah lah"
    " anak-anak ANAK-ANAK bertanya menanyakan pertanyaan Perundingan dirundingkan 1990-an"
)


def test_search_forms_and_content_stems_look_up_each_written_word_as_they_read_it() -> None:
    """The forms and stems of written words, kept by the written word, are what the word-by-word
    reading gives (casefold, then the stem of a word of letters; casefold, drop short words
    and stopwords, stem, drop short stems and stopwords), before and after they are kept."""
    searched = [
        stems.stem(word) if word.isalpha() else word
        for word in map(str.casefold, stems.SEARCH_WORD.findall(WRITTEN))
    ]
    content = []
    for written in stems._WORD.findall(WRITTEN):
        word = written.casefold().replace("’", "'")
        if len(word) >= 3 and word not in stems.STOPWORDS:
            root = stems.stem(word)
            if len(root) >= 3 and root not in stems.STOPWORDS:
                content.append(root)
    assert "bicara" in content and "kerja-sama" in content and "mengatakan" not in content
    stems.clear_caches()
    for _ in range(2):  # the first time computed, the second read from the caches
        assert stems.search_forms(WRITTEN) == searched
        assert stems.content_stems(WRITTEN) == content


def test_a_words_stem_is_its_parts_stems_and_only_words_no_table_knows_are_fresh() -> None:
    """A word's stem is its hyphen-separated parts' stems joined again (most words have one
    part), each from the shipped table or else from Sastrawi; a word is handed over to be kept
    (:func:`stems.fresh_stems`) only when one of its parts is in no table."""
    table = stems._table()
    known, unknown = "pembicaraan", "pengzzorbitan"
    assert known in table and unknown not in table
    stems.clear_caches()
    stems.fresh_stems()  # what earlier tests left
    assert stems.stem(known) == table[known] == "bicara"
    assert stems.stem(unknown) == stems.sastrawi_stem(unknown)
    assert stems.stem(f"{known}-{known}") == "bicara-bicara"
    assert stems.stem(f"{known}-{unknown}") == "bicara-" + stems.sastrawi_stem(unknown)
    fresh = dict(stems.fresh_stems())
    assert set(fresh) == {unknown, f"{known}-{unknown}"}
    assert fresh[unknown] == stems.sastrawi_stem(unknown)
