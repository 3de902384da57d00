"""Commands that read the dataset: validate, stats, show, path, schema."""

from __future__ import annotations

import dataclasses
from collections import Counter

import click

from .common import at_option, dataset_options, echo_json, format_option, handle_errors, load, load_graph, resolve_name


@click.command()
@click.option("--strict", is_flag=True, help="Also flag unsourced claims, uncited sources, quotes not in held texts, undated people; rule warnings fail too.")
@click.option("--rules", "list_rules", is_flag=True, help="List the consistency rules (id, severity, what each checks, the fix) and exit.")
@format_option("text", "json")
@click.pass_context
@handle_errors
def validate(ctx: click.Context, strict: bool, list_rules: bool, fmt: str) -> None:
    """Check the whole dataset and list every problem (exit 1 if any fails).

    Consistency rules (see --rules) always run: their errors fail, their warnings fail only
    with --strict.

    \b
    Example:
        regime-explorer validate --strict
        regime-explorer validate --rules
        regime-explorer --data my-dataset validate --format json
    """
    from ..dataset import fails, validation_report
    from ..rules import rules_table

    if list_rules:
        rows = rules_table()
        if fmt == "json":
            echo_json(rows)
            return
        width = max(len(r["id"]) for r in rows)
        for row in rows:
            click.echo(f"{row['id']:<{width}}  {row['severity']:<7}  {row['summary']}")
            click.echo(f"{'':<{width}}  {'':<7}  fix: {row['fix']}")
        return
    dataset, problems = validation_report(**dataset_options(ctx), strict=strict)
    failing = [p for p in problems if fails(p, strict)]
    counts = _counts(dataset)
    if fmt == "json":
        echo_json({
            "dataset": dataset.name,
            "path": dataset.path,
            "strict": strict,
            "valid": not failing,
            "counts": counts,
            "problems": [{**dataclasses.asdict(p), "fails": fails(p, strict)} for p in problems],
        })
        if failing:
            ctx.exit(1)
        return
    for problem in problems:
        click.echo(str(problem), err=True)
    if failing:
        count = len(failing)
        raise click.ClickException(f"{count} problem{'s' if count != 1 else ''} in {dataset.path}")
    warned = f" ({len(problems)} warning{'s' if len(problems) != 1 else ''}; --strict fails on them)" if problems else ""
    click.echo(
        f"ok: {dataset.name} is valid{' (strict)' if strict else ''}: "
        f"{counts['people']} people, {counts['organizations']} organizations, {counts['places']} places, "
        f"{counts['events']} events, {counts['ties']} ties, {counts['status_events']} status events, "
        f"{counts['sources']} sources{warned}"
    )


def _counts(dataset) -> dict:
    from ..schema import ENTITY_KINDS

    kinds = Counter(e.kind for e in dataset.entities.values())
    counts = {kind.plural: kinds.get(name, 0) for name, kind in ENTITY_KINDS.items()}
    counts.update(ties=len(dataset.ties), status_events=len(dataset.status_events), sources=len(dataset.sources))
    return counts


@click.command()
@format_option("table", "json")
@at_option
@click.option("--coverage", "show_coverage", is_flag=True, help="Per person, which basic facts are recorded (birth, sect, posts, family, sources, death) and the totals.")
@click.pass_context
@handle_errors
def stats(ctx: click.Context, fmt: str, at: str | None, show_coverage: bool) -> None:
    """Counts of entities, ties, status events and sources, and who is where at a date.

    \b
    Example:
        regime-explorer stats --format json
        regime-explorer stats --coverage
    """
    from ..graph import build_graph, snapshot

    dataset = load(ctx)
    if show_coverage:
        if at is not None:
            raise click.UsageError("--coverage counts the whole record; drop --at")
        _echo_coverage(dataset, fmt)
        return
    graph = snapshot(build_graph(dataset), at)
    result = {
        "dataset": dataset.name,
        "at": at,
        **_counts(dataset),
        "ties_by_family": dict(sorted(Counter(t["family"] for *_, t in graph.edges(data=True)).items())),
        "ties_by_type": dict(sorted(Counter(t["type"] for *_, t in graph.edges(data=True)).items())),
        "ties_by_confidence": dict(sorted(Counter(t["confidence"] for *_, t in graph.edges(data=True)).items())),
        "status_events_by_kind": dict(sorted(Counter(e.kind for e in dataset.status_events).items())),
        "people_by_status": dict(sorted(Counter(d["status"] for _, d in graph.nodes(data=True) if d["kind"] == "person").items())),
    }
    if at is not None:
        result["ties_at_date"] = graph.number_of_edges()
    if fmt == "json":
        echo_json(result)
        return
    for key, value in result.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for sub, count in value.items():
                click.echo(f"  {sub:<24} {count}")
        elif value is not None:
            click.echo(f"{key:<26} {value}")


def _echo_coverage(dataset, fmt: str) -> None:
    """The coverage report: one row per person, the gaps named, then the totals."""
    from ..coverage import FACTS, coverage

    report = coverage(dataset)
    if fmt == "json":
        echo_json(report.to_dict())
        return
    width = max([len(p.name) for p in report.people] + [6])
    click.echo(f"{'person':<{width}}  {'born':<10}  {'died':<10}  {'sect':<10}  posts (dated)  family  sources  missing")
    for p in report.people:
        posts = f"{p.posts} ({p.dated_posts})"
        click.echo(
            f"{p.name:<{width}}  {p.born or '-':<10}  {p.died or '-':<10}  {(p.sect or '-')[:10]:<10}  {posts:<13}  "
            f"{p.family:<6}  {p.sources:<7}  {', '.join(p.missing) or '-'}"
        )
    total = report.totals["people"]
    click.echo("")
    click.echo(f"people: {total}; complete (no gap): {report.totals['complete']}")
    for fact, gap in FACTS.items():
        if fact == "died":
            click.echo(f"  {gap}: {report.totals['death_events_without_died']}")
        else:
            click.echo(f"  {'with ' + fact.replace('_', ' '):<18} {report.totals['with_' + fact]:>4} of {total}")


@click.command()
@click.argument("name")
@format_option("text", "json")
@at_option
@click.pass_context
@handle_errors
def show(ctx: click.Context, name: str, fmt: str, at: str | None) -> None:
    """Everything known about one entity: names, ties with dates, grades and sources.

    NAME is an id, a name or an alias, in any case or spelling variant.

    \b
    Example:
        regime-explorer show "Manaf Tass"
    """
    from ..graph import snapshot
    from ..text import citation_line, grade_phrase, tie_line

    whole = load_graph(ctx)
    graph = snapshot(whole, at)
    node = resolve_name(whole, name)
    if node not in graph:
        raise click.ClickException(f"{whole.nodes[node]['name']} did not exist yet at {at}")
    data = graph.nodes[node]
    ties = [(s, t, d) for s, t, d in graph.out_edges(node, data=True)] + [(s, t, d) for s, t, d in graph.in_edges(node, data=True)]
    ties.sort(key=lambda item: (item[2]["family"], item[2].get("start") or "", item[2]["type"]))
    if fmt == "json":
        echo_json({"id": node, **data, "ties": [{"source": s, "target": t, **d} for s, t, d in ties]})
        return
    sources = graph.graph.get("sources", {})
    click.echo(f"{data['name']}" + (f"  ({data['name_ar']})" if data.get("name_ar") else "") + f"  [{data['kind']}, id {node}]")
    if data.get("aliases"):
        click.echo(f"  also: {', '.join(data['aliases'])}")
    for key in ("status", "born", "died", "titles", "sect", "org_kind", "start", "end"):
        if data.get(key):
            value = ", ".join(data[key]) if isinstance(data[key], list) else data[key]
            click.echo(f"  {key.replace('org_', '')}: {value}")
    if data.get("description"):
        click.echo(f"  {data['description']}")
    for event in data.get("status_events", []):
        superseding = f", supersedes {event['supersedes']}" if event.get("supersedes") else ""
        click.echo(f"  status event: {event['kind']} {event['date']} ({grade_phrase(event['state'], event['confidence'])}{superseding})")
        for citation in event["sources"]:
            click.echo(f"      {citation_line(citation, sources)}")
    click.echo(f"ties ({len(ties)}{' at ' + at if at else ''}):")
    for source, target, tie in ties:
        click.echo(f"  {tie_line(graph, source, target, tie)}")
        if tie.get("note"):
            click.echo(f"      note: {tie['note']}")
        for citation in tie["sources"]:
            click.echo(f"      {citation_line(citation, sources)}")
        if not tie["sources"]:
            click.echo("      (no source)")


@click.command()
@click.argument("a")
@click.argument("b")
@at_option
@format_option("text", "json")
@click.option("--family", "families", multiple=True, help="Walk only these families (repeatable). Default: all but context.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Most paths to list.")
@click.pass_context
@handle_errors
def path(ctx: click.Context, a: str, b: str, at: str | None, fmt: str, families: tuple[str, ...], limit: int) -> None:
    """Shortest paths between two entities, each hop with its type, dates and confidence.

    \b
    Example:
        regime-explorer path "Manaf Tlass" "Hafez al-Assad" --at 2012-06
    """
    from ..graph.paths import DEFAULT_PATH_FAMILIES, shortest_paths
    from ..schema import FAMILIES
    from ..text import span

    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        raise click.BadParameter(f"unknown family {unknown[0]!r}; use one of: {', '.join(FAMILIES)}", param_hint="--family")
    graph = load_graph(ctx)
    source, target = resolve_name(graph, a), resolve_name(graph, b)
    paths = shortest_paths(graph, source, target, at=at, families=families or DEFAULT_PATH_FAMILIES, limit=limit)
    if fmt == "json":
        echo_json({"from": source, "to": target, "at": at, "length": len(paths[0]) if paths else None, "paths": paths})
        return
    names = {n: graph.nodes[n]["name"] for n in graph}
    if not paths:
        when = f" at {at}" if at else ""
        raise click.ClickException(f"no path links {names[source]} and {names[target]}{when}")
    click.echo(f"{len(paths)} shortest path{'s' if len(paths) > 1 else ''} of length {len(paths[0])} from {names[source]} to {names[target]}" + (f" at {at}" if at else ""))
    for number, hops in enumerate(paths, 1):
        click.echo(f"path {number}:")
        for step in hops:
            direction = "" if step["forward"] else " (reversed)"
            click.echo(
                f"  {names[step['from']]} -[{step['type']}{direction}]- {names[step['to']]}"
                f"  {span(step['start'], step['end'])}; {step['confidence']}; "
                f"sources: {', '.join(c['source'] + ' ' + c['grade'] for c in step['sources']) or 'none'}"
            )


@click.command("schema")
@format_option("text", "json")
def schema_command(fmt: str) -> None:
    """The registry: entity kinds, relationship types by family, statuses and grades.

    \b
    Example:
        regime-explorer schema --format json
    """
    from .. import schema

    registry = schema.to_dict()
    if fmt == "json":
        echo_json(registry)
        return
    types = registry["relationship_types"]
    click.echo("entity kinds: " + ", ".join(f"{k.name} ({k.file})" for k in schema.ENTITY_KINDS.values()))
    for family, meaning in schema.FAMILIES.items():
        click.echo(f"\n{family}: {meaning}")
        for name, info in types.items():
            if info["family"] == family:
                both = " (symmetric)" if info["symmetric"] else ""
                fields = f" fields: {', '.join(info['fields'])}" if info["fields"] else ""
                click.echo(f"  {name:<17} {'|'.join(info['from'])} -> {'|'.join(info['to'])}{both}{fields}")
    click.echo("\nconfidence, strongest first: " + ", ".join(schema.CONFIDENCE))
    click.echo("source reliability: " + ", ".join(f"{k} {v}" for k, v in schema.RELIABILITY.items()))
    click.echo("citation credibility: " + ", ".join(f"{k} {v}" for k, v in schema.CREDIBILITY.items()))


@click.command()
@format_option("table", "json")
@click.pass_context
@handle_errors
def sources(ctx: click.Context, fmt: str) -> None:
    """The source registry: each source's reliability, how many claims cite it, whether it is held.

    \b
    Example:
        regime-explorer sources --format json
    """
    from collections import Counter

    from ..schema import RELIABILITY
    from ..text import table

    dataset = load(ctx)
    cited = Counter(c.source for record in [*dataset.ties, *dataset.status_events] for c in record.citations)
    rows = [
        {
            "id": s.id,
            "title": s.title,
            "publisher": s.publisher,
            "date": str(s.date) if s.date else None,
            "url": s.url,
            "reliability": s.reliability,
            "reliability_means": RELIABILITY[s.reliability],
            "citations": cited.get(s.id, 0),
            "text_held": s.id in dataset.texts,
        }
        for s in sorted(dataset.sources.values(), key=lambda s: (-cited.get(s.id, 0), s.id))
    ]
    if fmt == "json":
        echo_json(rows)
        return
    click.echo(table([[r["id"], r["reliability"], r["citations"], "yes" if r["text_held"] else "", r["publisher"] or "", r["date"] or ""] for r in rows], ["source", "grade", "cited", "held", "publisher", "date"]))
