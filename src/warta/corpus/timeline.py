"""The timeline of a story: what happened (or is planned) on which date, in one line per
development, each citing every sentence that dates it.

How it is built, from the story's articles:

1. **Dated sentences.** Every date mention of an article's body (captions never: a photo's date
   is not a development) gives the sentence around it, with the date's value, precision and
   status from the dates stage (:mod:`warta.analyze.dates`). Left out: a date that only says
   when a cited outlet reported ("seperti dilansir dari Russia Today, Jumat (31/12/2021)") on
   the article's own publication day, and the end of a period ("diperpanjang hingga 26
   Oktober"), a deadline rather than a development. A date whose weekday contradicts it ("Rabu
   (18/1)" in a year when the 18th is a Tuesday) is read as the named weekday when that is the
   day before or after, and flagged ``weekday-conflict``. A week ("pekan depan"), a month or
   year counted from the publication ("bulan lalu") and one of two alternatives ("Rabu atau
   Kamis") only say roughly when (see 2).
2. **Publication times.** An article's lead sentence, when it names no date itself, dates the
   article's own development on its event day (:func:`warta.corpus.features.event_day`: the
   day its text returns to most near its publication, else the publication day). Such a date,
   like the rough ones of 1, joins the entry a firm date makes on that day, and makes one alone
   only when :data:`CORROBORATION` original articles agree.
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from warta.analyze.dates import RELATIVE, WEEK, WEEKDAY_CONFLICT
from warta.corpus.features import background_articles, background_count, day_to_date, event_day
from warta.lang.id.calendar import WEEKDAYS
from warta.lang.id.sentences import Sentence, split_sentences
from warta.lang.id.stems import content_stems
from warta.model import Article, DateMention, SourceRef, TimelineEntry
from warta.timestamps import to_utc

#: How far before a story's first article and after its last a date is still part of its
#: main line. Before: news recalls the run-up of a development for a few weeks (the samples'
#: talks recall the summit of the month before). After: announced dates (talks, a verdict, an
#: election) are rarely more than a year ahead.
BEFORE_DAYS = 45
AFTER_DAYS = 366

#: Original articles that must agree on a date no sentence names (a week's Monday, an
#: article's publication day) before it is an entry of its own: one article published on a day
#: is not a development of that day; two outlets reporting that day's news are.
CORROBORATION = 2

#: Status words of the dates stage.
HAPPENED = "happened"
PLANNED = "planned"

#: Flags an entry can carry.
WAS_PLANNED = "was-planned"
BACKGROUND = "background"

#: Weights of the representative-sentence score: likeness to the entry's other sentences and
#: to the story, a bonus for a lead sentence (first two paragraphs) and a penalty for a
#: sentence that is a quotation or outside the length a reader takes in at a glance. Set by
#: reading the samples' entries and checking a few IndoSum stories by hand.
GROUP_WEIGHT = 1.0
STORY_WEIGHT = 0.5
LEAD_BONUS = 0.3
QUOTE_PENALTY = 0.3
ANAPHOR_PENALTY = 0.3
USED_PENALTY = 2.0
LENGTH_PENALTY = 0.3
LEAD_PARAGRAPHS = 2
SHORT_WORDS = 6
LONG_WORDS = 40

#: Sentence openings that lean on the sentence before ("Hal tersebut ...", "Ia menambahkan",
#: "Selain itu"): such a sentence does not stand alone as an entry or a summary line.
_REFERENCE_START = re.compile(
    r"^[\"“‘']?(?:hal\s+(?:itu|ini|tersebut)|ia|dia|mereka|beliau|namun|tetapi|akan\s+tetapi"
    r"|sementara\s+itu|selain\s+itu|oleh\s+karena\s+itu|karena\s+itu|dengan\s+demikian"
    r"|kemudian|lalu|selanjutnya|adapun|menurutnya|katanya|sebelumnya|pihaknya"
    r"|ini|(?:\w+\s+){1,2}(?:ini|itu|tersebut)\b)\b",
    re.IGNORECASE,
)


def starts_with_reference(text: str) -> bool:
    """Whether a sentence opens by pointing back at the one before it."""
    return _REFERENCE_START.match(text) is not None


#: A word that makes the date after it the end of a period ("hingga 26 Oktober", "sampai
#: dengan tanggal 5"), within this many characters before it.
_PERIOD_END = re.compile(
    r"\b(?:hingga|sampai(?:\s+dengan)?|s\.?\s?d\.?|s/d|batas\s+waktu|paling\s+lambat)"
    r"(?:\s+(?:tanggal|hari|akhir|awal|pertengahan|pada))*\s*$",
    re.IGNORECASE,
)
PERIOD_REACH = 40
#: "atau" between two dates makes both alternatives ("Selasa (2/5) atau Rabu (3/5)").
_OR_AFTER = re.compile(r"^[\s,]*atau\s+\S")
_OR_BEFORE = re.compile(r"\S\s+atau\s*$")
ALTERNATIVE_REACH = 12

#: A cue that the date after it says when a cited outlet reported, not when anything happened;
#: it must stand within this many characters before the date, in the same sentence.
_CITATION = re.compile(
    r"\b(?:dilansir|melansir|dikutip|mengutip|dilaporkan|melaporkan|diberitakan|memberitakan"
    r"|laporan|seperti\s+ditulis|menurut\s+(?:kantor\s+berita|laman|situs|media))\b",
    re.IGNORECASE,
)
CITATION_REACH = 80

_PRECISION = {10: "day", 7: "month", 4: "year"}
_QUOTE_OPENERS = frozenset("\"“‘'«")


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
    firm: bool = True  # a date the text names; not a week, not a publication day


def build_timeline(
    articles: Sequence[Article], copies: Mapping[str, str] | None = None
) -> Timeline:
    """The timeline of a story made of ``articles``.

    ``copies`` maps a copy's id to its original's: a copy's sentences cite it too, but only
    originals propose texts, so a wire story printed by ten outlets counts once.
    """
    copies = copies or {}
    dated = [item for article in articles for item in dated_sentences(article)]
    days = [day for article in articles if (day := _publication_day(article)) is not None]
    if not dated:
        return Timeline()
    first = min(days) if days else None
    last = max(days) if days else None
    main: list[_Dated] = []
    background: list[_Dated] = []
    for item in dated:
        (main if _on_main_line(item.value, first, last) else background).append(item)
    main = _drop_covered(main)
    story_vector = unit(tfidf(item.text for item in main))
    originals = {a.id for a in articles if a.id not in copies}
    return Timeline(
        entries=_entries(main, story_vector, originals, ()),
        background=_entries(background, story_vector, originals, (BACKGROUND,)),
    )


def dated_sentences(article: Article) -> list[_Dated]:
    """The sentences of one article that date a development, publication-time entry
    included."""
    sentences: dict[int, list[Sentence]] = {}
    published = _publication_date(article)
    found: list[_Dated] = []
    for mention in article.dates:
        if mention.part != "body" or mention.paragraph >= len(article.body):
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
        value = mention.value
        if WEEKDAY_CONFLICT in mention.flags:
            value = _named_weekday(mention.text, value) or value
        found.append(
            _Dated(
                value=value,
                status=_status(mention.status, value, published),
                source=SourceRef(article.id, mention.paragraph, sentence.start, sentence.end),
                text=sentence.text,
                flags=(WEEKDAY_CONFLICT,) if WEEKDAY_CONFLICT in mention.flags else (),
                lead=mention.paragraph < LEAD_PARAGRAPHS,
                firm=_firm(mention, paragraph),
            )
        )
    day = event_day(article)
    lead = split_sentences(article.body[0]) if article.body else []
    lead_dated = any(m.part == "body" and m.paragraph == 0 for m in article.dates)
    if day is not None and lead and not lead_dated:
        value = day_to_date(day)
        source = SourceRef(article.id, 0, lead[0].start, lead[0].end)
        if not any(item.value == value and item.source == source for item in found):
            found.append(_Dated(value, HAPPENED, source, lead[0].text, (), lead=True, firm=False))
    return found


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
        if not _stands(group, originals):
            continue
        candidates = [item for item in group if item.source.article in originals] or group
        best = _representative(candidates, story_vector, used)
        used.add(best.text)
        statuses = {item.status for item in group}
        status = HAPPENED if HAPPENED in statuses else PLANNED
        entry_flags = set(flags)
        if status == HAPPENED and PLANNED in statuses:
            entry_flags.add(WAS_PLANNED)
        if any(WEEKDAY_CONFLICT in item.flags for item in group):
            entry_flags.add(WEEKDAY_CONFLICT)
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


def _stands(group: Sequence[_Dated], originals: set[str]) -> bool:
    """Whether a date makes an entry: a sentence names it, or (for weeks and publication days,
    which only say roughly when) at least :data:`CORROBORATION` original articles agree."""
    if any(item.firm for item in group):
        return True
    return len({i.source.article for i in group if i.source.article in originals}) >= CORROBORATION


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
            - (QUOTE_PENALTY if item.text[:1] in _QUOTE_OPENERS else 0.0)
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


def _status(status: str, value: str, published: date | None) -> str:
    if status in (HAPPENED, PLANNED):
        return status
    start, _ = _span(value)
    if published is None or start is None:
        return HAPPENED
    return PLANNED if start > published else HAPPENED


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
    if WEEK in mention.flags:
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


def tfidf(texts: Iterable[str]) -> dict[str, float]:
    """Tf-idf of the stems of some texts, idf from the background counts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(content_stems(text))
    return {key: (1.0 + math.log(count)) * _idf(key) for key, count in counts.items()}


@lru_cache(maxsize=100_000)
def _idf(key: str) -> float:
    return math.log((background_articles() + 1) / (background_count("t:" + key) + 1))


def unit(vector: Mapping[str, float]) -> dict[str, float]:
    """A vector scaled to length 1 (empty when it is all zeros)."""
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {key: w / norm for key, w in vector.items()} if norm else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The dot product of two sparse vectors (their cosine, when both have length 1)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b[key] for key, weight in a.items() if key in b)


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The cosine of two sparse vectors."""
    return dot(unit(a), unit(b))
