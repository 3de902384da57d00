"""Offline HTML views of the graph: one self-contained page per view, and an index linking them.

    >>> from explorer.views import render_view
    >>> html = render_view("loyalty", graph, at="2012-06")      # doctest: +SKIP
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from .builders import LARGE, VIEWS, View, build, defectors

__all__ = ["render_view", "export_all", "index_page", "VIEWS", "View", "LARGE", "HTML_VIEWS", "defectors"]

# Views `export all` writes, in the order the index lists them.
HTML_VIEWS = ("loyalty", "defection", "cracks", "family", "network")


def render_view(
    name: str,
    graph: nx.MultiDiGraph,
    *,
    at: str | None = None,
    person: str | None = None,
    other: str | None = None,
    depth: int = 2,
    command: str = "",
    chain: bool = True,
    told: dict[str, Any] | None = None,
) -> str:
    """The HTML page of view `name` (see `explorer.views.builders.VIEWS`) at date `at`; `told` is
    the story of a story view (`explorer.stories.story_data`)."""
    from .page import render_page

    view = build(name, graph, at=at, person=person, other=other, depth=depth, chain=chain, told=told)
    return render_page(graph, view, command=command)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def index_page(graph: nx.MultiDiGraph, entries: list[tuple[str, str, str]], *, at: str | None = None) -> str:
    """A plain page linking the views: (file name, title, description) each; no script."""
    title = graph.graph.get("title") or graph.graph.get("dataset") or "regime-explorer"
    when = f"as of {at}" if at else "the whole record"
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    items = "\n".join(
        f'  <li><a href="{html.escape(file)}">{html.escape(label)}</a><br><span>{html.escape(text)}</span></li>' for file, label, text in entries
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{html.escape(title)}: views</title>
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f23; }}
li {{ margin: .6rem 0; }} span {{ color: #4a5057; font-size: .9rem; }} .meta {{ color: #4a5057; font-size: .85rem; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p class="meta">Views {html.escape(when)}; generated {html.escape(stamp)} by <code>regime-explorer export all</code>. Each page works offline.</p>
<ul>
{items}
</ul>
</body>
</html>
"""


def export_all(graph: nx.MultiDiGraph, out_dir: str | Path, *, at: str | None = None, chain: bool = True, stories: Iterable[dict[str, Any]] = ()) -> list[Path]:
    """Every view into `out_dir` (HTML pages, the ego view of the core, graph.json) plus index.html;
    a page for each of `stories` (as `explorer.stories.story_data` gives them)."""
    from .page import render_page

    out = Path(out_dir)
    written: list[Path] = []
    entries: list[tuple[str, str, str]] = []
    views: list[View] = [build(name, graph, at=at, chain=chain) for name in HTML_VIEWS]
    core = graph.graph.get("core")
    if core and core in graph:
        views.append(build("ego", graph, at=at, person=core, depth=1))
        # the first crack at the top, explained: that defector's path the day before
        from ..analysis import cracks_timeline

        first = cracks_timeline(graph, core, chain=chain).first_at_top
        if first:
            views.insert(1, build("loyalty", graph, at=at, person=first, chain=chain))
    told = [build("story", graph, told=story, chain=chain) for story in sorted(stories, key=lambda s: s["id"])]
    views[2:2] = told  # the stories right after the loyalty views they tell
    suffix = f" --at {at}" if at else ""
    for view in views:
        named = view.stem.split("-", 1)[1] if view.name in ("ego", "loyalty", "story") and "-" in view.stem else ""
        command = f"regime-explorer export {view.name}{' ' + named if named else ''}{' --depth 1' if view.name == 'ego' else ''}{'' if view.name == 'story' else suffix}"
        path = _write(out / f"{view.stem}.html", render_page(graph, view, command=command))
        written.append(path)
        entries.append((path.name, view.title, view.description))
    from ..graph import snapshot

    from .. import exports

    state = snapshot(graph, at)
    for name, label, text in (
        ("graph.json", "The whole graph as node-link JSON", "For networkx (node_link_graph) and other tools: names, aliases, kinds, statuses and every tie's attributes."),
        ("graph.graphml", "The whole graph as GraphML", "For yEd, Cytoscape and other graph tools; lists and citations as JSON text."),
        ("graph.gexf", "The whole graph as GEXF with time intervals", "For Gephi: its timeline replays ties starting and ending."),
    ):
        path = getattr(exports, f"write_{name.split('.')[1]}")(state, out / name)
        written.append(path)
        entries.append((path.name, label, text))
    written.append(_write(out / "index.html", index_page(graph, entries, at=at)))
    return written
