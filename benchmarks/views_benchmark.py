"""Views benchmark, run by hand: export time, file size, time to draw and to answer a click,
each beside a plain pyvis page of the same graph measured in the same run.

    python benchmarks/views_benchmark.py [--people 1000 5000 20000] [--repeat 3]

First the bundled pages (`export all`): each drawn until ready, against a plain pyvis page of the
same entities and ties. Then for each size: a synthetic regime (explorer.synth) rendered as the
`network` view, and the plain pyvis page of the same graph (`Network().from_nx(G).write_html`,
its script inlined so that it too works offline); in headless Chromium (Debian's, driven by
Playwright), the time from navigation until the page is drawn (ours: it reports ready; pyvis's:
the first frame after its layout settles) and the time from a click on a node until the answer
(ours: the info panel shows it; pyvis's: the selection is drawn). External requests are refused
for both (pyvis's page asks a CDN for Bootstrap). Then the file exports (node-link JSON, GraphML,
GEXF) of the same graph. Prints Markdown tables for BENCHMARKS.md, with ratios ours / pyvis.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from explorer import exports
from explorer.graph import build_graph
from explorer.synth import synthetic_dataset
from explorer.views import render_view

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]


# Appended to the plain pyvis page: mark it drawn on the first frame after its layout settles, as
# our page does, and count frames, so a click's answer (the selection drawn) can be waited for.
PYVIS_READY = """<script>
(function () {
  window.__frames = 0;
  network.on("afterDrawing", function () { window.__frames += 1; });
  function drawn() { network.once("afterDrawing", function () { document.body.setAttribute("data-ready", "true"); }); network.redraw(); }
  var physics = network.physics.options;
  if (physics.enabled && physics.stabilization.enabled) network.once("stabilizationIterationsDone", drawn); else drawn();
})();
</script>
"""


def pyvis_page(graph, path: Path) -> float:
    """The plain pyvis page of `graph`; the seconds it took to write."""
    from pyvis.network import Network

    start = time.perf_counter()
    net = Network(cdn_resources="in_line")
    net.from_nx(graph)
    net.write_html(str(path))
    took = time.perf_counter() - start
    mark_drawn(path)
    return took


def mark_drawn(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</body>", PYVIS_READY + "</body>", 1), encoding="utf-8")


def synthetic_pyvis_page(people: int, path: Path, cap: float) -> float | None:
    """pyvis's page of the synthetic regime of `people`, written in a child process (pyvis checks
    each new node against a list, so large graphs take it long): its seconds, None past `cap`."""
    code = (
        "import sys, time; from pyvis.network import Network; from explorer.graph import build_graph; from explorer.synth import synthetic_dataset; "
        "g = build_graph(synthetic_dataset(int(sys.argv[1]), seed=1)); t = time.perf_counter(); "
        "net = Network(cdn_resources='in_line'); net.from_nx(g); net.write_html(sys.argv[2]); print(time.perf_counter() - t)"
    )
    try:
        done = subprocess.run([sys.executable, "-c", code, str(people), str(path)], capture_output=True, text=True, timeout=cap + 120, check=True)
    except subprocess.TimeoutExpired:
        return None
    took = float(done.stdout.strip().splitlines()[-1])
    if took > cap:
        return None
    mark_drawn(path)
    return took


def offline(context) -> None:
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort())


def measure_pyvis(page, path: Path, node: str, cap: float) -> tuple[float | None, float | None]:
    """(drawn s, click s); both None when pyvis's layout has not settled within `cap` seconds."""
    from playwright.sync_api import TimeoutError as Timeout

    start = time.perf_counter()
    page.goto(path.resolve().as_uri(), timeout=cap * 1000)
    try:
        page.wait_for_selector("body[data-ready='true']", state="attached", timeout=cap * 1000)
        drawn: float | None = time.perf_counter() - start
    except Timeout:
        return None, None  # still laying out, behind its loading bar: nothing to click yet
    # the user clicks a settled graph: stop pyvis's simulation, bring the node to the middle
    page.evaluate(f"network.stopSimulation(); network.moveTo({{position: network.getPositions(['{node}'])['{node}'], scale: 1.0, animation: false}})")
    page.evaluate("new Promise(done => { network.once('afterDrawing', done); network.redraw(); })")
    box = page.evaluate(f"(() => {{ const p = network.canvasToDOM(network.getPositions(['{node}'])['{node}']); const r = network.body.container.getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }})()")
    frames = page.evaluate("window.__frames")
    start = time.perf_counter()
    page.mouse.click(box[0], box[1])
    page.wait_for_function(f"network.getSelectedNodes().includes('{node}') && window.__frames > {frames}", timeout=120_000)
    return drawn, time.perf_counter() - start


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


def drawn_only(browser, path: Path, ours: bool) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # fresh: no cache
    offline(context)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready='true']", state="attached", timeout=600_000)
    took = time.perf_counter() - start
    context.close()
    return took


def bundled_pages(browser, out: Path, repeat: int) -> None:
    """Each page `export all` writes, drawn until ready, beside pyvis's page of the same graph."""
    import networkx as nx

    from explorer.dataset import load_dataset
    from explorer.views import export_all
    from explorer.stories import stories_data
    from explorer.views.builders import build

    dataset = load_dataset()
    graph = build_graph(dataset)
    told = {s["id"]: s for s in stories_data(dataset)}
    folder = out / "bundled"
    pages = [p for p in export_all(graph, folder, stories=told.values()) if p.suffix == ".html" and p.name != "index.html"]
    print("| bundled page | entities | ties | drawn s | pyvis drawn s | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for path in pages:
        name, _, rest = path.stem.partition("-")
        if name == "story":
            view = build("story", graph, told=told[rest])
        elif name in ("ego", "loyalty") and rest:
            view = build(name, graph, person=rest, depth=1)
        else:
            view = build(name, graph)
        sub = nx.MultiDiGraph()
        sub.add_nodes_from((n, graph.nodes[n]) for n in view.nodes)
        sub.add_edges_from((u, v, k, graph.edges[u, v, k]) for u, v, k in view.edges)
        plain = folder / f"pyvis-{path.name}"
        pyvis_page(sub, plain)
        ours = min(drawn_only(browser, path, True) for _ in range(repeat))
        theirs = min(drawn_only(browser, plain, False) for _ in range(repeat))
        print(f"| {path.name} | {len(view.nodes)} | {len(view.edges)} | {ours:.2f} | {theirs:.2f} | {ours / theirs:.2f} |", flush=True)
    print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is kept (a shared machine only adds delay)")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled pages")
    parser.add_argument("--pyvis-cap", type=float, default=300, help="seconds to wait for pyvis to write its page, then for its layout to settle, before reporting it as more than that")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}; Python {platform.python_version()}; {platform.machine()}; load average {os.getloadavg()[0]:.1f}; best of {args.repeat}")
    out = Path(tempfile.mkdtemp(prefix="views-bench-"))
    files = []
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        if not args.no_bundled:
            bundled_pages(browser, out, args.repeat)
        print("| people | entities | ties | export s | file MB | drawn s | click s | pyvis export s | pyvis drawn s | pyvis click s | drawn ratio | click ratio |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for people in args.people:
            graph = build_graph(synthetic_dataset(people, seed=1))
            node = "p000000"
            runs, plain_runs, file_runs = [], [], []
            for _ in range(args.repeat):
                start = time.perf_counter()
                html = render_view("network", graph)
                path = out / f"synth-{people}.html"
                path.write_text(html, encoding="utf-8")
                export_s = time.perf_counter() - start
                context = browser.new_context(viewport={"width": 1400, "height": 900})  # fresh: no cache
                offline(context)
                runs.append((export_s, *measure(context.new_page(), path, node, graph.nodes[node]["name"])))
                context.close()
                plain = out / f"pyvis-{people}.html"
                plain_export = synthetic_pyvis_page(people, plain, args.pyvis_cap)
                if plain_export is None:
                    plain_runs.append((None, None, None))
                else:
                    context = browser.new_context(viewport={"width": 1400, "height": 900})
                    offline(context)
                    plain_runs.append((plain_export, *measure_pyvis(context.new_page(), plain, node, args.pyvis_cap)))
                    context.close()
                file_runs.append(file_exports(graph, out))
            export_s, drawn, click = (min(r[i] for r in runs) for i in range(3))
            written = [r[0] for r in plain_runs if r[0] is not None]
            p_export = f"{min(written):.2f}" if written else f"> {args.pyvis_cap:.0f}"
            settled = [r for r in plain_runs if r[1] is not None]
            p_drawn = f"{min(r[1] for r in settled):.2f}" if settled else f"> {args.pyvis_cap:.0f}" if written else "page not written"
            ratio = f"{drawn / min(r[1] for r in settled):.2f}" if settled else f"< {drawn / args.pyvis_cap:.3f}" if written else "-"
            p_click = f"{min(r[2] for r in settled):.2f}" if settled else "not yet clickable"
            click_ratio = f"{click / min(r[2] for r in settled):.2f}" if settled else "-"
            size = path.stat().st_size / 1e6
            print(
                f"| {people:,} | {graph.number_of_nodes():,} | {graph.number_of_edges():,} | {export_s:.2f} | {size:.1f} | {drawn:.2f} | {click:.2f} "
                f"| {p_export} | {p_drawn} | {p_click} | {ratio} | {click_ratio} |",
                flush=True,
            )
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
