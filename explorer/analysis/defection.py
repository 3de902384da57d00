"""Defection paths: the route out, and how close to the core the break happened.

A defection is a status event of kind `defected` that is in force as the record ends (not denied,
not superseded). It dates from the first report that the record in force confirms, and its day is
the first day of that date span (`2012-07` -> 2012-07-01), so "the day
before defecting" is the last day the person can be counted inside the web.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import networkx as nx

from .. import schema
from ..dates import parse_date
from ..graph import defection_event, first_reported, tie_holds_at
from .loyalty import LoyaltyPath, core_of, loyalty_path

__all__ = ["DefectionRoute", "defection_event", "first_reported", "defection_route", "defectors", "route_order"]


@dataclass
class DefectionRoute:
    """A defector's route out (every rupture tie) in date order, the event itself, and the path they left."""

    person: str
    name: str
    event: dict[str, Any]
    date: str
    day_before: str
    route: list[dict[str, Any]] = field(default_factory=list)
    loyalty_before: LoyaltyPath | None = None
    left_behind: list[dict[str, Any]] = field(default_factory=list)

    @property
    def distance_before(self) -> int | None:
        return self.loyalty_before.distance if self.loyalty_before else None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["distance_before"] = self.distance_before
        return data


def defectors(graph: nx.MultiDiGraph) -> list[str]:
    """Everyone with a defection in force, in the order the defections were first reported."""
    found = [
        (parse_date(first_reported(graph, n, e)).first_day, n)
        for n in graph
        if graph.nodes[n].get("kind") == "person" and (e := defection_event(graph, n))
    ]
    return [n for _, n in sorted(found)]


def _ends(graph: nx.MultiDiGraph, source: str, target: str, other: str, data: dict[str, Any]) -> dict[str, Any]:
    """Who the tie links to the defector, and which way it points (PARENT_OF reads differently each way)."""
    return {
        "other": other,
        "other_name": graph.nodes[other]["name"],
        "source": source,
        "target": target,
        "towards_other": target == other or bool(data.get("symmetric")),
    }


def _said_by(graph: nx.MultiDiGraph, citations: list[dict[str, Any]]) -> date | None:
    """The earliest day by which a cited source had said it (a source dated `2012-07`: by 2012-07-31)."""
    sources = graph.graph.get("sources") or {}
    days = []
    for citation in citations or []:
        when = (sources.get(citation.get("source")) or {}).get("date")
        try:
            days.append(parse_date(str(when)).last_day)
        except (TypeError, ValueError):
            continue
    return min(days) if days else None


def _weak(step: dict[str, Any]) -> bool:
    """Undated, or no better than rumoured: such a step cannot be placed in the sequence."""
    return step["start"] is None or schema.confidence_rank(step["confidence"]) >= schema.confidence_rank("rumoured")


def route_order(graph: nx.MultiDiGraph, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Route steps in the order the sources establish.

    Steps that are dated and better than rumoured come first, by date: by the day their date is
    over (so on one start, a day before its month before its year: `2012-07-06`, `2012-07`,
    `2012`), then by its first day. Steps on the same date go where their destination was first
    reported (the earliest-dated source cited for any step to it: Turkey on 6 July, France on 17
    July), then in the order a defection story runs, then by id. Undated and rumoured steps
    follow, in the same order.
    """
    story = {t: i for i, t in enumerate(schema.ROUTE_OUT_TYPES)}
    said: dict[str, date] = {}
    opens: dict[str, int] = {}
    for step in steps:
        day = _said_by(graph, step.get("sources"))
        if day is not None and (step["other"] not in said or day < said[step["other"]]):
            said[step["other"]] = day
        opens[step["other"]] = min(opens.get(step["other"], len(story)), story.get(step["type"], len(story)))

    def key(step: dict[str, Any]) -> tuple:
        start = parse_date(step["start"]) if step["start"] else None
        return (
            _weak(step),
            start.last_day if start else date.max,
            start.first_day if start else date.max,
            said.get(step["other"], date.max),
            opens[step["other"]],
            step["other"],
            story.get(step["type"], len(story)),
            step["key"],
        )

    return sorted(steps, key=key)


def _route(graph: nx.MultiDiGraph, person: str) -> list[dict[str, Any]]:
    steps = []
    for source, target, key, data in list(graph.out_edges(person, keys=True, data=True)) + list(graph.in_edges(person, keys=True, data=True)):
        if data["family"] != "rupture":
            continue
        other = target if source == person else source
        steps.append({"key": key, **_ends(graph, source, target, other, data), **{k: data.get(k) for k in ("type", "start", "end", "confidence", "sources", "note")}})
    ordered = route_order(graph, steps)
    for number, step in enumerate(ordered, 1):
        step["step"] = number
        step["placed"] = not _weak(step)
    return ordered


def defection_route(graph: nx.MultiDiGraph, person: str, core: str | None = None, *, chain: bool = True) -> DefectionRoute | None:
    """The route out of a defector, or None when the data holds no defection for them."""
    event = defection_event(graph, person)
    if event is None:
        return None
    core = core_of(graph, core)
    when = first_reported(graph, person, event)
    day = parse_date(when).first_day
    before = day - timedelta(days=1)
    left = []
    for source, target, key, data in list(graph.out_edges(person, keys=True, data=True)) + list(graph.in_edges(person, keys=True, data=True)):
        if data["family"] in schema.BINDING_FAMILIES and tie_holds_at(data, before):
            other = target if source == person else source
            left.append({"key": key, **_ends(graph, source, target, other, data), "type": data["type"], "confidence": data["confidence"], "end": data.get("end")})
    return DefectionRoute(
        person=person,
        name=graph.nodes[person]["name"],
        event=event,
        date=when,
        day_before=before.isoformat(),
        route=_route(graph, person),
        loyalty_before=loyalty_path(graph, person, core, before, chain=chain),
        left_behind=sorted(left, key=lambda t: (t["type"], t["other"])),
    )
