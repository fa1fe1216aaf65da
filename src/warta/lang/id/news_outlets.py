"""News organisations: which cited names are wires (agencies and outlets whose copy an
article relays), and one name for each however it is spelled.

The table (``data/news_outlets.tsv``) lists the agencies and the outlets Indonesian articles
cite most, with the spellings that differ in letters ("Reuter" for Reuters, "Antaranews" for
Antara). Spellings that differ only in case, spaces, punctuation, a leading "The" or a web
domain ending are one name without a line: :func:`wire_key` reads "Ace Showbiz",
"AceShowbiz" and "aceshowbiz.com" alike, and :func:`count_wires` counts them as one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from warta.lang.id.known_names import name_table_rows


@dataclass(frozen=True, slots=True)
class NewsOrganisation:
    """A news agency or outlet the table knows: its kind, the name shown and its spellings."""

    kind: str
    name: str
    spellings: tuple[str, ...]


#: A web domain ending a name: "Kompas.com", "Tirto.id", "News.com.au", "Viva.co.id".
_DOMAIN_END = re.compile(r"\.(?:com|net|org|co|id|tv|news|info)(?:\.[a-z]{2})?$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")

#: Words that say a name is a news organisation's ("Yonhap News", "Gulf Times", "Harian
#: Kompas", "Radio Republik Indonesia"): a name holding one is a wire after any citing verb,
#: listed or not. Lowercased; matched against whole words.
MEDIA_WORDS = frozenset(
    """
    news times post daily herald tribune journal gazette telegraph chronicle press pers
    reporter report magazine weekly tv televisi radio channel broadcasting agency online
    berita harian koran majalah tabloid
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def wire_key(name: str) -> str:
    """What a name is compared by: casefolded, without a leading "The", a web domain ending,
    spaces or punctuation ("The Straits Times" and "StraitsTimes.com" are "straitstimes")."""
    bare = _DOMAIN_END.sub("", _LEADING_THE.sub("", name.strip()))
    return _NOT_LETTER_OR_DIGIT.sub("", bare).casefold()


@cache
def news_organisations() -> dict[str, NewsOrganisation]:
    """The table, by the :func:`wire_key` of every spelling of every organisation in it."""
    table: dict[str, NewsOrganisation] = {}
    for kind, spellings, _ in name_table_rows("news_outlets.tsv", 3):
        entry = NewsOrganisation(kind, spellings[0], spellings)
        for spelling in spellings:
            table.setdefault(wire_key(spelling), entry)
    return table


def known_news_organisation(name: str) -> NewsOrganisation | None:
    """The table's agency or outlet going by ``name`` (however spelled), or None."""
    return news_organisations().get(wire_key(name))


def has_media_word(name: str) -> bool:
    """Whether a name holds a word only news organisations' names hold ("Gulf Times")."""
    return any(word.casefold() in MEDIA_WORDS for word in re.findall(r"\w+", name))


def wire_name(name: str) -> str:
    """The name a wire is shown by: the table's for an organisation it knows, else the name as
    the article wrote it."""
    known = known_news_organisation(name)
    return known.name if known is not None else name


def count_wires(articles: Iterable[Iterable[str]]) -> Counter[str]:
    """In how many of ``articles`` (each the wires it cites) each wire is cited, the spellings
    of one name (by :func:`wire_key`) counted as one, under the spelling used most (the first of
    equals): articles analysed before the table knew a spelling, and outlets the table does not
    list ("Ace Showbiz", "AceShowbiz"), still count once."""
    articles_citing: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for wires in articles:
        keys = set()
        for name in wires:
            shown = wire_name(name)
            key = wire_key(shown) or shown
            keys.add(key)
            spellings.setdefault(key, Counter())[shown] += 1
        articles_citing.update(keys)
    return Counter({spellings[key].most_common(1)[0][0]: n for key, n in articles_citing.items()})
