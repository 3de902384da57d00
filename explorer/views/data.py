"""The data a page carries: vis-network items, everything known about each, and their timeline.

Nodes and edges are plain dicts for vis-network (id, label, shape, colour, plain-text `title`)
plus `info` (every attribute the graph holds, for the info panel) and `t` (when the entity
exists, when the tie holds, and each person's status month by month), so filters, the time
slider and the compare mode run in the page with no server.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import networkx as nx

from .. import names, schema
from ..dates import PartialDate, as_of, parse_date
from ..analysis.loyalty import loyalty_tree
from ..graph import status_at, timeline_of
from ..gcpause import no_cycle_collection
from ..text import grade_words
from . import style
from .builders import LARGE, View
from .layout import radial_layout

__all__ = ["page_data", "slider_months", "node_item", "edge_item", "search_variants"]

_INTERNAL = {"label"}


def _parse(value: Any) -> PartialDate | None:
    try:
        return parse_date(value) if value else None
    except ValueError:
        return None


def _first(value: Any) -> str | None:
    parsed = _parse(value)
    return parsed.first_day.isoformat() if parsed else None


def _last(value: Any) -> str | None:
    parsed = _parse(value)
    return parsed.last_day.isoformat() if parsed else None


def _month_index(day: date, months: list[str]) -> int | None:
    key = f"{day.year:04d}-{day.month:02d}"
    if key < months[0] or key > months[-1]:
        return None
    year, month = int(months[0][:4]), int(months[0][5:7])
    return (day.year - year) * 12 + day.month - month


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    total = year * 12 + month - 1 + count
    return total // 12, total % 12 + 1


def _dates_of(graph: nx.MultiDiGraph, nodes: list[str], edges: list[tuple[str, str, str]]) -> list[PartialDate]:
    found = []
    for node in nodes:
        data = graph.nodes[node]
        found += [_parse(data.get(k)) for k in ("born", "died", "founded", "dissolved", "start", "end")]
        found += [_parse(e.get("date")) for e in data.get("status_events", [])]
    for u, v, k in edges:
        data = graph.edges[u, v, k]
        found += [_parse(data.get("start")), _parse(data.get("end"))]
    return [d for d in found if d]


def slider_months(graph: nx.MultiDiGraph, nodes: list[str], edges: list[tuple[str, str, str]], at: str | None = None, told: tuple[str, ...] = ()) -> list[str]:
    """The months the time slider runs over: a year before the uprising (or the first date) to the
    last date, widened to every date in `told` (the steps of a story, which may begin earlier)."""
    dates = _dates_of(graph, nodes, edges)
    if at:
        dates.append(parse_date(at))
    steps = [parse_date(day) for day in told]
    dates += steps
    start = _parse(graph.graph.get("uprising_start"))
    if start is not None:
        first = _add_months(start.year, start.month or 1, -12)
        if steps and (early := min(d.first_day for d in steps)) < date(*first, 1):
            first = (early.year, early.month)
    elif dates:
        low = min(d.first_day for d in dates)
        first = (low.year, low.month)
    else:
        first = (date.today().year - 1, 1)
    last_day = max([d.last_day for d in dates] + [date(*_add_months(*first, 12), 1)])
    count = min((last_day.year - first[0]) * 12 + last_day.month - first[1] + 1, 600)
    return [f"{y:04d}-{m:02d}" for y, m in (_add_months(*first, i) for i in range(count))]


def _month_end(month: str) -> date:
    return as_of(month)


def _status_changes(graph: nx.MultiDiGraph, node: str, months: list[str]) -> list[list[Any]]:
    """[[month index, status], ...]: the person's status at the end of each month where it changes."""
    first = as_of(months[0]).replace(day=1)
    by_month: list[list[Any]] = []
    for day, status in timeline_of(graph).status_changes(node):
        if day is not None and day > as_of(months[-1]):
            break
        index = 0 if day is None or day < first else _month_index(day, months)
        if by_month and by_month[-1][0] == index:
            by_month[-1][1] = status  # a later change in the same month: the month ends with it
        else:
            by_month.append([index, status])
    changes: list[list[Any]] = []
    for index, status in by_month:
        if not changes or changes[-1][1] != status:
            changes.append([index, status])
    return changes


def _dates_text(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start} (end unknown)"
    if end:
        return f"until {end}"
    return "dates unknown"


def node_colour(data: dict[str, Any], status: str) -> str:
    return style.status_colour(status or "unknown") if data.get("kind") == "person" else style.kind_colour(data.get("kind", ""))


def _node_title(node: str, data: dict[str, Any], status: str) -> str:
    kind = data.get("kind", "")
    lines = [data.get("name") or node]
    if data.get("name_ar"):
        lines.append(data["name_ar"])
    detail = data.get("org_kind") or ""
    lines.append(f"{kind}{': ' + detail.replace('_', ' ') if detail else ''}")
    if status:
        lines.append(f"status: {status}")
    if data.get("aliases"):
        lines.append("also: " + ", ".join(data["aliases"][:6]))
    return "\n".join(lines)


def node_item(graph: nx.MultiDiGraph, view: View, node: str, status: str, months: list[str]) -> dict[str, Any]:
    data = graph.nodes[node]
    kind = data.get("kind", "")
    info = {k: v for k, v in data.items() if k not in _INTERNAL}
    info["id"] = node
    if status:
        info["status"] = status
    if node in view.distances:
        info["loyalty_distance"] = view.distances[node]
    colour = node_colour(data, status)
    if view.colour_by in ("distance", "distance_before") and kind == "person":
        colour = style.distance_colour(view.distances.get(node))
    keys = names.name_keys(node, data)
    item: dict[str, Any] = {
        "label": data.get("name") or node,
        "shape": style.kind_shape(kind),
        "color": colour,
        "size": (20 if view.axis else 26) if node in view.highlight else 14,
        "title": _node_title(node, data, status),
        "info": info,
        "search": {
            "fold": sorted({names.fold(k) for k in keys}),
            "skeleton": sorted({names.skeleton(k) for k in keys} - {""}),
        },
        "t": {
            "begin": _first(data.get("born") or data.get("founded") or data.get("start")),
            "status": status,
            "changes": _status_changes(graph, node, months) if kind == "person" and months else [],
        },
    }
    if node in view.highlight:
        item["borderWidth"] = 3
    route = view.routes.get(node)
    if view.name == "cracks" and route and route["state"] != "confirmed":
        item["borderDashes"] = [4, 3]  # a defection reported, not confirmed
    # whose name is kept when labels crowd: 0 the highlighted, 1 defectors and people on a path, 2 people, 3 the rest
    on_path = node in _emphasised_ends(view)
    item["rank"] = 0 if node in view.highlight else 1 if (route or on_path) else 2 if kind == "person" else 3
    return item


def _emphasised_ends(view: View) -> set[str]:
    """The entities at either end of an emphasised tie, worked out once per view."""
    ends = view.__dict__.get("_emphasised_ends")
    if ends is None:
        ends = view.__dict__["_emphasised_ends"] = {n for u, v, k in view.edges if k in view.emphasis for n in (u, v)}
    return ends


def _source_line(citation: dict[str, Any], sources: dict[str, Any]) -> str:
    source = sources.get(citation.get("source"), {})
    where = source.get("publisher") or citation.get("source")
    when = f", {source['date']}" if source.get("date") else ""
    text = f"{where}{when} ({citation.get('grade', '')}"
    text += ", disputes)" if citation.get("stance") == "disputes" else ")"
    if citation.get("quote"):
        text += f": \u201c{citation['quote']}\u201d"
    elif citation.get("note"):
        text += f": {citation['note']}"
    return text


def edge_title(graph: nx.MultiDiGraph, u: str, v: str, data: dict[str, Any]) -> str:
    rel = schema.REL_TYPES.get(data.get("type"))
    label = rel.label if rel else str(data.get("type", "")).lower()
    extra = data.get("relation") or data.get("role")
    lines = [
        f"{graph.nodes[u].get('name') or u} \u2014 {label}{' (' + extra + ')' if extra else ''} \u2014 {graph.nodes[v].get('name') or v}",
        _dates_text(data.get("start"), data.get("end")),
        f"confidence: {data.get('confidence')}",
    ]
    sources = graph.graph.get("sources") or {}
    citations = data.get("sources") or []
    if citations:
        lines.append("sources:")
        lines += ["\u2022 " + _source_line(c, sources) for c in citations]
    if data.get("note"):
        lines.append(f"note: {data['note']}")
    return "\n".join(lines)


def edge_item(graph: nx.MultiDiGraph, view: View, u: str, v: str, key: str, large: bool = False) -> dict[str, Any]:
    data = graph.edges[u, v, key]
    rel = schema.REL_TYPES.get(data.get("type"))
    family = data.get("family") or (rel.family if rel else "")
    info = dict(data)
    info.update(id=key, source=u, target=v, label=rel.label if rel else data.get("type"))
    faint = key in view.faint
    item: dict[str, Any] = {
        "id": key,
        "color": {"color": style.family_colour(family), "highlight": style.family_colour(family), "hover": style.family_colour(family)},
        "dashes": style.FAINT_DASHES if faint else style.confidence_dashes(data.get("confidence", "")),
        "width": style.confidence_width(data.get("confidence", ""), key in view.emphasis),
        "thick": style.confidence_width(data.get("confidence", ""), True),
        "title": edge_title(graph, u, v, data),
        "info": info,
        "t": {"s": _first(data.get("start")), "e": _last(data.get("end"))},
    }
    if large:  # solid, the grade in the opacity (style.confidence_opacity); no arrowheads, which
        # cost a third of every redraw and cannot be seen at the zoom that shows thousands of ties
        item["dashes"] = False
        item["color"]["opacity"] = style.confidence_opacity(data.get("confidence", ""))
        item["arrows"] = {"to": {"enabled": False}}
    elif data.get("symmetric"):
        item["arrows"] = {"to": {"enabled": False}}
    else:
        item["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.6}}
    return item


def curve_parallel(edges: list[tuple[str, str, str]], items: dict[str, dict[str, Any]]) -> None:
    """Curve every tie after the first between the same two entities, alternately either side."""
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for u, v, k in edges:
        groups.setdefault(tuple(sorted((u, v))), []).append((u, v, k))
    for pair, group in groups.items():
        for index, (u, v, k) in enumerate(sorted(group, key=lambda e: e[2])):
            if index == 0:
                continue
            clockwise = index % 2 == 1
            if (u, v) != pair:  # drawn the other way round: the same side is the other turn
                clockwise = not clockwise
            items[k]["smooth"] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW", "roundness": round(0.2 * ((index + 1) // 2), 2)}


def loyalty_months(graph: nx.MultiDiGraph, view: View, months: list[str]) -> dict[str, Any]:
    """Each person's loyalty at the end of every slider month, as changes: [[month index, distance,
    strength, tie keys, derived hops], ...] (distance None: no path), one `LoyaltyTree` per month.

    The tie keys are the recorded ties the path stands on (a chain-of-command hop is drawn as the
    ties under it). For the person a view explains, `explained` holds the "Explained" lines per
    change, `{when}` standing for the date.
    """
    from .. import schema
    from .builders import path_explanation

    timeline = timeline_of(graph)
    core = graph.graph.get("core")
    people = [n for n in view.nodes if graph.nodes[n].get("kind") == "person"]
    large = len(view.nodes) > LARGE
    changes: dict[str, list[list[Any]]] = {p: [] for p in people}
    explained: list[list[Any]] = []
    for index, month in enumerate(months):
        snap = timeline.at(as_of(month))
        tree = loyalty_tree(snap, core, view.chain)
        for person in people:
            if person in tree.distance and large:  # a large view draws no path ties: distance and strength only
                entry = [tree.distance[person], schema.CONFIDENCE_ORDER[tree.rank[person]], [], 0]
            elif person in tree.distance:
                nodes = tree.nodes(person)
                links = [tree.link(u, v) for u, v in zip(nodes, nodes[1:])]
                keys = sorted({k for link in links for k in (link.ties or (link.key,))})
                entry = [tree.distance[person], schema.CONFIDENCE_ORDER[tree.rank[person]], keys, sum(1 for link in links if link.derived)]
            else:
                entry = [None, None, [], 0]
            if not changes[person] or changes[person][-1][1:] != entry:
                changes[person].append([index, *entry])
        if view.person in tree.distance or view.person in snap.status:
            lines = path_explanation(graph, view.person, core, tree.path(view.person), snap.status.get(view.person, ""))
            if not explained or explained[-1][1] != lines:
                explained.append([index, lines])
    return {"core": core, "person": view.person, "people": changes, "explained": explained, "title": view.title.replace(f"as of {view.at}", "{when}") if view.at else view.title}


def search_variants() -> list[list[str]]:
    """names.skeleton's rewrite rules as (pattern, replacement) for the page's search box."""
    return [[pattern.pattern, replacement.replace("\\1", "$1")] for pattern, replacement in names._VARIANTS]


@no_cycle_collection()
def page_data(graph: nx.MultiDiGraph, view: View) -> dict[str, Any]:
    """Everything the page needs, as JSON-ready data; vis items keep their order from the view."""
    day = as_of(view.at) if view.at else None
    # every view of a dataset shares one slider range, so their months line up
    told = tuple(step["date"] for step in view.story.get("steps", []))
    months = slider_months(graph, list(graph.nodes), list(graph.edges(keys=True)), view.at, told)
    large = len(view.nodes) > LARGE
    nodes = []
    for node in view.nodes:
        status = status_at(graph, node, day) if graph.nodes[node].get("kind") == "person" else ""
        item = {"id": node, **node_item(graph, view, node, status, months)}
        nodes.append(item)
    edge_items = {k: {"from": u, "to": v, **edge_item(graph, view, u, v, k, large)} for u, v, k in view.edges}
    curve_parallel(view.edges, edge_items)
    for item in nodes:
        if item["id"] in view.positions:  # pinned by the view (e.g. the cracks timeline)
            item["x"], item["y"] = view.positions[item["id"]]
            item["fixed"] = True
    if large:
        core = graph.graph.get("core")
        positions = radial_layout(view.nodes, [(u, v) for u, v, _ in view.edges], core if core in set(view.nodes) else None)
        for item in nodes:
            item["x"], item["y"] = positions[item["id"]]
    kinds = sorted({graph.nodes[n].get("kind", "") for n in view.nodes}, key=lambda k: list(schema.ENTITY_KINDS).index(k) if k in schema.ENTITY_KINDS else 99)
    families = [f for f in schema.FAMILIES if any(e["info"].get("family") == f for e in edge_items.values())]
    return {
        "view": {
            "name": view.name,
            "title": view.title,
            "description": view.description,
            "note": view.note,
            "explanation": list(view.explanation),
            "at": view.at,
            "day": day.isoformat() if day else None,
            "colour_by": view.colour_by,
            "large": large,
            "stem": view.stem,
            "person": view.person,
            "headline": view.headline,
        },
        "routes": view.routes,
        "steps": {
            step["key"]: {"n": step["n"], "date": step["date"], "placed": step["placed"], "person": person}
            for person, route in view.routes.items()
            for step in route["steps"]
            if view.name == "defection"
        },
        "axis": view.axis or None,
        "columns": {"top": view.columns_top, "heads": view.columns} if view.columns else None,
        "story": view.story or None,
        "dataset": {"name": graph.graph.get("dataset"), "title": graph.graph.get("title"), "core": graph.graph.get("core")},
        "months": months,
        "nodes": nodes,
        "edges": list(edge_items.values()),
        "sources": graph.graph.get("sources") or {},
        "legend": style.legend(colour_by=view.colour_by, kinds=kinds, large=large),
        "palette": {
            "status": {s: style.status_colour(s) for s in schema.STATUSES},
            "kind": {k: style.kind_colour(k) for k in schema.ENTITY_KINDS},
            "distance": [style.distance_colour(d) for d in range(style.DISTANCE_STEPS)],
            "unreachable": style.UNREACHABLE_COLOUR,
            "ended": style.ENDED_COLOUR,
            "begun": style.BEGUN_COLOUR,
            "match": style.MATCH_COLOUR,
        },
        "filters": {
            "families": families,
            "kinds": kinds,
            "confidence": list(schema.CONFIDENCE_ORDER),
        },
        "rel_labels": {t: r.label for t, r in schema.REL_TYPES.items()},
        "grade_words": {g: grade_words(g) for g in (r + str(c) for r in schema.RELIABILITY for c in schema.CREDIBILITY)},
        # names of places a status event mentions that the view does not draw
        "names": {
            place: graph.nodes[place].get("name") or place
            for node in view.nodes
            for event in graph.nodes[node].get("status_events", [])
            if (place := event.get("place")) and place in graph
        },
        "search_variants": search_variants(),
        "loyalty": loyalty_months(graph, view, months) if view.colour_by == "distance" and months else None,
        # a story moves through dates, so measures of one date would mislead: none on its page
        "influence": None if large or view.story else influence_data(graph, view),
    }


def influence_data(graph: nx.MultiDiGraph, view: View) -> dict[str, Any] | None:
    """The `influence` command's measures for the people a view draws, at the view's date: the
    page sizes people by one of them and lists them in the info panel."""
    from ..analysis import brokers, centrality

    people = {n for n in view.nodes if graph.nodes[n].get("kind") == "person"}
    core = graph.graph.get("core")
    if not people or not core or core not in graph:
        return None
    scores = centrality(graph, view.at, chain=view.chain)
    held = brokers(graph, core, view.at, chain=view.chain)
    measures = {
        "degree": {n: v["degree"] for n, v in scores.items() if n in people},
        "betweenness": {n: v["betweenness"] for n, v in scores.items() if n in people},
        "brokered": {n: v for n, v in held.items() if n in people},
    }
    return {"at": view.at, "measures": measures, "max": {k: max(v.values(), default=0) for k, v in measures.items()}}
