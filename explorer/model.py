"""The records a dataset holds, as plain dataclasses (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .dates import PartialDate

__all__ = ["Source", "Entity", "Citation", "Tie", "StatusEvent", "Dataset", "Story", "StoryStep"]


@dataclass
class Source:
    """Where a claim comes from, with its Admiralty reliability (A-F)."""

    id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    date: PartialDate | None = None
    url: str | None = None
    reliability: str = "F"
    kind: str | None = None
    text: str | None = None  # the held text, when we have it (quotes are checked against it)
    notes: str | None = None
    file: str = ""
    line: int | None = None


@dataclass
class Entity:
    """A person, organization, place or event."""

    id: str
    kind: str
    name: str
    name_ar: str | None = None
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    file: str = ""
    line: int | None = None


@dataclass
class Citation:
    """One source behind one claim, with its own credibility (1-6) and an exact quote if held."""

    source: str
    quote: str | None = None
    stance: str = "supports"
    credibility: int | None = None
    note: str | None = None


@dataclass
class Tie:
    """A relationship between two entities; symmetric types are stored once, read both ways."""

    id: str
    type: str
    source: str
    target: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    confidence: str = "reported"
    citations: list[Citation] = field(default_factory=list)
    note: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)  # relation, role ...
    file: str = ""
    line: int | None = None


@dataclass
class StatusEvent:
    """A change of a person's status (a defection, a death ...), reported, confirmed or denied.

    A later confirmation or denial is a new record that names the one it `supersedes`.
    """

    id: str
    person: str
    kind: str
    date: PartialDate | None
    state: str = "reported"
    confidence: str = "reported"
    place: str | None = None
    supersedes: str | None = None
    citations: list[Citation] = field(default_factory=list)
    note: str | None = None
    file: str = ""
    line: int | None = None


@dataclass
class StoryStep:
    """One step of a story: the date it sets, whom it focuses, which ties it lights, what it says."""

    title: str
    date: PartialDate
    caption: str
    focus: list[str] = field(default_factory=list)  # entity ids
    ties: list[str] = field(default_factory=list)  # tie ids drawn highlighted
    citations: list[Citation] = field(default_factory=list)
    line: int | None = None


@dataclass
class Story:
    """A guided walk through the record (a file in the dataset's stories/ folder)."""

    id: str
    title: str
    steps: list[StoryStep]
    description: str | None = None
    person: str | None = None  # the loyalty view of this person, instead of the whole network
    file: str = ""


@dataclass
class Dataset:
    """A whole, validated dataset."""

    name: str
    title: str
    path: str
    core: str | None
    entities: dict[str, Entity]
    sources: dict[str, Source]
    ties: list[Tie]
    status_events: list[StatusEvent]
    description: str | None = None
    uprising_start: PartialDate | None = None
    observed_until: PartialDate | None = None  # where the record stops: an end there may be the window, not a source
    texts: dict[str, str] = field(default_factory=dict)  # source id -> held text
    stories: dict[str, Story] = field(default_factory=dict)  # story id (its file name) -> story

    def entity(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]
