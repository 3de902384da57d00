"""Load a validated dataset into Neo4j: batched, idempotent, and convergent after an interruption.

What the dataset already wrote is read first (each row's id and the digest of its content, stored
with it; one statement for every label and one for every relationship type, joined by UNION ALL),
so each row is classed created, updated or unchanged and only the first two are written: a
second identical load writes nothing. Rows are grouped by label and by relationship type (labels
and types from the schema registry only) and sent as `UNWIND $rows` batches in managed write
transactions, which the driver retries on transient errors. `replace=True` also removes what
this dataset wrote before and no longer has.

A load tells the truth about itself. Its Dataset node is marked `load_state: "in_progress"` (with
`load_started`, the loader's `load_owner` and a `load_heartbeat` written with every batch) before
anything else is written, and `"complete"` only at the end; a load that stops on an error or a
signal marks it `"interrupted"`, and one killed outright leaves `"in_progress"`. `db status` shows
such a dataset as incomplete and the exports refuse it. A second load of the same dataset is
refused while the marker says another one is running (`force=True` takes over); a marker whose
loader is a dead process of this machine, or silent for `STALE_SECONDS`, is taken over at once.
Each write statement of a load (cypher/load/) begins by writing the heartbeat and checking that
the marker's token is still its own, so a load taken over stops with that batch rolled back, and
a batch is one statement, sent with its BEGIN (`execute_query`): two round trips, the commit's
included. The counts are of rows whose batch committed, not of rows planned.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable

import networkx as nx

from .. import schema
from ..dates import parse_date
from ..graph import build_graph, defection_event, effective_status_events, first_reported, status_at
from ..gcpause import no_cycle_collection
from ..errors import ExplorerError
from ..model import Dataset
from .records import edge_props, node_label, node_props, source_props
from .statements import every, schema_statements, statement

__all__ = ["LoadSummary", "Batch", "plan_rows", "load_graph", "DEFAULT_BATCH_SIZE", "LoadInProgress", "begin_load", "STALE_SECONDS"]

# Measured in benchmarks/load_benchmark.py: past ~1,000 rows a batch gains little and a retried
# transaction redoes more work.
DEFAULT_BATCH_SIZE = 1000

# A loader that has written nothing for this long is taken to be gone.
STALE_SECONDS = 300

# The reads ask for every record at once: the driver's default, 1,000 at a time, costs a round
# trip per thousand ids and digests (a reload of 10,000 people: 64 round trips instead of 22).
ALL = -1


class LoadInProgress(ExplorerError):
    """Another load of the same dataset is running (or died without a trace this tool can check)."""


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
    created: int = 0  # rows of this batch new to the database, counted once the batch commits
    updated: int = 0
    fallback: str | None = None  # a CREATE batch refused by a constraint is written with this MERGE


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


@no_cycle_collection()  # many small dicts, no cycles: a paused collector halves the time at 20k people
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
        key = str(key)  # an id the YAML read as a number (`id: 12345`) is stored as the text it is
        props = edge_props({**data, "id": str(data.get("id", key))}, dataset)
        props["digest"] = _digest({**props, "(ends)": [u, v]})  # a tie moved to other ends has changed
        rels[group][key] = {"id": key, "source": u, "target": v, "props": props}
    return nodes, rels


def _digest(content: dict[str, Any]) -> str:
    """A fingerprint of what a row says, stored with it: a reload reads fingerprints, not rows."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _existing(session, name: str, dataset: str, found: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Add to `found` what this dataset already wrote, by label or type and id: the digest, and a
    relationship's ends. A node without a digest (the Dataset node a load's marker created) was
    never written by a load: not counted."""
    for record in session.run(every(name), dataset=dataset):
        if record["digest"] is not None:
            found[record["what"]][record["id"]] = dict(record)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _owner_is_dead(owner: str | None) -> bool:
    """True when the marker's loader was a process of this machine that no longer runs."""
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _age(stamp: str | None) -> float | None:
    try:
        return (datetime.now(timezone.utc) - datetime.fromisoformat(stamp)).total_seconds() if stamp else None
    except ValueError:
        return None


def begin_load(driver, database: str | None, dataset: str, *, force: bool = False) -> dict[str, str]:
    """Mark `dataset` as being loaded, or raise LoadInProgress; the marker's properties."""
    from neo4j.exceptions import ConstraintError, Neo4jError

    marker = {"load_state": "in_progress", "load_started": _now(), "load_owner": _owner(), "load_token": uuid.uuid4().hex}
    marker["load_heartbeat"] = marker["load_started"]

    def claim(tx):
        # Writing first takes the node's write lock (or, on an optimistic server, makes a racing
        # claim fail and retry), so the state read next is the last committed one.
        record = tx.run(
            "MERGE (d:Dataset {id: $id}) ON CREATE SET d.dataset = $id SET d.load_claim = $token "
            "RETURN d.load_state AS state, d.load_started AS started, d.load_heartbeat AS heartbeat, d.load_owner AS owner",
            id=dataset, token=marker["load_token"],
        ).single()
        if record["state"] == "in_progress" and not force:
            age = _age(record["heartbeat"] or record["started"])
            if not _owner_is_dead(record["owner"]) and (age is None or age < STALE_SECONDS):
                raise LoadInProgress(
                    f"another load of {dataset} started at {record['started']} is still running (last write "
                    f"{'%.0f s ago' % age if age is not None else 'unknown'}); wait for it to finish, or if it is gone, "
                    "run load --force to take over"
                )
        tx.run("MATCH (d:Dataset {id: $id}) SET d += $marker", id=dataset, marker=marker).consume()

    with driver.session(database=database) as session:
        for attempt in range(3):
            try:
                session.execute_write(claim)
                return marker
            except (ConstraintError, Neo4jError) as exc:
                if isinstance(exc, ConstraintError) or "duplicat" in str(exc).lower() or "concurrent" in str(exc).lower():
                    continue  # two loads created the node at once: the next attempt sees the winner's marker
                raise
        session.execute_write(claim)
    return marker


def _end_load(driver, database: str | None, dataset: str, marker: dict[str, str], state: str) -> None:
    """Set the marker's final state, unless another load has taken it over."""
    at = _now()
    extra = {"loaded_at": at, "load_finished": at} if state == "complete" else {"load_stopped": at}
    with driver.session(database=database) as session:
        session.run(
            "MATCH (d:Dataset {id: $id}) WHERE d.load_token = $token SET d.load_state = $state, d += $extra",
            id=dataset, token=marker["load_token"], state=state, extra=extra,
        ).consume()


def _write(driver, database: str | None, dataset: str, marker: dict[str, str], text: str, **params: Any) -> None:
    """Run one write statement of the load (cypher/load/: it writes the heartbeat `at` and goes on
    only while the marker is this load's) in its own managed transaction. execute_query sends
    BEGIN with the statement, one round trip fewer than execute_write, and runs `_still_mine`
    inside the transaction."""
    driver.execute_query(
        text, {"dataset": dataset, "token": marker["load_token"], **params},
        database_=database, result_transformer_=lambda result: _still_mine(result, dataset),
    )


def _still_mine(result, dataset: str) -> None:
    """Stop the load when its write statement found the dataset's marker taken over by another
    load (`load --force`): raised inside the transaction, so the batch is rolled back with it."""
    if not result.single(strict=True)["mine"]:
        raise LoadInProgress(f"another load of {dataset} took over (load --force); this one stopped")


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
    force: bool = False,
) -> LoadSummary:
    """Write `graph` (from `build_graph`) into the database; see the module docstring."""
    dataset = graph.graph["dataset"]
    summary = LoadSummary(dataset, dry_run=dry_run)
    with driver.session(database=database, fetch_size=ALL) as session:  # before anything, even the marker, is written
        _refuse_taken(session, _ids_by_label(graph), dataset)
    if dry_run:
        existing = _Existing(driver, database, dataset)
        nodes, rels = plan_rows(graph)  # while the server reads what is there
        batches, prunes, summary.unchanged = _plan(existing.result(), nodes, rels, batch_size)
        for batch in batches:
            summary.created[batch.what] += batch.created
            summary.updated[batch.what] += batch.updated
        if replace:
            for _, what, gone in prunes:
                summary.removed[what] += len(gone)
        summary.batches = len(batches)
        return summary
    with driver.session(database=database) as session:
        for text in schema_statements():
            session.run(text).consume()
    marker = begin_load(driver, database, dataset, force=force)
    state = "interrupted"
    try:
        from neo4j.exceptions import ConstraintError

        existing = _Existing(driver, database, dataset)  # read after the marker: no other load writes now
        nodes, rels = plan_rows(graph)  # while the server reads what is there
        batches, prunes, summary.unchanged = _plan(existing.result(), nodes, rels, batch_size)
        for number, batch in enumerate(batches, 1):
            rows, at = batch.rows, _now()
            if batch.what == schema.DATASET_LABEL:  # SET n = props keeps the marker
                rows = [{"id": r["id"], "props": {**r["props"], **marker, "load_heartbeat": at}} for r in rows]
            try:
                _write(driver, database, dataset, marker, batch.cypher, rows=rows, at=at)
            except ConstraintError:
                if not batch.fallback:
                    raise
                # a node of the same id that no dataset wrote (made by hand): merged into, as before
                _write(driver, database, dataset, marker, batch.fallback, rows=rows, at=at)
            summary.created[batch.what] += batch.created
            summary.updated[batch.what] += batch.updated
            summary.batches += 1
            if on_batch:
                on_batch(batch, number, len(batches))
        if replace:
            for name, what, gone in prunes:
                if gone:
                    key = "type" if name == "prune_relationships" else "label"
                    _write(driver, database, dataset, marker, statement(name, **{key: what}), keep=_keep(nodes, rels, key, what), at=_now())
                    summary.removed[what] += len(gone)
        state = "complete"
    finally:
        try:
            _end_load(driver, database, dataset, marker, state)
        except Exception:  # noqa: BLE001 - the server may be the reason we stopped; the marker then stays "in_progress"
            if state == "complete":
                raise
    return summary


def _ids_by_label(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """The ids the load will write, by label (what plan_rows keys its nodes by), without the rows."""
    ids: dict[str, list[str]] = defaultdict(list)
    ids[schema.DATASET_LABEL].append(graph.graph["dataset"])
    ids[schema.SOURCE_LABEL] += list(graph.graph.get("sources", {}))
    for node, data in graph.nodes(data=True):
        ids[node_label(data)].append(node)
    return {label: sorted(found) for label, found in ids.items()}


class _Existing:
    """What the dataset already wrote (ids, digests, a relationship's ends), read in a thread
    while this one prepares the rows: on a reload the two take about as long as each other."""

    def __init__(self, driver, database: str | None, dataset: str) -> None:
        import threading

        self.found: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in (*schema.store_labels(), *schema.REL_TYPES)}
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._read, args=(driver, database, dataset), daemon=True)
        self.thread.start()

    def _read(self, driver, database: str | None, dataset: str) -> None:
        try:
            with no_cycle_collection(), driver.session(database=database, fetch_size=ALL) as session:  # many small objects decoded
                _existing(session, "existing_nodes", dataset, self.found)
                _existing(session, "existing_relationships", dataset, self.found)
        except BaseException as exc:  # noqa: BLE001 - raised again in the loading thread
            self.error = exc

    def result(self) -> dict[str, dict[str, dict[str, Any]]]:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.found


def _plan(existing: dict[str, dict[str, dict[str, Any]]], nodes, rels, batch_size) -> tuple[list[Batch], list[tuple[str, str, list[str]]], dict[str, int]]:
    """The batches to write (only rows that changed), what --replace would prune, and the counts of
    unchanged rows, from what the dataset already wrote (`existing`, by label and type)."""
    batches: list[Batch] = []
    prunes: list[tuple[str, str, list[str]]] = []
    unchanged: dict[str, int] = defaultdict(int)
    for label, rows in nodes.items():
        old = existing[label]
        fate = _classify(unchanged, label, {i: p["digest"] for i, p in rows.items()}, old)
        # new ids are created without a lookup (the marker's Dataset node exists: merged)
        new = [i for i in fate if fate[i] == "created" and label != schema.DATASET_LABEL]
        known = [i for i in fate if fate[i] != "created" or label == schema.DATASET_LABEL]
        merge, create = statement("nodes", label=label), statement("create_nodes", label=label)
        for text, ids in ((create, new), (merge, known)):
            batches += [_batch(label, text, [{"id": i, "props": rows[i]} for i in chunk], fate, fallback=merge if text == create else None) for chunk in _chunks(ids, batch_size)]
        prunes.append(("prune_nodes", label, sorted(set(old) - set(rows))))
    by_type: dict[str, dict[str, dict]] = defaultdict(dict)
    for (type_name, source_label, target_label), rows in rels.items():
        by_type[type_name].update(rows)
    for type_name in schema.REL_TYPES:
        rows = by_type.get(type_name, {})
        old = existing[type_name]
        fate = _classify(unchanged, type_name, {i: r["props"]["digest"] for i, r in rows.items()}, old)
        moved = [{"id": i} for i in sorted(fate) if i in old and [old[i]["source"], old[i]["target"]] != [rows[i]["source"], rows[i]["target"]]]
        batches += [Batch(type_name, statement("delete_relationships", type=type_name), chunk) for chunk in _chunks(moved, batch_size)]
        for (group_type, source_label, target_label), group in rels.items():
            if group_type != type_name:
                continue
            names = {"type": type_name, "source_label": source_label, "target_label": target_label}
            picked = [i for i in sorted(group) if i in fate]
            new = [i for i in picked if fate[i] == "created"]
            known = [i for i in picked if fate[i] != "created"]
            for text, ids in ((statement("create_relationships", **names), new), (statement("relationships", **names), known)):
                batches += [_batch(type_name, text, [group[i] for i in chunk], fate) for chunk in _chunks(ids, batch_size)]
        prunes.append(("prune_relationships", type_name, sorted(set(old) - set(rows))))
    return batches, prunes, unchanged


def _batch(what: str, cypher: str, rows: list[dict], fate: dict[str, str], fallback: str | None = None) -> Batch:
    fates = [fate[row["id"]] for row in rows]
    return Batch(what, cypher, rows, created=fates.count("created"), updated=fates.count("updated"), fallback=fallback)


def _refuse_taken(session, ids: dict[str, list[str]], dataset: str) -> None:
    """Refuse, before writing anything, a dataset whose ids (by label) other datasets wrote."""
    mine = {label: set(found) for label, found in ids.items()}
    taken: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in session.run(every("taken_ids"), dataset=dataset):
        if r["id"] in mine.get(r["label"], ()):
            taken[r["label"]].append((r["id"], r["dataset"]))
    for label in ids:
        if taken[label]:
            listed = ", ".join(f"{ident} ({owner})" for ident, owner in sorted(taken[label])[:5])
            raise ExplorerError(
                f"{label} ids already loaded by another dataset: {listed}; nothing was written. "
                "Ids are unique across a database: load this dataset into another one (--database)"
            )


def _keep(nodes, rels, key: str, what: str) -> list[str]:
    if key == "label":
        return sorted(nodes.get(what, {}))
    return sorted(i for (t, _, _), group in rels.items() if t == what for i in group)


def _classify(unchanged: dict[str, int], what: str, new: dict[str, str], old: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Which ids need writing, each "created" or "updated" (by digest); count the unchanged ones."""
    fate: dict[str, str] = {}
    for ident in sorted(new):
        if ident not in old:
            fate[ident] = "created"
        elif old[ident]["digest"] == new[ident]:
            unchanged[what] += 1
        else:
            fate[ident] = "updated"
    return fate


def load_dataset(driver, database: str | None, dataset: Dataset, **options: Any) -> LoadSummary:
    """Load a validated Dataset (see `load_graph`)."""
    return load_graph(driver, database, build_graph(dataset), **options)
