"""The dataset as a time-aware `networkx.MultiDiGraph`, and snapshots of it at a date.

Every attribute is a plain JSON value (strings, numbers, lists, dicts), so the same graph comes out
of the YAML files, out of node-link JSON and out of Neo4j, and views cannot tell them apart.

Nodes are keyed by entity id and carry: ``kind``, ``label`` (the Neo4j label), ``name``,
``name_ar``, ``aliases``, ``description``, the kind's own fields (``born``, ``died``, ``titles``,
``sect``, ``kind`` of an organization as ``org_kind`` ...), and for people ``status_events``: the
list of status events (dicts with id, kind, date, state, confidence, place, supersedes, sources, note).

Edges are keyed by tie id and carry: ``id``, ``type``, ``family``, ``symmetric``, ``start``, ``end``
(partial ISO strings or None), ``confidence``, ``sources`` (dicts with source, quote, stance,
credibility, grade), ``note``, and ``relation`` / ``role`` where the type takes them.

``graph.graph`` holds ``dataset``, ``title``, ``core``, ``uprising_start``, ``sources`` (the source
registry as dicts) and ``at`` (the snapshot date, or None for the whole record).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

import networkx as nx

from . import schema
from .dates import PartialDate, as_of, holds_at, parse_date
from .model import Citation, Dataset, StatusEvent

__all__ = ["build_graph", "snapshot", "status_at", "effective_status_events", "tie_holds_at", "person_ids"]

OPPOSITION_ORG_KINDS = ("opposition_group", "armed_group")


def _date_str(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _citation(citation: Citation, dataset: Dataset) -> dict[str, Any]:
    source = dataset.sources.get(citation.source)
    reliability = source.reliability if source else "F"
    return {
        "source": citation.source,
        "quote": citation.quote,
        "stance": citation.stance,
        "credibility": citation.credibility,
        "grade": schema.grade(reliability, citation.credibility),
        "note": citation.note,
    }


def _status_event(event: StatusEvent, dataset: Dataset) -> dict[str, Any]:
    return {
        "id": event.id,
        "kind": event.kind,
        "date": _date_str(event.date),
        "state": event.state,
        "confidence": event.confidence,
        "place": event.place,
        "supersedes": event.supersedes,
        "sources": [_citation(c, dataset) for c in event.citations],
        "note": event.note,
    }


def build_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """The whole record as one graph; use `snapshot` for the state at a date."""
    graph = nx.MultiDiGraph(
        dataset=dataset.name,
        title=dataset.title,
        core=dataset.core,
        uprising_start=_date_str(dataset.uprising_start),
        sources={
            s.id: {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "author": s.author,
                "date": _date_str(s.date),
                "url": s.url,
                "reliability": s.reliability,
                "kind": s.kind,
            }
            for s in dataset.sources.values()
        },
        at=None,
    )
    events_by_person: dict[str, list[dict]] = {}
    for event in dataset.status_events:
        events_by_person.setdefault(event.person, []).append(_status_event(event, dataset))
    for entity in dataset.entities.values():
        attrs: dict[str, Any] = {
            "kind": entity.kind,
            "label": schema.ENTITY_KINDS[entity.kind].label,
            "name": entity.name,
            "name_ar": entity.name_ar,
            "aliases": list(entity.aliases),
            "description": entity.description,
        }
        for key, value in entity.attrs.items():
            key = "org_kind" if key == "kind" else key
            attrs[key] = _date_str(value) if isinstance(value, PartialDate) else value
        if entity.kind == "person":
            attrs["status_events"] = sorted(events_by_person.get(entity.id, []), key=lambda e: e["date"] or "")
        graph.add_node(entity.id, **attrs)
    for tie in dataset.ties:
        rel = schema.REL_TYPES[tie.type]
        attrs = {
            "id": tie.id,
            "type": tie.type,
            "family": rel.family,
            "symmetric": rel.symmetric,
            "start": _date_str(tie.start),
            "end": _date_str(tie.end),
            "confidence": tie.confidence,
            "sources": [_citation(c, dataset) for c in tie.citations],
            "note": tie.note,
        }
        attrs.update(tie.attrs)
        graph.add_edge(tie.source, tie.target, key=tie.id, **attrs)
    return graph


def _parse(value: str | None) -> PartialDate | None:
    return parse_date(value) if value else None


def tie_holds_at(edge: dict[str, Any], day: date | None) -> bool:
    """Whether a tie (edge attributes) holds on `day`; see `explorer.dates` for the rule."""
    return holds_at(_parse(edge.get("start")), _parse(edge.get("end")), day)


def effective_status_events(events: Iterable[dict[str, Any]], day: date | None = None) -> list[dict[str, Any]]:
    """The status events in force on `day`: dated by then, never denied, not superseded by then.

    A denial undoes the report it supersedes at every date (what is denied was not true before
    the denial either); a confirmation takes over from the report it confirms from its own date.
    """
    events = list(events)
    denied = {e["supersedes"] for e in events if e.get("state") == "denied" and e.get("supersedes")}
    dated = [e for e in events if e.get("date") and e["id"] not in denied and (day is None or parse_date(e["date"]).first_day <= day)]
    superseded = {e["supersedes"] for e in dated if e.get("supersedes")}
    return [e for e in dated if e["state"] != "denied" and e["id"] not in superseded]


def person_ids(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n, d in graph.nodes(data=True) if d.get("kind") == "person"]


def status_at(graph: nx.MultiDiGraph, node: str, day: date | str | None = None) -> str:
    """A person's status on `day` (None: as the record ends), derived from the data.

    Dead or defected from the date of an event in force (not denied, not superseded); else
    opposition if a tie then binds the person to an opposition or armed group; else loyal if any
    binding tie holds then; else unknown. Non-people have no status (returns '').
    """
    data = graph.nodes[node]
    if data.get("kind") != "person":
        return ""
    day = as_of(day) if isinstance(day, str) else day
    died = _parse(data.get("died"))
    if died is not None and (day is None or died.first_day <= day):
        return "dead"
    in_force = effective_status_events(data.get("status_events", []), day)
    statuses = [schema.STATUS_EVENT_KINDS[e["kind"]] for e in sorted(in_force, key=lambda e: parse_date(e["date"]).first_day)]
    statuses = [s for s in statuses if s]
    if "dead" in statuses:
        return "dead"
    if statuses:
        return statuses[-1]
    binding = False
    ends = [(t, e) for _, t, e in graph.out_edges(node, data=True)] + [(s, e) for s, _, e in graph.in_edges(node, data=True)]
    for other, edge in ends:
        if not tie_holds_at(edge, day):
            continue
        if graph.nodes[other].get("org_kind") in OPPOSITION_ORG_KINDS and edge["family"] in ("hierarchy", "rupture"):
            return "opposition"
        binding = binding or edge["family"] in schema.BINDING_FAMILIES
    return "loyal" if binding else "unknown"


def snapshot(graph: nx.MultiDiGraph, at: date | str | None) -> nx.MultiDiGraph:
    """A copy holding only the ties valid at `at`, with each person's `status` then.

    Entities that did not exist yet (people born, organizations founded, events starting after
    the date) are left out. With `at=None`, the whole record with statuses as it ends.
    """
    day = as_of(at) if isinstance(at, str) else at
    result = nx.MultiDiGraph(**{**graph.graph, "at": day.isoformat() if day else None})
    for node, data in graph.nodes(data=True):
        begun = _parse(data.get("born") or data.get("founded") or data.get("start"))
        if day is not None and begun is not None and begun.first_day > day:
            continue
        result.add_node(node, **data)
    for source, target, key, data in graph.edges(keys=True, data=True):
        if source in result and target in result and tie_holds_at(data, day):
            result.add_edge(source, target, key=key, **data)
    for node in person_ids(result):
        result.nodes[node]["status"] = status_at(graph, node, day)
    return result
