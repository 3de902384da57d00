"""Run a named query, a file or inline Cypher, read-only unless asked, and make results readable.

Read-only is enforced here, not left to the server, twice. First by construction: without
`write` the query runs in a READ_ACCESS session (on Neo4j the server then refuses any write) and
in an explicit transaction that is always rolled back, never committed, whatever the query did;
if its summary reports an update the query is refused as well. Second, before it runs, the text is
screened (`readonly.screen`): schema and administration commands are not undone by a rollback on
every server, and a procedure may write without reporting it.
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
from .readonly import ADMIN_COMMANDS, WRITE_CLAUSES, screen
from .records import edge_from_props, node_from_props
from .statements import cypher_dir

__all__ = ["NamedQuery", "library", "find_query", "parse_params", "run_query", "run_read", "refuse_unless_read", "plain", "json_safe", "result_graph"]

# Bolt integers are 64-bit.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

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


def _check_json(value: Any, name: str) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise UsageError(f"parameter {name}: {value} does not fit a 64-bit integer, the largest Bolt carries")
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, list):
        return [_check_json(v, name) for v in value]
    if isinstance(value, dict):
        return {str(k): _check_json(v, name) for k, v in value.items()}
    raise UsageError(f"parameter {name}: unsupported value {value!r}")


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not a number")


def _typed(text: str, name: str = "value") -> Any:
    """Numbers, booleans, null, JSON lists and `date:YYYY-MM-DD` become values; anything else,
    plain dates included, stays text (the store keeps partial dates as text, compared as text).
    A number with a leading zero (`007`) is text: an id or a code, not a number."""
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    if re.fullmatch(r"-?(0|[1-9][0-9]*)", text):
        return _check_json(int(text), name)
    if re.fullmatch(r"-?(0|[1-9][0-9]*)\.[0-9]+", text):
        return float(text)
    if text.startswith("[") and text.endswith("]"):
        try:
            return _check_json(json.loads(text, parse_constant=_no_constant), name)
        except ValueError:  # JSONDecodeError, or NaN/Infinity: not JSON, so it stays text
            pass
    if text.startswith("date:"):
        day = text[5:]
        try:
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day):
                return date.fromisoformat(day)
        except ValueError:
            pass
        raise UsageError(f"parameter {name}: {day!r} is not a date; write date:YYYY-MM-DD, e.g. date:2012-07-05")
    return text


def parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    """`key=value` pairs, typed (see `_typed`); `date:2012-07-05` gives a native date."""
    params: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise UsageError(f"parameter {pair!r} must be key=value")
        key, value = pair.split("=", 1)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise UsageError(f"parameter name {key!r} must be letters, digits and _")
        if key in params:
            raise UsageError(f"parameter {key} is given twice; give each -p name once")
        params[key] = _typed(value, key)
    return params


def run_query(session, text: str, params: dict[str, Any], *, write: bool = False) -> tuple[list[str], list[dict[str, Any]], Any]:
    """Keys, records (as driver values) and counters. Without `write` the text is screened
    first (`readonly.screen`) and the query runs in a transaction that is rolled back (`run_read`);
    open the session with READ_ACCESS too (`session(..., read_only=True)`), so a real Neo4j refuses writes itself."""
    if write:
        return _run(session, text, params, commit=True)
    refuse_unless_read(text)
    return run_read(session, text, params)


def refuse_unless_read(text: str) -> None:
    """Raise WriteRefused when the screen (`readonly.screen`) finds a reason in `text`."""
    reason = screen(text)
    if reason:
        if reason in WRITE_CLAUSES:
            what = f"writes to the database ({reason})"
        elif reason in ADMIN_COMMANDS:
            what = f"is an administration command ({reason})"
        else:
            what = f"is not read-only: {reason}"
        raise WriteRefused(f"this query {what}; nothing was run. Add --write to allow it")


def run_read(session, text: str, params: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]], Any]:
    """Run `text` in an explicit transaction that is rolled back, never committed; refuse it if
    the summary reports an update. The text is not screened here: `run_query` does that."""
    keys, records, counters = _run(session, text, params, commit=False)
    if counters.contains_updates:
        raise WriteRefused("this query writes to the database; it was rolled back, nothing was changed. Add --write to allow it")
    return keys, records, counters


def _run(session, text: str, params: dict[str, Any], *, commit: bool):
    tx = session.begin_transaction()
    try:
        result = tx.run(text, **params)
        keys = list(result.keys())
        records = [dict(zip(keys, record.values())) for record in result]
        summary = result.consume()
        if commit:
            tx.commit()
        else:
            tx.rollback()
    finally:
        if not tx.closed():
            tx.rollback()
    return keys, records, summary.counters


def json_safe(value: Any) -> tuple[Any, int]:
    """`value` with NaN and the infinities as the strings "NaN", "Infinity", "-Infinity" (JSON has
    no such numbers), and how many were replaced."""
    count = 0

    def walk(v: Any) -> Any:
        nonlocal count
        if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
            count += 1
            return "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, tuple):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        return v

    return walk(value), count


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
