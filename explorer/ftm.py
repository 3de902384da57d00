"""FollowTheMoney (FtM) export and import, so OCCRP Aleph and OpenSanctions tooling can read the record.

FtM is the entity model of Aleph and OpenSanctions: things (Person, Organization, Address, Event,
Document) and interval entities linking them (Family, Associate, Membership, Directorship,
Occupancy, UnknownLink). We map each record onto the closest FtM schema and keep what FtM has no
field for (our tie type, confidence grade, citation grades and quotes) in `summary` lines of a fixed
form, so `import_ftm` rebuilds the dataset exactly and Aleph users still read it as text.

Why these schemata:
* places become `Address`: FtM has no generic place or country entity; `Address` is the only
  location-like Thing, so ties such as FLED_TO can still point at it;
* government bodies and states become `PublicBody`, businesses `Company`, other organizations
  `Organization`; our `kind` is kept in `classification`;
* sources become `Document` (title, publisher, author, publishedAt, sourceUrl, and the held text as
  `bodyText`); ties and status events cite them through FtM's `proof` property;
* status events (defections, deaths ...) become `Event` entities involving the person.

`followthemoney` is heavy and optional (`pip install 'regime-explorer[ftm]'`): it is imported
inside the functions that need it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import schema
from .errors import ExplorerError
from .ids import slugify
from .model import Citation, Dataset, Entity, Source, StatusEvent, Tie

__all__ = ["export_ftm", "write_ftm", "ftm_model", "FTM_MISSING", "CITATION_PREFIX", "FAMILY_LABELS"]

FTM_MISSING = "the FtM export needs the followthemoney package: pip install 'regime-explorer[ftm]'"

# Our organization kinds that FtM has a narrower schema for.
ORG_SCHEMA = {"government_body": "PublicBody", "state": "PublicBody", "business": "Company"}
# The ties FtM has a specific interval schema for; everything else is an UnknownLink.
FAMILY_LABELS = {"PARENT_OF": "child", "SPOUSE_OF": "spouse", "SIBLING_OF": "sibling"}
HIERARCHY_SCHEMA = {"MEMBER_OF": "Membership", "COMMANDS": "Directorship", "HOLDS_POSITION": "Occupancy"}
CITATION_PREFIX = "citation: "


def ftm_model():
    """FtM's schema model, or a clear message telling how to install it."""
    try:
        from followthemoney import model
    except ImportError:
        raise ExplorerError(FTM_MISSING) from None
    return model


# --------------------------------------------------------------------------------------------
# export


def _tags(**values: Any) -> str:
    """A `key: value; key: value` line: machine-readable, still plain text in Aleph."""
    return "; ".join(f"{k}: {v}" for k, v in values.items() if v is not None)


def _citation_lines(citations: list[Citation]) -> list[str]:
    """Each citation as one JSON line: FtM has no property for a quote or a credibility grade."""
    lines = []
    for c in citations:
        record = {"source": c.source, "quote": c.quote, "stance": c.stance, "credibility": c.credibility, "note": c.note}
        lines.append(CITATION_PREFIX + json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False))
    return lines


def _cite(entity: Any, citations: list[Citation], sources: dict[str, Source]) -> None:
    """Sources as FtM `proof` (linking the Documents), plus their URLs and publishers for readers."""
    for c in citations:
        entity.add("proof", c.source)
        src = sources.get(c.source)
        if src is not None:
            entity.add("sourceUrl", src.url, quiet=True)
            entity.add("publisher", src.publisher, quiet=True)
    entity.add("summary", _citation_lines(citations))


def _thing(model: Any, schema_name: str, e: Entity) -> Any:
    """The fields every entity shares: id, name (then the Arabic name), aliases, description, notes."""
    thing = model.make_entity(schema_name)
    thing.id = e.id
    thing.add("name", e.name)
    thing.add("name", e.name_ar)
    thing.add("alias", e.aliases)
    thing.add("description", e.description)
    thing.add("notes", e.attrs.get("notes"))
    return thing


def _entity(model: Any, e: Entity) -> Any:
    """One of our entities as an FtM Thing."""
    a = e.attrs
    if e.kind == "person":
        thing = _thing(model, "Person", e)
        thing.add("birthDate", str(a["born"]) if a.get("born") else None)
        thing.add("deathDate", str(a["died"]) if a.get("died") else None)
        thing.add("title", a.get("titles", []))
        thing.add("religion", a.get("sect"))
        thing.add("gender", a.get("gender"))
    elif e.kind == "organization":
        thing = _thing(model, ORG_SCHEMA.get(a.get("kind") or "", "Organization"), e)
        thing.add("classification", a.get("kind"))
        thing.add("incorporationDate", str(a["founded"]) if a.get("founded") else None)
        thing.add("dissolutionDate", str(a["dissolved"]) if a.get("dissolved") else None)
    elif e.kind == "place":
        thing = _thing(model, "Address", e)
        thing.add("full", e.name)
        thing.add("keywords", a.get("kind"))
    else:
        thing = _thing(model, "Event", e)
        thing.add("keywords", a.get("kind"))
        thing.add("startDate", str(a["start"]) if a.get("start") else None)
        thing.add("endDate", str(a["end"]) if a.get("end") else None)
    return thing


def position_id(org: str, role: str) -> str:
    return f"position--{org}--{slugify(role)}"


def _tie(model: Any, tie: Tie, dataset: Dataset) -> list[Any]:
    """A tie as an FtM interval entity (and the Position it occupies, for HOLDS_POSITION)."""
    rel = schema.REL_TYPES[tie.type]
    target_kind = dataset.entities[tie.target].kind
    extra: list[Any] = []
    if rel.family == "family":
        link = model.make_entity("Family")
        link.add("person", tie.source)
        link.add("relative", tie.target)
        link.add("relationship", tie.attrs.get("relation") if tie.type == "RELATIVE_OF" else FAMILY_LABELS[tie.type])
    elif rel.family == "bond" and target_kind == "person":
        link = model.make_entity("Associate")
        link.add("person", tie.source)
        link.add("associate", tie.target)
        link.add("relationship", rel.label)
    elif tie.type == "HOLDS_POSITION":
        position = model.make_entity("Position")
        position.id = position_id(tie.target, tie.attrs["role"])
        position.add("name", tie.attrs["role"])
        position.add("organization", tie.target)
        extra.append(position)
        link = model.make_entity("Occupancy")
        link.add("holder", tie.source)
        link.add("post", position.id)
    elif tie.type in HIERARCHY_SCHEMA:
        link = model.make_entity(HIERARCHY_SCHEMA[tie.type])
        link.add("member" if tie.type == "MEMBER_OF" else "director", tie.source)
        link.add("organization", tie.target)
        link.add("role", None if tie.type == "MEMBER_OF" else rel.label)
    else:
        link = model.make_entity("UnknownLink")
        link.add("subject", tie.source)
        link.add("object", tie.target)
        link.add("role", tie.attrs.get("role") or rel.label)
    link.id = tie.id
    link.add("recordId", tie.id)
    link.add("startDate", str(tie.start) if tie.start else None)
    link.add("endDate", str(tie.end) if tie.end else None)
    link.add("summary", _tags(type=tie.type, confidence=tie.confidence, head="true" if tie.attrs.get("head") else None))
    link.add("description", tie.note)
    _cite(link, tie.citations, dataset.sources)
    return extra + [link]


def _status(model: Any, ev: StatusEvent, dataset: Dataset) -> Any:
    """A status event (a defection, a death ...) as an FtM Event involving the person."""
    event = model.make_entity("Event")
    event.id = ev.id
    event.add("name", f"{dataset.entities[ev.person].name}: {ev.kind} ({ev.state})")
    event.add("date", str(ev.date))
    event.add("involved", ev.person)
    place = dataset.entities.get(ev.place or "")
    event.add("addressEntity", place.id if place is not None and place.kind == "place" else None)
    event.add("recordId", ev.id)
    event.add("summary", _tags(status=ev.kind, state=ev.state, confidence=ev.confidence, place=ev.place, supersedes=ev.supersedes))
    event.add("description", ev.note)
    _cite(event, ev.citations, dataset.sources)
    return event


def _source(model: Any, src: Source, texts: dict[str, str]) -> Any:
    doc = model.make_entity("Document")
    doc.id = src.id
    doc.add("title", src.title)
    doc.add("publisher", src.publisher)
    doc.add("author", src.author)
    doc.add("publishedAt", str(src.date) if src.date else None)
    doc.add("sourceUrl", src.url)
    doc.add("summary", _tags(kind=src.kind, reliability=src.reliability))
    doc.add("notes", src.notes)
    doc.add("bodyText", texts.get(src.id))
    return doc


def export_ftm(dataset: Dataset) -> list[dict]:
    """The whole dataset as FtM entity dicts (id, schema, properties), sources first."""
    model = ftm_model()
    out = [_source(model, s, dataset.texts) for s in dataset.sources.values()]
    out += [_entity(model, e) for e in dataset.entities.values()]
    seen_positions: set[str] = set()
    for tie in dataset.ties:
        for entity in _tie(model, tie, dataset):
            if entity.schema.name == "Position":
                if entity.id in seen_positions:
                    continue
                seen_positions.add(entity.id)
            out.append(entity)
    out += [_status(model, ev, dataset) for ev in dataset.status_events]
    return [entity.to_dict() for entity in out]


def write_ftm(dataset: Dataset, path: str | Path) -> Path:
    """Write the export as line-delimited JSON (one entity per line, UTF-8), as Aleph's tools read it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for entity in export_ftm(dataset):
            fh.write(json.dumps(entity, ensure_ascii=False) + "\n")
    return path
