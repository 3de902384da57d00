"""The Cypher the store runs, read from the packaged `cypher/` files (the single source of it).

Load statements carry `{label}`, `{type}`, `{source_label}`, `{target_label}` placeholders that
are filled only with names from the schema registry: nothing from the data reaches Cypher text.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .. import schema

__all__ = ["cypher_dir", "statement", "every", "EVERY", "schema_statements"]

# The load statements sent for every label (or relationship type) at once: see `every`.
EVERY = ("taken_ids", "existing_nodes", "existing_relationships")


def cypher_dir():
    return resources.files("explorer") / "cypher"


@lru_cache(maxsize=None)
def _text(name: str) -> str:
    return (cypher_dir() / name).read_text(encoding="utf-8")


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")).strip()


def statement(name: str, **names: str) -> str:
    """The statement in `cypher/load/<name>.cypher` with registry names filled in."""
    labels, types = set(schema.store_labels()), set(schema.REL_TYPES)
    for key, value in names.items():
        allowed = types if key == "type" else labels
        if value not in allowed:
            raise ValueError(f"{value!r} is not a {key} of the schema registry")
    text = _strip_comments(_text(f"load/{name}.cypher"))
    for key, value in names.items():
        text = text.replace("{" + key + "}", value)
    return text


def every(name: str) -> str:
    """The statement of `name` (one of EVERY) for every label of the registry, or every type if
    it takes `{type}`, joined by UNION ALL: one round trip instead of one per name."""
    if name not in EVERY:
        raise ValueError(f"{name} is not sent for every label or type")
    key, names = ("type", schema.REL_TYPES) if "{type}" in _text(f"load/{name}.cypher") else ("label", schema.store_labels())
    return "\nUNION ALL\n".join(statement(name, **{key: value}) for value in names)


def schema_statements() -> list[str]:
    """The statements of cypher/schema.cypher, one per `;`."""
    return [s.strip() for s in _strip_comments(_text("schema.cypher")).split(";") if s.strip()]
