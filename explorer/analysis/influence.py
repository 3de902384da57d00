"""Who matters in the web at a date: degree, betweenness, and brokers of loyalty.

A broker holds loyalty paths together: its count is the number of people whose loyalty path (as
`loyalty_path` chooses it) runs through it.
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from ..graph import Timeline, timeline_of
from .loyalty import core_of, loyalty_tree

__all__ = ["centrality", "brokers", "binding_graph"]


def binding_graph(graph: "nx.MultiDiGraph | Timeline", at: date | str | None = None, *, chain: bool = True) -> nx.Graph:
    """The people bound to each other at `at` (walkable people, one edge per bound pair) as a simple graph."""
    links = timeline_of(graph).at(at).binding(chain)
    simple = nx.Graph()
    simple.add_nodes_from(links)
    simple.add_edges_from((a, b) for a, others in links.items() for b in others if a < b)
    return simple


def centrality(graph: "nx.MultiDiGraph | Timeline", at: date | str | None = None, *, chain: bool = True) -> dict[str, dict[str, float]]:
    """Degree and betweenness centrality of the people bound to each other at `at`."""
    simple = binding_graph(graph, at, chain=chain)
    degree = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    between = nx.betweenness_centrality(simple, k=min(len(simple), 500) if len(simple) > 2000 else None, seed=1)
    return {n: {"degree": round(degree[n], 6), "betweenness": round(between[n], 6)} for n in sorted(simple)}


def brokers(graph: "nx.MultiDiGraph | Timeline", core: str | None = None, at: date | str | None = None, *, chain: bool = True) -> dict[str, int]:
    """For each person, how many other people's loyalty paths run through them (zeros left out)."""
    core = core_of(graph, core)
    tree = loyalty_tree(timeline_of(graph).at(at), core, chain)
    counts: dict[str, int] = {}
    for person in tree.distance:
        for step in tree.nodes(person)[1:-1]:
            counts[step] = counts.get(step, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
