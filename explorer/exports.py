"""The graph in the formats other tools read: node-link JSON, GraphML (yEd, Cytoscape) and GEXF
(Gephi, with time intervals so its timeline replays ties and defections).

GraphML and GEXF take only scalar attributes, so lists and dicts (aliases, citations, status
events) are written as JSON text; partial dates become full ISO dates for the GEXF spells: a tie
holds from the first day of its start through the last day of its end (explorer/dates.py). Every
export carries each person's `status`: as given, or as the record ends when the graph has none. In
the GEXF of the whole record `status` is a dynamic attribute, so Gephi's timeline shows people
turning from loyal to defected.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import networkx as nx

from .dates import parse_date
from .graph import person_ids, snapshot, timeline_of

__all__ = ["write_json", "read_json", "write_graphml", "write_gexf", "flat_graph", "with_statuses", "status_spells", "FORMATS"]

FORMATS = ("json", "graphml", "gexf")


def _write_text(path: str | Path, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def with_statuses(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph itself if every person has a `status`, else its snapshot as the record ends."""
    if all("status" in graph.nodes[n] for n in person_ids(graph)):
        return graph
    return snapshot(graph, None)


def write_json(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """networkx node-link JSON (read it back with `read_json` or `nx.node_link_graph`)."""
    data = nx.node_link_data(with_statuses(graph), edges="links")
    return _write_text(path, json.dumps(data, ensure_ascii=False, indent=1, default=str))


def read_json(path: str | Path) -> nx.MultiDiGraph:
    """The graph `write_json` wrote, equal to the one given (with statuses)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")


def _scalar(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all strings, numbers or booleans (None becomes '')."""
    flat = nx.MultiDiGraph()
    flat.graph.update({k: _scalar(v) for k, v in graph.graph.items() if k != "sources"})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _scalar(val) for k, val in data.items()})
    return flat


def write_graphml(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(flat_graph(with_statuses(graph)), path, encoding="utf-8")
    return path


def _spell(start: str | None, end: str | None) -> dict[str, str]:
    spell = {}
    if start:
        spell["start"] = parse_date(start).first_day.isoformat()
    if end:
        spell["end"] = parse_date(end).last_day.isoformat()
    return spell


def status_spells(graph: nx.MultiDiGraph, node: str, origin: date) -> list[tuple[str, str | None, str | None]]:
    """A person's status over time as GEXF dynamic values: (status, first day, last day).

    Read from the timeline's one status-over-time function. A status that never changes is dated
    from `origin` (the first day in the export) because networkx writes undated values as static ones.
    """
    changes = timeline_of(graph).status_changes(node)
    spells: list[list] = [[status, day.isoformat() if day else None, None] for day, status in changes]
    for spell, following in zip(spells, changes[1:]):
        spell[2] = (following[0] - timedelta(days=1)).isoformat()
    if len(spells) == 1:
        spells[0][1] = origin.isoformat()
    return [tuple(s) for s in spells]


def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """GEXF 1.2 in dynamic mode: ties carry start/end, entities their life span, people their status.

    For a snapshot at a date (`graph.graph["at"]` set) the status is the one at that date.
    """
    graph = with_statuses(graph)
    flat = flat_graph(graph)
    for node, data in graph.nodes(data=True):
        begun = data.get("born") or data.get("founded") or data.get("start")
        ended = data.get("died") or data.get("dissolved") or data.get("end")
        flat.nodes[node].pop("start", None)
        flat.nodes[node].pop("end", None)
        flat.nodes[node].update(_spell(begun, ended))
        flat.nodes[node]["label"] = data.get("name", node)
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = flat.edges[u, v, key]
        attrs.pop("start", None)
        attrs.pop("end", None)
        attrs.update(_spell(data.get("start"), data.get("end")))
        attrs["label"] = data.get("type", "")
        # GEXF's own `type` attribute means directed/undirected: the relationship type gets its own
        # name. Symmetric ties stay directed edges with symmetric=true (networkx reads no mixed graphs).
        attrs["relationship"] = attrs.pop("type", "")
    if graph.graph.get("at") is None:
        starts = [d["start"] for _, d in flat.nodes(data=True) if "start" in d]
        starts += [d["start"] for *_, d in flat.edges(data=True) if "start" in d]
        origin = date.fromisoformat(min(starts)) if starts else date(1900, 1, 1)
        for node in person_ids(graph):
            flat.nodes[node]["status"] = status_spells(graph, node, origin)
    flat.graph["mode"] = "dynamic"
    flat.graph["timeformat"] = "date"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(flat, path, encoding="utf-8", version="1.2draft")
    return path
