"""Stage ``quotes``: who said what, as direct, partial and indirect quotes with their speakers.

- **Direct**: words in quote marks (" “ ” „ and, for whole sentences, ' ‘ ’) with an attribution
  after them (``"...," kata juru bicara Kremlin, Dmitry Peskov, kepada awak media``), before
  them (``Dia mengatakan: "..."``, ``Menurut Peskov, "..."``), around them (``"Kami siap,"
  ujarnya, "tetapi ..."``: one quote), or none, when a quoted paragraph continues the last
  speaker. A quote whose paragraphs each open with a mark and only the last closes is one quote
  over several paragraphs.
- **Partial**: a few quoted words inside a sentence that reports speech (``Biden memperkirakan
  Rusia akan “masuk” ke Ukraina``). Quoted words in a sentence without a speech verb are scare
  quotes or terms (``apa yang disebut Moskow 'garis merah'``), not anybody's words.
- **Indirect**: reported speech, ``X mengatakan (bahwa) ...``, ``Ia menambahkan, ...``,
  ``menurut X, ...``, ``..., kata X.``.

Speakers are resolved in reading order (:mod:`warta.analyze.speaker_resolution`): a named
person or organisation is the entity's canonical name (from the ``entities`` stage), cleaned of
what the tagger glued to it; "ia", "dia", "-nya" ("lanjutnya") are the person a sentence was
about since the last quote, else the last speaker; a role phrase ("tambah juru bicara
kepresidenan") is the person the article gives that role, else an unnamed speaker: no name, the
phrase as ``speaker_role`` ("warga"). The nearest attribution wins, in written and in
tokenised text (``" Tidak hanya tarif , " ucap Zulkifli``: spaced marks are read against the
words they enclose).

Offsets are into ``body[paragraph]``: a quote runs from ``start`` in ``paragraph`` to ``end`` in
``end_paragraph``; ``text`` is the quoted words only (the attribution of a split quote is cut out,
paragraphs are joined by a line break). The same words quoted twice count once.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable

from warta.analyze.pipeline import stage
from warta.analyze.speaker_resolution import resolve_speakers
from warta.analyze.speakers import (
    LOOK_BACK,
    MAX_PHRASE_WORDS,
    Context,
    Found,
    Who,
    attribution_end,
    covers,
    speaker_after,
    speech_verb_before,
    subject,
)
from warta.lang.id.quote_marks import DOUBLE_MARKS, SINGLE_MARKS, Piece, quoted_pieces
from warta.lang.id.speech import (
    ADVERBS,
    PRONOUNS,
    SPEECH_VERBS,
    WORD,
    attribution_verb,
    is_speech_verb,
)
from warta.model import Article

_LEADING_PUNCTUATION = re.compile(r"[\s,.]*")
#: Nouns that attribute a quote to an institution's statement: '"...," demikian pernyataan
#: Kementerian ESDM', '"...," bunyi keterangan tertulis Polri'.
_STATEMENT_NOUNS = frozenset({"pernyataan", "keterangan", "rilis", "bunyi", "isi"})
_PRECEDING_FILLER = frozenset({"demikian", "begitu", "lagi", "pula"})
#: Words before quoted words that make them a name or a term, not someone's words.
_TERM_CUES = frozenset(
    """
    sebagai disebut sebutan istilah julukan dijuluki bernama berjudul bertajuk bertema alias
    label slogan tagar program gerakan operasi kampanye
    """.split()  # noqa: SIM905 - a word list reads better as text
)
#: The most words in single quote marks that are still a term: 'garis merah'.
_MAX_TERM_WORDS = 3
_ANY_MARK = re.compile(f"[{DOUBLE_MARKS}{SINGLE_MARKS}]")
_MENURUT = re.compile(r"\b[Mm]enurut(?:nya\b\s*|\s+)")
#: A sentence that opens with its attribution and a comma: "Menurut X,", and "Kata X," as
#: reporters write it too ("Padahal kata Fredrich, Dwina sudah memiliki rumah sendiri").
_FRONTED = re.compile(r"\b(?:[Mm]enurut|[Kk]ata)(?:nya\b\s*|\s+)")
#: Attribution roots read after a comma: closing a reported sentence ("..., kata X.") and
#: inside one ("Bulog, lanjutnya, juga ..."). The paragraph filter _REPORTING is built from
#: both, so it never skips a paragraph either would read.
_CLOSING = ("kata", "ujar", "sebut", "tutur", "ucap", "imbuh", "tambah")
_INTERRUPTING = ("kata", "ujar", "lanjut", "tambah", "imbuh", "tutur", "sebut", "jelas", "tegas")
#: An attribution inside the reported sentence: "Distribusi logistik, kata dia, akan dimulai
#: ...", "Bulog, lanjutnya, juga akan menyerap ...".
_INTERRUPTED = re.compile(
    rf"(?P<head>[^,.;:\"“”]{{3,80}}?),\s*(?P<verb>menurut|{'|'.join(_INTERRUPTING)})"
    r"(?P<nya>nya)?(?P<who>\s+[^,.;:\"“”]{1,60}?)?,\s*(?P<rest>\S)",
    re.IGNORECASE,
)
#: The fewest words an indirect quote says: "Rusia menolak." reports no speech worth keeping.
MIN_INDIRECT_WORDS = 3
#: How long the words between a split quote's attribution and its second part may be
#: ("kata dia kepada wartawan, ").
_MAX_GAP = 60
_SENTENCE_END = re.compile(r"[.!?]\s")


_MARK = re.compile(f"[{DOUBLE_MARKS}]")
#: A double mark with a space on both sides, as tokenised text writes every mark. (The
#: look-ahead for the mark first lets the engine skip to the marks, see _VERB_INITIALS.)
_SPACED_MARK = re.compile(f"(?=[{DOUBLE_MARKS}])(?:(?<=\\s)|^)[{DOUBLE_MARKS}](?=\\s|$)")


def attached_marks(text: str) -> str:
    """A paragraph with each spaced quote mark ('" Tidak hanya tarif , " ucap') moved against
    the words it encloses, by trading places with the space beside it ('"Tidak hanya tarif ,"
    ucap'), so the marks pair as in written text; the text keeps its length and every word
    its offsets. A spaced straight mark closes when one is open, else opens."""
    if not _SPACED_MARK.search(text):
        return text
    chars = list(text)
    opened = False
    for mark in _MARK.finditer(text):
        index = mark.start()
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if before.isspace() != after.isspace():
            opened = after.isspace() is False  # a mark already against its words
            continue
        if not before.isspace():
            continue  # inside a word: Jum"at
        closing = mark.group() in "”" or (mark.group() == '"' and opened)
        if closing and index > 0:
            chars[index - 1], chars[index] = chars[index], chars[index - 1]
        elif not closing and index + 1 < len(text):
            chars[index], chars[index + 1] = chars[index + 1], chars[index]
        opened = not closing
    return "".join(chars)


def _direct_and_partial(context: Context) -> tuple[list[Found], list[tuple[int, int, int]]]:
    """Quotes in marks, with where they are (paragraph, start, end) to keep indirect speech out."""
    body = context.body
    found: list[Found] = []
    quotes = quoted_pieces(body)
    covered = [(p.paragraph, p.open, p.close) for pieces in quotes for p in pieces]
    merged: set[int] = set()
    for number, marked in enumerate(quotes):
        if number in merged:
            continue
        pieces = marked
        first, last = pieces[0], pieces[-1]
        after = _attribution_after(context, last)
        embedded = _embedded(context, first, last)
        if after is not None and not (embedded and first.single):
            verb, who, attribution_end = after
            # "Kami siap," ujarnya, "tetapi ...": the second part is the same quote.
            following = quotes[number + 1] if number + 1 < len(quotes) else None
            if following and _continues_after(
                body[last.paragraph], attribution_end, following[0], last
            ):
                merged.add(number + 1)
                pieces = pieces + following
            kind = "partial" if embedded else "direct"
            found.append(_quote(body, pieces, kind, verb, who))
            continue
        before = None if embedded or first.single else _attribution_before(context, first)
        if before is not None:
            found.append(_quote(body, pieces, "direct", *before))
        elif embedded:
            if _is_term(context, first):
                continue  # a term: nobody's words
            verb_match = speech_verb_before(context, first.paragraph, first.open)
            if verb_match is not None:
                who = subject(context, first.paragraph, verb_match.start())
                if who is not None:
                    found.append(_quote(body, pieces, "partial", verb_match.group(), who))
                continue
            # "Menurut Damar, ... “keputusan yang tegas”": the sentence reports someone
            according = _according_opening(context, first.paragraph, first.open)
            if according is not None:
                found.append(_quote(body, pieces, "partial", "menurut", according))
            # else a scare quote: nobody's words
        elif not first.single:
            # A quoted paragraph on its own continues whoever spoke last; after the writer's
            # words, it is the speaker of the quoted paragraph right after it.
            following = quotes[number + 1] if number + 1 < len(quotes) else None
            who = _speaker_of_next(context, first, following, covered)
            found.append(_quote(body, pieces, "direct", None, who or Who(pronoun=True)))
    return found, covered


def _speaker_of_next(
    context: Context,
    first: Piece,
    following: list[Piece] | None,
    covered: list[tuple[int, int, int]],
) -> Who | None:
    """The named speaker of the next quote, for a quoted paragraph with no attribution that
    follows the writer's words: the paragraph before holds no quote, and the next paragraph
    opens with a quote attributed after it ('"...." / "...," kata Marquez.')."""
    if following is None or any(p == first.paragraph - 1 for p, _, _ in covered):
        return None
    opening = following[0]
    if (
        opening.paragraph != first.paragraph + 1
        or context.body[opening.paragraph][: opening.open].strip()
    ):
        return None
    after = _attribution_after(context, following[-1])
    if after is None or after[1] is None or after[1].pronoun:
        return None
    return after[1]


def _according_opening(context: Context, paragraph: int, offset: int) -> Who | None:
    """The speaker of a sentence that opens with "Menurut X," or "Menurutnya,", for the
    sentence holding ``offset``; None when it does not open so."""
    text = context.body[paragraph]
    start = _skip_connective(text, context.sentence_start(paragraph, offset))
    opening = _FRONTED.match(text, start)
    if opening is None or text.find(",", opening.end(), offset) == -1:
        return None
    return _menurut_speaker(context, paragraph, opening)


def _menurut_speaker(context: Context, paragraph: int, opening: re.Match[str]) -> Who | None:
    """Who "Menurut X," (or "Kata X,") names; "Menurutnya," is the last person who spoke."""
    verb = opening.group().strip().lower()
    if verb.endswith("nya"):
        return Who(pronoun=True)
    return speaker_after(context, paragraph, opening.end(), verb)


def _is_term(context: Context, piece: Piece) -> bool:
    """Whether quoted words name something rather than report words: a few words in single
    marks, or words after "sebagai", "disebut", "istilah" ("menyebut kawasan itu sebagai
    'kampung susun'")."""
    text = context.body[piece.paragraph]
    if piece.single and len(WORD.findall(text, piece.start, piece.end)) <= _MAX_TERM_WORDS:
        return True
    before = WORD.findall(text, max(0, piece.open - 30), piece.open)
    return bool(before) and before[-1].lower() in _TERM_CUES


def _quote(
    body: list[str], pieces: list[Piece], kind: str, verb: str | None, who: Who | None
) -> Found:
    """The quote its pieces make: the quoted words without the spaces inside the marks, nor
    the comma that belongs to the attribution ('"Kami siap," kata dia').
    """
    first, last = pieces[0], pieces[-1]
    start = (
        first.start
        + len(body[first.paragraph][first.start : first.end])
        - len(body[first.paragraph][first.start : first.end].lstrip())
    )
    end = last.start + len(
        body[last.paragraph][last.start : last.end].rstrip().rstrip(",").rstrip()
    )
    parts = [body[p.paragraph][p.start : p.end].strip() for p in pieces]
    parts[-1] = parts[-1].rstrip(",").rstrip()
    joined = ""
    for previous, piece, part in zip([None, *pieces], pieces, parts, strict=False):
        separator = (
            "" if previous is None else "\n" if piece.paragraph != previous.paragraph else " "
        )
        joined += separator + part
    return Found(first.paragraph, start, last.paragraph, end, joined, kind, verb, who)


def _attribution_after(context: Context, piece: Piece) -> tuple[str, Who | None, int] | None:
    """The attribution verb right after a quote, its speaker and where the attribution ends."""
    text = context.body[piece.paragraph]
    rest = _LEADING_PUNCTUATION.match(text, piece.close)
    position = rest.end() if rest else piece.close
    passive = _passive_attribution(context, piece, position)
    if passive is not None:
        return passive
    words = list(WORD.finditer(text, position, min(len(text), position + 120)))
    while words and words[0].group().lower() in _PRECEDING_FILLER:
        words.pop(0)
    if not words:
        return None
    first = words[0]
    if first.start() > position + 12 or "." in text[piece.close : first.start()].rstrip(". "):
        return None
    if attribution_verb(first.group()):
        who = speaker_after(context, piece.paragraph, first.end(), first.group())
        return first.group(), who, attribution_end(text, first.end())
    if first.group().lower() in _STATEMENT_NOUNS and len(words) > 1:
        # '"...," demikian pernyataan Kementerian ESDM': a statement, then whose it is
        who = speaker_after(context, piece.paragraph, first.end(), first.group())
        if who is not None and not who.pronoun:
            return first.group(), who, attribution_end(text, first.end())
    # '"...," Peskov mengatakan.': a subject, then a speech verb; after '"...."' a new
    # sentence begins, which may report someone else ('Sementara itu, Ani mengatakan ...').
    quoted_end = text[piece.start : piece.end].rstrip()[-1:] + text[piece.close : first.start()]
    if "," not in quoted_end:
        return None
    for word in words[1:MAX_PHRASE_WORDS]:
        if is_speech_verb(word.group()) or attribution_verb(word.group()):
            who = _subject_between(context, piece.paragraph, first.start(), word.start())
            if who is None:
                return None
            return word.group(), who, word.end()
    return None


_PASSIVE = re.compile(
    r"(?:Hal\s+(?:itu|tersebut|ini)|Demikian|Begitu|Pernyataan\s+(?:itu|tersebut|ini)|Itu)\s+"
    r"(?:(?:juga|pun|lah)\s+)?(?P<verb>di(?:katakan|sampaikan|ungkapkan|jelaskan|tegaskan|"
    r"ucapkan|tuturkan|utarakan|sebutkan|nyatakan|paparkan|terangkan|kemukakan|tambahkan))\s+"
    r"(?:oleh\s+)?",
    re.IGNORECASE,
)


def _passive_attribution(
    context: Context, piece: Piece, position: int
) -> tuple[str, Who | None, int] | None:
    """An attribution in the next sentence, in the passive: '"...." Hal itu dikatakan Budi',
    in the same paragraph or opening the next one."""
    text = context.body[piece.paragraph]
    match = _PASSIVE.match(text, position)
    paragraph = piece.paragraph
    if match is None and position >= len(text.rstrip()) and paragraph + 1 < len(context.body):
        paragraph += 1
        match = _PASSIVE.match(context.body[paragraph])
    if match is None:
        return None
    who = speaker_after(context, paragraph, match.end(), match["verb"])
    if who is None or paragraph != piece.paragraph:
        return (match["verb"], who, piece.close) if who else None
    return match["verb"], who, attribution_end(text, match.end())


def _subject_between(context: Context, paragraph: int, start: int, end: int) -> Who | None:
    """The speaker named between a quote and its speech verb: '"...," Peskov mengatakan'."""
    mentions = context.in_range(paragraph, start, end)
    if mentions:
        return Who(entity=mentions[-1])
    words = WORD.findall(context.body[paragraph][start:end])
    if words and words[-1].lower() in PRONOUNS:
        return Who(pronoun=True)
    return None


def _attribution_before(context: Context, piece: Piece) -> tuple[str, Who | None] | None:
    """An attribution ending just before a quote: 'Dia mengatakan: "...', 'Menurut X, "...'."""
    text = context.body[piece.paragraph]
    before = text[max(0, piece.open - LOOK_BACK) : piece.open].rstrip()
    if not before.endswith((":", ",")) and not (before and is_speech_verb(before.split()[-1])):
        if before or piece.paragraph == 0:
            return None
        # The quote opens its paragraph: the one before may end "... mengatakan:".
        previous = context.body[piece.paragraph - 1].rstrip()
        if not previous.endswith(":"):
            return None
        return _introduced(context, piece.paragraph - 1, len(previous) - 1)
    return _introduced(context, piece.paragraph, len(before.rstrip(":,")))


def _introduced(context: Context, paragraph: int, end: int) -> tuple[str, Who | None] | None:
    """The verb and speaker of an attribution ending at ``end``, before the quote it
    introduces: "Dia mengatakan:", "Menurut Peskov,", "Kata Peskov,"."""
    text = context.body[paragraph]
    start = context.sentence_start(paragraph, max(end - 1, 0))
    words = list(WORD.finditer(text, start, end))
    if not words:
        return None
    last = words[-1]
    if is_speech_verb(last.group()) or attribution_verb(last.group()):
        if attribution_verb(last.group()) and last.group().lower().endswith("nya"):
            return last.group(), Who(pronoun=True)
        return last.group(), subject(context, paragraph, last.start())
    menurut = None
    for match in _MENURUT.finditer(text, start, end):
        menurut = match
    if menurut is not None:
        return "menurut", speaker_after(context, paragraph, menurut.end(), "menurut") or None
    if len(words) >= 2 and attribution_verb(words[0].group()) and words[0].start() == start:
        # "Kata Peskov, "...": the verb opens the sentence
        return words[0].group(), speaker_after(context, paragraph, words[0].end(), "")
    return None


def _embedded(context: Context, first: Piece, last: Piece) -> bool:
    """Whether the quote sits inside a sentence of the writer's: words of the same sentence
    before it, or after it (not an attribution), so it is a few quoted words."""
    text = context.body[first.paragraph]
    sentence_start = context.sentence_start(first.paragraph, first.open)
    before = text[sentence_start : first.open].strip()
    ends_clause = before.endswith((":", ",")) or (
        bool(before) and is_speech_verb(before.split()[-1])
    )
    if before and not ends_clause:
        return True
    after_words = WORD.findall(context.body[last.paragraph], last.close, last.close + 60)
    if not after_words or not last.closed:
        return False
    starts_attribution = attribution_verb(after_words[0]) or after_words[0].lower() in (
        _PRECEDING_FILLER
    )
    quoted = context.body[last.paragraph][last.start : last.end].rstrip()
    # '"tidak akan pernah setuju" dengan ...': the sentence goes on after the quote
    return bool(before) and not starts_attribution and not quoted.endswith((".", "!", "?", ","))


def _continues_after(text: str, attribution_end: int, following: Piece, last: Piece) -> bool:
    """Whether the next quote resumes the same one after its attribution: only a comma and a
    few words ("kata dia, ") between them, in the same paragraph."""
    if following.paragraph != last.paragraph or following.single:
        return False
    gap = text[attribution_end : following.open].strip()
    return gap == "" or (
        gap.endswith(",") and len(gap) <= _MAX_GAP and not _SENTENCE_END.search(gap)
    )


#: The characters a speech verb starts with. The patterns below open with a look-ahead for one
#: of them (or the other alternatives' first characters): a pattern opening with a set of
#: characters is searched by skipping to those characters, where one opening with the
#: look-behind and the list of verbs is tried at every position of the text, three times slower.
_VERB_INITIALS = "".join(sorted({re.escape(verb[0]) for verb in SPEECH_VERBS}))


#: Words as a tree of their letters: a word's letters in turn, then "" where it ends.
_Tree = dict[str, "_Tree"]


def _one_of(words: Iterable[str]) -> str:
    """A pattern matching any of ``words``, the words sharing a start written as a tree
    ("meng(?:atakan|ungkap(?:kan)?)"): the engine tries a list of words one word after the
    other wherever one may start (at every "m"), a tree one letter at a time."""
    tree: _Tree = {}
    for word in words:
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: _Tree) -> str:
    """The pattern of a tree of :func:`_one_of`."""
    branches = [
        re.escape(letter) + _branches(rest) for letter, rest in sorted(node.items()) if letter
    ]
    if not branches:
        return "" if "" in node else "(?!)"  # a word's end; no word at all
    pattern = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{pattern})?" if "" in node else pattern


#: A speech verb, as a word. (The look-around keeps the match a whole word: of the verbs one
#: starts ("mengungkap", "mengungkapkan") one alone is a word there, as in a list of them.)
_SPEECH_VERB = re.compile(
    rf"(?=[{_VERB_INITIALS}])(?<!\w)(?:{_one_of(SPEECH_VERBS)})(?!\w)", re.IGNORECASE
)
#: Whatever can carry reported speech in a paragraph: a speech verb, "menurut" or "kata", or
#: an attribution after a comma.
_REPORTING = re.compile(
    rf"(?=[{_VERB_INITIALS}mk,])(?:{_SPEECH_VERB.pattern}|\bmenurut|\bkata\b"
    rf"|,\s*(?:{'|'.join(sorted({*_CLOSING, *_INTERRUPTING}))}))",
    re.IGNORECASE,
)


def _indirect(context: Context, covered: list[tuple[int, int, int]]) -> list[Found]:
    """Reported speech in sentences outside quote marks."""
    found: list[Found] = []
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for paragraph, open_at, close in sorted(covered):
        by_paragraph.setdefault(paragraph, []).append((open_at, close))
    for paragraph, text in enumerate(context.body):
        if not _REPORTING.search(text):
            continue  # no speech verb, "menurut" or "kata": no sentence to read
        marked = by_paragraph.get(paragraph, [])
        for start, end in context.sentences(paragraph):
            found.extend(_reported(context, paragraph, start, end, marked))
    return found


def _reported(
    context: Context, paragraph: int, start: int, end: int, marked: list[tuple[int, int]]
) -> list[Found]:
    """The indirect quotes of one sentence (``start``-``end``), outside the ``marked`` quote
    spans: one per speech verb with a subject of its own, then "menurut"/"kata" forms."""
    text = context.body[paragraph]

    def inside(offset: int) -> bool:
        return covers(marked, offset)

    found: list[Found] = []
    verbs = [w for w in _SPEECH_VERB.finditer(text, start, end) if not inside(w.start())]
    subjects = [subject(context, paragraph, verb.start()) for verb in verbs]
    # for each verb, the next one with a subject of its own: where its reported words end
    next_speaker: list[int | None] = [None] * len(verbs)
    for number in range(len(verbs) - 2, -1, -1):
        after = subjects[number + 1]
        next_speaker[number] = (
            number + 1 if after is not None and not after.distant else next_speaker[number + 1]
        )
    for number, (verb, who) in enumerate(zip(verbs, subjects, strict=True)):
        # "Kremlin mengatakan terlalu dini untuk mengatakan kapan ...": a verb without a subject
        # of its own inside words already reported is part of them.
        if who is None or (who.distant and found):
            continue
        content_start = _content_start(text, verb.end(), end)
        if content_start is None or inside(content_start):
            continue
        if bisect_left(marked, (content_start, 0)) < bisect_left(marked, (end, 0)):
            continue  # words quoted in what the verb reports: a partial quote carries them
        following = next_speaker[number]
        content_end = (
            end
            if following is None
            else _subject_start(context, paragraph, verbs[following].start())
        )
        reported = _reported_words(
            context, paragraph, content_start, content_end, verb.group(), who
        )
        if reported is not None:
            found.append(reported)
    found.extend(_according_to(context, paragraph, start, end, inside))
    return found


_CONTENT_LEAD = re.compile(r"[\s,:]*(?:bahwa\s+|kalau\s+)?", re.IGNORECASE)
_TO_WHOM = re.compile(r"\s*(?:kepada|pada|di\s+hadapan)\s+[^,]{1,60}?(?:,\s*|\s+(?=bahwa\b))")


def _content_start(text: str, verb_end: int, end: int) -> int | None:
    """Where the reported words begin after a speech verb: past "kepada wartawan", a comma,
    "bahwa"; None when a quote follows (that is a direct quote's attribution)."""
    position = verb_end
    to_whom = _TO_WHOM.match(text, position, end)
    if to_whom:
        position = to_whom.end()
    lead = _CONTENT_LEAD.match(text, position, end)
    position = lead.end() if lead else position
    if position >= end or text[position] in DOUBLE_MARKS + SINGLE_MARKS:
        return None
    return position


def _subject_start(context: Context, paragraph: int, verb_start: int) -> int:
    """Where the subject of the speech verb at ``verb_start`` begins (for the end of the
    previous verb's reported words): "... ke Ukraina dan jika itu terjadi, Biden mengatakan"."""
    text = context.body[paragraph]
    words = list(WORD.finditer(text, context.sentence_start(paragraph, verb_start), verb_start))
    while words and words[-1].group().lower() in ADVERBS:
        words.pop()
    if not words:
        return verb_start
    mention = context.ending_at(paragraph, words[-1].end())
    return mention.start if mention else words[-1].start()


def _trim_end(text: str, start: int, end: int) -> int:
    """The end of reported words, without the closing punctuation or a trailing connective."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
        end -= 1
    return end


_ACCORDING_AFTER = re.compile(rf",\s*(?:menurut|{'|'.join(_CLOSING)})\s+(?=\S)", re.IGNORECASE)


def _according_to(
    context: Context, paragraph: int, start: int, end: int, inside: Callable[[int], bool]
) -> list[Found]:
    """Reported speech attributed without a speech verb: "Menurut X, ..." and "..., kata X."."""
    text = context.body[paragraph]
    interrupted = _INTERRUPTED.match(text, _skip_connective(text, start), end)
    if interrupted is not None and not inside(interrupted.start()):
        return _interrupted(context, paragraph, interrupted, end)
    opening = _FRONTED.match(text, _skip_connective(text, start))
    if opening is not None:
        who = _menurut_speaker(context, paragraph, opening)
        comma = text.find(",", _attribution_end(text, who, paragraph, opening.end(), end), end)
        if who is None or comma == -1 or inside(opening.start()):
            return []
        content_start = comma + 1 + len(text[comma + 1 : end]) - len(text[comma + 1 : end].lstrip())
        marks = _ANY_MARK.finditer(text, content_start, end)
        if inside(content_start) or any(inside(mark.start()) for mark in marks):
            return []  # words quoted in what is reported: a partial quote carries them
        verb = opening.group().strip().lower().removesuffix("nya")
        reported = _reported_words(context, paragraph, content_start, end, verb, who)
        return [reported] if reported else []

    closing = None
    for match in _ACCORDING_AFTER.finditer(text, start, end):
        closing = match
    if closing is None or inside(closing.start()):
        return []
    verb = closing.group().strip(" ,").split()[0]
    who = speaker_after(context, paragraph, closing.end() - 1, verb)
    content_start = _skip_connective(text, start)
    if who is None or inside(content_start):
        return []
    reported = _reported_words(context, paragraph, content_start, closing.start(), verb, who)
    return [reported] if reported else []


def _attribution_end(text: str, who: Who | None, paragraph: int, start: int, end: int) -> int:
    """Where a fronted attribution's words end: past the speaker's name when the role before
    it gives it between commas ("Kata juru bicara KPK, Febri Diansyah, penahanan ..."), else
    at ``start``; the reported words begin after the comma that follows. A name after the
    first comma that no comma closes ("Menurut polisi, Budi ditangkap") is what is reported."""
    named = who.entity if who is not None else None
    comma = text.find(",", start, end)
    if (
        named is not None
        and named.paragraph == paragraph
        and comma != -1
        and not text[comma + 1 : named.start].strip()
        and text[named.end : named.end + 1] == ","
    ):
        return named.end
    return start


def _interrupted(context: Context, paragraph: int, match: re.Match[str], end: int) -> list[Found]:
    """Reported words with their attribution inside: the words before and after it, one
    quote spanning the sentence."""
    text = context.body[paragraph]
    verb = match["verb"] + (match["nya"] or "")
    if match["nya"] or not match["who"]:
        who: Who | None = Who(pronoun=True)
    else:
        who = speaker_after(context, paragraph, match.start("who"), verb)
    content_end = _trim_end(text, match.start("rest"), end)
    words = f"{match['head'].strip()} {text[match.start('rest') : content_end]}"
    if who is None or len(WORD.findall(words)) < MIN_INDIRECT_WORDS:
        return []
    return [Found(paragraph, match.start(), paragraph, content_end, words, "indirect", verb, who)]


def _reported_words(
    context: Context, paragraph: int, start: int, end: int, verb: str, who: Who
) -> Found | None:
    """An indirect quote of the words from ``start`` to ``end``, unless too few to report."""
    text = context.body[paragraph]
    end = _trim_end(text, start, end)
    if len(WORD.findall(text, start, end)) < MIN_INDIRECT_WORDS:
        return None
    return Found(paragraph, start, paragraph, end, text[start:end], "indirect", verb, who)


_CONNECTIVE = re.compile(
    r"(?:Namun|Tetapi|Sementara\s+itu|Selain\s+itu|Di\s+sisi\s+lain|Sebelumnya|Kemudian|"
    r"Lalu|Padahal|Bahkan)\s*,?\s*"
)


def _skip_connective(text: str, start: int) -> int:
    """Past a connective opening a sentence ("Namun,", "Sementara itu,")."""
    match = _CONNECTIVE.match(text, start)
    return match.end() if match else start


@stage("quotes", requires=("body", "entities"), assigns=("quotes",))
def quotes(article: Article) -> Article:
    """Find the article's quotes and their speakers."""
    context = Context(article, [attached_marks(paragraph) for paragraph in article.body])
    found, covered = _direct_and_partial(context)
    found.extend(_indirect(context, covered))
    article.quotes = resolve_speakers(found, context, covered)
    return article
