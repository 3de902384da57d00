"""Ids: the slug format every record's id takes, and the default ids of ties and status events.

A tie or status event without an `id` gets one made from what it says, so reloading a dataset
merges instead of duplicating; the reader, the writer, FtM import and the synthetic regimes all
make them here.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["SLUG", "slugify", "tie_id", "status_id"]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "an-id") -> str:
    """Lowercase ASCII letters, digits and single hyphens: `Manaf Tlass` -> `manaf-tlass`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-") or fallback


def tie_id(type_name: str, source: str, target: str, start: object = None) -> str:
    """`mustafa-tlass--parent-of--manaf-tlass`, with `--START` when the tie has a start date."""
    return f"{source}--{type_name.lower().replace('_', '-')}--{target}" + (f"--{start}" if start else "")


def status_id(person: str, kind: str, date: object, state: str = "reported") -> str:
    """`manaf-tlass--defected--2012-07`, with `--STATE` unless the event is a plain report."""
    return f"{person}--{kind}--{date}" + ("" if state == "reported" else f"--{state}")
