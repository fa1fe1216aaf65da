"""The timeline of a story: what happened (or is planned) on which date, in one line per
development, each citing every sentence that dates it.

How it is built, from the story's articles:

1. **Dated sentences.** Every date mention of an article's body (captions never: a photo's date
   is not a development) gives the sentence around it (from its quotation's opening mark, for
   a later sentence of a quotation), with the date's value, precision and
   status from the dates stage (:mod:`warta.analyze.dates`). Left out: a date that only says
   when a cited outlet reported ("seperti dilansir dari Russia Today, Jumat (31/12/2021)") on
   the article's own publication day, and the end of a period ("diperpanjang hingga 26
   Oktober"), a deadline rather than a development, and a date in a question ("Sprindik
   tertanggal 31 Oktober, benar?"), which asserts nothing (a date in the attribution of a
   quoted question dates the saying: it stays). A date whose weekday contradicts it ("Rabu
   (18/1)" in a year when the 18th is a Tuesday) is read as the named weekday when that is the
   day before or after, and flagged ``weekday-conflict``. A range ("9-11 Juni", "2000-2002")
   is dated by its first day alone. A week ("pekan depan"), a weekend ("akhir pekan kemarin":
   it joins its Saturday's entry, else its Sunday's), a month or year counted from the
   publication ("bulan lalu") and one of two alternatives ("Rabu atau Kamis") only say
   roughly when (see 2).
2. **Publication times.** An article's lead sentence, when it names no date itself, dates the
   article's own development on its event day (:func:`warta.corpus.features.event_day`: the
   day its text returns to most near its publication, else the publication day). Such a date,
   joins the entry a firm date makes on that day, and makes one alone only when
   :data:`CORROBORATION` original articles agree. It never decides the entry's status when
   anything else dates it. The rough dates of 1 only ever join.
3. **Main line and background.** A date from :data:`BEFORE_DAYS` before the story's first
   article to :data:`AFTER_DAYS` after its last is on the main line; a date farther out (the
   2014 annexation of Crimea in a 2022 story) is background, listed apart. A month or year
   mention is kept only when no finer entry falls inside it: "awal bulan ini" adds nothing to a
   month whose days are already there.
4. **One entry per date.** All sentences that date a development on the same day are one entry,
   whatever outlet wrote them; its status is ``happened`` when any source reports it done (a
   planned event that later happened is updated and flagged ``was-planned``, not repeated),
   else ``planned``. Its text is its most representative sentence: the one closest to the
   entry's other sentences and to the story as a whole, preferring leads, plain statements over
   quotations, and sentences of reasonable length.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from warta.analyze.dates import RELATIVE, WEEK, WEEKDAY_CONFLICT, WEEKEND
from warta.corpus.features import day_to_date, event_day
from warta.corpus.vectors import dot, tfidf, unit
from warta.lang.id.calendar import WEEKDAYS
from warta.lang.id.discourse import (
    opens_with_quote,
    quotation_opened_before,
    starts_with_reference,
)
from warta.lang.id.sentences import Sentence, split_sentences
from warta.model import Article, DateMention, SourceRef, TimelineEntry
from warta.timestamps import to_utc

#: How far before a story's first article and after its last a date is still part of its
#: main line. Before: news recalls the run-up of a development for a few weeks (talks recall
#: the summit of the month before; a verdict the hearing before it); older dates are the
#: background the timeline-dev labeller left out (an attack a year earlier, a law). After:
#: announced dates (talks, a verdict, an election) are rarely more than a year ahead.
BEFORE_DAYS = 45
AFTER_DAYS = 366

#: Original articles that must agree on a date no sentence names (a week's Monday, an
#: article's publication day) before it is an entry of its own: one article published on a day
#: is not a development of that day; two outlets reporting that day's news are.
CORROBORATION = 2

#: Status words of the dates stage.
HAPPENED = "happened"
PLANNED = "planned"

#: Flags an entry can carry (besides the dates stage's ``weekday-conflict``).
WAS_PLANNED = "was-planned"
BACKGROUND = "background"
#: No source could say whether it happened (an undated story): it is called happened.
STATUS_UNKNOWN = "status-unknown"

#: Kinds of dated sentence: the text names the day; it names it roughly (a week, one of two
#: alternatives, a month counted from the publication); it is an article's lead on its day.
FIRM, ROUGH, PUBLICATION = "firm", "rough", "publication"

#: Weights of the representative-sentence score: likeness to the entry's other sentences and
#: to the story, a bonus for a lead sentence (first two paragraphs) and penalties for a sentence
#: that is a quotation, leans on the one before, was already chosen for an earlier entry, or is
#: outside the length a reader takes in at a glance. Judgement, not fitted: set by reading the
#: entries of the samples and of tests/fixtures/timeline-dev, whose gold gives dates, not texts.
#: The length bounds are tighter than the summary's: an entry is one line of a list.
GROUP_WEIGHT = 1.0
STORY_WEIGHT = 0.5
LEAD_BONUS = 0.3
QUOTE_PENALTY = 0.3
ANAPHOR_PENALTY = 0.3
USED_PENALTY = 2.0
LENGTH_PENALTY = 0.3
#: A sentence holding a question (a quoted one, dated by its attribution) tells an entry only
#: when no other sentence dates that day: larger than any likeness (at most 1 + 0.5 + 0.3).
QUESTION_PENALTY = 2.0
LEAD_PARAGRAPHS = 2
SHORT_WORDS = 6
LONG_WORDS = 40

#: A word that makes the date after it the end of a period ("hingga 26 Oktober", "sampai
#: dengan tanggal 5"), within this many characters before it.
_PERIOD_END = re.compile(
    r"\b(?:hingga|sampai(?:\s+dengan)?|s\.?\s?d\.?|s/d|batas\s+waktu|paling\s+lambat)"
    r"(?:\s+(?:tanggal|hari|akhir|awal|pertengahan|pada))*\s*$",
    re.IGNORECASE,
)
#: 40 characters hold the cue and a few words ("diperpanjang 14 hari hingga tanggal").
PERIOD_REACH = 40
#: What stands between the first and the last day of a range: a dash ("9-11 Juni", "2000 -
#: 2002", "Senin - Selasa, 6 - 7 Desember"); between two years also a slash ("musim 2017/2018").
_RANGE_DASH = re.compile(r"\s*[-–—]\s*")
_YEAR_SLASH = re.compile(r"\s*/\s*")
#: "atau" between two dates makes both alternatives ("Selasa (2/5) atau Rabu (3/5)").
_OR_AFTER = re.compile(r"^[\s,]*atau\s+\S")
_OR_BEFORE = re.compile(r"\S\s+atau\s*$")
#: 12 characters hold "atau" and its spaces and commas, not another clause.
ALTERNATIVE_REACH = 12

#: A mark that ends a sentence or a quoted one: "!", "?", a full stop that is not inside a number
#: ("pukul 10.00") or an abbreviation's middle.
_SENTENCE_END = re.compile(r"[!?]|\.(?=\s|$|[\"”’'])")
#: A cue that the date after it says when a cited outlet reported, not when anything happened;
#: it must stand within this many characters before the date, in the same sentence.
_CITATION = re.compile(
    r"\b(?:dilansir|melansir|dikutip|mengutip|dilaporkan|melaporkan|diberitakan|memberitakan"
    r"|laporan|seperti\s+ditulis|menurut\s+(?:kantor\s+berita|laman|situs|media))\b",
    re.IGNORECASE,
)
#: 80 characters hold the cue, an outlet's name and a weekday ("seperti dilansir dari kantor
#: berita Russia Today, Jumat").
CITATION_REACH = 80

_PRECISION = {10: "day", 7: "month", 4: "year"}


@dataclass(frozen=True, slots=True)
class Timeline:
    """A story's timeline: the main line in date order, and the background apart."""

    entries: list[TimelineEntry] = field(default_factory=list)
    background: list[TimelineEntry] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Dated:
    """A sentence of an article that dates a development."""

    value: str
    status: str
    source: SourceRef
    text: str
    flags: tuple[str, ...]
    lead: bool
    kind: str = "firm"  # FIRM: the text names the day; ROUGH: roughly; PUBLICATION: a lead


def build_timeline(
    articles: Sequence[Article], copies: Mapping[str, str] | None = None
) -> Timeline:
    """The timeline of a story made of ``articles``.

    ``copies`` maps a copy's id to its original's: a copy's sentences cite it too, but only
    originals propose texts, so a wire story printed by ten outlets counts once.
    """
    copies = copies or {}
    days = [day for article in articles if (day := _publication_day(article)) is not None]
    first = min(days) if days else None
    last = max(days) if days else None
    dated = [item for article in articles for item in dated_sentences(article, last)]
    if not dated:
        return Timeline()
    originals = {a.id for a in articles if a.id not in copies}
    main: list[_Dated] = []
    background: list[_Dated] = []
    for item in _standing(_weekends_on_their_day(dated), originals):
        (main if _on_main_line(item.value, first, last) else background).append(item)
    main = _drop_covered(main)
    story_vector = unit(tfidf(item.text for item in main))
    return Timeline(
        entries=_entries(main, story_vector, originals, ()),
        background=_entries(background, story_vector, originals, (BACKGROUND,)),
    )


def dated_sentences(article: Article, story_last: date | None = None) -> list[_Dated]:
    """The sentences of one article that date a development, publication-time entry
    included. ``story_last`` (the story's latest publication day) stands in for an undated
    article's own day when a date's status must be decided."""
    sentences: dict[int, Sequence[Sentence]] = {}
    published = _publication_date(article)
    reference = published or story_last
    found: list[_Dated] = []
    range_ends = _range_ends(article)
    for mention in article.dates:
        if mention.part != "body" or mention.paragraph >= len(article.body):
            continue
        if (mention.paragraph, mention.start) in range_ends:
            continue
        paragraph = article.body[mention.paragraph]
        if mention.paragraph not in sentences:
            sentences[mention.paragraph] = split_sentences(paragraph)
        sentence = _sentence_at(sentences[mention.paragraph], mention.start)
        if sentence is None:
            continue
        if (
            published is not None
            and _is_report_date(paragraph, sentence, mention.start)
            and (mention.value == published.isoformat())
        ):
            continue
        if _ends_a_period(paragraph, sentence, mention.start):
            continue
        if _asks(paragraph, sentence, mention.end):
            continue
        value = mention.value
        if WEEKDAY_CONFLICT in mention.flags:
            value = _named_weekday(mention.text, value) or value
        status, unsure = _status(mention.status, value, reference)
        # A sentence inside a quotation of several is read from the quotation's opening
        # mark: the entry then tells who said it, and never opens on a dangling close.
        start = quotation_opened_before(paragraph, sentence.start, sentence.end)
        start = sentence.start if start is None else start
        found.append(
            _Dated(
                value=value,
                status=status,
                source=SourceRef(article.id, mention.paragraph, start, sentence.end),
                text=paragraph[start : sentence.end],
                flags=tuple(
                    flag
                    for flag, present in (
                        (WEEKDAY_CONFLICT, WEEKDAY_CONFLICT in mention.flags),
                        (STATUS_UNKNOWN, unsure),
                        (WEEKEND, WEEKEND in mention.flags),
                    )
                    if present
                ),
                lead=mention.paragraph < LEAD_PARAGRAPHS,
                kind=FIRM if _firm(mention, paragraph) else ROUGH,
            )
        )
    found = _without_covered_weekends(found)
    day = event_day(article)
    lead = sentences.get(0) or (split_sentences(article.body[0]) if article.body else [])
    lead = [s for s in lead if not _asks(article.body[0], s, s.start)]
    lead_dated = any(item.source.paragraph == 0 for item in found)
    if day is not None and lead and not lead_dated:
        value = day_to_date(day)
        source = SourceRef(article.id, 0, lead[0].start, lead[0].end)
        status, unsure = _status("unknown", value, reference)
        flags = (STATUS_UNKNOWN,) if unsure else ()
        found.append(_Dated(value, status, source, lead[0].text, flags, True, PUBLICATION))
    return found


def _range_ends(article: Article) -> set[tuple[int, int]]:
    """The (paragraph, start) of body mentions that end a range begun by the mention just before
    them: "11 Juni" of "9-11 Juni", "2002" of "2000-2002", "2018" of "musim 2017/2018". A range
    is one development, dated by its first day; its end would repeat the sentence."""
    ends = set()
    previous: DateMention | None = None
    for mention in article.dates:
        if mention.part != "body" or mention.paragraph >= len(article.body):
            continue
        if previous is not None and previous.paragraph == mention.paragraph:
            between = article.body[mention.paragraph][previous.end : mention.start]
            years = len(previous.value) == len(mention.value) == len("YYYY")
            if _RANGE_DASH.fullmatch(between) or (years and _YEAR_SLASH.fullmatch(between)):
                ends.add((mention.paragraph, mention.start))
        previous = mention
    return ends


def _without_covered_weekends(items: list[_Dated]) -> list[_Dated]:
    """An article's items less a weekend whose sentence also names one of its two days ("akan
    dimulai akhir pekan ini di Sirkuit Jerez, Spanyol, Minggu (7/5)"): the day says it."""
    firm = {(item.source, item.value) for item in items if item.kind == FIRM}
    return [
        item
        for item in items
        if not (
            WEEKEND in item.flags
            and any((item.source, day) in firm for day in _weekend_days(item.value))
        )
    ]


def _weekends_on_their_day(items: Sequence[_Dated]) -> list[_Dated]:
    """Items with each weekend ("akhir pekan kemarin", dated by its Saturday) moved to its
    Sunday when a firm date makes an entry on the Sunday and none on the Saturday: a race or a
    match "last weekend" joins the entry of the day it was held."""
    firm = {item.value for item in items if item.kind == FIRM}
    moved = []
    for item in items:
        sunday = _weekend_days(item.value)[-1] if WEEKEND in item.flags else item.value
        if item.value not in firm and sunday in firm:
            moved.append(replace(item, value=sunday))
        else:
            moved.append(item)
    return moved


def _weekend_days(saturday: str) -> tuple[str, ...]:
    """The two days of a weekend given by its Saturday."""
    try:
        first = date.fromisoformat(saturday)
    except ValueError:
        return (saturday,)
    return (saturday, (first + timedelta(days=1)).isoformat())


def _standing(items: Sequence[_Dated], originals: set[str]) -> list[_Dated]:
    """The items whose date makes an entry: a sentence names the day, or (publication days,
    which only say roughly when) at least :data:`CORROBORATION` original articles agree. A
    rough date (a week, alternatives) never makes one: it only joins."""
    groups: dict[str, list[_Dated]] = defaultdict(list)
    for item in items:
        groups[item.value].append(item)
    standing = set()
    for value, group in groups.items():
        published = {i.source.article for i in group if i.kind == PUBLICATION} & originals
        if any(i.kind == FIRM for i in group) or len(published) >= CORROBORATION:
            standing.add(value)
    return [item for item in items if item.value in standing]


def _entries(
    items: Sequence[_Dated],
    story_vector: Mapping[str, float],
    originals: set[str],
    flags: tuple[str, ...],
) -> list[TimelineEntry]:
    groups: dict[str, list[_Dated]] = defaultdict(list)
    for item in items:
        groups[item.value].append(item)
    entries = []
    used: set[str] = set()  # a sentence tells one entry; another entry takes its next best
    for value, group in sorted(groups.items()):
        candidates = [item for item in group if item.source.article in originals] or group
        best = _representative(candidates, story_vector, used)
        used.add(best.text)
        # A publication day only says when an article appeared: it votes on the status only
        # when nothing else dates the entry.
        voters = [item for item in group if item.kind != PUBLICATION] or group
        statuses = {item.status for item in voters}
        status = HAPPENED if HAPPENED in statuses else PLANNED
        entry_flags = set(flags)
        if status == HAPPENED and PLANNED in statuses:
            entry_flags.add(WAS_PLANNED)
        if any(WEEKDAY_CONFLICT in item.flags for item in group):
            entry_flags.add(WEEKDAY_CONFLICT)
        if all(STATUS_UNKNOWN in item.flags for item in voters):
            entry_flags.add(STATUS_UNKNOWN)
        others = {item.source for item in group if item.source != best.source}
        sources = [best.source, *sorted(others, key=lambda s: (s.article, s.paragraph, s.start))]
        entries.append(
            TimelineEntry(
                date=value,
                precision=_PRECISION.get(len(value), "day"),
                status=status,
                text=best.text,
                sources=tuple(sources),
                flags=tuple(sorted(entry_flags)),
            )
        )
    entries.sort(key=lambda entry: (entry.date, len(entry.date)))
    return entries


def _representative(
    candidates: Sequence[_Dated], story: Mapping[str, float], used: set[str]
) -> _Dated:
    """The sentence that best tells what the group of sentences dates."""
    vectors = [unit(tfidf([item.text])) for item in candidates]
    group: Counter[str] = Counter()
    for vector in vectors:
        group.update(vector)
    group_norm2 = sum(w * w for w in group.values())

    def score(index: int) -> tuple[float, str, int, int]:
        item, vector = candidates[index], vectors[index]
        words = len(item.text.split())
        value = (
            GROUP_WEIGHT * _likeness_to_rest(vector, group, group_norm2)
            + STORY_WEIGHT * dot(vector, story)
            + (LEAD_BONUS if item.lead else 0.0)
            - (QUOTE_PENALTY if opens_with_quote(item.text) else 0.0)
            - (QUESTION_PENALTY if "?" in item.text else 0.0)
            - (ANAPHOR_PENALTY if starts_with_reference(item.text) else 0.0)
            - (USED_PENALTY if item.text in used else 0.0)
            - (LENGTH_PENALTY if words < SHORT_WORDS or words > LONG_WORDS else 0.0)
        )
        # Ties: the earliest source, so the same story always gets the same text.
        return (-value, item.source.article, item.source.paragraph, item.source.start)

    return candidates[min(range(len(candidates)), key=score)]


def _likeness_to_rest(
    vector: Mapping[str, float], group: Mapping[str, float], group_norm2: float
) -> float:
    """Cosine of a unit vector with the sum of the group's other vectors (the group's sum
    less itself), in time proportional to the vector alone."""
    if not vector:
        return 0.0
    shared = dot(vector, group)
    rest_norm2 = group_norm2 - 2 * shared + 1.0
    return (shared - 1.0) / math.sqrt(rest_norm2) if rest_norm2 > 1e-9 else 0.0


def _on_main_line(value: str, first: date | None, last: date | None) -> bool:
    if first is None or last is None:
        return True
    start, end = _span(value)
    if start is None or end is None:
        return False
    return end >= first - timedelta(days=BEFORE_DAYS) and start <= last + timedelta(days=AFTER_DAYS)


def _drop_covered(items: Sequence[_Dated]) -> list[_Dated]:
    """Month and year mentions that a finer mention already dates inside them."""
    days = {item.value for item in items if len(item.value) == 10}
    months = {value[:7] for value in days} | {item.value for item in items if len(item.value) == 7}
    kept = []
    for item in items:
        if len(item.value) == 7 and item.value in {value[:7] for value in days}:
            continue
        if len(item.value) == 4 and any(value.startswith(item.value) for value in months):
            continue
        kept.append(item)
    return kept


def _span(value: str) -> tuple[date | None, date | None]:
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return day, day
        if len(value) == 7:
            start = date.fromisoformat(value + "-01")
            following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
            return start, following - timedelta(days=1)
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        pass
    return None, None


def _status(status: str, value: str, reference: date | None) -> tuple[str, bool]:
    """A mention's status, ``unknown`` decided against the reference day (after it: planned);
    and whether it stayed unsure (no reference: called happened, and flagged)."""
    if status in (HAPPENED, PLANNED):
        return status, False
    start, _ = _span(value)
    if reference is None or start is None:
        return HAPPENED, True
    return (PLANNED if start > reference else HAPPENED), False


def _named_weekday(text: str, value: str) -> str | None:
    """The date of the weekday a mention names, when it is the day before or after the date
    it writes ("Rabu (18/1)" when the 18th is a Tuesday: Wednesday the 19th)."""
    words = re.findall(r"[^\W\d_][\w'’]*", text.casefold())
    weekday = next((WEEKDAYS[word] for word in words if word in WEEKDAYS), None)
    start, _ = _span(value)
    if weekday is None or start is None or len(value) != 10:
        return None
    for shift in (1, -1):
        day = start + timedelta(days=shift)
        if day.weekday() == weekday:
            return day.isoformat()
    return None


def _firm(mention: DateMention, paragraph: str) -> bool:
    """Whether a mention says when, not roughly when: not a week ("pekan depan"), not a month
    or year counted from the publication ("bulan lalu"), not one of two alternatives ("Rabu
    atau Kamis")."""
    if WEEK in mention.flags or WEEKEND in mention.flags:
        return False
    if len(mention.value) < len("YYYY-MM-DD") and RELATIVE in mention.flags:
        return False
    before = paragraph[max(0, mention.start - ALTERNATIVE_REACH) : mention.start]
    after = paragraph[mention.end : mention.end + ALTERNATIVE_REACH]
    return not (_OR_AFTER.match(after) or _OR_BEFORE.search(before))


def _ends_a_period(paragraph: str, sentence: Sentence, start: int) -> bool:
    """Whether a date closes a period ("diperpanjang hingga 26 Oktober", "sampai Januari
    2018"): the end of a span is a deadline, not a development."""
    window = paragraph[max(sentence.start, start - PERIOD_REACH) : start]
    return _PERIOD_END.search(window) is not None


def _asks(paragraph: str, sentence: Sentence, start: int) -> bool:
    """Whether the clause at ``start`` asks rather than tells: the first sentence end after
    it is a question mark ("Sprindik tertanggal 31 Oktober, benar?", also inside a quote
    before its attribution). A question dates nothing that happened. (A date in the attribution
    of a quoted question, '"Kenapa harus ada KPK?," ujar Ahmad Dhani, Kamis (6/7).', dates the
    saying: it counts, but its sentence tells the entry only when nothing else dates that
    day, see QUESTION_PENALTY.)"""
    end = _SENTENCE_END.search(paragraph, start, sentence.end)
    return end is not None and end.group() == "?"


def _is_report_date(paragraph: str, sentence: Sentence, start: int) -> bool:
    """Whether a citation cue ("dilansir dari ...") stands just before a date in its
    sentence."""
    window = paragraph[max(sentence.start, start - CITATION_REACH) : start]
    return _CITATION.search(window) is not None


def _sentence_at(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def _publication_date(article: Article) -> date | None:
    """The day an article was published, in its own time zone (else its lower bound)."""
    for value in (article.published, article.published_not_before):
        if value:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def _publication_day(article: Article) -> date | None:
    moment = to_utc(article.published)
    if moment:
        return date.fromisoformat(moment[:10])
    return _publication_date(article)
