"""The record through time: a `Timeline` built once per graph answers "at a date" for everyone.

Every date of the graph is parsed once, here. `timeline.at(day)` returns a memoised `Snapshot`:
the day, the ties that hold then, each person's status, the walkable binding graph (with or
without the chain of command) and, on demand, the snapshot as a networkx graph. Analysis, views,
exports and the loader ask the timeline (or a snapshot) instead of re-reading dates.

Status rules, in order: dead from the first day of a death (the `died` field or a death event in
force); else the latest defection or opposition event in force; else opposition while a hierarchy
or rupture tie binds the person to an opposition or armed group; else loyal while any binding tie
holds; else unknown. An event is in force from its date unless denied (a denial undoes what it
denies at every date) or superseded by a later record that is itself dated by then.
"""

from __future__ import annotations

from collections import defaultdict
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any, Iterable

import networkx as nx

from .. import schema
from ..gcpause import no_cycle_collection
from ..dates import PartialDate, as_of, parse_date

__all__ = [
    "Timeline",
    "Snapshot",
    "Span",
    "Link",
    "UNBOUND_STATUSES",
    "timeline_of",
    "as_day",
    "effective_status_events",
    "defection_event",
    "first_reported",
    "tie_holds_at",
    "status_at",
    "snapshot",
]

UNBOUND_STATUSES = ("defected", "dead", "opposition")
_RANKS = {grade: rank for rank, grade in enumerate(schema.CONFIDENCE_ORDER)}  # statuses that hold no one to the core




def _parse(value: Any) -> PartialDate | None:
    if value is None or value == "":
        return None
    if isinstance(value, PartialDate):
        return value
    return parse_date(value)


def as_day(at: "date | str | PartialDate | None") -> date | None:
    """The concrete day a question `at` a (partial) date is asked: the span's last day."""
    return as_of(at) if isinstance(at, (str, PartialDate)) else at


@dataclass(frozen=True, slots=True)
class Span:
    """A tie with its dates parsed: it holds from `first` through `last` (None: open)."""

    source: str
    target: str
    key: str
    data: dict[str, Any]
    first: date | None
    last: date | None
    rank: int = 0  # the tie's confidence grade as a number, 0 = confirmed
    lo: int = 0  # first and last day as ordinals (open ends: 0 and a day after any date), for speed
    hi: int = 10**7

    def holds(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.first is None or self.first <= day) and (self.last is None or self.last >= day)

    @property
    def family(self) -> str:
        return self.data["family"]



def tie_holds_at(edge: dict[str, Any], day: date | None) -> bool:
    """Whether a tie (edge attributes) holds on `day`; see `explorer.dates` for the rule."""
    start, end = _parse(edge.get("start")), _parse(edge.get("end"))
    return Span("", "", "", edge, start.first_day if start else None, end.last_day if end else None).holds(day)


def effective_status_events(events: Iterable[dict[str, Any]], day: date | None = None) -> list[dict[str, Any]]:
    """The status events in force on `day`: dated by then, never denied, not superseded by then.

    A denial undoes the report it supersedes at every date (what is denied was not true before
    the denial either); a confirmation takes over from the report it confirms from its own date.
    """
    events = list(events)
    denied = {e["supersedes"] for e in events if e.get("state") == "denied" and e.get("supersedes")}
    dated = [e for e in events if e.get("date") and e["id"] not in denied and (day is None or _parse(e["date"]).first_day <= day)]
    superseded = {e["supersedes"] for e in dated if e.get("supersedes")}
    return [e for e in dated if e["state"] != "denied" and e["id"] not in superseded]


def defection_event(graph: nx.MultiDiGraph, person: str) -> dict[str, Any] | None:
    """The person's first defection in force as the record ends, or None."""
    events = [e for e in effective_status_events(graph.nodes[person].get("status_events", [])) if e["kind"] == "defected"]
    return min(events, key=lambda e: _parse(e["date"]).first_day) if events else None


def first_reported(graph: nx.MultiDiGraph, person: str, event: dict[str, Any]) -> str:
    """The date of the first report in the chain a record confirms (a confirmation supersedes
    the earlier report; the defection itself dates from when it was first reported)."""
    by_id = {e["id"]: e for e in graph.nodes[person].get("status_events", [])}
    dates, step = [event["date"]], event
    while step.get("supersedes") in by_id:
        step = by_id[step["supersedes"]]
        if step["state"] != "denied":
            dates.append(step["date"])
    return min(dates, key=lambda d: _parse(d).first_day)


class Timeline:
    """One graph's dates, parsed once; `at(day)` gives the memoised snapshot of that day."""

    @no_cycle_collection()
    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self.core: str | None = graph.graph.get("core")
        self.spans: list[Span] = []
        for u, v, key, data in graph.edges(keys=True, data=True):
            start, end = _parse(data.get("start")), _parse(data.get("end"))
            rank = _RANKS.get(data.get("confidence"), len(_RANKS))
            first, last = (start.first_day if start else None), (end.last_day if end else None)
            self.spans.append(Span(u, v, key, data, first, last, rank, first.toordinal() if first else 0, last.toordinal() if last else 10**7))
        self.begins: dict[str, date | None] = {}
        self.people: list[str] = []
        self.died: dict[str, date] = {}
        self.events: dict[str, list[tuple[date | None, dict[str, Any]]]] = {}
        for node, data in graph.nodes(data=True):
            begun = _parse(data.get("born") or data.get("founded") or data.get("start"))
            self.begins[node] = begun.first_day if begun else None
            if data.get("kind") != "person":
                continue
            self.people.append(node)
            died = _parse(data.get("died"))
            if died is not None:
                self.died[node] = died.first_day
            events = data.get("status_events") or []
            if events:
                self.events[node] = [(_parse(e.get("date")).first_day if e.get("date") else None, e) for e in events]
        self.spans_of: dict[str, list[Span]] = {}
        for span in self.spans:
            self.spans_of.setdefault(span.source, []).append(span)
            if span.target != span.source:
                self.spans_of.setdefault(span.target, []).append(span)
        self.by_key: dict[str, Span] = {span.key: span for span in self.spans}
        people = set(self.people)
        # what each day's walkable graph is made of, sorted out once: binding ties between people,
        # and the ties of the chain of command (serving, heading, answering to)
        self.binding_spans = [s for s in self.spans if s.family in schema.BINDING_FAMILIES and s.source in people and s.target in people]
        # the same as plain tuples, read once per day by `Snapshot.adjacency`
        self.binding_rows = [(s.lo, s.hi, s.source, s.target, s.rank, s) for s in self.binding_spans]
        self.serve_spans: list[Span] = []
        self.head_spans: list[Span] = []
        self.part_spans: list[Span] = []
        for span in self.spans:
            rel = schema.REL_TYPES.get(span.data.get("type"))
            if rel is None:
                continue
            if rel.answers_to:
                self.part_spans.append(span)
            if span.source in people and rel.serves:
                self.serve_spans.append(span)
            if span.source in people and schema.heads(rel, span.data):
                self.head_spans.append(span)
        self._status_index: dict[str, tuple[list[date], list[str]]] | None = None
        self._snapshots: dict[date | None, Snapshot] = {}

    def tie(self, key: str) -> Span | None:
        return self.by_key.get(key)

    def at(self, at: "date | str | PartialDate | None") -> "Snapshot":
        """The state on a day (a partial date means its last day; None: as the record ends)."""
        day = as_day(at)
        found = self._snapshots.get(day)
        if found is None:
            found = self._snapshots[day] = Snapshot(self, day)
        return found

    # --- status ----------------------------------------------------------------------------------

    def events_in_force(self, person: str, day: date | None) -> list[dict[str, Any]]:
        dated = self.events.get(person, [])
        if not dated:
            return []
        return effective_status_events([e for _, e in dated], day)

    def _event_status(self, person: str, day: date | None) -> str | None:
        died = self.died.get(person)
        if died is not None and (day is None or died <= day):
            return "dead"
        in_force = self.events_in_force(person, day)
        statuses = [schema.STATUS_EVENT_KINDS[e["kind"]] for e in sorted(in_force, key=lambda e: _parse(e["date"]).first_day)]
        statuses = [s for s in statuses if s]
        if "dead" in statuses:
            return "dead"
        return statuses[-1] if statuses else None

    def status(self, person: str, day: date | None) -> str:
        """A person's status on `day` (see the module docstring); '' for non-people."""
        if self.graph.nodes[person].get("kind") != "person":
            return ""
        from_events = self._event_status(person, day)
        if from_events:
            return from_events
        return self._status_from_ties(person, day, self.spans_of.get(person, []))

    def _status_from_ties(self, person: str, day: date | None, spans: Iterable[Span]) -> str:
        nodes = self.graph.nodes
        binding = False
        for span in spans:
            if not span.holds(day):
                continue
            other = span.target if span.source == person else span.source
            if nodes[other].get("org_kind") in schema.OPPOSITION_ORG_KINDS and span.family in schema.OPPOSITION_FAMILIES:
                return "opposition"
            binding = binding or span.family in schema.BINDING_FAMILIES
        return "loyal" if binding else "unknown"

    def status_on(self, person: str, day: date) -> str:
        """A person's status on a day, from their status changes (computed once per person)."""
        if self._status_index is None:
            self._status_index = {}
        found = self._status_index.get(person)
        if found is None:
            changes = self.status_changes(person)
            found = self._status_index[person] = ([d for d, _ in changes[1:]], [s for _, s in changes])
        days, statuses = found
        return statuses[bisect_right(days, day)]

    def change_days(self, node: str) -> list[date]:
        """The days on which a person's status can change: events, death, ties starting or ending."""
        days = {first for first, _ in self.events.get(node, []) if first is not None}
        if node in self.died:
            days.add(self.died[node])
        for span in self.spans_of.get(node, []):
            if span.first is not None:
                days.add(span.first)
            if span.last is not None and span.last < date.max:
                days.add(span.last + timedelta(days=1))
        return sorted(days)

    def status_changes(self, person: str) -> list[tuple[date | None, str]]:
        """The person's status over time: [(first day, status), ...], the first dated None (always).

        The one status-over-time function: GEXF spells and the page's slider both read it.
        """
        days = self.change_days(person)
        if not days:
            return [(None, self.status(person, None))]
        changes: list[tuple[date | None, str]] = [(None, self.status(person, days[0] - timedelta(days=1)))]
        for day in days:
            status = self.status(person, day)
            if status != changes[-1][1]:
                changes.append((day, status))
        return changes


class Snapshot:
    """The record on one day: what holds, who stands where, and the walkable binding graph."""

    def __init__(self, timeline: Timeline, day: date | None):
        self.timeline = timeline
        self.day = day
        self._binding: dict[bool, dict[str, dict[str, "Link"]]] = {}
        self._adjacency: dict[bool, dict[str, list[tuple[str, int, Any]]]] = {}
        self.memo: dict[Any, Any] = {}  # answers computed from this day, kept by the layers above

    @property
    def bounds(self) -> tuple[int, int]:
        """(since, upto) for `span.lo <= upto and span.hi >= since`: the day's ordinal twice, or with
        no day, bounds that every span meets (no single ordinal lies inside every span)."""
        if self.day is None:
            return 0, 10**8
        day = self.day.toordinal()
        return day, day

    @property
    def when(self) -> str | None:
        return self.day.isoformat() if self.day else None

    @cached_property
    def nodes(self) -> set[str]:
        """Entities that exist on the day (born, founded or begun by then, or undated)."""
        day = self.day
        return {n for n, begun in self.timeline.begins.items() if day is None or begun is None or begun <= day}

    @cached_property
    def spans(self) -> list[Span]:
        """The ties that hold on the day, between entities that exist then."""
        nodes, day = self.nodes, self.day
        return [s for s in self.timeline.spans if s.holds(day) and s.source in nodes and s.target in nodes]

    @cached_property
    @no_cycle_collection()
    def status(self) -> dict[str, str]:
        """Every person's status on the day (people not yet born included)."""
        timeline, day = self.timeline, self.day
        if day is not None:
            return {person: timeline.status_on(person, day) for person in timeline.people}
        holding: dict[str, list[Span]] = {}
        for span in timeline.spans:
            if span.holds(day):
                holding.setdefault(span.source, []).append(span)
                holding.setdefault(span.target, []).append(span)
        result = {}
        for person in timeline.people:
            result[person] = timeline._event_status(person, day) or timeline._status_from_ties(person, day, holding.get(person, []))
        return result

    @cached_property
    def walkable(self) -> set[str]:
        """People who can stand on a loyalty path on the day: existing, neither defected, dead nor opposition."""
        return {p for p, s in self.status.items() if p in self.nodes and s not in UNBOUND_STATUSES}

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The snapshot as a networkx graph, shared: read it, do not change it (see `to_graph`)."""
        return self.to_graph()

    def to_graph(self) -> nx.MultiDiGraph:
        """A new networkx graph of the day: entities that exist, ties that hold, people's `status`."""
        whole = self.timeline.graph
        result = nx.MultiDiGraph(**{**whole.graph, "at": self.when})
        status = self.status
        for node, data in whole.nodes(data=True):
            if node in self.nodes:
                result.add_node(node, **data)
                if node in status:
                    result.nodes[node]["status"] = status[node]
        result.add_edges_from((s.source, s.target, s.key, s.data) for s in self.spans)
        return result

    @no_cycle_collection()
    def adjacency(self, chain: bool = True) -> dict[str, list[tuple[str, int, Any]]]:
        """For each walkable person, every link to another that day as (other, rank, what it is):
        a recorded binding tie (its `Span`) or, with `chain`, a derived hop (person, head, the
        ties under it). Unsorted and not deduplicated: a search relaxes each; `best_link` picks."""
        found = self._adjacency.get(chain)
        if found is not None:
            return found
        from .chain import chain_links

        walkable = self.walkable
        since, upto = self.bounds
        adjacency: dict[str, list[tuple[str, int, Any]]] = defaultdict(list)
        for lo, hi, a, b, rank, span in self.timeline.binding_rows:
            if lo <= upto and hi >= since and a in walkable and b in walkable:
                adjacency[a].append((b, rank, span))
                adjacency[b].append((a, rank, span))
        if chain:
            for hop in chain_links(self):
                person, head, rank, _ = hop
                adjacency[person].append((head, rank, hop))
                adjacency[head].append((person, rank, hop))
        self._adjacency[chain] = adjacency
        return adjacency

    def best_link(self, a: str, b: str, chain: bool = True) -> "Link":
        """The link between two people that a path shows: the best-graded, a recorded tie before a
        derived hop, then the lowest keys; the same choice everywhere."""
        orders = [(_order(rank, what), what) for other, rank, what in self.adjacency(chain)[a] if other == b]
        order, what = min(orders, key=lambda item: item[0])
        return _link(order, what)

    @no_cycle_collection()
    def binding(self, chain: bool = True) -> dict[str, dict[str, "Link"]]:
        """Every walkable person's links as {other: best Link}: the simple graph of who is bound to whom."""
        found = self._binding.get(chain)
        if found is not None:
            return found
        best: dict[tuple[str, str], tuple] = {}
        for a, links in self.adjacency(chain).items():
            for b, rank, what in links:
                if a < b:
                    order = _order(rank, what)
                    current = best.get((a, b))
                    if current is None or order < current[0]:
                        best[(a, b)] = (order, what)
        result: dict[str, dict[str, Link]] = {p: {} for p in self.walkable}
        for (a, b), (order, what) in best.items():
            result[a][b] = result[b][a] = _link(order, what)
        self._binding[chain] = result
        return result


@dataclass(frozen=True)
class Link:
    """A walkable link between two people: a recorded tie (`via` empty) or a derived chain hop.

    `via` lists, for a chain hop, the organizations climbed and `ties` the recorded ties it
    stands on (the serving tie, any PART_OF ties, the head's tie); its rank is their weakest.
    """

    a: str
    b: str
    rank: int
    key: str
    via: tuple[str, ...]
    ties: tuple[str, ...] = ()
    head: str = ""

    @property
    def derived(self) -> bool:
        return bool(self.via)

    @property
    def order(self) -> tuple[int, bool, str]:
        return (self.rank, self.derived, self.key)

    def other(self, person: str) -> str:
        return self.b if person == self.a else self.a


def _order(rank: int, what: Any) -> tuple:
    """How two links between the same people compare: grade, recorded before derived, keys."""
    if isinstance(what, Span):
        return (rank, 0, (what.key,))
    return (rank, 1, tuple(t.key for t in what[3]))


def _link(order: tuple, what: Any) -> Link:
    if isinstance(what, Span):
        return Link(what.source, what.target, order[0], what.key, ())
    person, head, rank, ties = what
    keys = order[2]
    return Link(person, head, rank, "chain:" + ">".join(keys), (ties[0].target, *(t.target for t in ties[1:-1])), keys, head)


_ATTRIBUTE = "_regime_explorer_timeline"  # where a graph keeps its timeline (not in graph.graph: never exported)


def timeline_of(graph: "nx.MultiDiGraph | Timeline") -> Timeline:
    """The graph's timeline, built once per graph (rebuilt if nodes were added since: a graph is
    built whole and then read, so its node count is the cheap sign of a change). The graph holds
    it, so both go when the graph goes."""
    if isinstance(graph, Timeline):
        return graph
    shape = graph.number_of_nodes()
    cached = graph.__dict__.get(_ATTRIBUTE)
    if cached is None or cached[0] != shape:
        cached = (shape, Timeline(graph))
        graph.__dict__[_ATTRIBUTE] = cached
    return cached[1]


def status_at(graph: "nx.MultiDiGraph | Timeline", node: str, day: "date | str | PartialDate | None" = None) -> str:
    """A person's status on `day` (None: as the record ends); '' for non-people."""
    return timeline_of(graph).status(node, as_day(day))


def snapshot(graph: "nx.MultiDiGraph | Timeline", at: "date | str | PartialDate | None") -> nx.MultiDiGraph:
    """The graph at a date: entities that exist then, ties that hold, each person's `status`.

    With `at=None`, the whole record with statuses as it ends. A new graph each call.
    """
    return timeline_of(graph).at(at).to_graph()
