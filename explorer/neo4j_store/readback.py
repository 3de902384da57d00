"""Read a dataset back from Neo4j into the very graph `explorer.graph.build_graph` makes."""

from __future__ import annotations

import networkx as nx

from .. import schema
from ..errors import ExplorerError
from .records import edge_from_props, node_from_props, source_from_props
from .statements import statement

__all__ = ["read_graph_from", "loaded_datasets"]


def loaded_datasets(session) -> list[dict]:
    return [dict(r["d"]) for r in session.run("MATCH (d:Dataset) RETURN properties(d) AS d ORDER BY d.id")]


def read_graph_from(driver, database: str | None, dataset: str | None = None) -> nx.MultiDiGraph:
    """The graph of `dataset` (default: the only one loaded) as stored in the database."""
    with driver.session(database=database) as session:
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
