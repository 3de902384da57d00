"""Commands that answer the analyst's questions: loyalty, defection, report cracks, influence."""

from __future__ import annotations

import click

from .common import at_option, chain_option, echo_json, format_option, handle_errors, load_graph, resolve_name


def _hop_lines(names: dict, hops: list[dict], sources: dict) -> list[str]:
    from ..text import citation_line, hop_text, span

    lines = []
    for step in hops:
        when = "on that day" if step.get("derived") else span(step["start"], step["end"])
        lines.append(f"  {hop_text(names, step)}  {when}; {step['confidence']}")
        lines += [f"      {citation_line(c, sources)}" for c in step["sources"]] or ["      (no source)"]
    return lines


def _tie_words(tie: dict) -> str:
    """'SERVES_UNDER Maher al-Assad' from the defector's side; '← PARENT_OF Mustafa Tlass' when it points at them."""
    return f"{'' if tie['towards_other'] else '← '}{tie['type']} {tie['other_name']}"


def _step_line(step: dict) -> str:
    """`  2. FLED_TO Turkey  2012-07; claimed`: a numbered step of a route out, marked when it cannot be placed."""
    unplaced = "" if step.get("placed", True) else "  (cannot be placed: undated or only rumoured)"
    return f"  {step.get('step', '-')}. {_tie_words(step)}  {step['start'] or 'undated'}; {step['confidence']}{unplaced}"


def _core(graph, core: str | None) -> str | None:
    return resolve_name(graph, core, kinds=["person"]) if core else None


@click.command()
@click.argument("name", required=False)
@click.option("--core", help="The person paths lead to (default: the dataset's core, the president).")
@at_option
@click.option("--ranking", is_flag=True, help="Rank everyone by loyalty distance instead of one person's path.")
@chain_option
@format_option("text", "json")
@click.pass_context
@handle_errors
def loyalty(ctx: click.Context, name: str | None, core: str | None, at: str | None, ranking: bool, chain: bool, fmt: str) -> None:
    """A person's loyalty path to the core at a date: every hop, its sources, its weakest link.

    \b
    Example:
        regime-explorer loyalty "Manaf Tlass" --at 2012-06-01
        regime-explorer loyalty --ranking --at 2012-06
    """
    from ..analysis import defection_route, loyalty_path, loyalty_ranking
    from ..graph import status_at

    graph = load_graph(ctx)
    core_id = _core(graph, core)
    if ranking:
        rows = loyalty_ranking(graph, core_id, at, chain=chain)
        if fmt == "json":
            echo_json({"core": core_id or graph.graph["core"], "at": at, "chain": chain, "ranking": rows})
            return
        from ..text import table

        click.echo(table([[r["distance"] if r["distance"] is not None else "-", r["name"], r["status"]] for r in rows], ["distance", "person", "status"]))
        return
    if not name:
        raise click.UsageError("give a NAME, or --ranking")
    person = resolve_name(graph, name, kinds=["person"])
    path = loyalty_path(graph, person, core_id, at, chain=chain)
    status = status_at(graph, person, at)
    names = {n: graph.nodes[n]["name"] for n in graph}
    route = defection_route(graph, person, core_id, chain=chain) if status == "defected" else None
    if fmt == "json":
        echo_json({"person": person, "at": at, "chain": chain, "status": status, "path": path.to_dict() if path else None, "route_out": route.to_dict() if route else None})
        return
    when = f" at {at}" if at else ""
    if path is None:
        reason = {"defected": "has defected", "dead": "is dead", "opposition": "is in the opposition"}.get(
            status, "is not bound to the core by any tie in the data"
        )
        click.echo(f"{names[person]} {reason}{when}: no loyalty path.")
        if route:
            click.echo(f"Route out ({route.date}, {route.event['state']}):")
            for step in route.route:
                click.echo(_step_line(step))
            click.echo(f"Just before ({route.day_before}) the loyalty distance was {route.distance_before}; see `regime-explorer defection`.")
        return
    core_name = names[path.core]
    derived = f"; {path.derived} hop{'s' if path.derived != 1 else ''} from the chain of command" if path.derived else ""
    click.echo(f"{names[person]} is at loyalty distance {path.distance} from {core_name}{when} (strength: {path.strength}{derived}).")
    for line in _hop_lines(names, path.hops, graph.graph.get("sources", {})):
        click.echo(line)


@click.command()
@click.argument("name")
@click.option("--core", help="The person paths lead to (default: the dataset's core).")
@chain_option
@format_option("text", "json")
@click.pass_context
@handle_errors
def defection(ctx: click.Context, name: str, core: str | None, chain: bool, fmt: str) -> None:
    """A defector's route out in date order, and the loyalty path they had the day before.

    \b
    Example:
        regime-explorer defection "Manaf Tlass"
    """
    from ..analysis import defection_route
    from ..text import citation_line, grade_phrase

    graph = load_graph(ctx)
    person = resolve_name(graph, name, kinds=["person"])
    route = defection_route(graph, person, _core(graph, core), chain=chain)
    if route is None:
        raise click.ClickException(f"the data holds no defection for {graph.nodes[person]['name']}")
    if fmt == "json":
        echo_json(route.to_dict())
        return
    names = {n: graph.nodes[n]["name"] for n in graph}
    sources = graph.graph.get("sources", {})
    event = route.event
    grade = grade_phrase(event["state"], event["confidence"])
    click.echo(f"{route.name} defected {route.date} ({grade})" + (f" to {names.get(event['place'], event['place'])}" if event.get("place") else ""))
    for citation in event["sources"]:
        click.echo(f"    {citation_line(citation, sources)}")
    click.echo("Route out:")
    for step in route.route:
        click.echo(_step_line(step))
        for citation in step["sources"]:
            click.echo(f"      {citation_line(citation, sources)}")
    if route.loyalty_before:
        click.echo(f"The day before ({route.day_before}): loyalty distance {route.distance_before} to {names[route.loyalty_before.core]} (strength: {route.loyalty_before.strength})")
        for line in _hop_lines(names, route.loyalty_before.hops, sources):
            click.echo(line)
    else:
        click.echo(f"The day before ({route.day_before}): no loyalty path to the core in the data.")
    if route.left_behind:
        click.echo("Binding ties held the day before:")
        for tie in route.left_behind:
            click.echo(f"  {_tie_words(tie)}  ({tie['confidence']}{', ended ' + tie['end'] if tie['end'] else ''})")


@click.group()
def report() -> None:
    """Reports that answer questions from the whole record."""


@report.command()
@click.option("--since", help="Only defections from this date (default: the start of the uprising).")
@click.option("--core", help="The person distances are measured to (default: the dataset's core).")
@chain_option
@format_option("table", "json", "md")
@click.pass_context
@handle_errors
def cracks(ctx: click.Context, since: str | None, core: str | None, chain: bool, fmt: str) -> None:
    """Every defection in date order with its pre-defection loyalty distance, and a headline.

    \b
    Example:
        regime-explorer report cracks --format md
    """
    from ..analysis import cracks_timeline
    from ..dates import DateError, parse_date
    from ..text import table

    if since:
        try:
            since = str(parse_date(since))
        except DateError as exc:
            raise click.BadParameter(str(exc), param_hint="--since") from None
    graph = load_graph(ctx)
    result = cracks_timeline(graph, _core(graph, core), since, chain=chain)
    if fmt == "json":
        echo_json(result.to_dict())
        return
    rows = [
        [c.date, c.name, c.distance_before if c.distance_before is not None else "-", c.state, c.confidence, ", ".join(dict.fromkeys(_tie_words(t) for t in c.broke)) or "-"]  # a disputed post recorded twice reads once
        for c in result.cracks
    ]
    headers = ["date", "defector", "distance before", "state", "confidence", "binding ties broken"]
    if fmt == "md":
        click.echo(f"# Cracks around {result.core_name}\n\n**{result.headline}**\n")
        click.echo("| " + " | ".join(headers) + " |\n|" + "---|" * len(headers))
        for row in rows:
            click.echo("| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |")
        return
    click.echo(result.headline)
    click.echo()
    click.echo(table(rows, headers))


@click.command()
@click.option("--core", help="The person loyalty paths lead to (default: the dataset's core).")
@at_option
@click.option("--top", default=15, show_default=True, type=click.IntRange(1), help="How many people to list.")
@chain_option
@format_option("table", "json")
@click.pass_context
@handle_errors
def influence(ctx: click.Context, core: str | None, at: str | None, top: int, chain: bool, fmt: str) -> None:
    """Degree and betweenness at a date, and the brokers who hold loyalty paths together.

    \b
    Example:
        regime-explorer influence --at 2012-06
    """
    from ..analysis import brokers, centrality
    from ..text import table

    graph = load_graph(ctx)
    scores = centrality(graph, at, chain=chain)
    held = brokers(graph, _core(graph, core), at, chain=chain)
    rows = sorted(scores, key=lambda n: (-held.get(n, 0), -scores[n]["betweenness"], n))[:top]
    if fmt == "json":
        echo_json({"at": at, "people": [{"id": n, "name": graph.nodes[n]["name"], "brokered": held.get(n, 0), **scores[n]} for n in rows]})
        return
    click.echo(table([[graph.nodes[n]["name"], held.get(n, 0), scores[n]["degree"], scores[n]["betweenness"]] for n in rows], ["person", "paths held", "degree", "betweenness"]))
