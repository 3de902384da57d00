"""Where the Neo4j server is and how to log in: flags first, then the usual NEO4J_* variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..errors import UsageError

__all__ = ["Settings", "SCHEMES", "DEFAULT_URI"]

# bolt:// one server; neo4j:// cluster routing; +s / +ssc add TLS (Aura is neo4j+s://).
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_URI = "bolt://localhost:7687"


@dataclass(frozen=True)
class Settings:
    """Connection settings; the password never appears in repr, str or any message."""

    uri: str = DEFAULT_URI
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None

    def __post_init__(self) -> None:
        scheme = urlsplit(self.uri).scheme
        if scheme not in SCHEMES:
            raise UsageError(f"NEO4J_URI {self.uri!r} must start with one of: {', '.join(s + '://' for s in SCHEMES)}")

    @classmethod
    def from_env(cls, *, uri: str | None = None, user: str | None = None, password: str | None = None, database: str | None = None) -> "Settings":
        """Flags win over NEO4J_URI, NEO4J_USERNAME (or NEO4J_USER), NEO4J_PASSWORD, NEO4J_DATABASE."""
        env = os.environ
        return cls(
            uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
            user=user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
            password=password if password is not None else env.get("NEO4J_PASSWORD", ""),
            database=database or env.get("NEO4J_DATABASE") or None,
        )

    @property
    def where(self) -> str:
        """`uri (database)` for messages: no credentials."""
        return f"{self.uri}" + (f" (database {self.database})" if self.database else "")
