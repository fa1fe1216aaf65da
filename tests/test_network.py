"""Who appears with whom: an entity's companions, the articles behind a pair, and the network
export read back as NetworkX reads GEXF and GraphML; counts checked against the stored
mentions, counted here in Python."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

import warta
from warta.records import EntityQuery, Store

from .conftest import PACKAGE_SAMPLES, Warta


def _mentioned(store: Store) -> dict[str, set[int]]:
    """Each article's entity ids, from the stored mentions."""
    by_article: dict[str, set[int]] = {}
    for article, entity in store._db.execute(  # type: ignore[attr-defined]
        "SELECT article_id, entity_id FROM article_entities"
    ):
        by_article.setdefault(str(article), set()).add(int(entity))
    return by_article


def _pairs(store: Store) -> Counter[tuple[int, int]]:
    return Counter(
        pair for ids in _mentioned(store).values() for pair in combinations(sorted(ids), 2)
    )


def test_an_entitys_companions_are_counted_over_its_articles(samples_store: str) -> None:
    with warta.open_store(samples_store) as store:
        pairs = _pairs(store)
        putin = store.list_entities(EntityQuery(name="Vladimir Putin"))[0]
        companions = store.cooccurring(putin.id, 50)
        together = store.pair_articles(putin.id, companions[0].id, 50)
        mentioned = _mentioned(store)
    expected = {(b if a == putin.id else a): n for (a, b), n in pairs.items() if putin.id in (a, b)}
    assert {c.id: c.articles for c in companions} == expected and len(expected) > 3
    assert [c.articles for c in companions] == sorted(
        (c.articles for c in companions), reverse=True
    )
    assert all(1 <= c.stories <= c.articles for c in companions)
    assert sorted(together) == sorted(
        article for article, ids in mentioned.items() if {putin.id, companions[0].id} <= ids
    )


def test_the_api_and_the_pages_show_who_appears_with_whom(client: TestClient) -> None:
    people = client.get("/api/entities?type=PERSON&limit=50").json()["items"]
    putin = next(e for e in people if e["canonical"] == "Vladimir Putin")
    detail = client.get(f"/api/entities/{putin['id']}").json()
    first = detail["appears_with"][0]
    assert {"id", "canonical", "type", "articles", "stories", "together"} <= set(first)
    behind = client.get(first["together"]).json()
    assert len(behind["articles"]) == first["articles"]
    assert [e["id"] for e in behind["entities"]] == [putin["id"], first["id"]]
    assert client.get(f"/api/entities/{putin['id']}/with/999999").status_code == 404
    page = client.get(f"/entities/{putin['id']}").text
    section = page.split('id="appears-with"')[1].split("</section>")[0]
    assert f'href="/entities/{putin["id"]}/with/{first["id"]}"' in section
    assert "/export/network.gexf?entity=Vladimir+Putin" in section
    compare = section.split('class="compare" href="')[1].split('"')[0].replace("&amp;", "&")
    chart = client.get(compare).text  # the two followed on one attention chart
    for name in ("Vladimir Putin", first["canonical"]):
        assert f'name="entity" value="{html.escape(name)}"' in chart, (compare, name)
    assert "<svg" in chart
    assert compare.startswith("/attention?entity=Vladimir%20Putin&entity=")
    pair_page = client.get(f"/entities/{putin['id']}/with/{first['id']}").text
    assert pair_page.count('href="/articles/') == first["articles"]
    assert client.get(f"/entities/{putin['id']}/with/x").status_code == 404


def test_the_network_opens_in_networkx(client: TestClient, samples_store: str) -> None:
    with warta.open_store(samples_store) as store:
        pairs = _pairs(store)
        entities = {e.id: e for e in store.list_entities()}
    gexf = client.get("/export/network.gexf?nodes=2000")
    assert gexf.status_code == 200 and gexf.headers["content-type"].startswith("application/gexf")
    graph = nx.read_gexf(io.BytesIO(gexf.content))
    assert graph.number_of_nodes() == len(entities)
    weights = {
        tuple(sorted((int(a), int(b)))): data["weight"] for a, b, data in graph.edges(data=True)
    }
    assert weights == pytest.approx(dict(pairs))
    some = next(iter(entities.values()))
    assert graph.nodes[str(some.id)]["label"] == some.canonical
    assert graph.nodes[str(some.id)]["mentions"] == some.mentions
    graphml = client.get("/export/network.graphml?min_articles=2")
    read = nx.read_graphml(io.BytesIO(graphml.content))
    assert read.number_of_edges() == sum(1 for n in pairs.values() if n >= 2) > 0
    assert all(data["weight"] >= 2 for _, _, data in read.edges(data=True))
    people = nx.read_gexf(io.BytesIO(client.get("/export/network.gexf?type=PERSON").content))
    assert {data["type"] for _, data in people.nodes(data=True)} == {"PERSON"}
    assert client.get("/export/network.gexf?entity=nobody").status_code == 400
    assert client.get("/export/network.svg").status_code == 404
    assert client.get("/export/network.gexf?nodes=0").status_code == 422


def test_warta_export_network(warta: Warta, tmp_path: Path) -> None:
    assert warta("ingest", PACKAGE_SAMPLES).returncode == 0
    result = warta("export", "network", "-f", "gexf", "--entity", "Putin", "--nodes", "4",
                   "-o", tmp_path / "putin.gexf")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "4 entities and" in result.stderr
    graph = nx.read_gexf(tmp_path / "putin.gexf")
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert "Vladimir Putin" in labels and graph.number_of_nodes() == 4
    putin = next(node for node, data in graph.nodes(data=True) if data["label"] == "Vladimir Putin")
    assert graph.degree(putin) == 3  # every companion was mentioned with him
    edges = warta("export", "network", "-f", "csv", "--min-articles", "2").stdout.splitlines()
    assert (
        edges[0] == "source,target,source_name,target_name,source_type,target_type,articles,stories"
    )
    rows: list[dict[str, Any]] = [
        dict(zip(edges[0].split(","), line.split(","), strict=False)) for line in edges[1:]
    ]
    assert rows and all(int(row["articles"]) >= 2 for row in rows)
    bad = warta("export", "network", "-f", "pdf")
    assert bad.returncode == 2 and "gexf, graphml, csv, jsonl" in bad.stderr


def test_the_long_table_of_who_each_article_names(client: TestClient, samples_store: str) -> None:
    with warta.open_store(samples_store) as store:
        stored = {
            (str(article), int(entity), int(mentions))
            for article, entity, mentions in store._db.execute(  # type: ignore[attr-defined]
                "SELECT article_id, entity_id, mentions FROM article_entities"
            )
        }
        people = {e.id for e in store.list_entities(EntityQuery(type="PERSON"))}
    rows = [json.loads(line) for line in client.get("/export/mentions.jsonl").text.splitlines()]
    assert {(r["article"], r["entity"], r["mentions"]) for r in rows} == stored
    assert len(rows) == len(stored)
    persons = list(csv.DictReader(io.StringIO(client.get("/export/mentions.csv?type=PERSON").text)))
    assert {int(r["entity"]) for r in persons} == people and all(
        r["type"] == "PERSON" for r in persons
    )
    assert client.get("/export/mentions.csv?speaker=x").status_code == 400
