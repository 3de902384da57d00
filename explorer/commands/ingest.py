"""`regime-explorer ingest`: from a news report to candidate claims, a diff, a review page, a merge."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from .common import echo_json, handle_errors, load

__all__ = ["ingest"]


def _is_candidates(path: str) -> bool:
    return Path(path).suffix.lower() in (".yaml", ".yml")


@click.command("ingest")
@click.argument("report", required=False, type=click.Path())
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), help="Candidates YAML file to write (default: standard output).")
@click.option("--source-id", help="Id of the report in the source registry (default: the registry's, when it holds this report; else from the title).")
@click.option("--publisher", help="Publisher of the report (default: from the page or the registry).")
@click.option("--date", "report_date", metavar="DATE", help="Day the report was written, YYYY[-MM[-DD]]: relative dates are resolved against it.")
@click.option("--against", is_flag=True, help="Print what is new, what confirms and what contradicts the dataset (--data, default bundled).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Format of --against.")
@click.option("--page", "page", type=click.Path(dir_okay=False), help="Write the annotated report page (offline HTML) here.")
@click.option("--merge", "merge", type=click.Path(), metavar="CANDIDATES", help="Add the records marked `review: accepted` in this candidates file ...")
@click.option("--into", "into", type=click.Path(), metavar="DIR", help="... to this data directory (validated first; nothing written on error).")
@click.option("--rules", "rules_path", type=click.Path(dir_okay=False), help="Rules file (default: the shipped explorer/ingest/rules.yaml).")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), metavar="MB", default=5.0, show_default=True, help="Refuse reports larger than this.")
@click.pass_context
@handle_errors
def ingest(ctx: click.Context, report: str | None, output: str | None, source_id: str | None, publisher: str | None, report_date: str | None,
           against: bool, fmt: str, page: str | None, merge: str | None, into: str | None, rules_path: str | None, max_mb: float) -> None:
    """Read a news report into candidate claims for review: mentions, ties, status events, hedging.

    REPORT is a saved report (.txt or .html), or a candidates file (.yaml) that ingest wrote,
    to diff it (--against) or draw its page (--page) after review.

    \b
    Example:
        regime-explorer ingest report.html --date 2012-07-06 -o candidates.yaml
        regime-explorer ingest candidates.yaml --against
        regime-explorer ingest candidates.yaml --page review.html
        regime-explorer ingest --merge candidates.yaml --into mydata
    """
    if merge or into:
        if not (merge and into):
            raise UsageError("--merge and --into go together (fix: regime-explorer ingest --merge candidates.yaml --into DIR)")
        if report or output or against or page:
            raise UsageError("--merge takes no REPORT, -o, --against or --page (fix: merge in a separate run)")
        from ..ingest.merge import merge_candidates

        result = merge_candidates(merge, into, max_file_mb=(ctx.obj or {}).get("max_file_mb"))
        added = ", ".join(f"{n} {section}" for section, n in result.added.items())
        click.echo(f"added {added} to {result.directory} ({', '.join(result.files)})")
        return
    if not report:
        raise UsageError("give a REPORT to read (fix: regime-explorer ingest report.txt -o candidates.yaml)")
    dataset = load(ctx)
    if _is_candidates(report):
        if output or source_id or publisher or report_date:
            raise UsageError(f"{report} is a candidates file: -o, --source-id, --publisher and --date apply to reading a report (fix: give the report itself)")
        from ..ingest.merge import read_candidates

        records = read_candidates(report)
    else:
        from ..ingest.candidates import candidate_records, ingest_report, write_candidates
        from ..ingest.reading import read_report
        from ..ingest.rules import load_rules

        rules = load_rules(rules_path)
        ingested = ingest_report(read_report(report, max_mb=max_mb), dataset, rules=rules, source_id=source_id, publisher=publisher, date=report_date)
        records = candidate_records(ingested, dataset, rules)
        if output:
            write_candidates(records, output)
            counts = {k: len(records[k]) for k in ("people", "ties", "status", "mentions")}
            click.echo(f"wrote {output}: {counts['ties']} ties, {counts['status']} status events, {counts['people']} new people, {counts['mentions']} mentions (all review: pending)", err=bool(against))
        elif not against and not page:
            from ..writer import yaml_text

            click.echo(yaml_text(records), nl=False)
    if page:
        from ..ingest.page import write_report_page
        from .common import os_error_message

        try:
            write_report_page(records, dataset, page)
        except OSError as exc:
            raise click.ClickException(os_error_message(exc, [page])) from None
        click.echo(f"wrote {page}", err=bool(against))
    if against:
        from ..ingest.compare import compare, diff_json, diff_text

        changes = compare(records, dataset)
        source = (records.get("report") or {}).get("source", "")
        if fmt == "json":
            echo_json(diff_json(changes, source, dataset.name))
        else:
            click.echo(diff_text(changes, source, dataset.name))
