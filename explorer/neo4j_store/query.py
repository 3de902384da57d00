"""Run a named query, a file or inline Cypher, read-only unless asked, and make results readable.

Read-only is enforced here, not left to the server (an access mode is a routing hint, and some
Bolt servers run writes in read sessions), twice: the text is screened for write clauses before
it runs (`readonly.write_clause`; schema commands are not undone by a rollback on every server),
then it runs in an explicit transaction, and if its summary reports any update the transaction is
rolled back and the query refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from .. import schema
from ..errors import UsageError
from .connection import WriteRefused
from .readonly import write_clause
from .records import edge_from_props, node_from_props
from .statements import cypher_dir

__all__ = ["NamedQuery", "library", "find_query", "parse_params", "run_query", "plain", "result_graph"]

_HEADER = re.compile(r"^//\s*(name|answers|parameters):\s*(.*)$", re.IGNORECASE)


@dataclass
class NamedQuery:
    name: str
    answers: str
    parameters: str
    text: str
    path: str


def _parse(path, text: str) -> NamedQuery:
    fields: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            current = match.group(1).lower()
            fields[current] = match.group(2).strip()
        elif line.strip().startswith("//") and current:
            fields[current] += " " + line.strip().lstrip("/").strip()
        elif line.strip():
            break
    return NamedQuery(fields.get("name", Path(str(path)).stem), fields.get("answers", ""), fields.get("parameters", ""), text, str(path))


def library() -> list[NamedQuery]:
    """The packaged query library, `cypher/queries/*.cypher`, by name."""
    folder = cypher_dir() / "queries"
    return sorted((_parse(f.name, f.read_text(encoding="utf-8")) for f in folder.iterdir() if f.name.endswith(".cypher")), key=lambda q: q.name)


def find_query(name_or_file: str) -> NamedQuery:
    """A query of the library by name, or a .cypher file."""
    for query in library():
        if query.name == name_or_file:
            return query
    path = Path(name_or_file)
    if path.is_file():
        return _parse(path, path.read_text(encoding="utf-8"))
    names = ", ".join(q.name for q in library())
    raise UsageError(f"no query called {name_or_file!r} and no such file; the library has: {names} (see query --list)")


def _typed(text: str) -> Any:
    """Numbers, booleans, null, JSON lists and `date:YYYY-MM-DD` become values; anything else,
    plain dates included, stays text (the store keeps partial dates as text, compared as text)."""
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d*", text):
        return float(text)
    if text.startswith("[") and text.endswith("]"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass
    if text.startswith("date:"):
        return date.fromisoformat(text[5:])
    return text


def parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    """`key=value` pairs, typed (see `_typed`); `date:2012-07-05` gives a native date."""
    params = {}
    for pair in pairs:
        if "=" not in pair:
            raise UsageError(f"parameter {pair!r} must be key=value")
        key, value = pair.split("=", 1)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise UsageError(f"parameter name {key!r} must be letters, digits and _")
        params[key] = _typed(value)
    return params


def run_query(session, text: str, params: dict[str, Any], *, write: bool = False) -> tuple[list[str], list[dict[str, Any]], Any]:
    """Keys, records (as driver values) and counters; refuses and rolls back writes unless `write`."""
    clause = None if write else write_clause(text)
    if clause:
        raise WriteRefused(f"this query writes to the database ({clause}); nothing was run. Add --write to allow it")
    tx = session.begin_transaction()
    try:
        result = tx.run(text, **params)
        keys = list(result.keys())
        records = [dict(zip(keys, record.values())) for record in result]
        summary = result.consume()
        if summary.counters.contains_updates and not write:
            tx.rollback()
            raise WriteRefused("this query writes to the database; nothing was changed. Add --write to allow it")
        tx.commit()
    except BaseException:
        if not tx.closed():
            tx.rollback()
        raise
    return keys, records, summary.counters


def plain(value: Any) -> Any:
    """Nodes, relationships and paths as readable JSON-ready values."""
    from neo4j.graph import Node, Path as GraphPath, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: plain(v) for k, v in dict(value).items() if not k.endswith("_json") and k != "digest"}}
    if isinstance(value, Relationship):
        return {"type": value.type, "from": value.start_node.get("id"), "to": value.end_node.get("id"), **{k: plain(v) for k, v in dict(value).items() if not k.endswith("_json") and k != "digest"}}
    if isinstance(value, GraphPath):
        return {"nodes": [n.get("id") for n in value.nodes], "relationships": [r.type for r in value.relationships]}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def result_graph(records: list[dict[str, Any]], dataset_graph: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The nodes, relationships and paths a result holds, as a graph the views can draw."""
    from neo4j.graph import Node, Path as GraphPath, Relationship

    graph = nx.MultiDiGraph(**(dataset_graph.graph if dataset_graph is not None else {"dataset": "query", "sources": {}, "core": None}))
    labels = set(schema.store_labels())

    def add_node(node) -> str | None:
        label = next((l for l in node.labels if l in {k.label for k in schema.ENTITY_KINDS.values()}), None)
        if label is None or "id" not in node:
            return None
        ident, data = node_from_props(label, dict(node))
        graph.add_node(ident, **data)
        return ident

    def add_rel(rel) -> None:
        if rel.type not in schema.REL_TYPES or rel.start_node is None or rel.end_node is None:
            return
        a, b = add_node(rel.start_node), add_node(rel.end_node)
        if a and b:
            data = edge_from_props(rel.type, dict(rel))
            graph.add_edge(a, b, key=data["id"], **data)

    def walk(value) -> None:
        if isinstance(value, Node) and labels & set(value.labels):
            add_node(value)
        elif isinstance(value, Relationship):
            add_rel(value)
        elif isinstance(value, GraphPath):
            for node in value.nodes:
                add_node(node)
            for rel in value.relationships:
                add_rel(rel)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    for record in records:
        walk(record)
    return graph
