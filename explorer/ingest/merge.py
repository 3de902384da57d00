"""Read a reviewed candidates file and add the accepted records to a data directory.

Nothing is written unless the directory, with the records added, reads cleanly with the dataset
reader: the records are appended to copies of the files in a scratch directory, that copy is
validated, and only then are the changed files replaced (each by an atomic rename). Records are
appended as text, so the files' comments and layout stay as they were.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import yamlfile
from ..dataset import SOURCES_FILE, STATUS_FILE, TIES_FILE, load_dataset
from ..errors import ExplorerError, UsageError
from ..ids import slugify, status_id, tie_id
from ..writer import yaml_text
from .candidates import REVIEW_FIELDS, REVIEW_STATES

__all__ = ["CandidatesError", "read_candidates", "merge_candidates", "MergeResult", "SECTIONS"]

# Candidate sections and the data file each goes to.
SECTIONS = {"sources": SOURCES_FILE, "people": "people.yaml", "organizations": "organizations.yaml", "places": "places.yaml", "events": "events.yaml", "ties": TIES_FILE, "status": STATUS_FILE}
MAX_CANDIDATES_MB = 20.0


class CandidatesError(ExplorerError):
    """The candidates file is not one `ingest` wrote (or its review marks are wrong)."""


def _fail(path: str, line: int | None, message: str, fix: str) -> CandidatesError:
    return CandidatesError(f"{path}{':' + str(line) if line else ''}: {message} (fix: {fix})")


def read_candidates(path: str | Path) -> dict[str, Any]:
    """A candidates file, checked for its shape and its review marks, with lines for errors."""
    name = str(path)
    limits = yamlfile.Limits.from_mb(MAX_CANDIDATES_MB)
    try:
        data_bytes, _ = yamlfile.read_bytes(Path(name).parent or ".", Path(name).name, limits)
    except yamlfile.FileRefused as exc:
        raise _fail(name, exc.line, str(exc), exc.fix or "give the candidates file `ingest -o` wrote") from None
    except OSError as exc:
        raise _fail(name, None, f"cannot read it: {exc.strerror or exc}", "give the candidates file `ingest -o` wrote") from None
    try:
        data, problems = yamlfile.parse_yaml(yamlfile.decode(data_bytes), limits)
    except yamlfile.FileRefused as exc:
        raise _fail(name, exc.line, str(exc), exc.fix or "fix the YAML") from None
    if problems:
        raise _fail(name, getattr(problems[0], "line", None), "a key is written twice or is not text", "write each key once")
    if not isinstance(data, dict) or "report" not in data:
        raise _fail(name, 1, "not a candidates file (no `report` section)", "give the file `regime-explorer ingest REPORT -o FILE` wrote")
    for key, value in data.items():
        if key in ("report",):
            if not isinstance(value, dict) or not isinstance(value.get("text", ""), str):
                raise _fail(name, getattr(data, "lines", {}).get(key), "`report` must be a mapping with the report's text", "keep the section ingest wrote")
            continue
        if key == "mentions":
            continue
        if key not in SECTIONS:
            raise _fail(name, getattr(data, "lines", {}).get(key), f"unknown section '{key}'", f"use only report, mentions, {', '.join(SECTIONS)}")
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise _fail(name, getattr(data, "lines", {}).get(key), f"`{key}` must be a list of records", "keep the list ingest wrote; delete whole records, not their dashes")
        for record in value:
            state = record.get("review", "pending")
            if state not in REVIEW_STATES:
                line = record.lines.get("review", record.line) if isinstance(record, yamlfile.Record) else None
                raise _fail(name, line, f"review: '{state}' is not a review state", f"write review: accepted, rejected or pending")
    return data


@dataclass
class MergeResult:
    """What a merge added, and where."""

    added: dict[str, int]
    files: list[str]
    directory: str


def _data(value: Any) -> Any:
    """Plain dicts and lists (the reader's line-keeping records are not for the writer)."""
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_data(v) for v in value]
    return value


def _own_id(record: dict, taken: bool, *words: object) -> None:
    """A record whose default id is taken by a recorded claim (the same tie or event, read in
    another report) gets an id of its own, from its words and its first source, written first."""
    if not taken or "id" in record:
        return
    first = next((c["source"] if isinstance(c, dict) else c for c in record.get("sources") or []), "report")
    fields = dict(record)
    record.clear()
    record["id"] = slugify(" ".join(str(w) for w in (*words, first)))
    record.update(fields)


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    return {k: _data(v) for k, v in record.items() if k not in REVIEW_FIELDS}


def _append(path: Path, records: list[dict[str, Any]]) -> None:
    text = yaml_text(records)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    body = "\n".join(line for line in old.splitlines() if not line.lstrip().startswith("#")).strip()
    if body in ("", "[]"):
        path.write_text((old.replace("[]", "").rstrip() + "\n" if old.strip() else "") + text, encoding="utf-8")
    else:
        path.write_text(old.rstrip("\n") + "\n" + text, encoding="utf-8")


def merge_candidates(candidates: str | Path, into: str | Path, *, max_file_mb: float | None = None) -> MergeResult:
    """Add the records marked `review: accepted` to the dataset in `into`, validated first."""
    data = read_candidates(candidates)
    target = Path(into)
    if not (target / SOURCES_FILE).is_file():
        raise UsageError(f"{into}: not a data directory (no {SOURCES_FILE}) (fix: give a dataset directory, e.g. one `export` or `import ftm` wrote)")
    current = load_dataset(target, max_file_mb=max_file_mb)  # a broken directory is reported as it is, before anything
    accepted = {section: [_plain(r) for r in data.get(section) or [] if r.get("review") == "accepted"] for section in SECTIONS}
    if not any(accepted.values()):
        raise UsageError(f"{candidates}: no record is marked review: accepted (fix: set review: accepted on each record to keep, then merge again)")
    report = data.get("report") or {}
    cited = {c["source"] if isinstance(c, dict) else c for section in ("ties", "status") for r in accepted[section] for c in r.get("sources") or [] if isinstance(c, (dict, str))}
    for source in data.get("sources") or []:
        if source.get("id") in cited and source.get("id") not in current.sources and source.get("review") != "rejected" and source not in accepted["sources"]:
            accepted["sources"].append(_plain(source))
    known_ties = {t.id for t in current.ties}
    for tie in accepted["ties"]:
        default = tie_id(tie.get("type", ""), tie.get("from", ""), tie.get("to", ""), tie.get("start"))
        _own_id(tie, default in known_ties, tie.get("from"), tie.get("type"), tie.get("to"))
    known_events = {e.id for e in current.status_events}
    for event in accepted["status"]:
        default = status_id(event.get("person", ""), event.get("kind", ""), event.get("date", ""), event.get("state", "reported"))
        _own_id(event, default in known_events, event.get("person"), event.get("kind"), event.get("date"))
    texts = {}
    for source in accepted["sources"]:
        held = source.get("text")
        if held and source.get("id") == report.get("source") and report.get("text"):
            try:
                yamlfile.check_relative(str(held))
            except yamlfile.FileRefused as exc:
                raise _fail(str(candidates), None, f"source {source.get('id')}: text: {held} {exc}", exc.fix) from None
            if not (target / held).exists():
                texts[held] = report["text"]
    scratch = Path(tempfile.mkdtemp(prefix="regime-explorer-merge-"))
    try:
        staged = scratch / "data"
        shutil.copytree(target, staged, symlinks=True)
        changed: list[str] = []
        for section, records in accepted.items():
            if records:
                _append(staged / SECTIONS[section], records)
                changed.append(SECTIONS[section])
        for relpath, text in texts.items():
            (staged / relpath).parent.mkdir(parents=True, exist_ok=True)
            (staged / relpath).write_text(text, encoding="utf-8")
            changed.append(relpath)
        load_dataset(staged, max_file_mb=max_file_mb)  # InvalidDataset lists every problem; nothing is written
        for relpath in changed:
            final = target / relpath
            final.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=final.parent, prefix=".merge-")
            os.close(handle)
            shutil.copyfile(staged / relpath, temp)
            os.replace(temp, final)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return MergeResult({k: len(v) for k, v in accepted.items() if v}, changed, str(target))
