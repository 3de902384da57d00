"""Load a validated dataset into Neo4j: batched, idempotent, and convergent after an interruption.

What the dataset already wrote is read first (each row's id and the digest of its content, stored
with it), so each row is classed created, updated or unchanged and only the first two are written:
a second identical load writes nothing. Rows are
grouped by label and by relationship type (labels and types from the schema registry only) and
sent as `UNWIND $rows` batches in managed write transactions, which the driver retries on
transient errors. `replace=True` also removes what this dataset wrote before and no longer has.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable

import networkx as nx

from .. import schema
from ..dates import parse_date
from ..graph import build_graph, defection_event, effective_status_events, first_reported, status_at
from ..errors import ExplorerError
from ..model import Dataset
from .records import edge_props, node_label, node_props, source_props
from .statements import schema_statements, statement

__all__ = ["LoadSummary", "Batch", "plan_rows", "load_graph", "DEFAULT_BATCH_SIZE"]

# Measured in benchmarks/load_benchmark.py: past ~1,000 rows a batch gains little and a retried
# transaction redoes more work.
DEFAULT_BATCH_SIZE = 1000


@dataclass
class LoadSummary:
    """Counts of what a load did, per kind of record."""

    dataset: str
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    removed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    batches: int = 0
    dry_run: bool = False

    def totals(self) -> dict[str, int]:
        return {name: sum(getattr(self, name).values()) for name in ("created", "updated", "unchanged", "removed")}

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "dry_run": self.dry_run,
            "batches": self.batches,
            **{name: dict(sorted(getattr(self, name).items())) for name in ("created", "updated", "unchanged", "removed")},
            "totals": self.totals(),
        }


@dataclass
class Batch:
    """One UNWIND statement and its rows."""

    what: str  # a label or a relationship type, for counting
    cypher: str
    rows: list[dict[str, Any]]


def _person_extras(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """What Cypher queries need without re-deriving it: status as the record ends, the defection's
    first-reported date and the day before it, and the date from which the person is dead."""
    event = defection_event(graph, node)
    defected = first_reported(graph, node, event) if event else None
    deaths = [e["date"] for e in effective_status_events(graph.nodes[node].get("status_events", [])) if e["kind"] == "died"]
    deaths += [graph.nodes[node]["died"]] if graph.nodes[node].get("died") else []
    return {
        "status": status_at(graph, node, None),
        "defected": defected,
        "defected_day_before": (parse_date(defected).first_day - timedelta(days=1)).isoformat() if defected else None,
        "dead_from": min(deaths, key=lambda d: parse_date(d).first_day) if deaths else None,
    }


def plan_rows(graph: nx.MultiDiGraph) -> tuple[dict[str, dict[str, dict]], dict[tuple[str, str, str], dict[str, dict]]]:
    """Every node's properties by label, and every relationship's by (type, source label, target label)."""
    dataset = graph.graph["dataset"]
    nodes: dict[str, dict[str, dict]] = defaultdict(dict)
    meta = {k: graph.graph.get(k) for k in ("title", "core", "uprising_start")}
    nodes[schema.DATASET_LABEL][dataset] = {"id": dataset, "dataset": dataset, **{k: v for k, v in meta.items() if v is not None}}
    for source in graph.graph.get("sources", {}).values():
        nodes[schema.SOURCE_LABEL][source["id"]] = source_props(source, dataset)
    for node, data in graph.nodes(data=True):
        extras = _person_extras(graph, node) if data["kind"] == "person" else None
        nodes[node_label(data)][node] = node_props(node, data, dataset, extras)
    for rows in nodes.values():
        for props in rows.values():
            props["digest"] = _digest(props)
    rels: dict[tuple[str, str, str], dict[str, dict]] = defaultdict(dict)
    for u, v, key, data in graph.edges(keys=True, data=True):
        group = (data["type"], node_label(graph.nodes[u]), node_label(graph.nodes[v]))
        props = edge_props(data, dataset)
        props["digest"] = _digest({**props, "(ends)": [u, v]})  # a tie moved to other ends has changed
        rels[group][key] = {"id": key, "source": u, "target": v, "props": props}
    return nodes, rels


def _digest(content: dict[str, Any]) -> str:
    """A fingerprint of what a row says, stored with it: a reload reads fingerprints, not rows."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _existing(session, cypher: str, dataset: str) -> dict[str, dict[str, Any]]:
    """What this dataset already wrote, by id: the digest, and a relationship's ends."""
    return {record["id"]: dict(record) for record in session.run(cypher, dataset=dataset)}


def _chunks(rows: list, size: int) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def load_graph(
    driver,
    database: str | None,
    graph: nx.MultiDiGraph,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    dry_run: bool = False,
    on_batch: Callable[[Batch, int, int], None] | None = None,
) -> LoadSummary:
    """Write `graph` (from `build_graph`) into the database; see the module docstring."""
    dataset = graph.graph["dataset"]
    summary = LoadSummary(dataset, dry_run=dry_run)
    nodes, rels = plan_rows(graph)
    batches: list[Batch] = []
    prunes: list[tuple[str, str, list[str]]] = []
    with driver.session(database=database) as session:
        if not dry_run:
            for text in schema_statements():
                session.run(text).consume()
        for label, rows in nodes.items():
            _refuse_taken(session, label, sorted(rows), dataset)
            old = _existing(session, statement("existing_nodes", label=label), dataset)
            changed = _classify(summary, label, {i: p["digest"] for i, p in rows.items()}, old)
            batches += [Batch(label, statement("nodes", label=label), chunk) for chunk in _chunks([{"id": i, "props": rows[i]} for i in changed], batch_size)]
            prunes.append(("prune_nodes", label, sorted(set(old) - set(rows))))
        by_type: dict[str, dict[str, dict]] = defaultdict(dict)
        for (type_name, source_label, target_label), rows in rels.items():
            by_type[type_name].update(rows)
        for type_name in schema.REL_TYPES:
            rows = by_type.get(type_name, {})
            old = _existing(session, statement("existing_relationships", type=type_name), dataset)
            changed = set(_classify(summary, type_name, {i: r["props"]["digest"] for i, r in rows.items()}, old))
            moved = [{"id": i, "dataset": dataset} for i in sorted(changed & set(old)) if [old[i]["source"], old[i]["target"]] != [rows[i]["source"], rows[i]["target"]]]
            batches += [Batch(type_name, statement("delete_relationships", type=type_name), chunk) for chunk in _chunks(moved, batch_size)]
            for (group_type, source_label, target_label), group in rels.items():
                if group_type != type_name:
                    continue
                text = statement("relationships", type=type_name, source_label=source_label, target_label=target_label)
                picked = [group[i] for i in sorted(group) if i in changed]
                batches += [Batch(type_name, text, chunk) for chunk in _chunks(picked, batch_size)]
            prunes.append(("prune_relationships", type_name, sorted(set(old) - set(rows))))
    if replace:
        for _, what, gone in prunes:
            summary.removed[what] += len(gone)
    if dry_run:
        summary.batches = len(batches)
        return summary
    with driver.session(database=database) as session:
        for number, batch in enumerate(batches, 1):
            session.execute_write(lambda tx, b=batch: tx.run(b.cypher, rows=b.rows).consume())
            summary.batches += 1
            if on_batch:
                on_batch(batch, number, len(batches))
        if replace:
            for name, what, gone in prunes:
                if gone:
                    key = "type" if name == "prune_relationships" else "label"
                    session.execute_write(lambda tx, n=name, w=what, g=gone, k=key: tx.run(statement(n, **{k: w}), dataset=dataset, keep=_keep(nodes, rels, k, w)).consume())
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        session.execute_write(lambda tx: tx.run("MATCH (d:Dataset {id: $id}) SET d.loaded_at = $at", id=dataset, at=stamp).consume())
    return summary


def _refuse_taken(session, label: str, ids: list[str], dataset: str) -> None:
    mine = set(ids)
    taken = sorted((r["id"], r["dataset"]) for r in session.run(statement("taken_ids", label=label), dataset=dataset) if r["id"] in mine)[:5]
    if taken:
        listed = ", ".join(f"{ident} ({owner})" for ident, owner in taken)
        raise ExplorerError(
            f"{label} ids already loaded by another dataset: {listed}; nothing was written. "
            "Ids are unique across a database: load this dataset into another one (--database)"
        )


def _keep(nodes, rels, key: str, what: str) -> list[str]:
    if key == "label":
        return sorted(nodes.get(what, {}))
    return sorted(i for (t, _, _), group in rels.items() if t == what for i in group)


def _classify(summary: LoadSummary, what: str, new: dict[str, str], old: dict[str, dict[str, Any]]) -> list[str]:
    """Count created / updated / unchanged rows (by digest); return the ids that need writing."""
    write = []
    for ident in sorted(new):
        if ident not in old:
            summary.created[what] += 1
            write.append(ident)
        elif old[ident]["digest"] == new[ident]:
            summary.unchanged[what] += 1
        else:
            summary.updated[what] += 1
            write.append(ident)
    return write


def load_dataset(driver, database: str | None, dataset: Dataset, **options: Any) -> LoadSummary:
    """Load a validated Dataset (see `load_graph`)."""
    return load_graph(driver, database, build_graph(dataset), **options)
