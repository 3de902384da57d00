"""A report's candidates against the record: what is new, what confirms, what contradicts.

A candidate tie is compared with the recorded ties of the same type between the same two
entities; a candidate status event with the recorded events of the same person and kind. The
grades are compared on the registry's scale, so a report that states as fact a tie the record
holds as `reported` shows as confirming it, and a denial of a recorded defection as contradicting it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import schema
from ..model import Dataset
from .candidates import STRENGTH

__all__ = ["Change", "compare", "diff_text", "diff_json"]

MARKS = {"new": "+", "agrees": "=", "confirms": "^", "weaker": "~", "contradicts": "!", "new-person": "+"}


@dataclass
class Change:
    """One candidate judged against the record."""

    change: str  # new, agrees, confirms, weaker, contradicts, new-person
    record: str  # tie, status, person
    summary: str
    grade: str = ""
    recorded: list[dict[str, Any]] = field(default_factory=list)
    quote: str = ""
    cites_already: bool = False
    key: dict[str, Any] = field(default_factory=dict)


def _rank(grade: str) -> int:
    return STRENGTH.index(grade) if grade in STRENGTH else len(STRENGTH)


def _same_ends(rel: schema.RelType, tie, a: str, b: str) -> bool:
    if rel.symmetric:
        return {tie.source, tie.target} == {a, b}
    return tie.source == a and tie.target == b


def _name(names: dict[str, str], ident: str | None) -> str:
    return names.get(ident or "", ident or "?")


def compare(records: dict[str, Any], dataset: Dataset, names: dict[str, str] | None = None) -> list[Change]:
    """Every candidate of `records` (a candidates file's content) judged against `dataset`."""
    names = dict(names or {})
    names.update({e.id: e.name for e in dataset.entities.values()})
    for person in records.get("people") or []:
        names.setdefault(person.get("id", ""), person.get("name", ""))
    source_id = (records.get("report") or {}).get("source")
    changes: list[Change] = []
    for person in records.get("people") or []:
        ident = person.get("id")
        if ident in dataset.entities:
            continue
        titles = ", ".join(person.get("titles") or [])
        changes.append(Change("new-person", "person", f"{person.get('name')} ({titles or 'no title'}), suggested id {ident}", key={"id": ident}))
    for tie in records.get("ties") or []:
        rel = schema.REL_TYPES.get(tie.get("type", ""))
        if rel is None:
            continue
        a, b = tie.get("from"), tie.get("to")
        grade = tie.get("confidence", "")
        recorded = [t for t in dataset.ties if t.type == rel.name and _same_ends(rel, t, a, b)]
        arrow = "—" if rel.symmetric else "→"
        summary = f"{rel.name} {_name(names, a)} {arrow} {_name(names, b)}"
        if not recorded:
            change = "new"
        elif grade == "disputed":
            change = "contradicts"
        else:
            best = min(recorded, key=lambda t: _rank(t.confidence))
            change = "confirms" if _rank(grade) < _rank(best.confidence) else "agrees" if grade == best.confidence else "weaker"
            if best.confidence == "disputed":
                change = "agrees"  # sides with one of the recorded, disputed claims; the record keeps the dispute
        quotes = [c.get("quote", "") for c in tie.get("sources") or [] if isinstance(c, dict)]
        changes.append(Change(
            change, "tie", summary, grade,
            [{"id": t.id, "confidence": t.confidence, "start": str(t.start) if t.start else None, "end": str(t.end) if t.end else None, "sources": [c.source for c in t.citations]} for t in recorded],
            quotes[0] if quotes else "", any(c.source == source_id for t in recorded for c in t.citations), {"type": rel.name, "from": a, "to": b},
        ))
    for event in records.get("status") or []:
        person, kind, state = event.get("person"), event.get("kind"), event.get("state", "reported")
        grade = event.get("confidence", "")
        recorded = [e for e in dataset.status_events if e.person == person and e.kind == kind]
        summary = f"{kind} {_name(names, person)} {event.get('date') or '(no date)'}"
        standing = [e for e in recorded if e.state != "denied"]
        if not recorded:
            change = "new"
        elif state == "denied":
            change = "contradicts" if standing else "agrees"
        elif not standing:
            change = "contradicts"  # the record holds only denials of it
        else:
            best = min(standing, key=lambda e: _rank(e.confidence))
            change = "confirms" if _rank(grade) < _rank(best.confidence) else "agrees" if grade == best.confidence else "weaker"
        quotes = [c.get("quote", "") for c in event.get("sources") or [] if isinstance(c, dict)]
        changes.append(Change(
            change, "status", summary, f"{state}/{grade}" if state != grade else grade,
            [{"id": e.id, "state": e.state, "confidence": e.confidence, "date": str(e.date) if e.date else None, "sources": [c.source for c in e.citations]} for e in recorded],
            quotes[0] if quotes else "", any(c.source == source_id for e in recorded for c in e.citations), {"person": person, "kind": kind},
        ))
    order = ["contradicts", "confirms", "new-person", "new", "weaker", "agrees"]
    return sorted(changes, key=lambda c: order.index(c.change))


def diff_text(changes: list[Change], source_id: str = "", dataset_name: str = "") -> str:
    """A readable diff: one line per candidate, marked + new, ^ confirms, ! contradicts, = agrees, ~ weaker."""
    counts = {k: sum(1 for c in changes if c.change == k) for k in MARKS}
    head = f"{source_id or 'report'} against {dataset_name or 'the record'}: " + ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    lines = [head, "legend: + new  ^ confirms a weaker record  ! contradicts  = agrees  ~ weaker than the record", ""]
    for change in changes:
        recorded = "; ".join(
            f"{r['id']} ({r.get('state', '') + '/' if r.get('state') else ''}{r['confidence']})" for r in change.recorded
        )
        line = f"{MARKS[change.change]} {change.change:<11} {change.summary}"
        if change.grade:
            line += f"  [{change.grade}]"
        if recorded:
            line += f"  recorded: {recorded}"
        if change.cites_already:
            line += "  (already cites this report)"
        lines.append(line)
        if change.quote:
            quote = change.quote if len(change.quote) <= 160 else change.quote[:157] + "..."
            lines.append(f"      \"{quote}\"")
    return "\n".join(lines)


def diff_json(changes: list[Change], source_id: str = "", dataset_name: str = "") -> dict[str, Any]:
    """The same judgement as plain data, for tools."""
    return {
        "source": source_id,
        "dataset": dataset_name,
        "counts": {k: sum(1 for c in changes if c.change == k) for k in MARKS},
        "changes": [
            {"change": c.change, "record": c.record, "summary": c.summary, "grade": c.grade, "recorded": c.recorded, "quote": c.quote, "cites_already": c.cites_already, **c.key}
            for c in changes
        ],
    }
