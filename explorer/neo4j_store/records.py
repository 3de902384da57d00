"""The graph's attributes as Neo4j properties and back, so a read-back equals the file graph.

Neo4j properties hold primitives and lists of primitives, not maps and not nulls, so: None is
left out (and restored), lists of maps (citations, status events) travel as JSON text in a
`*_json` property, and every complete date also gets a native `*_date` property for queries.
"""

from __future__ import annotations

import json
from typing import Any

from .. import schema
from ..dates import parse_date

__all__ = [
    "DATE_KEYS",
    "node_label",
    "node_props",
    "edge_props",
    "source_props",
    "node_from_props",
    "edge_from_props",
    "source_from_props",
]

DATE_KEYS = ("born", "died", "founded", "dissolved", "start", "end", "date")
NODE_ALWAYS = {"name_ar": None, "description": None}
EDGE_ALWAYS = ("id", "type", "family", "symmetric", "start", "end", "confidence", "sources", "note")
SOURCE_KEYS = ("id", "title", "publisher", "author", "date", "url", "reliability", "kind")
DERIVED = ("dataset", "digest", "status", "defected", "defected_day_before", "dead_from", "status_events_json", "sources_json", "source_ids", "loaded_at")
LABEL_KIND = {k.label: k.name for k in schema.ENTITY_KINDS.values()}


def _with_dates(props: dict[str, Any]) -> dict[str, Any]:
    for key in DATE_KEYS:
        value = props.get(key)
        if isinstance(value, str):
            native = parse_date(value).as_date()
            if native is not None:
                props[f"{key}_date"] = native
    return props


def node_label(data: dict[str, Any]) -> str:
    return schema.ENTITY_KINDS[data["kind"]].label


def node_props(node: str, data: dict[str, Any], dataset: str, derived: dict[str, Any] | None = None) -> dict[str, Any]:
    """Properties of an entity node (`derived`: queryable extras such as status)."""
    props: dict[str, Any] = {"id": node, "dataset": dataset}
    for key, value in data.items():
        if key in ("label", "status"):
            continue
        if key == "status_events":
            props["status_events_json"] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif value is not None:
            props[key] = value
    props.update({k: v for k, v in (derived or {}).items() if v is not None})
    return _with_dates(props)


def edge_props(data: dict[str, Any], dataset: str) -> dict[str, Any]:
    props: dict[str, Any] = {"dataset": dataset}
    for key, value in data.items():
        if key == "type":
            continue
        if key == "sources":
            props["sources_json"] = json.dumps(value, ensure_ascii=False, sort_keys=True)
            props["source_ids"] = sorted({c["source"] for c in value})
        elif value is not None:
            props[key] = value
    return _with_dates(props)


def source_props(source: dict[str, Any], dataset: str) -> dict[str, Any]:
    return _with_dates({**{k: v for k, v in source.items() if v is not None}, "dataset": dataset})


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in DERIVED and not k.endswith("_date")}


def node_from_props(label: str, props: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    data = _plain(props)
    node = data.pop("id")
    data = {**NODE_ALWAYS, **data, "label": label}
    data.setdefault("aliases", [])
    if LABEL_KIND.get(label) == "person":
        data["status_events"] = json.loads(props.get("status_events_json") or "[]")
    return node, data


def edge_from_props(type_name: str, props: dict[str, Any]) -> dict[str, Any]:
    data = _plain(props)
    data["type"] = type_name
    data["sources"] = json.loads(props.get("sources_json") or "[]")
    for key in EDGE_ALWAYS:
        data.setdefault(key, None)
    return data


def source_from_props(props: dict[str, Any]) -> dict[str, Any]:
    return {key: props.get(key) for key in SOURCE_KEYS}
