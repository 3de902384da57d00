"""Synthetic regimes for benchmarks and demos: plausible shape, invented people, marked as such.

A ruler at the core; clans of relatives around an inner circle; officers serving under the ones
above them in units; about three ties per person, dated; a few percent of people defecting in
2011-2013 with status events. Deterministic for a seed. Every name says it is synthetic.
"""

from __future__ import annotations

import random

from . import schema
from .ids import tie_id
from .dates import PartialDate
from .model import Citation, Dataset, Entity, Source, StatusEvent, Tie

__all__ = ["synthetic_dataset"]

SOURCE_ID = "synthetic"


def _tie(type_name: str, source: str, target: str, start: PartialDate | None, end: PartialDate | None, confidence: str, **attrs) -> Tie:
    if schema.REL_TYPES[type_name].symmetric and source > target:
        source, target = target, source
    ident = tie_id(type_name, source, target)
    return Tie(ident, type_name, source, target, start, end, confidence, [Citation(SOURCE_ID, credibility=6)], attrs=attrs)


def synthetic_dataset(people: int, seed: int = 1) -> Dataset:
    """A dataset of `people` synthetic people (at least 2) with about three ties each."""
    rng = random.Random(seed)
    people = max(2, people)
    confidences = ("confirmed", "reported", "reported", "claimed", "rumoured")
    ids = [f"p{i:06d}" for i in range(people)]
    entities = {
        pid: Entity(pid, "person", f"Synthetic person {i}", aliases=[f"SP{i}"], attrs={"born": PartialDate(1940 + i % 50)})
        for i, pid in enumerate(ids)
    }
    units = [f"unit-{j:04d}" for j in range(max(1, people // 50))]
    for j, uid in enumerate(units):
        entities[uid] = Entity(uid, "organization", f"Synthetic unit {j}", attrs={"kind": "military_unit"})
    entities["regime"] = Entity("regime", "organization", "Synthetic regime", attrs={"kind": "government_body"})
    ties: dict[str, Tie] = {}

    def add(tie: Tie) -> None:
        if tie.source != tie.target and tie.id not in ties:
            ties[tie.id] = tie

    for i in range(1, people):
        pid = ids[i]
        superior = ids[rng.randrange(0, i)] if i < 20 else ids[rng.randrange(max(1, i // 4), i)]
        start = PartialDate(rng.randrange(1990, 2011), rng.randrange(1, 13))
        add(_tie("SERVES_UNDER", pid, superior, start, None, rng.choice(confidences)))
        clan = ids[max(0, i - rng.randrange(1, 6))]
        add(_tie(rng.choice(("SIBLING_OF", "RELATIVE_OF", "FRIEND_OF")), pid, clan, None, None, rng.choice(confidences)))
        add(_tie("MEMBER_OF", pid, units[i % len(units)], start, None, "reported"))
        if i % 7 == 0:
            add(_tie("PARENT_OF", ids[rng.randrange(0, i)], pid, None, None, "confirmed"))
    # a chain of command: each unit commanded by one of the earliest people, part of the regime
    # that the core heads (so loyalty paths can climb it, as in the bundled data)
    add(_tie("HOLDS_POSITION", ids[0], "regime", None, None, "confirmed", role="Head", head=True))
    for j, uid in enumerate(units):
        add(_tie("COMMANDS", ids[1 + j % (people - 1)], uid, None, None, rng.choice(confidences)))
        add(_tie("PART_OF", uid, "regime", None, None, "confirmed"))
    events = []
    for i in range(1, people):
        if rng.random() < 0.03:
            when = PartialDate(rng.randrange(2011, 2014), rng.randrange(1, 13))
            pid = ids[i]
            events.append(StatusEvent(f"{pid}--defected--{when}", pid, "defected", when, "reported", "reported", citations=[Citation(SOURCE_ID, credibility=6)]))
            add(_tie("DEFECTED_FROM", pid, "regime", when, None, "reported"))
    source = Source(SOURCE_ID, "Synthetic data (invented for benchmarks; describes no one)", reliability="F")
    return Dataset(
        name=f"synthetic-{people}",
        title=f"Synthetic regime of {people} people (invented)",
        path="",
        core=ids[0],
        entities=entities,
        sources={SOURCE_ID: source},
        ties=list(ties.values()),
        status_events=events,
        uprising_start=PartialDate(2011, 3),
    )
