"""Neo4j as a backend: settings, a batched idempotent loader, read-back, queries, status.

The `neo4j` driver is imported only inside functions, so importing this package stays cheap.
"""

from __future__ import annotations

from .connection import StoreError, WriteRefused, connect, session, translated
from .settings import Settings

__all__ = ["Settings", "settings_from_env", "StoreError", "WriteRefused", "connect", "session", "translated", "read_graph"]


def settings_from_env(**overrides) -> Settings:
    return Settings.from_env(**overrides)


def read_graph(settings: Settings, dataset: str | None = None, *, allow_partial: bool = False):
    """The graph of a loaded dataset, identical to the one the data files give (a dataset whose
    last load did not finish is refused unless `allow_partial`)."""
    from .readback import read_graph_from

    driver = connect(settings)
    try:
        with translated(settings):
            return read_graph_from(driver, settings.database, dataset, allow_partial=allow_partial)
    finally:
        driver.close()

