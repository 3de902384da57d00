"""Positions for large views, computed in Python so the browser draws at once (physics off).

Force layouts cost O(n²) per step in networkx (5,000 nodes: seconds; 20,000: minutes), so large
views use a radial layout instead: rings of breadth-first distance from a root (the core when it
is in the view), each subtree given an arc in proportion to its size. It is linear in the graph's
size and, around the core, the ring is the distance from it.
"""

from __future__ import annotations

import math
from typing import Iterable

import networkx as nx

__all__ = ["radial_layout"]

SPACING = 40.0  # pixels between neighbours on a ring
RING = 220.0  # minimum distance between rings


def _component_layout(graph: nx.Graph, root: str) -> dict[str, tuple[float, float]]:
    parents = {root: None}
    levels = [[root]]
    children: dict[str, list[str]] = {root: []}
    while levels[-1]:
        following = []
        for node in levels[-1]:
            for neighbour in sorted(graph.adj[node]):
                if neighbour not in parents:
                    parents[neighbour] = node
                    children[node].append(neighbour)
                    children[neighbour] = []
                    following.append(neighbour)
        levels.append(following)
    levels.pop()
    size: dict[str, int] = {}
    for level in reversed(levels):
        for node in level:
            size[node] = 1 + sum(size[c] for c in children[node])
    radii = [0.0]
    for depth, level in enumerate(levels[1:], start=1):
        radii.append(max(radii[-1] + RING, len(level) * SPACING / (2 * math.pi)))
    arcs = {root: (0.0, 2 * math.pi)}
    positions = {root: (0.0, 0.0)}
    for depth, level in enumerate(levels):
        for node in level:
            low, high = arcs[node]
            if depth:
                angle = (low + high) / 2
                positions[node] = (radii[depth] * math.cos(angle), radii[depth] * math.sin(angle))
            total = size[node] - 1
            cursor = low
            for child in children[node]:
                share = (high - low) * size[child] / total
                arcs[child] = (cursor, cursor + share)
                cursor += share
    return positions


def radial_layout(nodes: Iterable[str], edges: Iterable[tuple[str, str]], root: str | None = None) -> dict[str, tuple[float, float]]:
    """x, y for every node: one radial disc per connected component, discs side by side."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    positions: dict[str, tuple[float, float]] = {}
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    x_offset = 0.0
    row_height = 0.0
    y_offset = 0.0
    width = 0.0
    for component in components:
        sub = graph.subgraph(component)
        start = root if root in component else max(sorted(component), key=sub.degree)
        local = _component_layout(sub, start)
        radius = max((math.hypot(x, y) for x, y in local.values()), default=0.0) + SPACING
        if x_offset and width and x_offset + 2 * radius > max(width, 4000.0):
            x_offset, y_offset, row_height = 0.0, y_offset + row_height, 0.0
        for node, (x, y) in local.items():
            positions[node] = (round(x_offset + radius + x, 1), round(y_offset + radius + y, 1))
        x_offset += 2 * radius
        width = max(width, x_offset)
        row_height = max(row_height, 2 * radius)
    return positions
