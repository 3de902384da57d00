"""What holds for every command, installed once around it by the CLI entry (`cli.LazyGroup.invoke`).

* Output to the terminal (stdout and stderr) is text only: control characters and bidirectional
  overrides that come from data (a name holding `ESC ] 0 ; ... BEL`, say) are written escaped
  (`\\x1b`), whether the stream is a terminal or a pipe, and passwords never appear in it: the
  `user:password@` of any URI and the configured password are written as `***`.
* SIGINT and SIGTERM end the command with one line and exit 130 or 143, wherever they land (even
  inside the driver, which may turn the interruption into an error of its own). A load defers
  them to the end of the batch being written (`shielded`), so it can still mark itself stopped.
* An unexpected error is one line too (set REGIME_EXPLORER_DEBUG=1 for the traceback, masked).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import threading
import re
import traceback
from typing import Iterator

import click

__all__ = ["guarded", "escape_controls", "Interrupted", "write_trusted", "secrets", "register_secret", "shielded", "checkpoint"]

_SIGNALS = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}
_received: list[int] = []
_registered: set[str] = set()


def register_secret(secret: str | None) -> None:
    """A password the output must never show (the one connection options resolved)."""
    if secret:
        _registered.add(secret)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived."""

    def __init__(self, signum: int):
        super().__init__(_SIGNALS.get(signum, str(signum)))
        self.signum = signum


_shields: list[int] = []


def _on_signal(signum, frame) -> None:
    _received.append(signum)
    if _shields and len(_received) == 1:
        return  # inside `shielded()`: raised at the next `checkpoint()`, between driver calls
    # Raised where it lands; a second signal also interrupts the clean-up of the first (a
    # connection left mid-message may never answer). The exit code stays the first one's.
    raise Interrupted(signum)


@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """Defer SIGINT and SIGTERM to the next `checkpoint()` (or the end of the block), so that a
    signal never cuts a driver call in half and the clean-up can still talk to the server.
    A second signal is not deferred."""
    _shields.append(1)
    try:
        yield
    finally:
        _shields.pop()
    checkpoint()


def checkpoint() -> None:
    """Raise Interrupted if a signal arrived while shielded."""
    if _received:
        raise Interrupted(_received[0])


# C0 and C1 controls (a carriage return only when it does not end a CRLF line), DEL, the
# bidirectional embeddings, overrides and isolates, and the Unicode line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]|\r(?!\n)")


def escape_controls(text: str) -> str:
    """`text` with control and bidirectional-override characters written as `\\x1b` / `\\u202e`
    (newline, tab and a CRLF line end kept)."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def secrets() -> list[str]:
    """Passwords this process knows: NEO4J_PASSWORD, the password of NEO4J_URI, and --password."""
    from urllib.parse import unquote, urlsplit

    found = [os.environ.get("NEO4J_PASSWORD", ""), *_registered]
    try:
        found.append(unquote(urlsplit(os.environ.get("NEO4J_URI", "")).password or ""))
    except ValueError:
        pass
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        found.append(str(ctx.params.get("password") or ""))
        found += [a.split("=", 1)[1] for a in ctx.args if a.startswith("--password=")]
        ctx = ctx.parent
    argv = sys.argv
    found += [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--password"]
    found += [a.split("=", 1)[1] for a in argv if a.startswith("--password=")]
    return sorted({s for s in found if len(s) >= 4}, key=len, reverse=True)


def _mask(text: str) -> str:
    from ..neo4j_store.settings import mask_secrets

    return mask_secrets(text, *secrets())


class _SafeText(io.TextIOWrapper):
    """A text stream over the same buffer that escapes control characters and masks passwords."""

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            return super().write(text)  # TypeError, as for any text stream
        return super().write(_mask(escape_controls(text)))

    def write_trusted(self, text: str) -> int:
        """For the tool's own terminal control (the progress line's carriage return)."""
        return super().write(text)


def write_trusted(text: str, err: bool = True) -> None:
    stream = sys.stderr if err else sys.stdout
    getattr(stream, "write_trusted", stream.write)(text)
    stream.flush()


@contextlib.contextmanager
def _safe_streams() -> Iterator[None]:
    saved, wrapped = {}, {}
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        buffer = getattr(stream, "buffer", None)
        if buffer is None or isinstance(stream, _SafeText):
            continue
        try:
            stream.flush()
            wrapper = _SafeText(buffer, encoding=stream.encoding or "utf-8", errors=getattr(stream, "errors", None) or "strict", write_through=True)
        except Exception:  # an unusual stream: leave it as it is
            continue
        saved[name], wrapped[name] = stream, wrapper
        setattr(sys, name, wrapper)
    try:
        yield
    finally:
        for name, wrapper in wrapped.items():
            with contextlib.suppress(Exception):
                wrapper.flush()
            with contextlib.suppress(Exception):
                wrapper.detach()  # the buffer stays open: it is the original stream's
            setattr(sys, name, saved[name])


@contextlib.contextmanager
def _signal_handlers() -> Iterator[None]:
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _SIGNALS:
            with contextlib.suppress(ValueError, OSError):
                previous[signum] = signal.signal(signum, _on_signal)
    _received.clear()
    try:
        yield
    finally:
        for signum, handler in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signum, handler)


def _interrupted_exit(ctx: click.Context, signum: int) -> click.exceptions.Exit:
    hint = ctx.meta.get("explorer.interrupt_hint", "")
    click.echo(f"Interrupted ({_SIGNALS.get(signum, signum)}): stopped before finishing{'; ' + hint if hint else ''}", err=True)
    return click.exceptions.Exit(128 + int(signum))


@contextlib.contextmanager
def guarded(ctx: click.Context) -> Iterator[None]:
    """Run a command under the rules of this module's docstring."""
    _registered.clear()
    _shields.clear()
    with _signal_handlers(), _safe_streams():
        try:
            yield
        except click.exceptions.Exit:
            if _received:
                raise _interrupted_exit(ctx, _received[0]) from None
            raise
        except click.ClickException as exc:
            if _received:
                raise _interrupted_exit(ctx, _received[0]) from None
            exc.message = _mask(escape_controls(exc.message))
            raise
        except (click.exceptions.Abort, SystemExit):
            if _received:
                raise _interrupted_exit(ctx, _received[0]) from None
            raise
        except KeyboardInterrupt:
            raise _interrupted_exit(ctx, _received[0] if _received else signal.SIGINT) from None
        except BrokenPipeError:
            # whoever reads the output stopped (`regime-explorer ... | head`): stop quietly, and
            # point stdout at nothing so the interpreter's final flush does not fail again
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            if _received:
                raise _interrupted_exit(ctx, _received[0]) from None
            if os.environ.get("REGIME_EXPLORER_DEBUG"):
                click.echo(_mask("".join(traceback.format_exception(exc))), err=True, nl=False)
            message = " ".join(str(exc).split())
            click.echo(f"Error: unexpected {type(exc).__name__}: {message} (set REGIME_EXPLORER_DEBUG=1 for the traceback)", err=True)
            raise click.exceptions.Exit(1) from None
