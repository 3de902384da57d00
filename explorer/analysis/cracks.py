"""The cracks timeline: every defection in date order with how close to the core it broke.

The headline answers the founding report's question — "is this the first crack at the top?" — as
a query: the first defection within distance 1 of the core since the uprising began (or since a
date given), or, when there is none, why the data cannot say so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from .. import schema
from ..dates import parse_date
from ..gcpause import no_cycle_collection
from ..text import grade_phrase
from .defection import defection_route, defectors
from .loyalty import core_of

__all__ = ["Crack", "Cracks", "cracks_timeline", "TOP_DISTANCE"]

TOP_DISTANCE = 1  # "the top": a direct binding tie to the core


@dataclass
class Crack:
    person: str
    name: str
    date: str
    state: str
    confidence: str
    distance_before: int | None
    path_before: list[str]
    ties_before: list[str]
    strength_before: str | None
    broke: list[dict[str, Any]]


@dataclass
class Cracks:
    core: str
    core_name: str
    since: str | None
    cracks: list[Crack] = field(default_factory=list)
    headline: str = ""
    first_at_top: str | None = None
    chain: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@no_cycle_collection()
def cracks_timeline(graph: nx.MultiDiGraph, core: str | None = None, since: str | None = None, *, chain: bool = True) -> Cracks:
    """Every defection (since `since`, default the uprising's start) with its pre-defection distance.

    With `chain` (the default) loyalty paths may climb the chain of command; the headline says so.
    """
    core = core_of(graph, core)
    since = since or graph.graph.get("uprising_start")
    start = parse_date(since).first_day if since else None
    result = Cracks(core, graph.nodes[core]["name"], since, chain=chain)
    for person in defectors(graph):
        route = defection_route(graph, person, core, chain=chain)
        if start and parse_date(route.date).first_day < start:
            continue
        hops = route.loyalty_before.hops if route.loyalty_before else []
        result.cracks.append(
            Crack(
                person=person,
                name=route.name,
                date=route.date,
                state=route.event["state"],
                confidence=route.event["confidence"],
                distance_before=route.distance_before,
                path_before=[person] + [h["to"] for h in hops],
                ties_before=[h["type"] for h in hops],
                strength_before=route.loyalty_before.strength if route.loyalty_before else None,
                broke=[t for t in route.left_behind if t["end"] and not parse_date(route.date).is_before(parse_date(t["end"]))],
            )
        )
    result.headline, result.first_at_top = _headline(result)
    result.headline += " " + model_words(chain)
    return result


def model_words(chain: bool) -> str:
    """The sentence that says which loyalty model an answer used."""
    if chain:
        return "(Loyalty paths: recorded ties and the chain of command.)"
    return "(Loyalty paths: recorded person-to-person ties only, no chain of command.)"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _unbound(cracks: list[Crack]) -> int:
    return sum(1 for c in cracks if c.distance_before is None)


def _headline(result: Cracks) -> tuple[str, str | None]:
    """One sentence that answers "is this the first crack at the top?", with the data's hedging."""
    since = f" since {result.since}" if result.since else ""
    core = result.core_name
    if not result.cracks:
        return f"The data holds no defection{since}.", None
    top = [c for c in result.cracks if c.distance_before is not None and c.distance_before <= TOP_DISTANCE]
    if top:
        first = top[0]
        doubts = []
        if first.state != "confirmed":
            doubts.append(f"the reports hold ({first.state}, not confirmed)")
        if first.strength_before and schema.confidence_rank(first.strength_before) > schema.confidence_rank("reported"):
            doubts.append(f"the tie holds ({first.strength_before})")
        answer = "Yes, if " + " and ".join(doubts) if doubts else "Yes"
        grade = grade_phrase(first.state, first.confidence)
        held = (
            f", bound to {core} the day before by {' then '.join(first.ties_before)} (graded {first.strength_before})"
            if first.ties_before
            else ""
        )
        day = parse_date(first.date).first_day
        earlier = [c for c in result.cracks if parse_date(c.date).first_day < day]
        if not earlier:
            before = f" It is the first defection of any kind{since} in the data."
        else:
            unbound = _unbound(earlier)
            further = len(earlier) - unbound
            parts = []
            if further:
                closest = min(c.distance_before for c in earlier if c.distance_before is not None)
                parts.append(f"{further} further out (closest: distance {closest})")
            if unbound == len(earlier):
                parts.append(f"none with a loyalty path to {core} in the data")
            elif unbound:
                parts.append(f"{unbound} with no loyalty path to {core} in the data")
            before = f" Earlier{since}: {_plural(len(earlier), 'defection')}, {' and '.join(parts)}."
        later = top[1:]
        after = (
            " Later within distance {}: {}.".format(TOP_DISTANCE, "; ".join(f"{c.name} ({c.date})" for c in later))
            if later
            else ""
        )
        return (
            f"{answer}: {first.name} ({first.date}, {grade}) is the first defection within distance "
            f"{TOP_DISTANCE} of {core}{since}{held}.{before}{after}",
            first.person,
        )
    known = [c for c in result.cracks if c.distance_before is not None]
    if not known:
        return (
            f"The data cannot say: none of the {_plural(len(result.cracks), 'defection')}{since} has a loyalty "
            f"path to {core} recorded just before it.",
            None,
        )
    closest = min(known, key=lambda c: (c.distance_before, parse_date(c.date).first_day))
    unbound = _unbound(result.cracks)
    tail = f"; {unbound} of the {len(result.cracks)} had no loyalty path in the data" if unbound else ""
    return (
        f"No: no defection{since} came within distance {TOP_DISTANCE} of {core}; the closest was "
        f"{closest.name} ({closest.date}) at distance {closest.distance_before}{tail}.",
        None,
    )
