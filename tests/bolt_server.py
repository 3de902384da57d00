"""A real Bolt + Cypher server for the integration tests: embedded ArcadeDB with its Bolt plugin.

Run as a script it starts the server and prints one line, ``READY <bolt port>``, then serves until
its standard input closes (so the parent test process can always stop it, even after a crash).
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile

ROOT_PASSWORD = "regime-explorer-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(root: str) -> None:
    from arcadedb_embedded.server import ArcadeDBServer

    bolt_port, http_port = free_port(), free_port()
    server = ArcadeDBServer(
        root_path=root,
        root_password=ROOT_PASSWORD,
        config={
            "host": "127.0.0.1",
            "http_port": http_port,
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": bolt_port,
            "server_defaultDatabases": "neo4j[root]",
        },
    )
    server.start()
    if not os.path.isdir(os.path.join(root, "neo4j")):
        try:
            server.create_database("neo4j")
        except Exception:  # created by server_defaultDatabases already
            pass
    print(f"READY {bolt_port}", flush=True)
    try:
        sys.stdin.read()  # until the parent closes the pipe
    finally:
        server.stop()


if __name__ == "__main__":
    serve(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="arcadedb-"))
