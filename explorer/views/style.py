"""Colours, shapes and edge styles of the views, derived from the schema registry.

Palettes are fixed lists handed out in registry order, so a new relationship family, status or
entity kind gets a style (and a legend entry) without touching this module.
"""

from __future__ import annotations

from typing import Any

from .. import schema

__all__ = [
    "family_colour",
    "status_colour",
    "kind_colour",
    "kind_shape",
    "distance_colour",
    "confidence_dashes",
    "DISTANCE_STEPS",
    "legend",
]

_FAMILY_PALETTE = ("#b03a2e", "#d68910", "#1f618d", "#7d3c98", "#7f8c8d", "#117864", "#a04000")
_STATUS_PALETTE = {
    # statuses the registry is known to hold get meaningful colours; any new one a spare one
    "loyal": "#c0392b",
    "defected": "#2471a3",
    "opposition": "#229954",
    "dead": "#566573",
    "unknown": "#d5d8dc",
}
_SPARE = ("#f5b041", "#48c9b0", "#af7ac5", "#f1948a")
_KIND_PALETTE = ("#e59866", "#a569bd", "#52be80", "#f4d03f", "#85c1e9", "#dc7633")
_KIND_SHAPES = ("dot", "square", "triangle", "diamond", "hexagon", "star")
_DISTANCE_PALETTE = ("#641e16", "#c0392b", "#e67e22", "#f4d03f", "#fcf3cf")
UNREACHABLE_COLOUR = "#d5d8dc"
# loyalty distance 0 (the core), 1, 2, 3, then "4 or more"
DISTANCE_STEPS = len(_DISTANCE_PALETTE)


def family_colour(family: str) -> str:
    families = list(schema.FAMILIES)
    index = families.index(family) if family in families else len(families)
    return _FAMILY_PALETTE[index % len(_FAMILY_PALETTE)]


def status_colour(status: str) -> str:
    if status in _STATUS_PALETTE:
        return _STATUS_PALETTE[status]
    others = [s for s in schema.STATUSES if s not in _STATUS_PALETTE]
    return _SPARE[(others.index(status) if status in others else 0) % len(_SPARE)]


def kind_colour(kind: str) -> str:
    """Colour of a non-person entity (people are coloured by status)."""
    kinds = list(schema.ENTITY_KINDS)
    index = kinds.index(kind) if kind in kinds else len(kinds)
    return _KIND_PALETTE[index % len(_KIND_PALETTE)]


def kind_shape(kind: str) -> str:
    kinds = list(schema.ENTITY_KINDS)
    index = kinds.index(kind) if kind in kinds else len(kinds)
    return _KIND_SHAPES[index % len(_KIND_SHAPES)]


def distance_colour(distance: int | None) -> str:
    if distance is None:
        return UNREACHABLE_COLOUR
    return _DISTANCE_PALETTE[min(distance, DISTANCE_STEPS - 1)]


def confidence_dashes(confidence: str) -> bool | list[int]:
    """Solid for the strongest grade, dotted for the two weakest, dashed (shorter as trust falls) between."""
    order = schema.CONFIDENCE_ORDER
    rank = order.index(confidence) if confidence in order else len(order) - 1
    if rank == 0:
        return False
    if rank >= len(order) - 2:
        return [2, 5]
    return [max(12 - 2 * rank, 5), 5]


def _dash_label(dashes: bool | list[int]) -> str:
    if dashes is False:
        return "solid"
    return "dotted" if dashes[0] <= 2 else "dashed"


def legend(*, colour_by: str = "status", kinds: list[str] | None = None) -> dict[str, Any]:
    """Every style a page can show, as data for the page's legend (see page.py)."""
    kinds = kinds or list(schema.ENTITY_KINDS)
    nodes = [
        {"label": name, "shape": kind_shape(name), "colour": kind_colour(name) if name != "person" else "#ffffff", "text": schema.ENTITY_KINDS[name].description}
        for name in kinds
        if name in schema.ENTITY_KINDS
    ]
    statuses = [{"label": status, "colour": status_colour(status), "text": text} for status, text in schema.STATUSES.items()]
    distances = [
        {"label": ("the core" if d == 0 else f"{d}{' or more' if d == DISTANCE_STEPS - 1 else ''}"), "colour": distance_colour(d)}
        for d in range(DISTANCE_STEPS)
    ] + [{"label": "no loyalty path", "colour": UNREACHABLE_COLOUR}]
    families = [{"label": family, "colour": family_colour(family), "text": text} for family, text in schema.FAMILIES.items()]
    confidence = [
        {"label": grade_name, "dashes": confidence_dashes(grade_name), "style": _dash_label(confidence_dashes(grade_name)), "text": text}
        for grade_name, text in schema.CONFIDENCE.items()
    ]
    return {
        "colour_by": colour_by,
        "kinds": nodes,
        "statuses": statuses,
        "distances": distances,
        "families": families,
        "confidence": confidence,
        "symmetric": [rel.label for rel in schema.REL_TYPES.values() if rel.symmetric],
    }
