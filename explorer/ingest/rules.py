"""The ingest rules file: read, checked and compiled once, so a bad rule fails with its line.

The rules (cue phrases, title words, relation and status patterns) are data an analyst extends
(explorer/ingest/rules.yaml, docs/ingest.md); nothing here names a relationship type: the types
and status kinds a rule may use come from `explorer.schema`, and the kinds of its slots are
checked against the type's ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .. import schema, yamlfile
from ..errors import ExplorerError
from ..yamlfile import line_of as _line

__all__ = ["Rules", "Relation", "StatusRule", "Cue", "RulesError", "load_rules", "default_rules_path", "KIND_LETTERS"]


class RulesError(ExplorerError):
    """The rules file is malformed or names something the registry does not know."""


# Mention kinds as they appear in a masked sentence: ⟨p12⟩ is mention 12, a person.
KIND_LETTERS = {"person": "p", "org": "o", "place": "l", "event": "e", "post": "r"}
# What entity kind a slot kind stands for (a post stands for the body it heads).
SLOT_ENTITY_KIND = {"person": "person", "org": "organization", "place": "place", "event": "event", "post": "organization"}
GAP = "(?:[^⟨]|⟨[olre]\\d+⟩){0,160}?"
GRADES = tuple(schema.CONFIDENCE) + ("denied",)
SCOPES = ("sentence", "after", "subject")
_SLOT = re.compile(r"\{([A-Za-z_]+)(?::([a-z|]+)(?:/([a-z_]+))?(\+)?)?\}")


@dataclass(frozen=True)
class Slot:
    name: str
    kinds: tuple[str, ...]
    subkind: str | None
    many: bool


@dataclass(frozen=True)
class Pattern:
    """A rule's pattern compiled over masked sentences, with the slots it captures."""

    source: str
    regex: re.Pattern
    slots: dict[str, Slot]


@dataclass(frozen=True)
class Relation:
    id: str
    type: str
    pattern: Pattern
    source: str  # a slot name, "S" (the speaker)
    target: str | dict  # a slot name, "S", or {"most_mentioned": [org kinds]}
    grade: str | None = None
    hedged: bool = True
    date_start: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True)
class StatusRule:
    id: str
    kind: str
    pattern: Pattern
    person: str
    place: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Cue:
    grade: str
    scope: str
    regex: re.Pattern


@dataclass(frozen=True)
class Title:
    regex: re.Pattern
    title: str


@dataclass(frozen=True)
class Post:
    regex: re.Pattern
    role: str
    body: str
    head: bool


@dataclass
class Rules:
    """Every rule of the file, compiled."""

    path: str
    abbreviations: frozenset[str]
    titles: list[Title]
    title_regex: re.Pattern
    name_particles: frozenset[str]
    not_names: frozenset[str]
    pronouns: frozenset[str]
    anaphora: list[tuple[re.Pattern, str]]
    unnamed_subject: re.Pattern | None
    family_words: frozenset[str]
    posts: list[Post]
    cues: list[Cue]
    speakers: list[Pattern]
    stake_kinds: frozenset[str]
    stated: dict[str, str]
    credibility: dict[str, int]
    relations: list[Relation]
    status: list[StatusRule]


def default_rules_path() -> Path:
    """The rules shipped with the package."""
    return Path(str(resources.files("explorer") / "ingest" / "rules.yaml"))


class _Check:
    """Collects the first problem with its line, as `file:line: message (fix: ...)`."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, line: int | None, message: str, fix: str) -> RulesError:
        where = f"{self.path}:{line}" if line else self.path
        return RulesError(f"{where}: {message} (fix: {fix})")

    def regex(self, text: Any, line: int | None, what: str, flags: int = re.IGNORECASE) -> re.Pattern:
        if not isinstance(text, str) or not text:
            raise self.fail(line, f"{what} must be a non-empty text", "write the pattern as a quoted string")
        try:
            return re.compile(text, flags)
        except re.error as exc:
            raise self.fail(line, f"{what} is not a valid regular expression: {exc}", "escape special characters such as . ( ) ? with a backslash") from None


def _compile_pattern(check: _Check, text: Any, line: int | None, what: str) -> Pattern:
    if not isinstance(text, str) or not text:
        raise check.fail(line, f"{what}: `pattern` must be a non-empty text", "give a pattern such as \"{A:person} fled to {B:place}\"")
    slots: dict[str, Slot] = {}

    def slot(match: re.Match) -> str:
        name, kinds_text, subkind, many = match.groups()
        if name == "_" and kinds_text:
            letters = "".join(KIND_LETTERS.get(k, "") for k in kinds_text.split("|"))
            return f"⟨[{letters}]\\d+⟩"  # an anonymous mention: must be there, is not captured
        if name == "S" and kinds_text is None:
            slots.setdefault("S", Slot("S", ("person", "org"), None, False))
            return ""  # the speaker is found by the `speakers` patterns, not here
        if kinds_text is None:
            raise check.fail(line, f"{what}: slot {{{name}}} has no kind", "write {NAME:KIND} with KIND one of " + ", ".join(KIND_LETTERS))
        kinds = tuple(kinds_text.split("|"))
        for kind in kinds:
            if kind not in KIND_LETTERS:
                raise check.fail(line, f"{what}: unknown slot kind '{kind}'", "use one of " + ", ".join(KIND_LETTERS))
        if subkind and subkind not in schema.ORGANIZATION_KINDS + schema.PLACE_KINDS + schema.EVENT_KINDS:
            raise check.fail(line, f"{what}: unknown kind '{subkind}' after /", "use an organization, place or event kind from `regime-explorer schema`")
        if name in slots:
            raise check.fail(line, f"{what}: slot {name} appears twice", "give each slot its own name")
        slots[name] = Slot(name, kinds, subkind, bool(many))
        letters = "".join(KIND_LETTERS[k] for k in kinds)
        one = f"⟨[{letters}]\\d+⟩"
        if many:
            return f"(?P<{name}>{one}(?:(?:,? and |, | & )(?:(?:his|her|their) [a-z]+ )?{one})*)"
        return f"(?P<{name}>{one})"

    regex_text = _SLOT.sub(slot, text.replace("...", GAP))
    try:
        regex = re.compile(regex_text, re.IGNORECASE)
    except re.error as exc:
        raise check.fail(line, f"{what}: not a valid pattern: {exc}", "escape special characters such as . ( ) ? with a backslash; slots are {NAME:KIND}") from None
    return Pattern(text, regex, slots)


def _list_of_text(check: _Check, data: dict, key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise check.fail(_line(data, key), f"`{key}` must be a list of words", f"write {key}: [word, word]")
    return value


def _records(check: _Check, data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise check.fail(_line(data, key), f"`{key}` must be a list of mappings", f"write each item of {key} as {{field: value, ...}}")
    return value


def _fields(check: _Check, record: dict, what: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
    for key in record:
        if key not in allowed:
            raise check.fail(_line(record, key), f"{what}: unknown field '{key}'", f"use only {', '.join(allowed)}")
    for key in required:
        if record.get(key) in (None, ""):
            raise check.fail(_line(record), f"{what}: missing `{key}`", f"add {key}: ...")


def _endpoint_kinds(check: _Check, pattern: Pattern, end: Any, line: int | None, what: str, allowed: tuple[str, ...]) -> None:
    """A relation's end must be a slot whose kinds the registry allows at that end."""
    if isinstance(end, dict):
        kinds = end.get("most_mentioned")
        if list(end) != ["most_mentioned"] or not isinstance(kinds, list) or not kinds or any(k not in schema.ORGANIZATION_KINDS for k in kinds):
            raise check.fail(line, f"{what}: an end given as a mapping must be {{most_mentioned: [organization kinds]}}", "list organization kinds from `regime-explorer schema`")
        if "organization" not in allowed:
            raise check.fail(line, f"{what}: this end of the type takes {', '.join(allowed)}, not an organization", "point the end at a slot of the right kind")
        return
    if end == "S":
        if not {"person", "organization"} & set(allowed):
            raise check.fail(line, f"{what}: the speaker S is a person or a body, but this end of the type takes {', '.join(allowed)}", "point the end at a slot of the right kind")
        return  # a speaker of the wrong kind for the type is skipped when the rule is applied
    if not isinstance(end, str) or end not in pattern.slots:
        raise check.fail(line, f"{what}: end '{end}' is not a slot of the pattern", f"use one of {', '.join(pattern.slots) or '(none: add a slot)'}")
    for kind in pattern.slots[end].kinds:
        if SLOT_ENTITY_KIND[kind] not in allowed:
            raise check.fail(line, f"{what}: slot {end} may be a {kind}, but this end of the type takes {', '.join(allowed)}", "change the slot's kind or the type")


def _relation(check: _Check, record: dict) -> Relation:
    line = _line(record)
    what = f"relation '{record.get('id', '?')}'"
    _fields(check, record, what, ("id", "type", "pattern", "from", "to", "grade", "hedged", "date", "role", "relation", "note"), ("id", "type", "pattern", "from", "to"))
    type_name = record["type"]
    if type_name not in schema.REL_TYPES:
        raise check.fail(_line(record, "type"), f"{what}: unknown relationship type '{type_name}'", "use a type from `regime-explorer schema`")
    rel = schema.REL_TYPES[type_name]
    pattern = _compile_pattern(check, record["pattern"], _line(record, "pattern"), what)
    _endpoint_kinds(check, pattern, record["from"], _line(record, "from"), what, rel.source_kinds)
    _endpoint_kinds(check, pattern, record["to"], _line(record, "to"), what, rel.target_kinds)
    grade = record.get("grade")
    if grade is not None and grade not in schema.CONFIDENCE:
        raise check.fail(_line(record, "grade"), f"{what}: unknown grade '{grade}'", f"use one of {', '.join(schema.CONFIDENCE)}")
    if record.get("hedged", True) not in (True, False):
        raise check.fail(_line(record, "hedged"), f"{what}: `hedged` must be true or false", "write hedged: false")
    if record.get("date") not in (None, "start"):
        raise check.fail(_line(record, "date"), f"{what}: `date` may only be 'start'", "write date: start or leave it out")
    extra = {}
    for key in ("role", "relation"):
        if key in record:
            if key not in rel.extra_fields:
                raise check.fail(_line(record, key), f"{what}: type {type_name} takes no `{key}`", f"remove {key}")
            extra[key] = str(record[key])
    return Relation(str(record["id"]), type_name, pattern, record["from"], record["to"], grade, record.get("hedged", True), record.get("date") == "start", extra, line)


def _status_rule(check: _Check, record: dict) -> StatusRule:
    what = f"status rule '{record.get('id', '?')}'"
    _fields(check, record, what, ("id", "kind", "pattern", "person", "place", "note"), ("id", "kind", "pattern", "person"))
    if record["kind"] not in schema.STATUS_EVENT_KINDS:
        raise check.fail(_line(record, "kind"), f"{what}: unknown status event kind '{record['kind']}'", f"use one of {', '.join(schema.STATUS_EVENT_KINDS)}")
    pattern = _compile_pattern(check, record["pattern"], _line(record, "pattern"), what)
    _endpoint_kinds(check, pattern, record["person"], _line(record, "person"), what, ("person",))
    place = record.get("place")
    if place is not None:
        _endpoint_kinds(check, pattern, place, _line(record, "place"), what, ("place",))
    return StatusRule(str(record["id"]), record["kind"], pattern, record["person"], place, _line(record))


TOP_FIELDS = (
    "abbreviations", "titles", "name_particles", "not_names", "pronouns", "anaphora", "unnamed_subject", "family_words",
    "posts", "cues", "speakers", "stake_kinds", "stated", "credibility", "relations", "status",
)


def _parse_rules(text: str, path: str) -> Rules:
    check = _Check(path)
    try:
        data, key_problems = yamlfile.parse_yaml(text)
    except yamlfile.FileRefused as exc:
        raise check.fail(exc.line, str(exc), exc.fix or "fix the YAML syntax") from None
    if key_problems:
        problem = key_problems[0]
        raise check.fail(getattr(problem, "line", None), str(getattr(problem, "message", problem)), "write each key once")
    if not isinstance(data, dict):
        raise check.fail(1, "the rules file must be a mapping of sections", "start from the shipped rules.yaml")
    for key in data:
        if key not in TOP_FIELDS:
            raise check.fail(_line(data, key), f"unknown section '{key}'", f"use only {', '.join(TOP_FIELDS)}")
    for key in ("titles", "cues", "relations", "status", "speakers", "stated"):
        if key not in data:
            raise check.fail(None, f"missing section '{key}'", "start from the shipped rules.yaml")

    titles = []
    for record in _records(check, data, "titles"):
        _fields(check, record, "title", ("pattern", "title"), ("pattern",))
        titles.append(Title(check.regex(record["pattern"], _line(record, "pattern"), "title pattern", 0), str(record.get("title") or "")))
    title_regex = re.compile("|".join(f"(?:{t.regex.pattern})" for t in titles) or "(?!)")

    anaphora = []
    for record in _records(check, data, "anaphora"):
        _fields(check, record, "anaphora", ("phrase", "kind"), ("phrase", "kind"))
        if record["kind"] not in schema.PLACE_KINDS:
            raise check.fail(_line(record, "kind"), f"anaphora: unknown place kind '{record['kind']}'", f"use one of {', '.join(schema.PLACE_KINDS)}")
        anaphora.append((check.regex(r"\b" + re.escape(str(record["phrase"])) + r"\b", _line(record), "anaphora phrase"), record["kind"]))

    posts = []
    for record in _records(check, data, "posts"):
        _fields(check, record, "post", ("pattern", "role", "body", "head"), ("pattern", "role", "body"))
        posts.append(Post(check.regex(r"\b(?:" + str(record["pattern"]) + r")\b", _line(record, "pattern"), "post pattern"), str(record["role"]), str(record["body"]), record.get("head") is True))

    cues = []
    for record in _records(check, data, "cues"):
        _fields(check, record, "cue", ("grade", "scope", "phrases"), ("grade", "phrases"))
        if record["grade"] not in GRADES:
            raise check.fail(_line(record, "grade"), f"cue: unknown grade '{record['grade']}'", f"use one of {', '.join(GRADES)}")
        scope = record.get("scope", "sentence")
        if scope not in SCOPES:
            raise check.fail(_line(record, "scope"), f"cue: unknown scope '{scope}'", f"use one of {', '.join(SCOPES)}")
        phrases = _list_of_text(check, record, "phrases")
        cues.append(Cue(record["grade"], scope, check.regex(r"\b(?:" + "|".join(phrases) + r")\b", _line(record, "phrases"), "cue phrases")))

    speakers = []
    for index, text in enumerate(data.get("speakers") or []):
        speakers.append(_compile_speaker(check, text, _line(data, "speakers"), index))

    stated = data.get("stated")
    if not isinstance(stated, dict):
        raise check.fail(_line(data, "stated"), "`stated` must map families to grades", "write stated: {family: confirmed, ...}")
    for key, value in stated.items():
        if key not in tuple(schema.FAMILIES) + ("status",):
            raise check.fail(_line(stated, key), f"stated: unknown family '{key}'", f"use one of {', '.join(schema.FAMILIES)}, status")
        if value not in schema.CONFIDENCE:
            raise check.fail(_line(stated, key), f"stated: unknown grade '{value}'", f"use one of {', '.join(schema.CONFIDENCE)}")
    credibility = data.get("credibility") or {}
    if not isinstance(credibility, dict) or any(k not in GRADES or v not in schema.CREDIBILITY for k, v in credibility.items()):
        raise check.fail(_line(data, "credibility"), "`credibility` must map grades to 1-6", "write credibility: {confirmed: 2, ...}")
    stake_kinds = _list_of_text(check, data, "stake_kinds")
    for kind in stake_kinds:
        if kind not in schema.ORGANIZATION_KINDS:
            raise check.fail(_line(data, "stake_kinds"), f"stake_kinds: unknown organization kind '{kind}'", f"use kinds from {', '.join(schema.ORGANIZATION_KINDS)}")
    unnamed = data.get("unnamed_subject")

    relations = [_relation(check, r) for r in _records(check, data, "relations")]
    statuses = [_status_rule(check, r) for r in _records(check, data, "status")]
    for group in (relations, statuses):
        seen: set[str] = set()
        for rule in group:
            if rule.id in seen:
                raise check.fail(rule.line, f"rule id '{rule.id}' is used twice", "give each rule its own id")
            seen.add(rule.id)
    return Rules(
        path=path,
        abbreviations=frozenset(a.lower() for a in _list_of_text(check, data, "abbreviations")),
        titles=titles,
        title_regex=title_regex,
        name_particles=frozenset(p.lower() for p in _list_of_text(check, data, "name_particles")),
        not_names=frozenset(_list_of_text(check, data, "not_names")),
        pronouns=frozenset(p.lower() for p in _list_of_text(check, data, "pronouns")),
        anaphora=anaphora,
        unnamed_subject=check.regex(unnamed, _line(data, "unnamed_subject"), "unnamed_subject") if unnamed else None,
        family_words=frozenset(w.lower() for w in _list_of_text(check, data, "family_words")),
        posts=posts,
        cues=cues,
        speakers=speakers,
        stake_kinds=frozenset(stake_kinds),
        stated={**{f: "confirmed" for f in schema.FAMILIES}, "status": "confirmed", **stated},
        credibility={**{g: 6 for g in GRADES}, **credibility},
        relations=relations,
        status=statuses,
    )


def _compile_speaker(check: _Check, text: Any, line: int | None, index: int) -> Pattern:
    """Speaker patterns use {S} as a capturing slot for a person or a body."""
    if not isinstance(text, str) or "{S}" not in text:
        raise check.fail(line, f"speaker pattern {index + 1} has no {{S}} slot", "mark where the speaker's name stands with {S}")
    return _compile_pattern(check, text.replace("{S}", "{S:person|org}"), line, f"speaker pattern {index + 1}")


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> Rules:
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the rules file: {exc.strerror or exc} (fix: give the path of a readable rules YAML file)") from None
    if len(data) > 2 * 1024 * 1024:
        raise RulesError(f"{path}: the rules file is larger than 2 MB (fix: keep rules to patterns, not data)")
    try:
        text = yamlfile.decode(data)
    except yamlfile.FileRefused as exc:
        raise RulesError(f"{path}:{exc.line or 1}: {exc} (fix: {exc.fix})") from None
    return _parse_rules(text, path)


def load_rules(path: str | Path | None = None) -> Rules:
    """The rules from `path` (default: the shipped file), checked; `RulesError` names file, line and fix."""
    file = Path(path) if path else default_rules_path()
    try:
        mtime = file.stat().st_mtime
    except OSError:
        raise RulesError(f"{file}: no such rules file (fix: give the path of a rules YAML file, e.g. a copy of the shipped one)") from None
    if not file.is_file():
        raise RulesError(f"{file}: not a regular file (fix: give the path of a rules YAML file)")
    return _cached(str(file), mtime)
