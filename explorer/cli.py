"""The `regime-explorer` command line: parses options, calls the library, prints.

Commands live in `explorer/commands/*.py` and are imported only when invoked (or listed by
--help), and each imports heavy packages (pyvis, neo4j) inside its function, so start-up stays fast.
"""

from __future__ import annotations

import importlib

import click

from . import __version__

# command name -> "module:attribute"; a module is imported only when its command is used.
COMMANDS: dict[str, str] = {
    "validate": "explorer.commands.data:validate",
    "stats": "explorer.commands.data:stats",
    "show": "explorer.commands.data:show",
    "path": "explorer.commands.data:path",
    "schema": "explorer.commands.data:schema_command",
    "sources": "explorer.commands.data:sources",
    "export": "explorer.commands.export:export",
    "ftm": "explorer.commands.ftm:ftm",
    "import": "explorer.commands.ftm:import_group",
    "loyalty": "explorer.commands.analysis:loyalty",
    "defection": "explorer.commands.analysis:defection",
    "report": "explorer.commands.analysis:report",
    "influence": "explorer.commands.analysis:influence",
    "load": "explorer.commands.neo4j:load_command",
    "query": "explorer.commands.neo4j:query",
    "db": "explorer.commands.neo4j:db",
    "demo": "explorer.commands.demo:demo",
    "ingest": "explorer.commands.ingest:ingest",
}

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# Options of the whole tool that may also be written after the command (`show X --data DIR`).
GLOBAL_OPTIONS = ("--data", "--max-file-mb")


def globals_first(args: list[str]) -> list[str]:
    """Move the tool's own options written after the command to before it, so that
    `regime-explorer show "Manaf Tlass" --data DIR` works like `regime-explorer --data DIR show ...`."""
    moved: list[str] = []
    rest: list[str] = []
    command_seen = False
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        if command_seen and arg.split("=", 1)[0] in GLOBAL_OPTIONS:
            if "=" in arg or index + 1 == len(args):
                moved.append(arg)
                index += 1
            else:
                moved += [arg, args[index + 1]]
                index += 2
            continue
        if not command_seen and arg in COMMANDS:
            command_seen = True
        rest.append(arg)
        index += 1
    return moved + rest


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, globals_first(list(args)))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def invoke(self, ctx: click.Context):
        """Every command runs guarded: one line on any failure or signal, safe terminal output."""
        from .commands.runtime import guarded

        with guarded(ctx):
            return super().invoke(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            module_name, attribute = COMMANDS[name].split(":")
            return getattr(importlib.import_module(module_name), attribute)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="regime-explorer")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False),
    envvar="REGIME_EXPLORER_DATA",
    help="Dataset directory (default: the bundled syria-2012 dataset).",
)
@click.option(
    "--max-file-mb",
    type=click.FloatRange(min=0, min_open=True),
    envvar="REGIME_EXPLORER_MAX_FILE_MB",
    metavar="MB",
    help="Refuse any data file or held text larger than this (default: 20).",
)
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, max_file_mb: float | None) -> None:
    """Sourced, graded maps of who is bound to a ruler and how defections travel.

    \b
    Example:
        regime-explorer show "Manaf Tlass"
        regime-explorer export all -o views
    """
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    ctx.obj["max_file_mb"] = max_file_mb
