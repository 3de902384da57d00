"""The CLI under hostile conditions: every failure is one line with the right exit code, no
traceback, no password, no raw terminal control; loads say what they really did.

Output failures are generated for every writing command and every way a path can be unwritable;
the Neo4j cases run against the real Bolt server fixture.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.dataset import bundled_path, load_dataset
from explorer.graph import build_graph
from explorer.neo4j_store import connect, session

from test_neo4j_cli import env

ESC_TITLE = "\x1b]0;pwned\x07"


def one_line_error(result, code: int = 1) -> bool:
    lines = result.output.strip().splitlines()
    return (
        result.exit_code == code
        and isinstance(result.exception, SystemExit)
        and len(lines) == 1
        and lines[0].startswith("Error: ")
        and "Traceback" not in result.output
    )


# --- output paths that cannot be written --------------------------------------------------------

FILE_COMMANDS = {  # writes one file at -o
    "export loyalty": ["export", "loyalty", "-o"],
    "export cracks": ["export", "cracks", "-o"],
    "export ego": ["export", "ego", "Manaf Tlass", "-o"],
    "export json": ["export", "json", "-o"],
    "export graphml": ["export", "graphml", "-o"],
    "export gexf": ["export", "gexf", "-o"],
    "export ftm": ["export", "ftm", "-o"],
    "ftm export": ["ftm", "export", "-o"],
    "demo synth -o": ["demo", "synth", "--people", "20", "-o"],
}
FOLDER_COMMANDS = {  # writes a folder
    "export all": ["export", "all", "-o"],
    "demo synth --data-out": ["demo", "synth", "--people", "20", "--data-out"],
    "import ftm": ["import", "ftm", "{ftm}", "-o"],
}


def unwritable(tmp_path: Path, folder: bool) -> dict[str, str]:
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    a_folder = tmp_path / "a-folder"
    a_folder.mkdir(exist_ok=True)
    cases = {
        "under a file": str(a_file / "out"),
        "under a file, deeper": str(a_file / "sub" / "out"),
        "a read-only place": "/sys/regime-explorer-out" if os.path.isdir("/sys/kernel") else None,
        "/dev/full": "/dev/full",
    }
    if os.geteuid() != 0:  # root writes through permissions; /sys stands in for it then
        ro = tmp_path / "read-only"
        ro.mkdir(exist_ok=True)
        ro.chmod(0o555)
        cases["a read-only folder"] = str(ro / "out")
    if folder:
        cases["a file where a folder is wanted"] = str(a_file)
    else:
        cases["a folder where a file is wanted"] = str(a_folder)
    return {k: v for k, v in cases.items() if v}


@pytest.fixture(scope="module")
def ftm_file(tmp_path_factory) -> str:
    pytest.importorskip("followthemoney")
    from click.testing import CliRunner

    path = tmp_path_factory.mktemp("ftm") / "data.ftm.json"
    assert CliRunner().invoke(main, ["ftm", "export", "-o", str(path)]).exit_code == 0
    return str(path)


def test_every_output_failure_of_every_writing_command_is_one_line_naming_the_path(runner, tmp_path, ftm_file):
    tried, failures = 0, []
    for commands, folder in ((FILE_COMMANDS, False), (FOLDER_COMMANDS, True)):
        for name, args in commands.items():
            for case, target in unwritable(tmp_path, folder).items():
                argv = [a.replace("{ftm}", ftm_file) for a in args] + [target]
                result = runner.invoke(main, argv)
                tried += 1
                named = target in result.output or os.path.dirname(target) in result.output
                if not (one_line_error(result) and named):
                    failures.append((name, case, result.exit_code, result.output))
    print(f"\n{tried} output failure cases, {tried - len(failures)} one line")
    assert failures == []
    assert tried >= 50


@pytest.mark.bolt
def test_every_output_failure_of_query_is_one_line_naming_the_path(runner, bolt, tmp_path):
    with session(bolt) as opened:
        opened.run("MATCH (n) DETACH DELETE n").consume()
    assert runner.invoke(main, ["load"], env=env(bolt)).exit_code == 0
    drawn = "MATCH p = (:Person {id: 'manaf-tlass'})-[]-() RETURN p LIMIT 3"
    cases = {**unwritable(tmp_path, folder=False), "a missing folder under a file": str(tmp_path / "a-file" / "missing" / "q.html")}
    for case, target in cases.items():
        result = runner.invoke(main, ["query", "--cypher", drawn, "-o", target, "--format", "json"], env=env(bolt))
        error = result.output.strip().splitlines()[-1]
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (case, result.output)
        assert error.startswith(f"Error: cannot write {target}: "), (case, error)
    made = tmp_path / "missing" / "q.html"
    assert runner.invoke(main, ["query", "--cypher", drawn, "-o", str(made)], env=env(bolt)).exit_code == 0 and made.is_file()


def test_a_missing_folder_is_created_for_a_file_output(runner, tmp_path):
    out = tmp_path / "missing" / "deeper" / "graph.json"
    result = runner.invoke(main, ["export", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_the_os_reason_is_named(runner, tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    under = runner.invoke(main, ["export", "json", "-o", str(tmp_path / "a-file" / "graph.json")])
    assert under.output == f"Error: cannot write {tmp_path / 'a-file' / 'graph.json'}: {tmp_path / 'a-file'} is a file, not a folder\n"
    full = runner.invoke(main, ["ftm", "export", "-o", "/dev/full"])
    assert full.output == "Error: cannot write /dev/full: No space left on device\n"


# --- parameters -------------------------------------------------------------------------------

@pytest.mark.parametrize("param, message", [
    ("x=date:2012-13-45", "Error: parameter x: '2012-13-45' is not a date; write date:YYYY-MM-DD, e.g. date:2012-07-05"),
    ("x=date:", "Error: parameter x: '' is not a date; write date:YYYY-MM-DD, e.g. date:2012-07-05"),
    ("x=date:2012-07", "Error: parameter x: '2012-07' is not a date; write date:YYYY-MM-DD, e.g. date:2012-07-05"),
    ("x=99999999999999999999999", "Error: parameter x: 99999999999999999999999 does not fit a 64-bit integer, the largest Bolt carries"),
    ("x=-9223372036854775809", "Error: parameter x: -9223372036854775809 does not fit a 64-bit integer, the largest Bolt carries"),
    ("x=[1, 99999999999999999999999]", "Error: parameter x: 99999999999999999999999 does not fit a 64-bit integer, the largest Bolt carries"),
])
def test_a_bad_parameter_is_one_line_before_any_server_is_asked(runner, param, message):
    result = runner.invoke(main, ["query", "--cypher", "RETURN $x AS x", "-p", param], env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert one_line_error(result) and result.output.strip() == message


def test_a_repeated_parameter_is_an_error(runner):
    result = runner.invoke(main, ["query", "--cypher", "RETURN $x AS x", "-p", "x=1", "-p", "x=2"], env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert one_line_error(result) and result.output == "Error: parameter x is given twice; give each -p name once\n"


@pytest.mark.bolt
@pytest.mark.parametrize("param, value", [
    ("x=007", "007"),
    ("x=-007", "-007"),
    ("x=0", 0),
    ("x=9223372036854775807", 9223372036854775807),
    ("x=-9223372036854775808", -9223372036854775808),
    ("x=1.50", 1.5),
    ("x=[NaN]", "[NaN]"),
    ("x=2012-07-05", "2012-07-05"),
    ("x=date:2012-07-05", "2012-07-05"),
])
def test_parameters_keep_what_they_mean(runner, bolt, param, value):
    result = runner.invoke(main, ["query", "--cypher", "RETURN $x AS x", "-p", param, "--format", "json"], env=env(bolt))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"x": value}]


# --- secrets and connection errors ------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CONNECTING = [["db", "status"], ["load"], ["query", "--cypher", "RETURN 1"], ["export", "json", "--source", "neo4j", "-o", "x.json"]]


@pytest.mark.parametrize("command, how", [(c, h) for c in CONNECTING for h in ("env", "flag") if not (c[0] == "export" and h == "flag")])  # export reads NEO4J_* only
def test_a_password_in_the_uri_is_never_printed(runner, how, command, tmp_path):
    uri = f"bolt://root:secretpw-in-uri@127.0.0.1:{_free_port()}"
    args = [str(tmp_path / a) if a == "x.json" else a for a in command] + (["--uri", uri] if how == "flag" else [])
    result = runner.invoke(main, args, env={"NEO4J_URI": uri} if how == "env" else {})
    assert one_line_error(result), result.output
    assert "secretpw" not in result.output
    assert "cannot reach Neo4j at bolt://127.0.0.1:" in result.output


@pytest.mark.parametrize("uri, message", [
    ("bolt://127.0.0.1:1?x=1", "a bolt:// URI takes no ?query"),
    ("bolt://root:secretpw@127.0.0.1:99999", "is not a valid URI (Port out of range"),
    ("bolt://", "names no host"),
    ("http://root:secretpw@localhost:7474", "must start with one of: bolt://"),
])
def test_a_malformed_uri_is_one_line_without_the_password(runner, uri, message):
    result = runner.invoke(main, ["db", "status"], env={"NEO4J_URI": uri})
    assert one_line_error(result) and message in result.output
    assert "secretpw" not in result.output


@pytest.mark.bolt
def test_credentials_in_the_uri_log_in_and_stay_hidden(runner, bolt):
    uri = bolt.uri.replace("://", f"://{bolt.user}:{bolt.password}@")
    result = runner.invoke(main, ["db", "status"], env={"NEO4J_URI": uri, "NEO4J_PASSWORD": "", "NEO4J_DATABASE": bolt.database or ""})
    assert result.exit_code == 0, result.output
    assert bolt.password not in result.output
    echoed = runner.invoke(main, ["query", "--cypher", f"RETURN '{bolt.password}' AS p, $u AS u", "-p", f"u={uri}"], env=env(bolt))
    assert echoed.exit_code == 0 and bolt.password not in echoed.output and "***" in echoed.output


def test_driver_retry_warnings_become_one_line(capfd):
    from explorer.neo4j_store.connection import quiet_driver_logs

    quiet_driver_logs()
    for attempt in range(12):
        logging.getLogger("neo4j").warning("Transaction failed and will be retried in %ss (%s)", attempt, "Connection refused")
    for attempt in range(3):
        logging.getLogger("neo4j.pool").warning("Routing table\nstale %s", "x")
    err = capfd.readouterr().err
    assert err.splitlines() == ["warning: Neo4j is not answering; retrying for up to 15 s", "warning: Neo4j driver: Routing table stale x"]


# --- terminal control characters from data ----------------------------------------------------

def test_escape_sequences_in_names_do_not_reach_the_terminal(runner, data_copy):
    _escaped_name(data_copy)
    for args in (["show", "manaf-tlass"], ["stats"], ["loyalty", "manaf-tlass", "--at", "2012-06-01"], ["show", f"no such {ESC_TITLE}"]):
        result = runner.invoke(main, ["--data", str(data_copy), *args])
        assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output, args
    shown = runner.invoke(main, ["--data", str(data_copy), "show", "manaf-tlass"])
    assert "Manaf\\x1b]0;pwned\\x07\\u202e Tlass" in shown.output


@pytest.mark.bolt
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_escape_sequences_in_query_results_are_escaped(runner, bolt, fmt):
    result = runner.invoke(main, ["query", "--cypher", "RETURN $name AS name", "-p", f"name={ESC_TITLE}", "--format", fmt], env=env(bolt))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def _escaped_name(data: Path) -> None:
    people = (data / "people.yaml").read_text(encoding="utf-8")
    (data / "people.yaml").write_text(people.replace("name: Manaf Tlass", 'name: "Manaf\\e]0;pwned\\a\\u202e Tlass"', 1), encoding="utf-8")


def test_escape_sequences_are_escaped_when_piped_too(data_copy):
    """A real process whose stdout and stderr are pipes, not a terminal."""
    _escaped_name(data_copy)
    child_env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    for args in (["show", "manaf-tlass"], ["path", "manaf-tlass", "mustafa-tlass"], ["show", f"nobody{ESC_TITLE}"]):
        done = subprocess.run([sys.executable, "-m", "explorer", "--data", str(data_copy), *args], capture_output=True, env=child_env, timeout=120)
        both = done.stdout + done.stderr
        assert b"\x1b" not in both and b"\x07" not in both and "\u202e".encode() not in both, args
        assert b"Traceback" not in both
    shown = subprocess.run([sys.executable, "-m", "explorer", "--data", str(data_copy), "show", "manaf-tlass"], capture_output=True, env=child_env, timeout=120)
    assert b"Manaf\\x1b]0;pwned\\x07\\u202e Tlass" in shown.stdout


def test_an_unexpected_error_is_one_line_and_masks_uris(runner, monkeypatch):
    import explorer.commands.data as data

    def boom(*args, **kwargs):
        raise RuntimeError("bolt://neo4j:hunter2hunter2@db:7687 broke\nsecond line")

    monkeypatch.setattr(data, "load", boom)
    result = runner.invoke(main, ["stats"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output == "Error: unexpected RuntimeError: bolt://neo4j:***@db:7687 broke second line (set REGIME_EXPLORER_DEBUG=1 for the traceback)\n"


# --- loads that tell the truth -----------------------------------------------------------------

@pytest.fixture
def cli(runner, empty_db):
    def invoke(*args, **overrides):
        return runner.invoke(main, list(args), env=env(empty_db, **overrides))

    return invoke


def _records() -> int:
    graph = build_graph(load_dataset())
    return graph.number_of_nodes() + graph.number_of_edges() + len(graph.graph["sources"]) + 1


def _status(cli) -> dict:
    return json.loads(cli("db", "status", "--format", "json").output)


@pytest.mark.bolt
def test_load_asks_the_server_before_validating(runner, tmp_path):
    (tmp_path / "people.yaml").write_text("- id: a\n  name: A\n- id: a\n  name: B\n", encoding="utf-8")
    result = runner.invoke(main, ["--data", str(tmp_path), "load"], env={"NEO4J_URI": f"bolt://127.0.0.1:{_free_port()}"})
    assert one_line_error(result) and "cannot reach Neo4j" in result.output


@pytest.mark.bolt
@pytest.mark.parametrize("signum, code, phase", [
    (signal.SIGINT, 130, "relationships"),
    (signal.SIGTERM, 143, "nodes"),
    (signal.SIGINT, 130, "inside a driver transaction"),
])
def test_a_signal_during_load_is_one_line_and_the_dataset_is_marked_incomplete(cli, monkeypatch, tmp_path, signum, code, phase):
    import explorer.commands.neo4j as commands
    import explorer.neo4j_store.loader as loader
    from explorer import schema

    def signal_in_phase(fmt):
        def on_batch(batch, number, total):
            if phase != "inside a driver transaction" and (batch.what in schema.REL_TYPES) == (phase == "relationships") and number > 1:
                signal.raise_signal(signum)

        return on_batch

    monkeypatch.setattr(commands, "_progress", signal_in_phase)
    if phase == "inside a driver transaction":  # each batch's ownership check runs inside its transaction
        calls, real_check = [], loader._still_mine

        def signal_then_check(result, dataset):
            calls.append(1)
            if len(calls) == 8:
                signal.raise_signal(signum)
            return real_check(result, dataset)

        monkeypatch.setattr(loader, "_still_mine", signal_then_check)
    stopped = cli("load", "--batch-size", "20")
    assert stopped.exit_code == code and isinstance(stopped.exception, SystemExit)
    assert stopped.output.strip().splitlines() == [f"Interrupted ({signal.Signals(signum).name}): stopped before finishing; the load did not finish (db status shows it incomplete); run load again"]
    status = cli("db", "status")
    assert "syria-2012 (incomplete: a load started at " in status.output and "did not finish; run load again)" in status.output
    refused = cli("export", "json", "--source", "neo4j", "-o", str(tmp_path / "partial.json"))
    assert one_line_error(refused) and "dataset syria-2012 is incomplete" in refused.output and not (tmp_path / "partial.json").exists()
    partial = cli("export", "json", "--source", "neo4j", "--allow-partial", "-o", str(tmp_path / "partial.json"))
    assert partial.exit_code == 0 and partial.output.startswith("WARNING: dataset syria-2012 is incomplete")
    monkeypatch.setattr(commands, "_progress", lambda fmt: None)
    monkeypatch.undo()
    again = cli("load", "--format", "json")  # no --force needed: the stopped load marked itself
    assert again.exit_code == 0, again.output
    totals = json.loads(again.output)["totals"]
    assert totals["created"] + totals["unchanged"] == _records() and totals["created"] > 0
    assert _status(cli)["datasets"][0]["complete"] is True


@pytest.mark.bolt
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_to_a_real_loading_process_is_one_line(empty_db, signum, code):
    """The process is signalled once the database shows its load under way (polled, no fixed wait)."""
    child_env = {**os.environ, **env(empty_db), "PYTHONPATH": str(Path(__file__).parents[1])}
    child = subprocess.Popen([sys.executable, "-m", "explorer", "load", "--batch-size", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env, text=True)
    try:
        deadline = time.monotonic() + 120
        while child.poll() is None and time.monotonic() < deadline:
            with session(empty_db) as opened:
                if opened.run("MATCH (p:Person) RETURN count(p) AS c").single()["c"] > 0:
                    break
            time.sleep(0.02)
        assert child.poll() is None, "the load ended before it could be signalled: " + child.communicate()[1]
        child.send_signal(signum)
        out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == code, err
    assert err.strip().splitlines() == [f"Interrupted ({signal.Signals(signum).name}): stopped before finishing; the load did not finish (db status shows it incomplete); run load again"]
    with session(empty_db) as opened:
        state = opened.run("MATCH (d:Dataset) RETURN d.load_state AS s").single()["s"]
    assert state == "interrupted"


class CuttableLink:
    """A real TCP link to the server that the test can cut, as a dying server or network would."""

    def __init__(self, port: int):
        self.target = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.is_cut = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.is_cut:
                client.close()
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        self.is_cut = True
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() on Linux
        except OSError:
            pass
        self.listener.close()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


@pytest.mark.bolt
@pytest.mark.parametrize("phase, under_way", [
    ("planning", "MATCH (d:Dataset {load_state: 'in_progress'}) RETURN count(d) AS c"),
    ("writing", "MATCH (n) WHERE NOT n:Dataset RETURN count(n) AS c"),  # inside managed transactions, which the driver retries
])
def test_a_server_lost_mid_load_gives_one_warning_and_one_error(empty_db, phase, under_way):
    from urllib.parse import urlsplit

    link = CuttableLink(urlsplit(empty_db.uri).port)
    child_env = {**os.environ, **env(empty_db, NEO4J_URI=f"bolt://127.0.0.1:{link.port}"), "PYTHONPATH": str(Path(__file__).parents[1])}
    child_env["NEO4J_RETRY_SECONDS"] = "3"  # the window the warning names; 15 s by default
    child = subprocess.Popen([sys.executable, "-m", "explorer", "load", "--batch-size", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env, text=True)
    try:
        deadline = time.monotonic() + 120
        while child.poll() is None and time.monotonic() < deadline:
            with session(empty_db) as opened:
                if opened.run(under_way).single()["c"] > 0:
                    break
            time.sleep(0.02)
        link.cut()
        out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    lines = err.strip().splitlines()
    assert child.returncode == 1, err
    # where the link was cut decides whether the driver retried: at most one warning, then one error
    retried = ["warning: Neo4j is not answering; retrying for up to 3 s"]
    assert lines[:-1] == retried if phase == "writing" else lines[:-1] in ([], retried), err
    assert lines[-1].startswith("Error: ") and "Neo4j" in lines[-1] and "Traceback" not in err


@pytest.mark.bolt
def test_a_second_load_while_one_runs_is_refused_and_force_takes_over(cli, empty_db):
    from explorer.neo4j_store.loader import begin_load

    driver = connect(empty_db)
    try:
        marker = begin_load(driver, empty_db.database, "syria-2012")
    finally:
        driver.close()
    refused = cli("load")
    assert one_line_error(refused)
    assert refused.output == (
        f"Error: another load of syria-2012 started at {marker['load_started']} is still running (last write "
        f"{refused.output.split('(last write ')[1].split(')')[0]}); wait for it to finish, or if it is gone, run load --force to take over\n"
    )
    assert _status(cli)["labels"] == {"Dataset": 1}  # nothing but the marker
    forced = cli("load", "--force", "--format", "json")
    assert forced.exit_code == 0, forced.output
    assert json.loads(forced.output)["totals"]["created"] == _records()
    assert _status(cli)["datasets"][0]["load_state"] == "complete"


@pytest.mark.bolt
def test_a_load_that_was_taken_over_stops_without_writing_its_batch(cli, empty_db, monkeypatch):
    import explorer.commands.neo4j as commands
    from explorer.neo4j_store.loader import begin_load

    committed, forced = [], {}

    def take_over(fmt):
        def on_batch(batch, number, total):
            committed.append(len(batch.rows))
            if number == 2:  # another loader forces its way in while this one runs
                driver = connect(empty_db)
                try:
                    forced.update(begin_load(driver, empty_db.database, "syria-2012", force=True))
                finally:
                    driver.close()

        return on_batch

    monkeypatch.setattr(commands, "_progress", take_over)
    stopped = cli("load", "--batch-size", "20")
    assert one_line_error(stopped)
    assert stopped.output == "Error: another load of syria-2012 took over (load --force); this one stopped\n"
    with session(empty_db) as opened:  # nothing of the third batch was written
        written = opened.run("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) + count(r) AS c").single()["c"]
        token = opened.run("MATCH (d:Dataset) RETURN d.load_token AS token").single()["token"]
    assert written == sum(committed) and len(committed) == 2
    assert token == forced["load_token"]


@pytest.mark.bolt
def test_concurrent_loads_count_each_row_once_and_fail_in_plain_words(empty_db):
    command = [sys.executable, "-m", "explorer", "load", "--format", "json"]
    child_env = {**os.environ, **env(empty_db), "PYTHONPATH": str(Path(__file__).parents[1])}
    children = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env, text=True) for _ in range(3)]
    outcomes = [(child.wait(timeout=300), *child.communicate()) for child in children]
    created = 0
    for code, out, err in outcomes:
        assert "Traceback" not in err and "Duplicated" not in err and "secret" not in err
        if code == 0:
            created += json.loads(out)["totals"]["created"]
        else:
            assert code == 1 and err.startswith("Error: another load of syria-2012 started at ") and len(err.strip().splitlines()) == 1, err
    assert any(code == 0 for code, _, _ in outcomes)
    assert created == _records()  # each row counted created once, by the load that wrote it
    with session(empty_db) as opened:
        assert opened.run("MATCH (n) RETURN count(n) AS c").single()["c"] == _records() - build_graph(load_dataset()).number_of_edges()


@pytest.mark.bolt
def test_a_numeric_tie_id_is_refused_before_anything_is_loaded(cli, data_copy, empty_db):
    ties = (data_copy / "ties.yaml").read_text(encoding="utf-8")
    (data_copy / "ties.yaml").write_text(ties.replace("- type: PARENT_OF\n", "- id: 12345\n  type: PARENT_OF\n", 1), encoding="utf-8")
    result = cli("--data", str(data_copy), "load")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "'id' must be one word of text, not the number 12345" in result.output
    with session(empty_db) as opened:
        assert opened.run("MATCH (n) RETURN count(n) AS c").single()["c"] == 0  # nothing was written