"""`regime-explorer db start / stop / status` and the commands that use the embedded server, from a
clean state: a fresh folder, real processes, the real server (no NEO4J_URI)."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.dataset import load_dataset
from explorer.graph import build_graph
from explorer.neo4j_store import embedded

pytestmark = pytest.mark.bolt


@pytest.fixture
def folder(tmp_path: Path):
    pytest.importorskip("arcadedb_embedded", reason="the [embedded] extra (arcadedb-embedded) is not installed")
    root = tmp_path / "db"
    yield root
    embedded.stop(root)  # a test that failed half-way leaves no server behind


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env[embedded.DIR_ENV] = str(folder)
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True, env=env, timeout=300)


def answers(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_start_load_query_stop_from_a_clean_state(folder):
    assert not folder.exists()
    before = run(folder, "db", "stop")
    assert before.returncode == 0 and "not running" in before.stdout

    started = run(folder, "db", "start", "--port", "0")
    assert started.returncode == 0, started.stderr
    info = embedded.running(folder)
    assert info is not None and answers(info.bolt_port)
    assert started.stdout.startswith(f"embedded server started at bolt://127.0.0.1:{info.bolt_port} (user root, database neo4j;")
    secret = (folder / "password").read_text().strip()
    assert len(secret) >= 24 and stat.S_IMODE((folder / "password").stat().st_mode) == 0o600
    again = run(folder, "db", "start", "--port", "0")
    assert again.returncode == 0 and "already running" in again.stdout and embedded.running(folder) == info

    loaded = run(folder, "load", "--format", "json")
    assert loaded.returncode == 0, loaded.stderr
    graph = build_graph(load_dataset())
    records = graph.number_of_nodes() + graph.number_of_edges() + len(graph.graph["sources"]) + 1
    assert json.loads(loaded.stdout)["totals"]["created"] == records
    note = f"using the embedded server at bolt://127.0.0.1:{info.bolt_port} (regime-explorer db start); set NEO4J_URI for another server\n"
    assert loaded.stderr == note

    asked = run(folder, "query", "loyalty_path_at", "-p", 'people=["manaf-tlass"]', "-p", "core=bashar-al-assad", "-p", "at=2012-06-30", "-p", "chain=true", "--format", "json")
    assert asked.returncode == 0, asked.stderr
    assert asked.stderr == note
    rows = json.loads(asked.stdout)
    assert [row["person"] for row in rows] == ["manaf-tlass"] and rows[0]["distance"] >= 1

    status = run(folder, "db", "status")
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith(f"embedded server: running at bolt://127.0.0.1:{info.bolt_port} (pid {info.pid}; data in {folder})")
    assert "datasets: syria-2012 (loaded " in status.stdout

    for result in (started, again, loaded, asked, status):
        assert secret not in result.stdout + result.stderr

    stopped = run(folder, "db", "stop")
    assert stopped.returncode == 0 and stopped.stdout == f"embedded server stopped (was at bolt://127.0.0.1:{info.bolt_port})\n"
    assert embedded.running(folder) is None and not answers(info.bolt_port)
    assert not (folder / "server.json").exists()

    # its data stays: started again, the load finds everything unchanged
    restarted = run(folder, "db", "start", "--port", "0")
    assert restarted.returncode == 0, restarted.stderr
    reloaded = run(folder, "load", "--format", "json")
    assert json.loads(reloaded.stdout)["totals"]["unchanged"] == records
    assert run(folder, "db", "stop").returncode == 0


def test_without_a_server_the_commands_say_how_to_start_one(folder):
    status = run(folder, "db", "status")
    assert status.returncode == 1
    assert status.stdout == "embedded server: not running (`regime-explorer db start` starts it)\n"
    assert "start one with `regime-explorer db start` (embedded)" in status.stderr
    assert "Traceback" not in status.stderr


def test_a_taken_port_is_a_clear_error(folder):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = run(folder, "db", "start", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr == f"Error: port {port} of 127.0.0.1 is in use; pass --port N (0 picks a free one)\n"
    assert embedded.running(folder) is None


def test_the_folder_defaults_to_the_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv(embedded.DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert embedded.data_dir() == tmp_path / "xdg" / "regime-explorer" / "db"
    monkeypatch.setenv(embedded.DIR_ENV, str(tmp_path / "mine"))
    assert embedded.data_dir() == tmp_path / "mine"
    assert embedded.data_dir(tmp_path / "flag") == tmp_path / "flag"
