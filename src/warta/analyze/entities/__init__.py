"""Stage ``entities``: people, organisations and places in the clean text, each with the
canonical name it has in the article and the role it is given there.

The shipped ``news`` tagger finds the mentions, sentence by sentence. Then, inside the article:

- titles and offices before a name are its role, not part of it: "Presiden Rusia Vladimir
  Putin" is "Vladimir Putin" with the role "Presiden Rusia"; a mention that is only a role
  ("Presiden") is dropped;
- a short form of a person's name ("Putin", "Presiden Putin") takes the full name the article
  gives ("Vladimir Putin"); two spellings of one full name ("Sergey"/"Sergei Lavrov") take the
  more frequent;
- an acronym the article defines ("Amerika Serikat (AS)") takes its expansion; a name every
  reader knows ("Jokowi", "KPK", "Perancis") takes the one the known-name table gives it
  (:mod:`warta.lang.id.known_names`);
- bodies and places glued before a person's name are mentions of their own ("Ketua DPR Setya
  Novanto": "DPR" and "Setya Novanto" in the role "Ketua DPR"), and names joined into a pair
  ("Anies - Sandi", "Rusia-Ukraina") are two.

Offsets are into the paragraph: ``body[paragraph][start:end] == text``.

The steps, one module each, in the order the stage takes them: :mod:`.tagging` (the tagger
over each sentence, or over several articles' sentences at once), :mod:`.mentions` (the
mentions and roles read from its chunks, and those it missed), :mod:`.repairs` (names the
tagger reads wrongly), :mod:`.canonical` (one name and type for each name within the article);
:mod:`.words` answers what a single word is for all of them.
"""

from __future__ import annotations

from warta.analyze.entities.canonical import MIN_MISSPELLED_LETTERS, _canonical_names
from warta.analyze.entities.mentions import _LETTER_OR_DIGIT as _LETTER_OR_DIGIT
from warta.analyze.entities.mentions import _abbreviation_type as _abbreviation_type
from warta.analyze.entities.mentions import (
    _known_names,
    _mentions,
    _places_named_alone,
    _propagated,
    _with_places,
)
from warta.analyze.entities.mentions import _PlacesFirst as _PlacesFirst
from warta.analyze.entities.repairs import _own_outlet, _place_name, _tidied, _two_people_glued
from warta.analyze.entities.tagging import MAX_TOKENS_TOGETHER, _tag, tagged_together
from warta.analyze.entities.tagging import _aged as _aged
from warta.analyze.entities.words import first_names, known_place_or_body
from warta.analyze.pipeline import stage
from warta.model import Article, EntityMention


@stage("entities", requires=("body", "outlet"), assigns=("entities",))
def entities(article: Article) -> Article:
    sentences = _tag(article.body)
    known_places = _with_places(_places_named_alone(sentences))
    found = _two_people_glued(
        [_tidied(f) for sentence in sentences for f in _mentions(sentence, known_places)],
        article.body,
    )
    known = _known_names(found)
    first_words = {name[0] for name in known if name}
    taken = {  # a person's name may run past the tagger's mention ("Retno LP Marsudi")
        (f.paragraph, offset)
        for f in found
        if f.type == "PERSON"
        for offset in range(f.start, f.end)
    }
    found += [  # and is not found again inside
        f
        for sentence in sentences
        for f in _propagated(sentence, known, first_words)
        if (f.paragraph, f.start) not in taken and (f.paragraph, f.end - 1) not in taken
    ]
    found.sort(key=lambda f: (f.paragraph, f.start))
    spans = set()
    found = [  # a body read from a role is found again where its name recurs
        f
        for f in found
        if (f.paragraph, f.start, f.end) not in spans
        and not spans.add((f.paragraph, f.start, f.end))  # type: ignore[func-returns-value]
    ]
    own_outlet = _own_outlet(article.outlet)
    found = [f for f in found if not own_outlet(f)]
    canonical = _canonical_names(found, article.body)
    places = {name for name, kind in canonical.values() if kind == "LOC"}
    canonical = {
        index: (_place_name(name, places) if kind == "LOC" else name, kind)
        for index, (name, kind) in canonical.items()
    }
    article.entities = [
        EntityMention(
            text=article.body[f.paragraph][f.start : f.end],
            type=canonical[index][1],
            canonical=canonical[index][0],
            paragraph=f.paragraph,
            start=f.start,
            end=f.end,
            role=f.role,
        )
        for index, f in enumerate(found)
    ]
    return article


# The steps' names that the rest of Warta imports from here, where they were defined before
# the stage was split into its steps (and, imported "as" themselves above, the private ones
# the tests read: _aged, _abbreviation_type, _LETTER_OR_DIGIT, _PlacesFirst).
__all__ = [
    "MAX_TOKENS_TOGETHER",
    "MIN_MISSPELLED_LETTERS",
    "entities",
    "first_names",
    "known_place_or_body",
    "tagged_together",
]
