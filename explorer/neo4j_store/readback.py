"""Read a dataset back from Neo4j into the very graph `explorer.graph.build_graph` makes."""

from __future__ import annotations

import networkx as nx

from .. import schema
from ..errors import ExplorerError
from .records import edge_from_props, node_from_props, source_from_props
from .statements import statement

__all__ = ["read_graph_from", "loaded_datasets", "is_complete", "IncompleteDataset"]


class IncompleteDataset(ExplorerError):
    """The dataset's last load did not finish: what the database holds is part of it."""


def loaded_datasets(session) -> list[dict]:
    return [dict(r["d"]) for r in session.run("MATCH (d:Dataset) RETURN properties(d) AS d ORDER BY d.id")]


def is_complete(meta: dict) -> bool:
    """A load marked complete, or one written before loads marked themselves (loaded_at only)."""
    state = meta.get("load_state")
    return state == "complete" or (state is None and bool(meta.get("loaded_at")))


def read_graph_from(driver, database: str | None, dataset: str | None = None, *, allow_partial: bool = False) -> nx.MultiDiGraph:
    """The graph of `dataset` (default: the only one loaded) as stored in the database; refuses a
    dataset whose last load did not finish unless `allow_partial`."""
    from neo4j import READ_ACCESS

    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:  # a cluster serves it from any member
        loaded = loaded_datasets(session)
        names = [d["id"] for d in loaded]
        if dataset is None:
            if len(names) != 1:
                raise ExplorerError(
                    "no dataset is loaded; run `regime-explorer load` first" if not names
                    else f"several datasets are loaded ({', '.join(names)}); the commands read one per database: load each into its own (--database / NEO4J_DATABASE)"
                )
            dataset = names[0]
        if dataset not in names:
            raise ExplorerError(f"dataset {dataset!r} is not loaded; loaded: {', '.join(names) or 'none'}")
        meta = next(d for d in loaded if d["id"] == dataset)
        if not is_complete(meta) and not allow_partial:
            raise IncompleteDataset(
                f"dataset {dataset} is incomplete: a load started at {meta.get('load_started') or '?'} did not finish; "
                "run load again (or pass --allow-partial to use what is there)"
            )
        graph = nx.MultiDiGraph(
            dataset=dataset,
            title=meta.get("title"),
            core=meta.get("core"),
            uprising_start=meta.get("uprising_start"),
            sources={},
            at=None,
        )
        for record in session.run(statement("read_nodes", label=schema.SOURCE_LABEL), dataset=dataset):
            source = source_from_props(dict(record["props"]))
            graph.graph["sources"][source["id"]] = source
        graph.graph["sources"] = dict(sorted(graph.graph["sources"].items()))
        for kind in schema.ENTITY_KINDS.values():
            for record in session.run(statement("read_nodes", label=kind.label), dataset=dataset):
                node, data = node_from_props(kind.label, dict(record["props"]))
                graph.add_node(node, **data)
        for type_name in schema.REL_TYPES:
            for record in session.run(statement("read_relationships", type=type_name), dataset=dataset):
                data = edge_from_props(type_name, dict(record["props"]))
                graph.add_edge(record["source"], record["target"], key=data["id"], **data)
    return graph
