"""Read FollowTheMoney entities back into a dataset directory in the project's YAML format.

A file written by `explorer.ftm.write_ftm` comes back exactly (ids, types, endpoints, dates, grades,
citations). A file from elsewhere (Aleph, OpenSanctions) comes back as far as it maps without
guessing: people, organizations, addresses, events, documents, and the links whose meaning is
clear (Family, Membership, Directorship, Occupancy); an Associate or UnknownLink without our type
says too little to choose a relationship type, so it is skipped and counted, never invented.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from . import schema
from .dates import DateError, parse_date
from .errors import ExplorerError
from .ftm import CITATION_PREFIX, FAMILY_LABELS, ftm_model
from .ids import SLUG, slugify, tie_id
from .writer import write_yaml

__all__ = ["import_ftm", "read_ftm"]

_TAG = re.compile(r"^(\w+): (.*)$")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# FtM link schema -> (property of the first end, property of the second end)
ENDS = {
    "Family": ("person", "relative"),
    "Associate": ("person", "associate"),
    "Membership": ("member", "organization"),
    "Directorship": ("director", "organization"),
    "Occupancy": ("holder", "post"),
    "UnknownLink": ("subject", "object"),
}


def read_ftm(path: str | Path) -> list[dict]:
    """FtM entities from a line-delimited JSON file (blank lines ignored)."""
    path = Path(path)
    if not path.is_file():
        raise ExplorerError(f"{path}: file not found")
    entities = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ExplorerError(f"{path}:{number}: not a JSON entity ({exc.msg})") from None
        if not isinstance(entity, dict) or not entity.get("schema") or not entity.get("id"):
            raise ExplorerError(f"{path}:{number}: not an FtM entity (needs 'id' and 'schema')")
        entities.append(entity)
    return entities


def _values(entity: dict, prop: str) -> list[str]:
    return [str(v) for v in entity.get("properties", {}).get(prop, [])]


def _first(entity: dict, prop: str) -> str | None:
    values = _values(entity, prop)
    return values[0] if values else None


def _tags(entity: dict) -> dict[str, str]:
    """The `key: value; ...` line our export writes into `summary` (empty for foreign entities)."""
    for line in _values(entity, "summary"):
        if line.startswith(CITATION_PREFIX):
            continue
        pairs = [_TAG.match(part) for part in line.split("; ")]
        if pairs and all(pairs):
            return {m.group(1): m.group(2) for m in pairs}
    return {}


def _date(value: str | None) -> str | None:
    """A partial ISO date, or None (FtM may carry times: `2012-07-05T10:00` keeps its day)."""
    if not value:
        return None
    try:
        return str(parse_date(value[:10]))
    except DateError:
        return None


class _Importer:
    """Collects records of each file while mapping FtM ids onto our slugs."""

    def __init__(self, entities: list[dict]):
        self.model = ftm_model()
        self.entities = entities
        self.ids: dict[str, str] = {}
        self.files: dict[str, list[dict]] = {k.file: [] for k in schema.ENTITY_KINDS.values()}
        self.files.update({"sources.yaml": [], "ties.yaml": [], "status.yaml": []})
        self.kinds: dict[str, str] = {}  # our id -> entity kind
        self.texts: dict[str, str] = {}
        self.positions: dict[str, dict] = {}
        self.skipped = 0

    def schema_is(self, entity: dict, name: str) -> bool:
        found = self.model.get(entity["schema"])
        return found is not None and found.is_a(name)

    def slug(self, ftm_id: str) -> str:
        """Our id for an FtM id: the same when it is already a slug, else a unique slug."""
        if ftm_id not in self.ids:
            base = ftm_id if SLUG.match(ftm_id) else slugify(ftm_id, "x")
            ident, n = base, 2
            while ident in self.ids.values():
                ident, n = f"{base}-{n}", n + 1
            self.ids[ftm_id] = ident
        return self.ids[ftm_id]

    def citations(self, entity: dict) -> list[Any]:
        cited = [json.loads(v[len(CITATION_PREFIX):]) for v in _values(entity, "summary") if v.startswith(CITATION_PREFIX)]
        if not cited:
            cited = [{"source": p} for p in _values(entity, "proof")]
        out = []
        for c in cited:
            if c.get("source") not in self.ids or self.kinds.get(self.ids[c["source"]]) != "source":
                continue
            c["source"] = self.ids[c["source"]]
            bare = c in ({"source": c["source"]}, {"source": c["source"], "stance": "supports"})
            out.append(c["source"] if bare else c)
        return out

    # -- the passes, in dependency order --------------------------------------------------

    def run(self) -> None:
        for e in self.entities:
            if self.schema_is(e, "Document"):
                self.source(e)
        for e in self.entities:
            if e["schema"] == "Event" and "status" in _tags(e):
                continue
            for kind, schema_name in (("person", "Person"), ("organization", "Organization"), ("place", "Address"), ("event", "Event")):
                if self.schema_is(e, schema_name) or (kind == "organization" and e["schema"] == "LegalEntity"):
                    self.entity(e, kind)
                    break
            if e["schema"] == "Position":
                self.positions[e["id"]] = e
        for e in self.entities:
            if e["schema"] in ENDS:
                self.tie(e)
            elif e["schema"] == "Event" and "status" in _tags(e):
                self.status(e)

    def source(self, e: dict) -> None:
        ident = self.slug(e["id"])
        self.kinds[ident] = "source"
        tags = _tags(e)
        record = {
            "id": ident,
            "title": _first(e, "title") or _first(e, "name") or _first(e, "fileName") or e["id"],
            "publisher": _first(e, "publisher"),
            "author": _first(e, "author"),
            "date": _date(_first(e, "publishedAt")),
            "url": _first(e, "sourceUrl"),
            "kind": tags.get("kind"),
            "reliability": tags.get("reliability") if tags.get("reliability") in schema.RELIABILITY else None,
            "notes": _first(e, "notes"),
        }
        body = _first(e, "bodyText")
        if body:
            self.texts[ident] = body
            record["text"] = f"texts/{ident}.txt"
        self.files["sources.yaml"].append(record)

    def entity(self, e: dict, kind: str) -> None:
        ident = self.slug(e["id"])
        self.kinds[ident] = kind
        names = _values(e, "name") or _values(e, "full") or [e["id"]]
        name_ar = next((n for n in names[1:] if _ARABIC.search(n)), None)
        aliases = list(dict.fromkeys([n for n in names[1:] if n != name_ar] + _values(e, "alias")))
        record: dict[str, Any] = {"id": ident, "name": names[0], "name_ar": name_ar, "aliases": aliases or None}
        if kind == "person":
            record.update(born=_date(_first(e, "birthDate")), died=_date(_first(e, "deathDate")), titles=_values(e, "title") or None, sect=_first(e, "religion"), gender=_first(e, "gender"))
        elif kind == "organization":
            org_kind = _first(e, "classification")
            record.update(kind=org_kind if org_kind in schema.ORGANIZATION_KINDS else None, founded=_date(_first(e, "incorporationDate")), dissolved=_date(_first(e, "dissolutionDate")))
        elif kind == "place":
            record["kind"] = next((k for k in _values(e, "keywords") if k in schema.PLACE_KINDS), None)
        else:
            record.update(kind=next((k for k in _values(e, "keywords") if k in schema.EVENT_KINDS), None), start=_date(_first(e, "startDate")), end=_date(_first(e, "endDate")))
        record.update(description=_first(e, "description"), notes=_first(e, "notes"))
        self.files[schema.ENTITY_KINDS[kind].file].append(record)

    def tie_type(self, e: dict, extra: dict) -> str | None:
        """Our type: from the export's tag, else only where the FtM schema says it plainly."""
        tagged = _tags(e).get("type")
        if tagged in schema.REL_TYPES:
            return tagged
        relationship = _first(e, "relationship")
        if e["schema"] == "Family":
            inverse = {label: name for name, label in FAMILY_LABELS.items()}
            if relationship in inverse:
                return inverse[relationship]
            extra["relation"] = relationship
            return "RELATIVE_OF"
        if e["schema"] == "Membership":
            return "MEMBER_OF"
        if e["schema"] in ("Directorship", "Occupancy"):
            return "HOLDS_POSITION"
        return None

    def tie(self, e: dict) -> None:
        first, second = (_first(e, p) for p in ENDS[e["schema"]])
        extra: dict[str, Any] = {}
        type_name = self.tie_type(e, extra)
        if e["schema"] == "Occupancy" and second in self.positions:
            position = self.positions[second]
            extra["role"] = _first(position, "name")
            second = _first(position, "organization")
        elif type_name and "role" in schema.REL_TYPES[type_name].extra_fields:
            extra["role"] = _first(e, "role") or ("director" if e["schema"] == "Directorship" else None)
        if type_name == "RELATIVE_OF" and "relation" not in extra and _tags(e).get("type"):
            relation = _first(e, "relationship")
            extra["relation"] = relation
        rel = schema.REL_TYPES.get(type_name or "")
        source, target = (self.ids.get(x or "") for x in (first, second))
        if rel is None or source is None or target is None or self.kinds.get(source) not in rel.source_kinds or self.kinds.get(target) not in rel.target_kinds:
            self.skipped += 1
            return
        tag = _tags(e)
        ident = _first(e, "recordId") or e["id"]
        start = _date(_first(e, "startDate"))
        record: dict[str, Any] = {"type": rel.name, "from": source, "to": target}
        if rel.symmetric and source > target:
            record["from"], record["to"] = target, source
        default = tie_id(rel.name, record["from"], record["to"], start)
        record.update(id=ident if ident != default else None, start=start, end=_date(_first(e, "endDate")))
        record["confidence"] = tag.get("confidence") if tag.get("confidence") in schema.CONFIDENCE else None
        if tag.get("head") == "true":
            extra["head"] = True
        record.update({k: v for k, v in extra.items() if k in rel.extra_fields})
        record.update(note=_first(e, "description"), sources=self.citations(e) or None)
        self.files["ties.yaml"].append(record)

    def status(self, e: dict) -> None:
        tag = _tags(e)
        person = self.ids.get(_first(e, "involved") or "")
        when = _date(_first(e, "date"))
        if person is None or self.kinds.get(person) != "person" or when is None or tag["status"] not in schema.STATUS_EVENT_KINDS:
            self.skipped += 1
            return
        place = self.ids.get(tag.get("place") or "")
        self.files["status.yaml"].append({
            "id": _first(e, "recordId") or self.slug(e["id"]),
            "person": person,
            "kind": tag["status"],
            "date": when,
            "state": tag.get("state") if tag.get("state") in schema.STATUS_EVENT_STATES else None,
            "confidence": tag.get("confidence") if tag.get("confidence") in schema.CONFIDENCE else None,
            "place": place,
            "supersedes": tag.get("supersedes"),
            "note": _first(e, "description"),
            "sources": self.citations(e) or None,
        })


def _clean(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if v is not None} for r in records]


def import_ftm(path: str | Path, out_dir: str | Path, *, name: str | None = None, core: str | None = None) -> dict[str, int]:
    """Write the dataset directory; return how many records each file got (and how many were skipped)."""
    importer = _Importer(read_ftm(path))
    importer.run()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if importer.texts:
        (out / "texts").mkdir(exist_ok=True)
        for ident, text in importer.texts.items():
            (out / "texts" / f"{ident}.txt").write_text(text, encoding="utf-8")
    for file, records in importer.files.items():
        write_yaml(out / file, _clean(records))
    meta = {"name": name or slugify(Path(path).stem, "x"), "title": f"Imported from {Path(path).name}"}
    if core:
        meta["core"] = importer.ids.get(core, core)
    write_yaml(out / "dataset.yaml", meta)
    counts = {file: len(records) for file, records in importer.files.items()}
    counts["skipped"] = importer.skipped
    return counts
