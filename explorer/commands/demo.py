"""`regime-explorer demo`: synthetic networks for trying the views and the loader at scale."""

from __future__ import annotations

from pathlib import Path

import click

from .common import handle_errors


@click.group()
def demo() -> None:
    """Demonstrations on synthetic data (invented people; describes no one)."""


@demo.command()
@click.option("--people", default=1000, show_default=True, type=click.IntRange(2, 200_000), help="How many synthetic people.")
@click.option("--seed", default=1, show_default=True, help="Random seed: the same seed gives the same network.")
@click.option("--view", "view_name", default="network", show_default=True, type=click.Choice(["network", "loyalty", "defection", "cracks"]), help="Which view to draw.")
@click.option("-o", "--output", type=click.Path(), help="HTML file to write.")
@click.option("--data-out", type=click.Path(), help="Also write the dataset as YAML files to this directory (usable with --data).")
@handle_errors
def synth(people: int, seed: int, view_name: str, output: str | None, data_out: str | None) -> None:
    """Draw a synthetic regime of N people, to see how large graphs behave.

    \b
    Examples:
        regime-explorer demo synth --people 5000 -o synth.html
        regime-explorer demo synth --people 20000 --data-out synth-data/
        regime-explorer --data synth-data/ validate
    """
    if not output and not data_out:
        raise click.UsageError("give -o FILE.html, --data-out DIR, or both")
    from ..graph import build_graph
    from ..synth import synthetic_dataset

    dataset = synthetic_dataset(people, seed)
    if data_out:
        from ..writer import write_dataset

        click.echo(f"{write_dataset(dataset, data_out)}: {len(dataset.entities):,} entities, {len(dataset.ties):,} ties, {len(dataset.status_events):,} status events")
    if output:
        from ..views import render_view

        graph = build_graph(dataset)
        page = render_view(view_name, graph, command=f"regime-explorer demo synth --people {people} --seed {seed} --view {view_name}")
        Path(output).write_text(page, encoding="utf-8")
        click.echo(f"{output}: {graph.number_of_nodes():,} entities, {graph.number_of_edges():,} ties")
