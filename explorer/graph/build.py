"""The dataset as a time-aware `networkx.MultiDiGraph` (see `timeline` for the state at a date).

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

from typing import Any

import networkx as nx

from .. import schema
from ..dates import PartialDate
from ..model import Citation, Dataset, StatusEvent
from ..gcpause import no_cycle_collection

__all__ = ["build_graph", "person_ids", "citation_data"]


def _date_str(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def citation_data(citation: Citation, dataset: Dataset) -> dict[str, Any]:
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
        "sources": [citation_data(c, dataset) for c in event.citations],
        "note": event.note,
    }


@no_cycle_collection()
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
            "sources": [citation_data(c, dataset) for c in tie.citations],
            "note": tie.note,
        }
        attrs.update(tie.attrs)
        graph.add_edge(tie.source, tie.target, key=tie.id, **attrs)
    return graph


def person_ids(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n, d in graph.nodes(data=True) if d.get("kind") == "person"]
