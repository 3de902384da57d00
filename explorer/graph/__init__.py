"""The record as a graph, and through time.

`build_graph` turns a dataset into a `networkx.MultiDiGraph` of the whole record; `Timeline` parses
its dates once and answers "at a date" with memoised `Snapshot`s (statuses, the ties that hold,
the walkable binding graph with or without the chain of command).
"""

from ..schema import OPPOSITION_ORG_KINDS
from .build import build_graph, person_ids
from .timeline import (
    Link,
    Snapshot,
    Span,
    Timeline,
    UNBOUND_STATUSES,
    as_day,
    defection_event,
    first_reported,
    effective_status_events,
    snapshot,
    status_at,
    tie_holds_at,
    timeline_of,
)

__all__ = [
    "build_graph",
    "person_ids",
    "Timeline",
    "Snapshot",
    "Span",
    "Link",
    "timeline_of",
    "as_day",
    "snapshot",
    "status_at",
    "effective_status_events",
    "defection_event",
    "first_reported",
    "tie_holds_at",
    "UNBOUND_STATUSES",
    "OPPOSITION_ORG_KINDS",
]
