"""Read a dataset directory and validate all of it before anything is written anywhere.

Every problem is collected (file, line, entity, what is wrong, how to fix it) and raised at once as
`InvalidDataset`, so a user fixes a file in one pass instead of one error per run.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import schema
from .dates import DateError, PartialDate, parse_date
from .errors import InvalidDataset, Problem
from .model import Citation, Dataset, Entity, Source, StatusEvent, Tie

__all__ = ["load_dataset", "read_dataset", "bundled_path", "DEFAULT_DATASET", "check_dataset"]

DEFAULT_DATASET = "syria-2012"
META_FILE = "dataset.yaml"
SOURCES_FILE = "sources.yaml"
TIES_FILE = "ties.yaml"
STATUS_FILE = "status.yaml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

META_FIELDS = ("name", "title", "description", "core", "uprising_start", "notes")
SOURCE_FIELDS = (
    "id", "title", "publisher", "author", "date", "url", "reliability", "kind", "text", "notes",
)
CITATION_FIELDS = ("source", "quote", "stance", "credibility", "note")
TIE_FIELDS = ("id", "type", "from", "to", "start", "end", "confidence", "sources", "note")
STATUS_FIELDS = (
    "id", "person", "kind", "date", "state", "confidence", "place", "supersedes", "sources", "note",
)


def bundled_path(name: str = DEFAULT_DATASET) -> Path:
    """The directory of a dataset shipped inside the package."""
    return Path(str(resources.files("explorer") / "datasets" / name))


# --------------------------------------------------------------------------------------------
# YAML with line numbers


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping and of each of its keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings: `2012-07-05` must not become a datetime while `2012-07` stays text.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Reader:
    """Collects problems while turning YAML records into model objects."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        # Once a file fails to parse, references into it cannot be judged: we skip those checks
        # rather than bury the one real error under a cascade of "unknown id" messages.
        self.broken = False

    def problem(self, file: str, line: int | None, entity: str | None, message: str, fix: str = "", severity: str = "error") -> None:
        self.problems.append(Problem(file, line, entity, message, fix, severity))

    def read_yaml(self, name: str, *, required: bool = False, expect: type = list) -> Any:
        path = self.root / name
        if not path.exists():
            if required:
                self.problem(name, None, None, "file is missing", f"create {name}")
            return expect()
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
        except UnicodeDecodeError:
            self.problem(name, None, None, "file is not UTF-8 text", "save it as UTF-8")
            return expect()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else None
            what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.problem(name, line, None, f"malformed YAML: {what}", "fix the YAML syntax at that line (indentation, quotes, colons)")
            self.broken = True
            return expect()
        if data is None:
            return expect()
        if not isinstance(data, expect):
            shape = "a list of records (each starting with '- ')" if expect is list else "a mapping of keys to values"
            self.problem(name, None, None, f"expected {shape}, found {type(data).__name__}", f"make the file {shape}")
            return expect()
        return data

    def records(self, name: str, fields: tuple[str, ...], *, required: bool = False) -> list[dict]:
        """The mappings of a list file, each checked for unknown fields."""
        out = []
        for index, record in enumerate(self.read_yaml(name, required=required)):
            if not isinstance(record, dict):
                self.problem(name, None, None, f"item {index + 1} is not a record", "write each item as 'key: value' lines under '- '")
                continue
            ident = record.get("id") if isinstance(record.get("id"), str) else None
            for key in record:
                if key.startswith("__"):
                    continue
                if key not in fields:
                    close = difflib.get_close_matches(str(key), fields, n=1)
                    hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(fields)}"
                    self.problem(name, _line(record, key), ident, f"unknown field '{key}'", hint)
            out.append(record)
        return out

    def date(self, record: dict, key: str, file: str, ident: str | None) -> PartialDate | None:
        value = record.get(key)
        if value is None or value == "":
            return None
        try:
            return parse_date(value)
        except DateError as exc:
            self.problem(file, _line(record, key), ident, f"bad date in '{key}': {exc}")
            return None

    def text(self, record: dict, key: str, file: str, ident: str | None, *, required: bool = False) -> str | None:
        value = record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(file, _line(record), ident, f"missing required field '{key}'", f"add '{key}: ...' to this record")
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(file, _line(record, key), ident, f"'{key}' must be text", f"write '{key}' as a single line of text")
            return None
        return str(value)

    def text_list(self, record: dict, key: str, file: str, ident: str | None) -> list[str]:
        value = record.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(file, _line(record, key), ident, f"'{key}' must be a list of text", f"write '{key}: [a, b]'")
            return []
        return list(value)


def _line(record: dict, key: str | None = None) -> int | None:
    if key is not None and key in record.get("__lines__", {}):
        return record["__lines__"][key]
    return record.get("__line__")


def _clean(record: dict) -> dict:
    return {k: v for k, v in record.items() if not str(k).startswith("__")}


# --------------------------------------------------------------------------------------------
# reading


def read_dataset(path: str | Path | None = None, *, strict: bool = False) -> tuple[Dataset, list[Problem]]:
    """Read and check a dataset; return it with every problem found (empty when valid).

    With `strict`, also flag what an analyst would want fixed before citing the data: ties and
    status events without a source, sources never cited, quotes absent from the held text, and
    people without any date.
    """
    root = Path(path) if path else bundled_path()
    reader = _Reader(root)
    if not root.is_dir():
        problem = Problem(str(root), None, None, "dataset directory not found", "pass --data DIR pointing at a dataset directory")
        return Dataset(root.name, root.name, str(root), None, {}, {}, [], []), [problem]

    meta = reader.read_yaml(META_FILE, expect=dict)
    for key in meta:
        if not str(key).startswith("__") and key not in META_FIELDS:
            reader.problem(META_FILE, _line(meta, key), None, f"unknown field '{key}'", f"known fields: {', '.join(META_FIELDS)}")

    sources, texts = _read_sources(reader)
    entities = _read_entities(reader, sources)
    ties = _read_ties(reader, entities, sources)
    status_events = _read_status(reader, entities, sources)

    core = meta.get("core")
    if core is not None and core not in entities and not reader.broken:
        reader.problem(META_FILE, _line(meta, "core"), core, f"core '{core}' is not a known entity", "set core to the id of the ruler, e.g. 'bashar-al-assad'")
        core = None
    dataset = Dataset(
        name=str(meta.get("name") or root.name),
        title=str(meta.get("title") or meta.get("name") or root.name),
        path=str(root),
        core=core,
        entities=entities,
        sources=sources,
        ties=ties,
        status_events=status_events,
        description=meta.get("description"),
        uprising_start=reader.date(meta, "uprising_start", META_FILE, None),
        texts=texts,
    )
    if strict:
        _strict_checks(reader, dataset)
    return dataset, reader.problems


def load_dataset(path: str | Path | None = None, *, strict: bool = False) -> Dataset:
    """Read a dataset and raise `InvalidDataset` listing every problem, if there is any."""
    dataset, problems = read_dataset(path, strict=strict)
    if problems:
        raise InvalidDataset(problems, dataset.path)
    return dataset


def check_dataset(path: str | Path | None = None, *, strict: bool = False) -> list[Problem]:
    """Every problem in a dataset; an empty list means it is valid."""
    return read_dataset(path, strict=strict)[1]


def _check_id(reader: _Reader, file: str, record: dict, seen: dict[str, str]) -> str | None:
    ident = reader.text(record, "id", file, None, required=True)
    if ident is None:
        return None
    if not SLUG.match(ident):
        suggestion = _slugify(ident)
        reader.problem(file, _line(record, "id"), ident, "id must be a slug of lowercase letters, digits and hyphens", f"use '{suggestion}'")
        return None
    if ident in seen:
        reader.problem(file, _line(record, "id"), ident, f"duplicate id (already used in {seen[ident]})", "give one of them another id")
        return None
    seen[ident] = f"{file}:{_line(record)}"
    return ident


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "an-id"


def _read_sources(reader: _Reader) -> tuple[dict[str, Source], dict[str, str]]:
    sources: dict[str, Source] = {}
    texts: dict[str, str] = {}
    seen: dict[str, str] = {}
    for record in reader.records(SOURCES_FILE, SOURCE_FIELDS):
        ident = _check_id(reader, SOURCES_FILE, record, seen)
        title = reader.text(record, "title", SOURCES_FILE, ident, required=True)
        reliability = str(record.get("reliability", "F")).strip().upper()
        if reliability not in schema.RELIABILITY:
            reader.problem(SOURCES_FILE, _line(record, "reliability"), ident, f"reliability '{record.get('reliability')}' is not A-F", "grade the source A (completely reliable) to E (unreliable), or F (cannot be judged)")
        text_path = reader.text(record, "text", SOURCES_FILE, ident)
        if ident is None or title is None:
            continue
        if text_path:
            full = reader.root / text_path
            if full.is_file():
                texts[ident] = full.read_text(encoding="utf-8")
            else:
                reader.problem(SOURCES_FILE, _line(record, "text"), ident, f"held text '{text_path}' not found", "put the file beside sources.yaml or fix the path")
        sources[ident] = Source(
            id=ident,
            title=title,
            publisher=reader.text(record, "publisher", SOURCES_FILE, ident),
            author=reader.text(record, "author", SOURCES_FILE, ident),
            date=reader.date(record, "date", SOURCES_FILE, ident),
            url=reader.text(record, "url", SOURCES_FILE, ident),
            reliability=reliability if reliability in schema.RELIABILITY else "F",
            kind=reader.text(record, "kind", SOURCES_FILE, ident),
            text=text_path,
            notes=reader.text(record, "notes", SOURCES_FILE, ident),
            file=SOURCES_FILE,
            line=_line(record),
        )
    return sources, texts


_ENUM_FIELDS = {
    "organization": ("kind", schema.ORGANIZATION_KINDS),
    "place": ("kind", schema.PLACE_KINDS),
    "event": ("kind", schema.EVENT_KINDS),
}
_DATE_FIELDS = {"person": ("born", "died"), "organization": ("founded", "dissolved"), "event": ("start", "end")}


def _read_entities(reader: _Reader, sources: dict[str, Source]) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    seen: dict[str, str] = {sid: f"{SOURCES_FILE}:{s.line}" for sid, s in sources.items()}
    for kind in schema.ENTITY_KINDS.values():
        file = kind.file
        for record in reader.records(file, kind.fields):
            ident = _check_id(reader, file, record, seen)
            name = reader.text(record, "name", file, ident, required=True)
            attrs: dict[str, Any] = {}
            for key in _DATE_FIELDS.get(kind.name, ()):
                attrs[key] = reader.date(record, key, file, ident)
            first, last = _DATE_FIELDS.get(kind.name, (None, None))
            if first and attrs.get(first) and attrs.get(last) and attrs[last].is_before(attrs[first]):
                reader.problem(file, _line(record, last), ident, f"'{last}' ({attrs[last]}) is before '{first}' ({attrs[first]})", "check both dates against the source")
            if kind.name in _ENUM_FIELDS:
                key, allowed = _ENUM_FIELDS[kind.name]
                value = record.get(key)
                if value is not None and value not in allowed:
                    reader.problem(file, _line(record, key), ident, f"unknown {kind.name} kind '{value}'", f"use one of: {', '.join(allowed)}")
                attrs[key] = value
            for key in ("titles",):
                if key in kind.fields:
                    attrs[key] = reader.text_list(record, key, file, ident)
            for key in ("sect", "gender", "notes"):
                if key in kind.fields and record.get(key) is not None:
                    attrs[key] = reader.text(record, key, file, ident)
            if ident is None or name is None:
                continue
            entities[ident] = Entity(
                id=ident,
                kind=kind.name,
                name=name,
                name_ar=reader.text(record, "name_ar", file, ident),
                aliases=reader.text_list(record, "aliases", file, ident),
                description=reader.text(record, "description", file, ident),
                attrs={k: v for k, v in attrs.items() if v not in (None, [])},
                file=file,
                line=_line(record),
            )
    return entities


def _read_citations(reader: _Reader, record: dict, file: str, ident: str | None, sources: dict[str, Source]) -> list[Citation]:
    raw = record.get("sources")
    if raw is None:
        return []
    if isinstance(raw, (str, dict)):
        raw = [raw]
    if not isinstance(raw, list):
        reader.problem(file, _line(record, "sources"), ident, "'sources' must be a list", "write 'sources: [source-id]' or a list of {source: id, quote: ...}")
        return []
    citations = []
    for item in raw:
        line = _line(item) if isinstance(item, dict) else _line(record, "sources")
        if isinstance(item, str):
            item = {"source": item}
        if not isinstance(item, dict):
            reader.problem(file, line, ident, "a citation must be a source id or a record", "write '- source: id' with optional quote, stance, credibility")
            continue
        for key in item:
            if not str(key).startswith("__") and key not in CITATION_FIELDS:
                reader.problem(file, _line(item, key), ident, f"unknown citation field '{key}'", f"known fields: {', '.join(CITATION_FIELDS)}")
        source_id = item.get("source")
        if not source_id:
            reader.problem(file, line, ident, "citation without 'source'", "name the source id from sources.yaml")
            continue
        if source_id not in sources:
            if reader.broken:
                continue
            close = difflib.get_close_matches(str(source_id), list(sources), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "add the source to sources.yaml"
            reader.problem(file, _line(item, "source") or line, ident, f"cites unknown source '{source_id}'", hint)
            continue
        stance = item.get("stance", "supports")
        if stance not in schema.STANCES:
            reader.problem(file, _line(item, "stance") or line, ident, f"unknown stance '{stance}'", f"use one of: {', '.join(schema.STANCES)}")
        credibility = item.get("credibility")
        if credibility is not None and (isinstance(credibility, bool) or credibility not in schema.CREDIBILITY):
            reader.problem(file, _line(item, "credibility") or line, ident, f"credibility '{credibility}' is not 1-6", "grade 1 (confirmed by other sources) to 5 (improbable), or 6 (cannot be judged)")
            credibility = None
        quote = item.get("quote")
        if quote is not None and not isinstance(quote, str):
            reader.problem(file, _line(item, "quote") or line, ident, "quote must be text", "quote the source word for word, in quotes")
            quote = None
        citations.append(Citation(str(source_id), quote, stance, credibility, item.get("note")))
    return citations


def _confidence(reader: _Reader, record: dict, file: str, ident: str | None, default: str = "reported") -> str:
    value = record.get("confidence", default)
    if value not in schema.CONFIDENCE:
        reader.problem(file, _line(record, "confidence"), ident, f"unknown confidence '{value}'", f"use one of: {', '.join(schema.CONFIDENCE)}")
        return default
    return value


def _read_ties(reader: _Reader, entities: dict[str, Entity], sources: dict[str, Source]) -> list[Tie]:
    ties: list[Tie] = []
    seen: dict[str, int | None] = {}
    extra = sorted({f for rel in schema.REL_TYPES.values() for f in rel.extra_fields})
    fields = TIE_FIELDS + tuple(extra)
    for record in reader.records(TIES_FILE, fields):
        line = _line(record)
        type_name = reader.text(record, "type", TIES_FILE, None, required=True)
        source = reader.text(record, "from", TIES_FILE, None, required=True)
        target = reader.text(record, "to", TIES_FILE, None, required=True)
        label = f"{source} {type_name} {target}"
        ok = None not in (type_name, source, target)
        rel = schema.REL_TYPES.get(type_name) if type_name else None
        if type_name and rel is None:
            close = difflib.get_close_matches(type_name.upper(), list(schema.REL_TYPES), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(schema.REL_TYPES)}"
            reader.problem(TIES_FILE, _line(record, "type"), label, f"unknown relationship type '{type_name}'", hint)
            ok = False
        for end, key, allowed in ((source, "from", rel.source_kinds if rel else None), (target, "to", rel.target_kinds if rel else None)):
            if end is None:
                continue
            if end not in entities:
                ok = False
                if reader.broken:
                    continue
                close = difflib.get_close_matches(end, list(entities), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "add the entity first, or fix the id"
                reader.problem(TIES_FILE, _line(record, key), label, f"'{key}' refers to unknown id '{end}'", hint)
                ok = False
            elif allowed and entities[end].kind not in allowed:
                reader.problem(TIES_FILE, _line(record, key), label, f"{type_name} cannot have a {entities[end].kind} ('{end}') as '{key}'", f"'{key}' must be a {' or '.join(allowed)}")
                ok = False
        if source is not None and source == target:
            reader.problem(TIES_FILE, line, label, "tie from an entity to itself", "point 'to' at another entity")
            ok = False
        start = reader.date(record, "start", TIES_FILE, label)
        end_date = reader.date(record, "end", TIES_FILE, label)
        if start and end_date and end_date.is_before(start):
            reader.problem(TIES_FILE, _line(record, "end"), label, f"end ({end_date}) is before start ({start})", "check both dates; swap them if they were entered the wrong way round")
        confidence = _confidence(reader, record, TIES_FILE, label)
        citations = _read_citations(reader, record, TIES_FILE, label, sources)
        attrs = {}
        for key in extra:
            if record.get(key) is not None:
                if rel and key not in rel.extra_fields:
                    reader.problem(TIES_FILE, _line(record, key), label, f"'{key}' does not apply to {type_name}", f"remove it, or use a type that takes it")
                if key in schema.BOOLEAN_FIELDS:
                    if not isinstance(record[key], bool):
                        reader.problem(TIES_FILE, _line(record, key), label, f"'{key}' must be true or false", f"write '{key}: true'")
                    attrs[key] = record[key] is True
                else:
                    attrs[key] = reader.text(record, key, TIES_FILE, label)
        if rel and "role" in rel.extra_fields and not attrs.get("role"):
            reader.problem(TIES_FILE, line, label, f"{type_name} needs a 'role'", "add 'role: ...' (e.g. commander, minister of defence)")
        if not ok or rel is None:
            continue
        if rel.symmetric and source > target:
            source, target = target, source  # stored once, in id order
        ident = record.get("id") or _tie_id(rel.name, source, target, start)
        if ident in seen:
            reader.problem(TIES_FILE, line, ident, f"the same tie is already at line {seen[ident]}", "merge the two records, or give each an 'id' if they are separate claims")
            continue
        seen[ident] = line
        ties.append(Tie(ident, rel.name, source, target, start, end_date, confidence, citations, record.get("note"), attrs, TIES_FILE, line))
    return ties


def _tie_id(type_name: str, source: str, target: str, start: PartialDate | None) -> str:
    """A stable key for a tie, so reloading merges instead of duplicating."""
    return f"{source}--{type_name.lower().replace('_', '-')}--{target}" + (f"--{start}" if start else "")


def _read_status(reader: _Reader, entities: dict[str, Entity], sources: dict[str, Source]) -> list[StatusEvent]:
    events: list[StatusEvent] = []
    seen: dict[str, int | None] = {}
    pending_supersedes = []
    for record in reader.records(STATUS_FILE, STATUS_FIELDS):
        line = _line(record)
        person = reader.text(record, "person", STATUS_FILE, None, required=True)
        kind = reader.text(record, "kind", STATUS_FILE, person, required=True)
        when = reader.date(record, "date", STATUS_FILE, person)
        if record.get("date") in (None, ""):
            reader.problem(STATUS_FILE, line, person, "missing required field 'date'", "add 'date: YYYY[-MM[-DD]]' as precise as the source allows")
        state = record.get("state", "reported")
        ok = person is not None and kind is not None
        if kind is not None and kind not in schema.STATUS_EVENT_KINDS:
            reader.problem(STATUS_FILE, _line(record, "kind"), person, f"unknown status event kind '{kind}'", f"use one of: {', '.join(schema.STATUS_EVENT_KINDS)}")
            ok = False
        if state not in schema.STATUS_EVENT_STATES:
            reader.problem(STATUS_FILE, _line(record, "state"), person, f"unknown state '{state}'", f"use one of: {', '.join(schema.STATUS_EVENT_STATES)}")
            ok = False
        if person is not None:
            if person not in entities:
                ok = False
                if reader.broken:
                    continue
                close = difflib.get_close_matches(person, list(entities), n=1)
                reader.problem(STATUS_FILE, _line(record, "person"), person, f"'person' refers to unknown id '{person}'", f"did you mean '{close[0]}'?" if close else "add the person first, or fix the id")
                ok = False
            elif entities[person].kind != "person":
                reader.problem(STATUS_FILE, _line(record, "person"), person, f"'{person}' is a {entities[person].kind}, not a person", "status events are for people")
                ok = False
        place = record.get("place")
        if place is not None and place not in entities:
            reader.problem(STATUS_FILE, _line(record, "place"), person, f"'place' refers to unknown id '{place}'", "add the place first, or fix the id")
        confidence = _confidence(reader, record, STATUS_FILE, person)
        citations = _read_citations(reader, record, STATUS_FILE, person, sources)
        if not ok or when is None:
            continue
        ident = record.get("id") or f"{person}--{kind}--{when}" + ("" if state == "reported" else f"--{state}")
        if ident in seen:
            reader.problem(STATUS_FILE, line, ident, f"the same status event is already at line {seen[ident]}", "merge them, or give each an 'id'")
            continue
        seen[ident] = line
        event = StatusEvent(ident, person, kind, when, state, confidence, place, record.get("supersedes"), citations, record.get("note"), STATUS_FILE, line)
        events.append(event)
        if event.supersedes:
            pending_supersedes.append((event, _line(record, "supersedes")))
    by_id = {e.id: e for e in events}
    for event, line in pending_supersedes:
        earlier = by_id.get(event.supersedes)
        if earlier is None:
            reader.problem(STATUS_FILE, line, event.id, f"supersedes unknown status event '{event.supersedes}'", f"use the id of an earlier record; known: {', '.join(sorted(by_id)) or 'none'}")
        elif earlier.person != event.person:
            reader.problem(STATUS_FILE, line, event.id, f"supersedes a status event of another person ('{earlier.person}')", "a record can only confirm or deny a record about the same person")
    return events


# --------------------------------------------------------------------------------------------
# strict checks


def normalise_quote(text: str) -> str:
    """Whitespace and typographic quotes folded, so a quote matches across line breaks."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def _strict_checks(reader: _Reader, dataset: Dataset) -> None:
    cited: set[str] = set()
    held = {sid: normalise_quote(text) for sid, text in dataset.texts.items()}
    records: list[tuple[str, int | None, str, list[Citation]]] = [
        (t.file, t.line, t.id, t.citations) for t in dataset.ties
    ] + [(e.file, e.line, e.id, e.citations) for e in dataset.status_events]
    for file, line, ident, citations in records:
        if not citations:
            reader.problem(file, line, ident, "no source for this claim", "add 'sources:' with at least one source id", "strict")
        for citation in citations:
            cited.add(citation.source)
            if citation.quote and citation.source in held and normalise_quote(citation.quote) not in held[citation.source]:
                reader.problem(file, line, ident, f"quote not found word for word in the held text of '{citation.source}'", "copy the quote exactly from the source text", "strict")
    for source in dataset.sources.values():
        if source.id not in cited:
            reader.problem(source.file, source.line, source.id, "source is never cited", "cite it from a tie or status event, or remove it", "strict")
    for person in dataset.of_kind("person"):
        dated_tie = any(t.start or t.end for t in dataset.ties if person.id in (t.source, t.target))
        dated_event = any(e.person == person.id for e in dataset.status_events)
        if not any(k in person.attrs for k in ("born", "died")) and not dated_tie and not dated_event:
            reader.problem(person.file, person.line, person.id, "person has no date at all (no birth, death or dated tie)", "add 'born:' or a dated tie if a source gives one", "strict")
