"""Coverage: which basic facts the record holds for each person, so a maintainer sees the gaps.

Basic facts are a birth date, a sect, posts (hierarchy ties the person holds, and whether they are
dated, so a career can be read over time), family ties, sources cited for the person, and a death
date where the record says the person died. Nothing here judges whether a fact is true; that is
what `validate` and its rules do.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from . import schema
from .model import Dataset
from .rules import Facts

__all__ = ["PersonCoverage", "Coverage", "coverage", "FACTS"]

# The facts counted per person, in the order reports show them, with what a gap means.
FACTS: dict[str, str] = {
    "born": "no birth date",
    "sect": "no sect or community",
    "posts": "no post (MEMBER_OF, COMMANDS, HOLDS_POSITION, ...)",
    "dated_posts": "no post with a start date",
    "family": "no family tie",
    "sources": "no source cites anything about the person",
    "died": "a death event but no 'died' date",
}


@dataclass
class PersonCoverage:
    """What the record holds for one person; `missing` names the facts it lacks (keys of FACTS)."""

    id: str
    name: str
    born: str | None
    died: str | None
    sect: str | None
    posts: int
    dated_posts: int
    family: int
    sources: int
    status_events: int
    missing: list[str] = field(default_factory=list)


@dataclass
class Coverage:
    """Every person's coverage, and how many people have each fact."""

    dataset: str
    people: list[PersonCoverage]
    totals: dict[str, int]

    def to_dict(self) -> dict:
        return {"dataset": self.dataset, "people": [asdict(p) for p in self.people], "totals": self.totals}


def coverage(dataset: Dataset) -> Coverage:
    """Count, for every person, the basic facts the record holds (see FACTS).

    A death counts as missing only when a death event in force says the person died and `died`
    is not set: for anyone else the record cannot tell a living person from an unrecorded death.
    """
    people = {p.id: p for p in dataset.of_kind("person")}
    posts = {pid: 0 for pid in people}
    dated = {pid: 0 for pid in people}
    family = {pid: 0 for pid in people}
    cited: dict[str, set[str]] = {pid: set() for pid in people}
    events = {pid: 0 for pid in people}
    dead = Facts(dataset).death  # the died field, or a death event in force (as the rules read it)
    for tie in dataset.ties:
        rel = schema.REL_TYPES[tie.type]
        for end in (tie.source, tie.target):
            if end in people:
                cited[end].update(c.source for c in tie.citations)
                if rel.family == "family":
                    family[end] += 1
        if rel.family == "hierarchy" and tie.source in people and dataset.entities[tie.target].kind == "organization":
            posts[tie.source] += 1
            dated[tie.source] += tie.start is not None
    for event in dataset.status_events:
        if event.person in people:
            events[event.person] += 1
            cited[event.person].update(c.source for c in event.citations)
    rows = []
    for pid, person in people.items():
        attrs = person.attrs
        row = PersonCoverage(
            id=pid,
            name=person.name,
            born=str(attrs["born"]) if attrs.get("born") else None,
            died=str(attrs["died"]) if attrs.get("died") else None,
            sect=attrs.get("sect"),
            posts=posts[pid],
            dated_posts=dated[pid],
            family=family[pid],
            sources=len(cited[pid]),
            status_events=events[pid],
        )
        has = {
            "born": row.born is not None,
            "sect": row.sect is not None,
            "posts": row.posts > 0,
            "dated_posts": row.dated_posts > 0,
            "family": row.family > 0,
            "sources": row.sources > 0,
            "died": row.died is not None or pid not in dead,
        }
        row.missing = [fact for fact in FACTS if not has[fact]]
        rows.append(row)
    rows.sort(key=lambda r: (-len(r.missing), r.name))
    totals = {"people": len(rows)}
    totals.update({f"with_{fact}": sum(fact not in r.missing for r in rows) for fact in FACTS if fact != "died"})
    totals["dead_with_died"] = sum(r.died is not None for r in rows)
    totals["death_events_without_died"] = sum("died" in r.missing for r in rows)
    totals["complete"] = sum(not r.missing for r in rows)
    return Coverage(dataset.name, rows, totals)
