"""Neo4j as a backend: settings, a batched idempotent loader, read-back, queries, status.

The `neo4j` driver is imported only inside functions, so importing this package stays cheap.
"""

from __future__ import annotations

from .connection import StoreError, WriteRefused, connect, session, translated
from .settings import Settings

__all__ = ["Settings", "settings_from_env", "configured", "StoreError", "WriteRefused", "connect", "session", "translated", "read_graph"]


def settings_from_env(**overrides) -> Settings:
    return Settings.from_env(**overrides)


def configured(*, uri: str | None = None, user: str | None = None, password: str | None = None, database: str | None = None, folder=None):
    """(settings, embedded server info or None): flags and NEO4J_* variables, or, when neither
    names a server (no --uri, no NEO4J_URI), the embedded server of `regime-explorer db start`
    if it runs (from `folder`, default `embedded.data_dir()`); else bolt://localhost:7687."""
    import os

    if not uri and not os.environ.get("NEO4J_URI"):
        from . import embedded

        info = embedded.running(folder)
        if info is not None:
            return info.settings(database or os.environ.get("NEO4J_DATABASE") or None), info
    return Settings.from_env(uri=uri, user=user, password=password, database=database), None


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

