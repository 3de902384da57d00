"""What every command shares: loading the dataset, resolving names, turning errors into messages."""

from __future__ import annotations

import functools
import json
from typing import Any, Callable

import click

from ..errors import ExplorerError, InvalidDataset

__all__ = ["handle_errors", "load_graph", "load", "dataset_options", "resolve_name", "at_option", "chain_option", "format_option", "echo_json"]


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
        except BrokenPipeError:
            raise  # the reader closed the pipe (`| head`): not a failure of ours, see runtime.guarded
        except OSError as exc:
            raise click.ClickException(os_error_message(exc, [kwargs.get(name) for name in OUTPUT_OPTIONS])) from None

    return wrapper


def dataset_options(ctx: click.Context) -> dict[str, Any]:
    """Where the dataset is and how large its files may be: the global --data and --max-file-mb."""
    obj = ctx.obj or {}
    return {"path": obj.get("data_dir"), "max_file_mb": obj.get("max_file_mb")}


def os_error_message(exc: OSError, outputs: list[str | None]) -> str:
    """`cannot write PATH: REASON` (or read) from an OSError and the paths the command writes.

    PATH is the path the user gave when the error is about it or a folder on its way, so a failure
    deep inside `mkdir` still names what was asked for; the operating system's reason follows.
    """
    import os

    reason = exc.strerror or str(exc) or type(exc).__name__
    culprit = str(exc.filename) if exc.filename is not None else None
    asked = [str(o) for o in outputs if o]

    def related(output: str) -> bool:
        if culprit is None:
            return True
        a, b = os.path.abspath(culprit), os.path.abspath(output)
        return a == b or a.startswith(b.rstrip(os.sep) + os.sep) or b.startswith(a.rstrip(os.sep) + os.sep)

    target = next((o for o in asked if related(o)), None)
    if isinstance(exc, IsADirectoryError):
        reason += " (a folder is there; give a file name)"
    elif isinstance(exc, NotADirectoryError) or (isinstance(exc, FileExistsError) and culprit and not os.path.isdir(culprit)):
        blocking = _file_on_the_way(culprit or target or "")
        reason = f"{blocking if blocking and blocking != target else 'it'} is a file, not a folder"
        culprit = blocking or culprit
    elif isinstance(exc, FileNotFoundError):
        reason += " (does its folder exist?)"
    if target is None:
        return f"cannot read {culprit}: {reason}" if culprit else f"cannot read or write: {reason}"
    if culprit and os.path.abspath(culprit) != os.path.abspath(target) and culprit not in reason:
        reason += f" ({culprit})"
    return f"cannot write {target}: {reason}"


def _file_on_the_way(path: str) -> str | None:
    """The first existing non-folder among `path` and its parents."""
    import os

    current = os.path.abspath(path)
    while True:
        if os.path.lexists(current) and not os.path.isdir(current):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def load(ctx: click.Context, *, strict: bool = False):
    """The validated dataset named by the global --data option, read once per command (a command
    that needs both the graph and the records, such as `export all` with its stories, reads once)."""
    from ..dataset import load_dataset

    read = ctx.find_root().meta.setdefault("regime_explorer.datasets", {})
    if strict not in read:
        read[strict] = load_dataset(**dataset_options(ctx), strict=strict)
    return read[strict]


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


def chain_option(func: Callable) -> Callable:
    return click.option(
        "--chain/--no-chain",
        default=True,
        show_default=True,
        help="Let loyalty paths climb the chain of command (a person bound to the head of the body they serve in).",
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
