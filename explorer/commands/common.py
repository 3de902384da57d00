"""What every command shares: loading the dataset, resolving names, turning errors into messages."""

from __future__ import annotations

import functools
import json
from typing import Any, Callable

import click

from ..errors import ExplorerError, InvalidDataset

__all__ = ["handle_errors", "load_graph", "load", "resolve_name", "at_option", "format_option", "echo_json"]


# Options that name something a command writes.
OUTPUT_OPTIONS = ("output", "data_out")


def handle_errors(func: Callable) -> Callable:
    """Turn the library's errors into one clear message and a non-zero exit, never a traceback.

    A file that cannot be written or read (a read-only folder, a full disk, a path under a file, a
    directory where a file is expected, a missing folder) is one line naming the path and the
    operating system's reason, exit 1, for every command.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidDataset as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            raise click.ClickException(f"{exc} (nothing was written)") from None
        except ExplorerError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(os_error_message(exc, [kwargs.get(name) for name in OUTPUT_OPTIONS])) from None

    return wrapper


def os_error_message(exc: OSError, outputs: list[str | None]) -> str:
    """`cannot write PATH: REASON` (or read), from an OSError and the paths the command writes."""
    import os

    reason = exc.strerror or str(exc) or type(exc).__name__
    if isinstance(exc, IsADirectoryError):
        reason += " (a directory is there; give a file name)"
    elif isinstance(exc, NotADirectoryError):
        reason += " (a file is where a folder should be)"
    elif isinstance(exc, FileNotFoundError):
        reason += " (does its folder exist?)"
    outputs = [str(o) for o in outputs if o]
    path = str(exc.filename) if exc.filename is not None else (outputs[0] if outputs else "")
    if exc.filename2 is not None:
        path += f" -> {exc.filename2}"
    absolute = os.path.abspath(path) if path else ""
    writing = bool(outputs) and exc.filename is None or any(absolute == os.path.abspath(o) or absolute.startswith(os.path.abspath(o).rstrip(os.sep) + os.sep) or os.path.abspath(o).startswith(absolute.rstrip(os.sep) + os.sep) for o in outputs)
    verb = "cannot write" if writing else "cannot read"
    return f"{verb} {path}: {reason}" if path else f"{verb}: {reason}"


def load(ctx: click.Context, *, strict: bool = False):
    """The validated dataset named by the global --data option."""
    from ..dataset import load_dataset

    return load_dataset(ctx.obj.get("data_dir") if ctx.obj else None, strict=strict)


def load_graph(ctx: click.Context):
    """The whole-record graph of the dataset named by --data (validated first)."""
    from ..graph import build_graph

    return build_graph(load(ctx))


def resolve_name(graph, name: str, kinds=None) -> str:
    from ..names import resolve

    return resolve(graph.nodes, name, kinds=kinds)


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from ..dates import DateError, parse_date

    try:
        return str(parse_date(value))
    except DateError as exc:
        raise click.BadParameter(str(exc)) from None


def at_option(func: Callable) -> Callable:
    return click.option(
        "--at",
        callback=_check_date,
        metavar="DATE",
        help="Snapshot date, YYYY[-MM[-DD]] (a partial date means its last day). Default: the whole record.",
    )(func)


def format_option(*choices: str) -> Callable:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def echo_json(value: Any) -> None:
    """JSON on stdout; NaN and the infinities, which JSON has no numbers for, become the strings
    "NaN", "Infinity" and "-Infinity" (a note on stderr says how many)."""
    from ..neo4j_store.query import json_safe

    value, replaced = json_safe(value)
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str, allow_nan=False))
    if replaced:
        click.echo(f"note: {replaced} value{'s' if replaced != 1 else ''} not a finite number (NaN, Infinity) written as a string", err=True)
