"""Who appears with whom, as a graph file for Gephi and NetworkX, or an edge table for R and
pandas.

The nodes are entities (id, canonical name, type, mentions, articles); an edge joins two
entities mentioned in the same articles, weighted by how many (``weight``, also ``articles``),
with the stories those articles belong to (``stories``). Which entities: the most mentioned
over the articles the filters keep (dates, outlet, story, type), or one entity and those
mentioned most often with it (``--entity``). Formats: GEXF 1.2 (Gephi's own; NetworkX's
``read_gexf``), GraphML (NetworkX's ``read_graphml``, igraph, yEd), and the edges as CSV or
JSON Lines, one row per pair with both names.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

from warta import __version__
from warta.errors import UsageError
from warta.records import Entity, EntityQuery, Store

NETWORK_FORMATS = ("gexf", "graphml", "csv", "jsonl")
MEDIA_TYPES = {
    "gexf": "application/gexf+xml",
    "graphml": "application/graphml+xml",
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
}
#: Entities a network holds unless asked otherwise, and at most: a graph an analyst can read
#: in Gephi; the pairs among them are counted in one query.
DEFAULT_NODES = 200
MAX_NODES = 2000
EDGE_COLUMNS = (
    "source", "target", "source_name", "target_name", "source_type", "target_type",
    "articles", "stories",
)  # fmt: skip
_GEXF = "http://www.gexf.net/1.2draft"
_GRAPHML = "http://graphml.graphdrawing.org/xmlns"
#: Characters XML 1.0 cannot hold, whatever the escaping.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Network:
    nodes: list[Entity]
    #: (entity id, entity id, articles, stories), the lower id first.
    edges: list[tuple[int, int, int, int]]
    description: str


def entity_network(
    store: Store,
    query: EntityQuery,
    nodes: int = DEFAULT_NODES,
    least: int = 1,
    entity: str | None = None,
) -> Network:
    """The network of the query's articles, or around ``entity`` (a name or alias).

    Raises:
        UsageError: an entity that is not stored, or a size out of bounds.
    """
    if not 1 <= nodes <= MAX_NODES:
        raise UsageError(f"--nodes must be between 1 and {MAX_NODES}, not {nodes}")
    if least < 1:
        raise UsageError(f"--min-articles must be at least 1, not {least}")
    around = None
    what = "the most mentioned entities"
    if entity is not None:
        found = store.list_entities(EntityQuery(name=entity, limit=1))
        if not found:
            raise UsageError(f"no entity named {entity!r} (see `warta entities`)")
        around = found[0].id
        what = f"{found[0].canonical} and the entities mentioned most often with it"
    chosen, edges = store.entity_network(query, nodes, least, around)
    return Network(chosen, edges, f"Warta {__version__}: {what}, joined when mentioned together")


def network_query(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    story: int | None = None,
    entity_type: str | None = None,
) -> EntityQuery:
    """The entities' query of a network's filters (a story: its articles).

    Raises:
        UsageError: a story that is not stored; FilterError (a UsageError): a bad filter.
    """
    article_ids = None
    if story is not None:
        article_ids = store.story_article_ids(story)
        if not article_ids:
            raise UsageError(f"no story with id {story} (see `warta stories`)")
    return EntityQuery(
        type=entity_type, since=since, until=until, outlet=outlet, article_ids=article_ids
    )


def network_text(network: Network, fmt: str) -> str:
    """The network in a format of :data:`NETWORK_FORMATS`."""
    if fmt == "gexf":
        return _gexf(network)
    if fmt == "graphml":
        return _graphml(network)
    names = {node.id: node for node in network.nodes}
    rows = [
        {
            "source": first, "target": second,
            "source_name": names[first].canonical, "target_name": names[second].canonical,
            "source_type": names[first].type, "target_type": names[second].type,
            "articles": articles, "stories": stories,
        }
        for first, second, articles, stories in network.edges
    ]  # fmt: skip
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, EDGE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _gexf(network: Network) -> str:
    root = ET.Element("gexf", {"xmlns": _GEXF, "version": "1.2"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": datetime.now(UTC).date().isoformat()})
    ET.SubElement(meta, "creator").text = "Warta"
    ET.SubElement(meta, "description").text = _text(network.description)
    graph = ET.SubElement(root, "graph", {"mode": "static", "defaultedgetype": "undirected"})
    node_attributes = ET.SubElement(graph, "attributes", {"class": "node"})
    for number, (title, kind) in enumerate(
        (("type", "string"), ("mentions", "integer"), ("articles", "integer"))
    ):
        ET.SubElement(
            node_attributes, "attribute", {"id": str(number), "title": title, "type": kind}
        )
    edge_attributes = ET.SubElement(graph, "attributes", {"class": "edge"})
    ET.SubElement(edge_attributes, "attribute", {"id": "0", "title": "stories", "type": "integer"})
    nodes = ET.SubElement(graph, "nodes")
    for entity in network.nodes:
        node = ET.SubElement(
            nodes, "node", {"id": str(entity.id), "label": _text(entity.canonical)}
        )
        values = ET.SubElement(node, "attvalues")
        for number, value in enumerate((entity.type, entity.mentions, entity.articles)):
            ET.SubElement(values, "attvalue", {"for": str(number), "value": _text(value)})
    edges = ET.SubElement(graph, "edges")
    for number, (first, second, articles, stories) in enumerate(network.edges):
        edge = ET.SubElement(
            edges,
            "edge",
            {"id": str(number), "source": str(first), "target": str(second),
             "weight": str(articles)},
        )  # fmt: skip
        values = ET.SubElement(edge, "attvalues")
        ET.SubElement(values, "attvalue", {"for": "0", "value": str(stories)})
    return _xml(root)


def _graphml(network: Network) -> str:
    root = ET.Element("graphml", {"xmlns": _GRAPHML})
    keys = (
        ("label", "node", "label", "string"), ("type", "node", "type", "string"),
        ("mentions", "node", "mentions", "int"), ("articles", "node", "articles", "int"),
        ("weight", "edge", "weight", "int"), ("stories", "edge", "stories", "int"),
    )  # fmt: skip
    for key, domain, name, kind in keys:
        ET.SubElement(root, "key", {"id": key, "for": domain, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, "graph", {"id": "warta", "edgedefault": "undirected"})
    ET.SubElement(graph, "desc").text = _text(network.description)
    for entity in network.nodes:
        node = ET.SubElement(graph, "node", {"id": f"n{entity.id}"})
        for key, value in (
            ("label", entity.canonical), ("type", entity.type),
            ("mentions", entity.mentions), ("articles", entity.articles),
        ):  # fmt: skip
            ET.SubElement(node, "data", {"key": key}).text = _text(value)
    for first, second, articles, stories in network.edges:
        edge = ET.SubElement(graph, "edge", {"source": f"n{first}", "target": f"n{second}"})
        ET.SubElement(edge, "data", {"key": "weight"}).text = str(articles)
        ET.SubElement(edge, "data", {"key": "stories"}).text = str(stories)
    return _xml(root)


def _xml(root: ET.Element) -> str:
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
