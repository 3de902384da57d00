"""Where the Neo4j server is and how to log in: flags first, then the usual NEO4J_* variables."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

from ..errors import UsageError

__all__ = ["Settings", "SCHEMES", "DEFAULT_URI", "DEFAULT_RETRY_SECONDS", "mask_secrets"]

# bolt:// one server; neo4j:// cluster routing; +s / +ssc add TLS (Aura is neo4j+s://).
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_RETRY_SECONDS = 15.0


@dataclass(frozen=True)
class Settings:
    """Connection settings; the password never appears in repr, str or any message."""

    uri: str = DEFAULT_URI
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None
    # How long a write transaction is retried while the server does not answer (driver: 30 s).
    retry_seconds: float = DEFAULT_RETRY_SECONDS

    def __post_init__(self) -> None:
        if not 0 < self.retry_seconds <= 3600:
            raise UsageError(f"NEO4J_RETRY_SECONDS must be a number of seconds above 0 and at most 3600, e.g. 15 (got {self.retry_seconds:g})")
        uri = str(self.uri).strip()
        shown = mask_secrets(uri)
        try:
            parts = urlsplit(uri)
            parts.port  # noqa: B018 - raises ValueError on a port that is not a number in range
        except ValueError as exc:
            raise UsageError(f"NEO4J_URI {shown!r} is not a valid URI ({mask_secrets(str(exc))})") from None
        if parts.scheme not in SCHEMES:
            raise UsageError(f"NEO4J_URI {shown!r} must start with one of: {', '.join(s + '://' for s in SCHEMES)}")
        if not parts.hostname:
            raise UsageError(f"NEO4J_URI {shown!r} names no host, e.g. bolt://localhost:7687")
        if parts.query and parts.scheme.startswith("bolt"):
            raise UsageError(f"NEO4J_URI {shown!r}: a bolt:// URI takes no ?query (routing context is for neo4j:// only)")
        if parts.username is not None or parts.password is not None:
            # bolt://user:password@host: the credentials move out of the URI, which is shown in messages
            if not self.password:
                object.__setattr__(self, "user", unquote(parts.username or "") or self.user)
                object.__setattr__(self, "password", unquote(parts.password or ""))
            host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
            host += f":{parts.port}" if parts.port else ""
            uri = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
        object.__setattr__(self, "uri", uri)

    @classmethod
    def from_env(cls, *, uri: str | None = None, user: str | None = None, password: str | None = None, database: str | None = None) -> "Settings":
        """Flags win over NEO4J_URI, NEO4J_USERNAME (or NEO4J_USER), NEO4J_PASSWORD, NEO4J_DATABASE;
        NEO4J_RETRY_SECONDS sets how long a write is retried while the server does not answer."""
        env = os.environ
        retry = env.get("NEO4J_RETRY_SECONDS", "").strip()
        try:
            retry_seconds = float(retry) if retry else DEFAULT_RETRY_SECONDS
        except ValueError:
            raise UsageError(f"NEO4J_RETRY_SECONDS must be a number of seconds, e.g. 15 (got {retry!r})") from None
        return cls(
            uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
            user=user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
            password=password if password is not None else env.get("NEO4J_PASSWORD", ""),
            database=database or env.get("NEO4J_DATABASE") or None,
            retry_seconds=retry_seconds,
        )

    @property
    def where(self) -> str:
        """`uri (database)` for messages: no credentials."""
        return f"{self.uri}" + (f" (database {self.database})" if self.database else "")


_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:@/\s]*):(?P<password>[^@/\s]*)@")


def mask_secrets(text: str, *secrets: str | None) -> str:
    """`text` with the password of any `scheme://user:password@host` and each of `secrets` as ***."""
    text = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:***@", str(text))
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "***")
    return text
