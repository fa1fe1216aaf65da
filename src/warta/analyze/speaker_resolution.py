"""Speakers in reading order: who each quote :mod:`warta.analyze.quotes` found is by.

A named speaker is the person's name cleaned of what the tagger glued to it; a role phrase is
the person the article gives that role, else an unnamed speaker (``speaker`` None, the role in
``speaker_role``); a pronoun, a continuation or a description with "itu" is the person a
sentence has been about since the last quote, else the last speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from warta.analyze.speakers import (
    DASHES,
    LOOK_BACK,
    MAX_PHRASE_WORDS,
    Context,
    Found,
    Who,
    covers,
    role_phrase,
)
from warta.lang.id.speech import WORD, is_role_head
from warta.model import Quote

#: A sentence end, cheaply: its mark, a closing quote mark, and the space after it.
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+(?=\S)")
#: Words that may come before a sentence's subject: "Sementara itu, Menteri Keuangan Sri
#: Mulyani ...", "Namun, Budi ...".
_BEFORE_SUBJECT = frozenset(
    ["sementara", "itu", "namun", "selain", "kemudian", "lalu", "sebelumnya", "adapun"]
)
#: The most words of a phrase fronted before a sentence's subject and a comma ("Usai sidang,",
#: "Dalam kesempatan yang sama,").
_MAX_FRONTED_WORDS = 5
#: What follows a name in a list: "Gus Dur, Jokowi, Budha dan Yesus".
_LISTED = re.compile(r"\s*(?:,|dan\b|serta\b)")
#: The most words before a sentence's subject.
_MAX_WORDS_BEFORE_SUBJECT = 8


def _sentence_starts(text: str) -> list[int]:
    """Where a sentence may start, cheaply: the paragraph's start, and after a sentence end."""
    # Two steps rather than one pattern "(?:^|(?<=[.!?])...)": a pattern opening with the
    # mark is searched by skipping to the marks, one opening with "^|" and a look-behind is
    # tried at every position of the text, three times slower.
    starts = [0] if text[:1] and not text[0].isspace() else []
    starts += [end.end() for end in _SENTENCE_END.finditer(text)]
    return starts


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
        starts = _sentence_starts(text)
        marked = sorted(quoted_in.get(paragraph, []))
        for mention in mentions:
            if mention.type != "PERSON" or covers(marked, mention.start):
                continue
            start = starts[bisect_right(starts, mention.start) - 1] if starts else 0
            start = max(start, mention.start - LOOK_BACK)
            # "Usai sidang, Rendy tampak tenang.": a short fronted phrase, then the subject;
            # "Seperti disampaikan penggiat museum, Arini.": a name after its description;
            # not a name listed after a comma ("tokoh seperti Gus Dur, Jokowi, Budha")
            comma = text.rfind(",", start, mention.start)
            listed = _LISTED.match(text, mention.end) is not None
            if comma != -1 and _appositive(text, start, comma, mention.end):
                # "Hakim tunggal PN Jakarta Selatan, Kusno, menggugurkan ...": the role's
                # holder, between commas, is what the sentence is about
                two = context.two_people(mention.canonical)
                found.append((paragraph, mention.start, mention.text if two else mention.canonical))
                continue
            if comma != -1 and (
                not listed or len(WORD.findall(text, start, comma)) <= _MAX_FRONTED_WORDS
            ):
                start = comma + 1
            before = WORD.findall(text, start, mention.start)
            if len(before) <= _MAX_WORDS_BEFORE_SUBJECT and all(
                word[:1].isupper() or is_role_head(word) or word.lower() in _BEFORE_SUBJECT
                for word in before
            ):
                # "Anies - Sandi" is two people: the sentence is about the one it names
                two = context.two_people(mention.canonical)
                found.append((paragraph, mention.start, mention.text if two else mention.canonical))
    return sorted(found)


#: A name set off by commas after the role phrase that opens its sentence, then the sentence
#: goes on in lower case: "Hakim tunggal PN Jakarta Selatan, Kusno, menggugurkan ..." (not a
#: list, "Gus Dur, Jokowi, Budha dan Yesus").
_APPOSITIVE_END = re.compile(r",\s+[a-z]")
#: The most words of a role phrase a name is the appositive of.
_MAX_ROLE_WORDS = 10


def _appositive(text: str, start: int, comma: int, end: int) -> bool:
    """Whether the name ending at ``end``, after the ``comma``, is the appositive of a role
    phrase that opens the sentence at ``start``: the sentence's first comma, so not "Direktur
    Olahraga Roma, Monchi, akan menemui agen Nainggolan, Alessandro Beltrami, pekan depan"."""
    words = [
        word for word in WORD.findall(text, start, comma) if word.lower() not in _BEFORE_SUBJECT
    ]
    return (
        0 < len(words) <= _MAX_ROLE_WORDS
        and text.find(",", start, comma) == -1
        and is_role_head(words[0])
        and _APPOSITIVE_END.match(text, end) is not None
    )


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


#: The last speaker, or the last person who spoke: a name, and a role (either may be None).
_Speaker = tuple[str | None, str | None]


class _Resolver:
    """What reading order knows when it meets a quote: the people sentences are about, the
    last speaker and the last person who spoke, and where the last speaker's quote ended."""

    def __init__(self, context: Context, quoted: list[tuple[int, int, int]]) -> None:
        self.context = context
        self.roles: RoleHolders | None = None
        self.subjects = topics(context, quoted)
        self.subject_at = [(paragraph, start) for paragraph, start, _ in self.subjects]
        self.last: _Speaker | None = None
        self.last_person: _Speaker | None = None
        self.last_at = (-1, -1)

    def speaker(self, item: Found) -> _Speaker:
        """The name and role of the speaker of a quote found at ``item``."""
        context, who = self.context, item.who
        if who is None:
            return None, None
        if who.entity is not None:
            return self._entity(who)
        if who.name is not None:
            return context.full_name(who.name), who.title
        if who.role is not None:
            if self.roles is None:
                self.roles = RoleHolders(roles_of(context))
            last_name = self.last[0] if self.last else None
            holder = self.roles.person(who.role, item.paragraph, last_name)
            return (context.person_name(holder) if holder else None), who.role
        if not who.pronoun:
            return None, None
        last = self.last
        described = who.title is not None and last is not None and last[0] is None
        if (
            described
            and last
            and (last[1] or "").lower().split()[:1] == [(who.title or "").lower()]
        ):
            return last  # "tutur sumber itu": the unnamed source quoted last
        # "ia", "dia", "-nya" are people: one a sentence was about since the last quote,
        # else the last person who spoke, else the last speaker
        before = bisect_left(self.subject_at, (item.paragraph, item.start))
        if before and self.subject_at[before - 1] > self.last_at:
            return context.full_name(context.person_name(self.subjects[before - 1][2])), None
        if self.last_person or last:
            return self.last_person or last or (None, None)
        named = context.last_person(item.paragraph, item.start)
        return (context.full_name(context.person_name(named)) if named else None), None

    def _entity(self, who: Who) -> _Speaker:
        """A speaker the entities stage names: a person by their cleaned, full name."""
        context, entity = self.context, who.entity
        assert entity is not None
        role = who.title or entity.role
        if entity.type != "PERSON":
            return entity.canonical, role
        if context.two_people(entity.canonical):
            # "Anies - Sandi": two people, no one speaker; "Anies" is one of them
            if context.two_people(entity.text):
                return None, entity.text
            return context.full_name(context.person_name(entity.text)), role
        name = context.person_name(entity.canonical)
        glued = entity.text[: -len(name)].strip() if entity.text.endswith(name) else ""
        if glued and not DASHES.intersection(glued):
            # "Kepala BPBD DKI Isnawa Adji" tagged from "DKI": those words are the role's
            role = f"{role} {glued}" if role else glued
        return context.full_name(name), role

    def spoke(self, item: Found, speaker: _Speaker) -> None:
        """Remember who spoke last, after a quote with a speaker."""
        if speaker == (None, None):
            return
        self.last, self.last_at = speaker, max(self.last_at, (item.end_paragraph, item.end))
        who = item.who
        if who is not None and (who.entity is None or who.entity.type == "PERSON"):
            self.last_person = speaker


def resolve_speakers(
    found: list[Found], context: Context, quoted: list[tuple[int, int, int]]
) -> list[Quote]:
    """Speakers in reading order: role phrases take the person with that role; pronouns and
    continuations the person a sentence was about since the last quote, else the last person
    who spoke. The same words quoted twice count once."""
    resolver = _Resolver(context, quoted)
    quotes: list[Quote] = []
    seen: set[str] = set()
    for item in sorted(found, key=lambda f: (f.paragraph, f.start)):
        speaker, role = resolver.speaker(item)
        key = " ".join(item.text.lower().split())
        if key in seen or not WORD.search(item.text):
            continue  # said twice, or marks around nothing
        seen.add(key)
        resolver.spoke(item, (speaker, role))
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
                speaker_role=role,
            )
        )
    return quotes
