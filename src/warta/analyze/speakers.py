"""Who is speaking: the speaker an attribution names, the subject of a speech verb, and the
person a role phrase or a pronoun stands for.

A :class:`Who` is what the text says of a speaker before resolution: an entity mention (from the
``entities`` stage), a pronoun or continuation ("ia", "lanjutnya"), a role phrase ("juru bicara
kepresidenan") or a name the tagger missed. The :class:`Context` also cleans a person's name of
what the tagger glued to it ("Suara.com - Pascal Wehrlein", "Keamana Wiranto") and finds the
full name of a short one. :func:`warta.analyze.speaker_resolution.resolve_speakers` turns the
quotes :mod:`warta.analyze.quotes` found into :class:`~warta.model.Quote` values, resolving
speakers in reading order.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from warta.analyze.entities import known_place_or_body
from warta.lang.id.calendar import MONTHS, WEEKDAYS
from warta.lang.id.ner.tagger import tagger
from warta.lang.id.sentences import split_sentences
from warta.lang.id.speech import (
    ADVERBS,
    COMMON_SPEAKERS,
    CONJUNCTIONS,
    DETERMINERS,
    OFFICE_WORDS,
    PRONOUNS,
    RELATIONS,
    SPEAKER_NOUNS,
    WORD,
    abbreviates,
    attribution_verb,
    is_role_head,
    is_speech_verb,
    mistyped_office,
    not_a_name,
)
from warta.lang.id.tokens import TITLES
from warta.model import Article, EntityMention

#: How far back, in characters, a speaker or a speech verb is looked for: a subject, a role
#: phrase and a relative clause fit in far less, and a bound keeps hostile text (one
#: "sentence" of 80,000 characters) linear.
LOOK_BACK = 300
#: Entity types that can speak: people, organisations, and places used for their government
#: ("Kremlin mengatakan", "Gedung Putih").
_SPEAKER_TYPES = frozenset({"PERSON", "ORG", "LOC"})
#: Words after an attribution verb that end the speaker's name: "kata X kepada wartawan",
#: "kata X, dilansir Reuters". Lowercase only: "Menteri Dalam Negeri" is a role.
_ATTRIBUTION_STOP_WORDS = (
    "kepada", "dilansir", "dikutip", "seperti", "melalui", "via", "dalam", "di", "saat",
    "ketika", "pada", "usai", "seusai", "setelah", "sebelum", "menurut", "sebagaimana", "sambil",
    "seraya", "yang", "soal", "terkait", "mengenai", "tentang",
)  # fmt: skip
_ATTRIBUTION_END = re.compile(rf"\s(?:{'|'.join(_ATTRIBUTION_STOP_WORDS)})\b|[.;:!?(\"“”]")
#: How far after an attribution verb the speaker's description may run, in characters, when
#: nothing stops it before. In the samples, the reported-speech fixtures and the story and
#: timeline dev sets the longest runs 210 characters before a stop; a bound keeps a paragraph
#: of attributions without stops ("..., kata X… ..., kata Y… ...") linear.
ATTRIBUTION_REACH = 400
#: What the pattern must see past the reach to read a stop word that starts before it whole.
_STOP_WORD_SPAN = 2 + max(map(len, _ATTRIBUTION_STOP_WORDS))
#: "ujar pria yang akrab disapa Ketjuk ini": the name the speaker goes by.
_CALLED = re.compile(
    r"[^.,;\"“”]{0,40}?\b(?:disapa|dipanggil|bernama)\s+"
    r"(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"
)
#: Words that end a role phrase read backwards: "Lavrov menuduh Ukraina ... juru bicara" is no
#: role phrase through "menuduh".
_NOT_IN_ROLE = frozenset(
    """
    yang dan atau itu ini kepada bahwa tidak akan telah sudah dengan untuk dari oleh di ke pada
    sebagai dalam juga
    """.split()  # noqa: SIM905 - a word list reads better as text
)
#: Words that end a description of someone already named: "kata musisi itu".
_ANAPHORIC = frozenset({"tersebut", "itu", "ini"})
#: The most words of a name the tagger missed (see _untagged_name).
_MAX_NAME_WORDS = 3
#: How many words a role phrase or an appositive may span.
MAX_PHRASE_WORDS = 6
#: A dash between the words of a name: a dateline ("Suara.com - Pascal Wehrlein") or two
#: people ("Anies - Sandi").
DASHES = frozenset("-–—")


@dataclass(slots=True)
class Who:
    """What the text says of a speaker, before resolution."""

    entity: EntityMention | None = None
    pronoun: bool = False
    role: str | None = None
    #: Found at the start of the sentence, past a conjunction, not right before the verb.
    distant: bool = False
    #: A name the entities stage did not find, as written.
    name: str | None = None
    #: For a named speaker, the description the attribution gives them ("Ketua DPR"); for a
    #: description of someone already quoted ("sumber itu"), that description.
    title: str | None = None


@dataclass(slots=True)
class Found:
    """A quote as found, before its speaker is resolved (see
    :func:`warta.analyze.speaker_resolution.resolve_speakers`)."""

    paragraph: int
    start: int
    end_paragraph: int
    end: int
    text: str
    kind: str
    verb: str | None
    who: Who | None


class Context:
    """The article's paragraphs with their sentences and entity mentions, for lookups."""

    def __init__(self, article: Article, body: list[str] | None = None) -> None:
        #: The paragraphs as read: ``body`` when given, of the same lengths as the article's.
        self.body = article.body if body is None else body
        self.mentions: dict[int, list[EntityMention]] = {}
        for mention in article.entities:
            if mention.type in _SPEAKER_TYPES:
                self.mentions.setdefault(mention.paragraph, []).append(mention)
        for mentions in self.mentions.values():
            mentions.sort(key=lambda m: m.start)
        self._sentences: dict[int, list[tuple[int, int]]] = {}
        self._starts: dict[int, list[int]] = {}
        self._mention_starts = {p: [m.start for m in ms] for p, ms in self.mentions.items()}
        # Lookups per quote read these, built once: scanning every mention for each quote
        # made an article of many quotes and names quadratic.
        # names of bodies and places, and of other entities of several words ("Boca Juniors",
        # typed a person too), that a tagger may glue before a person's name
        self._bodies = {
            key
            for mentions in self.mentions.values()
            for m in mentions
            for key in (
                (m.text.lower(), m.canonical.lower())
                if m.type != "PERSON"
                else (m.canonical.lower(),)
                if " " in m.canonical
                else ()
            )
        }
        self._alone = {
            m.text
            for mentions in self.mentions.values()
            for m in mentions
            if m.type == "PERSON" and " " not in m.text
        }
        self._names: dict[str, str] = {}
        self._full_names: dict[str, str] = {}
        self._longer = self._longer_names()
        self._persons = {
            paragraph: persons
            for paragraph, mentions in self.mentions.items()
            if (persons := [m for m in mentions if m.type == "PERSON"])
        }
        self._person_starts = {p: [m.start for m in ms] for p, ms in self._persons.items()}
        self._person_paragraphs = sorted(self._persons)

    def sentences(self, paragraph: int) -> list[tuple[int, int]]:
        """The sentences of a paragraph, as (start, end); split once, when first asked."""
        if paragraph not in self._sentences:
            spans = [(s.start, s.end) for s in split_sentences(self.body[paragraph])]
            self._sentences[paragraph] = spans
            self._starts[paragraph] = [start for start, _ in spans]
        return self._sentences[paragraph]

    def sentence_start(self, paragraph: int, offset: int) -> int:
        """Where the sentence holding ``offset`` starts, or at most LOOK_BACK characters
        before ``offset``: what lies further back never names a speaker for it."""
        self.sentences(paragraph)
        starts = self._starts[paragraph]
        at = bisect_right(starts, offset) - 1
        return max(starts[at] if at >= 0 else 0, offset - LOOK_BACK)

    def full_name(self, name: str) -> str:
        """The one longer name the article gives a one-word name ("Sari" → "Sari Wulandari",
        even when the tagger typed the long one as a place; "Ratna" → "Ratna Kumalasari" when
        it cut the name in two; "Djanur" → "Djadjang Nurdjaman", a nickname made of the
        starts of its words), else the name itself."""
        if " " in name:
            return name
        if name not in self._full_names:  # a speaker is asked for at each of their quotes
            self._full_names[name] = self._full_name(name)
        return self._full_names[name]

    def _full_name(self, name: str) -> str:
        longer = self._longer.get(name, ())
        if not longer:
            longer = {
                full
                for fulls in self._longer.values()
                for full in fulls
                if abbreviates(name.lower(), full.lower().split())
            }
        return next(iter(longer)) if len(longer) == 1 else name

    @property
    def bodies(self) -> set[str]:
        """Names (lowercased) of the bodies and places the article names, and of the other
        entities of several words."""
        return self._bodies

    def person_name(self, canonical: str) -> str:
        """A person's name without what the tagger glued before it: a dateline ("Suara.com -
        Pascal Wehrlein"), an office, a rank or an acronym ("Sesmenpora Gatot S. Dewa Broto",
        "Irjen Pol Condro Kirono", "KPU RI Arief Budiman"), an office word typed wrong
        ("Keamana Wiranto"), or a body or place the article names ("Ducati Paolo Ciabatti")."""
        if canonical not in self._names:
            self._names[canonical] = self._clean_name(canonical.split())
        return self._names[canonical]

    def two_people(self, name: str) -> bool:
        """Whether a name is two people joined by a dash ("Anies - Sandi"): each side is a
        name the article uses alone."""
        words = name.split()
        dashes = [i for i, word in enumerate(words) if word in DASHES]
        if len(dashes) != 1:
            return False
        left, right = words[: dashes[0]], words[dashes[0] + 1 :]
        return bool(left and right) and {left[-1], right[0]} <= self._alone

    def _clean_name(self, words: list[str]) -> str:
        dashes = [i for i, word in enumerate(words) if word in DASHES]
        if dashes and all(not_a_name(word) for word in words[: dashes[0]]):
            words = words[dashes[-1] + 1 :] or words  # a dateline
        start = 0
        while start < len(words) - 1:
            if not_a_name(words[start]) or mistyped_office(words[start]):
                start += 1
                continue
            body = next(
                (
                    end
                    for end in range(len(words) - 1, start, -1)
                    if " ".join(words[start:end]).lower() in self._bodies
                ),
                None,
            )
            if body is None:
                break
            start = body
        return " ".join(words[start:])

    def _longer_names(self) -> dict[str, set[str]]:
        """For each word, the longer names it may stand for: the names of several words it
        begins or ends, and the name of a person written right after it."""
        longer: dict[str, set[str]] = {}
        for paragraph, mentions in self.mentions.items():
            for mention, following in zip(mentions, [*mentions[1:], None], strict=True):
                if mention.type == "PERSON" and self.two_people(mention.canonical):
                    continue
                canonical = self.person_name(mention.canonical)
                words = canonical.split()
                # "Pendiri Presidium Alumni 212 Faizal Assegaf" as one body: the name at its
                # end, from a word the article calls a person by
                for index in range(1, len(words) - 1):
                    if words[index] in self._alone and all(
                        w[:1].isupper() and not is_role_head(w) for w in words[index:]
                    ):
                        longer.setdefault(words[index], set()).add(" ".join(words[index:]))
                        break
                if len(words) > 1:
                    for word in {words[0], words[-1]}:
                        longer.setdefault(word, set()).add(canonical)
                adjacent = (
                    following is not None
                    and following.type == "PERSON"
                    and self.body[paragraph][mention.end : following.start] == " "
                )
                if adjacent and following is not None:
                    name = mention.canonical
                    longer.setdefault(name, set()).add(f"{name} {following.canonical}")
        return longer

    def last_person(self, paragraph: int, offset: int) -> str | None:
        """The last person named before ``offset`` in ``paragraph``, looking back through the
        paragraphs before it; None when no person is named earlier."""
        persons = self._persons.get(paragraph, [])
        # Only a mention starting before ``offset`` may end before it.
        for index in range(
            bisect_right(self._person_starts.get(paragraph, []), offset) - 1, -1, -1
        ):
            if persons[index].end <= offset:
                return persons[index].canonical
        earlier = bisect_left(self._person_paragraphs, paragraph)
        return (
            self._persons[self._person_paragraphs[earlier - 1]][-1].canonical if earlier else None
        )

    def in_range(self, paragraph: int, start: int, end: int) -> list[EntityMention]:
        """The mentions wholly inside ``[start, end)`` of a paragraph, in order."""
        mentions = self.mentions.get(paragraph, [])
        starts = self._mention_starts.get(paragraph, [])
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        return [m for m in mentions[first:last] if m.end <= end]

    def ending_at(self, paragraph: int, end: int) -> EntityMention | None:
        """The mention ending at ``end`` (or one character before it), if any."""
        mentions = self.mentions.get(paragraph, [])
        starts = self._mention_starts.get(paragraph, [])
        first = max(0, bisect_left(starts, end - LOOK_BACK))
        for mention in mentions[first : bisect_left(starts, end)]:
            if end - 1 <= mention.end <= end:
                return mention
        return None


#: The most words of relative clauses between a subject and its verb ("yang tak mau disebut
#: namanya", "yang terdampak, yang meminta namanya tidak disebut").
_MAX_RELATIVE_WORDS = 12


def covers(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether one of the sorted, non-overlapping ``spans`` holds ``offset``."""
    at = bisect_right(spans, (offset, sys.maxsize)) - 1
    return at >= 0 and spans[at][0] <= offset < spans[at][1]


def attribution_end(text: str, start: int) -> int:
    """Where the speaker's description after an attribution verb ends, at most
    ATTRIBUTION_REACH characters after it; the period of a title ("drg. Raymond", "Prof.
    Budi") does not end it."""
    reach = start + ATTRIBUTION_REACH
    for stop in _ATTRIBUTION_END.finditer(text, start, reach + _STOP_WORD_SPAN):
        if stop.start() >= reach:
            break
        if stop.group() == ".":
            before = text[max(start, stop.start() - 6) : stop.start()].split()
            if before and (before[-1] in TITLES or len(before[-1]) == 1):
                continue
        return stop.start()
    return min(reach, len(text))


def speaker_after(context: Context, paragraph: int, start: int, verb: str) -> Who | None:
    """The speaker named after an attribution verb that ends at ``start``."""
    text = context.body[paragraph]
    end = attribution_end(text, start)
    called = _CALLED.match(text, start)
    if called is not None:
        # "ujar pria yang akrab disapa Ketjuk itu"
        return Who(name=called["name"])
    mentions = context.in_range(paragraph, start, end)
    people = [m for m in mentions if m.type == "PERSON"]
    if len(people) > 1 and text[people[0].end : people[1].start].strip() == ",":
        # "ujar juru bicara Putin, Dmitry Peskov": the first name belongs to the role
        before = WORD.findall(text[start : people[0].start])
        if before and is_role_head(before[0]):
            return Who(entity=people[1], title=_title(text, start, people[0].start))
    if people:
        before = list(WORD.finditer(text, start, people[0].start))
        while before and before[0].group().lower() in DETERMINERS:
            before.pop(0)
        if before and before[-1].group() in RELATIONS and is_role_head(before[0].group()):
            # "ucap orang kepercayaan Hasina": someone close to Hasina, not Hasina
            return Who(role=_role_text(text[before[0].start() : people[0].end]))
        return Who(entity=people[0], title=_title(text, start, people[0].start))
    if verb.lower().endswith("nya") and attribution_verb(verb):
        return Who(pronoun=True)
    words = list(WORD.finditer(text, start, end))
    while words and words[0].group().lower() in DETERMINERS:
        words.pop(0)
    while words and words[-1].group().lower() in _WHEN:
        words.pop()  # "sebut Kremlin Hari Minggu": when it was said, not who
    if len(words) > 1 and _AGE.fullmatch(text, words[-2].end(), words[-1].end()):
        words.pop()  # "ujar Dirman, 58", "kata Siti (34)": the speaker's age
    words = _without_degrees(text, words)
    if not words:
        return None
    if is_role_head(words[0].group()) and words[0].group().lower() not in PRONOUNS:
        named = _named_further(context, paragraph, start, end)
        if named is not None:
            return named
    if (
        words[0].group().lower() in PRONOUNS
        or words[-1].group().lower() in _ANAPHORIC
        or _anaphoric_further(text, end)
    ):
        # "kata dia"; "kata pemilik sembilan gelar juara dunia tersebut": the one just quoted;
        # "tutur sumber itu": the source quoted before
        described = words[-1].group().lower() in _ANAPHORIC and len(words) > 1
        return Who(pronoun=True, title=words[0].group() if described else None)
    name = _untagged_name(context, paragraph, words)
    if name is not None:
        return Who(name=name)
    if is_role_head(words[0].group()):
        # "ujar juru bicara Samsung": a spokesperson, not the company
        phrase = words[:MAX_PHRASE_WORDS]
        return Who(role=_role_text(text[phrase[0].start() : phrase[-1].end()]))
    # "kata Kremlin": an organisation or a place speaks only when it is the whole attribution
    return Who(entity=mentions[0]) if mentions and mentions[0].start == words[0].start() else None


#: The most words a description runs on past where its attribution stopped ("di semua kelas
#: tersebut" after "ujar pemilik lima gelar juara dunia").
_MAX_WORDS_FURTHER = 5
_CLAUSE_MARK = re.compile(r"[.,;:!?\"“”()]")


def _anaphoric_further(text: str, end: int) -> bool:
    """Whether the description that an attribution stop word cut ("di", "dalam") goes on to
    end the clause with "tersebut" or "itu", a few words later: "ujar pemilik lima gelar juara
    dunia di semua kelas tersebut" is the one just quoted, not an unnamed speaker."""
    mark = _CLAUSE_MARK.search(text, end)
    rest = WORD.findall(text, end, mark.start() if mark else len(text))
    return 1 < len(rest) <= _MAX_WORDS_FURTHER and rest[-1].lower() in _ANAPHORIC


#: Academic degrees after a name ("Fathur Rokhman M.Hum.", "S.H.", "Ph.D"): a short
#: capitalised abbreviation, a period, then a few letters.
_DEGREE = re.compile(r"\b[A-Z][a-z]{0,2}\.\s?[A-Za-z]{1,4}\.?$")
#: How far past the end of a role phrase a name may follow in the same clause: "ujar Duta
#: Besar Republik Indonesia di New York, Abdul Kadir Jailani, kepada ...".
_FURTHER_REACH = 120
_CLAUSE_END = re.compile(r"[.;:!?\"“”(]\s|[.;:!?\"“”(]$|,\s+(?=[a-z])")
#: What may stand between a role phrase and the name it goes on to: where the role is ("di New
#: York,") or its body's acronym ("PT Wahana Auto Ekamarga (WAE),") before an appositive name,
#: or a second role ("yang juga Kepala Dinas ...").
_TO_NAME = re.compile(
    r"\s+(?:di\s+(?:[A-Z][\w'’-]*\s*){1,4}?,\s*$|yang\s+(?:juga|merupakan|menjabat|adalah)\s)"
    r"|\s*\(\s*[\w.&-]{1,15}\s*\)\s*,\s*$"
)


def _without_degrees(text: str, words: list[re.Match[str]]) -> list[re.Match[str]]:
    """The words of an attribution without academic degrees at the end."""
    while len(words) > 1 and _DEGREE.search(text, words[-2].start(), words[-1].end()):
        words = words[:-2]
    return words


def _title(text: str, start: int, name_start: int) -> str | None:
    """The role an attribution gives before a name: "kata Ketua DPR Setya Novanto" →
    "Ketua DPR"; None when the words before the name are no role phrase."""
    words = list(WORD.finditer(text, start, name_start))
    while words and words[0].group().lower() in DETERMINERS:
        words.pop(0)
    if not words or not is_role_head(words[0].group()):
        return None
    who = role_phrase(text, words[:MAX_PHRASE_WORDS])
    return who.role.rstrip(" ,") if who is not None and who.role else None


def _named_further(context: Context, paragraph: int, start: int, end: int) -> Who | None:
    """The person a role phrase goes on to name past a word that usually ends an attribution,
    in the same clause: "ujar Duta Besar RI di New York, Abdul Kadir Jailani, kepada ...",
    "kata Ketua Panitia yang juga Kepala Dinas Pemuda dan Olahraga Padang Suardi, di ..."."""
    text = context.body[paragraph]
    stop = _CLAUSE_END.search(text, end, min(len(text), end + _FURTHER_REACH))
    clause_end = stop.start() if stop else min(len(text), end + _FURTHER_REACH)
    people = [m for m in context.in_range(paragraph, end, clause_end) if m.type == "PERSON"]
    if people and _TO_NAME.match(text, end, people[0].start):
        return Who(entity=people[0], title=_title(text, start, end))
    between = _TO_NAME.match(text, end, clause_end)
    if between is None or "yang" not in between.group():
        return None
    words = list(WORD.finditer(text, between.end(), clause_end))
    if words and text[clause_end : clause_end + 1] == ",":
        name = _untagged_name(context, paragraph, words)
        if name is not None:
            return Who(name=name, title=_title(text, start, end))
    return None


#: A person's age after their name: "Dirman, 58", "Siti (34)".
_AGE = re.compile(r"(?:,\s*|\s*\(\s*)\d{1,3}")
#: Words that say when something was said, at the end of an attribution.
_WHEN = frozenset({"hari", "pada", "tanggal", "kemarin", "lalu", *WEEKDAYS, *MONTHS})


def _untagged_name(context: Context, paragraph: int, words: list[re.Match[str]]) -> str | None:
    """A name the tagger missed at the end of an attribution, after role words: "kata Kabid
    Dokkes Polda Papua Kombes drg. Raymond" → "Raymond", "imbuh Ketjuk" → "Ketjuk". Up to
    three capitalised words that are no role word, no acronym and no place or body found."""
    text = context.body[paragraph]
    tagged = context.in_range(paragraph, words[0].start(), words[-1].end())
    # After a role word, the tagger often swallows the name into the body before it ("Kepala
    # Pelaksana BPBD Garut Satria Budi" as one organisation): then only a known place or body
    # ends the name.
    after_role = is_role_head(words[0].group())
    run: list[re.Match[str]] = []
    for word in reversed(words):
        value = word.group()
        inside = [m for m in tagged if m.start <= word.start() < m.end]
        if (
            len(run) == _MAX_NAME_WORDS
            or not value[:1].isupper()
            or value.isupper()
            or is_role_head(value)
            or value.lower() in OFFICE_WORDS  # "Kepala Dinas Pemuda dan Olahraga"
            or value.lower() in context.bodies  # a place the article names alone: "Padang"
            or (inside and not (after_role and inside[0].type != "PERSON"))
            or (inside and known_place_or_body(value, tagger("news").resources.gazetteer))
        ):
            break
        run.insert(0, word)
    if not run or run[-1] is not words[-1]:
        return None
    first = words[0].group()
    if (
        first.islower()
        and first in SPEAKER_NOUNS
        and not text[: run[0].start()].rstrip().endswith(",")
    ):
        return None  # "kata ibu berlogat Batak": a common noun's description, not a name
    if any(m.type != "PERSON" and m.start >= run[0].start() for m in tagged):
        return None  # the whole of an organisation's name ("juru bicara Kementerian Luar Negeri")
    return text[run[0].start() : run[-1].end()]


def subject(context: Context, paragraph: int, verb_start: int) -> Who | None:
    """The subject of a speech verb at ``verb_start``: the words before it in its sentence."""
    text = context.body[paragraph]
    sentence_start = context.sentence_start(paragraph, verb_start)
    words = list(WORD.finditer(text, sentence_start, verb_start))
    # "Enah (54), mengaku": an age; "Kemenhub sebelumnya menyatakan": an adverb
    while words and (words[-1].group().lower() in ADVERBS or words[-1].group().isdigit()):
        words.pop()
    if not words:
        return None
    last = words[-1]
    if last.group().lower() in CONJUNCTIONS:
        who = _sentence_subject(context, paragraph, sentence_start, last.start())
        if who is not None:
            who.distant = True
        return who
    if last.group().lower() in PRONOUNS:
        return Who(pronoun=True)
    mention = context.ending_at(paragraph, last.end())
    if mention is not None:
        return Who(entity=_role_holder(context, paragraph, words[0].start(), mention) or mention)
    who = _role_after_relative(context, paragraph, words)
    if who is not None:
        return who
    relative = [i for i, w in enumerate(words) if w.group().lower() == "yang"]
    if relative and relative[0] > 0 and len(words) - relative[0] <= _MAX_RELATIVE_WORDS:
        # "Ketua RT setempat yang tak mau disebut namanya menyebut ...", "Seorang karyawan
        # yang terdampak, yang meminta namanya tidak disebut, mengaku ...": the subject is the
        # phrase before its relative clauses
        words = words[: relative[0]]
        last = words[-1]
        mention = context.ending_at(paragraph, last.end())
        if mention is not None:
            return Who(entity=mention)
    tail = words[-MAX_PHRASE_WORDS:]
    # "Peskov, juru bicara Kremlin, mengatakan": a person named just before an appositive role
    for mention in reversed(context.in_range(paragraph, tail[0].start(), last.end())):
        between = WORD.findall(text[mention.end : last.end()])
        if mention.type == "PERSON" and between and is_role_head(between[0]):
            return Who(entity=mention)
    who = role_phrase(text, tail)
    name = _appositive_name(who.role) if who is not None and who.role else None
    return Who(name=name) if name else who


def _role_holder(
    context: Context, paragraph: int, start: int, mention: EntityMention
) -> EntityMention | None:
    """The person opening the sentence (at ``start``) before a comma, whose role after it
    names the ``mention`` it is related to: "Fredrich Yunadi, kuasa hukum Setnov mengatakan
    ..." is the lawyer's, not Setnov's; not a name ending a fronted phrase ("Menanggapi
    wawancara Jackson, juru bicara Holly Baird mengatakan")."""
    text = context.body[paragraph]
    comma = text.rfind(",", start, mention.start)
    if comma == -1:
        return None
    role = WORD.findall(text, comma, mention.start)
    holder = context.ending_at(paragraph, comma)
    if not role or not is_role_head(role[0]) or holder is None or holder.type != "PERSON":
        return None
    before = WORD.findall(text, start, holder.start)  # a title or a rank: "AKP Boby ..."
    if all(word[:1].isupper() or is_role_head(word) for word in before):
        return holder
    return None


def _role_after_relative(
    context: Context, paragraph: int, words: list[re.Match[str]]
) -> Who | None:
    """A role phrase between a comma and the verb, after a fronted phrase with a relative
    clause: "Mengenai tuduhan ... yang dilayangkan pengacara Setya Novanto ke dua pemimpin KPK,
    Wakil Presiden menegaskan ..." is the Vice-President's, not the lawyer's client's. Not a
    role in apposition to a name before the comma ("Geatan, saksi mata lain, menyebut")."""
    text = context.body[paragraph]
    comma = text.rfind(",", words[0].start(), words[-1].end())
    if comma == -1:
        return None
    role = [word for word in words if word.start() > comma]
    fronted = [word.group().lower() for word in words if word.start() < comma]
    named = context.ending_at(paragraph, comma)
    if (
        not role
        or len(role) > MAX_PHRASE_WORDS
        or not is_role_head(role[0].group())
        or "yang" not in fronted
        or any(word.group().lower() == "yang" for word in role)
        or context.in_range(paragraph, role[0].start(), role[-1].end())
        or (named is not None and named.type == "PERSON")
    ):
        return None
    return role_phrase(text, role)


def role_phrase(text: str, words: list[re.Match[str]]) -> Who | None:
    """A role phrase ending the ``words`` ("juru bicara kepresidenan"), or None."""
    for index, word in enumerate(words):
        rest = [w.group().lower() for w in words[index:]]
        if is_role_head(word.group()) and not _NOT_IN_ROLE.intersection(rest):
            return Who(role=_role_text(text[word.start() : words[-1].end()]))
    return None


def _appositive_name(role: str) -> str | None:
    """A name after a role phrase's last comma: "salah seorang warga Kecamatan Tarogong Kidul,
    Enah" → "Enah"; not a rank or an acronym ("Kapolres Boyolali, AKBP")."""
    if "," not in role:
        return None
    name = role.rsplit(",", 1)[-1].strip()
    parts = name.split()
    if parts and all(p[:1].isupper() and not p.isupper() and not is_role_head(p) for p in parts):
        return name
    return None


#: A comma and a word in lower case: the clause after a role phrase ("menurut Staf Umum Turki,
#: operasi tersebut ..."), where a place or a name may follow a role's comma ("pria asal
#: Purworejo, Jawa Tengah").
_CLAUSE_AFTER_ROLE = re.compile(r",\s+(?=[a-z])")


def _role_text(phrase: str) -> str:
    """A role phrase as a speaker's name, up to a clause that follows it after a comma; a
    common noun capitalised only because it opens a sentence loses the capital ("Warga
    mengatakan" → "warga")."""
    clause = _CLAUSE_AFTER_ROLE.search(phrase)
    if clause is not None:
        phrase = phrase[: clause.start()]
    words = phrase.split()
    head = words[0]
    capitalised_office = len(words) > 1 and words[1][:1].isupper()  # "Juru Bicara KOI"
    if head.lower() in COMMON_SPEAKERS and head[1:].islower() and not capitalised_office:
        return head.lower() + phrase[len(head) :]
    return phrase


def _sentence_subject(
    context: Context, paragraph: int, sentence_start: int, before: int
) -> Who | None:
    """The subject at the start of a sentence, for a verb after a conjunction: "Gedung Putih
    menolak ..., tetapi mengatakan ..."."""
    text = context.body[paragraph]
    words = list(WORD.finditer(text, sentence_start, before))[:4]
    for word in words:
        if word.group().lower() in PRONOUNS:
            return Who(pronoun=True)
        for mention in context.in_range(paragraph, word.start(), before):
            if mention.start == word.start():
                return Who(entity=mention)
    return None


def speech_verb_before(context: Context, paragraph: int, offset: int) -> re.Match[str] | None:
    """The last speech verb in the sentence before ``offset``."""
    text = context.body[paragraph]
    found = None
    for word in WORD.finditer(text, context.sentence_start(paragraph, offset), offset):
        if is_speech_verb(word.group()):
            found = word
    return found
