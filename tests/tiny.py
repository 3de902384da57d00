"""In-memory builders for tiny datasets: model records straight to a graph, no YAML on disk."""

from __future__ import annotations

from typing import Any

import networkx as nx

from explorer import schema
from explorer.dates import parse_date
from explorer.graph import build_graph
from explorer.ids import tie_id
from explorer.model import Citation, Dataset, Entity, Source, StatusEvent, Tie


def tie(type_: str, source: str, target: str, confidence: str = "confirmed", start: str | None = None, end: str | None = None, key: str | None = None, **attrs: Any) -> Tie:
    rel = schema.REL_TYPES[type_]
    if rel.symmetric and source > target:
        source, target = target, source
    ident = key or tie_id(type_, source, target, start)
    return Tie(
        ident,
        type_,
        source,
        target,
        parse_date(start) if start else None,
        parse_date(end) if end else None,
        confidence,
        [Citation("src", credibility=2)],
        attrs=attrs,
    )


def tiny_dataset(
    people: list[str],
    ties: list[Tie],
    *,
    orgs: dict[str, str] | None = None,
    status: list[dict[str, Any]] = (),
    name: str = "tiny",
    core: str = "ruler",
    born: dict[str, str] | None = None,
    died: dict[str, str] | None = None,
    sources: dict[str, Source] | None = None,
    observed_until: str | None = None,
) -> Dataset:
    """A dataset whose core is `core`; `orgs` maps organization ids to their kind, `born`/`died`
    people to partial dates; every citation defaults to the B-graded source `src`."""
    entities = {p: Entity(p, "person", p.replace("-", " ").title()) for p in dict.fromkeys([core, *people])}
    for person, day in (born or {}).items():
        entities[person].attrs["born"] = parse_date(day)
    for person, day in (died or {}).items():
        entities[person].attrs["died"] = parse_date(day)
    for org, kind in (orgs or {}).items():
        entities[org] = Entity(org, "organization", org.replace("-", " ").title(), attrs={"kind": kind})
    events = [
        StatusEvent(
            e.get("id") or f"{e['person']}-{e['kind']}",
            e["person"],
            e["kind"],
            parse_date(e["date"]),
            e.get("state", "reported"),
            e.get("confidence", e.get("state", "reported")),
            supersedes=e.get("supersedes"),
            citations=e.get("citations") or [Citation("src", credibility=2)],
        )
        for e in status
    ]
    known = {"src": Source("src", "A source", reliability="B"), **(sources or {})}
    return Dataset(
        name, name, "", core, entities, known, list(ties), events,
        uprising_start=parse_date("2011-03"), observed_until=parse_date(observed_until) if observed_until else None,
    )


def tiny_graph(
    people: list[str],
    ties: list[Tie],
    *,
    orgs: dict[str, str] | None = None,
    status: list[dict[str, Any]] = (),
    name: str = "tiny",
    core: str = "ruler",
) -> nx.MultiDiGraph:
    """A graph whose core is `core`; `orgs` maps organization ids to their kind."""
    return build_graph(tiny_dataset(people, ties, orgs=orgs, status=status, name=name, core=core))
