"""Positions for large views, computed in Python so the browser draws at once (physics off).

Force layouts cost O(n²) per step in networkx (5,000 nodes: seconds; 20,000: minutes), so large
views use a radial layout instead: annuli of breadth-first distance from a root (the core when it
is in the view), each as dense as the others, children placed at their parent's bearing. It is
linear in the graph's size and, around the core, the annulus is the distance from it.
"""

from __future__ import annotations

import math
from typing import Iterable

import networkx as nx

__all__ = ["radial_layout"]

SPACING = 40.0  # pixels between neighbours on a ring
RING = 160.0  # minimum width of an annulus


def _component_layout(graph: nx.Graph, root: str) -> dict[str, tuple[float, float]]:
    """Breadth-first levels as annuli of equal density; children keep their parent's bearing."""
    parents: dict[str, str | None] = {root: None}
    levels = [[root]]
    while levels[-1]:
        following = []
        for node in levels[-1]:
            for neighbour in sorted(graph.adj[node]):
                if neighbour not in parents:
                    parents[neighbour] = node
                    following.append(neighbour)
        levels.append(following)
    levels.pop()
    positions = {root: (0.0, 0.0)}
    bearing = {root: 0.0}
    inner = RING / 2
    for level in levels[1:]:
        # the annulus holding this level has room for every node at SPACING apart
        outer = max(inner + RING / 2, math.sqrt(inner**2 + len(level) * SPACING**2 / math.pi))
        rows = max(1, round((outer - inner) / SPACING))
        ordered = sorted(level, key=lambda n: (bearing[parents[n]], n))
        for index, node in enumerate(ordered):
            angle = 2 * math.pi * (index + 0.5) / len(ordered)
            radius = inner + (outer - inner) * ((index % rows) + 0.5) / rows
            positions[node] = (radius * math.cos(angle), radius * math.sin(angle))
            bearing[node] = angle
        inner = outer + SPACING
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
