"""Load benchmark, run by hand: the loader against a naive loop and a raw UNWIND CREATE ceiling.

    python benchmarks/load_benchmark.py [--people 10000 50000] [--batch-size 1000]

Starts the embedded Bolt server of the tests (or uses NEO4J_URI), and for each size loads the same
synthetic rows three ways into an emptied database: the loader (MERGE on constrained ids, batched),
a naive loop (one MERGE statement and transaction per row; timed on the first --naive-rows rows
and reported as rows per second), and a raw `UNWIND $rows CREATE` of the same rows in batches (the
ceiling: no MERGE, no reads). A second load of the same rows (all unchanged, nothing written) is
timed too. Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

from explorer.graph import build_graph  # noqa: E402
from explorer.neo4j_store import Settings, connect  # noqa: E402
from explorer.neo4j_store.loader import load_graph, plan_rows  # noqa: E402
from explorer.neo4j_store.statements import schema_statements, statement  # noqa: E402
from explorer.synth import synthetic_dataset  # noqa: E402


def server() -> tuple[Settings, object]:
    if os.environ.get("NEO4J_URI"):
        return Settings.from_env(), None
    import tempfile

    from explorer.neo4j_store import embedded

    process, info = embedded.spawn(Path(tempfile.mkdtemp(prefix="bench-arcadedb-")), port=0, attached=True)
    return info.settings(), process


def wipe(driver, database) -> None:
    with driver.session(database=database) as session:
        while session.run("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS c").single()["c"]:
            pass
        for text in schema_statements():
            session.run(text).consume()


def flat_rows(graph):
    nodes, rels = plan_rows(graph)
    node_rows = [(label, {"id": i, "props": p}) for label, rows in nodes.items() for i, p in rows.items()]
    rel_rows = [(group, row) for group, rows in rels.items() for row in rows.values()]
    return node_rows, rel_rows


def naive(driver, database, graph, limit: int) -> tuple[int, float]:
    node_rows, rel_rows = flat_rows(graph)
    done, start = 0, time.perf_counter()
    with driver.session(database=database) as session:
        for label, row in node_rows[:limit]:
            session.execute_write(lambda tx: tx.run(f"MERGE (n:{label} {{id: $id}}) SET n = $props", id=row["id"], props=row["props"]).consume())
            done += 1
        for (type_name, a, b), row in rel_rows[: max(0, limit - done)]:
            text = f"MATCH (a:{a} {{id: $s}}) MATCH (b:{b} {{id: $t}}) MERGE (a)-[r:{type_name} {{id: $id}}]->(b) SET r = $props"
            session.execute_write(lambda tx: tx.run(text, s=row["source"], t=row["target"], id=row["id"], props=row["props"]).consume())
            done += 1
    return done, time.perf_counter() - start


def raw_create(driver, database, graph, batch: int) -> tuple[int, float]:
    nodes, rels = plan_rows(graph)
    done, start = 0, time.perf_counter()
    with driver.session(database=database) as session:
        for label, rows in nodes.items():
            items = [{"props": p} for p in rows.values()]
            for i in range(0, len(items), batch):
                chunk = items[i : i + batch]
                session.execute_write(lambda tx: tx.run(f"UNWIND $rows AS row CREATE (n:{label}) SET n = row.props", rows=chunk).consume())
                done += len(chunk)
        for (type_name, a, b), rows in rels.items():
            items = list(rows.values())
            for i in range(0, len(items), batch):
                chunk = items[i : i + batch]
                text = f"UNWIND $rows AS row MATCH (a:{a} {{id: row.source}}) MATCH (b:{b} {{id: row.target}}) CREATE (a)-[r:{type_name}]->(b) SET r = row.props"
                session.execute_write(lambda tx: tx.run(text, rows=chunk).consume())
                done += len(chunk)
    return done, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--naive-rows", type=int, default=2000)
    args = parser.parse_args()
    settings, process = server()
    driver = connect(settings)
    print(f"server: {driver.get_server_info().agent}; Python {platform.python_version()}; {os.cpu_count()} cores; batch {args.batch_size}")
    print("| people | rows | loader rows/s | naive rows/s | raw CREATE rows/s | loader / naive | loader / raw | reload s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    try:
        for people in args.people:
            graph = build_graph(synthetic_dataset(people, seed=1))
            wipe(driver, settings.database)
            start = time.perf_counter()
            summary = load_graph(driver, settings.database, graph, batch_size=args.batch_size)
            loader_rows, loader_s = summary.totals()["created"], time.perf_counter() - start
            start = time.perf_counter()
            again = load_graph(driver, settings.database, graph, batch_size=args.batch_size)
            reload_s = time.perf_counter() - start
            assert again.totals()["unchanged"] == loader_rows and again.batches == 0
            wipe(driver, settings.database)
            naive_rows, naive_s = naive(driver, settings.database, graph, args.naive_rows)
            wipe(driver, settings.database)
            raw_rows, raw_s = raw_create(driver, settings.database, graph, args.batch_size)
            rates = loader_rows / loader_s, naive_rows / naive_s, raw_rows / raw_s
            print(f"| {people:,} | {loader_rows:,} | {rates[0]:,.0f} | {rates[1]:,.0f} | {rates[2]:,.0f} | {rates[0] / rates[1]:.1f}x | {rates[0] / rates[2]:.2f} | {reload_s:.1f} |", flush=True)
    finally:
        driver.close()
        if process is not None:
            process.stdin.close()
            process.wait(timeout=60)


if __name__ == "__main__":
    main()
