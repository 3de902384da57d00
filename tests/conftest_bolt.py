"""The `bolt` fixture: a real Bolt + Cypher server for the whole test session.

With NEO4J_URI set, the tests use that server (for example the one from `docker compose up`).
Otherwise they start the embedded ArcadeDB server of `tests/bolt_server.py` in a subprocess on a
free localhost port and stop it at the end. Locally a missing server skips the tests; under
CI=true it fails them (see conftest.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer.neo4j_store import Settings

STARTUP_SECONDS = 120


def _start_embedded(root: Path) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("bolt_server.py")), str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=root,  # the server writes its log/ folder into its working directory
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        if line.startswith("READY "):
            return process, int(line.split()[1])
    process.kill()
    raise RuntimeError("the embedded Bolt server did not start (is arcadedb-embedded installed? pip install -e '.[test]')")


@pytest.fixture(scope="session")
def bolt(tmp_path_factory) -> Settings:
    """Connection settings of a live Bolt server (the database is wiped between test modules)."""
    if os.environ.get("NEO4J_URI"):
        yield Settings.from_env()
        return
    try:
        import arcadedb_embedded  # noqa: F401
    except ImportError:
        pytest.skip("arcadedb-embedded is not installed and NEO4J_URI is not set")
    try:
        process, port = _start_embedded(tmp_path_factory.mktemp("arcadedb"))
    except RuntimeError as exc:
        pytest.skip(str(exc))
    from bolt_server import ROOT_PASSWORD

    settings = Settings(uri=f"bolt://127.0.0.1:{port}", user="root", password=ROOT_PASSWORD, database="neo4j")
    _wait_for_bolt(settings)
    yield settings
    process.stdin.close()  # the server stops when its stdin closes
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def _wait_for_bolt(settings: Settings) -> None:
    from explorer.neo4j_store import StoreError, connect

    deadline = time.monotonic() + 30
    while True:
        try:
            connect(settings).close()
            return
        except StoreError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture
def empty_db(bolt) -> Settings:
    """The server with every node and relationship removed first."""
    from explorer.neo4j_store import session

    with session(bolt) as opened:
        opened.run("MATCH (n) DETACH DELETE n").consume()
    return bolt
