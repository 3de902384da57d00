"""A `Dataset` written back as a data directory in the project's own YAML format.

So that generated data (synthetic regimes, imports) is edited, validated and loaded like the bundled
dataset: `load_dataset(write_dataset(d, dir))` gives `d` back. Empty fields and ids that equal the
default key are left out, as a person would write the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import schema
from .dataset import META_FILE, SOURCES_FILE, STATUS_FILE, TIES_FILE
from .ids import status_id, tie_id
from .dates import PartialDate
from .model import Citation, Dataset, Entity, Source, StatusEvent, Tie

__all__ = ["write_dataset", "write_yaml", "yaml_text"]

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's is ~10x faster on large datasets


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, PartialDate) else value


def _record(**fields: Any) -> dict[str, Any]:
    return {k: _plain(v) for k, v in fields.items() if v not in (None, [], {}, "")}


def _citation(c: Citation) -> str | dict[str, Any]:
    record = _record(source=c.source, quote=c.quote, stance=None if c.stance == "supports" else c.stance, credibility=c.credibility, note=c.note)
    return c.source if list(record) == ["source"] else record


def _entity(e: Entity) -> dict[str, Any]:
    return _record(id=e.id, name=e.name, name_ar=e.name_ar, aliases=list(e.aliases), description=e.description, **e.attrs)


def _source(s: Source) -> dict[str, Any]:
    return _record(id=s.id, title=s.title, publisher=s.publisher, author=s.author, date=s.date, url=s.url, kind=s.kind, reliability=s.reliability, text=s.text, notes=s.notes)


def _tie(t: Tie) -> dict[str, Any]:
    default = tie_id(t.type, t.source, t.target, t.start)
    record = _record(id=None if t.id == default else t.id, type=t.type, **{"from": t.source, "to": t.target})
    record.update(_record(start=t.start, end=t.end, confidence=t.confidence, **t.attrs, note=t.note))
    record.update(_record(sources=[_citation(c) for c in t.citations]))
    return record


def _status(e: StatusEvent) -> dict[str, Any]:
    default = status_id(e.person, e.kind, e.date, e.state)
    return _record(
        id=None if e.id == default else e.id, person=e.person, kind=e.kind, date=e.date, state=e.state, confidence=e.confidence,
        place=e.place, supersedes=e.supersedes, note=e.note, sources=[_citation(c) for c in e.citations],
    )


def yaml_text(records: Any) -> str:
    """Records as the data files write them: block style, keys in the order given, UTF-8 as is."""
    return yaml.dump(records, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100) if records else "[]\n"


def write_yaml(path: Path, records: Any) -> None:
    """The one YAML writer of data files (see `yaml_text`)."""
    path.write_text(yaml_text(records), encoding="utf-8")


_dump = write_yaml


def write_dataset(dataset: Dataset, directory: str | Path) -> Path:
    """Write `dataset` as dataset.yaml, sources.yaml, one file per entity kind, ties.yaml, status.yaml."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    _dump(out / META_FILE, _record(name=dataset.name, title=dataset.title, description=dataset.description, core=dataset.core, uprising_start=dataset.uprising_start, observed_until=dataset.observed_until))
    _dump(out / SOURCES_FILE, [_source(s) for s in dataset.sources.values()])
    for kind in schema.ENTITY_KINDS.values():
        _dump(out / kind.file, [_entity(e) for e in dataset.entities.values() if e.kind == kind.name])
    _dump(out / TIES_FILE, [_tie(t) for t in dataset.ties])
    _dump(out / STATUS_FILE, [_status(e) for e in dataset.status_events])
    for source in dataset.sources.values():
        if source.text and source.id in dataset.texts:
            held = out / source.text
            held.parent.mkdir(parents=True, exist_ok=True)
            held.write_text(dataset.texts[source.id], encoding="utf-8")
    return out
