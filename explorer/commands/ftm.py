"""`regime-explorer ftm`: FollowTheMoney entities out (for Aleph, OpenSanctions) and back in."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from .common import handle_errors, load

__all__ = ["ftm"]


@click.group("ftm")
def ftm() -> None:
    """Write the dataset as FollowTheMoney entities, or read such a file into a dataset directory.

    Needs the optional followthemoney package: pip install 'regime-explorer[ftm]'.
    """


@ftm.command("export")
@click.option("-o", "--output", "output", required=True, type=click.Path(), help="Line-delimited JSON file to write.")
@click.pass_context
@handle_errors
def export_command(ctx: click.Context, output: str) -> None:
    """Write every entity, tie, status event and source as FtM entities, one JSON per line.

    \b
    Example:
        regime-explorer ftm export -o syria-2012.ftm.json
    """
    from ..ftm import write_ftm

    click.echo(str(write_ftm(load(ctx), output)))


@ftm.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", required=True, type=click.Path(), help="Dataset directory to write.")
@click.option("--name", help="Dataset name (default: from the file name).")
@click.option("--core", help="Id of the ruler, the default end of loyalty paths.")
@handle_errors
def import_command(file: str, output: str, name: str | None, core: str | None) -> None:
    """Turn an FtM line-delimited JSON file into a dataset directory that `validate` accepts.

    \b
    Example:
        regime-explorer ftm import syria-2012.ftm.json -o imported
        regime-explorer --data imported validate
    """
    from ..dataset import load_dataset
    from ..ftm_import import import_ftm

    out = Path(output)
    if out.exists() and any(out.iterdir()):
        raise UsageError(f"{output} is not empty; import into a new directory")
    counts = import_ftm(file, out, name=name, core=core)
    load_dataset(out)  # the result must validate; InvalidDataset lists every problem
    skipped = counts.pop("skipped")
    click.echo(", ".join(f"{n} {f.removesuffix('.yaml')}" for f, n in counts.items()) + f" -> {out}")
    if skipped:
        click.echo(f"{skipped} FtM link(s) skipped: no relationship type they plainly map to", err=True)


@click.group("import")
def import_group() -> None:
    """Bring data in from other formats (today: FollowTheMoney)."""


# `regime-explorer import ftm FILE -o DIR` is the same command as `ftm import`.
import_group.add_command(import_command, name="ftm")
