"""Who is speaking: the speaker an attribution names, the subject of a speech verb, and the
person a role phrase or a pronoun stands for.

A :class:`Who` is what the text says of a speaker before resolution: an entity mention (from the
``entities`` stage), a pronoun or continuation ("ia", "lanjutnya"), a role phrase ("juru bicara
kepresidenan") or a name the tagger missed. :func:`resolve_speakers` turns the quotes
:mod:`warta.analyze.quotes` found into :class:`~warta.model.Quote` values, resolving speakers in
reading order.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
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
    PRONOUNS,
    WORD,
    attribution_verb,
    is_role_head,
    is_speech_verb,
)
from warta.lang.id.tokens import TITLES
from warta.model import Article, EntityMention, Quote

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


@dataclass(slots=True)
class Found:
    """A quote as found, before its speaker is resolved (see :func:`resolve_speakers`)."""

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

    def __init__(self, article: Article) -> None:
        self.body = article.body
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
        it cut the name in two), else the name itself."""
        if " " in name:
            return name
        longer = self._longer.get(name, ())
        return next(iter(longer)) if len(longer) == 1 else name

    def _longer_names(self) -> dict[str, set[str]]:
        """For each word, the longer names it may stand for: the names of several words it
        begins or ends, and the name of a person written right after it."""
        longer: dict[str, set[str]] = {}
        for paragraph, mentions in self.mentions.items():
            for mention, following in zip(mentions, [*mentions[1:], None], strict=True):
                words = mention.canonical.split()
                if len(words) > 1:
                    for word in {words[0], words[-1]}:
                        longer.setdefault(word, set()).add(mention.canonical)
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
#: Where a sentence may start, cheaply: a paragraph start, or after a sentence end and a space.
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])[\"”’]?\s+)(?=\S)")
#: Words that may come before a sentence's subject: "Sementara itu, Menteri Keuangan Sri
#: Mulyani ...", "Namun, Budi ...".
_BEFORE_SUBJECT = frozenset(
    ["sementara", "itu", "namun", "selain", "kemudian", "lalu", "sebelumnya", "adapun"]
)
#: The most words before a sentence's subject.
_MAX_WORDS_BEFORE_SUBJECT = 8


def covers(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether one of the sorted, non-overlapping ``spans`` holds ``offset``."""
    at = bisect_right(spans, (offset, sys.maxsize)) - 1
    return at >= 0 and spans[at][0] <= offset < spans[at][1]


def topics(context: Context, quoted: list[tuple[int, int, int]]) -> list[tuple[int, int, str]]:
    """People a sentence is about: a person named at the start of a sentence outside quote
    marks, after nothing but connectives, role words and capitalised words ("Yanuar Hidayat
    meminta ...", "Sementara itu, Ketua KPU Hasyim Asy'ari ..."). A pronoun after such a
    sentence means that person, not whoever was quoted before. As (paragraph, start, name)."""
    found: list[tuple[int, int, str]] = []
    quoted_in: dict[int, list[tuple[int, int]]] = {}
    for paragraph, start, end in quoted:
        quoted_in.setdefault(paragraph, []).append((start, end))
    for paragraph, mentions in context.mentions.items():
        text = context.body[paragraph]
        starts = [match.end() for match in _SENTENCE_START.finditer(text)]
        marked = sorted(quoted_in.get(paragraph, []))
        for mention in mentions:
            if mention.type != "PERSON" or covers(marked, mention.start):
                continue
            start = starts[bisect_right(starts, mention.start) - 1] if starts else 0
            start = max(start, mention.start - LOOK_BACK)
            # "Usai sidang, Rendy tampak tenang.": a fronted phrase, then the subject
            start = max(start, text.rfind(",", start, mention.start) + 1)
            before = WORD.findall(text, start, mention.start)
            if len(before) <= _MAX_WORDS_BEFORE_SUBJECT and all(
                word[:1].isupper() or is_role_head(word) or word.lower() in _BEFORE_SUBJECT
                for word in before
            ):
                found.append((paragraph, mention.start, mention.canonical))
    return sorted(found)


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
            return Who(entity=people[1])
    if people:
        return Who(entity=people[0])
    if verb.lower().endswith("nya") and attribution_verb(verb):
        return Who(pronoun=True)
    words = list(WORD.finditer(text, start, end))
    while words and words[0].group().lower() in DETERMINERS:
        words.pop(0)
    while words and words[-1].group().lower() in _WHEN:
        words.pop()  # "sebut Kremlin Hari Minggu": when it was said, not who
    if not words:
        return None
    if words[0].group().lower() in PRONOUNS or words[-1].group().lower() in _ANAPHORIC:
        # "kata dia"; "kata pemilik sembilan gelar juara dunia tersebut": the one just quoted
        return Who(pronoun=True)
    name = _untagged_name(context, paragraph, words)
    if name is not None:
        return Who(name=name)
    if is_role_head(words[0].group()):
        # "ujar juru bicara Samsung": a spokesperson, not the company
        phrase = words[:MAX_PHRASE_WORDS]
        return Who(role=_role_text(text[phrase[0].start() : phrase[-1].end()]))
    # "kata Kremlin": an organisation or a place speaks only when it is the whole attribution
    return Who(entity=mentions[0]) if mentions and mentions[0].start == words[0].start() else None


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
            or (inside and not (after_role and inside[0].type != "PERSON"))
            or (inside and known_place_or_body(value, tagger("news").resources.gazetteer))
        ):
            break
        run.insert(0, word)
    if not run or run[-1] is not words[-1]:
        return None
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
        return Who(entity=mention)
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


def _role_text(phrase: str) -> str:
    """A role phrase as a speaker's name: a common noun capitalised only because it opens a
    sentence loses the capital ("Warga mengatakan" → "warga")."""
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


def roles_of(context: Context) -> list[tuple[int, str, str]]:
    """(paragraph, role words lowercased, canonical) for each person the article gives a role,
    either in the entity mention or as an appositive: "juru bicara Kremlin, Dmitry Peskov"."""
    roles: list[tuple[int, str, str]] = []
    for paragraph, mentions in context.mentions.items():
        text = context.body[paragraph]
        for mention in mentions:
            if mention.type != "PERSON":
                continue
            if mention.role:
                roles.append((paragraph, mention.role.lower(), mention.canonical))
            before = list(WORD.finditer(text, max(0, mention.start - 80), mention.start))
            phrase = role_phrase(text, before[-MAX_PHRASE_WORDS:]) if before else None
            if phrase is not None and phrase.role:
                roles.append((paragraph, phrase.role.lower(), mention.canonical))
    return sorted(roles)


class RoleHolders:
    """The people an article gives each role (:func:`roles_of`), looked up by role phrase.

    Each phrase's holders are found once, from the roles holding its rarest word: an article
    of many roles and many role phrases is not read role by role for every phrase.
    """

    def __init__(self, roles: list[tuple[int, str, str]]) -> None:
        self._roles = [(p, frozenset(words.split()), canonical) for p, words, canonical in roles]
        self._having: dict[str, list[int]] = {}
        for number, (_, words, _) in enumerate(self._roles):
            for word in words:
                self._having.setdefault(word, []).append(number)
        # per set of words: the holders' paragraphs and names, in order, and the names as a set
        self._holders: dict[frozenset[str], tuple[list[int], list[str], frozenset[str]]] = {}

    def person(self, role: str, paragraph: int, last: str | None) -> str | None:
        """The person a role phrase stands for: one whose role holds all its words; the last
        speaker when they qualify, else the latest given it up to ``paragraph``; None when
        nobody has that role."""
        wanted = frozenset(role.lower().split())
        if wanted not in self._holders:
            self._holders[wanted] = self._holding(wanted)
        paragraphs, names, everyone = self._holders[wanted]
        if not names:
            return None
        if last is not None and last in everyone:
            return last
        earlier = bisect_right(paragraphs, paragraph)  # roles come sorted by paragraph
        return names[earlier - 1] if earlier else names[0]

    def _holding(self, wanted: frozenset[str]) -> tuple[list[int], list[str], frozenset[str]]:
        candidates: Sequence[int] = range(len(self._roles))
        if wanted:
            candidates = min((self._having.get(word, []) for word in wanted), key=len)
        matching = [self._roles[n] for n in candidates if wanted <= self._roles[n][1]]
        names = [canonical for _, _, canonical in matching]
        return [p for p, _, _ in matching], names, frozenset(names)


def resolve_speakers(
    found: list[Found], context: Context, quoted: list[tuple[int, int, int]]
) -> list[Quote]:
    """Speakers in reading order: role phrases take the person with that role; pronouns and
    continuations the person a sentence was about since the last quote, else the last person
    who spoke."""
    roles: RoleHolders | None = None
    subjects = topics(context, quoted)
    subject_at = [(paragraph, start) for paragraph, start, _ in subjects]
    quotes: list[Quote] = []
    seen: set[str] = set()
    last: str | None = None
    last_person: str | None = None
    last_at = (-1, -1)
    for item in sorted(found, key=lambda f: (f.paragraph, f.start)):
        speaker = None
        who = item.who
        if who is not None and who.entity is not None:
            entity = who.entity
            speaker = context.full_name(entity.canonical) if entity.type == "PERSON" else None
            speaker = speaker or entity.canonical
        elif who is not None and who.name is not None:
            speaker = context.full_name(who.name)
        elif who is not None and who.role is not None:
            if roles is None:
                roles = RoleHolders(roles_of(context))
            speaker = roles.person(who.role, item.paragraph, last) or who.role
        elif who is not None and who.pronoun:
            # "ia", "dia", "-nya" are people: one a sentence was about since the last quote,
            # else the last person who spoke, else the last speaker
            before = bisect_left(subject_at, (item.paragraph, item.start))
            topic = subjects[before - 1][2] if before and subject_at[before - 1] > last_at else None
            speaker = (
                topic or last_person or last or context.last_person(item.paragraph, item.start)
            )
        key = " ".join(item.text.lower().split())
        if key in seen or not WORD.search(item.text):
            continue  # said twice, or marks around nothing
        seen.add(key)
        if speaker is not None:
            last, last_at = speaker, max(last_at, (item.end_paragraph, item.end))
            if who is not None and (who.entity is None or who.entity.type == "PERSON"):
                last_person = speaker
        quotes.append(
            Quote(
                item.text,
                speaker,
                item.kind,
                item.verb,
                item.paragraph,
                item.start,
                item.end,
                item.end_paragraph,
            )
        )
    return quotes
