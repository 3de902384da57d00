"""Read a dataset directory and validate all of it before anything is written anywhere.

Every problem is collected (file, line, entity, what is wrong, how to fix it) and raised at once as
`InvalidDataset`, so a user fixes a file in one pass instead of one error per run.
"""

from __future__ import annotations

import copy
import difflib
import os
import re
import time
from collections import OrderedDict
from importlib import resources
from pathlib import Path
from typing import Any

from . import schema, yamlfile
from .dates import DateError, PartialDate, parse_date
from .errors import InvalidDataset, Problem, UsageError
from .gcpause import no_cycle_collection
from .ids import SLUG, slugify, status_id, tie_id
from .model import Citation, Dataset, Entity, Source, StatusEvent, Tie
from .yamlfile import FileRefused, Limits, Record
from .yamlfile import line_of as _line

__all__ = ["load_dataset", "read_dataset", "bundled_path", "DEFAULT_DATASET", "check_dataset", "validation_report", "fails", "Reader", "read_citations", "normalise_quote"]

DEFAULT_DATASET = "syria-2012"
META_FILE = "dataset.yaml"
SOURCES_FILE = "sources.yaml"
TIES_FILE = "ties.yaml"
STATUS_FILE = "status.yaml"

META_FIELDS = ("name", "title", "description", "core", "uprising_start", "observed_until", "notes")
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
# reading files


class Reader:
    """Collects problems while turning YAML records into model objects."""

    def __init__(self, root: Path, limits: Limits):
        self.root = root
        self.limits = limits
        self.problems: list[Problem] = []
        # Once a file cannot be read, references into it cannot be judged: we skip those checks
        # rather than bury the one real error under a cascade of "unknown id" messages.
        self.broken = False
        # Every file looked at, with what its stat said (None: absent), so a cache can tell
        # whether any of them changed.
        self.files: list[tuple[str, tuple | None]] = []
        # What all the files read may still add up to: a held text cited a thousand times must
        # not be held a thousand times.
        self.budget = limits.max_total_bytes

    def problem(self, file: str, line: int | None, entity: str | None, message: str, fix: str = "", severity: str = "error") -> None:
        self.problems.append(Problem(file, line, entity, message, fix, severity))

    # Suggesting the nearest id compares it with every known id; a file with thousands of
    # unknown ids must not turn that into hours of work, so the comparisons are budgeted.
    suggestions_left = 2_000_000

    def nearest(self, word: str, known: Any) -> str | None:
        """The known id closest to `word`, while the budget of comparisons lasts."""
        if len(known) > self.suggestions_left:
            return None
        self.suggestions_left -= len(known)
        close = difflib.get_close_matches(word, list(known), n=1)
        return close[0] if close else None

    def read_bytes(self, relpath: str) -> bytes | None:
        """The bytes of a file of the dataset; None when it is absent (FileRefused when it is wrong)."""
        path = os.path.join(self.root, relpath)
        try:
            data, st = yamlfile.read_bytes(self.root, relpath, self.limits, budget=self.budget)
        except FileNotFoundError:
            self.files.append((path, None))
            return None
        self.files.append((path, yamlfile.stat_key(st)))
        self.budget -= len(data)
        return data

    def read_yaml(self, name: str, *, required: bool = False, expect: type = list) -> Any:
        try:
            data = self.read_bytes(name)
            if data is None:
                if required:
                    self.problem(name, None, None, "file is missing", f"create {name}")
                return expect()
            value, key_problems = yamlfile.parse_yaml(yamlfile.decode(data), self.limits)
        except FileRefused as exc:
            self.problem(name, exc.line, None, _subject("the file", exc, standalone=True), exc.fix)
            self.broken = True
            return expect()
        for key_problem in key_problems:
            self.problem(name, key_problem.line, None, key_problem.message, key_problem.fix)
        if value is None:
            self.problem(name, None, None, "the file is empty: it holds no records", "add the records, or delete the file if the dataset has none")
            self.broken = True
            return expect()
        if not isinstance(value, expect):
            shape = "a list of records (each starting with '- ')" if expect is list else "a mapping of keys to values"
            found = {list: "a list", Record: "a mapping", str: "text"}.get(type(value), type(value).__name__)
            self.problem(name, getattr(value, "line", None), None, f"expected {shape}, found {found}", f"make the file {shape}")
            self.broken = True
            return expect()
        return value

    def records(self, name: str, fields: tuple[str, ...], *, required: bool = False) -> list[Record]:
        """The mappings of a list file, each checked for unknown fields."""
        out = []
        for index, record in enumerate(self.read_yaml(name, required=required)):
            if not isinstance(record, Record):
                self.problem(name, None, None, f"item {index + 1} is not a record", "write each item as 'key: value' lines under '- '")
                continue
            ident = record.get("id") if isinstance(record.get("id"), str) else None
            for key in record:
                if key not in fields:
                    close = difflib.get_close_matches(key, fields, n=1)
                    hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(fields)}"
                    self.problem(name, _line(record, key), ident, f"unknown field '{key}'", hint)
            out.append(record)
        return out

    # -- one field of a record, checked for its type ----------------------------------------

    def date(self, record: Record, key: str, file: str, ident: str | None) -> PartialDate | None:
        value = record.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, (list, dict)) or isinstance(value, bool):
            self.problem(file, _line(record, key), ident, f"'{key}' must be one date, not {_what(value)}", "write YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        try:
            return parse_date(value)
        except DateError as exc:
            self.problem(file, _line(record, key), ident, f"bad date in '{key}': {exc}")
            return None

    def present(self, record: Record, key: str, file: str, ident: str | None, required: bool) -> Any:
        """The field's value, or None when it is absent or blank (a problem when it is required)."""
        value = record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(file, _line(record), ident, f"missing required field '{key}'", f"add '{key}: ...' to this record")
            return None
        return value

    def text(self, record: Record, key: str, file: str, ident: str | None, *, required: bool = False) -> str | None:
        """Free text (a number is taken as its text)."""
        value = self.present(record, key, file, ident, required)
        if value is None:
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(file, _line(record, key), ident, f"'{key}' must be text, not {_what(value)}", f"write '{key}' as a single line of text")
            return None
        return str(value)

    def word(self, record: Record, key: str, file: str, ident: str | None, *, required: bool = False) -> str | None:
        """An id or a reference to one: text, never a number or a list."""
        value = self.present(record, key, file, ident, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(file, _line(record, key), ident, f"'{key}' must be one word of text, not {_what(value)}", f"write '{key}: ...' as text (quote it if it is all digits)")
            return None
        return value

    def choice(self, record: Record, key: str, file: str, ident: str | None, allowed: Any, what: str, default: str | None = None) -> str | None:
        """One of a fixed set of words; `default` when absent; None (and a problem) when wrong."""
        value = record.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            self.problem(file, _line(record, key), ident, f"'{key}' must be one word, not {_what(value)}", f"use one of: {', '.join(allowed)}")
            return None
        if value not in allowed:
            self.problem(file, _line(record, key), ident, f"unknown {what} '{value}'", f"use one of: {', '.join(allowed)}")
            return None
        return value

    def text_list(self, record: Record, key: str, file: str, ident: str | None) -> list[str]:
        value = record.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(file, _line(record, key), ident, f"'{key}' must be a list of text", f"write '{key}: [a, b]', quoting any item that is a number")
            return []
        return list(value)


def _subject(subject: str, refused: FileRefused, *, standalone: bool = False) -> str:
    """A refusal said of a file ("is a directory ...") or on its own ("not valid UTF-8 ...")."""
    if refused.about_file:
        return f"{subject} {refused.message}"
    return refused.message if standalone else f"{subject}: {refused.message}"


def _what(value: Any) -> str:
    """How a value that has the wrong type is named in a message (never its internals)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return "text"


# --------------------------------------------------------------------------------------------
# reading


_CACHE: OrderedDict[tuple, tuple[list[tuple[str, tuple | None]], tuple[Dataset, list[Problem]]]] = OrderedDict()
_CACHE_SIZE = 8
# Only datasets up to this size are kept: a large one is read once by a command, and copying it into
# the cache (5 s for a 20,000-person regime) would cost more than a later read saves.
_CACHE_MAX_BYTES = 4_000_000
_SETTLED_NS = 2_000_000_000  # a file written in the last 2 s could change again within one timestamp


def _limits(max_file_mb: float | None) -> Limits:
    try:
        return Limits.from_mb(max_file_mb)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _stat(path: str) -> tuple | None:
    try:
        return yamlfile.stat_key(os.stat(path))
    except (OSError, ValueError):
        return None


@no_cycle_collection()  # many small records and no cycles: reading 20k people takes half the time
def read_dataset(path: str | Path | None = None, *, strict: bool = False, max_file_mb: float | None = None) -> tuple[Dataset, list[Problem]]:
    """Read and check a dataset; return it with every problem found (empty when valid).

    With `strict`, also flag what an analyst would want fixed before citing the data: ties and
    status events without a source, sources never cited, quotes absent from the held text,
    people without any date, and every breach of the consistency rules (`explorer.rules`). Each file may hold at most `max_file_mb` megabytes (default: the
    REGIME_EXPLORER_MAX_FILE_MB variable, else 20).

    A valid dataset up to a few megabytes is read once per process: later calls get a copy, until
    one of its files changes.
    """
    root = Path(path) if path else bundled_path()
    limits = _limits(max_file_mb)
    key = (str(root), os.path.realpath(root), strict, limits)
    hit = _CACHE.get(key)
    if hit is not None and all(_stat(file) == stamp for file, stamp in hit[0]):
        _CACHE.move_to_end(key)
        return copy.deepcopy(hit[1])
    dataset, problems, files = _read_dataset(root, strict, limits)
    settled = time.time_ns() - _SETTLED_NS
    small = sum(stamp[2] for _, stamp in files if stamp) <= _CACHE_MAX_BYTES
    if not problems and files and small and all(stamp is None or stamp[3] < settled for _, stamp in files):
        _CACHE[key] = (files, copy.deepcopy((dataset, problems)))
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return dataset, problems


def _read_dataset(root: Path, strict: bool, limits: Limits) -> tuple[Dataset, list[Problem], list[tuple[str, tuple | None]]]:
    reader = Reader(root, limits)
    if not root.is_dir():
        problem = Problem(str(root), None, None, "dataset directory not found", "pass --data DIR pointing at a dataset directory")
        return Dataset(root.name, root.name, str(root), None, {}, {}, [], []), [problem], []

    meta = reader.read_yaml(META_FILE, expect=dict)
    for key in meta:
        if key not in META_FIELDS:
            reader.problem(META_FILE, _line(meta, key), None, f"unknown field '{key}'", f"known fields: {', '.join(META_FIELDS)}")

    sources, texts = _read_sources(reader)
    entities = _read_entities(reader, sources)
    ties = _read_ties(reader, entities, sources)
    status_events = _read_status(reader, entities, sources)
    from .stories import read_stories  # stories build on the reader, so they import this module

    stories = read_stories(reader, entities, {t.id: t for t in ties}, sources, texts)
    if not any(stamp for _, stamp in reader.files):
        names = ", ".join([META_FILE, SOURCES_FILE, *(k.file for k in schema.ENTITY_KINDS.values()), TIES_FILE, STATUS_FILE])
        reader.problem(str(root), None, None, f"no data files in this directory (expected {names})", "pass --data DIR pointing at a dataset directory")

    core = reader.word(meta, "core", META_FILE, None)
    if core is not None and core not in entities and not reader.broken:
        reader.problem(META_FILE, _line(meta, "core"), core, f"core '{core}' is not a known entity", "set core to the id of the ruler, e.g. 'bashar-al-assad'")
    if core not in entities:
        core = None
    name = reader.text(meta, "name", META_FILE, None) or root.name
    dataset = Dataset(
        name=name,
        title=reader.text(meta, "title", META_FILE, None) or name,
        path=str(root),
        core=core,
        entities=entities,
        sources=sources,
        ties=ties,
        status_events=status_events,
        description=reader.text(meta, "description", META_FILE, None),
        uprising_start=reader.date(meta, "uprising_start", META_FILE, None),
        observed_until=reader.date(meta, "observed_until", META_FILE, None),
        texts=texts,
        stories=stories,
    )
    reader.text(meta, "notes", META_FILE, None)
    if strict:
        _strict_checks(reader, dataset)
        if not reader.problems:
            from .rules import check_rules  # the consistency rules judge a dataset that reads cleanly

            reader.problems.extend(check_rules(dataset))
    return dataset, reader.problems, reader.files


def load_dataset(path: str | Path | None = None, *, strict: bool = False, max_file_mb: float | None = None) -> Dataset:
    """Read a dataset and raise `InvalidDataset` listing every problem, if there is any."""
    dataset, problems = read_dataset(path, strict=strict, max_file_mb=max_file_mb)
    if problems:
        raise InvalidDataset(problems, dataset.path)
    return dataset


def check_dataset(path: str | Path | None = None, *, strict: bool = False, max_file_mb: float | None = None) -> list[Problem]:
    """Every problem in a dataset; an empty list means it is valid."""
    return read_dataset(path, strict=strict, max_file_mb=max_file_mb)[1]


def validation_report(path: str | Path | None = None, *, strict: bool = False, max_file_mb: float | None = None) -> tuple[Dataset, list[Problem]]:
    """What `validate` shows: every problem, and the consistency rules' findings even when not strict.

    Without `strict` a rule's warnings are shown but do not make the dataset invalid (`fails`);
    with it, everything fails. A dataset that does not read cleanly is not judged by the rules.
    """
    dataset, problems = read_dataset(path, strict=strict, max_file_mb=max_file_mb)
    if not strict and not problems:
        from .rules import check_rules

        problems = check_rules(dataset)
    return dataset, problems


def fails(problem: Problem, strict: bool) -> bool:
    """Whether a problem makes validation fail: every one when strict, else all but warnings."""
    return strict or problem.severity != "warning"


def _check_id(reader: Reader, file: str, record: Record, seen: dict[str, str]) -> str | None:
    ident = reader.word(record, "id", file, None, required=True)
    if ident is None:
        return None
    if not SLUG.match(ident):
        suggestion = slugify(ident)
        reader.problem(file, _line(record, "id"), ident, "id must be a slug of lowercase letters, digits and hyphens", f"use '{suggestion}'")
        return None
    if ident in seen:
        reader.problem(file, _line(record, "id"), ident, f"duplicate id (already used in {seen[ident]})", "give one of them another id")
        return None
    seen[ident] = f"{file}:{_line(record)}"
    return ident


def _read_sources(reader: Reader) -> tuple[dict[str, Source], dict[str, str]]:
    sources: dict[str, Source] = {}
    texts: dict[str, str] = {}
    seen: dict[str, str] = {}
    for record in reader.records(SOURCES_FILE, SOURCE_FIELDS):
        ident = _check_id(reader, SOURCES_FILE, record, seen)
        title = reader.text(record, "title", SOURCES_FILE, ident, required=True)
        raw = record.get("reliability", "F")
        reliability = raw.strip().upper() if isinstance(raw, str) else None
        if reliability not in schema.RELIABILITY:
            shown = f"reliability '{raw}' is not A-F" if isinstance(raw, (str, int, float)) else f"reliability must be one letter A-F, not {_what(raw)}"
            reader.problem(SOURCES_FILE, _line(record, "reliability"), ident, shown, "grade the source A (completely reliable) to E (unreliable), or F (cannot be judged)")
        text_path = reader.text(record, "text", SOURCES_FILE, ident)
        if ident is None or title is None:
            continue
        if text_path:
            held = _read_held_text(reader, record, ident, text_path)
            if held is None:
                text_path = None
            else:
                texts[ident] = held
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


def _read_held_text(reader: Reader, record: Record, ident: str, text_path: str) -> str | None:
    """The held copy of a source: a UTF-8 file inside the dataset directory, or a problem."""
    line = _line(record, "text")
    try:
        data = reader.read_bytes(text_path)
        if data is None:
            reader.problem(SOURCES_FILE, line, ident, f"held text '{text_path}' not found", "put the file beside sources.yaml or fix the path")
            return None
        return yamlfile.decode(data, yaml_text=False)
    except FileRefused as exc:
        reader.problem(SOURCES_FILE, line, ident, _subject(f"held text '{text_path}'", exc), exc.fix)
        return None


_ENUM_FIELDS = {
    "organization": ("kind", schema.ORGANIZATION_KINDS),
    "place": ("kind", schema.PLACE_KINDS),
    "event": ("kind", schema.EVENT_KINDS),
}
_DATE_FIELDS = {"person": ("born", "died"), "organization": ("founded", "dissolved"), "event": ("start", "end")}


def _read_entities(reader: Reader, sources: dict[str, Source]) -> dict[str, Entity]:
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
                attrs[key] = reader.choice(record, key, file, ident, allowed, f"{kind.name} kind")
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


def read_citations(reader: Reader, record: Record, file: str, ident: str | None, sources: dict[str, Source]) -> list[Citation]:
    raw = record.get("sources")
    if raw is None:
        return []
    if isinstance(raw, (str, dict)):
        raw = [raw]
    if not isinstance(raw, list):
        reader.problem(file, _line(record, "sources"), ident, f"'sources' must be a list, not {_what(raw)}", "write 'sources: [source-id]' or a list of {source: id, quote: ...}")
        return []
    citations = []
    for item in raw:
        line = _line(item) if isinstance(item, Record) else _line(record, "sources")
        if isinstance(item, str):
            bare = Record(line)
            bare["source"] = item
            item = bare
        if not isinstance(item, Record):
            reader.problem(file, line, ident, f"a citation must be a source id or a record, not {_what(item)}", "write '- source: id' with optional quote, stance, credibility")
            continue
        citation = _read_citation(reader, item, line, file, ident, sources)
        if citation is not None:
            citations.append(citation)
    return citations


def _read_citation(reader: Reader, item: Record, line: int | None, file: str, ident: str | None, sources: dict[str, Source]) -> Citation | None:
    for key in item:
        if key not in CITATION_FIELDS:
            reader.problem(file, _line(item, key), ident, f"unknown citation field '{key}'", f"known fields: {', '.join(CITATION_FIELDS)}")
    if item.get("source") in (None, ""):
        reader.problem(file, line, ident, "citation without 'source'", "name the source id from sources.yaml")
        return None
    source_id = reader.word(item, "source", file, ident)
    if source_id is None:
        return None
    if source_id not in sources:
        if not reader.broken:
            close = reader.nearest(source_id, sources)
            hint = f"did you mean '{close}'?" if close else "add the source to sources.yaml"
            reader.problem(file, _line(item, "source"), ident, f"cites unknown source '{source_id}'", hint)
        return None
    stance = reader.choice(item, "stance", file, ident, schema.STANCES, "stance", "supports") or "supports"
    credibility = item.get("credibility")
    if credibility is not None and (type(credibility) is not int or credibility not in schema.CREDIBILITY):
        shown = f"credibility '{credibility}' is not 1-6" if isinstance(credibility, (str, int, float)) else f"credibility must be one number 1-6, not {_what(credibility)}"
        reader.problem(file, _line(item, "credibility"), ident, shown, "grade 1 (confirmed by other sources) to 5 (improbable), or 6 (cannot be judged)")
        credibility = None
    quote = item.get("quote")
    if quote is not None and not isinstance(quote, str):
        reader.problem(file, _line(item, "quote"), ident, f"quote must be text, not {_what(quote)}", "quote the source word for word, in quotes")
        quote = None
    return Citation(source_id, quote, stance, credibility, reader.text(item, "note", file, ident))


def _confidence(reader: Reader, record: Record, file: str, ident: str | None, default: str = "reported") -> str:
    return reader.choice(record, "confidence", file, ident, schema.CONFIDENCE, "confidence", default) or default


def _read_ties(reader: Reader, entities: dict[str, Entity], sources: dict[str, Source]) -> list[Tie]:
    ties: list[Tie] = []
    seen: dict[str, int | None] = {}
    extra = sorted({f for rel in schema.REL_TYPES.values() for f in rel.extra_fields})
    fields = TIE_FIELDS + tuple(extra)
    for record in reader.records(TIES_FILE, fields):
        line = _line(record)
        type_name = reader.word(record, "type", TIES_FILE, None, required=True)
        source = reader.word(record, "from", TIES_FILE, None, required=True)
        target = reader.word(record, "to", TIES_FILE, None, required=True)
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
                close = reader.nearest(end, entities)
                hint = f"did you mean '{close}'?" if close else "add the entity first, or fix the id"
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
        citations = read_citations(reader, record, TIES_FILE, label, sources)
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
        if rel and "role" in rel.extra_fields and not attrs.get("role") and not isinstance(record.get("role"), (list, dict)):
            reader.problem(TIES_FILE, line, label, f"{type_name} needs a 'role'", "add 'role: ...' (e.g. commander, minister of defence)")
        given_id = reader.word(record, "id", TIES_FILE, label)
        note = reader.text(record, "note", TIES_FILE, label)
        if not ok or rel is None or (record.get("id") is not None and given_id is None):
            continue
        if rel.symmetric and source > target:
            source, target = target, source  # stored once, in id order
        ident = given_id or tie_id(rel.name, source, target, start)
        if ident in seen:
            reader.problem(TIES_FILE, line, ident, f"the same tie is already at line {seen[ident]}", "merge the two records, or give each an 'id' if they are separate claims")
            continue
        seen[ident] = line
        ties.append(Tie(ident, rel.name, source, target, start, end_date, confidence, citations, note, attrs, TIES_FILE, line))
    return ties


def _read_status(reader: Reader, entities: dict[str, Entity], sources: dict[str, Source]) -> list[StatusEvent]:
    events: list[StatusEvent] = []
    seen: dict[str, int | None] = {}
    pending_supersedes = []
    for record in reader.records(STATUS_FILE, STATUS_FIELDS):
        line = _line(record)
        person = reader.word(record, "person", STATUS_FILE, None, required=True)
        kind = reader.word(record, "kind", STATUS_FILE, person, required=True)
        when = reader.date(record, "date", STATUS_FILE, person)
        if record.get("date") in (None, ""):
            reader.problem(STATUS_FILE, line, person, "missing required field 'date'", "add 'date: YYYY[-MM[-DD]]' as precise as the source allows")
        state = reader.choice(record, "state", STATUS_FILE, person, schema.STATUS_EVENT_STATES, "state", "reported")
        ok = person is not None and kind is not None and state is not None
        if kind is not None and kind not in schema.STATUS_EVENT_KINDS:
            reader.problem(STATUS_FILE, _line(record, "kind"), person, f"unknown status event kind '{kind}'", f"use one of: {', '.join(schema.STATUS_EVENT_KINDS)}")
            ok = False
        if person is not None:
            if person not in entities:
                ok = False
                if reader.broken:
                    continue
                close = reader.nearest(person, entities)
                reader.problem(STATUS_FILE, _line(record, "person"), person, f"'person' refers to unknown id '{person}'", f"did you mean '{close}'?" if close else "add the person first, or fix the id")
                ok = False
            elif entities[person].kind != "person":
                reader.problem(STATUS_FILE, _line(record, "person"), person, f"'{person}' is a {entities[person].kind}, not a person", "status events are for people")
                ok = False
        place = reader.word(record, "place", STATUS_FILE, person)
        supersedes = reader.word(record, "supersedes", STATUS_FILE, person)
        given_id = reader.word(record, "id", STATUS_FILE, person)
        note = reader.text(record, "note", STATUS_FILE, person)
        if any(record.get(key) is not None and value is None for key, value in (("place", place), ("supersedes", supersedes), ("id", given_id))):
            ok = False
        if place is not None and place not in entities and not reader.broken:
            reader.problem(STATUS_FILE, _line(record, "place"), person, f"'place' refers to unknown id '{place}'", "add the place first, or fix the id")
        confidence = _confidence(reader, record, STATUS_FILE, person)
        citations = read_citations(reader, record, STATUS_FILE, person, sources)
        if not ok or when is None:
            continue
        ident = given_id or status_id(person, kind, when, state)
        if ident in seen:
            reader.problem(STATUS_FILE, line, ident, f"the same status event is already at line {seen[ident]}", "merge them, or give each an 'id'")
            continue
        seen[ident] = line
        event = StatusEvent(ident, person, kind, when, state, confidence, place, supersedes, citations, note, STATUS_FILE, line)
        events.append(event)
        if event.supersedes:
            pending_supersedes.append((event, _line(record, "supersedes")))
    by_id = {e.id: e for e in events}
    for event, line in pending_supersedes:
        earlier = by_id.get(event.supersedes)
        if earlier is None:
            if len(by_id) <= 5:
                hint = f"use the id of an earlier record; known: {', '.join(sorted(by_id)) or 'none'}"
            else:
                close = reader.nearest(event.supersedes, by_id)
                hint = f"did you mean '{close}'?" if close else f"use the id of an earlier record ({len(by_id)} in {STATUS_FILE})"
            reader.problem(STATUS_FILE, line, event.id, f"supersedes unknown status event '{event.supersedes}'", hint)
        elif earlier.person != event.person:
            reader.problem(STATUS_FILE, line, event.id, f"supersedes a status event of another person ('{earlier.person}')", "a record can only confirm or deny a record about the same person")
    return events


# --------------------------------------------------------------------------------------------
# strict checks


def normalise_quote(text: str) -> str:
    """Whitespace and typographic quotes folded, so a quote matches across line breaks."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def _strict_checks(reader: Reader, dataset: Dataset) -> None:
    cited: set[str] = set()
    held = {sid: normalise_quote(text) for sid, text in dataset.texts.items()}
    records: list[tuple[str, int | None, str, list[Citation]]] = [
        (t.file, t.line, t.id, t.citations) for t in dataset.ties
    ] + [(e.file, e.line, e.id, e.citations) for e in dataset.status_events]
    for file, line, ident, citations in records:
        if not citations and not reader.broken:
            reader.problem(file, line, ident, "no source for this claim", "add 'sources:' with at least one source id", "strict")
        for citation in citations:
            cited.add(citation.source)
            if citation.quote and citation.source in held and normalise_quote(citation.quote) not in held[citation.source]:
                reader.problem(file, line, ident, f"quote not found word for word in the held text of '{citation.source}'", "copy the quote exactly from the source text", "strict")
    if reader.broken:
        return  # with a file unread, "never cited" and "no date" would only echo that one problem
    for source in dataset.sources.values():
        if source.id not in cited:
            reader.problem(source.file, source.line, source.id, "source is never cited", "cite it from a tie or status event, or remove it", "strict")
    dated = {e.person for e in dataset.status_events}
    dated.update(end for t in dataset.ties if t.start or t.end for end in (t.source, t.target))
    for person in dataset.of_kind("person"):
        if not any(k in person.attrs for k in ("born", "died")) and person.id not in dated:
            reader.problem(person.file, person.line, person.id, "person has no date at all (no birth, death or dated tie)", "add 'born:' or a dated tie if a source gives one", "strict")
