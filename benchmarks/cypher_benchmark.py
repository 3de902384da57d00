"""Cypher loyalty queries benchmark, run by hand: each named query on synthetic regimes.

    python benchmarks/cypher_benchmark.py [--people 5000 20000] [--ask 20]

Uses the Neo4j of NEO4J_URI (NEO4J_USERNAME, NEO4J_PASSWORD) when set, else starts the embedded
ArcadeDB Bolt server of the tests. For each size: `synthetic_dataset(n)` -> `build_graph` ->
`load_graph` into an emptied database, then each loyalty query runs once with the chain off
and on: `loyalty_path_at` for `--ask` people at once, `loyalty_path` for one person as the record
ends, `cracks_timeline` for every defection since the uprising. Python's time is the same answer
from a fresh graph and timeline (dates parsed, statuses, the search). Prints a Markdown table.
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
from explorer.graph import build_graph
from explorer.neo4j_store import Settings, connect, session
from explorer.neo4j_store.loader import load_graph
from explorer.neo4j_store.query import find_query, run_query
from explorer.synth import synthetic_dataset

AT = "2012-06-30"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--ask", type=int, default=20)
    args = parser.parse_args()
    settings, process = server()
    table: dict[tuple[str, bool], dict[int, tuple[float, float]]] = {}
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
                    with session(settings) as opened:
                        cypher_s, _ = timed(lambda: run_query(opened, find_query(name).text, params))
                    python_s, _ = timed(lambda: python(build_graph(dataset)))
                    table.setdefault((name, chain), {})[size] = (cypher_s, python_s)
                    print(f"{size} {name} chain={chain}: cypher {cypher_s:.2f}s python {python_s:.2f}s", file=sys.stderr)
    finally:
        if process is not None:
            process.stdin.close()
            process.wait(timeout=60)
    sizes = args.people
    print("| query | " + " | ".join(f"{s:,} people: Cypher / Python" for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for (name, chain), by_size in table.items():
        cells = [f"{by_size[s][0]:.2f} s / {by_size[s][1]:.2f} s" for s in sizes]
        print(f"| `{name}` chain={str(chain).lower()} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
