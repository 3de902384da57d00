"""Analysis benchmark, run by hand: each question as a ratio to a plain networkx pass, one run.

    python benchmarks/analysis_benchmark.py [--people 1000 5000 20000 100000]

For each size: a synthetic regime (explorer.synth). The per-date search (`LoyaltyTree`: distances, best
path strengths, with the chain of command) is compared with networkx's
`single_source_shortest_path_length` from the core on the same snapshot's walkable graph (both
on a prepared snapshot: each pays for its search only). Each command starts from a fresh graph
and timeline, so it pays for parsing dates, statuses, the chain of command and its
own search: `loyalty --ranking` (one date), `report cracks` (every defection's day before), and
the three views' builds (`export loyalty`, `export cracks`, `export defection`, HTML rendered).
`stats` (read + build + counts) and a bare libyaml parse of the same files are timed from the
data directory written to disk. Best of `--repeat` runs; prints a Markdown table.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

import networkx as nx
import yaml

from explorer import analysis
from explorer.analysis.loyalty import LoyaltyTree
from explorer.dataset import load_dataset
from explorer.graph import Timeline, build_graph
from explorer.synth import synthetic_dataset
from explorer.views import render_view
from explorer.writer import write_dataset

AT = "2012-06-30"


def best(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def fresh(dataset):
    """A new graph (so no timeline or snapshot is reused between runs); the last run's graph is
    collected first, so each run starts from the same heap."""
    gc.collect()
    return build_graph(dataset)


def searches(dataset) -> tuple[float, float]:
    """The networkx baseline and our one loyalty search, on the same prepared snapshot."""
    graph = fresh(dataset)
    snap = Timeline(graph).at(AT)
    links = snap.binding(True)
    simple = nx.Graph()
    simple.add_nodes_from(links)
    simple.add_edges_from((a, b) for a, others in links.items() for b in others if a < b)
    core = graph.graph["core"]
    return (
        best(lambda: nx.single_source_shortest_path_length(simple, core), 5),
        best(lambda: LoyaltyTree(snap, core, True), 5),
    )


def bare_parse(root: Path) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(root.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def stats(root: Path) -> None:
    graph = build_graph(load_dataset(root))
    graph.number_of_nodes(), graph.number_of_edges()


def measure(people: int, repeat: int) -> dict[str, float]:
    dataset = synthetic_dataset(people)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "synthetic"
        write_dataset(dataset, root)
        base, search = searches(dataset)
        row = {
            "people": people,
            "baseline": base,
            "search": search,
            "bare parse": best(lambda: bare_parse(root), repeat),
            "stats": best(lambda: stats(root), repeat),
        }
    row["loyalty --ranking"] = best(lambda: analysis.loyalty_ranking(fresh(dataset), at=AT), repeat)
    row["report cracks"] = best(lambda: analysis.cracks_timeline(fresh(dataset)), repeat)
    for view in ("loyalty", "cracks", "defection"):
        row[f"export {view}"] = best(lambda: render_view(view, fresh(dataset), at=AT if view == "loyalty" else None), repeat)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    rows = [measure(n, args.repeat) for n in args.people]
    keys = ["loyalty --ranking", "report cracks", "export loyalty", "export cracks", "export defection"]
    print("| people | networkx BFS | loyalty search (× BFS) | " + " | ".join(f"{k} (× stats)" for k in keys) + " | stats (× bare parse) |")
    print("|---:|---:|---:|" + "---:|" * (len(keys) + 1))
    for row in rows:
        cells = [f"{row[k]:.2f} s ({row[k] / row['stats']:.2f}×)" for k in keys]
        print(
            f"| {row['people']:,} | {row['baseline'] * 1000:.1f} ms | {row['search'] * 1000:.1f} ms ({row['search'] / row['baseline']:.1f}×) | "
            + " | ".join(cells) + f" | {row['stats']:.2f} s ({row['stats'] / row['bare parse']:.1f}×) |"
        )


if __name__ == "__main__":
    main()
