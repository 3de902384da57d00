"""Loyalty paths, defection routes, the cracks timeline and influence: pure functions on graphs."""

from .cracks import TOP_DISTANCE, Crack, Cracks, cracks_timeline
from .defection import DefectionRoute, defection_event, defection_route, defectors
from .influence import brokers, centrality
from .loyalty import LoyaltyPath, loyalty_distances, loyalty_path, loyalty_ranking

__all__ = [
    "LoyaltyPath",
    "loyalty_distances",
    "loyalty_path",
    "loyalty_ranking",
    "DefectionRoute",
    "defection_event",
    "defection_route",
    "defectors",
    "TOP_DISTANCE",
    "Crack",
    "Cracks",
    "cracks_timeline",
    "centrality",
    "brokers",
]
