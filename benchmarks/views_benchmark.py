"""Views benchmark, run by hand: export time, file size, time to draw and to answer a click.

    python benchmarks/views_benchmark.py [--people 1000 5000 20000]

For each size: a synthetic regime (explorer.synth) rendered as the `network` view; then, in
headless Chromium (Debian's, driven by Playwright), the time from navigation until the page
reports ready (graph drawn, `data-ready` set) and the time from a click on a node until the info
panel shows that node; then the file exports (node-link JSON, GraphML, GEXF) of the same graph.
Prints two Markdown tables for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import tempfile
import time
from pathlib import Path

from explorer import exports
from explorer.graph import build_graph
from explorer.synth import synthetic_dataset
from explorer.views import render_view

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]


def measure(page, path: Path, node: str, name: str) -> tuple[float, float]:
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready='true']", state="attached", timeout=600_000)  # no eval: the page's CSP forbids it
    drawn = time.perf_counter() - start
    point = page.evaluate(f"(() => {{ const p = network.canvasToDOM(network.getPositions(['{node}'])['{node}']); const r = network.body.container.getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }})()")
    network_box = page.evaluate("(() => { const r = network.body.container.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()")
    if not (network_box[0] <= point[0] <= network_box[0] + network_box[2] and network_box[1] <= point[1] <= network_box[1] + network_box[3]):
        page.evaluate(f"network.focus('{node}', {{scale: 1.0}})")
        point = page.evaluate(f"(() => {{ const p = network.canvasToDOM(network.getPositions(['{node}'])['{node}']); const r = network.body.container.getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }})()")
    start = time.perf_counter()
    page.mouse.click(point[0], point[1])
    page.locator("#info", has_text=name).wait_for(state="attached", timeout=60_000)
    return drawn, time.perf_counter() - start


def file_exports(graph, out: Path) -> list[tuple[float, float]]:
    """(seconds, MB) for each of exports.FORMATS."""
    results = []
    for fmt in exports.FORMATS:
        start = time.perf_counter()
        path = getattr(exports, f"write_{fmt}")(graph, out / f"synth-{graph.number_of_nodes()}.{fmt}")
        results.append((time.perf_counter() - start, path.stat().st_size / 1e6))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is kept (a shared machine only adds delay)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}; Python {platform.python_version()}; {platform.machine()}; load average {os.getloadavg()[0]:.1f}; best of {args.repeat}")
    print("| people | entities | ties | export s | file MB | drawn s | click s |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    out = Path(tempfile.mkdtemp(prefix="views-bench-"))
    files = []
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for people in args.people:
            graph = build_graph(synthetic_dataset(people, seed=1))
            node = "p000000"
            runs, file_runs = [], []
            for _ in range(args.repeat):
                start = time.perf_counter()
                html = render_view("network", graph)
                path = out / f"synth-{people}.html"
                path.write_text(html, encoding="utf-8")
                export_s = time.perf_counter() - start
                context = browser.new_context(viewport={"width": 1400, "height": 900})  # fresh: no cache
                runs.append((export_s, *measure(context.new_page(), path, node, graph.nodes[node]["name"])))
                context.close()
                file_runs.append(file_exports(graph, out))
            export_s, drawn, click = (min(r[i] for r in runs) for i in range(3))
            size = path.stat().st_size / 1e6
            print(f"| {people:,} | {graph.number_of_nodes():,} | {graph.number_of_edges():,} | {export_s:.2f} | {size:.1f} | {drawn:.2f} | {click:.2f} |", flush=True)
            files.append((people, [(min(r[i][0] for r in file_runs), file_runs[0][i][1]) for i in range(len(exports.FORMATS))]))
        browser.close()
    print()
    print("| people | " + " | ".join(f"{fmt} s | {fmt} MB" for fmt in exports.FORMATS) + " |")
    print("|---:|" + "---:|---:|" * len(exports.FORMATS))
    for people, results in files:
        print(f"| {people:,} | " + " | ".join(f"{s:.2f} | {mb:.1f}" for s, mb in results) + " |")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
