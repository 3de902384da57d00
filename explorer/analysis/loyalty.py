"""Loyalty paths: how a person is bound to the core (the ruler) at a date, and how closely.

A loyalty path is a shortest path from a person to the core over binding ties (family, bond,
hierarchy) that hold at the date, walking ties in either direction, through people who are
neither defected, dead nor in the opposition then (nor is the person at either end). Only people
are walked: two officers of the same army are not "bound" to each other by it, so organizations
never stand in the middle of a loyalty path.
Among equally short paths, the one whose weakest tie is strongest wins (then the first by ids).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from .. import schema
from ..dates import as_of
from ..graph import snapshot
from ..paths import best_tie, hop, node_paths, walkable

__all__ = ["LoyaltyPath", "loyalty_distances", "loyalty_path", "loyalty_ranking", "core_of", "binding_view", "weakest"]

UNBOUND_STATUSES = ("defected", "dead", "opposition")  # statuses that hold no one to the core
MAX_CANDIDATE_PATHS = 64


@dataclass
class LoyaltyPath:
    """A person's path to the core at a date; `strength` is the weakest hop's confidence."""

    person: str
    core: str
    at: str | None
    distance: int
    hops: list[dict[str, Any]] = field(default_factory=list)
    strength: str = "confirmed"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def core_of(graph: nx.MultiDiGraph, core: str | None = None) -> str:
    core = core or graph.graph.get("core")
    if not core or core not in graph:
        from ..errors import UsageError

        raise UsageError("no core person: set 'core' in dataset.yaml or pass --core NAME")
    return core


def _day(at: date | str | None) -> date | None:
    return as_of(at) if isinstance(at, str) else at


Views = dict  # day -> (snapshot, walkable graph), kept by a caller who asks many questions of one graph


def binding_view(graph: nx.MultiDiGraph, at: date | str | None, views: Views | None = None) -> tuple[nx.MultiDiGraph, nx.Graph]:
    """The snapshot at `at` and its walkable graph: binding ties among people still bound then.

    A snapshot copies the graph; pass the same `views` dict to calls on one unchanged graph to
    build each day's only once.
    """
    day = _day(at)
    if views is not None and day in views:
        return views[day]
    view = snapshot(graph, day)
    bound = [n for n, d in view.nodes(data=True) if d.get("kind") == "person" and d.get("status") not in UNBOUND_STATUSES]
    result = (view, walkable(view, schema.BINDING_FAMILIES, bound))
    if views is not None:
        views[day] = result
    return result


def weakest(hops: list[dict[str, Any]]) -> str:
    """The weakest confidence along a path (a chain is as strong as its weakest link)."""
    if not hops:
        return schema.CONFIDENCE_ORDER[0]
    return max((h["confidence"] for h in hops), key=schema.confidence_rank)


def loyalty_distances(
    graph: nx.MultiDiGraph, core: str | None = None, at: date | str | None = None, *, views: Views | None = None
) -> dict[str, int]:
    """Loyalty distance of every person bound to the core at `at` (the core itself is 0)."""
    core = core_of(graph, core)
    _, simple = binding_view(graph, at, views)
    if core not in simple:
        return {}
    return dict(nx.single_source_shortest_path_length(simple, core))


def loyalty_path(
    graph: nx.MultiDiGraph, person: str, core: str | None = None, at: date | str | None = None, *, views: Views | None = None
) -> LoyaltyPath | None:
    """The person's loyalty path at `at`, or None (defected, dead, opposition, or not bound then)."""
    core = core_of(graph, core)
    view, simple = binding_view(graph, at, views)
    day = _day(at)
    when = day.isoformat() if day else None
    if person not in simple or core not in simple:
        return None
    if person == core:
        return LoyaltyPath(person, core, when, 0)
    candidates = node_paths(simple, person, core, MAX_CANDIDATE_PATHS)
    if not candidates:
        return None
    best = None
    for nodes in candidates:
        hops = [hop(view, u, v, best_tie(view, u, v, schema.BINDING_FAMILIES)) for u, v in zip(nodes, nodes[1:])]
        rank = schema.confidence_rank(weakest(hops))
        if best is None or rank < best[0]:
            best = (rank, hops)
    hops = best[1]
    return LoyaltyPath(person, core, when, len(hops), hops, weakest(hops))


def loyalty_ranking(graph: nx.MultiDiGraph, core: str | None = None, at: date | str | None = None) -> list[dict[str, Any]]:
    """Every person with their loyalty distance (None when unbound) and status, closest first."""
    views: Views = {}
    distances = loyalty_distances(graph, core, at, views=views)
    view, _ = binding_view(graph, at, views)
    rows = [
        {"id": n, "name": d["name"], "status": d.get("status"), "distance": distances.get(n)}
        for n, d in view.nodes(data=True)
        if d.get("kind") == "person"
    ]
    return sorted(rows, key=lambda r: (r["distance"] is None, r["distance"] or 0, r["name"]))
