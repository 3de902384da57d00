"""`regime-explorer demo`: synthetic networks for trying the views at scale."""

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
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@handle_errors
def synth(people: int, seed: int, view_name: str, output: str) -> None:
    """Draw a synthetic regime of N people, to see how large graphs behave.

    \b
    Example:
        regime-explorer demo synth --people 5000 -o synth.html
    """
    from ..graph import build_graph
    from ..synth import synthetic_dataset
    from ..views import render_view

    graph = build_graph(synthetic_dataset(people, seed))
    page = render_view(view_name, graph, command=f"regime-explorer demo synth --people {people} --seed {seed} --view {view_name}")
    Path(output).write_text(page, encoding="utf-8")
    click.echo(f"{output}: {graph.number_of_nodes():,} entities, {graph.number_of_edges():,} ties")
