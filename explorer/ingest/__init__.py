"""From a news report to reviewable claims (`regime-explorer ingest`; docs/ingest.md).

    from explorer import load_dataset
    from explorer.ingest import read_report, ingest_report, candidate_records, write_candidates

    dataset = load_dataset()
    ingested = ingest_report(read_report("report.html"), dataset, date="2012-07-06")
    write_candidates(candidate_records(ingested, dataset), "candidates.yaml")

One small module per step, in the order a report goes through them: `reading` (text or saved
HTML, refused when it cannot be a report), `sentences`, `mentions`, `when` (dates), `claims`
(patterns and hedging), `candidates` (records for review), `compare` (against the record),
`page` (the annotated report), `merge` (accepted records into a data directory); `rules` reads
the one rules file all of them follow.
"""

from __future__ import annotations

from .candidates import Ingested, candidate_records, ingest_report, write_candidates
from .compare import compare, diff_json, diff_text
from .merge import merge_candidates, read_candidates
from .page import render_report_page, write_report_page
from .reading import Report, ReportError, read_report, report_from_text
from .rules import RulesError, load_rules

__all__ = [
    "Ingested", "candidate_records", "ingest_report", "write_candidates", "compare", "diff_json", "diff_text",
    "merge_candidates", "read_candidates", "render_report_page", "write_report_page", "Report", "ReportError",
    "read_report", "report_from_text", "RulesError", "load_rules",
]
