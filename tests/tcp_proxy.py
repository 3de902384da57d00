"""A small TCP proxy on 127.0.0.1 between a client and a Bolt server, for what loopback hides.

* `delay`: every byte arrives `delay / 2` later in each direction, so each round trip costs
  `delay` more, as over a network. Bytes are timestamped when read and released at their time,
  so a client that sends several messages without waiting pays the delay once, not per message.
* `refuse_routing`: the connection is dropped when the client sends a Bolt ROUTE message, as a
  server without routing would fail it, so `neo4j://` can be tested against a single server.
* `round_trips`: how many times a client began a message after the server had answered it (its
  handshake included), summed over connections: the waits a network's latency is paid for. The
  client's bytes are followed message by message (`_ClientStream`), so a large message still
  being sent when the server answers one sent before it (a BEGIN sent with it) counts once.

Used by the tests and by benchmarks/load_benchmark.py; loopback only, threads only. Run as a
script (`python tests/tcp_proxy.py UPSTREAM_PORT --delay-ms 1`) it prints `READY <port>` and
serves until its standard input closes: a benchmark runs it in its own process, so the proxy's
threads do not share the measured client's interpreter lock.
"""

from __future__ import annotations

import queue
import socket
import threading
import time

__all__ = ["TcpProxy"]

ROUTE = b"\xb3\x66"  # a Bolt struct of 3 fields with the ROUTE signature
MANIFEST = b"\x00\x00\x01\xff"  # a server's handshake answer asking the client to choose a version


class _ClientStream:
    """Where a client's Bolt bytes stand: its handshake (20 bytes; after a server's MANIFEST answer,
    its choice too: 4 bytes and a varint), then messages, each chunks (a 2-byte size and as many
    bytes) ended by a chunk of size 0. `between`: at the end of one, so what comes next is new."""

    def __init__(self) -> None:
        self.skip, self.varint, self.left, self.header, self.between = 20, False, 0, b"", True

    def manifest(self) -> None:
        self.skip, self.varint = 4, True

    def feed(self, data: bytes) -> None:
        at = 0
        while at < len(data):
            if self.skip or self.left:
                taken = min(self.skip or self.left, len(data) - at)
                at += taken
                if self.skip:
                    self.skip -= taken
                    self.between = not self.skip and not self.varint
                else:
                    self.left -= taken
            elif self.varint:
                self.varint = bool(data[at] & 0x80)  # a varint goes on while the high bit is set
                self.between, at = not self.varint, at + 1
            else:
                self.header, at = self.header + data[at : at + 1], at + 1
                if len(self.header) == 2:
                    self.left, self.header = int.from_bytes(self.header, "big"), b""
                self.between = not self.header and not self.left  # a chunk of size 0 ends a message


class TcpProxy:
    """`with TcpProxy(port, delay=0.001) as proxy:` then connect to `proxy.port`."""

    def __init__(self, upstream_port: int, *, delay: float = 0.0, refuse_routing: bool = False, upstream_host: str = "127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self.delay = delay
        self.refuse_routing = refuse_routing
        self.routes_refused = 0
        self.round_trips = 0
        self._counting = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closing = threading.Event()
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> "TcpProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._closing.set()
        for sock in [self._listener, *self._sockets]:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self._thread.join(timeout=5)

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._sockets += [client, server]
            answered = threading.Event()  # the server spoke since the client last began a message
            answered.set()
            stream = _ClientStream()
            self._pipe(client, server, from_client=True, answered=answered, stream=stream)
            self._pipe(server, client, from_client=False, answered=answered, stream=stream)

    def _pipe(self, source: socket.socket, target: socket.socket, *, from_client: bool, answered: threading.Event, stream: _ClientStream) -> None:
        pending: queue.SimpleQueue = queue.SimpleQueue()
        inspect = from_client and self.refuse_routing
        half = self.delay / 2

        def drop() -> None:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        def read() -> None:
            first = True  # the server's first bytes answer the handshake
            while True:
                try:
                    data = source.recv(65536)
                except OSError:
                    data = b""
                if data and inspect and ROUTE in data:
                    self.routes_refused += 1
                    drop()
                    data = b""
                if data and not from_client:
                    if first and data.startswith(MANIFEST):
                        stream.manifest()  # before the client can see it and answer
                    first = False
                    answered.set()
                elif data:
                    if answered.is_set() and stream.between:  # a new message after an answer
                        answered.clear()
                        with self._counting:
                            self.round_trips += 1
                    stream.feed(data)
                pending.put((time.monotonic() + half, data))
                if not data:
                    return

        def write() -> None:
            while True:
                due, data = pending.get()
                if not data:
                    try:
                        target.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    return
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)  # the simulated network's latency, not a wait for an event
                try:
                    target.sendall(data)
                except OSError:
                    drop()
                    return

        threading.Thread(target=read, daemon=True).start()
        threading.Thread(target=write, daemon=True).start()


def main() -> None:
    import argparse
    import sys

    parser = argparse.ArgumentParser()
    parser.add_argument("upstream_port", type=int)
    parser.add_argument("--delay-ms", type=float, default=0.0)
    args = parser.parse_args()
    with TcpProxy(args.upstream_port, delay=args.delay_ms / 1000) as proxy:
        print(f"READY {proxy.port}", flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
