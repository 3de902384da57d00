"""`regime-explorer export`: offline HTML views, node-link JSON, or all of them with an index."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from ..errors import UsageError
from .common import at_option, chain_option, handle_errors, load, load_graph, resolve_name
from .neo4j import connection_options

__all__ = ["export", "EXPORT_VIEWS"]

# view -> how many names it takes
EXPORT_VIEWS: dict[str, int] = {
    "loyalty": 0,
    "defection": 0,
    "cracks": 0,
    "family": 0,
    "network": 0,
    "ego": 1,
    "path": 2,
    "story": 1,
    "json": 0,
    "graphml": 0,
    "gexf": 0,
    "ftm": 0,
    "all": 0,
}


def _neo4j_graph(settings, dataset: str | None = None, allow_partial: bool = False):
    """The graph of `dataset` (default: the only one loaded) read back from Neo4j."""
    from ..neo4j_store import read_graph
    from ..neo4j_store.readback import IncompleteDataset

    try:
        return read_graph(settings, dataset)
    except IncompleteDataset as exc:
        if not allow_partial:
            raise
        click.echo(f"WARNING: {str(exc).split('; run load again')[0]}; this export holds only part of it", err=True)
        return read_graph(settings, dataset, allow_partial=True)


def _stories(ctx: click.Context, source: str, name: str | None) -> list[dict]:
    """The dataset's stories as pages carry them (`name`: just that one). Stories are files of a
    dataset, so a graph read back from Neo4j has none."""
    if source != "files":
        if name:
            raise UsageError("stories are files of a dataset: export a story with --source files (the default)")
        return []
    from ..stories import find_story, stories_data, story_data

    dataset = load(ctx)
    return [story_data(find_story(dataset, name), dataset)] if name else stories_data(dataset)


def _command_line(view: str, names: tuple[str, ...], at: str | None, depth: int, source: str, chain: bool = True, dataset: str | None = None) -> str:
    """The command as a user would retype it (without -o, which names a file of this machine)."""
    parts = ["regime-explorer", "export", view, *names]
    if view == "ego":
        parts += ["--depth", str(depth)]
    if at:
        parts += ["--at", at]
    if source != "files":
        parts += ["--source", source]
    if dataset:
        parts += ["--dataset", dataset]
    if not chain:
        parts.append("--no-chain")
    return shlex.join(parts)


@click.command("export")
@click.argument("view", type=click.Choice(list(EXPORT_VIEWS)), metavar="VIEW")
@click.argument("names", nargs=-1, metavar="[NAME [NAME]]")
@click.option("-o", "--output", "output", required=True, type=click.Path(), help="File to write (a directory for `all`).")
@at_option
@click.option("--depth", type=click.IntRange(min=1), default=2, show_default=True, help="Ties around the person (ego view).")
@click.option("--source", type=click.Choice(["files", "neo4j"]), default="files", show_default=True, help="Read the graph from the data files or back from Neo4j (--uri ... or NEO4J_* variables).")
@click.option("--dataset", metavar="NAME", help="With --source neo4j: the dataset to read (default: the only one loaded in the database).")
@click.option("--allow-partial", is_flag=True, help="With --source neo4j: export a dataset whose last load did not finish (with a warning).")
@chain_option
@connection_options
@click.pass_context
@handle_errors
def export(ctx: click.Context, view: str, names: tuple[str, ...], output: str, at: str | None, depth: int, source: str, dataset: str | None, allow_partial: bool, chain: bool, connection) -> None:
    """Write a view as an offline HTML page, the graph as JSON, or everything.

    VIEW is one of: loyalty [NAME], defection, cracks, family, network, ego NAME, path A B,
    story NAME (a story of the dataset's stories/ folder, stepped through on the page), json,
    graphml, gexf (Gephi, with time intervals), ftm (FollowTheMoney entities, for Aleph), all
    (-o DIR). Without --at, a loyalty view shows the day before NAME defected, or the day
    before the first defection within distance 1 of the core.

    \b
    Examples:
        regime-explorer export loyalty -o loyalty.html --at 2012-06
        regime-explorer export loyalty "Manaf Tlass" -o manaf-loyalty.html
        regime-explorer export cracks -o cracks.html
        regime-explorer export ego "Manaf Tlass" --depth 1 -o manaf.html
        regime-explorer export path "Manaf Tlass" "Bashar al-Assad" -o path.html
        regime-explorer export story first-crack -o first-crack.html
        regime-explorer export all -o views
        regime-explorer export all --source neo4j --dataset syria-2012 --database neo4j -o views
    """
    if source != "neo4j":
        given = [flag for flag, value in (("--dataset", dataset), ("--allow-partial", allow_partial)) if value]
        given += [f"--{name}" for name in ("uri", "user", "password", "database") if ctx.params.get(name)]
        if given:
            raise UsageError(f"{', '.join(given)} read{'s' if len(given) == 1 else ''} from Neo4j: add --source neo4j")
    wanted = EXPORT_VIEWS[view]
    if view == "loyalty" and len(names) == 1:
        wanted = 1  # the loyalty view of one person: their path emphasised and explained
    if len(names) != wanted:
        needs = {0: "no names", 1: f"one name: export {view} NAME", 2: "two names: export path A B"}[wanted]
        raise UsageError(f"the {view} view takes {needs} (got {len(names)})")
    if view == "ftm":  # FollowTheMoney entities are made from the dataset's records, not the graph
        from ..ftm import write_ftm

        click.echo(str(write_ftm(load(ctx), output)))
        return
    graph = _neo4j_graph(connection()[0], dataset, allow_partial) if source == "neo4j" else load_graph(ctx)
    if view == "story" and at:
        raise UsageError("a story sets the date of each of its steps; drop --at")
    ids = [] if view == "story" else [resolve_name(graph, name) for name in names]
    told = _stories(ctx, source, names[0] if view == "story" else None) if view in ("story", "all") else []
    out = Path(output)
    if view == "all":
        if out.exists() and not out.is_dir():
            raise UsageError(f"{output} is a file; `export all` writes a directory of pages")
        from ..views import export_all

        for path in export_all(graph, out, at=at, chain=chain, stories=told):
            click.echo(str(path))
        return
    if out.is_dir():
        raise UsageError(f"{output} is a directory; give a file name, e.g. {Path(output) / (view + '.html')}")
    if view in ("json", "graphml", "gexf"):
        from .. import exports
        from ..graph import snapshot

        # a snapshot (the whole record when no date) carries each person's status
        click.echo(str(getattr(exports, f"write_{view}")(snapshot(graph, at), out)))
        return
    from ..views import render_view

    text = render_view(
        view,
        graph,
        at=at,
        person=ids[0] if ids else None,
        other=ids[1] if len(ids) > 1 else None,
        depth=depth,
        command=_command_line(view, names, at, depth, source, chain, dataset),
        chain=chain,
        told=told[0] if view == "story" else None,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    click.echo(str(out))
