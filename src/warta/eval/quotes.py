"""``warta eval quotes``: quotes and their speakers against gold annotations.

Gold quotes are ``{"text", "speaker", "kind"}`` per article, where ``text`` is a prefix of the
quoted words (the project's gold/samples.json); ``speaker`` may list accepted names with ``|``
between them, or be null with an optional ``speaker_role`` for an unnamed speaker. A found quote
matches a gold one when the gold words are inside the found words, or the found words are inside
the gold ones and at least half as long (a quote Warta cut short still counts; a single word
found in a long gold quote does not). Each found quote matches at most one gold quote: one of
the same kind first, then the closest in length.

Per kind, precision is the share of found quotes of that kind matching a gold quote of that kind;
recall is the share of gold quotes of that kind matched by a found quote of that kind; speaker
accuracy is, over those matches, the share whose speaker is right: the same name, a name the
store knows as an alias of the speaker's entity, or, for an unnamed speaker, the same role phrase
in more or fewer words ("sopir" and "sopir angkutan"). The ``any kind`` row matches regardless of
kind.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.eval.gold import ingested_gold
from warta.records import EntityQuery, QuoteQuery, QuoteRecord, Store

KINDS = ("direct", "partial", "indirect")
ANY = "any kind"
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
#: Spaces a tokenised text puts before closing punctuation and after an opening bracket
#: ("tarif , tapi", "( 27/3 )"): the same words as "tarif, tapi", "(27/3)".
_TOKEN_SPACES = re.compile(r"\s+(?=[,.;:!?)%])|(?<=\()\s+")


@dataclass(slots=True)
class KindScores:
    gold: int = 0
    found: int = 0
    matched_gold: int = 0
    matched_found: int = 0
    right_speaker: int = 0

    @property
    def precision(self) -> float:
        return self.matched_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.right_speaker / self.matched_gold if self.matched_gold else 1.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "gold": self.gold, "found": self.found, "matched": self.matched_gold,
            "precision": self.precision, "recall": self.recall,
            "speaker_accuracy": self.speaker_accuracy,
        }  # fmt: skip


@dataclass(slots=True)
class QuoteScores:
    articles: int = 0
    kinds: dict[str, KindScores] = field(
        default_factory=lambda: {kind: KindScores() for kind in (*KINDS, ANY)}
    )
    misses: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "kinds": {kind: scores.to_dict() for kind, scores in self.kinds.items()},
            "misses": self.misses,
        }


def evaluate_quotes(gold_path: Path, inputs: Path | None = None) -> QuoteScores:
    """Ingest the gold file's inputs and score the quotes Warta stores for them."""
    scores = QuoteScores()
    with ingested_gold(gold_path, inputs) as corpus:
        for name, expected in sorted(corpus.gold.items()):
            found = corpus.store.list_quotes(QuoteQuery(article_ids=[corpus.article_ids[name]]))
            score_article(scores, name, list(expected.get("quotes", [])), found, corpus.store)
    return scores


def normal(text: str) -> str:
    """Words only: casefolded, single spaces, no punctuation at either end."""
    return _EDGES.sub("", _TOKEN_SPACES.sub("", " ".join(text.casefold().split())))


def _contains(outer: str, inner: str) -> bool:
    return bool(inner) and re.search(rf"(?<!\w){re.escape(inner)}(?!\w)", outer) is not None


def matches(gold_text: str, found_text: str) -> bool:
    """Whether a found quote's words are the gold quote's (see the module docstring)."""
    gold, found = normal(gold_text), normal(found_text)
    return _contains(found, gold) or (_contains(gold, found) and 2 * len(found) >= len(gold))


def score_article(
    scores: QuoteScores,
    name: str,
    gold: list[dict[str, Any]],
    found: list[QuoteRecord],
    store: Store,
) -> None:
    """Add one article's gold and found quotes to the scores."""
    scores.articles += 1
    for kind in (*KINDS, ANY):
        scores.kinds[kind].gold += sum(1 for g in gold if kind in (ANY, g.get("kind")))
        scores.kinds[kind].found += sum(1 for f in found if kind in (ANY, f.kind))
    for same_kind in (True, False):
        used: set[int] = set()
        for expected in gold:
            candidates = [
                (abs(len(quote.text) - len(expected["text"])), index)
                for index, quote in enumerate(found)
                if index not in used
                and (not same_kind or quote.kind == expected.get("kind"))
                and matches(expected["text"], quote.text)
            ]
            if not candidates:
                if same_kind:
                    continue
                scores.misses.append({"article": name, "missing": expected})
                continue
            index = min(candidates)[1]
            used.add(index)
            kind = expected.get("kind", "") if same_kind else ANY
            right = same_speaker(expected, found[index], store)
            kind_scores = scores.kinds.get(kind)
            if kind_scores is not None:
                kind_scores.matched_gold += 1
                kind_scores.matched_found += 1
                kind_scores.right_speaker += right
            if not right and not same_kind:
                scores.misses.append(
                    {"article": name, "expected": expected, "speaker": found[index].speaker}
                )
        if not same_kind:
            for index, quote in enumerate(found):
                if index not in used:
                    scores.misses.append(
                        {"article": name, "extra": {"text": quote.text, "kind": quote.kind,
                                                    "speaker": quote.speaker}}
                    )  # fmt: skip


def same_speaker(expected: dict[str, Any], quote: QuoteRecord, store: Store) -> bool:
    """Whether a found quote's speaker is the gold one: any of the names ``speaker`` lists
    with ``|`` between them ("Basuki Tjahaja Purnama|Ahok"); for a gold speaker without a
    name (null), no name found, and the gold ``speaker_role``, if given, in more or fewer
    words."""
    names = expected.get("speaker")
    if not isinstance(names, str):
        role = expected.get("speaker_role")
        if quote.speaker is not None:
            return False
        return not role or _same_unnamed(normal(role), normal(quote.speaker_role or ""))
    return any(_same_speaker(name, quote, store) for name in names.split("|"))


def _same_speaker(expected: str, quote: QuoteRecord, store: Store) -> bool:
    if quote.speaker is None:
        # an unnamed speaker: the gold gives their description as the speaker ("warga")
        return _same_unnamed(normal(expected), normal(quote.speaker_role or ""))
    if normal(expected) in (normal(quote.speaker), normal(quote.speaker_as_written or "")):
        return True
    if quote.speaker_entity is None:
        return _same_unnamed(normal(expected), normal(quote.speaker))
    return any(
        e.id == quote.speaker_entity for e in store.list_entities(EntityQuery(name=expected))
    )


def _same_unnamed(expected: str, found: str) -> bool:
    """An unnamed speaker described in more or fewer words: "sopir" and "sopir angkutan" are
    one speaker. Only lowercase role phrases (never names) are compared this way, word by word
    from the head."""
    if not expected[:1].islower() or not found[:1].islower():
        return False
    shorter, longer = sorted((expected.split(), found.split()), key=len)
    return longer[: len(shorter)] == shorter


def format_scores(scores: QuoteScores) -> str:
    """The scores as a short table, then every miss on its own line."""
    lines = [
        f"articles: {scores.articles}",
        f"{'kind':<9} {'gold':>5} {'found':>6} {'matched':>8} {'precision':>10} {'recall':>7}"
        f" {'speaker':>8}",
    ]
    for kind, row in scores.kinds.items():
        lines.append(
            f"{kind:<9} {row.gold:>5} {row.found:>6} {row.matched_gold:>8} {row.precision:>10.3f}"
            f" {row.recall:>7.3f} {row.speaker_accuracy:>8.3f}"
        )
    lines.extend(f"miss: {json.dumps(miss, ensure_ascii=False)}" for miss in scores.misses)
    return "\n".join(lines)
