"""Commands for Neo4j: load, query, db status. The `neo4j` driver is imported only when they run."""

from __future__ import annotations

import csv
import functools
import io
import sys
from typing import Callable

import click

from .common import echo_json, format_option, handle_errors, load


def connection_options(func: Callable) -> Callable:
    """--uri, --user, --password, --database, each falling back to its NEO4J_* variable; with no
    --uri and no NEO4J_URI, the embedded server when it runs (said in one line on stderr).
    The command gets `connection`, a function that resolves them when first called and returns
    (settings, the embedded server's info or None), so a command that may not need a server
    (export from files, query --list) is not refused for a bad NEO4J_URI."""

    @click.option("--uri", help="Bolt URI: bolt://, neo4j:// (routing, clusters) or neo4j+s:// (Aura). [env NEO4J_URI; default: the embedded server if running, else bolt://localhost:7687]")
    @click.option("--user", help="User name. [env NEO4J_USERNAME; default neo4j]")
    @click.option("--password", help="Password (prefer NEO4J_PASSWORD: flags show in process lists).")
    @click.option("--database", help="Database name. [env NEO4J_DATABASE; default: the server's]")
    @functools.wraps(func)
    def wrapper(*args, uri=None, user=None, password=None, database=None, **kwargs):
        from .runtime import register_secret

        register_secret(password)
        resolved: list = []

        def settings(folder: str | None = None):
            if not resolved:
                from ..neo4j_store import configured

                found, embedded = configured(uri=uri, user=user, password=password, database=database, folder=folder)
                register_secret(found.password)
                if embedded is not None:
                    click.echo(f"using the embedded server at {embedded.uri} (regime-explorer db start); set NEO4J_URI for another server", err=True)
                resolved.append((found, embedded))
            return resolved[0]

        kwargs["connection"] = settings
        return func(*args, **kwargs)

    return wrapper


def _eager(func: Callable) -> Callable:
    """Resolve the connection before the command runs and pass it as `settings`."""

    @functools.wraps(func)
    def wrapper(*args, connection, **kwargs):
        kwargs["settings"] = connection()[0]
        return func(*args, **kwargs)

    return wrapper


@click.command("load")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 100_000), help="Rows per UNWIND batch.")
@click.option("--replace", is_flag=True, help="Also remove what this dataset wrote before and no longer has.")
@click.option("--dry-run", is_flag=True, help="Validate and count what would change; write nothing.")
@click.option("--force", is_flag=True, help="Take over from another load of this dataset that the database says is still running.")
@format_option("text", "json")
@connection_options
@click.pass_context
@handle_errors
@_eager
def load_command(ctx: click.Context, batch_size: int, replace: bool, dry_run: bool, force: bool, fmt: str, settings) -> None:
    """Validate the dataset, then load it into Neo4j in batches (re-runs change nothing).

    The server is checked first, then the data, then the load writes; `db status` shows a load
    that did not finish, and a second load of the same dataset waits its turn (--force takes over).

    \b
    Example:
        docker compose up -d && regime-explorer load
        regime-explorer --data my-dataset load --replace
    """
    from ..graph import build_graph
    from ..neo4j_store import connect, translated
    from ..neo4j_store.loader import load_graph
    from .runtime import checkpoint, shielded

    driver = connect(settings)  # a server that cannot be reached is said before a long validation
    try:
        from ..gcpause import no_cycle_collection

        with no_cycle_collection():  # reading a large dataset makes many objects and no cycles: 2-4x faster at 20k
            graph = build_graph(load(ctx))  # validates everything before anything is written
        progress = _progress(fmt) if not dry_run else None
        if not dry_run:
            ctx.meta["explorer.interrupt_hint"] = "the load did not finish (db status shows it incomplete); run load again"

        def on_batch(batch, number: int, total: int) -> None:
            if progress:
                progress(batch, number, total)
            checkpoint()  # a signal received during the batch stops the load here

        with translated(settings), shielded():
            summary = load_graph(driver, settings.database, graph, batch_size=batch_size, replace=replace, dry_run=dry_run, on_batch=on_batch, force=force)
    finally:
        driver.close()
    if fmt == "json":
        echo_json(summary.to_dict())
        return
    totals = summary.totals()
    verb = "would change" if dry_run else "loaded into"
    click.echo(
        f"{summary.dataset} {verb} {settings.where}: {totals['created']} created, {totals['updated']} updated, "
        f"{totals['unchanged']} unchanged, {totals['removed']} removed{'' if replace else ' (use --replace to remove)'}; "
        f"{summary.batches} batch{'es' if summary.batches != 1 else ''}"
    )
    for name in ("created", "updated", "removed"):
        counts = getattr(summary, name)
        if any(counts.values()):
            click.echo(f"  {name}: " + ", ".join(f"{what} {n}" for what, n in sorted(counts.items()) if n))


def _progress(fmt: str):
    """A progress line on a terminal; nothing when output is piped."""
    if fmt != "text" or not sys.stderr.isatty():
        return None

    def show(batch, number: int, total: int) -> None:
        width = 30
        filled = width * number // max(total, 1)
        from .runtime import write_trusted

        write_trusted(f"\r[{'#' * filled}{'.' * (width - filled)}] {number}/{total} batches ({batch.what})" + ("\n" if number == total else ""))

    return show


@click.command("query")
@click.argument("query_name", required=False, metavar="NAME|FILE")
@click.option("--cypher", "inline", help="Run this Cypher text instead of a named query or file.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter (numbers, true/false, null, [json], date:YYYY-MM-DD are typed). Repeatable.")
@format_option("table", "json", "csv")
@click.option("--write", is_flag=True, help="Allow the query to write (refused otherwise, and rolled back).")
@click.option("--list", "list_queries", is_flag=True, help="List the query library with what each answers.")
@click.option("-o", "--output", type=click.Path(), help="Also draw the nodes and ties the result holds as an HTML view.")
@connection_options
@click.pass_context
@handle_errors
def query(ctx, query_name, inline, params, fmt, write, list_queries, output, connection) -> None:
    """Run a named query, a .cypher file or inline Cypher against Neo4j (read-only by default).

    Without --write the query runs in a read session, in a transaction that is rolled back, after
    a screen of its text (no write clause, no admin command, only procedures known to read).
    JSON output writes NaN and the infinities as the strings "NaN", "Infinity", "-Infinity".

    \b
    Example:
        regime-explorer query --list
        regime-explorer query loyalty_path_at -p 'people=["manaf-tlass"]' -p core=bashar-al-assad -p at=2012-06-30 -p chain=true
        regime-explorer query --cypher "MATCH (p:Person) RETURN p.name LIMIT 5" --format csv
    """
    from ..neo4j_store import query as q

    if list_queries:
        for named in q.library():
            click.echo(f"{named.name}\n    {named.answers}\n    parameters: {named.parameters or 'none'}")
        return
    if bool(query_name) == bool(inline):
        raise click.UsageError("give one of NAME, FILE or --cypher TEXT (or --list)")
    text = inline if inline else q.find_query(query_name).text
    values = q.parse_params(params)
    from ..neo4j_store import session

    if not write:
        q.refuse_unless_read(text)  # before the server is even contacted

    settings = connection()[0]
    with session(settings, read_only=not write) as opened:
        keys, records, counters = q.run_query(opened, text, values, write=write)
    rows = [{k: q.plain(v) for k, v in record.items()} for record in records]
    _print_rows(keys, rows, fmt)
    if write and counters.contains_updates:
        changed = {k: v for k, v in vars(counters).items() if isinstance(v, int) and v and not k.startswith("_")}
        click.echo(f"written: {changed}", err=True)
    if output:
        from ..views import render_view

        graph = q.result_graph(records)
        if graph.number_of_nodes() == 0:
            raise click.ClickException("the result holds no nodes or relationships to draw; return nodes, relationships or paths")
        page = render_view("network", graph, command=f"regime-explorer query {query_name or '--cypher ...'}")
        from pathlib import Path

        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(page, encoding="utf-8")
        click.echo(output, err=True)


def _print_rows(keys: list[str], rows: list[dict], fmt: str) -> None:
    import json

    if fmt == "json":
        echo_json(rows)
        return
    cell = lambda v: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)  # noqa: E731
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(keys)
        writer.writerows([["" if r[k] is None else cell(r[k]) for k in keys] for r in rows])
        click.echo(buffer.getvalue(), nl=False)
        return
    from ..text import table

    click.echo(table([[None if r[k] is None else cell(r[k]) for k in keys] for r in rows], keys))
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _load_state(dataset: dict) -> str:
    if dataset.get("complete"):
        return f"loaded {dataset.get('loaded_at') or '?'}"
    return f"incomplete: a load started at {dataset.get('load_started') or '?'} did not finish; run load again"


@click.group("db")
def db() -> None:
    """The database: what is in it, and the embedded server (start, stop)."""


def dir_option(func: Callable) -> Callable:
    return click.option(
        "--dir",
        "folder",
        type=click.Path(file_okay=False),
        help="The embedded server's folder. [env REGIME_EXPLORER_DB_DIR; default ~/.local/share/regime-explorer/db]",
    )(func)


def _other_folder_hint(folder: str | None) -> str:
    """How other commands find a server started from a folder that is not their default."""
    import shlex

    from ..neo4j_store import embedded

    if folder and embedded.data_dir(folder) != embedded.data_dir():
        return f"; other commands use it with {embedded.DIR_ENV}={shlex.quote(str(embedded.data_dir(folder)))}"
    return ""


def ctx_has_uri() -> bool:
    """True when --uri or NEO4J_URI names a server (so the embedded one is not asked for)."""
    import os

    ctx = click.get_current_context(silent=True)
    return bool(os.environ.get("NEO4J_URI") or (ctx and ctx.params.get("uri")))


@db.command("start")
@dir_option
@click.option("--port", type=click.IntRange(0, 65535), default=7688, show_default=True, help="Bolt port on 127.0.0.1 (0 picks a free one).")
@handle_errors
def db_start(folder: str | None, port: int) -> None:
    """Start the embedded database (ArcadeDB's Bolt server) in the background, on this machine only.

    Needs the [embedded] extra. Its data and a generated password stay in its folder; load,
    query, export --source neo4j and db status use it while NEO4J_URI is not set.

    \b
    Example:
        regime-explorer db start && regime-explorer load && regime-explorer query --list
    """
    from ..neo4j_store import embedded

    info, started = embedded.start(embedded.data_dir(folder), port)
    verb = "started" if started else "already running"
    click.echo(
        f"embedded server {verb} at {info.uri} (user {embedded.USER}, database {embedded.DATABASE}; "
        f"data and password in {info.root}){_other_folder_hint(folder)}"
    )


@db.command("stop")
@dir_option
@handle_errors
def db_stop(folder: str | None) -> None:
    """Stop the embedded database started by `db start` (its data stays).

    \b
    Example:
        regime-explorer db stop
    """
    from ..neo4j_store import embedded

    info = embedded.stop(embedded.data_dir(folder))
    click.echo(f"embedded server stopped (was at {info.uri})" if info else f"the embedded server is not running (folder {embedded.data_dir(folder)})")


@db.command("status")
@format_option("text", "json")
@dir_option
@connection_options
@handle_errors
def status(fmt: str, folder: str | None, connection) -> None:
    """Server, counts by label and type, constraints, and the datasets loaded (and when).

    Without --uri and NEO4J_URI it also says whether the embedded server runs.

    \b
    Example:
        regime-explorer db status
    """
    from ..neo4j_store.status import database_status

    settings, server = connection(folder)
    if server is None and fmt == "text" and not ctx_has_uri():
        click.echo("embedded server: not running (`regime-explorer db start` starts it)")
    report = database_status(settings)
    if server is not None:
        report["embedded"] = {"uri": server.uri, "folder": str(server.root), "pid": server.pid}
    if fmt == "json":
        echo_json(report)
        return
    if server is not None:
        click.echo(f"embedded server: running at {server.uri} (pid {server.pid}; data in {server.root})")
    click.echo(f"server: {report['address']} ({report['agent']})")
    click.echo("datasets: " + (", ".join(f"{d['id']} ({_load_state(d)})" for d in report["datasets"]) or "none loaded"))
    click.echo("nodes: " + (", ".join(f"{k} {v}" for k, v in report["labels"].items()) or "none"))
    click.echo("relationships: " + (", ".join(f"{k} {v}" for k, v in report["types"].items()) or "none"))
    click.echo("constraints: " + (", ".join(report["constraints"]) or "none"))
