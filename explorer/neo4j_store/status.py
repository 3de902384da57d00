"""What `db status` reports: the server, counts by label and type, constraints, datasets loaded."""

from __future__ import annotations

from typing import Any

from .. import schema
from .connection import connect, explain, translated
from .readback import is_complete, loaded_datasets
from .settings import Settings

__all__ = ["database_status"]


def database_status(settings: Settings) -> dict[str, Any]:
    driver = connect(settings)
    try:
        with translated(settings):
            return _status(driver, settings)
    finally:
        driver.close()


def _status(driver, settings: Settings) -> dict[str, Any]:
    info = driver.get_server_info()
    from neo4j import READ_ACCESS

    with driver.session(database=settings.database, default_access_mode=READ_ACCESS) as session:
        labels = {}
        for label in schema.store_labels():  # labels from the registry only
            labels[label] = session.run(f"MATCH (n:{label}) RETURN count(n) AS c").single()["c"]
        types = {}
        for type_name in schema.REL_TYPES:
            count = session.run(f"MATCH ()-[r:{type_name}]->() RETURN count(r) AS c").single()["c"]
            if count:
                types[type_name] = count
        try:
            constraints = sorted(str(r.get("name")) for r in session.run("SHOW CONSTRAINTS"))
        except Exception as exc:  # a server without SHOW CONSTRAINTS still reports the rest
            constraints = [f"(not listed: {explain(exc, settings)})"]
        datasets = loaded_datasets(session)
    return {
        "address": settings.where,
        "agent": info.agent,
        "labels": {k: v for k, v in labels.items() if v},
        "types": types,
        "constraints": constraints,
        "datasets": [
            {"id": d["id"], "title": d.get("title"), "loaded_at": d.get("loaded_at"), "complete": is_complete(d),
             "load_state": d.get("load_state") or ("complete" if d.get("loaded_at") else "in_progress"), "load_started": d.get("load_started")}
            for d in datasets
        ],
    }
