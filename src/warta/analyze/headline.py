"""A title for every article: when neither the input nor its text gave one, one is derived.

Runs after cleaning and the dateline, so a derived title never holds page furniture or a
dateline. In order of trust:

1. the URL's slug: most portals put the headline in it (kumparan, detik, kompas, tribunnews,
   liputan6, cnnindonesia, poskotanews: ``.../2017/12/23/kalahkan-real-madrid-3-0-kini-siapa``);
   its words take the case the article writes them in ("kpk" -> "KPK") and headline case
   otherwise;
2. the first sentence of the body, cut at a word boundary.

``source["title_from"]`` says where every title came from: ``input``, ``headline`` (a line of
the text), ``url`` or ``first sentence``; the last two are derived.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote, urlsplit

from warta.analyze.metadata import SMALL_WORDS
from warta.analyze.pipeline import stage
from warta.lang.id.sentences import split_sentences
from warta.model import TITLE_FROM_TEXT, Article

#: A slug is a headline when it has at least this many words.
MIN_SLUG_WORDS = 3
#: A derived title from the first sentence keeps at most this many words.
MAX_DERIVED_WORDS = 14
#: Words a derived headline leaves in lower case unless they open it: those a headline line may
#: have in lower case (``metadata.SMALL_WORDS``), and a few more function words Indonesian
#: headlines usually write in lower case.
_LOWER_CASE_WORDS = SMALL_WORDS | frozenset({
    "ini", "itu", "bagi", "hingga", "sampai", "agar", "karena", "tak", "tidak", "akan", "sudah",
    "belum", "juga", "pun",
})  # fmt: skip
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$", re.I)
#: Characters after which a word opens a sentence or a quotation, capitalised whatever it is.
_SENTENCE_OPENERS = frozenset('.!?"“:')


def slug_title(url: str, body: list[str]) -> str | None:
    """The headline a URL's slug spells, in the case the body writes its words, or None."""
    path = unquote(urlsplit(url).path)
    best: list[str] = []
    for segment in path.split("/"):
        # Words are joined by hyphens, or by dots ("178337-sung.ji-hyun.antar.korea").
        words = [word for word in re.split(r"[-_+.]+", _PAGE_SUFFIX.sub("", segment)) if word]
        while words and _is_id(words[-1]):
            words.pop()
        while words and _is_id(words[0]):
            words.pop(0)
        lettered = [word for word in words if word.isalpha()]
        if len(lettered) >= MIN_SLUG_WORDS and len(lettered) * 2 > len(words) >= len(best):
            best = words
    if not best:
        return None
    text = "\n".join(body)
    lowered = text.lower()
    same_length = len(lowered) == len(text)  # true of Indonesian text; else no case is taken
    title: list[str] = []
    words = _hyphened(best, lowered) if same_length else best
    for index, word in enumerate(words):
        lower = word.lower()
        readable = same_length and word.replace("-", "").isalpha()
        written = _written_form(lower, text, lowered) if readable else None
        if written and written != lower and written != lower.capitalize():
            title.append(written)  # "KPK", "iPhone", "McLaren"
        elif index > 0 and lower in _LOWER_CASE_WORDS:
            title.append(lower)
        elif title and title[-1].isdigit() and word.isdigit():
            # The slug's separator stood for a score's hyphen ("3-0") or a thousands' point
            # ("27.058").
            title[-1] += ("." if len(word) == 3 and len(title[-1]) <= 3 else "-") + word
        else:
            title.append(lower.capitalize())
    return " ".join(title)


def _hyphened(words: list[str], lowered: str) -> list[str]:
    """Slug words the text writes joined by a hyphen, joined again ("e", "ktp" -> "e-ktp"),
    so the text's form of the whole ("e-KTP") is found."""
    joined: list[str] = []
    for word in words:
        if joined and f"{joined[-1]}-{word}".lower() in lowered and word.isalpha():
            joined[-1] = f"{joined[-1]}-{word}"
        else:
            joined.append(word)
    return joined


def _is_id(word: str) -> bool:
    """An id portals put around the slug ("2934567", "1rXyZ7aBcD", "amp"), not a word of it."""
    if word.lower() == "amp":
        return True
    if not any(char.isdigit() for char in word):
        return False
    return len(word) >= 5 if word.isdigit() else len(word) >= 6


def _written_form(word: str, text: str, lowered: str) -> str | None:
    """The form ``text`` most often writes a lowercase word in away from the start of a sentence
    (where any word is capitalised), or None when it does not write it there. ``lowered`` is
    ``text.lower()``, of the same length."""
    forms: Counter[str] = Counter()
    start = lowered.find(word)
    while start >= 0:
        end = start + len(word)
        whole = (start == 0 or not text[start - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        )
        before = text[max(0, start - 3) : start].rstrip(" ")
        if whole and before and before[-1] not in _SENTENCE_OPENERS and before[-1] != "\n":
            forms[text[start:end]] += 1
        start = lowered.find(word, end)
    return forms.most_common(1)[0][0] if forms else None


def first_sentence_title(body: list[str]) -> str | None:
    """The body's first sentence, cut at a word boundary after MAX_DERIVED_WORDS words."""
    for paragraph in body:
        sentences = split_sentences(paragraph)
        if not sentences:
            continue
        words = sentences[0].text.split()
        if len(words) <= MAX_DERIVED_WORDS:
            return " ".join(words).rstrip(".")
        return " ".join(words[:MAX_DERIVED_WORDS]).rstrip(",;:-–") + " …"
    return None


@stage("derived title", requires=("title", "body", "url"), assigns=("title",))
def derive_title(article: Article) -> Article:
    """A title from the URL's slug, else from the first sentence, when the article has none."""
    if article.title:
        return article
    from_url = slug_title(article.url, article.body) if article.url else None
    if from_url:
        article.title, article.source["title_from"] = from_url, "url"
        return article
    from_text = first_sentence_title(article.body)
    if from_text:
        article.title, article.source["title_from"] = from_text, TITLE_FROM_TEXT
    return article
