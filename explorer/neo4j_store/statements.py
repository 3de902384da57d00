"""The Cypher the store runs, read from the packaged `cypher/` files (the single source of it).

Load statements carry `{label}`, `{type}`, `{source_label}`, `{target_label}` placeholders that
are filled only with names from the schema registry: nothing from the data reaches Cypher text.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .. import schema

__all__ = ["cypher_dir", "statement", "schema_statements"]


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


def schema_statements() -> list[str]:
    """The statements of cypher/schema.cypher, one per `;`."""
    return [s.strip() for s in _strip_comments(_text("schema.cypher")).split(";") if s.strip()]
