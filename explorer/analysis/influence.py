"""Who matters in the web at a date: degree, betweenness, and brokers of loyalty.

A broker holds loyalty paths together: its count is the number of people whose loyalty path
runs through it (a breadth-first tree from the core, neighbours in id order, so it is stable).
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from .loyalty import binding_view, core_of

__all__ = ["centrality", "brokers"]


def centrality(graph: nx.MultiDiGraph, at: date | str | None = None) -> dict[str, dict[str, float]]:
    """Degree and betweenness centrality of the people bound to each other at `at`."""
    _, simple = binding_view(graph, at)
    degree = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    between = nx.betweenness_centrality(simple, k=min(len(simple), 500) if len(simple) > 2000 else None, seed=1)
    return {n: {"degree": round(degree[n], 6), "betweenness": round(between[n], 6)} for n in sorted(simple)}


def brokers(graph: nx.MultiDiGraph, core: str | None = None, at: date | str | None = None) -> dict[str, int]:
    """For each person, how many other people's loyalty paths run through them (zeros left out)."""
    core = core_of(graph, core)
    _, simple = binding_view(graph, at)
    if core not in simple:
        return {}
    parent: dict[str, str] = {}
    frontier, seen = [core], {core}
    while frontier:
        nxt = []
        for node in frontier:
            for neighbour in sorted(simple.neighbors(node)):
                if neighbour not in seen:
                    seen.add(neighbour)
                    parent[neighbour] = node
                    nxt.append(neighbour)
        frontier = nxt
    counts: dict[str, int] = {}
    for person in parent:
        step = parent[person]
        while step != core:
            counts[step] = counts.get(step, 0) + 1
            step = parent[step]
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
