"""Cypher loyalty queries benchmark, run by hand: each named query on synthetic regimes.

    python benchmarks/cypher_benchmark.py [--people 5000 20000] [--ask 20]

Uses the Neo4j of NEO4J_URI (NEO4J_USERNAME, NEO4J_PASSWORD) when set, else starts the embedded
ArcadeDB Bolt server of the tests. For each size: `synthetic_dataset(n)` -> `build_graph` ->
`load_graph` into an emptied database, then each loyalty query runs once with the chain off
and on: every other named query once (on a defector, a
person, the core, a tie), `loyalty_path_at` for `--ask` people at once, `loyalty_path` for one person as the record
ends, `cracks_timeline` for every defection since the uprising. Python's time is the same answer
from the parsed dataset (graph built, dates parsed, statuses, the search), and on the graph
already built (the search alone). Each Cypher query runs twice and the faster run counts (the
first also pays the server's parsing of the long texts and its warm-up). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from explorer import analysis
import networkx as nx

from explorer.graph import build_graph, snapshot
from explorer.neo4j_store import Settings, connect, session
from explorer.neo4j_store.loader import load_graph
from explorer.neo4j_store.query import find_query, run_query
from explorer.synth import synthetic_dataset

AT = "2012-06-30"
REPEAT = 2  # each Cypher query runs this many times; the fastest counts


def server() -> tuple[Settings, subprocess.Popen | None]:
    if os.environ.get("NEO4J_URI"):
        return Settings.from_env(), None
    from explorer.neo4j_store import embedded

    process, info = embedded.spawn(Path(tempfile.mkdtemp(prefix="arcadedb-bench-")), port=0, attached=True)
    return info.settings(), process


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def measure(settings, dataset, graph, table, size, name, chain, params, python) -> None:
    """Time the named query once, and Python's answer from a fresh graph and on the built one."""
    runs = []
    for _ in range(REPEAT):  # the first run of a text also pays the server's parsing and warm-up
        with session(settings) as opened:
            runs.append(timed(lambda: run_query(opened, find_query(name).text, params))[0])
    cypher_s = min(runs)
    python_s, _ = timed(lambda: python(build_graph(dataset)))
    warm_s, _ = timed(lambda: python(graph))
    table.setdefault((name, chain), {})[size] = (cypher_s, python_s, warm_s)
    print(f"{size} {name} chain={chain}: cypher {cypher_s:.2f}s python {python_s:.2f}s (built graph {warm_s:.3f}s)", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--ask", type=int, default=20)
    args = parser.parse_args()
    settings, process = server()
    table: dict[tuple[str, bool | None], dict[int, tuple[float, float, float]]] = {}
    try:
        for size in args.people:
            dataset = synthetic_dataset(size)
            graph = build_graph(dataset)
            core = graph.graph["core"]
            with session(settings) as opened:
                opened.run("MATCH (n) DETACH DELETE n").consume()
            driver = connect(settings)
            try:
                load_graph(driver, settings.database, graph, replace=True)
            finally:
                driver.close()
            people = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "person" and n != core)
            asked = people[:: max(1, len(people) // args.ask)][: args.ask]
            defector = analysis.defectors(graph)[0]
            tie = next(k for _, _, k, d in graph.edges(keys=True, data=True) if d["family"] == "bond")
            family = {"family"}
            binding = {"family", "bond", "hierarchy"}

            def around(g, person, families, at=None):
                snap = snapshot(g, at) if at else g
                return sorted((k, d["type"]) for u, v, k, d in snap.edges(person, keys=True, data=True) if d["family"] in families) + sorted(
                    (k, d["type"]) for u, v, k, d in snap.in_edges(person, keys=True, data=True) if d["family"] in families)

            simple_cases = {
                "defectors": ({}, lambda g: analysis.defectors(g)),
                "defection_route": ({"person": defector}, lambda g: analysis.defection_route(g, defector)),
                "family_of": ({"person": asked[-1]}, lambda g: around(g, asked[-1], family)),
                "inner_circle": ({"person": core}, lambda g: around(g, core, binding)),
                "left_behind": ({"person": defector}, lambda g: around(g, defector, binding, graph.nodes[defector].get("status_events", [{}])[0].get("date"))),
                "paths_between": ({"a": asked[0], "b": core, "max_hops": 3}, lambda g: list(nx.all_simple_paths(nx.Graph(g), asked[0], core, cutoff=3))),
                "tie_sources": ({"tie": tie}, lambda g: next(d["sources"] for _, _, k, d in g.edges(keys=True, data=True) if k == tie)),
            }
            for name, (params, python) in simple_cases.items():
                measure(settings, dataset, graph, table, size, name, None, params, python)
            for chain in (False, True):
                cases = {
                    "loyalty_path_at": ({"people": asked, "core": core, "at": AT, "chain": chain},
                                        lambda g: [analysis.loyalty_path(g, p, core, AT, chain=chain) for p in asked]),
                    "loyalty_path": ({"person": asked[-1], "core": core, "chain": chain},
                                     lambda g: analysis.loyalty_path(g, asked[-1], core, None, chain=chain)),
                    "cracks_timeline": ({"core": core, "since": "2011-03", "chain": chain},
                                        lambda g: analysis.cracks_timeline(g, core, "2011-03", chain=chain)),
                }
                for name, (params, python) in cases.items():
                    measure(settings, dataset, graph, table, size, name, chain, params, python)
    finally:
        if process is not None:
            process.stdin.close()
            process.wait(timeout=60)
    sizes = args.people
    print("| query | " + " | ".join(f"{s:,} people: Cypher | Python, fresh graph | Python, graph built" for s in sizes) + " |")
    print("|---|" + "---:|---:|---:|" * len(sizes))
    for (name, chain), by_size in table.items():
        cells = [f"{by_size[s][0]:.2f} s | {by_size[s][1]:.2f} s | {by_size[s][2] * 1000:.0f} ms" if s in by_size else "- | - | -" for s in sizes]
        label = f"`{name}`" + ("" if chain is None else f" chain={str(chain).lower()}")
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)

if __name__ == "__main__":
    main()
