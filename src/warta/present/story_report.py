"""A story as a report to read: in a terminal, as Markdown, or as one standalone HTML page.

Every report has the same parts, in the order a reader wants them: the title and span; the
summary, each sentence followed by numbered citations; the timeline (planned dates marked,
background apart); key quotes grouped by speaker; the entities; the outlets, the first to
publish first, with how much later each followed, how many of their articles copy another (and
whose) and the wires they relay; the articles; and the numbered sources the citations point to.
A number names one article all through the report: the summary's sources come first.

Article text is never trusted: Markdown escapes its markup and writes ``<``, ``>`` and ``&`` as
character references (so no renderer, whatever escapes it knows, sees a tag), HTML escapes
everything, and the page loads nothing from anywhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from warta.model import SourceRef, TimelineEntry
from warta.present.output import plural, terminal_safe
from warta.present.story_output import StoryView
from warta.records import QuoteRecord, StoryArticle
from warta.timestamps import wib_day, wib_minute

#: Speakers, and quotes per speaker, a report shows (the JSON has them all).
REPORT_SPEAKERS = 8
QUOTES_PER_SPEAKER = 3


@dataclass(frozen=True, slots=True)
class _Citations:
    """The number of each article in the report's list of sources."""

    numbers: dict[str, int]

    @classmethod
    def of(cls, view: StoryView) -> _Citations:
        order: list[str] = []
        cited = [s for sentence in view.summary for s in sentence.sources]
        cited += [s for entry in view.timeline.entries for s in entry.sources]
        for article in [s.article for s in cited] + [a.id for a in view.story.articles]:
            if article not in order:
                order.append(article)
        return cls({article: number for number, article in enumerate(order, 1)})

    def marks(self, sources: Sequence[SourceRef]) -> list[int]:
        return sorted({self.numbers[s.article] for s in sources if s.article in self.numbers})


def story_text(view: StoryView) -> str:
    """A story for reading in a terminal."""
    return terminal_safe(_render(view, _TEXT))


def story_markdown(view: StoryView) -> str:
    """A story as a Markdown report."""
    return _render(view, _MARKDOWN)


@dataclass(frozen=True, slots=True)
class _Style:
    text: Callable[[str], str]
    heading: Callable[[str], str]
    bullet: str
    cite: Callable[[list[int]], str]
    strong: Callable[[str], str]


#: Written as character references, not backslash escapes: CommonMark reads ``\<`` as text, but
#: Python-Markdown does not know that escape, keeps the backslash and still sees the tag.
_MD_REFERENCES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
#: Text starting like this, put at the start of a list item, would open a list inside it (or,
#: as ``---``, draw a line).
_MD_BLOCK_START = re.compile(r"^(?:[-+](?=[ -]|$)|\d{1,9}(?=[.)](?: |$)))")


def _md_text(value: str) -> str:
    """Text safe inside Markdown: no markup, no HTML, no entity, no autolink, one line, and
    nothing at its start that opens a block."""
    escaped = " ".join(value.split())
    for char, reference in _MD_REFERENCES:  # "&" first: the references hold one
        escaped = escaped.replace(char, reference)
    for char in "\\`*_[]|#!~":
        escaped = escaped.replace(char, "\\" + char)
    # GitHub-flavoured Markdown links bare URLs: break the patterns it looks for.
    escaped = re.sub(r":(?=//)", "\\:", escaped)
    escaped = re.sub(r"(?i)\b(www)\.", r"\1\\.", escaped)
    return _MD_BLOCK_START.sub(_escape_block_start, escaped)


def _escape_block_start(match: re.Match[str]) -> str:
    """``\\-``, ``\\+``, ``1\\.``: the marker as text."""
    marker = match[0]
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


_TEXT = _Style(
    text=lambda t: " ".join(t.split()),
    heading=lambda t: f"{t}:",
    bullet="  ",
    cite=lambda ns: "".join(f"[{n}]" for n in ns),
    strong=lambda t: t,
)
_MARKDOWN = _Style(
    text=_md_text,
    heading=lambda t: f"## {t}",
    bullet="- ",
    cite=lambda ns: "".join(f"[\\[{n}\\]](#source-{n})" for n in ns),
    strong=lambda t: f"**{t}**",
)


def _render(view: StoryView, style: _Style) -> str:
    story, summary = view.story, view.story.summary
    citations = _Citations.of(view)
    text, bullet = style.text, style.bullet
    markdown = style is _MARKDOWN
    title = summary.title or "(untitled)"
    lines = [f"# {text(title)}" if markdown else text(title), ""]
    lines.append(
        f"Story {summary.id}: {plural(summary.articles, 'article')}"
        f" ({summary.originals:,} original) from {plural(len(summary.outlets), 'outlet')},"
        f" {_day(summary.first_published, text)} to {_day(summary.last_published, text)}"
    )
    if view.summary:
        lines += ["", style.heading("Summary")]
        lines += [
            f"{bullet}{text(s.text)} {style.cite(citations.marks(s.sources))}" for s in view.summary
        ]
    if view.timeline.entries:
        lines += ["", style.heading("Timeline")]
        lines += [_entry_line(e, style, citations) for e in view.timeline.entries]
    if view.timeline.background:
        lines += ["", style.heading("Background")]
        lines += [_entry_line(e, style, citations) for e in view.timeline.background]
    if story.events:
        lines += ["", style.heading("Events")]
    for event in story.events:
        lines.append(
            f"{bullet}{text(event.date or 'undated')}: {text(event.title or '(untitled)')}"
            f" ({plural(len(event.articles), 'article')})"
        )
    speakers = quotes_by_speaker(view.quotes)
    if speakers:
        lines += ["", style.heading("Key quotes")]
        for speaker, quotes in speakers[:REPORT_SPEAKERS]:
            lines.append(f"{bullet}{style.strong(text(speaker))} ({plural(len(quotes), 'quote')})")
            lines += [
                f"    {bullet}“{text(q.text)}” {style.cite([citations.numbers[q.article]])}"
                for q in quotes[:QUOTES_PER_SPEAKER]
                if q.article in citations.numbers
            ]
    if view.entities:
        lines += ["", style.heading("Entities")]
        lines += [
            f"{bullet}{text(e.canonical)} ({text(e.type)}, {plural(e.mentions, 'mention')})"
            for e in view.entities
        ]
    lines += ["", style.heading("Outlets")]
    if markdown:
        lines += [
            "| outlet | articles | copies | first article | after the first | copies of "
            "| wires relayed |",
            "|---|---:|---:|---|---:|---|---|",
        ]
    for number, row in enumerate(view.coverage):
        cell = _CoverageCells.of(row, number == 0, citations, text)
        if markdown:
            lines.append(
                f"| {text(row['outlet'])} | {row['articles']} | {row['copies']}"
                f" | {cell.published} {style.cite(cell.first)} | {cell.after}"
                f" | {cell.copies_of or '-'} | {cell.wires or '-'} |"
            )
        else:
            lines.append(
                f"  {row['outlet']}: {cell.after}, {cell.published} {style.cite(cell.first)};"
                f" {plural(row['articles'], 'article')},"
                f" {plural(row['copies'], 'copy', 'copies')}"
                + (f"; copies of {cell.copies_of}" if cell.copies_of else "")
                + (f"; wires relayed: {cell.wires}" if cell.wires else "")
            )
    lines += ["", style.heading("Sources")]
    for number, a, copied in _sources(view, citations):
        copy = f", copy of [{copied}]" if copied else ""
        anchor = f'{bullet}<a id="source-{number}"></a>' if markdown else bullet
        lines.append(
            f"{anchor}[{number}] {text(a.outlet) if a.outlet else '-'}, "
            f"{text(wib_minute(a.published) or '-')}: "
            f"{text(a.title or '(untitled)')} ({text(a.id)}{copy})"
        )
    return "\n".join(lines).rstrip() + "\n"


#: From this many hours on, how much later an outlet followed is said in days, as the story
#: page says it: "+500.3 h" is harder to read than "+20.8 d".
FOLLOWED_IN_DAYS = 48


@dataclass(frozen=True, slots=True)
class _CoverageCells:
    """One outlet's row of :func:`warta.present.outlets.story_coverage` as report text: when its
    first article came out and its number, how much after the story's first article, whose
    articles it copied and which wires it relayed."""

    published: str
    first: list[int]
    after: str
    copies_of: str
    wires: str

    @classmethod
    def of(
        cls,
        row: dict[str, Any],
        first_outlet: bool,
        citations: _Citations,
        text: Callable[[str], str],
    ) -> _CoverageCells:
        hours = row["after_hours"]
        if hours is None:
            after = "-"
        elif first_outlet:
            after = "first"
        elif hours >= FOLLOWED_IN_DAYS:
            after = f"+{hours / 24:.1f} d"
        else:
            after = f"+{hours:.1f} h"
        number = citations.numbers.get(row["first_article"])
        return cls(
            published=text(wib_minute(row["first_published"]) or "-"),
            first=[number] if number is not None else [],
            after=after,
            copies_of=", ".join(f"{text(c['outlet'])} ({c['articles']})" for c in row["copies_of"]),
            wires=", ".join(f"{text(w['wire'])} ({w['articles']})" for w in row["wires"]),
        )


def _day(published: str | None, text: Callable[[str], str]) -> str:
    """The day of a publication time, as text of the report's style ("-" when unknown)."""
    return text(wib_day(published) or "-")


def _sources(
    view: StoryView, citations: _Citations
) -> list[tuple[int, StoryArticle, int | str | None]]:
    """The numbered sources: number, article, and the number of the article it copies."""
    articles = {a.id: a for a in view.story.articles}
    rows: list[tuple[int, StoryArticle, int | str | None]] = []
    for article_id, number in sorted(citations.numbers.items(), key=lambda item: item[1]):
        a = articles[article_id]
        copied = citations.numbers.get(a.duplicate_of, "?") if a.duplicate_of else None
        rows.append((number, a, copied))
    return rows


def _entry_line(entry: TimelineEntry, style: _Style, citations: _Citations) -> str:
    status = " (planned)" if entry.status == "planned" else ""
    notes = [flag for flag in entry.flags if flag != "background"]
    note = f" [{', '.join(notes)}]" if notes else ""
    return (
        f"{style.bullet}{style.strong(style.text(entry.date) + status)}: {style.text(entry.text)} "
        f"{style.cite(citations.marks(entry.sources))}{note}"
    )


def quotes_by_speaker(quotes: Sequence[QuoteRecord]) -> list[tuple[str, list[QuoteRecord]]]:
    """Quotes grouped by speaker (canonical name, else as written, else the role of a speaker
    the text does not name: "warga"), most quoted first."""
    groups: dict[str, list[QuoteRecord]] = {}
    for quote in quotes:
        speaker = quote.speaker or quote.speaker_as_written or quote.speaker_role
        if speaker:
            groups.setdefault(speaker, []).append(quote)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


# --- HTML ------------------------------------------------------------------------------------

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
color:#1d1d1f}h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #ddd}.meta{color:#555}sup a{text-decoration:none}ol.timeline{list-style:
none;padding:0}ol.timeline li{margin:.4rem 0;padding-left:.6rem;border-left:3px solid #2a6}
ol.timeline li.planned{border-left:3px dashed #c80}.date{font-weight:600;margin-right:.4rem}
.tag{font-size:.75rem;background:#eee;border-radius:3px;padding:0 .3rem;margin-left:.3rem}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;
text-align:left}td.n{text-align:right}blockquote{margin:.3rem 0 .3rem 1rem;color:#333}
"""


def story_html(view: StoryView) -> str:
    """A story as one standalone HTML page (no scripts, nothing loaded from elsewhere)."""
    story, summary = view.story, view.story.summary
    citations = _Citations.of(view)
    esc = html.escape

    def cite(sources: Sequence[SourceRef]) -> str:
        return "".join(
            f'<sup><a href="#source-{n}">[{n}]</a></sup>' for n in citations.marks(sources)
        )

    title = esc(summary.title or "(untitled)")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        f'<p class="meta">Story {summary.id}: {plural(summary.articles, "article")} '
        f"({summary.originals:,} original) from {plural(len(summary.outlets), 'outlet')}, "
        f"{esc(wib_day(summary.first_published) or '-')} to "
        f"{esc(wib_day(summary.last_published) or '-')}</p>",
    ]
    if view.summary:
        parts.append('<h2>Ringkasan (summary)</h2><ol class="summary">')
        parts += [f"<li>{esc(s.text)} {cite(s.sources)}</li>" for s in view.summary]
        parts.append("</ol>")
    for heading, entries in (
        ("Linimasa (timeline)", view.timeline.entries),
        ("Latar (background)", view.timeline.background),
    ):
        if not entries:
            continue
        parts.append(f'<h2>{heading}</h2><ol class="timeline">')
        for entry in entries:
            planned = entry.status == "planned"
            tags = "".join(
                f'<span class="tag">{esc(tag)}</span>'
                for tag in (["planned"] if planned else []) + list(entry.flags)
            )
            parts.append(
                f'<li class="{"planned" if planned else "happened"}">'
                f'<span class="date">{esc(entry.date)}</span>{esc(entry.text)} '
                f"{cite(entry.sources)}{tags}</li>"
            )
        parts.append("</ol>")
    if story.events:
        parts.append("<h2>Peristiwa (events)</h2><ul>")
        parts += [
            f"<li>{esc(e.date or 'undated')}: {esc(e.title or '(untitled)')} "
            f"({plural(len(e.articles), 'article')})</li>"
            for e in story.events
        ]
        parts.append("</ul>")
    speakers = quotes_by_speaker(view.quotes)
    if speakers:
        parts.append("<h2>Kutipan (key quotes)</h2>")
        for speaker, quotes in speakers[:REPORT_SPEAKERS]:
            parts.append(f"<h3>{esc(speaker)} <small>({len(quotes)})</small></h3>")
            parts += [
                f"<blockquote>“{esc(q.text)}” "
                f"{cite([SourceRef(q.article, q.paragraph, q.start, q.end)])}</blockquote>"
                for q in quotes[:QUOTES_PER_SPEAKER]
            ]
    if view.entities:
        parts.append("<h2>Entitas (entities)</h2><ul>")
        parts += [
            f"<li>{esc(e.canonical)} <small>({esc(e.type)}, {plural(e.mentions, 'mention')})"
            "</small></li>"
            for e in view.entities
        ]
        parts.append("</ul>")
    parts.append(
        "<h2>Media (outlets)</h2><table><tr><th>outlet</th><th>articles</th><th>copies</th>"
        "<th>first article</th><th>after the first</th><th>copies of</th>"
        "<th>wires relayed</th></tr>"
    )
    for number, row in enumerate(view.coverage):
        cell = _CoverageCells.of(row, number == 0, citations, esc)
        first = "".join(f'<sup><a href="#source-{n}">[{n}]</a></sup>' for n in cell.first)
        parts.append(
            f'<tr><td>{esc(row["outlet"])}</td><td class="n">{row["articles"]}</td>'
            f'<td class="n">{row["copies"]}</td><td>{cell.published} {first}</td>'
            f'<td class="n">{cell.after}</td><td>{cell.copies_of or "-"}</td>'
            f"<td>{cell.wires or '-'}</td></tr>"
        )
    parts.append("</table><h2>Sumber (sources)</h2><ol>")
    for number, a, copied in _sources(view, citations):
        copy = f", copy of [{copied}]" if copied else ""
        parts.append(
            f'<li id="source-{number}">{esc(a.outlet or "-")}, '
            f"{esc(wib_minute(a.published) or '-')}: <cite>{esc(a.title or '(untitled)')}</cite> "
            f"<small>({esc(a.id)}{esc(copy)})</small></li>"
        )
    parts.append("</ol></body></html>")
    return "\n".join(parts) + "\n"
