"""Content words of Indonesian text, reduced to their stems.

Two articles about the same development seldom share sentences, but they share what the
development is about: "perundingan", "berunding" and "dirundingkan" are all "runding". The stems
come from Sastrawi (Nazief-Adriani with a root-word dictionary, MIT licence); what is not content
(function words, reporting verbs, calendar words, numbers) is left out before stemming.

Sastrawi takes about 20 µs per word it has not seen (as run here, see :func:`_stemmer`). The
stems of a news vocabulary of about 30,000 words ship in a table (:data:`STEM_TABLE`, made by
``training/build_stem_table.py``), so only the words it lacks go through Sastrawi. The stems it
gives are kept by the store (they travel on ``ArticleWords.new_stems``, see
:func:`fresh_stems`), and an ingest reads them back (:func:`learn`), so a word goes through
Sastrawi once per store, not once per process.
"""

from __future__ import annotations

import ast
import gzip
import inspect
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Stems of a news vocabulary, one ``word<TAB>stem`` per line (an empty stem: the word itself).
STEM_TABLE = Path(__file__).resolve().parent / "data" / "stems.tsv.gz"

#: Words that say nothing about what an article is about: function words, reporting verbs, the
#: calendar and the newsroom's own vocabulary. Matched on the casefolded word and on its stem.
STOPWORDS = frozenset(
    [
        "ada",
        "adalah",
        "adanya",
        "agar",
        "akan",
        "akhirnya",
        "aku",
        "amat",
        "antara",
        "apa",
        "apabila",
        "apakah",
        "atas",
        "atau",
        "bagai",
        "bagi",
        "bahkan",
        "bahwa",
        "banyak",
        "baru",
        "beberapa",
        "begitu",
        "belum",
        "berada",
        "bersama",
        "besar",
        "biasa",
        "bila",
        "bisa",
        "boleh",
        "bukan",
        "cukup",
        "dalam",
        "dan",
        "dapat",
        "dari",
        "demikian",
        "dengan",
        "di",
        "dia",
        "diri",
        "dua",
        "hal",
        "hanya",
        "hari",
        "harus",
        "hingga",
        "ia",
        "ialah",
        "ini",
        "itu",
        "jadi",
        "jika",
        "juga",
        "justru",
        "kalau",
        "kali",
        "kami",
        "kamu",
        "kan",
        "karena",
        "ke",
        "kemudian",
        "kepada",
        "kini",
        "kita",
        "lagi",
        "lain",
        "lalu",
        "lebih",
        "maka",
        "mana",
        "masih",
        "mau",
        "melalui",
        "memang",
        "menjadi",
        "mereka",
        "meski",
        "misalnya",
        "mulai",
        "namun",
        "nanti",
        "oleh",
        "pada",
        "para",
        "per",
        "perlu",
        "pula",
        "pun",
        "saat",
        "saja",
        "salah",
        "sama",
        "sampai",
        "sangat",
        "satu",
        "saya",
        "se",
        "sebagai",
        "sebelum",
        "sebuah",
        "secara",
        "sedang",
        "sejak",
        "sekarang",
        "sekitar",
        "selain",
        "selama",
        "semua",
        "sementara",
        "sendiri",
        "seperti",
        "serta",
        "sesuai",
        "setelah",
        "sudah",
        "supaya",
        "tak",
        "tanpa",
        "tapi",
        "telah",
        "tengah",
        "tentang",
        "terhadap",
        "tersebut",
        "tetap",
        "tetapi",
        "tidak",
        "tiga",
        "untuk",
        "yaitu",
        "yakni",
        "yang",
        "kata",
        "ujar",
        "tutur",
        "ucap",
        "imbuh",
        "tambah",
        "lanjut",
        "ungkap",
        "jelas",
        "tegas",
        "sebut",
        "nilai",
        "aku",
        "kato",
        "bilang",
        "mengatakan",
        "menyatakan",
        "menjelaskan",
        "menambahkan",
        "menegaskan",
        "mengungkapkan",
        "menyebutkan",
        "dikatakan",
        "disampaikan",
        "menurut",
        "menurutnya",
        "katanya",
        "ujarnya",
        "tuturnya",
        "jelasnya",
        "tambahnya",
        "senin",
        "selasa",
        "rabu",
        "kamis",
        "jumat",
        "sabtu",
        "minggu",
        "pekan",
        "bulan",
        "tahun",
        "tanggal",
        "pukul",
        "wib",
        "wita",
        "wit",
        "januari",
        "februari",
        "maret",
        "april",
        "mei",
        "juni",
        "juli",
        "agustus",
        "september",
        "oktober",
        "november",
        "desember",
        "kemarin",
        "besok",
        "lusa",
        "pagi",
        "siang",
        "sore",
        "malam",
        "kamis",
        "jumat",
        "jakarta",
        "com",
        "co",
        "id",
        "www",
        "baca",
        "juga",
        "lihat",
        "foto",
        "video",
        "berita",
        "artikel",
        "redaksi",
        "editor",
        "reporter",
        "halaman",
        "selengkapnya",
        "dilansir",
        "dikutip",
        "laman",
        "keterangan",
        "sumber",
        "via",
        "antara",
        "kompas",
        "detik",
        "orang",
        "banyak",
        "sejumlah",
        "berbagai",
        "pihak",
        "terkait",
        "kembali",
        "langsung",
        "hanya",
        "sekitar",
        "hampir",
        "yaitu",
        "nya",
        "lah",
        "kah",
        "pun",
        "tsb",
        "dll",
        "dsb",
    ]
)

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")
_MIN_LENGTH = 3


class _RootWords:
    """Sastrawi's root-word dictionary as a set (its own looks words up in a list, which makes
    stemming a word take tens of milliseconds)."""

    def __init__(self, words: list[str]) -> None:
        self.words = frozenset(word for word in words if word.strip())
        # Sastrawi asks about a hundred times a word: the set's own method is one call in C.
        self.contains: Callable[[str], bool] = self.words.__contains__


#: Sastrawi's patterns compiled, by (pattern, flags). Its rules call ``re.match(pattern_string,
#: word)`` about 130 times per word, and ``re``'s own lookup of the compiled pattern (two Python
#: calls, a flags check) cost a third of Sastrawi's time; this is one lookup in C. The ~80 literal
#: patterns stay in it; the rest (a hyphenated word used as a pattern by ``re.sub``) come and go.
_compiled = lru_cache(maxsize=1024)(re.compile)


class _CompiledRe:
    """What Sastrawi's modules use of ``re`` (``match``, ``sub`` and two flags), looking the
    compiled pattern up in :data:`_compiled`: the same patterns, so the same matches."""

    IGNORECASE = re.IGNORECASE
    MULTILINE = re.MULTILINE

    @staticmethod
    def match(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return _compiled(pattern, flags).match(string)

    @staticmethod
    def sub(pattern: str, repl: str, string: str, count: int = 0, flags: int = 0) -> str:
        if not flags and count >= 0 and pattern.isalnum() and "\\" not in repl:
            # Sastrawi cuts a word out of another with the word as the pattern: made of letters
            # and digits, it matches only itself, and compiling every new word cost more than
            # the rest of sub.
            return string.replace(pattern, repl, count or -1)
        return _compiled(pattern, flags).sub(repl, string, count)


def _bind_compiled_re() -> None:
    """Make every loaded Sastrawi module that imported ``re`` use :class:`_CompiledRe` instead."""
    for name, module in list(sys.modules.items()):
        if name.startswith("Sastrawi.") and getattr(module, "re", None) is re:
            module.re = _CompiledRe  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """Sastrawi's stemmer on a set of root words and compiled patterns, trying a prefix rule on a
    word only when the rule can apply to it: the same stems (tests/test_stems.py), for less."""
    from Sastrawi.Stemmer.Context.Context import Context  # noqa: PLC0415  (loaded when needed)
    from Sastrawi.Stemmer.Stemmer import Stemmer  # noqa: PLC0415
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # noqa: PLC0415

    class GuardedContext(Context):  # type: ignore[misc]
        def accept_prefix_visitors(self, visitors: object) -> None:  # only ever its prefix rules
            _accept_prefix_rules(self, stemmer.prefix_rules)

    class GuardedStemmer(Stemmer):  # type: ignore[misc]
        def stem_singular_word(self, word: str) -> str:
            context = GuardedContext(word, self.dictionary, self.visitor_provider)
            context.execute()
            return context.result  # type: ignore[no-any-return]

    stemmer = GuardedStemmer(_RootWords(StemmerFactory().get_words()))
    _bind_compiled_re()  # after the Stemmer is made: its rule modules are loaded by then
    stemmer.prefix_rules = _PrefixRules(stemmer.visitor_provider.prefix_pisitors)
    return stemmer


class _PrefixRules:
    """Sastrawi's prefix rules, in order, each with the ``match`` of its guard (:func:`_guard`;
    None: the rule may apply to any word), and the rules without one.

    In three tries out of four (measured on 29,000 words), no guarded rule can apply to the
    word: one match of all their patterns together says so, and only the three others are tried.
    """

    def __init__(self, rules: Sequence[Any]) -> None:
        patterns = [_guard(rule) for rule in rules]
        self.all = tuple(
            (re.compile(pattern).match if pattern else None, rule)
            for pattern, rule in zip(patterns, rules, strict=True)
        )
        self.unguarded = tuple((guard, rule) for guard, rule in self.all if guard is None)
        self.some_guarded_applies = re.compile("|".join(filter(None, patterns))).match


def _accept_prefix_rules(context: Any, prefix_rules: _PrefixRules) -> None:
    """Sastrawi's ``Context.accept_prefix_visitors`` over its prefix rules, with the same effect,
    trying only the rules whose guard (:func:`_guard`) the word matches.

    Sastrawi's loop stops after the first rule that removes a prefix (a rule that changes the
    word records a removal), and, when the word is a root word already or the process stopped,
    after the first rule. A rule that does nothing leaves the word, the removals and the stop as
    they were, so the loop's checks after it give what they gave before it: only the first
    rule's checks can see a state no rule made, and only the removal count can change.
    """
    word = context.current_word
    if context.dictionary.contains(word) or context.process_is_stopped:
        rules = prefix_rules.all[:1]
    elif prefix_rules.some_guarded_applies(word):
        rules = prefix_rules.all
    else:
        rules = prefix_rules.unguarded
    removals = len(context.removals)
    for guard, rule in rules:
        if guard is None or guard(word):
            rule.visit(context)
            if len(context.removals) > removals:
                return


def _guard(rule: object) -> str | None:
    """A pattern a word must match for a prefix rule of Sastrawi to do anything to it, or None
    when the rule does not say.

    Sastrawi tries its ~40 prefix rules on a word, about 90 times a word, and most of them on a
    word they do nothing to; each try cost several Python calls. Nearly every disambiguator reads
    ``matches = re.match(PATTERN, word)`` then ``if matches: ...``, so returns None when PATTERN
    does not match; a rule whose disambiguators all return None leaves the word as it was. So a
    rule made only of those is tried only on a word one of their patterns matches (one match in
    C). A rule with another disambiguator (4, 32: whole-word exceptions), or with none (the plain
    prefixes), is tried on every word.
    """
    disambiguators = getattr(rule, "disambiguators", None)
    if not disambiguators:
        return None
    patterns = [_entry_pattern(type(disambiguator)) for disambiguator in disambiguators]
    if None in patterns:
        return None
    return "|".join(f"(?:{pattern})" for pattern in patterns)


def _entry_pattern(disambiguator: type) -> str | None:
    """The PATTERN of a disambiguator whose ``disambiguate(self, word)`` is, docstring aside,
    ``matches = re.match(PATTERN, word)`` then ``if matches: ...`` (no else); else None."""
    try:
        source = inspect.getsource(disambiguator.disambiguate)  # type: ignore[attr-defined]
    except (OSError, TypeError):  # installed without its sources: the rule is left unguarded
        return None
    tree = ast.parse(textwrap.dedent(source))
    body = [
        statement
        for statement in tree.body[0].body  # type: ignore[attr-defined]
        if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
    ]
    if len(body) != 2:
        return None
    assign, test = body
    if not (
        isinstance(test, ast.If)
        and not test.orelse
        and ast.unparse(test.test) == "matches"
        and isinstance(assign, ast.Assign)
        and [ast.unparse(target) for target in assign.targets] == ["matches"]
        and isinstance(assign.value, ast.Call)
        and ast.unparse(assign.value.func) == "re.match"
        and not assign.value.keywords
        and len(assign.value.args) == 2
        and isinstance(assign.value.args[0], ast.Constant)
        and isinstance(assign.value.args[0].value, str)
        and ast.unparse(assign.value.args[1]) == "word"
    ):
        return None
    return assign.value.args[0].value


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    with gzip.open(STEM_TABLE, "rt", encoding="utf-8") as handle:
        for line in handle:
            word, _, root = line.rstrip("\n").partition("\t")
            table[word] = root or word
    return table


#: A word Sastrawi's ``stem`` reads as it is: its normalising keeps these characters, and a word
#: without a hyphen is one singular word.
_AS_SASTRAWI_READS_IT = re.compile(r"[a-z0-9]+")


def sastrawi_stem(word: str) -> str:
    """Sastrawi's stem of one casefolded word without a hyphen, or the word when it has none."""
    stemmer = _stemmer()
    if _AS_SASTRAWI_READS_IT.fullmatch(word):  # what stem() comes to, without its two re.sub
        return stemmer.stem_singular_word(word) or word
    return stemmer.stem(word) or word


#: Stems another process computed (an analysis worker, an earlier ingest into the store), by
#: word; at most MAX_LEARNED.
_learned: dict[str, str] = {}
MAX_LEARNED = 200_000


def learn(stems: Iterable[tuple[str, str]]) -> None:
    """Remember ``(word, stem)`` pairs that :func:`stem` gave in another process (an analysis
    worker, or one that wrote them to the store), so this process does not compute them again."""
    for word, root in stems:
        if len(_learned) >= MAX_LEARNED:
            return
        _learned[word] = root


#: Words this process stemmed with Sastrawi that no table had, with their stems, until
#: :func:`fresh_stems` hands them over; at most MAX_LEARNED.
_fresh: dict[str, str] = {}


def fresh_stems() -> tuple[tuple[str, str], ...]:
    """The ``(word, stem)`` pairs this process computed with Sastrawi since the last call (no
    table had them): for the store to keep, so that no later process computes them again."""
    pairs = tuple(_fresh.items())
    _fresh.clear()
    return pairs


#: Words :func:`stem` keeps the stems of; and written words (as the text has them, not
#: casefolded) whose search form and content stem are kept: an article's every word is looked
#: up, most of them written the same way in earlier articles, and one look-up in C replaces
#: the casefolding and checks of each (measured: a quarter of the instructions of an
#: article's search forms and content stems, once the stems are known).
MAX_WRITTEN = 200_000


@lru_cache(maxsize=MAX_WRITTEN)
def stem(word: str) -> str:
    """The stem of one casefolded word ("pembicaraan" -> "bicara"); a hyphenated word keeps its
    parts' stems ("kerja-sama" -> "kerja-sama")."""
    table = _table()
    learned = _learned.get(word)
    if learned is not None:
        return learned
    if "-" not in word:  # most words: the same as below with one part, without the generators
        root = table.get(word) or sastrawi_stem(word)
        if len(_fresh) < MAX_LEARNED and word not in table:
            _fresh[word] = root
        return root
    parts = word.split("-")
    root = "-".join(table.get(part) or sastrawi_stem(part) for part in parts)
    if len(_fresh) < MAX_LEARNED and not all(part in table for part in parts):
        _fresh[word] = root
    return root


def clear_caches() -> None:
    """Forget the stems and forms this process kept, as a new process starts (for tests); what
    it learned (:func:`learn`) and its fresh stems stay."""
    stem.cache_clear()
    _search_form.cache_clear()
    _content_stem.cache_clear()


def content_stems(text: str) -> list[str]:
    """The stems of the content words of a text, in order (repeats kept)."""
    # findall: no match object per word; each written word's stem (or "") looked up in C
    return [root for root in map(_content_stem, _WORD.findall(text)) if root]


@lru_cache(maxsize=MAX_WRITTEN)
def _content_stem(written: str) -> str:
    """The stem of a written word when it is a content word, else ""."""
    word = written.casefold().replace("’", "'")
    if len(word) < _MIN_LENGTH or word in STOPWORDS:
        return ""
    root = stem(word)
    return root if len(root) >= _MIN_LENGTH and root not in STOPWORDS else ""


#: A word as full-text search sees it: letters and digits, split at everything else (as SQLite's
#: unicode61 tokenizer splits), so every indexed token is one of these.
SEARCH_WORD = re.compile(r"[^\W_]+")


def search_forms(text: str) -> list[str]:
    """The form search matches each word of a text by, in order: its stem when it is made of
    letters ("Pembicaraan" -> "bicara"), else the casefolded word ("2022")."""
    # A list mapped from findall's strings: no match object, offsets or Python step per word
    # (an article's every word goes through it), each written word's form looked up in C
    return list(map(_search_form, SEARCH_WORD.findall(text)))


@lru_cache(maxsize=MAX_WRITTEN)
def _search_form(written: str) -> str:
    """The search form of one written word (see :func:`search_forms`)."""
    word = written.casefold()
    return stem(word) if word.isalpha() else word


def search_text(text: str) -> str:
    """A text as the search index holds it: the search form of each word, space-separated."""
    return " ".join(search_forms(text))
