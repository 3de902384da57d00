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
    "confidence_width",
    "NON_PERSON_COLOUR",
    "FAINT_DASHES",
    "ENDED_COLOUR",
    "BEGUN_COLOUR",
    "MATCH_COLOUR",
    "DISTANCE_STEPS",
    "legend",
]

# Colour-blind-safe colours (Okabe & Ito; Tol's muted and vibrant sets; viridis for order), chosen so
# that no colour means two things in one view: node fills (status or distance, and one grey for
# every non-person, whose kind the shape tells) never share a colour with tie families or the
# compare marks.
_FAMILY_PALETTE = ("#cc79a7", "#e69f00", "#56b4e9", "#882255", "#999933", "#332288", "#117733")
_STATUS_PALETTE = {
    # statuses the registry is known to hold get meaningful colours; any new one a spare one
    "loyal": "#0072b2",
    "defected": "#d55e00",
    "opposition": "#009e73",
    "dead": "#000000",
    "unknown": "#ffffff",  # hollow: the data holds nothing either way
}
_SPARE = ("#aa4499", "#44aa99", "#ddcc77", "#88ccee")
NON_PERSON_COLOUR = "#bbbbbb"  # organizations, places, events: the shape says which
_KIND_SHAPES = ("dot", "square", "triangle", "diamond", "hexagon", "star")
# viridis, dark to light: the core, 1, 2, 3, "4 or more"
_DISTANCE_PALETTE = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
UNREACHABLE_COLOUR = "#ffffff"  # hollow: no loyalty path
ENDED_COLOUR = "#ee3377"  # compare mode: a tie that ended (also dashed)
BEGUN_COLOUR = "#ddcc77"  # compare mode: a tie that began
MATCH_COLOUR = "#000000"  # a ring around what the search box finds (a border, never a fill or a tie)
# loyalty distance 0 (the core), 1, 2, 3, then "4 or more"
DISTANCE_STEPS = len(_DISTANCE_PALETTE)
# tie line per confidence grade, strongest first: each differs at a glance (solid, long dashes,
# short dashes, dash-dot, dots, dash-dot-dot); a grade the registry adds later gets dots
_DASHES: tuple[bool | list[int], ...] = (False, [14, 5], [6, 5], [12, 4, 2, 4], [2, 6], [10, 4, 2, 4, 2, 4])
FAINT_DASHES = [2, 6]  # a route step that cannot be placed in the sequence (undated or rumoured): thin dots
_DASH_NAMES = ("solid", "long dashes", "short dashes", "dash-dot", "dots", "dash-dot-dot")


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
    """Colour of a non-person entity (people are coloured by status or distance); shape tells the kind."""
    return NON_PERSON_COLOUR


def kind_shape(kind: str) -> str:
    kinds = list(schema.ENTITY_KINDS)
    index = kinds.index(kind) if kind in kinds else len(kinds)
    return _KIND_SHAPES[index % len(_KIND_SHAPES)]


def distance_colour(distance: int | None) -> str:
    if distance is None:
        return UNREACHABLE_COLOUR
    return _DISTANCE_PALETTE[min(distance, DISTANCE_STEPS - 1)]


def confidence_dashes(confidence: str) -> bool | list[int]:
    """The tie's line for its grade: solid for confirmed, then patterns that differ at a glance."""
    order = schema.CONFIDENCE_ORDER
    rank = order.index(confidence) if confidence in order else len(order) - 1
    return _DASHES[min(rank, len(_DASHES) - 1)]


# In large views ties are drawn solid (a dash pattern triples the time of every redraw) and their
# grade is read from how pale they are, strongest first.
_OPACITY = (1.0, 0.8, 0.62, 0.46, 0.32, 0.32)


def confidence_opacity(confidence: str) -> float:
    """How opaque a tie of this grade is drawn in a large view."""
    order = schema.CONFIDENCE_ORDER
    rank = order.index(confidence) if confidence in order else len(order) - 1
    return _OPACITY[min(rank, len(_OPACITY) - 1)]


def confidence_width(confidence: str, emphasised: bool) -> float:
    """Width of a tie: emphasised ties (a path, the route out) thick in proportion to their grade."""
    if not emphasised:
        return 1.5
    rank = schema.confidence_rank(confidence) if confidence in schema.CONFIDENCE_ORDER else len(schema.CONFIDENCE_ORDER) - 1
    return (6.0, 5.0, 4.0, 3.0, 2.0, 2.0)[min(rank, 5)]


def _dash_label(dashes: bool | list[int]) -> str:
    return _DASH_NAMES[_DASHES.index(dashes)] if dashes in _DASHES else "dots"


def legend(*, colour_by: str = "status", kinds: list[str] | None = None, large: bool = False) -> dict[str, Any]:
    """Every style a page can show, as data for the page's legend (see page.py); a large view
    shows a tie's grade by opacity rather than by dashes."""
    kinds = kinds or list(schema.ENTITY_KINDS)
    nodes = [
        {"label": name, "shape": kind_shape(name), "colour": "#ffffff" if name == "person" else kind_colour(name), "text": schema.ENTITY_KINDS[name].description}
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
        if not large
        else {"label": grade_name, "dashes": False, "opacity": confidence_opacity(grade_name), "style": f"solid, {confidence_opacity(grade_name):.0%} opaque", "text": text}
        for grade_name, text in schema.CONFIDENCE.items()
    ]
    return {
        "colour_by": colour_by,
        "kinds": nodes,
        "statuses": statuses,
        "distances": distances,
        "families": families,
        "confidence": confidence,
        "confidence_by": "opacity" if large else "dashes",
        "symmetric": [rel.label for rel in schema.REL_TYPES.values() if rel.symmetric],
    }
