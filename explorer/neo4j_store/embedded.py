"""The embedded database: ArcadeDB's Bolt server (`arcadedb-embedded`, the `[embedded]` extra) run
as a background process of this machine, so a user without Docker or Neo4j can load the record and
run the Cypher queries. The test suite starts the same server the same way.

Everything lives in one folder (`data_dir()`): the server's files, a generated password (mode
0600), `server.json` (process id and ports, written once the server answers) and `server.lock`,
which the server process holds while it runs. Whether a server runs is read from that lock, not
from the process id, so a stale `server.json` after a crash is never mistaken for a live server.
The server listens on 127.0.0.1 only. POSIX only (it uses `fcntl` locks and signals).

Run as a module it is the server process itself:
`python -m explorer.neo4j_store.embedded serve DIR --bolt-port N [--ready-fd FD] [--attached]`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExplorerError
from .settings import Settings

__all__ = [
    "DIR_ENV",
    "DEFAULT_PORT",
    "USER",
    "DATABASE",
    "EmbeddedError",
    "ServerInfo",
    "data_dir",
    "password",
    "running",
    "spawn",
    "start",
    "stop",
    "free_port",
]

DIR_ENV = "REGIME_EXPLORER_DB_DIR"
# One above Neo4j's 7687, so a Neo4j from docker compose and this server can run side by side.
DEFAULT_PORT = 7688
USER = "root"
DATABASE = "neo4j"  # the name the Neo4j tools use by default; the server creates it
HOST = "127.0.0.1"
STARTUP_SECONDS = 120.0
STOP_SECONDS = 60.0
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"


class EmbeddedError(ExplorerError):
    """The embedded server cannot be started, reached or stopped."""


@dataclass(frozen=True)
class ServerInfo:
    """A running embedded server: where it listens and where its files are."""

    root: Path
    pid: int
    bolt_port: int
    http_port: int

    @property
    def uri(self) -> str:
        return f"bolt://{HOST}:{self.bolt_port}"

    def settings(self, database: str | None = None) -> Settings:
        """Connection settings for this server (its generated password, read from its folder)."""
        return Settings(uri=self.uri, user=USER, password=password(self.root), database=database or DATABASE)


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The embedded server's folder: `path`, else $REGIME_EXPLORER_DB_DIR, else
    $XDG_DATA_HOME/regime-explorer/db (~/.local/share/regime-explorer/db)."""
    if path:
        return Path(path).expanduser().absolute()
    if os.environ.get(DIR_ENV):
        return Path(os.environ[DIR_ENV]).expanduser().absolute()
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base).absolute() / "regime-explorer" / "db"


def _files(root: Path) -> dict[str, Path]:
    return {"password": root / "password", "state": root / "server.json", "lock": root / "server.lock", "log": root / "server.log", "server": root / "server"}


def password(root: Path, *, create: bool = False) -> str:
    """The server's root password, generated once and kept in `root/password` (mode 0600)."""
    path = _files(root)["password"]
    if create and not path.exists():
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(secrets.token_urlsafe(24) + "\n")
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise EmbeddedError(f"no password in {root}; start the server with `regime-explorer db start`") from None


def _lock_is_held(root: Path) -> bool:
    """True while a server process holds `root/server.lock` (never on a system without fcntl)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: the embedded server cannot run here, so none runs
        return False
    path = _files(root)["lock"]
    if not path.exists():
        return False
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def running(root: Path | None = None) -> ServerInfo | None:
    """The server running from `root` (default `data_dir()`), or None. Cheap: reads two files."""
    root = data_dir(root)
    if not _lock_is_held(root):
        return None
    try:
        state = json.loads(_files(root)["state"].read_text(encoding="utf-8"))
        return ServerInfo(root, int(state["pid"]), int(state["bolt_port"]), int(state["http_port"]))
    except (OSError, ValueError, KeyError):
        return None  # the lock is held but the server has not said where it listens yet


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return True
    return False


def _require_package() -> None:
    try:
        import arcadedb_embedded  # noqa: F401
    except ImportError:
        raise EmbeddedError("the embedded server needs the [embedded] extra: pip install 'regime-explorer[embedded]'") from None


def spawn(
    root: Path | None = None,
    port: int = DEFAULT_PORT,
    *,
    attached: bool = False,
    databases: tuple[str, ...] = (DATABASE,),
    timeout: float = STARTUP_SECONDS,
) -> tuple[subprocess.Popen, ServerInfo]:
    """Start the server process and return once its Bolt port answers.

    `port` 0 picks a free port. `attached`: the server stops when the returned process's stdin is
    closed (or this process dies), as the tests want; otherwise it runs on in its own session
    until `stop()`. Raises EmbeddedError when it is already running, the port is taken, the
    package is missing or it does not start (the log's last line is quoted).
    """
    _require_package()
    root = data_dir(root)
    if running(root):
        raise EmbeddedError(f"the embedded server is already running from {root}")
    if port and _port_in_use(port):
        raise EmbeddedError(f"port {port} of {HOST} is in use; pass --port N (0 picks a free one)")
    bolt_port = port or free_port()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    password(root, create=True)
    files = _files(root)
    files["server"].mkdir(exist_ok=True, mode=0o700)
    files["state"].unlink(missing_ok=True)
    read_end, write_end = os.pipe()
    command = [sys.executable, "-m", "explorer.neo4j_store.embedded", "serve", str(root), "--bolt-port", str(bolt_port), "--ready-fd", str(write_end)]
    command += [arg for name in databases for arg in ("--database", name)]
    if attached:
        command.append("--attached")
    # the server process runs this very package, wherever it was imported from
    package_root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)}
    with open(files["log"], "ab") as log:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE if attached else subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                cwd=files["server"],  # the server writes its log/ folder into its working directory
                pass_fds=(write_end,),
                start_new_session=not attached,
                env=env,
            )
        finally:
            os.close(write_end)
    try:
        line = _read_line(read_end, process, timeout)
    finally:
        os.close(read_end)
    if not line.startswith("READY"):
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait()
        raise EmbeddedError(f"the embedded server did not start ({_last_log_line(files['log']) or 'no log'}); see {files['log']}")
    info = running(root)
    if info is None or info.pid != process.pid:
        raise EmbeddedError(f"the embedded server started but left no state in {root}")
    return process, info


def _read_line(fd: int, process: subprocess.Popen, timeout: float) -> str:
    """The first line written to `fd`, or "" at end of file, timeout, or the process's exit."""
    deadline = time.monotonic() + timeout
    data = b""
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0:
            return ""
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return ""
        chunk = os.read(fd, 256)
        if not chunk:
            return ""  # the writer closed: the server process ended before it was ready
        data += chunk
    return data.split(b"\n", 1)[0].decode("ascii", "replace")


def _last_log_line(path: Path) -> str:
    try:
        lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    except OSError:
        return ""
    return lines[-1][:300] if lines else ""


def start(root: Path | None = None, port: int = DEFAULT_PORT) -> tuple[ServerInfo, bool]:
    """Start the server in the background unless it runs; (its info, whether this call started it)."""
    info = running(root)
    if info:
        return info, False
    _, info = spawn(root, port)
    return info, True


def stop(root: Path | None = None, timeout: float = STOP_SECONDS) -> ServerInfo | None:
    """Stop the server running from `root` and wait until it has exited; its info, or None when
    none was running."""
    root = data_dir(root)
    info = running(root)
    if info is None:
        return None
    try:
        pidfd = os.pidfd_open(info.pid)
    except (AttributeError, OSError):
        pidfd = None
    try:
        os.kill(info.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + timeout
    if pidfd is not None:
        try:
            select.select([pidfd], [], [], timeout)  # readable when the process has exited
        finally:
            os.close(pidfd)
    while _lock_is_held(root):  # without pidfd (or a child still closing files): the lock says when
        if time.monotonic() > deadline:
            raise EmbeddedError(f"the embedded server (pid {info.pid}) did not stop within {timeout:.0f} s")
        time.sleep(0.05)
    _files(root)["state"].unlink(missing_ok=True)
    return info


# -- the server process ------------------------------------------------------------------------


def _serve(root: Path, bolt_port: int, databases: list[str], ready_fd: int | None, attached: bool) -> int:
    import fcntl

    files = _files(root)
    lock = open(files["lock"], "a")  # held until this process ends
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"another embedded server is running from {root}", file=sys.stderr, flush=True)
        return 1
    from arcadedb_embedded.server import ArcadeDBServer

    http_port = free_port()
    server = ArcadeDBServer(
        root_path=str(files["server"]),
        root_password=password(root),
        config={
            "host": HOST,
            "http_port": http_port,
            "server_plugins": BOLT_PLUGIN,
            "bolt_port": bolt_port,
        },
    )
    stopping = threading.Event()
    server.start()
    try:
        for name in databases:
            if not (files["server"] / "databases" / name).is_dir():
                server.create_database(name)
        with socket.create_connection((HOST, bolt_port), timeout=10):
            pass  # the Bolt port answers
        state = {"pid": os.getpid(), "bolt_port": bolt_port, "http_port": http_port}
        partial = files["state"].with_suffix(".tmp")
        partial.write_text(json.dumps(state), encoding="utf-8")
        partial.replace(files["state"])
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, lambda *_: stopping.set())
        if attached:
            threading.Thread(target=lambda: (sys.stdin.read(), stopping.set()), daemon=True).start()
        if ready_fd is not None:
            os.write(ready_fd, f"READY {bolt_port}\n".encode())
            os.close(ready_fd)
        print(f"embedded server ready: Bolt on {HOST}:{bolt_port}, HTTP on {HOST}:{http_port}", flush=True)
        while not stopping.wait(3600):
            pass
    finally:
        server.stop()
        with contextlib.suppress(OSError):
            files["state"].unlink()
        print("embedded server stopped", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.neo4j_store.embedded")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the server in this process")
    serve.add_argument("root")
    serve.add_argument("--bolt-port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--database", action="append", dest="databases")
    serve.add_argument("--ready-fd", type=int)
    serve.add_argument("--attached", action="store_true", help="stop when standard input closes")
    args = parser.parse_args(argv)
    return _serve(Path(args.root), args.bolt_port, args.databases or [DATABASE], args.ready_fd, args.attached)


if __name__ == "__main__":
    sys.exit(main())
