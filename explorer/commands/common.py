"""What every command shares: loading the dataset, resolving names, turning errors into messages."""

from __future__ import annotations

import functools
import json
from typing import Any, Callable

import click

from ..errors import ExplorerError, InvalidDataset

__all__ = ["handle_errors", "load_graph", "load", "dataset_options", "resolve_name", "at_option", "chain_option", "format_option", "echo_json"]


def handle_errors(func: Callable) -> Callable:
    """Turn the library's errors into one clear message and a non-zero exit, never a traceback."""

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

    return wrapper


def dataset_options(ctx: click.Context) -> dict[str, Any]:
    """Where the dataset is and how large its files may be: the global --data and --max-file-mb."""
    obj = ctx.obj or {}
    return {"path": obj.get("data_dir"), "max_file_mb": obj.get("max_file_mb")}


def load(ctx: click.Context, *, strict: bool = False):
    """The validated dataset named by the global --data option."""
    from ..dataset import load_dataset

    return load_dataset(**dataset_options(ctx), strict=strict)


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
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))
