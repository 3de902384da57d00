"""The `bolt` fixture: a real Bolt + Cypher server for the whole test session.

With NEO4J_URI set, the tests use that server (for example the one from `docker compose up`).
Otherwise they start the embedded ArcadeDB server (`explorer.neo4j_store.embedded`, the same code
as `regime-explorer db start`) in a subprocess on a free localhost port, attached to this process
so it stops with it. Locally a missing server skips the tests; under CI=true it fails them (see
conftest.py).
"""

from __future__ import annotations

import os
import subprocess

import pytest

from explorer.neo4j_store import Settings

# A second database on the embedded server, for the tests of --database / NEO4J_DATABASE. With
# NEO4J_URI, name one that exists on that server in NEO4J_SECOND_DATABASE (Neo4j Enterprise).
SECOND_DATABASE = "second"


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """(settings, name of a second database or None) of a live Bolt server."""
    if os.environ.get("NEO4J_URI"):
        yield Settings.from_env(), os.environ.get("NEO4J_SECOND_DATABASE") or None
        return
    try:
        import arcadedb_embedded  # noqa: F401
    except ImportError:
        pytest.skip("arcadedb-embedded is not installed and NEO4J_URI is not set")
    from explorer.neo4j_store import embedded

    try:
        process, info = embedded.spawn(tmp_path_factory.mktemp("arcadedb"), port=0, attached=True, databases=(embedded.DATABASE, SECOND_DATABASE))
    except embedded.EmbeddedError as exc:
        pytest.skip(str(exc))
    yield info.settings(), SECOND_DATABASE
    process.stdin.close()  # the server stops when its stdin closes
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def bolt(bolt_server) -> Settings:
    """Connection settings of a live Bolt server, shared by the session: a test that needs the
    database empty or holding only its own dataset asks for `empty_db` or wipes it itself."""
    return bolt_server[0]


@pytest.fixture
def second_db(bolt_server) -> Settings:
    """The same server's second database, emptied first (skipped on a server without one)."""
    settings, name = bolt_server
    if not name:
        pytest.skip("NEO4J_SECOND_DATABASE names no second database on the server of NEO4J_URI")
    from dataclasses import replace

    from explorer.neo4j_store import session

    other = replace(settings, database=name)
    with session(other) as opened:
        opened.run("MATCH (n) DETACH DELETE n").consume()
    return other


@pytest.fixture
def empty_db(bolt) -> Settings:
    """The server with every node and relationship removed first."""
    from explorer.neo4j_store import session

    with session(bolt) as opened:
        opened.run("MATCH (n) DETACH DELETE n").consume()
    return bolt
