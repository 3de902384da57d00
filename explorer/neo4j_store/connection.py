"""Open a driver, and turn the driver's errors into one-line messages with a hint."""

from __future__ import annotations

import contextlib
import logging
import sys
from typing import Iterator

from ..errors import ExplorerError
from .settings import DEFAULT_RETRY_SECONDS, Settings, mask_secrets

__all__ = ["StoreError", "WriteRefused", "connect", "session", "translated", "explain", "quiet_driver_logs"]


class StoreError(ExplorerError):
    """The Neo4j server refused or could not be reached."""


class WriteRefused(ExplorerError):
    """A query would write, and --write was not given."""


def explain(exc: Exception, settings: Settings) -> StoreError:
    """A StoreError that says what went wrong and what to do, never the password."""
    from neo4j import exceptions as ne

    code = getattr(exc, "code", "") or ""
    message = mask_secrets(" ".join(str(getattr(exc, "message", None) or exc).split()), settings.password)
    if isinstance(exc, ne.AuthError) or "Unauthorized" in code:
        return StoreError(f"Neo4j at {settings.uri} refused the login for user {settings.user!r}; check NEO4J_USERNAME and NEO4J_PASSWORD")
    if isinstance(exc, (ne.ServiceUnavailable, OSError)):
        scheme = settings.uri.split("://", 1)[0]
        if scheme.endswith(("+s", "+ssc")):
            return StoreError(
                f"cannot reach Neo4j at {settings.uri} over TLS; check the address, and that the server has TLS "
                f"(a server without it takes {scheme.split('+')[0]}://)"
            )
        return StoreError(
            f"cannot reach Neo4j at {settings.uri}; start one with `regime-explorer db start` (embedded) or "
            "`docker compose up -d`, or point NEO4J_URI at your server"
        )
    if "DatabaseNotFound" in code:
        return StoreError(f"database {settings.database!r} does not exist on {settings.uri}; check NEO4J_DATABASE")
    if "SyntaxError" in code:
        return StoreError(f"Cypher syntax error: {message}")
    if "ParameterMissing" in code:
        return StoreError(f"{message}; pass it with -p name=value")
    if isinstance(exc, (ne.ConfigurationError, ValueError, TypeError)):
        return StoreError(f"the driver cannot use {settings.uri}: {message}")
    if isinstance(exc, (ne.SessionExpired, ne.TransactionError, ne.ResultError)) or not code:
        return StoreError(f"the connection to Neo4j at {settings.uri} failed: {message or type(exc).__name__}")
    return StoreError(f"Neo4j error {code}: {message}")


class _OneLine(logging.Handler):
    """The driver logs each retry as a warning (a dozen when a server dies mid-load): say it once,
    readably; leave out its reports of a broken connection (the command's own error says so);
    any other warning once per text, on one line."""

    def __init__(self) -> None:
        super().__init__()
        self.said: set[str] = set()
        self.retry_seconds = DEFAULT_RETRY_SECONDS

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.WARNING:
            return
        try:
            text = " ".join(record.getMessage().split())
        except Exception:  # noqa: BLE001 - a record that cannot format itself is not worth a traceback
            text = str(record.msg)
        if "<CONNECTION>" in text or "defunct connection" in text or text.startswith("Unable to retrieve routing information"):
            return  # a broken connection or no routing table: the error the command then stops with says it, once
        if "retried" in text:
            line = f"warning: Neo4j is not answering; retrying for up to {self.retry_seconds:g} s"
        else:
            line = f"warning: Neo4j driver: {text}"
        if line not in self.said:
            self.said.add(line)
            print(line, file=sys.stderr, flush=True)


def quiet_driver_logs(retry_seconds: float = DEFAULT_RETRY_SECONDS) -> None:
    """Route the driver's log records to one readable line (installed once per process)."""
    logger = logging.getLogger("neo4j")
    handler = next((h for h in logger.handlers if isinstance(h, _OneLine)), None)
    if handler is None:
        handler = _OneLine()
        logger.addHandler(handler)
        logger.propagate = False
    handler.said.clear()
    handler.retry_seconds = retry_seconds


def connect(settings: Settings):
    """A verified driver; raises StoreError with a hint when the server cannot be used."""
    from neo4j import GraphDatabase

    quiet_driver_logs(settings.retry_seconds)
    try:
        driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password), max_transaction_retry_time=settings.retry_seconds)
    except Exception as exc:
        raise explain(exc, settings) from None
    try:
        driver.verify_connectivity()
        if settings.database:
            with driver.session(database=settings.database) as probe:
                probe.run("RETURN 1").consume()
    except Exception as exc:
        driver.close()
        raise (_without_routing(exc, settings) or explain(exc, settings)) from None
    return driver


def _without_routing(exc: Exception, settings: Settings) -> StoreError | None:
    """For a neo4j:// URI whose server gave no routing table: if the same address answers
    bolt://, say so (a single server with routing off); the driver itself only says it could not
    retrieve routing information, as it does for a server that is not there at all."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import ServiceUnavailable

    scheme, _, rest = settings.uri.partition("://")
    if not isinstance(exc, ServiceUnavailable) or not scheme.startswith("neo4j"):
        return None
    direct = "bolt" + scheme[len("neo4j"):] + "://" + rest.split("?", 1)[0]
    try:
        with GraphDatabase.driver(direct, auth=(settings.user, settings.password), connection_timeout=5) as probe:
            probe.verify_connectivity()
    except Exception:  # noqa: BLE001 - not there at all: the usual message says so
        return None
    return StoreError(f"Neo4j at {settings.uri} answers but gives no routing table (routing is off); use {direct} for a single server")


@contextlib.contextmanager
def translated(settings: Settings) -> Iterator[None]:
    """Driver and server errors raised inside come out as one-line StoreErrors."""
    try:
        yield
    except ExplorerError:
        raise
    except Exception as exc:
        from neo4j.exceptions import DriverError, Neo4jError

        if isinstance(exc, (Neo4jError, DriverError, ConnectionError, TimeoutError)):
            raise explain(exc, settings) from None
        raise


@contextlib.contextmanager
def session(settings: Settings, driver=None, *, read_only: bool = False, **kwargs) -> Iterator:
    """A session on the configured database (READ_ACCESS with `read_only`); driver errors come out
    as StoreError."""
    own = driver is None
    driver = driver or connect(settings)
    if read_only:
        from neo4j import READ_ACCESS

        kwargs["default_access_mode"] = READ_ACCESS
    try:
        with translated(settings), driver.session(database=settings.database, **kwargs) as opened:
            yield opened
    finally:
        if own:
            driver.close()
