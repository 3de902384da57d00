"""Our own page around pyvis's network: one self-contained UTF-8 file that works from file://.

pyvis assembles the network (nodes, edges, options) and ships vis-network; we do not use its template, which pulls
Bootstrap from a CDN and emits the heading and node ids unescaped (see PYVIS-NOTES). The page
inlines pyvis's bundled vis-network script, our CSS and script, and the data as JSON in a
`<script type="application/json">` block with `<`, `>` and `&` escaped, so no string from the data
can close a tag. The script builds everything with `textContent`, never `innerHTML`.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from .builders import View
from .data import page_data

__all__ = ["render_page", "network_options", "embed_json", "vis_script"]

VIS_VERSION = "vis-9.1.2"


class _IdList(list):
    """pyvis keeps node ids in a list and tests membership for every edge (quadratic); a set answers."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set = set()

    def append(self, item: Any) -> None:
        self._members.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def stabilization_rounds(nodes: int) -> int:
    return int(min(300, max(50, 60_000 / max(nodes, 1))))


def network_options(large: bool, nodes: int = 0) -> dict[str, Any]:
    """vis-network options, built whole and assigned once (set_options would mangle them)."""
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth": 1},
        "edges": {
            "smooth": {"enabled": not large, "type": "continuous", "roundness": 0.2},
            "color": {"inherit": False},
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
        },
        "layout": {"improvedLayout": not large, "randomSeed": 7},
    }
    if large:
        options["physics"] = {"enabled": False}
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 120, "avoidOverlap": 0.4},
            # fewer rounds as graphs grow: a page must settle in about a second below LARGE
            "stabilization": {"enabled": True, "iterations": stabilization_rounds(nodes), "fit": True},
        }
    return options


def _pyvis_network(data: dict[str, Any]) -> tuple[list[dict], list[dict], dict[str, Any]]:
    """Hand nodes and edges to pyvis and read its network back (ids are slugs; names only in labels)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    net.node_ids = _IdList()
    for item in data["nodes"]:
        item = dict(item)
        net.add_node(item.pop("id"), label=item.pop("label"), shape=item.pop("shape"), **item)
    for item in data["edges"]:
        item = dict(item)
        net.add_edge(item.pop("from"), item.pop("to"), **item)
    net.options = network_options(data["view"]["large"], len(data["nodes"]))
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return nodes, edges, json.loads(options)


def embed_json(value: Any) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` survives to end it early."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _template(name: str) -> str:
    return resources.files("explorer").joinpath("templates", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def vis_script() -> str:
    """vis-network's script as pyvis ships it (its stylesheet only styles widgets we do not use)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / VIS_VERSION
    return (lib / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")


def render_page(graph: nx.MultiDiGraph, view: View, *, command: str = "", generated_at: str | None = None) -> str:
    """The whole HTML page for `view`."""
    data = page_data(graph, view)
    nodes, edges, options = _pyvis_network(data)
    data["nodes"], data["edges"], data["options"] = nodes, edges, options
    data["meta"] = {
        "command": command,
        "generated_at": generated_at or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }
    dataset = data["dataset"]
    values = {
        "TITLE": html.escape(view.title),
        "VIEW_TITLE": html.escape(view.title),
        "DATASET": html.escape(dataset.get("title") or dataset.get("name") or ""),
        "DATE": html.escape(view.at or "whole record"),
        "GENERATED": html.escape(data["meta"]["generated_at"]),
        "COMMAND": html.escape(command),
        "DESCRIPTION": html.escape(view.description),
        "PAGE_CSS": _template("view.css"),
        "VIS_JS": vis_script(),
        "PAGE_JS": _template("view.js").replace("</script", "<\\/script"),
        "DATA": embed_json(data),
    }
    # one pass, so nothing inserted is read again as a placeholder
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], _template("view.html"))
