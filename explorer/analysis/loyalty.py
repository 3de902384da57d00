"""Loyalty paths: how a person is bound to the core (the ruler) at a date, and how closely.

A loyalty path is a shortest path from a person to the core over binding ties (family, bond,
hierarchy) that hold at the date, walking ties in either direction, through people who are
neither defected, dead nor in the opposition then (nor is the person at either end). Only people
are walked: two officers of the same army are not bound to each other by it. With the chain of
command (the default), a person is also bound to the head of the body they serve in, and a head
to the head of the body above (`explorer.graph.chain`); those hops are marked `derived`.

Among equally short paths, the one whose weakest tie is strongest wins, then the first by the
ids of its people read from the person towards the core. All of it comes from one search per
date (`LoyaltyTree`): breadth-first layers from the core, and along them the best weakest-link
rank of any shortest path (a bottleneck pass), so no path is ever listed and nothing is capped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import networkx as nx

from .. import schema
from ..graph import UNBOUND_STATUSES, Link, Timeline, timeline_of
from ..gcpause import no_cycle_collection
from ..graph.paths import hop

if TYPE_CHECKING:
    from ..graph import Snapshot

__all__ = [
    "LoyaltyPath",
    "LoyaltyTree",
    "loyalty_tree",
    "loyalty_distances",
    "loyalty_path",
    "loyalty_ranking",
    "core_of",
    "weakest",
    "chain_hop",
    "UNBOUND_STATUSES",
]


@dataclass
class LoyaltyPath:
    """A person's path to the core at a date; `strength` is the weakest hop's confidence."""

    person: str
    core: str
    at: str | None
    distance: int
    hops: list[dict[str, Any]] = field(default_factory=list)
    strength: str = "confirmed"
    chain: bool = True

    @property
    def derived(self) -> int:
        """How many hops come from the chain of command rather than recorded person-to-person ties."""
        return sum(1 for h in self.hops if h.get("derived"))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def core_of(graph: "nx.MultiDiGraph | Timeline", core: str | None = None) -> str:
    whole = graph.graph if isinstance(graph, Timeline) else graph
    core = core or whole.graph.get("core")
    if not core or core not in whole:
        from ..errors import UsageError

        raise UsageError("no core person: set 'core' in dataset.yaml or pass --core NAME")
    return core


def weakest(hops: list[dict[str, Any]]) -> str:
    """The weakest confidence along a path (a chain is as strong as its weakest link)."""
    if not hops:
        return schema.CONFIDENCE_ORDER[0]
    return max((h["confidence"] for h in hops), key=schema.confidence_rank)


class LoyaltyTree:
    """Every person's loyalty distance and best path strength on one day, from one search.

    `distance[p]` is the length of p's shortest binding path to the core; `rank[p]` the best
    weakest-link rank among all those shortest paths (0 = confirmed). Both in O(V + E).
    """

    @no_cycle_collection()
    def __init__(self, snap: "Snapshot", core: str, chain: bool = True):
        self.snapshot = snap
        self.core = core
        self.chain = chain
        self.links = snap.adjacency(chain)
        self._steps: dict[tuple[str, int], str] = {}
        distance: dict[str, int] = {}
        best: dict[str, int] = {}
        self.distance, self.rank = distance, best
        if core not in snap.walkable:
            return
        distance[core], best[core] = 0, 0
        frontier, depth = [core], 0
        while frontier:
            depth += 1
            reached: list[str] = []
            for node in frontier:
                base = best[node]
                for other, link_rank, _ in self.links.get(node, ()):
                    rank = base if base > link_rank else link_rank
                    seen = distance.get(other)
                    if seen is None:
                        distance[other], best[other] = depth, rank
                        reached.append(other)
                    elif seen == depth and rank < best[other]:
                        best[other] = rank
            frontier = reached

    def nodes(self, person: str) -> list[str]:
        """The chosen path's people, person first: at each step the lowest id that keeps the best strength.

        Each step depends only on where the walk is and the strength it keeps, so steps are
        remembered: reading every person's path costs each (person, strength) pair once.
        """
        bound = self.rank[person]
        path, node = [person], person
        steps = self._steps
        while node != self.core:
            following = steps.get((node, bound))
            if following is None:
                step = self.distance[node] - 1
                following = steps[(node, bound)] = min(
                    other
                    for other, link_rank, _ in self.links[node]
                    if self.distance.get(other) == step and link_rank <= bound and self.rank[other] <= bound
                )
            node = following
            path.append(node)
        return path

    def link(self, a: str, b: str) -> Link:
        """The link a path shows between two neighbours (see `Snapshot.best_link`)."""
        return self.snapshot.best_link(a, b, self.chain)

    def path(self, person: str) -> LoyaltyPath | None:
        """The person's loyalty path, or None when they are not bound to the core that day."""
        if person not in self.distance:
            return None
        whole = self.snapshot.timeline.graph
        nodes = self.nodes(person)
        hops = [_hop(whole, u, v, self.link(u, v)) for u, v in zip(nodes, nodes[1:])]
        strength = schema.CONFIDENCE_ORDER[self.rank[person]]
        return LoyaltyPath(person, self.core, self.snapshot.when, len(hops), hops, strength, self.chain)


def loyalty_tree(snap: "Snapshot", core: str | None = None, chain: bool = True) -> LoyaltyTree:
    """The day's loyalty tree from `core` (default: the dataset's), built once per snapshot."""
    core = core or snap.timeline.core
    key = ("loyalty", core, chain)
    if key not in snap.memo:
        snap.memo[key] = LoyaltyTree(snap, core, chain)
    return snap.memo[key]


def _hop(graph: nx.MultiDiGraph, walk_from: str, walk_to: str, link: Link) -> dict[str, Any]:
    return chain_hop(graph, walk_from, walk_to, link) if link.derived else hop(graph, walk_from, walk_to, link.key)


def chain_hop(graph: nx.MultiDiGraph, walk_from: str, walk_to: str, link: Link) -> dict[str, Any]:
    """A derived hop as a plain dict shaped like a recorded one, marked `derived`, with what it stands on."""
    ties = [_tie(graph, key) for key in link.ties]
    citations = [c for tie in ties for c in tie.get("sources", [])]
    org_names = [graph.nodes[o].get("name", o) for o in link.via]
    return {
        "source": link.a,
        "target": link.b,
        "from": walk_from,
        "to": walk_to,
        "forward": walk_from == link.a,
        "key": link.key,
        "type": schema.CHAIN_HOP,
        "family": schema.CHAIN_FAMILY,
        "derived": True,
        "via": list(link.via),
        "head": link.head,
        "stands_on": list(link.ties),
        "start": None,
        "end": None,
        "confidence": schema.CONFIDENCE_ORDER[link.rank],
        "sources": _unique(citations),
        "note": f"in the {', part of the '.join(org_names)}, headed then by {graph.nodes[link.head].get('name', link.head)}",
        "role": None,
        "relation": None,
    }


def _tie(graph: nx.MultiDiGraph, key: str) -> dict[str, Any]:
    span = timeline_of(graph).tie(key)
    return span.data if span else {}


def _unique(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for citation in citations:
        key = (citation.get("source"), citation.get("quote"), citation.get("note"))
        if key not in seen:
            seen.add(key)
            out.append(citation)
    return out


def loyalty_distances(
    graph: "nx.MultiDiGraph | Timeline", core: str | None = None, at: date | str | None = None, *, chain: bool = True
) -> dict[str, int]:
    """Loyalty distance of every person bound to the core at `at` (the core itself is 0)."""
    core = core_of(graph, core)
    return dict(loyalty_tree(timeline_of(graph).at(at), core, chain).distance)


def loyalty_path(
    graph: "nx.MultiDiGraph | Timeline", person: str, core: str | None = None, at: date | str | None = None, *, chain: bool = True
) -> LoyaltyPath | None:
    """The person's loyalty path at `at`, or None (defected, dead, opposition, or not bound then)."""
    core = core_of(graph, core)
    return loyalty_tree(timeline_of(graph).at(at), core, chain).path(person)


def loyalty_ranking(
    graph: "nx.MultiDiGraph | Timeline", core: str | None = None, at: date | str | None = None, *, chain: bool = True
) -> list[dict[str, Any]]:
    """Every person who exists at `at` with their loyalty distance (None when unbound), status and
    path strength, closest first."""
    core = core_of(graph, core)
    snap = timeline_of(graph).at(at)
    tree = loyalty_tree(snap, core, chain)
    nodes = snap.timeline.graph.nodes
    rows = [
        {
            "id": p,
            "name": nodes[p]["name"],
            "status": snap.status[p],
            "distance": tree.distance.get(p),
            "strength": schema.CONFIDENCE_ORDER[tree.rank[p]] if p in tree.rank else None,
        }
        for p in snap.timeline.people
        if p in snap.nodes
    ]
    return sorted(rows, key=lambda r: (r["distance"] is None, r["distance"] or 0, r["name"]))
