"""One function per view: which entities and ties it shows, which it emphasises, and how it colours.

A view's scope (its entities) is chosen in the state at the view's date; its ties are every tie of
the whole record among those entities that the view is about, so the page's time slider can replay
them. What is drawn at first is the state at the view's date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable

import networkx as nx

from .. import schema
from ..dates import as_of, parse_date
from ..errors import ExplorerError
from ..text import grade_phrase, hop_text
from ..graph import effective_status_events, snapshot, status_at, timeline_of
from ..gcpause import no_cycle_collection

__all__ = ["View", "VIEWS", "build", "telling_date", "path_explanation", "path_keys", "route_data", "CRACK_ROWS", "loyalty", "defection", "cracks", "family", "ego", "path", "network", "story", "LARGE"]

# Above this many entities a page gets positions from Python and no physics (see page data).
LARGE = 1000

DEFECTED = "defected"


@dataclass
class View:
    """What a page shows: entities, ties (edge keys), what stands out, and the colouring."""

    name: str
    title: str
    description: str
    nodes: list[str]
    edges: list[tuple[str, str, str]]
    at: str | None = None
    emphasis: set[str] = field(default_factory=set)  # tie keys drawn thicker
    highlight: set[str] = field(default_factory=set)  # entity ids drawn bigger
    colour_by: str = "status"  # or "distance"
    distances: dict[str, int] = field(default_factory=dict)
    stem: str = ""  # file name without extension, for `export all`
    note: str = ""  # shown under the title (e.g. no loyalty analysis available)
    explanation: list[str] = field(default_factory=list)  # the "Explained" panel, one line each
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)  # pinned entities
    person: str | None = None  # the one person a loyalty view explains
    chain: bool = True  # loyalty paths may climb the chain of command
    dated_by: str = ""  # why the view shows its date, when the date was chosen for the reader
    routes: dict[str, dict[str, Any]] = field(default_factory=dict)  # defector -> route out, path before, ties left
    faint: set[str] = field(default_factory=set)  # tie keys drawn thin and dotted (unplaced route steps)
    axis: dict[str, Any] = field(default_factory=dict)  # a date axis drawn on the canvas (cracks)
    story: dict[str, Any] = field(default_factory=dict)  # the story the page steps through (story view)
    columns: list[dict[str, Any]] = field(default_factory=list)  # column headings drawn on the canvas (defection)
    columns_top: float = 0.0  # where the headings go, in canvas units
    headline: str = ""  # one sentence drawn on the canvas

    def __post_init__(self) -> None:
        self.stem = self.stem or self.name


def _day(at: str | date | None) -> date | None:
    return as_of(at) if isinstance(at, str) else at


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    return graph.nodes[node].get("name") or node


def _date_words(at: str | None) -> str:
    return f"as of {at}" if at else "the whole record"


def telling_date(graph: nx.MultiDiGraph, person: str | None = None, *, chain: bool = True) -> tuple[str | None, str]:
    """The date a loyalty view shows when none is asked for, and why: the day before `person`'s
    defection, else the day before the first defection within distance 1 of the core."""
    from .. import analysis
    from ..graph import defection_event, first_reported

    def day_before(who: str) -> str | None:
        event = defection_event(graph, who) if who in graph else None
        if event is None:
            return None
        return (parse_date(first_reported(graph, who, event)).first_day - timedelta(days=1)).isoformat()

    if person is not None and (day := day_before(person)):
        return day, f"the day before {_name(graph, person)} defected"
    core = graph.graph.get("core")
    if not core or core not in graph:
        return None, ""
    first = analysis.cracks_timeline(graph, core, chain=chain).first_at_top
    if first and (day := day_before(first)):
        return day, f"the day before {_name(graph, first)} defected, the first crack within distance {analysis.TOP_DISTANCE} of {_name(graph, core)}"
    return None, ""


def _ties_among(graph: nx.MultiDiGraph, nodes: set[str], keep: Callable[[dict[str, Any]], bool]) -> list[tuple[str, str, str]]:
    return [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True) if u in nodes and v in nodes and keep(d)]


def _component(view: nx.MultiDiGraph, start: str, keep: Callable[[dict[str, Any]], bool], depth: int | None = None) -> set[str]:
    """Entities reachable from `start` over ties in either direction that `keep` accepts."""
    walk = nx.Graph()
    walk.add_node(start)
    walk.add_edges_from((u, v) for u, v, d in view.edges(data=True) if keep(d))
    return set(nx.single_source_shortest_path_length(walk, start, cutoff=depth))


def _binding(data: dict[str, Any]) -> bool:
    return data.get("family") in schema.BINDING_FAMILIES


def _ends_of(graph: nx.MultiDiGraph, key: str) -> tuple[str, str]:
    span = timeline_of(graph).tie(key)
    return (span.source, span.target) if span else ()


class _names(dict):
    """Names of a graph's entities, looked up as a mapping."""

    def __init__(self, graph: nx.MultiDiGraph):
        super().__init__()
        self.graph = graph

    def __missing__(self, node: str) -> str:
        return _name(self.graph, node)


def _hop_words(graph: nx.MultiDiGraph, hops: list[dict[str, Any]]) -> str:
    """`Manaf Tlass -FRIEND_OF- Bashar al-Assad (reported)` for each hop, joined."""
    return "; ".join(f"{hop_text(_names(graph), h)} ({h['confidence']})" for h in hops)


def path_keys(hops: list[dict[str, Any]]) -> set[str]:
    """The recorded ties a path stands on: each hop's own tie, or the ties under a chain-of-command hop."""
    return {key for h in hops for key in (h.get("stands_on") or [h["key"]])}


def path_explanation(graph: nx.MultiDiGraph, person: str, core: str, found: Any, status: str) -> list[str]:
    """The "Explained" lines of one person's loyalty path; `{when}` stands for the date words."""
    if found is None:
        return [f"{_name(graph, person)} has no loyalty path to {_name(graph, core)} {{when}} (status: {status or 'not a person'})."]
    return [
        f"{_name(graph, person)} is at loyalty distance {found.distance} from {_name(graph, core)} "
        f"{{when}}; the path is as strong as its weakest tie: {found.strength}.",
        *[f"{hop_text(_names(graph), h)}: {h['confidence']}{' (derived from the chain of command)' if h.get('derived') else ''}, "
          f"{', '.join(dict.fromkeys(c['source'] + ' ' + c['grade'] for c in h['sources'])) or 'no source'}" for h in found.hops],
    ]


def loyalty(graph: nx.MultiDiGraph, *, at: str | None = None, person: str | None = None, chain: bool = True) -> View:
    """The network of binding ties around the core, coloured by loyalty distance, loyalty paths thicker.

    With `person`, only that person's loyalty path is emphasised and the panel explains it.
    """
    from .. import analysis

    core = graph.graph.get("core")
    if not core or core not in graph:
        raise ExplorerError("the dataset names no core person (set `core:` in dataset.yaml) so there is no loyalty view")
    dated_by = ""
    if at is None:  # a loyalty view is always of a day: by default the one that tells the story
        at, dated_by = telling_date(graph, person, chain=chain)
    state = snapshot(graph, at)
    nodes = _component(state, core, _binding) if core in state else set()
    view = View(
        "loyalty",
        f"Loyalty ties around {_name(graph, core)}, {_date_words(at)}",
        "Family, bond and hierarchy ties that bind people to the core; colour is the loyalty distance, "
        "thick ties lie on someone's loyalty path.",
        sorted(nodes),
        _ties_among(graph, nodes, _binding),
        at=at,
        highlight={core},
        colour_by="distance",
        chain=chain,
        dated_by=dated_by,
    )
    if dated_by:
        view.explanation.append(f"Dated {at}: {dated_by}. Replay month by month in Time.")
    view.distances = {n: d for n, d in analysis.loyalty_distances(graph, core, at, chain=chain).items() if n in nodes}
    if person is not None:
        found = analysis.loyalty_path(graph, person, core=core, at=at, chain=chain)
        view.stem = f"loyalty-{person}"
        view.title = f"{_name(graph, person)}'s loyalty path to {_name(graph, core)}, {_date_words(at)}"
        view.person = person
        view.description = (
            f"Family, bond and hierarchy ties that bind people to the core; colour is the loyalty distance, "
            f"thick ties are {_name(graph, person)}'s loyalty path (the recorded ties under any chain-of-command hop)."
        )
        view.highlight.add(person)
        view.emphasis = path_keys(found.hops) if found else set()
        view.explanation = [line.replace("{when}", _date_words(at)) for line in path_explanation(graph, person, core, found, status_at(graph, person, _day(at)))]
        if dated_by:
            view.explanation.append(f"Dated {at}: {dated_by}. Replay month by month in Time.")
        return view
    if len(nodes) <= LARGE:
        for member in view.distances:
            found = analysis.loyalty_path(graph, member, core=core, at=at, chain=chain)
            view.emphasis |= path_keys(found.hops if found else [])
    return view


def _step_words(graph: nx.MultiDiGraph, step: dict[str, Any]) -> str:
    rel = schema.REL_TYPES.get(step["type"])
    label = rel.label if rel else step["type"].lower()
    if step["towards_other"]:
        return f"{label} {step['other_name']}"
    if rel and rel.label_from_target:
        return f"{rel.label_from_target} {step['other_name']}"
    return f"{step['other_name']} {label} them"


def route_data(graph: nx.MultiDiGraph, route: Any) -> dict[str, Any]:
    """What a page tells of one defection: the numbered, dated route out, the path of the day
    before, and the binding ties held that day."""
    hops = route.loyalty_before.hops if route.loyalty_before else []
    return {
        "date": route.date,
        "state": route.event["state"],
        "confidence": route.event["confidence"],
        "day_before": route.day_before,
        "distance": route.distance_before,
        "strength": route.loyalty_before.strength if route.loyalty_before else None,
        "steps": [
            {
                "n": s["step"],
                "key": s["key"],
                "date": s["start"] or "undated",
                "text": _step_words(graph, s),
                "confidence": s["confidence"],
                "placed": s["placed"],
            }
            for s in route.route
        ],
        "before": [f"{hop_text(_names(graph), h)} ({h['confidence']}{', derived from the chain of command' if h.get('derived') else ''})" for h in hops],
        "before_keys": sorted(path_keys(hops)),
        "left": [
            f"{t['type']} {t['other_name']} ({t['confidence']}{', ended ' + t['end'] if t.get('end') else ''})"
            for t in route.left_behind
        ],
    }


def defectors(graph: nx.MultiDiGraph, at: str | None = None) -> list[str]:
    """People with a defection in force at `at` (denied or superseded reports do not count)."""
    day = _day(at)
    kinds = {kind for kind, status in schema.STATUS_EVENT_KINDS.items() if status == DEFECTED}
    return sorted(
        n
        for n, d in graph.nodes(data=True)
        if d.get("kind") == "person" and any(e["kind"] in kinds for e in effective_status_events(d.get("status_events", []), day))
    )


def defection(graph: nx.MultiDiGraph, *, at: str | None = None, chain: bool = True) -> View:
    """The defectors, the route out they took (thick), and the binding ties they left."""
    state = snapshot(graph, at)
    people = [p for p in defectors(graph, at) if p in state]
    route_types = set(schema.ROUTE_OUT_TYPES) | {t for t, r in schema.REL_TYPES.items() if r.family == "rupture"}

    def about(data: dict[str, Any]) -> bool:
        return data.get("type") in route_types or _binding(data)

    nodes = set(people)
    for person in people:
        for u, v, d in list(graph.out_edges(person, data=True)) + list(graph.in_edges(person, data=True)):
            if about(d):
                nodes.update((u, v))
    from .. import analysis

    explanation, emphasised, routes, faint = [], set(), {}, set()
    for person in people:
        route = analysis.defection_route(graph, person, chain=chain)
        if route is None:
            continue
        routes[person] = route_data(graph, route)
        faint |= {s["key"] for s in route.route if not s["placed"]}
        hops = route.loyalty_before.hops if route.loyalty_before else []
        on_path = path_keys(hops)
        emphasised |= on_path
        nodes.update(n for key in on_path for n in _ends_of(graph, key))
        before = (
            f"the day before, {route.distance_before} tie{'s' if route.distance_before != 1 else ''} from the core: {_hop_words(graph, hops)}"
            if route.loyalty_before
            else "no loyalty path to the core in the data the day before"
        )
        out = "; ".join(f"{s['step']}. {s['start'] or 'undated'} {_step_words(graph, s)} ({s['confidence']})" for s in route.route) or "no route recorded"
        explanation.append(f"{route.name}, {route.date} ({route.event['state']}): {before}. Route out: {out}.")
    nodes &= set(state)
    edges = [(u, v, k) for u, v, k in _ties_among(graph, nodes, about) if u in people or v in people or k in emphasised]
    view = View(
        "defection",
        f"Defections and the ties they left, {_date_words(at)}",
        "Each defector, where they went (thick ties: the route out and the loyalty path they had the "
        "day before) and the family, bond and hierarchy ties they had.",
        sorted(nodes),
        edges,
        at=at,
        emphasis={k for u, v, k in edges if graph.edges[u, v, k]["type"] in route_types or k in emphasised},
        highlight=set(people),
        explanation=explanation,
        routes=routes,
    )
    view.faint = faint & {k for _, _, k in edges}
    view.emphasis -= view.faint
    if people and len(view.nodes) <= LARGE:
        _lay_out_routes(graph, view, people)
    return view


def _lay_out_routes(graph: nx.MultiDiGraph, view: View, people: list[str]) -> None:
    """Read left to right: what the defectors left, the defectors in date order, then the places
    of their routes out, one column per step (steps that cannot be placed in the last)."""
    from .layout import LAYER_GAP, ROW_GAP, layered_layout

    order = sorted(people, key=lambda p: (view.routes[p]["date"] if p in view.routes else "9999", p))
    columns = {node: 0 for node in view.nodes}
    columns.update({p: 1 for p in order})
    steps = {(p, s["key"]): s for p, route in view.routes.items() for s in route["steps"]}
    last = max((s["n"] for s in steps.values() if s["placed"]), default=0) + 1
    left_from = {k for u, v, k in view.edges if graph.edges[u, v, k]["type"] == schema.DEFECTION_TYPE}
    for (person, key), step in steps.items():
        if key in left_from:  # the body they broke with stays with what they left
            continue
        for other in _ends_of(graph, key):
            if other == person or other in order or other not in columns:
                continue
            column = 1 + (step["n"] if step["placed"] else last)
            columns[other] = column if columns[other] == 0 else min(columns[other], column)
    used = sorted(set(columns.values()))  # no empty columns between the steps
    heads = ["what they left", "defectors, by date"] + [f"step {n}" for n in range(1, last)] + ["unplaced steps"]
    columns = {node: used.index(c) for node, c in columns.items()}
    gap = ROW_GAP * 1.6  # defectors carry a bold name and a route badge
    anchors = {p: i * gap for i, p in enumerate(order)}
    view.positions = layered_layout(columns, anchors, ((u, v) for u, v, _ in view.edges))
    view.columns = [{"x": i * LAYER_GAP, "label": heads[c]} for i, c in enumerate(used)]
    view.columns_top = min(y for _, y in view.positions.values()) - 90


CRACK_ROWS = ("the core", "distance 1: the top", "distance 2", "distance 3 or more", "no loyalty path")
_ROW = 250.0  # canvas units between rows
_LANE = 44.0  # between defectors stacked in one row (their circles are 40 across at most)
_AXIS_WIDTH = 1200.0


def _row_of(distance: int | None) -> int:
    return 4 if distance is None else min(max(distance, 1), 3)


def cracks(graph: nx.MultiDiGraph, *, at: str | None = None, chain: bool = True) -> View:
    """The defections since the uprising on a date axis: x is the date, the row the loyalty
    distance the defector had the day before (1, 2, 3 or more, none), the colour that distance,
    a dashed border a defection only reported; the headline answers "is this the first crack at
    the top?" on the canvas, and a click tells the route out and the ties left behind."""
    from .. import analysis

    core = graph.graph.get("core")
    if not core or core not in graph:
        raise ExplorerError("the dataset names no core person (set `core:` in dataset.yaml) so there is no cracks view")
    result = analysis.cracks_timeline(graph, core, chain=chain)
    day = _day(at)
    shown = [c for c in result.cracks if day is None or parse_date(c.date).first_day <= day]
    first_days = [parse_date(c.date).first_day for c in shown]
    begin = parse_date(result.since).first_day if result.since else (min(first_days) if first_days else date.today())
    begin = begin.replace(day=1)
    last = max(first_days + [begin])
    end = date(last.year + (last.month == 12), last.month % 12 + 1, 1)  # the month after the last
    scale = _AXIS_WIDTH / max((end - begin).days, 1)

    def x_of(when: date) -> float:
        return round((when - begin).days * scale, 1)

    nodes, keys, routes = {core}, set(), {}
    positions = {core: (-60.0, 0.0)}
    lanes: dict[int, list[float]] = {}  # row -> right edge of the last label in each lane
    distances = {core: 0}
    for crack, first in zip(shown, first_days):
        row = _row_of(crack.distance_before)
        x = x_of(first)
        half = 4.9 * len(crack.name) + 8  # about half a label of 11 to 12 screen pixels at the first fit
        rights = lanes.setdefault(row, [])
        lane = next((i for i, right in enumerate(rights) if right < x - half), len(rights))
        if lane == len(rights):
            rights.append(0.0)
        rights[lane] = x + half
        positions[crack.person] = (x, row * _ROW + lane * _LANE)
        nodes.add(crack.person)
        if crack.distance_before is not None:
            distances[crack.person] = crack.distance_before
        route = analysis.defection_route(graph, crack.person, core, chain=chain)
        if route is not None:
            routes[crack.person] = route_data(graph, route)
            keys |= set(routes[crack.person]["before_keys"])
    # ties drawn: those of a path the day before that join two people on the canvas
    edges = sorted((u, v, k) for u, v, k in graph.edges(keys=True) if k in keys and u in nodes and v in nodes)
    ticks = []
    month = begin
    while month <= end:
        ticks.append({"x": x_of(month), "label": month.strftime("%Y-%m"), "year": month.month == 1})
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    axis = {
        "y": 4 * _ROW + 90.0,
        "ticks": ticks,
        "rows": [{"y": i * _ROW, "label": label} for i, label in enumerate(CRACK_ROWS)],
        "left": -260.0,
        "right": x_of(end),
    }
    view = View(
        "cracks",
        f"Cracks around {_name(graph, core)}: defections on a date axis, {_date_words(at)}",
        "Each defector at the date of the defection (left to right) and in the row of the loyalty "
        "distance they had the day before: the higher the row, the closer to the core the crack. "
        "Click a defector for the route out and the ties left behind.",
        sorted(nodes),
        edges,
        at=at,
        emphasis={k for _, _, k in edges},
        highlight={core} | {c.person for c in shown if c.distance_before is not None and c.distance_before <= analysis.TOP_DISTANCE},
        colour_by="distance_before",
        distances=distances,
        positions=positions,
        routes=routes,
        axis=axis,
        headline=result.headline,
        chain=chain,
        explanation=[result.headline]
        + [
            f"{c.date} {c.name}: "
            + (f"distance {c.distance_before} the day before" if c.distance_before is not None else "no loyalty path in the data")
            + f" ({grade_phrase(c.state, c.confidence)})"
            for c in shown
        ],
    )
    return view


def _is_family(data: dict[str, Any]) -> bool:
    return data.get("family") == "family"


def family(graph: nx.MultiDiGraph, *, at: str | None = None) -> View:
    """Kinship only: the families and how they married into each other."""
    state = snapshot(graph, at)
    nodes = {n for u, v, d in state.edges(data=True) if _is_family(d) for n in (u, v)}
    return View(
        "family",
        f"Families: kinship ties, {_date_words(at)}",
        "Parents, spouses, siblings and other relatives; nothing else.",
        sorted(nodes),
        _ties_among(graph, nodes, _is_family),
        at=at,
    )


def ego(graph: nx.MultiDiGraph, *, person: str, depth: int = 2, at: str | None = None) -> View:
    """Everything within `depth` ties of one entity."""
    if depth < 1:
        raise ExplorerError(f"--depth must be 1 or more, not {depth}")
    state = snapshot(graph, at)
    if person not in state:
        raise ExplorerError(f"{_name(graph, person)} is not in the record {_date_words(at)}")
    nodes = _component(state, person, lambda d: True, depth)
    return View(
        "ego",
        f"{_name(graph, person)} and everyone within {depth} tie{'s' if depth != 1 else ''}, {_date_words(at)}",
        f"Every entity at most {depth} tie{'s' if depth != 1 else ''} away from {_name(graph, person)}, and every tie among them.",
        sorted(nodes),
        _ties_among(graph, nodes, lambda d: True),
        at=at,
        highlight={person},
        stem=f"ego-{person}",
    )


def path(graph: nx.MultiDiGraph, *, person: str, other: str, at: str | None = None) -> View:
    """The shortest paths between two entities, each hop the strongest-graded tie."""
    from ..graph.paths import shortest_paths

    if person == other:
        raise ExplorerError("a path needs two different entities")
    paths = shortest_paths(graph, person, other, at=at)
    if not paths:
        raise ExplorerError(f"{_name(graph, person)} and {_name(graph, other)} are not linked {_date_words(at)}")
    edges = sorted({(h["source"], h["target"], h["key"]) for hops in paths for h in hops})
    nodes = {n for u, v, _ in edges for n in (u, v)}
    count = len(paths)
    return View(
        "path",
        f"{_name(graph, person)} to {_name(graph, other)}: {count} shortest path{'s' if count != 1 else ''} "
        f"of {len(paths[0])} tie{'s' if len(paths[0]) != 1 else ''}, {_date_words(at)}",
        "Each hop is the strongest-graded tie between its two ends.",
        sorted(nodes),
        edges,
        at=at,
        emphasis={k for _, _, k in edges},
        highlight={person, other},
        stem=f"path-{person}-{other}",
    )


def network(graph: nx.MultiDiGraph, *, at: str | None = None) -> View:
    """Every entity and every tie; at a date, those not yet begun wait for the time slider."""
    nodes = set(graph)
    return View(
        "network",
        f"The whole network, {_date_words(at)}",
        "Every entity and every tie in the dataset.",
        sorted(nodes),
        _ties_among(graph, nodes, lambda d: True),
        at=at,
    )


def story(graph: nx.MultiDiGraph, *, told: dict[str, Any], chain: bool = True) -> View:
    """A story's page: the loyalty network on each step's date plus whatever its steps name,
    coloured by loyalty distance; the page steps through it, each step setting date and focus.
    `told` is the story as `explorer.stories.story_data` gives it."""
    steps = told["steps"]
    first = as_of(steps[0]["date"]).isoformat()
    base = loyalty(graph, at=first, person=told.get("person"), chain=chain)
    core = graph.graph.get("core")
    nodes = set(base.nodes)
    for day in sorted({step["date"] for step in steps}):
        state = snapshot(graph, day)
        if core in state:
            nodes |= _component(state, core, _binding)
    named = {key for step in steps for key in step["ties"]}
    nodes |= {entity for step in steps for entity in step["focus"]}
    nodes |= {end for key in named for end in _ends_of(graph, key)}
    edges = [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True) if u in nodes and v in nodes and (k in named or _binding(d))]
    base.name = "story"
    base.title = told["title"]
    base.description = told.get("description") or base.description
    base.nodes, base.edges = sorted(nodes), edges
    base.stem = f"story-{told['id']}"
    base.story = told
    base.explanation = []
    base.dated_by = ""
    return base


VIEWS: dict[str, Callable[..., View]] = {
    "loyalty": loyalty,
    "defection": defection,
    "cracks": cracks,
    "family": family,
    "ego": ego,
    "path": path,
    "network": network,
    "story": story,
}


@no_cycle_collection()
def build(
    name: str, graph: nx.MultiDiGraph, *, at: str | None = None, person: str | None = None, other: str | None = None, depth: int = 2, chain: bool = True, told: dict[str, Any] | None = None
) -> View:
    """The view called `name`; ego needs `person`, path needs `person` and `other`, loyalty may take
    `person`, story needs `told` (the story as `explorer.stories.story_data` gives it)."""
    if name not in VIEWS:
        raise ExplorerError(f"unknown view {name!r}; choose one of: {', '.join(VIEWS)}")
    if name == "ego":
        if not person:
            raise ExplorerError("the ego view needs a person: export ego NAME")
        return ego(graph, person=person, depth=depth, at=at)
    if name == "path":
        if not (person and other):
            raise ExplorerError("the path view needs two names: export path A B")
        return path(graph, person=person, other=other, at=at)
    if name == "story":
        if not told:
            raise ExplorerError("the story view needs a story: export story NAME")
        return story(graph, told=told, chain=chain)
    if name in ("loyalty", "defection", "cracks"):
        return VIEWS[name](graph, at=at, chain=chain, **({"person": person} if name == "loyalty" and person else {}))
    return VIEWS[name](graph, at=at)
