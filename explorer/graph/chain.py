"""The chain of command on a day: derived hops from people to the heads they serve under.

A person who serves in an organization on a day (a tie whose type the registry marks `serves`)
is bound to whoever heads it then (a tie the registry marks `heads`). Its head is bound, the same
way, to the head of the organization it is part of (a tie marked `answers_to`), and so is anyone
serving in a body that has no head recorded on that day: the climb goes up until it finds one.
A hop is as strong as the weakest tie it stands on (the serving tie, each PART_OF, the head's
tie), and only people who can stand on a loyalty path then (see `Snapshot.walkable`) count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .. import schema

if TYPE_CHECKING:
    from .timeline import Snapshot, Span

__all__ = ["chain_links", "MAX_CLIMB"]

MAX_CLIMB = 12  # organizations climbed at most (PART_OF cycles in bad data stop here too)


def chain_links(snap: "Snapshot") -> Iterator[tuple[str, str, int, tuple["Span", ...]]]:
    """Every derived hop of the day as (person, head, rank, the ties it stands on: the serving
    tie, each PART_OF climbed, the head's tie), one per serving tie and head reached, unsorted."""
    walkable, nodes, (since, upto) = snap.walkable, snap.nodes, snap.bounds
    timeline = snap.timeline
    heads: dict[str, list[Span]] = {}
    parents: dict[str, list[Span]] = {}
    for span in timeline.part_spans:
        if span.lo <= upto and span.hi >= since and span.source in nodes and span.target in nodes:
            parents.setdefault(span.source, []).append(span)
    for span in timeline.head_spans:
        if span.lo <= upto and span.hi >= since and span.source in walkable and span.target in nodes:
            heads.setdefault(span.target, []).append(span)
    serving = [s for s in timeline.serve_spans if s.lo <= upto and s.hi >= since and s.source in walkable and s.target in nodes]
    headed_by_self = {(s.source, s.target) for spans in heads.values() for s in spans}

    for serve in serving:
        person, org = serve.source, serve.target
        if (person, org) in headed_by_self:  # a head serves under the head of the body above
            start = [(p.target, (p,)) for p in parents.get(org, ())]
        else:  # anyone else under their own body's head: most often found at once
            found = [h for h in heads.get(org, ()) if h.source != person]
            if found:
                for head_tie in found:
                    yield person, head_tie.source, max(serve.rank, head_tie.rank), (serve, head_tie)
                continue
            start = [(org, ())]
        for head_tie, climbed in _climb(start, person, heads, parents):
            rank = max(serve.rank, head_tie.rank, *(p.rank for p in climbed))
            yield person, head_tie.source, rank, (serve, *climbed, head_tie)


def _climb(start, person: str, heads, parents) -> Iterator[tuple["Span", tuple["Span", ...]]]:
    """From each body, its heads other than `person`; a body with none passes the climb upward."""
    frontier, seen = list(start), {org for org, _ in start}
    for _ in range(MAX_CLIMB):
        upward = []
        for org, climbed in frontier:
            found = [h for h in heads.get(org, []) if h.source != person]
            if found:
                yield from ((h, climbed) for h in found)
                continue
            for part in parents.get(org, []):
                if part.target not in seen:
                    seen.add(part.target)
                    upward.append((part.target, climbed + (part,)))
        if not upward:
            return
        frontier = upward
