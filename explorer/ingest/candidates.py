"""From a report to candidate records in the dataset's own format, each marked for review.

The candidates file is one YAML mapping: `report` (what was read, with its text), then lists
named after the dataset's files (`sources`, `people`, `ties`, `status`), each record as that file
holds it plus review fields (`review`, `offsets`, `rules`, `why`, `admiralty`) that
`ingest --merge` strips, and `mentions` (every name found, for the annotated page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import schema
from ..dataset import normalise_quote
from ..dates import DateError, parse_date
from ..errors import UsageError
from ..ids import SLUG, slugify
from ..model import Dataset
from ..writer import write_yaml
from .claims import Claim, extract_claims
from .mentions import Mention, build_index, find_mentions
from .reading import Report
from .rules import Rules, load_rules
from .sentences import split_sentences

__all__ = ["Ingested", "ingest_report", "candidate_records", "write_candidates", "REVIEW_FIELDS", "STRENGTH"]

# Review fields: what a reviewer reads and sets; never written into the dataset.
REVIEW_FIELDS = ("review", "offsets", "rules", "why", "admiralty", "mentions_at")
REVIEW_STATES = ("pending", "accepted", "rejected")
# The strongest grade of a tie's citations is its grade; a denial never strengthens anything.
STRENGTH = ("confirmed", "reported", "claimed", "unconfirmed", "rumoured")


@dataclass
class Ingested:
    """Everything `ingest` read in one report."""

    report: Report
    source: dict[str, Any]
    source_known: bool
    mentions: list[Mention]
    claims: list[Claim]
    names: dict[str, str] = field(default_factory=dict)  # id -> display name (record and proposed)


def _source_for(report: Report, dataset: Dataset, source_id: str | None, publisher: str | None, date: str | None) -> tuple[dict[str, Any], bool]:
    """The report's source record: the registry's when it holds this report, else a new one."""
    if source_id is None:
        wanted = normalise_quote(report.text)
        source_id = next((sid for sid, text in dataset.texts.items() if normalise_quote(text) == wanted), None)
    if source_id is not None and not SLUG.match(source_id):
        raise UsageError(f"--source-id {source_id!r} is not a slug (fix: lowercase letters, digits and hyphens, e.g. {slugify(source_id)})")
    known = dataset.sources.get(source_id) if source_id else None
    if date:
        try:
            parse_date(date)
        except DateError as exc:
            raise UsageError(f"--date: {exc}") from None
    if known is not None:
        record = {
            "id": known.id, "title": known.title, "publisher": publisher or known.publisher, "date": date or (str(known.date) if known.date else None),
            "url": known.url, "kind": known.kind, "reliability": known.reliability, "text": known.text,
        }
        return {k: v for k, v in record.items() if v}, True
    stem = Path(report.path).stem if report.path else "report"
    ident = source_id or slugify(report.title or stem, "report")[:60].strip("-")
    record = {
        "id": ident,
        "title": report.title or stem,
        "publisher": publisher or report.publisher,
        "date": date or report.date,
        "url": report.url,
        "kind": "news",
        "reliability": "F",
        "text": f"texts/{ident}.txt",
        "notes": "Added by ingest; grade its reliability (A-F) before accepting.",
    }
    return {k: v for k, v in record.items() if v}, False


def ingest_report(report: Report, dataset: Dataset, *, rules: Rules | None = None, source_id: str | None = None, publisher: str | None = None, date: str | None = None) -> Ingested:
    """Read `report` against `dataset`: mentions, ties and status events with their hedging."""
    rules = rules or load_rules()
    source, known = _source_for(report, dataset, source_id, publisher, date)
    report_date = parse_date(source["date"]) if source.get("date") else None
    index = build_index(dataset, rules)
    sentences = split_sentences(report.text, rules.abbreviations)
    mentions = find_mentions(report.text, sentences, index, rules)
    claims = extract_claims(report.text, sentences, mentions, index, rules, dataset.ties, report_date)
    names = dict(index.display)
    for mention in mentions:
        if mention.how == "new" and mention.entity:
            names.setdefault(mention.entity, mention.new_name or mention.text)
    return Ingested(report, source, known, mentions, claims, names)


def _citation(claim: Claim, source: dict, credibility: dict[str, int]) -> dict[str, Any]:
    citation: dict[str, Any] = {"source": source["id"], "quote": claim.sentence.text}
    if claim.grade == "denied":
        citation["stance"] = "disputes"
    citation["credibility"] = credibility.get(claim.grade, 6)
    citation["note"] = f"reads as {claim.grade}: {claim.why}"
    return citation


def _strongest(grades: list[str]) -> str:
    kept = [g for g in grades if g in STRENGTH]
    return min(kept, key=STRENGTH.index) if kept else "disputed"


def candidate_records(ingested: Ingested, dataset: Dataset, rules: Rules | None = None) -> dict[str, Any]:
    """The candidates file's content: plain data in the dataset's format plus review fields."""
    rules = rules or load_rules()
    source = ingested.source
    reliability = source.get("reliability", "F")
    ties: dict[tuple, dict[str, Any]] = {}
    grades: dict[tuple, list[str]] = {}
    statuses: dict[tuple, dict[str, Any]] = {}
    for claim in ingested.claims:
        citation = _citation(claim, source, rules.credibility)
        offset = [claim.sentence.start, claim.sentence.end]
        if claim.record == "tie":
            key = (claim.type, claim.source, claim.target)
            record = ties.get(key)
            if record is None:
                record = ties[key] = {"review": "pending", "type": claim.type, "from": claim.source, "to": claim.target}
                if claim.date and schema.REL_TYPES[claim.type].family in ("rupture", "context"):
                    record["start"] = str(claim.date)
                record["confidence"] = ""
                record.update(claim.extra)
                record.update({"sources": [], "offsets": [], "rules": []})
            if claim.sentence.text not in [c["quote"] for c in record["sources"]]:
                record["sources"].append(citation)
                record["offsets"].append(offset)
            if claim.rule not in record["rules"]:
                record["rules"].append(claim.rule)
            grades.setdefault(key, []).append(claim.grade)
        else:
            denied = claim.grade == "denied"
            key = (claim.source, claim.type, denied)
            record = statuses.get(key)
            if record is None:
                record = statuses[key] = {"review": "pending", "person": claim.source, "kind": claim.type, "date": str(claim.date) if claim.date else ""}
                record.update({"state": "", "confidence": "", "sources": [], "offsets": [], "rules": []})
                if denied:
                    recorded = [e for e in dataset.status_events if e.person == claim.source and e.kind == claim.type and e.state != "denied"]
                    if recorded:
                        record["supersedes"] = recorded[-1].id
            if claim.target and not record.get("place"):
                record["place"] = claim.target
            if claim.sentence.text not in [c["quote"] for c in record["sources"]]:
                record["sources"].append(citation)
                record["offsets"].append(offset)
            if claim.rule not in record["rules"]:
                record["rules"].append(claim.rule)
            grades.setdefault(("status",) + key, []).append(claim.grade)
    for key, record in ties.items():
        grade = _strongest(grades[key])
        if grade != "disputed" and "denied" in grades[key]:
            grade = "disputed"  # the report carries the claim and its denial: sources contradict each other
        record["confidence"] = grade
        record["admiralty"] = schema.grade(reliability, rules.credibility.get(grade, 6))
    for key, record in statuses.items():
        grade = _strongest(grades[("status",) + key])
        if key[2]:
            record["state"], record["confidence"] = "denied", "reported"
        else:
            record["state"] = "confirmed" if grade == "confirmed" else "reported"
            record["confidence"] = grade
        record["admiralty"] = schema.grade(reliability, rules.credibility.get(grade, 6))
    people: dict[str, dict[str, Any]] = {}
    mentions = []
    for mention in ingested.mentions:
        mentions.append({"text": mention.text, "entity": mention.entity, "kind": mention.kind, "how": mention.how, "offsets": [mention.start, mention.end], **({"title": mention.title} if mention.title else {})})
        if mention.how == "new" and mention.entity:
            person = people.setdefault(mention.entity, {"review": "pending", "id": mention.entity, "name": mention.new_name or mention.text, "titles": [], "offsets": []})
            if mention.title and mention.title not in person["titles"]:
                person["titles"].append(mention.title)
            person["offsets"].append([mention.start, mention.end])
    report = ingested.report
    return {
        "report": {k: v for k, v in {"source": source["id"], "title": source.get("title"), "date": source.get("date"), "url": source.get("url"), "file": Path(report.path).name if report.path else None, "text": report.text}.items() if v},
        "sources": [] if ingested.source_known else [{"review": "pending", **source}],
        "people": list(people.values()),
        "ties": [_ordered(r) for r in ties.values()],
        "status": [_ordered_status(r) for r in statuses.values()],
        "mentions": mentions,
    }


def _ordered(record: dict[str, Any]) -> dict[str, Any]:
    front = ("review", "admiralty", "type", "from", "to", "start", "confidence", "role", "relation", "head")
    out = {k: record[k] for k in front if k in record and record[k] not in (None, "")}
    out["sources"] = record["sources"]
    out["offsets"] = record["offsets"]
    out["rules"] = record["rules"]
    return out


def _ordered_status(record: dict[str, Any]) -> dict[str, Any]:
    front = ("review", "admiralty", "person", "kind", "date", "state", "confidence", "place", "supersedes")
    out = {k: record[k] for k in front if k in record and record[k] not in (None, "")}
    out["sources"] = record["sources"]
    out["offsets"] = record["offsets"]
    out["rules"] = record["rules"]
    return out


def write_candidates(records: dict[str, Any], path: str | Path) -> Path:
    """Write the candidates file with the project's one YAML writer."""
    out = Path(path)
    write_yaml(out, records)
    return out
