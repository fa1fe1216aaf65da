"""``warta reanalyze --stored``: every stored article analysed again from the input the store
kept, a batch at a time, the changed ones replaced and their story features computed again.

A stale analysis is made as an older Warta would have left it: a stored article's quotes
dropped (its story features computed from that analysis), which the analysis of today finds
again in its kept input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PACKAGE_SAMPLES, Warta
from warta.errors import InputRejected
from warta.model import Article, RawDocument
from warta.run import local
from warta.run import reanalyze as reanalyze_module
from warta.run.local import InProcess, recompute_features
from warta.run.reanalyze import reanalyze_stored
from warta.store import open_store


def _quote_features(location: str | Path, article_id: str) -> frozenset[str]:
    """The quote keys story clustering holds for an article."""
    with open_store(location) as store, store.story_index() as index:
        return index.features([article_id])[article_id].quotes


def _make_stale(location: str | Path) -> str:
    """Drop the quotes of the stored article with most of them, features and all, as an
    older analysis would have stored it; returns its id."""
    with open_store(location) as store:
        articles = list(store.list_articles())
        quoted = max(articles, key=lambda article: len(article.quotes))
        assert quoted.quotes
        store.replace_analysis([replace(quoted, quotes=[])], refeature=True)
        recompute_features(store)
        assert not store.pending_work("features")
    return quoted.id


def test_a_stale_analysis_is_made_again_from_the_kept_input(warta_on_each_store: Warta) -> None:
    warta = warta_on_each_store
    assert warta("ingest", PACKAGE_SAMPLES).returncode == 0
    fresh = warta.articles()
    fresh_quotes = warta("quotes", "-f", "json").json()
    stale_id = _make_stale(warta.db)
    quote_keys = _quote_features(warta.db, stale_id)
    assert not quote_keys  # the features were computed from the stale analysis

    done = warta("reanalyze", "--stored")

    assert done.returncode == 0, done
    assert done.stdout == "5 articles analysed again: 1 changed\n"
    assert warta.articles() == fresh
    assert warta("quotes", "-f", "json").json() == fresh_quotes
    assert _quote_features(warta.db, stale_id)  # computed again, by the end of the command
    with open_store(warta.db) as store:
        assert not store.pending_work("features")
    again = warta("reanalyze", "--stored")
    assert again.stdout == "5 articles analysed again: 0 changed\n"


def test_an_unchanged_store_changes_nothing(warta: Warta) -> None:
    """An article dated from its neighbours by the ingest (one of the samples is) is dated so
    again before it is compared: made from its input alone it has no dates, and would change."""
    assert warta("ingest", PACKAGE_SAMPLES).returncode == 0
    assert any(article["published_not_before"] for article in warta.articles())
    before = warta.articles()

    done = warta("reanalyze", "--stored")

    assert done.returncode == 0, done
    assert done.stdout == "5 articles analysed again: 0 changed\n"
    assert warta.articles() == before


def test_since_limits_it_to_the_articles_published_since(warta: Warta) -> None:
    assert warta("ingest", PACKAGE_SAMPLES).returncode == 0
    published_since = warta.articles("--since", "2021-12-07")
    assert 0 < len(published_since) < 5

    done = warta("reanalyze", "--stored", "--since", "2021-12-07")

    assert done.stdout == f"{len(published_since)} articles analysed again: 0 changed\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "2021-12-07"), "--since goes with --stored"),
        (("--stored", "--archive", "somewhere"), "--archive and --stored exclude each other"),
        (("--stored", "--since", "Desember"), "--since 'Desember' is not a date"),
    ],
)
def test_options_that_do_not_go_together_are_refused(
    warta: Warta, args: tuple[str, ...], message: str
) -> None:
    assert warta("ingest", PACKAGE_SAMPLES).returncode == 0
    done = warta("reanalyze", *args)
    assert done.returncode == 2
    assert message in done.stderr


def test_the_store_is_read_a_batch_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = tmp_path / "warta.db"
    warta = Warta(location, tmp_path)
    assert warta("ingest", PACKAGE_SAMPLES).returncode == 0
    stale_id = _make_stale(location)
    batches: list[int] = []
    owed_after: list[int] = []
    real_reanalyze = reanalyze_module.reanalyze_articles
    real_features = reanalyze_module.recompute_features

    def counting(store: Any, ids: Sequence[str], *args: Any, **kwargs: Any) -> Any:
        batches.append(len(ids))
        return real_reanalyze(store, ids, *args, **kwargs)

    def features(store: Any) -> list[str]:
        owed = real_features(store)
        owed_after.append(len(owed))
        return owed

    monkeypatch.setattr(reanalyze_module, "reanalyze_articles", counting)
    monkeypatch.setattr(reanalyze_module, "recompute_features", features)
    with open_store(location) as store:
        report = reanalyze_stored(store, InProcess(), batch_size=2)

    assert batches == [2, 2, 1]
    # the features of the changed article are computed after its own batch, not at the end
    assert sum(owed_after) == 1 and len(owed_after) == 3
    assert (report.analysed, report.changed, report.refused) == (5, 1, 0)
    assert _quote_features(location, stale_id)


class _Refusing(InProcess):
    """The analysis of today, refusing one input (a newer Warta that cannot read it)."""

    def __init__(self, refused_origin: str) -> None:
        self.refused_origin = refused_origin

    def analyze(self, raws: Sequence[RawDocument]) -> list[Article | InputRejected]:
        results = super().analyze(raws)
        return [
            InputRejected(raw.origin, "cannot be analysed") if raw.origin == self.refused_origin
            else result
            for raw, result in zip(raws, results, strict=True)
        ]  # fmt: skip


def test_an_article_refused_now_keeps_its_analysis(
    warta: Warta, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert warta("ingest", PACKAGE_SAMPLES).returncode == 0
    stale_id = _make_stale(warta.db)
    refusals: list[InputRejected] = []
    with open_store(warta.db) as store:
        raw = store.get_raw(stale_id)
        assert raw is not None
        report = reanalyze_stored(store, _Refusing(raw.origin), on_refused=refusals.append)
        kept = store.get_article(stale_id)

    assert (report.analysed, report.changed, report.refused) == (5, 0, 1)
    assert [refusal.origin for refusal in refusals] == [raw.origin]
    assert kept is not None and not kept.quotes  # as it was: the refusal replaced nothing

    monkeypatch.setattr(local, "default_analysis", lambda workers=None: _Refusing(raw.origin))
    done = warta("reanalyze", "--stored")
    assert done.returncode == 1
    assert done.stdout == "5 articles analysed again: 0 changed, 1 refused (kept as they were)\n"
    assert done.stderr == f"warta: refused {raw.origin}: cannot be analysed\n"
