"""Load benchmark, run by hand: the loader against a naive loop and a raw UNWIND CREATE ceiling,
on loopback and through a proxy that adds a fixed delay per round trip.

    python benchmarks/load_benchmark.py [--people 10000] [--delays 0 1 5] [--batch-size 1000]
    python benchmarks/load_benchmark.py --round-trips 2000   # count them instead

Starts the embedded Bolt server (or uses NEO4J_URI). For each size and each delay (milliseconds
added to every round trip by `tests/tcp_proxy.py`, a loopback proxy; 0 = no proxy) it loads the
same synthetic rows three ways into an emptied database: the loader (`load_graph`: reads what is
there, MERGE on constrained ids, batched, with its load marker), a naive loop (one MERGE
statement and transaction per row, timed on the first --naive-rows rows, as rows per second), and
a raw `UNWIND $rows CREATE` of the same rows in the same batches (the ceiling: no MERGE, no reads,
no marker). The loader's time includes preparing its rows (`plan_rows`), which the other two get
for free. A second load of the same rows (all unchanged, nothing written) is timed too. The three
run in the same process one after the other, so the ratios compare like with like on a machine
whose absolute speed varies. Prints a Markdown table for BENCHMARKS.md. `--round-trips PEOPLE`
counts instead the round trips each writer makes (what latency multiplies), through a proxy
without delay.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from explorer.graph import build_graph  # noqa: E402
from explorer.neo4j_store import Settings, connect  # noqa: E402
from explorer.neo4j_store.loader import load_graph, plan_rows  # noqa: E402
from explorer.neo4j_store.statements import schema_statements  # noqa: E402
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
    """The ceiling: the same rows in the same batches, plain CREATE, sent as the loader sends its
    batches (execute_query: BEGIN travels with the statement), so the two pay the same round trips."""
    nodes, rels = plan_rows(graph)
    done, start = 0, time.perf_counter()
    for label, rows in nodes.items():
        items = [{"props": p} for p in rows.values()]
        for i in range(0, len(items), batch):
            chunk = items[i : i + batch]
            driver.execute_query(f"UNWIND $rows AS row CREATE (n:{label}) SET n = row.props", {"rows": chunk}, database_=database)
            done += len(chunk)
    for (type_name, a, b), rows in rels.items():
        items = list(rows.values())
        for i in range(0, len(items), batch):
            chunk = items[i : i + batch]
            text = f"UNWIND $rows AS row MATCH (a:{a} {{id: row.source}}) MATCH (b:{b} {{id: row.target}}) CREATE (a)-[r:{type_name}]->(b) SET r = row.props"
            driver.execute_query(text, {"rows": chunk}, database_=database)
            done += len(chunk)
    return done, time.perf_counter() - start


def through(settings: Settings, delay_ms: float):
    """A proxy process adding `delay_ms` per round trip in front of the server, and settings that
    use it (its own process: its threads do not compete with the measured client for the GIL)."""
    import subprocess

    port = int(settings.uri.rsplit(":", 1)[1])
    script = Path(__file__).resolve().parent.parent / "tests" / "tcp_proxy.py"
    proxy = subprocess.Popen([sys.executable, str(script), str(port), "--delay-ms", str(delay_ms)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = proxy.stdout.readline()
    if not line.startswith("READY "):
        raise SystemExit("the delaying proxy did not start")
    return proxy, dataclasses.replace(settings, uri=f"bolt://127.0.0.1:{int(line.split()[1])}")


def round_trips(settings: Settings, direct, graph, batch: int) -> dict[str, int]:
    """Round trips of a first load, a reload and raw CREATE of `graph`, each counted by its own
    proxy (`TcpProxy.round_trips`: the times the client spoke again after an answer), from
    opening the driver to closing it."""
    from tcp_proxy import TcpProxy

    port = int(settings.uri.rsplit(":", 1)[1])
    counts = {}
    wipe(direct, settings.database)
    for name, write in (
        ("loader", lambda driver: load_graph(driver, settings.database, graph, batch_size=batch)),
        ("reload", lambda driver: load_graph(driver, settings.database, graph, batch_size=batch)),
        ("raw", lambda driver: (wipe(direct, settings.database), raw_create(driver, settings.database, graph, batch))),
    ):
        with TcpProxy(port) as proxy:
            driver = connect(dataclasses.replace(settings, uri=f"bolt://127.0.0.1:{proxy.port}"))
            try:
                write(driver)
            finally:
                driver.close()
            counts[name] = proxy.round_trips
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[10_000])
    parser.add_argument("--delays", type=float, nargs="+", default=[0, 1, 5], help="milliseconds added per round trip")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--naive-rows", type=int, default=1000)
    parser.add_argument("--round-trips", type=int, metavar="PEOPLE", help="only count the round trips of each writer at this size")
    args = parser.parse_args()
    settings, process = server()
    direct = connect(settings)
    if args.round_trips:
        try:
            print(round_trips(settings, direct, build_graph(synthetic_dataset(args.round_trips, seed=1)), args.batch_size))
        finally:
            direct.close()
            if process is not None:
                process.stdin.close()
                process.wait(timeout=60)
        return
    print(f"server: {direct.get_server_info().agent}; Python {platform.python_version()}; {os.cpu_count()} cores; batch {args.batch_size}")
    print("| people | rows | delay per round trip | loader rows/s | naive rows/s | raw CREATE rows/s | loader / naive | loader / raw | reload s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    try:
        warm = build_graph(synthetic_dataset(2000, seed=2))  # the server's JIT warms up on rows not measured
        wipe(direct, settings.database)
        load_graph(direct, settings.database, warm)
        wipe(direct, settings.database)
        raw_create(direct, settings.database, warm, args.batch_size)
        for people in args.people:
            graph = build_graph(synthetic_dataset(people, seed=1))
            for delay in args.delays:
                proxy = None
                if delay:
                    proxy, used = through(settings, delay)
                else:
                    used = settings
                driver = connect(used)
                try:
                    wipe(direct, settings.database)
                    start = time.perf_counter()
                    summary = load_graph(driver, settings.database, graph, batch_size=args.batch_size)
                    loader_rows, loader_s = summary.totals()["created"], time.perf_counter() - start
                    start = time.perf_counter()
                    again = load_graph(driver, settings.database, graph, batch_size=args.batch_size)
                    reload_s = time.perf_counter() - start
                    assert again.totals()["unchanged"] == loader_rows and again.batches == 0
                    wipe(direct, settings.database)
                    naive_rows, naive_s = naive(driver, settings.database, graph, args.naive_rows)
                    wipe(direct, settings.database)
                    raw_rows, raw_s = raw_create(driver, settings.database, graph, args.batch_size)
                finally:
                    driver.close()
                    if proxy:
                        proxy.stdin.close()
                        proxy.wait(timeout=30)
                rates = loader_rows / loader_s, naive_rows / naive_s, raw_rows / raw_s
                print(
                    f"| {people:,} | {loader_rows:,} | {delay:g} ms | {rates[0]:,.0f} | {rates[1]:,.0f} | {rates[2]:,.0f} | "
                    f"{rates[0] / rates[1]:.1f}x | {rates[0] / rates[2]:.2f} | {reload_s:.1f} |",
                    flush=True,
                )
    finally:
        direct.close()
        if process is not None:
            process.stdin.close()
            process.wait(timeout=60)


if __name__ == "__main__":
    main()
