"""Shortest paths between two entities, hop by hop, with each tie's dates and grade.

Paths walk ties in either direction (a tie links both its ends), over the families asked for
(by default every family but `context`, which records where things are, not who is tied to whom).
Between two nodes joined by several ties, a hop takes the strongest-graded one.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

import networkx as nx

from .. import schema
from .timeline import timeline_of

__all__ = ["DEFAULT_PATH_FAMILIES", "hop", "best_tie", "walkable", "node_paths", "shortest_paths"]

DEFAULT_PATH_FAMILIES = tuple(f for f in schema.FAMILIES if f != "context")


def hop(graph: nx.MultiDiGraph, walk_from: str, walk_to: str, key: str) -> dict[str, Any]:
    """One step of a path as a plain dict; `forward` says whether it follows the tie's direction."""
    forward = graph.has_edge(walk_from, walk_to, key)
    source, target = (walk_from, walk_to) if forward else (walk_to, walk_from)
    data = graph.edges[source, target, key]
    return {
        "source": source,
        "target": target,
        "from": walk_from,
        "to": walk_to,
        "forward": forward or data.get("symmetric", False),
        "key": key,
        **{k: data.get(k) for k in ("type", "family", "start", "end", "confidence", "sources", "note", "role", "relation")},
    }


def best_tie(graph: nx.MultiDiGraph, a: str, b: str, families: Iterable[str]) -> str | None:
    """The key of the strongest-graded tie between a and b (either direction) in `families`."""
    families = set(families)
    candidates = []
    for source, target in ((a, b), (b, a)):
        for key, data in (graph.get_edge_data(source, target) or {}).items():
            if data["family"] in families:
                candidates.append((schema.confidence_rank(data["confidence"]), key))
    return min(candidates)[1] if candidates else None


def walkable(graph: nx.MultiDiGraph, families: Iterable[str], nodes: Iterable[str] | None = None) -> nx.Graph:
    """An undirected simple graph of the ties in `families`, among `nodes` (default: all)."""
    families = set(families)
    keep = set(graph.nodes) if nodes is None else set(nodes)
    simple = nx.Graph()
    simple.add_nodes_from(n for n in graph.nodes if n in keep)
    simple.add_edges_from(
        (u, v) for u, v, d in graph.edges(data=True) if d["family"] in families and u in keep and v in keep
    )
    return simple


def shortest_paths(
    graph: nx.MultiDiGraph,
    a: str,
    b: str,
    *,
    at: date | str | None = None,
    families: Iterable[str] = DEFAULT_PATH_FAMILIES,
    limit: int = 10,
) -> list[list[dict[str, Any]]]:
    """Up to `limit` shortest paths from a to b at a date; [] when they are not linked."""
    families = tuple(families)
    view = timeline_of(graph).at(at).graph if at is not None else graph
    if a not in view or b not in view:
        return []
    return [
        [hop(view, u, v, best_tie(view, u, v, families)) for u, v in zip(nodes, nodes[1:])]
        for nodes in node_paths(walkable(view, families), a, b, limit)
    ]


def node_paths(simple: nx.Graph, a: str, b: str, limit: int) -> list[list[str]]:
    """Up to `limit` shortest node paths from a to b, in id order; [] when none."""
    found: list[list[str]] = []
    try:
        for nodes in nx.all_shortest_paths(simple, a, b):
            found.append(nodes)
            if len(found) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return sorted(found)
