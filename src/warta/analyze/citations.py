"""The wires an article relays: the news agencies and outlets whose copy it says it carries
("dilansir dari Reuters", "seperti dikutip dari kantor berita Korea Selatan, Yonhap").

Not every name after a citing verb is a wire. Read over 2,146 IndoSum articles, the verbs
also name people ("dilaporkan oleh Arnol Sinaga": reported to the police by), places ("dirilis
di Indonesia", "disiarkan stasiun televisi Inggris"), a government beside its agency ("kantor
berita pemerintah Korea Utara, KCNA") and organisations' own sites ("dikutip dari situs resmi
PSSI"). So a cited name is a wire when it is a news organisation:

- one the package lists (:mod:`warta.lang.id.news_outlets`: AFP, Reuters, Antara, BBC,
  Kompas, ...), shown by the listed name ("Reuter" is Reuters, "Antaranews" Antara);
- or one the text or the name calls a news medium: "kantor berita X", "harian X", "majalah
  X", "stasiun televisi X", a name with a media word ("Gulf Times", "Yonhap News") or a web
  domain ("Bolasport.com");
- or, after a verb that says the article copies another's text (dilansir, dikutip, melansir,
  mengutip, menukil), any name that the names table or the NER gazetteer does not know as a
  person, place or other organisation: Indonesian articles name the publication they copy
  this way, and most such publications are too many and too small to list ("NME", "Soompi").

Weaker verbs ("dilaporkan", "menurut laporan", "disiarkan", "dirilis di"), and a reporting
verb after the name ("Reuters melaporkan"), name a wire only in the first two ways; a place or
a person is never one, and neither is an official site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from warta.lang.id.known_names import body_or_place_type, known_name
from warta.lang.id.news_outlets import (
    has_media_word,
    known_news_organisation,
    wire_key,
    wire_name,
)

#: Substrings of the verbs below: a paragraph without one is not read with the pattern.
CITATION_VERBS = (
    "lansir", "kutip", "menukil", "disiarkan", "dilaporkan", "menurut", "dirilis", "melaporkan",
    "memberitakan", "mewartakan",
)  # fmt: skip
#: A source's name: up to four capitalised words (or a number: "Rossiya 1"), joined by spaces,
#: a hyphen ("Al - Jazeera" as IndoSum spaces it, "Paddock - GP") or a lowercase joining word
#: of English, German or Italian names ("Times of India", "Travel and Leisure", "Auto Motor und
#: Sport", "Gazzetta dello Sport"); a word may end in "!" ("E! News") and the name in a web
#: domain ("News.com.au", "Tirto.id").
_WORD = r"[A-Z][\w&'’-]{0,40}!?"
_NAME = (
    rf"{_WORD}(?:\.[a-z]{{2,4}}){{0,2}}"
    rf"(?:(?:\s+(?:-|&|of|and|und|dello|della)\s+|\s+){_WORD}(?:\.[a-z]{{2,4}}){{0,2}}"
    r"|\s+\d{1,2}(?=\s*(?:[.,;)]|$))){0,3}"
)
#: "dilansir dari Anadolu Agency", "dikutip dari Reuters", "seperti dikutip dari kantor berita
#: TASS", "melansir CNN", "mengutip Reuters", "menurut warta kantor berita Reuters", "dikutip
#: dari situs resmi UEFA" (``medium``: what the text calls the source).
CITATION = re.compile(
    r"\b(?P<verb>(?i:dilansir|dikutip|melansir|mengutip|menukil|disiarkan|dilaporkan|"
    r"menurut\s+(?:laporan|warta|berita|pemberitaan)|(?:seperti|sebagaimana)\s+dilaporkan|"
    r"dirilis\s+di))\s+"
    r"(?:(?i:dari|oleh)\s+)?"
    r"(?P<medium>(?:kantor\s+berita|media|laman|situs|website|stasiun\s+televisi|"
    r"stasiun\s+TV|saluran\s+TV|saluran\s+televisi|surat\s+kabar|harian|majalah|portal|tabloid|"
    r"koran|radio)\s+(?:\w+\s+){0,2}?)?"
    rf"(?P<source>{_NAME})"
)
#: After a source, the one it names in apposition ("kantor berita Korea Selatan, Yonhap") or
#: the outlet its own article relays ("dilansir JUARA dari Motorsport").
#: A wire as the subject of a reporting verb: "Reuters melaporkan", "KCNA mewartakan pada
#: Minggu". Read only for names the package lists or that hold a media word: "Polisi
#: melaporkan" is no wire. The name is read in the few words before the verb (a name is at
#: most four words and three joining words long), so a paragraph is read once however long.
_REPORTING_VERB = re.compile(r"\s(?:melaporkan|memberitakan|mewartakan)\b")
_NAME_WORDS = 7
_REPORTER_REACH = _NAME_WORDS * 43
_WHOLE_NAME = re.compile(_NAME)
_APPOSITION = re.compile(rf",\s+(?P<source>{_NAME})")
_RELAYED_VIA = re.compile(rf"\s+(?i:dari)\s+(?P<source>{_NAME})")
#: Verbs that say the article copies another's text: the name after them is a wire unless it
#: is known as something else.
_COPYING_VERB = re.compile(r"(?i:dilansir|dikutip|melansir|mengutip|menukil)")
#: What calls a source a news medium ("kantor berita", "harian", "stasiun TV"), as opposed to a
#: site or an account that may be anyone's.
_NEWS_MEDIUM = re.compile(
    r"(?i:kantor\s+berita|media|stasiun|saluran|surat\s+kabar|harian|majalah|portal|tabloid|"
    r"koran|radio)"
)
#: An organisation's own site or account ("situs resmi PSSI", "laman resmi Kemenag"): the
#: organisation speaks for itself, it is no wire.
_OFFICIAL = re.compile(r"\bresmi\b", re.IGNORECASE)
#: A name written as a web domain ("Bolasport.com", "Tirto.id").
_DOMAIN = re.compile(r"\w\.(?:com|net|org|co|id|tv|news)\b", re.IGNORECASE)
#: Capitalised words a citation phrase may catch that are not sources: weekdays, months.
_NOT_SOURCE = re.compile(
    r"^(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Januari|Februari|Maret|April|Mei|"
    r"Juni|Juli|Agustus|September|Oktober|November|Desember|Presiden|Menteri|Ketua|TV|"
    r"Televisi|Pemerintah)$"
)


def cited_sources(paragraphs: list[str]) -> list[str]:
    """The wires the article relays, in order of first mention, each once, by its listed name
    (see the module's docstring for which cited names are wires)."""
    found: list[str] = []
    seen: set[str] = set()
    for paragraph in paragraphs:
        lowered = paragraph.lower()
        if not any(verb in lowered for verb in CITATION_VERBS):
            continue  # a substring test is a hundred times cheaper than the pattern
        cited = [(m.start(), w) for m in CITATION.finditer(paragraph) for w in _wires(m, paragraph)]
        cited += list(_reporting(paragraph))
        for _, wire in sorted(cited, key=lambda at_wire: at_wire[0]):
            if wire_key(wire) not in seen:
                seen.add(wire_key(wire))
                found.append(wire)
    return found


def _reporting(paragraph: str) -> Iterator[tuple[int, str]]:
    """The wires that are the subject of a reporting verb, by their listed names, with where
    they are cited: the longest ending of the words before the verb that names a listed or
    media-named organisation ("Pada Senin Reuters" is Reuters, "The New York Times" not The
    Times)."""
    for verb in _REPORTING_VERB.finditer(paragraph):
        before = paragraph[max(0, verb.start() - _REPORTER_REACH) : verb.start()]
        words = before.split()[-_NAME_WORDS:]
        for start in range(len(words)):
            name = " ".join(words[start:])
            if not _WHOLE_NAME.fullmatch(name):
                continue
            if known_news_organisation(name) is not None:
                yield verb.start(), wire_name(name)
                break
            if has_media_word(name) and _kind(name) is None:
                yield verb.start(), name
                break


def _wires(match: re.Match[str], paragraph: str) -> list[str]:
    """The wires a citation names, by their listed names: none, one, or two when the article
    says whose copy its source relayed ("dikutip Goal dari Marca"; in juara.net "dilansir JUARA
    dari Motorsport", where the caller drops the outlet's own name)."""
    medium = match["medium"] or ""
    if _OFFICIAL.search(medium):
        return []
    name, after = _trimmed(match["source"]), paragraph[match.end("source") :]
    names = [name]
    relayed = _RELAYED_VIA.match(after)
    if relayed and not medium:
        names.append(_trimmed(relayed["source"]))
    elif _kind(name) == "LOC" and (medium or known_news_organisation(name) is None):
        # "dikutip dari AS" is the Spanish daily, "stasiun televisi AS" a broadcaster in the US
        apposed = _APPOSITION.match(after)
        # "kantor berita Korea Selatan, Yonhap"; "disiarkan stasiun televisi Inggris": a country
        names = [_trimmed(apposed["source"])] if apposed else []
    return [wire for wire in (_wire(n, medium, match["verb"]) for n in names) if wire]


def _wire(name: str, medium: str, verb: str) -> str | None:
    """``name``, by its listed name, if it is a wire as cited (``medium``: what the text calls
    it, ``verb``: how it cites it), else None."""
    if not name:
        return None
    if known_news_organisation(name) is not None:
        return wire_name(name)
    if _kind(name) is not None:
        return None  # a person, a place or an organisation other than a news one
    named_as_news = bool(_NEWS_MEDIUM.match(medium)) or has_media_word(name) or _DOMAIN.search(name)
    if named_as_news or _COPYING_VERB.fullmatch(verb):
        return name
    return None


def _trimmed(source: str) -> str:
    """A caught name without trailing punctuation and without the weekday, month or role words
    a citation phrase catches after it ("Reuters Senin"); "Al - Jazeera" as "Al-Jazeera"."""
    words = re.sub(r"\s+-\s+", "-", source.rstrip(".,")).split()
    while words and _NOT_SOURCE.match(words[-1]):
        words.pop()
    if not words or _NOT_SOURCE.match(words[0]):
        return ""
    return " ".join(words)


def _kind(name: str) -> str | None:
    """PERSON, LOC or ORG when the names table, the NER gazetteer (the training data's entity
    strings) or the name's form says what the name is ("Korea Utara", "Kementerian
    Agama"), None when nothing does. Only the caller's news organisations are wires."""
    known = known_name(name)
    if known is not None:
        return known.type
    from warta.lang.id.ner.tagger import resources  # noqa: PLC0415  (loaded when first needed)

    kind = resources().gazetteer.get(tuple(name.lower().split()))
    if kind in {"PERSON", "LOC"}:
        return kind
    return body_or_place_type(name.split())
