"""Views benchmark, run by hand: export time, file size, time to draw and to answer a click.

    python benchmarks/views_benchmark.py [--people 1000 5000 20000]

For each size: a synthetic regime (explorer.synth) rendered as the `network` view; then, in
headless Chromium (Debian's, driven by Playwright), the time from navigation until the page
reports ready (graph drawn, `data-ready` set) and the time from a click on a node until the info
panel shows that node. Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import tempfile
import time
from pathlib import Path

from explorer.graph import build_graph
from explorer.synth import synthetic_dataset
from explorer.views import render_view

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]


def measure(page, path: Path, node: str, name: str) -> tuple[float, float]:
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("document.body.getAttribute('data-ready') === 'true'", timeout=600_000)
    drawn = time.perf_counter() - start
    point = page.evaluate(f"(() => {{ const p = network.canvasToDOM(network.getPositions(['{node}'])['{node}']); const r = network.body.container.getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }})()")
    network_box = page.evaluate("(() => { const r = network.body.container.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()")
    if not (network_box[0] <= point[0] <= network_box[0] + network_box[2] and network_box[1] <= point[1] <= network_box[1] + network_box[3]):
        page.evaluate(f"network.focus('{node}', {{scale: 1.0}})")
        point = page.evaluate(f"(() => {{ const p = network.canvasToDOM(network.getPositions(['{node}'])['{node}']); const r = network.body.container.getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }})()")
    start = time.perf_counter()
    page.mouse.click(point[0], point[1])
    page.wait_for_function(f"document.getElementById('info').textContent.includes({name!r})", timeout=60_000)
    return drawn, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[1000, 5000, 20000])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}; Python {platform.python_version()}; {platform.machine()}")
    print("| people | entities | ties | export s | file MB | drawn s | click s |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    out = Path(tempfile.mkdtemp(prefix="views-bench-"))
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for people in args.people:
            graph = build_graph(synthetic_dataset(people, seed=1))
            start = time.perf_counter()
            html = render_view("network", graph)
            path = out / f"synth-{people}.html"
            path.write_text(html, encoding="utf-8")
            export_s = time.perf_counter() - start
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            node = "p000000"
            drawn, click = measure(page, path, node, graph.nodes[node]["name"])
            page.close()
            size = path.stat().st_size / 1e6
            print(f"| {people:,} | {graph.number_of_nodes():,} | {graph.number_of_edges():,} | {export_s:.2f} | {size:.1f} | {drawn:.2f} | {click:.2f} |", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
