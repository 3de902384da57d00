"""Open a driver, and turn the driver's errors into one-line messages with a hint."""

from __future__ import annotations

import contextlib
from typing import Iterator

from ..errors import ExplorerError
from .settings import Settings

__all__ = ["StoreError", "WriteRefused", "connect", "session", "translated", "explain"]


class StoreError(ExplorerError):
    """The Neo4j server refused or could not be reached."""


class WriteRefused(ExplorerError):
    """A query would write, and --write was not given."""


def explain(exc: Exception, settings: Settings) -> StoreError:
    """A StoreError that says what went wrong and what to do, never the password."""
    from neo4j import exceptions as ne

    code = getattr(exc, "code", "") or ""
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, ne.AuthError) or "Unauthorized" in code:
        return StoreError(f"Neo4j at {settings.uri} refused the login for user {settings.user!r}; check NEO4J_USERNAME and NEO4J_PASSWORD")
    if isinstance(exc, (ne.ServiceUnavailable, OSError)):
        return StoreError(f"cannot reach Neo4j at {settings.uri}; start one with `docker compose up -d` or point NEO4J_URI at your server")
    if "DatabaseNotFound" in code:
        return StoreError(f"database {settings.database!r} does not exist on {settings.uri}; check NEO4J_DATABASE")
    if "SyntaxError" in code:
        return StoreError(f"Cypher syntax error: {message}")
    if "ParameterMissing" in code:
        return StoreError(f"{message}; pass it with -p name=value")
    return StoreError(f"Neo4j error{' ' + code if code else ''}: {message}")


def connect(settings: Settings):
    """A verified driver; raises StoreError with a hint when the server cannot be used."""
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))
    try:
        driver.verify_connectivity()
        if settings.database:
            with driver.session(database=settings.database) as probe:
                probe.run("RETURN 1").consume()
    except Exception as exc:
        driver.close()
        raise explain(exc, settings) from None
    return driver


@contextlib.contextmanager
def translated(settings: Settings) -> Iterator[None]:
    """Driver and server errors raised inside come out as one-line StoreErrors."""
    try:
        yield
    except ExplorerError:
        raise
    except Exception as exc:
        from neo4j.exceptions import DriverError, Neo4jError

        if isinstance(exc, (Neo4jError, DriverError, OSError)):
            raise explain(exc, settings) from None
        raise


@contextlib.contextmanager
def session(settings: Settings, driver=None, **kwargs) -> Iterator:
    """A session on the configured database; driver errors come out as StoreError."""
    own = driver is None
    driver = driver or connect(settings)
    try:
        with translated(settings), driver.session(database=settings.database, **kwargs) as opened:
            yield opened
    finally:
        if own:
            driver.close()
