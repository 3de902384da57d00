"""Pausing Python's cycle collector around work that makes many small objects and no cycles."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

__all__ = ["no_cycle_collection"]

_PAUSED = [0]  # how many no_cycle_collection blocks are open: only the outermost switches


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while building many small tuples and dicts that make no
    reference cycles. Left on, it rescans everything made so far again and again as they pile up:
    the cracks timeline of a 20,000-person regime spent three quarters of its time there, and
    reading its YAML half. Nested blocks leave the switching to the outermost one; usable as a
    decorator too (`@no_cycle_collection()`)."""
    outermost = _PAUSED[0] == 0 and gc.isenabled()
    _PAUSED[0] += 1
    if outermost:
        gc.disable()
    try:
        yield
    finally:
        _PAUSED[0] -= 1
        if outermost:
            gc.enable()
