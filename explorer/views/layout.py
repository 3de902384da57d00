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

__all__ = ["radial_layout", "layered_layout"]

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


LAYER_GAP = 330.0  # canvas units between columns: room for a long name on each side
ROW_GAP = 64.0  # between entities stacked in one column: a name's line and the next circle


def layered_layout(columns: dict[str, int], anchors: dict[str, float], edges: Iterable[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Columns left to right; `anchors` fix the height of some entities (the defectors, in date
    order) and every other one sits at the mean height of its neighbours already placed, so a tie
    runs across rather than up and down. Each column is then spread to ROW_GAP, keeping its order;
    a column longer than the anchors' is staggered over two lines, so it is no taller than they."""
    neighbours: dict[str, set[str]] = {node: set() for node in columns}
    for u, v in edges:
        if u in neighbours and v in neighbours and u != v:
            neighbours[u].add(v)
            neighbours[v].add(u)
    height = dict(anchors)
    middle = (min(anchors.values()) + max(anchors.values())) / 2 if anchors else 0.0
    for _ in range(3):  # from the anchors outwards: neighbours of the placed, then theirs
        for node in sorted(columns):
            if node in anchors:
                continue
            placed = [height[n] for n in neighbours[node] if n in height]
            if placed:
                height[node] = sum(placed) / len(placed)
    anchor_column = min((columns[n] for n in anchors), default=0)
    positions: dict[str, tuple[float, float]] = {}
    for column in sorted(set(columns.values())):
        members = sorted((n for n, c in columns.items() if c == column), key=lambda n: (height.get(n, middle), n))
        staggered = column != anchor_column and len(members) > max(len(anchors), 1)
        gap = ROW_GAP / 2 if staggered else ROW_GAP
        wanted = [height.get(n, middle) for n in members]
        spread: list[float] = []
        for y in wanted:
            spread.append(max(y, spread[-1] + gap) if spread else y)
        shift = (sum(wanted) - sum(spread)) / len(spread) if spread else 0.0  # keep the column where it wanted to be
        aside = (-1 if column < anchor_column else 1) * LAYER_GAP * 0.42
        for index, (node, y) in enumerate(zip(members, spread)):
            x = column * LAYER_GAP + (aside if staggered and index % 2 else 0.0)
            positions[node] = (x, round(y + shift, 1))
    return positions
