"""Consistency rules: contradictions inside a dataset that each record alone cannot show.

A record can be well formed and still disagree with the rest: a post held after its holder's
death, two prime ministers at once, a tie graded `confirmed` on one doubtful citation. Each rule
here is one small function with a short id, a one-line explanation and a fix; `RULES` is the
registry that `validate --rules` lists and `check_rules` runs. Errors are contradictions; warnings
are judgements a maintainer should look at. `validate --strict` fails on both.

Dates are partial (see `explorer.dates`), so a rule fires only when the spans leave no doubt: a
tie dated `2012` is not "after" a death on 2012-07-18.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Callable, Iterable, Iterator, Union

from . import schema
from .dates import PartialDate
from .errors import Problem
from .graph.timeline import effective_status_events
from .model import Citation, Dataset, Entity, StatusEvent, Tie

__all__ = ["Rule", "Facts", "RULES", "check_rules", "rules_table", "rules_markdown", "grade_allowed", "CONFIRMED_NEEDS", "REPORTED_NEEDS"]

Record = Union[Tie, StatusEvent]
Finding = tuple[Union[Tie, StatusEvent, Entity], str]


@dataclass(frozen=True)
class Rule:
    """One consistency rule: what it checks, how serious a breach is, and how to fix one."""

    id: str
    severity: str  # "error" (a contradiction) or "warning" (a judgement to review)
    summary: str
    fix: str
    check: Callable[["Facts"], Iterable[Finding]]


class Facts:
    """What several rules ask of a dataset, worked out once: births, deaths, events in force."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    @cached_property
    def in_force(self) -> list[StatusEvent]:
        """Status events neither denied nor superseded, as the timeline reads them."""
        by_person: dict[str, list[StatusEvent]] = {}
        for event in self.dataset.status_events:
            by_person.setdefault(event.person, []).append(event)
        kept: list[StatusEvent] = []
        for events in by_person.values():
            by_id = {e.id: e for e in events}
            rows = [{"id": e.id, "date": e.date, "state": e.state, "supersedes": e.supersedes} for e in events]
            kept.extend(by_id[row["id"]] for row in effective_status_events(rows))
        return kept

    @cached_property
    def death(self) -> dict[str, PartialDate]:
        """Each dead person's death: the `died` field, else the earliest death event in force."""
        deaths: dict[str, PartialDate] = {}
        for event in self.in_force:
            if event.kind == "died" and event.date and (event.person not in deaths or event.date.first_day < deaths[event.person].first_day):
                deaths[event.person] = event.date
        for person in self.dataset.of_kind("person"):
            if person.attrs.get("died"):
                deaths[person.id] = person.attrs["died"]
        return deaths

    @cached_property
    def birth(self) -> dict[str, PartialDate]:
        """Each person's `born`, where the record has one."""
        return {p.id: p.attrs["born"] for p in self.dataset.of_kind("person") if p.attrs.get("born")}

    def people_of(self, tie: Tie) -> list[str]:
        """The ends of a tie that are people (a death or a birth can only bound those)."""
        return [end for end in (tie.source, tie.target) if self.dataset.entities.get(end) and self.dataset.entities[end].kind == "person"]


# --------------------------------------------------------------------------------------------
# helpers


def _supporting(citations: list[Citation]) -> list[Citation]:
    return [c for c in citations if c.stance == "supports"]


def _certain(start: PartialDate | None, end: PartialDate | None) -> tuple[date, date]:
    """The days a tie certainly holds: from its start's last day to its end's first day (open: unbounded)."""
    return (start.last_day if start else date.min, end.first_day if end else date.max)


def _name(facts: Facts, ident: str) -> str:
    entity = facts.dataset.entities.get(ident)
    return entity.name if entity else ident


# The grading rule (docs/data.md): what a citation must be for a tie or event to carry a grade.
CONFIRMED_NEEDS = "a supporting citation graded A1, A2, B1, B2 or C1, or two from different publishers graded A-C with credibility 1-2"
REPORTED_NEEDS = "one supporting citation graded A-C with credibility 1-3"


def grade_allowed(citations: list[Citation], sources: dict) -> str:
    """The strongest confidence these citations allow: `confirmed`, `reported` or `claimed`.

    Confirmed needs an A/B source with credibility 1-2, a C source with credibility 1 (the
    Admiralty's "confirmed by other sources": the grader knows them), or two independent
    (different publisher) A-C sources with credibility 1-2; reported needs an A-C source with
    credibility 1-3; anything weaker (claimed, unconfirmed, rumoured, disputed) needs only a source.
    A D, E or F source never carries more than `claimed` alone.
    """
    graded = []
    for citation in _supporting(citations):
        source = sources.get(citation.source)
        if source is None:
            continue
        graded.append((source.reliability, citation.credibility or 6, source.publisher or source.id))
    if any((rel in "AB" and cred <= 2) or (rel == "C" and cred == 1) for rel, cred, _ in graded):
        return "confirmed"
    if len({pub for rel, cred, pub in graded if rel in "ABC" and cred <= 2}) >= 2:
        return "confirmed"
    if any(rel in "ABC" and cred <= 3 for rel, cred, _ in graded):
        return "reported"
    return "claimed"


# --------------------------------------------------------------------------------------------
# the rules, one function each


def after_death(facts: Facts) -> Iterator[Finding]:
    """Ties that start or end, and status events dated, wholly after a party's death; and posts
    (hierarchy ties) of a dead holder left with no end, which every later snapshot would still hold."""
    for tie in facts.dataset.ties:
        rel = schema.REL_TYPES[tie.type]
        if rel.posthumous:
            continue
        for person in facts.people_of(tie):
            died = facts.death.get(person)
            if died is None:
                continue
            late = [(field, when) for field, when in (("starts", tie.start), ("ends", tie.end)) if when is not None and died.is_before(when)]
            if late:
                field, when = late[0]
                yield tie, f"{tie.type} {field} {when}, after {_name(facts, person)} died ({died})"
                break
            if tie.end is None and rel.family == "hierarchy" and person == tie.source:
                yield tie, f"{tie.type} has no end, so it runs past {_name(facts, person)}'s death ({died})"
                break
    for event in facts.in_force:
        died = facts.death.get(event.person)
        if event.kind in schema.POSTHUMOUS_EVENT_KINDS or died is None or event.date is None:
            continue
        if died.is_before(event.date):
            yield event, f"{event.kind} event dated {event.date}, after {_name(facts, event.person)} died ({died})"


def death_event_vs_person(facts: Facts) -> Iterator[Finding]:
    """A death event in force that the person's `died` field does not match (missing, or another date)."""
    for event in facts.in_force:
        if event.kind != "died" or event.date is None:
            continue
        person = facts.dataset.entities[event.person]
        died = person.attrs.get("died")
        if died is None:
            yield event, f"death event dated {event.date}, but {person.name} has no 'died'"
        elif not died.overlaps(event.date):
            yield event, f"death event dated {event.date}, but {person.name}'s 'died' is {died}"


def defection_tie_vs_event(facts: Facts) -> Iterator[Finding]:
    """A DEFECTED_FROM tie with no defection event in force, or none on its date: the analysis
    reads a person's defection from the events, so the two must tell the same story."""
    defections: dict[str, list[StatusEvent]] = {}
    for event in facts.in_force:
        if event.kind == "defected":
            defections.setdefault(event.person, []).append(event)
    for tie in facts.dataset.ties:
        if tie.type != schema.DEFECTION_TYPE:
            continue
        events = defections.get(tie.source, [])
        if not events:
            yield tie, f"{_name(facts, tie.source)} defected from {_name(facts, tie.target)} by this tie, but has no defection event in force"
        elif tie.start and not any(e.date is None or e.date.overlaps(tie.start) for e in events):
            dates = ", ".join(str(e.date) for e in events)
            yield tie, f"the tie dates the defection {tie.start}, the defection event{'s' if len(events) > 1 else ''} {dates}"


def before_birth(facts: Facts) -> Iterator[Finding]:
    """Ties and status events of a person dated wholly before that person's birth."""
    for tie in facts.dataset.ties:
        for person in facts.people_of(tie):
            born = facts.birth.get(person)
            when = tie.start or tie.end
            if born is not None and when is not None and when.is_before(born):
                yield tie, f"{tie.type} dated {when}, before {_name(facts, person)} was born ({born})"
    for event in facts.dataset.status_events:
        born = facts.birth.get(event.person)
        if born is not None and event.date is not None and event.date.is_before(born):
            yield event, f"{event.kind} event dated {event.date}, before {_name(facts, event.person)} was born ({born})"


def two_heads(facts: Facts) -> Iterator[Finding]:
    """Two heads of one body at once: a post that heads its body (`COMMANDS`, `head: true`) has one holder.

    Claims graded weaker than `reported` are the other side of a recorded dispute and are left out;
    a hand-over on the same day is not an overlap.
    """
    strong = schema.confidence_rank("reported")
    heads: dict[str, list[Tie]] = {}
    for tie in facts.dataset.ties:
        if schema.heads(schema.REL_TYPES[tie.type], tie.attrs) and schema.confidence_rank(tie.confidence) <= strong:
            heads.setdefault(tie.target, []).append(tie)
    for org, ties in heads.items():
        ties.sort(key=lambda t: _certain(t.start, t.end))
        for i, first in enumerate(ties):
            a_lo, a_hi = _certain(first.start, first.end)
            for second in ties[i + 1:]:
                if second.source == first.source:
                    continue
                b_lo, b_hi = _certain(second.start, second.end)
                if max(a_lo, b_lo) < min(a_hi, b_hi):
                    yield second, f"{_name(facts, second.source)} heads {_name(facts, org)} while {_name(facts, first.source)} does ({first.id})"


def dependent_before_basis(facts: Facts) -> Iterator[Finding]:
    """A dependent tie (the registry's `depends_on`, e.g. SERVES_UNDER) that starts when none of what it rests on holds."""
    by_source: dict[str, list[Tie]] = {}
    for tie in facts.dataset.ties:
        by_source.setdefault(tie.source, []).append(tie)
    for tie in facts.dataset.ties:
        needs = schema.REL_TYPES[tie.type].depends_on
        if not needs or tie.start is None:
            continue
        basis = [t for t in by_source.get(tie.source, []) if t.type in needs]
        if not basis:
            continue
        if not any((b.start is None or b.start.first_day <= tie.start.last_day) and (b.end is None or b.end.last_day >= tie.start.first_day) for b in basis):
            dated = ", ".join(f"{b.type} {_name(facts, b.target)} from {b.start or '?'}" for b in basis)
            yield tie, f"{tie.type} starts {tie.start}, when no post it rests on holds ({dated})"


def state_vs_confidence(facts: Facts) -> Iterator[Finding]:
    """A status event whose `state` and `confidence` disagree (confirmed is said by both or by neither)."""
    for event in facts.dataset.status_events:
        if event.state == "confirmed" and event.confidence != "confirmed":
            yield event, f"state is confirmed but confidence is {event.confidence}"
        elif event.state == "reported" and event.confidence == "confirmed":
            yield event, "state is reported but confidence is confirmed"


def overgraded(facts: Facts) -> Iterator[Finding]:
    """A tie or status event graded stronger than its citations allow (the grading rule, docs/data.md)."""
    records: list[Record] = [*facts.dataset.ties, *facts.dataset.status_events]
    for record in records:
        if record.confidence not in ("confirmed", "reported") or not record.citations:
            continue
        allowed = grade_allowed(record.citations, facts.dataset.sources)
        if schema.confidence_rank(record.confidence) < schema.confidence_rank(allowed):
            shown = ", ".join(schema.grade(facts.dataset.sources[c.source].reliability, c.credibility) for c in _supporting(record.citations) if c.source in facts.dataset.sources)
            need = CONFIRMED_NEEDS if record.confidence == "confirmed" else REPORTED_NEEDS
            yield record, f"graded {record.confidence} on {shown or 'no supporting citation'}; {record.confidence} needs {need}"


def window_end(facts: Facts) -> Iterator[Finding]:
    """A tie that ends exactly where the record stops (`observed_until`) with no later source to say it ended."""
    until = facts.dataset.observed_until
    if until is None:
        return
    for tie in facts.dataset.ties:
        if tie.end is None or tie.end != until:
            continue
        later = [c for c in _supporting(tie.citations) if c.source in facts.dataset.sources and (d := facts.dataset.sources[c.source].date) is not None and until.is_before(d)]
        if not later:
            yield tie, f"ends {tie.end}, the end of the observation window, and no source dated after it says so"


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("after-death", "error", "a tie or status event dated after a party's death, or a dead holder's post with no end (posthumous types excepted)",
             "end the tie at the death (or drop the end if unknown), or check the death date", after_death),
        Rule("death-event", "error", "a death event in force that the person's 'died' does not match (missing or another date)",
             "set 'died' to the date the sources give, or deny or supersede the event", death_event_vs_person),
        Rule("defection-event", "error", "a DEFECTED_FROM tie with no defection event in force, or none that its start date overlaps",
             "add the defection status event the sources give, or date the tie and the event alike", defection_tie_vs_event),
        Rule("before-birth", "error", "a tie or status event dated wholly before the person's birth",
             "check the date and the 'born' field against the sources", before_birth),
        Rule("two-heads", "error", "two holders at once of a post that heads its body (COMMANDS, head: true) graded reported or stronger",
             "end the earlier holder's post when the next one starts, or grade the weaker claim as disputed", two_heads),
        Rule("dependent-early", "error", "a dependent tie (SERVES_UNDER) that starts when no post it rests on holds",
             "date it from the post it comes from, or add that post", dependent_before_basis),
        Rule("state-confidence", "error", "a status event whose state and confidence disagree about 'confirmed'",
             "make both say confirmed, or neither", state_vs_confidence),
        Rule("overgraded", "warning", "a tie or status event graded stronger than its citations allow (docs/data.md, grading)",
             "lower the confidence, or cite a source that supports the grade", overgraded),
        Rule("window-end", "warning", "a tie ending exactly at the dataset's observed_until, with no later source saying it ended",
             "give the end a source states, or drop it (a missing end means unknown)", window_end),
    )
}


def check_rules(dataset: Dataset, only: Iterable[str] | None = None) -> list[Problem]:
    """Every breach of the consistency rules (or of the rules named in `only`), as problems."""
    facts = Facts(dataset)
    wanted = set(RULES) if only is None else set(only)
    problems: list[Problem] = []
    for rule in RULES.values():
        if rule.id not in wanted:
            continue
        for record, message in rule.check(facts):
            problems.append(Problem(record.file, record.line, record.id, message, rule.fix, rule.severity, rule.id))
    return problems


def rules_table() -> list[dict[str, str]]:
    """The rules as plain rows (id, severity, summary, fix): `validate --rules` and the docs read this."""
    return [{"id": r.id, "severity": r.severity, "summary": r.summary, "fix": r.fix} for r in RULES.values()]


def rules_markdown() -> str:
    """The rules as the rows of the Markdown table in docs/data.md (a test keeps the two in step)."""
    return "\n".join(f"| `{r['id']}` | {r['severity']} | {r['summary']} | {r['fix']} |" for r in rules_table())
