"""One function per view: which entities and ties it shows, which it emphasises, and how it colours.

A view's scope (its entities) is chosen in the state at the view's date; its ties are every tie of
the whole record among those entities that the view is about, so the page's time slider can replay
them. What is drawn at first is the state at the view's date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

import networkx as nx

from .. import schema
from ..dates import as_of
from ..errors import ExplorerError
from ..graph import effective_status_events, snapshot

__all__ = ["View", "VIEWS", "build", "loyalty", "defection", "family", "ego", "path", "network", "LARGE"]

# Above this many entities a page gets positions from Python and no physics (see page data).
LARGE = 1000

DEFECTED = "defected"


@dataclass
class View:
    """What a page shows: entities, ties (edge keys), what stands out, and the colouring."""

    name: str
    title: str
    description: str
    nodes: list[str]
    edges: list[tuple[str, str, str]]
    at: str | None = None
    emphasis: set[str] = field(default_factory=set)  # tie keys drawn thicker
    highlight: set[str] = field(default_factory=set)  # entity ids drawn bigger
    colour_by: str = "status"  # or "distance"
    distances: dict[str, int] = field(default_factory=dict)
    stem: str = ""  # file name without extension, for `export all`
    note: str = ""  # shown under the title (e.g. no loyalty analysis available)

    def __post_init__(self) -> None:
        self.stem = self.stem or self.name


def _day(at: str | date | None) -> date | None:
    return as_of(at) if isinstance(at, str) else at


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    return graph.nodes[node].get("name") or node


def _date_words(at: str | None) -> str:
    return f"as of {at}" if at else "the whole record"


def _ties_among(graph: nx.MultiDiGraph, nodes: set[str], keep: Callable[[dict[str, Any]], bool]) -> list[tuple[str, str, str]]:
    return [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True) if u in nodes and v in nodes and keep(d)]


def _component(view: nx.MultiDiGraph, start: str, keep: Callable[[dict[str, Any]], bool], depth: int | None = None) -> set[str]:
    """Entities reachable from `start` over ties in either direction that `keep` accepts."""
    walk = nx.Graph()
    walk.add_node(start)
    walk.add_edges_from((u, v) for u, v, d in view.edges(data=True) if keep(d))
    return set(nx.single_source_shortest_path_length(walk, start, cutoff=depth))


def _binding(data: dict[str, Any]) -> bool:
    return data.get("family") in schema.BINDING_FAMILIES


def _analysis():
    """The analysis package when it is installed in this tree (it is built alongside the views)."""
    try:
        from .. import analysis
    except ImportError:
        return None
    return analysis if hasattr(analysis, "loyalty_distances") else None


def loyalty(graph: nx.MultiDiGraph, *, at: str | None = None) -> View:
    """The network of binding ties around the core, coloured by loyalty distance, loyalty paths thicker."""
    core = graph.graph.get("core")
    if not core or core not in graph:
        raise ExplorerError("the dataset names no core person (set `core:` in dataset.yaml) so there is no loyalty view")
    state = snapshot(graph, at)
    nodes = _component(state, core, _binding) if core in state else set()
    view = View(
        "loyalty",
        f"Loyalty ties around {_name(graph, core)}, {_date_words(at)}",
        "Family, bond and hierarchy ties that bind people to the core; colour is the loyalty distance, "
        "thick ties lie on someone's loyalty path.",
        sorted(nodes),
        _ties_among(graph, nodes, _binding),
        at=at,
        highlight={core},
    )
    analysis = _analysis()
    if analysis is None:
        view.note = "Loyalty distances are not available in this installation; nodes are coloured by status."
        return view
    view.colour_by = "distance"
    view.distances = {n: d for n, d in analysis.loyalty_distances(graph, core, at).items() if n in nodes}
    if len(nodes) <= LARGE:
        for person in view.distances:
            found = analysis.loyalty_path(graph, person, core=core, at=at)
            for hop in getattr(found, "hops", None) or []:
                view.emphasis.add(hop["key"])
    return view


def defectors(graph: nx.MultiDiGraph, at: str | None = None) -> list[str]:
    """People with a defection in force at `at` (denied or superseded reports do not count)."""
    day = _day(at)
    kinds = {kind for kind, status in schema.STATUS_EVENT_KINDS.items() if status == DEFECTED}
    return sorted(
        n
        for n, d in graph.nodes(data=True)
        if d.get("kind") == "person" and any(e["kind"] in kinds for e in effective_status_events(d.get("status_events", []), day))
    )


def defection(graph: nx.MultiDiGraph, *, at: str | None = None) -> View:
    """The defectors, the route out they took (thick), and the binding ties they left."""
    state = snapshot(graph, at)
    people = [p for p in defectors(graph, at) if p in state]
    route = set(schema.ROUTE_OUT_TYPES) | {t for t, r in schema.REL_TYPES.items() if r.family == "rupture"}

    def about(data: dict[str, Any]) -> bool:
        return data.get("type") in route or _binding(data)

    nodes = set(people)
    for person in people:
        for u, v, d in list(graph.out_edges(person, data=True)) + list(graph.in_edges(person, data=True)):
            if about(d):
                nodes.update((u, v))
    nodes &= set(state)
    edges = [(u, v, k) for u, v, k in _ties_among(graph, nodes, about) if u in people or v in people]
    return View(
        "defection",
        f"Defections and the ties they left, {_date_words(at)}",
        "Each defector, where they went (thick ties: the route out) and the family, bond and "
        "hierarchy ties they had.",
        sorted(nodes),
        edges,
        at=at,
        emphasis={k for u, v, k in edges if graph.edges[u, v, k]["type"] in route},
        highlight=set(people),
    )


def _is_family(data: dict[str, Any]) -> bool:
    return data.get("family") == "family"


def family(graph: nx.MultiDiGraph, *, at: str | None = None) -> View:
    """Kinship only: the families and how they married into each other."""
    state = snapshot(graph, at)
    nodes = {n for u, v, d in state.edges(data=True) if _is_family(d) for n in (u, v)}
    return View(
        "family",
        f"Families: kinship ties, {_date_words(at)}",
        "Parents, spouses, siblings and other relatives; nothing else.",
        sorted(nodes),
        _ties_among(graph, nodes, _is_family),
        at=at,
    )


def ego(graph: nx.MultiDiGraph, *, person: str, depth: int = 2, at: str | None = None) -> View:
    """Everything within `depth` ties of one entity."""
    if depth < 1:
        raise ExplorerError(f"--depth must be 1 or more, not {depth}")
    state = snapshot(graph, at)
    if person not in state:
        raise ExplorerError(f"{_name(graph, person)} is not in the record {_date_words(at)}")
    nodes = _component(state, person, lambda d: True, depth)
    return View(
        "ego",
        f"{_name(graph, person)} and everyone within {depth} tie{'s' if depth != 1 else ''}, {_date_words(at)}",
        f"Every entity at most {depth} tie{'s' if depth != 1 else ''} away from {_name(graph, person)}, and every tie among them.",
        sorted(nodes),
        _ties_among(graph, nodes, lambda d: True),
        at=at,
        highlight={person},
        stem=f"ego-{person}",
    )


def path(graph: nx.MultiDiGraph, *, person: str, other: str, at: str | None = None) -> View:
    """The shortest paths between two entities, each hop the strongest-graded tie."""
    from ..paths import shortest_paths

    if person == other:
        raise ExplorerError("a path needs two different entities")
    paths = shortest_paths(graph, person, other, at=at)
    if not paths:
        raise ExplorerError(f"{_name(graph, person)} and {_name(graph, other)} are not linked {_date_words(at)}")
    edges = sorted({(h["source"], h["target"], h["key"]) for hops in paths for h in hops})
    nodes = {n for u, v, _ in edges for n in (u, v)}
    count = len(paths)
    return View(
        "path",
        f"{_name(graph, person)} to {_name(graph, other)}: {count} shortest path{'s' if count != 1 else ''} "
        f"of {len(paths[0])} tie{'s' if len(paths[0]) != 1 else ''}, {_date_words(at)}",
        "Each hop is the strongest-graded tie between its two ends.",
        sorted(nodes),
        edges,
        at=at,
        emphasis={k for _, _, k in edges},
        highlight={person, other},
        stem=f"path-{person}-{other}",
    )


def network(graph: nx.MultiDiGraph, *, at: str | None = None) -> View:
    """Every entity and every tie; at a date, those not yet begun wait for the time slider."""
    nodes = set(graph)
    return View(
        "network",
        f"The whole network, {_date_words(at)}",
        "Every entity and every tie in the dataset.",
        sorted(nodes),
        _ties_among(graph, nodes, lambda d: True),
        at=at,
    )


VIEWS: dict[str, Callable[..., View]] = {
    "loyalty": loyalty,
    "defection": defection,
    "family": family,
    "ego": ego,
    "path": path,
    "network": network,
}


def build(name: str, graph: nx.MultiDiGraph, *, at: str | None = None, person: str | None = None, other: str | None = None, depth: int = 2) -> View:
    """The view called `name`; ego needs `person`, path needs `person` and `other`."""
    if name not in VIEWS:
        raise ExplorerError(f"unknown view {name!r}; choose one of: {', '.join(VIEWS)}")
    if name == "ego":
        if not person:
            raise ExplorerError("the ego view needs a person: export ego NAME")
        return ego(graph, person=person, depth=depth, at=at)
    if name == "path":
        if not (person and other):
            raise ExplorerError("the path view needs two names: export path A B")
        return path(graph, person=person, other=other, at=at)
    return VIEWS[name](graph, at=at)
