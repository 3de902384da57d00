"""Hostile data files cannot crash the tool, exhaust the machine or make it read outside the dataset.

Each case is a copy of the bundled dataset with one file altered. `validate` must exit 1 with a
one-line problem naming the file (and the line where there is one), never a traceback, never
open a file outside the dataset, and never leak the reader's internals into a message.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Callable

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import explorer
from explorer.cli import main
from explorer.dataset import bundled_path, read_dataset
from explorer.errors import Problem
from explorer.yamlfile import C_PARSER, Record, parse_yaml

MB = 1024 * 1024
REPO = Path(explorer.__file__).resolve().parent.parent

# --- what was opened -----------------------------------------------------------------------

_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)  # audit hooks cannot be removed; this one records only while asked to


def run_recording_opens(func: Callable[[], object]) -> tuple[object, list[str]]:
    global _opened
    _opened = []
    try:
        return func(), [os.path.realpath(p) for p in _opened]
    finally:
        _opened = None


# --- the dataset copy and its alterations --------------------------------------------------


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(bundled_path(), target)
    return target


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file beside the dataset, which no case may read."""
    secret = tmp_path / "outside-secret.txt"
    secret.write_text("SECRET-OUTSIDE-CONTENT\n", encoding="utf-8")
    return secret


def append(data: Path, name: str, text: str) -> int:
    """Add records at the end of a list file; the line number of the first added line."""
    path = data / name
    before = path.read_text(encoding="utf-8")
    if not before.endswith("\n"):
        before += "\n"
    path.write_text(before + textwrap.dedent(text), encoding="utf-8")
    return len(before.splitlines()) + 1


def validate(runner, data: Path, *options: str):
    result, opened = run_recording_opens(lambda: runner.invoke(main, ["--data", str(data), *options, "validate"]))
    return result, opened


def problem_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line and not line.startswith("Error:")]


def assert_refused(result, file: str, *words: str, line: int | None = None, only: bool = False) -> str:
    """Exit 1 through click, no traceback, a problem naming `file` (at `line`) with `words` in it."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "__line" not in result.output
    problems = problem_lines(result)
    where = f"{file}:{line}:" if line else f"{file}:"
    matching = [p for p in problems if p.startswith(where) and all(w in p for w in words)]
    assert matching, "\n".join(problems)
    if only:
        assert problems == matching[:1], "\n".join(problems)
    return matching[0]


def first_id(name: str) -> str:
    return yaml.safe_load((bundled_path() / name).read_text(encoding="utf-8"))[0]["id"]


SOURCE = first_id("sources.yaml")


# --- reading outside the dataset ------------------------------------------------------------


def test_a_held_text_at_an_absolute_path_is_refused_and_not_read(runner, data):
    line = append(data, "sources.yaml", "- id: leak\n  title: Leak\n  text: /etc/passwd\n")
    result, opened = validate(runner, data)
    assert_refused(result, "sources.yaml", "absolute path", line=line + 2, only=True)
    assert "/etc/passwd" not in opened


def test_a_held_text_that_climbs_out_with_dots_is_refused_and_export_ftm_embeds_nothing(runner, data, tmp_path):
    line = append(data, "sources.yaml", "- id: leak\n  title: Leak\n  text: ../../../../etc/passwd\n")
    result, opened = validate(runner, data)
    assert_refused(result, "sources.yaml", "'..'", line=line + 2, only=True)
    pytest.importorskip("followthemoney")
    out = tmp_path / "out.ftm.json"
    result = runner.invoke(main, ["--data", str(data), "export", "ftm", "-o", str(out)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert not out.exists()
    assert "root:" not in result.output
    assert "/etc/passwd" not in opened


def test_a_held_text_symlinked_outside_the_dataset_is_refused_and_not_read(runner, data, outside):
    (data / "texts" / "leak.txt").symlink_to(outside)
    line = append(data, "sources.yaml", "- id: leak\n  title: Leak\n  text: texts/leak.txt\n")
    result, opened = validate(runner, data)
    assert_refused(result, "sources.yaml", "outside the dataset", line=line + 2, only=True)
    assert str(outside) not in opened and "SECRET" not in result.output


def test_a_data_file_symlinked_outside_the_dataset_is_refused_and_not_read(runner, data, tmp_path):
    elsewhere = tmp_path / "people-elsewhere.yaml"
    shutil.copy(data / "people.yaml", elsewhere)  # a valid file: only the link is wrong
    (data / "people.yaml").unlink()
    (data / "people.yaml").symlink_to(elsewhere)
    result, opened = validate(runner, data)
    assert_refused(result, "people.yaml", "outside the dataset", only=True)
    assert str(elsewhere) not in opened


def test_a_symlink_inside_the_dataset_is_followed(runner, data):
    (data / "people.yaml").rename(data / "people-real.yaml")
    (data / "people.yaml").symlink_to("people-real.yaml")
    result, _ = validate(runner, data)
    assert result.exit_code == 0, result.output


# --- files that are not regular files -------------------------------------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _directory(path: Path) -> None:
    path.mkdir()


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


@pytest.mark.parametrize(
    ("make", "words"),
    [(_directory, "is a directory"), (_fifo, "named pipe"), (_dev_zero, "character device")],
    ids=["directory", "fifo", "dev-zero"],
)
def test_a_data_file_that_is_not_a_regular_file_is_refused_without_reading_it(runner, data, make, words):
    (data / "events.yaml").unlink()
    make(data / "events.yaml")
    result, opened = validate(runner, data)
    assert_refused(result, "events.yaml", words, "not a regular file", only=True)
    assert "/dev/zero" not in opened and str(data / "events.yaml") not in opened


def test_a_held_text_that_is_dev_zero_is_refused_without_reading_it(runner, data):
    (data / "texts" / "zero.txt").symlink_to("/dev/zero")
    line = append(data, "sources.yaml", "- id: zero\n  title: Zero\n  text: texts/zero.txt\n")
    result, opened = validate(runner, data)
    assert_refused(result, "sources.yaml", "character device", line=line + 2, only=True)
    assert "/dev/zero" not in opened


def test_a_self_referencing_symlink_is_reported_as_a_loop_not_as_missing(runner, data):
    (data / "people.yaml").unlink()
    (data / "people.yaml").symlink_to("people.yaml")
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", "symlink loop", only=True)


def test_a_dangling_symlink_names_its_target(runner, data):
    (data / "people.yaml").unlink()
    (data / "people.yaml").symlink_to("gone.yaml")
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", "'gone.yaml', which does not exist", only=True)


def test_a_file_over_the_size_limit_is_refused_unread_and_the_message_names_the_flag(runner, data):
    with open(data / "events.yaml", "wb") as handle:
        handle.truncate(21 * MB)  # sparse: costs no disk, and must not be read
    result, opened = validate(runner, data)
    problem = assert_refused(result, "events.yaml", "21.0 MB", "20.0 MB limit", "--max-file-mb", "REGIME_EXPLORER_MAX_FILE_MB", only=True)
    assert str(data / "events.yaml") not in opened, problem
    # raised, the file is read, and what is wrong with it is then its content
    result, _ = validate(runner, data, "--max-file-mb", "30")
    assert_refused(result, "events.yaml", "U+0000", line=1, only=True)


def test_the_size_limit_also_comes_from_the_environment(runner, data):
    result = runner.invoke(main, ["--data", str(data), "validate"], env={"REGIME_EXPLORER_MAX_FILE_MB": "0.01"})
    assert_refused(result, "ties.yaml", "over the 0.01 MB limit")


def test_a_held_text_over_the_size_limit_is_refused(runner, data):
    with open(data / "texts" / "big.txt", "wb") as handle:
        handle.truncate(2 * MB)
    line = append(data, "sources.yaml", "- id: big\n  title: Big\n  text: texts/big.txt\n")
    result, _ = validate(runner, data, "--max-file-mb", "1")
    assert_refused(result, "sources.yaml", "held text 'texts/big.txt' is 2.0 MB", line=line + 2, only=True)


def test_a_held_text_cited_again_and_again_cannot_add_up_past_ten_times_the_limit(runner, data):
    (data / "texts" / "big.txt").write_bytes(b"word " * (900 * 1024 // 5))
    line = append(data, "sources.yaml", "".join(f"- id: copy-{n}\n  title: Copy {n}\n  text: texts/big.txt\n" for n in range(12)))
    result, _ = validate(runner, data, "--max-file-mb", "1")
    problems = problem_lines(result)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    # every refusal is the budget's; the copies are refused first (files read after them may be too)
    assert problems and all("past 10.0 MB in all" in p for p in problems), problems
    copies = [p for p in problems if p.startswith("sources.yaml:")]
    assert copies and copies[-1].startswith(f"sources.yaml:{line + 11 * 3 + 2}:")


# --- YAML that is built to hurt ---------------------------------------------------------------

LAUGHS = "\n".join(
    [
        "- id: laughs",
        "  name: Laughs",
        '  notes: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(f"  x{n}: &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]" for n in range(8)),
        "  born: *i",
        "",
    ]
)


def test_a_billion_laughs_alias_is_refused_at_its_line(runner, data):
    line = append(data, "people.yaml", LAUGHS)
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", "aliases (*a) are not allowed in data files; write the value out", line=line + 3, only=True)


def test_an_anchor_that_is_never_used_is_harmless_and_accepted(runner, data):
    append(data, "people.yaml", "- id: anchored\n  name: &n Anchored\n")
    result, _ = validate(runner, data)
    assert result.exit_code == 0, result.output


def test_nesting_a_hundred_thousand_deep_is_one_problem(runner, data):
    line = append(data, "people.yaml", "- id: deep\n  name: Deep\n  description: " + "[" * 100_000 + "\n")
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", "nested more than 32 levels", line=line + 2, only=True)


def test_a_key_written_twice_is_an_error_with_its_line(runner, data):
    line = append(data, "people.yaml", "- id: twice\n  name: First\n  name: Second\n")
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", "key 'name' appears twice", f"first at line {line + 1}", line=line + 2, only=True)


@pytest.mark.parametrize(("key", "shown"), [("123", "key 123"), ("null", "key null"), ("true", "key true"), ("[a, b]", "key a list")])
def test_a_key_that_is_not_text_is_an_error(runner, data, key, shown):
    line = append(data, "people.yaml", f"- id: odd-key\n  name: Odd\n  {key}: x\n")
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", shown, "not text", line=line + 2, only=True)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('!!python/object/apply:os.system ["echo pwned"]', "tag '!!python/object/apply:os.system'"),
        ("!!binary aGVsbG8=", "tag '!!binary'"),
        ("!!timestamp 2012-07-05", "tag '!!timestamp'"),
        ("!!int abc", "cannot read 'abc' as !!int"),
        ("1" * 5000, "as !!int"),
    ],
    ids=["python-object", "binary", "timestamp", "bad-int", "huge-int"],
)
def test_tags_and_numbers_that_cannot_be_plain_values_are_refused(runner, data, value, words):
    line = append(data, "people.yaml", f"- id: tagged\n  name: Tagged\n  notes: {value}\n")
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", words, line=line + 2, only=True)


def test_a_second_yaml_document_is_refused(runner, data):
    line = append(data, "people.yaml", "---\n- id: second\n  name: Second\n")
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", "more than one YAML document", line=line, only=True)


def test_an_internal_looking_key_is_just_an_unknown_field(runner, data):
    line = append(data, "people.yaml", "- id: sneaky\n  name: Sneaky\n  __line__: 3\n")
    result = runner.invoke(main, ["--data", str(data), "validate"])
    assert result.exit_code == 1
    assert problem_lines(result) == [f"people.yaml:{line + 2}: [sneaky] unknown field '__line__' (fix: known fields: id, name, name_ar, aliases, description, notes, born, died, titles, sect, gender)"]


# --- encodings -------------------------------------------------------------------------------


def test_invalid_utf8_is_one_problem_with_the_byte_offset_and_line_and_no_follow_on_noise(runner, data):
    raw = (data / "people.yaml").read_bytes()
    at = raw.index(b"\n- id:", len(raw) // 2) + 1
    (data / "people.yaml").write_bytes(raw[:at] + b"\xff" + raw[at:])
    line = raw.count(b"\n", 0, at) + 1
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", f"not valid UTF-8: byte 0xff at offset {at} (line {line})", "save the file as UTF-8", line=line, only=True)


@pytest.mark.parametrize("name", ["sources.yaml", "people.yaml", "ties.yaml", "status.yaml"])
def test_one_unreadable_file_is_one_problem_even_when_strict(runner, data, name):
    path = data / name
    path.write_bytes(b"\xfe" + path.read_bytes())
    result = runner.invoke(main, ["--data", str(data), "validate", "--strict"])
    assert_refused(result, name, "not valid UTF-8: byte 0xfe at offset 0 (line 1)", line=1, only=True)


def test_a_utf16_file_is_one_problem_asking_for_utf8(runner, data):
    text = (data / "people.yaml").read_text(encoding="utf-8")
    (data / "people.yaml").write_bytes(text.encode("utf-16"))  # with its byte order mark
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", "UTF-16", "save it as UTF-8", only=True)


def test_a_control_character_is_refused_with_its_line(runner, data):
    line = append(data, "people.yaml", "- id: ctrl\n  name: Ctrl\x07\n")
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", "U+0007", line=line + 1, only=True)


def test_a_utf8_byte_order_mark_is_accepted(runner, data):
    path = data / "people.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result, _ = validate(runner, data)
    assert result.exit_code == 0, result.output


def test_a_held_text_that_is_not_utf8_is_refused(runner, data):
    (data / "texts" / "latin1.txt").write_bytes("caf\u00e9".encode("latin-1"))
    line = append(data, "sources.yaml", "- id: latin\n  title: Latin\n  text: texts/latin1.txt\n")
    result, _ = validate(runner, data)
    assert_refused(result, "sources.yaml", "held text 'texts/latin1.txt': not valid UTF-8", line=line + 2, only=True)


# --- files that hold nothing, or the wrong shape ------------------------------------------------


@pytest.mark.parametrize("content", ["", "# only a comment\n"], ids=["empty", "comment-only"])
def test_an_empty_data_file_is_one_clear_problem(runner, data, content):
    (data / "people.yaml").write_text(content, encoding="utf-8")
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", "the file is empty", only=True)


def test_a_data_file_that_is_a_mapping_is_one_problem(runner, data):
    (data / "people.yaml").write_text("id: one\nname: One\n", encoding="utf-8")
    result, _ = validate(runner, data)
    assert_refused(result, "people.yaml", "expected a list of records", only=True)


def test_a_directory_without_data_files_is_not_a_valid_empty_dataset(runner, tmp_path):
    result = runner.invoke(main, ["--data", str(tmp_path), "validate"])
    assert_refused(result, str(tmp_path), "no data files", only=True)


# --- the validator's types are the loader's types --------------------------------------------

TIE = """\
- id: hostile-tie
  type: FRIEND_OF
  from: manaf-tlass
  to: bashar-al-assad
  start: 1990
  confidence: reported
  sources:
    - source: {source}
      credibility: 2
"""
TYPE_CASES = {
    # name: (file, the record, words expected, line offset of the problem within the record)
    "tie-confidence-list": ("ties.yaml", TIE.replace("confidence: reported", "confidence: [confirmed]"), "'confidence' must be one word, not a list", 5),
    "citation-credibility-list": ("ties.yaml", TIE.replace("credibility: 2", "credibility: [1]"), "credibility must be one number 1-6, not a list", 8),
    "citation-credibility-float": ("ties.yaml", TIE.replace("credibility: 2", "credibility: 2.5"), "credibility '2.5' is not 1-6", 8),
    "citation-source-list": ("ties.yaml", TIE.replace("- source: {source}", "- source: [{source}]"), "'source' must be one word of text, not a list", 7),
    "citation-quote-mapping": ("ties.yaml", TIE + "      quote: {{a: 1}}\n", "quote must be text, not a mapping", 9),
    "citation-stance-list": ("ties.yaml", TIE + "      stance: [supports]\n", "'stance' must be one word, not a list", 9),
    "citation-note-mapping": ("ties.yaml", TIE + "      note: {{a: 1}}\n", "'note' must be text, not a mapping", 9),
    "citation-item-list": ("ties.yaml", TIE + "    - [a, b]\n", "a citation must be a source id or a record, not a list", 6),
    "sources-number": ("ties.yaml", TIE.replace("  sources:\n    - source: {source}\n      credibility: 2\n", "  sources: 7\n"), "'sources' must be a list, not the number 7", 6),
    "tie-id-list": ("ties.yaml", TIE.replace("id: hostile-tie", "id: [a, b]"), "'id' must be one word of text, not a list", 0),
    "tie-id-number": ("ties.yaml", TIE.replace("id: hostile-tie", "id: 12345"), "'id' must be one word of text, not the number 12345", 0),
    "tie-note-mapping": ("ties.yaml", TIE + "  note: {{a: 1}}\n", "'note' must be text, not a mapping", 9),
    "tie-from-list": ("ties.yaml", TIE.replace("from: manaf-tlass", "from: [manaf-tlass]"), "'from' must be one word of text, not a list", 2),
    "tie-type-number": ("ties.yaml", TIE.replace("type: FRIEND_OF", "type: 7"), "'type' must be one word of text, not the number 7", 1),
    "tie-relation-list": ("ties.yaml", TIE.replace("FRIEND_OF", "RELATIVE_OF") + "  relation: [cousin]\n", "'relation' must be text, not a list", 9),
    "tie-role-mapping": ("ties.yaml", TIE.replace("FRIEND_OF", "HOLDS_POSITION").replace("to: bashar-al-assad", "to: syrian-regime") + "  role: {{a: 1}}\n", "'role' must be text, not a mapping", 9),
    "tie-start-list": ("ties.yaml", TIE.replace("start: 1990", "start: [1990]"), "'start' must be one date, not a list", 4),
    "person-id-number": ("people.yaml", "- id: 12345\n  name: Numbered\n", "'id' must be one word of text, not the number 12345", 0),
    "person-name-mapping": ("people.yaml", "- id: mapped\n  name: {{a: 1}}\n", "'name' must be text, not a mapping", 1),
    "person-aliases-mappings": ("people.yaml", "- id: aliased\n  name: A\n  aliases: [{{a: 1}}]\n", "'aliases' must be a list of text", 2),
    "person-aliases-number": ("people.yaml", "- id: aliased\n  name: A\n  aliases: [1984]\n", "'aliases' must be a list of text", 2),
    "person-titles-mapping": ("people.yaml", "- id: titled\n  name: T\n  titles: {{a: 1}}\n", "'titles' must be a list of text", 2),
    "person-sect-list": ("people.yaml", "- id: sected\n  name: S\n  sect: [x]\n", "'sect' must be text, not a list", 2),
    "person-description-mapping": ("people.yaml", "- id: described\n  name: D\n  description: {{a: 1}}\n", "'description' must be text, not a mapping", 2),
    "person-notes-list": ("people.yaml", "- id: noted\n  name: N\n  notes: [a]\n", "'notes' must be text, not a list", 2),
    "person-born-list": ("people.yaml", "- id: born-list\n  name: B\n  born: [2012]\n", "'born' must be one date, not a list", 2),
    "person-born-bool": ("people.yaml", "- id: born-bool\n  name: B\n  born: yes\n", "'born' must be one date, not true/false", 2),
    "organization-kind-list": ("organizations.yaml", "- id: kinded\n  name: K\n  kind: [party]\n", "'kind' must be one word, not a list", 2),
    "source-reliability-list": ("sources.yaml", "- id: graded\n  title: G\n  reliability: [A]\n", "reliability must be one letter A-F, not a list", 2),
    "source-text-mapping": ("sources.yaml", "- id: held\n  title: H\n  text: {{a: 1}}\n", "'text' must be text, not a mapping", 2),
    "status-state-mapping": ("status.yaml", "- person: manaf-tlass\n  kind: died\n  date: 2030\n  state: {{a: 1}}\n", "'state' must be one word, not a mapping", 3),
    "status-place-list": ("status.yaml", "- person: manaf-tlass\n  kind: died\n  date: 2030\n  place: [turkey]\n", "'place' must be one word of text, not a list", 3),
    "status-supersedes-list": ("status.yaml", "- person: manaf-tlass\n  kind: died\n  date: 2030\n  supersedes: [x]\n", "'supersedes' must be one word of text, not a list", 3),
    "status-kind-list": ("status.yaml", "- person: manaf-tlass\n  kind: [died]\n  date: 2030\n", "'kind' must be one word of text, not a list", 1),
    "status-note-mapping": ("status.yaml", "- person: manaf-tlass\n  kind: died\n  date: 2030\n  note: {{a: 1}}\n", "'note' must be text, not a mapping", 3),
    "status-id-number": ("status.yaml", "- id: 7\n  person: manaf-tlass\n  kind: died\n  date: 2030\n", "'id' must be one word of text, not the number 7", 0),
}


@pytest.mark.parametrize("case", list(TYPE_CASES))
def test_a_value_of_the_wrong_type_is_a_clear_problem_never_a_crash(runner, data, case):
    file, record, words, offset = TYPE_CASES[case]
    line = append(data, file, record.format(source=SOURCE))
    result, _ = validate(runner, data)
    assert_refused(result, file, words, line=line + offset, only=True)


@pytest.mark.parametrize(("key", "value", "words"), [("core", "[bashar-al-assad]", "'core' must be one word"), ("name", "{a: 1}", "'name' must be text"), ("uprising_start", "[2011]", "'uprising_start' must be one date")])
def test_a_dataset_yaml_value_of_the_wrong_type_is_a_clear_problem(runner, data, key, value, words):
    path = data / "dataset.yaml"
    records = path.read_text(encoding="utf-8").splitlines()
    kept = [r for r in records if not r.startswith(f"{key}:")]
    path.write_text("\n".join(kept) + f"\n{key}: {value}\n", encoding="utf-8")
    result, _ = validate(runner, data)
    assert_refused(result, "dataset.yaml", words, line=len(kept) + 1, only=True)


def test_a_tie_with_a_mapping_as_note_is_refused_by_validate_and_by_load(runner, data, tmp_path):
    append(data, "ties.yaml", TIE.format(source=SOURCE) + "  note: {a: 1}\n")
    for command in (["validate"], ["export", "json", "-o", str(tmp_path / "g.json")]):
        result = runner.invoke(main, ["--data", str(data), *command])
        assert_refused(result, "ties.yaml", "'note' must be text")
    assert not (tmp_path / "g.json").exists()


# --- memory: each case in a child process, with 1 GB of address space at most ------------------

CHILD = """
import json, resource, sys
from click.testing import CliRunner
from explorer.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
print(json.dumps({"exit": result.exit_code, "exception": type(result.exception).__name__,
                  "stderr": result.stderr[-4000:], "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run_bounded(*args: str) -> dict:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1024 * MB, 1024 * MB))

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, timeout=300, preexec_fn=limit, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _laughs(data: Path) -> None:
    append(data, "people.yaml", LAUGHS)


def _deep(data: Path) -> None:
    append(data, "people.yaml", "- id: deep\n  name: Deep\n  description: " + "[" * 100_000 + "\n")


def _zero(data: Path) -> None:
    (data / "events.yaml").unlink()
    (data / "events.yaml").symlink_to("/dev/zero")


def _packed(data: Path) -> None:
    """Just under the 20 MB limit, packed with tiny records: 2.3 million of them if all were kept."""
    with open(data / "events.yaml", "wb") as handle:
        handle.write(b"- {a: 1}\n" * (19 * MB // 9))


@pytest.mark.parametrize(
    ("make", "file", "words"),
    [
        (_laughs, "people.yaml", "aliases (*a)"),
        (_deep, "people.yaml", "nested more than 32 levels"),
        (_zero, "events.yaml", "not a regular file"),
        (_packed, "events.yaml", "more than 655,360 mappings"),
    ],
    ids=["billion-laughs", "deep-nesting", "dev-zero", "packed-20mb"],
)
def test_memory_stays_under_1_gb_for_files_built_to_exhaust_it(data, make, file, words):
    make(data)
    outcome = run_bounded("--data", str(data), "validate")
    assert outcome["exit"] == 1 and outcome["exception"] == "SystemExit", outcome
    assert any(line.startswith(f"{file}:") and words in line for line in outcome["stderr"].splitlines()), outcome["stderr"]
    assert outcome["maxrss_kb"] < 1024 * 1024, outcome


# --- the reader: same result on either parser, read once ------------------------------------------


def _plain(value):
    if isinstance(value, Record):
        return {"line": value.line, "lines": value.lines, "items": {k: _plain(v) for k, v in value.items()}}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.mark.skipif(not C_PARSER, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("name", sorted(p.name for p in bundled_path().glob("*.yaml")))
def test_libyaml_and_pure_python_give_the_same_records_and_lines(name):
    text = (bundled_path() / name).read_text(encoding="utf-8")
    fast, fast_problems = parse_yaml(text, use_c=True)
    slow, slow_problems = parse_yaml(text, use_c=False)
    assert _plain(fast) == _plain(slow) and fast_problems == slow_problems == []


@pytest.mark.parametrize("name", sorted(p.name for p in bundled_path().glob("*.yaml")))
def test_the_reader_gives_the_values_pyyaml_gives_with_dates_kept_as_text(name):
    class TextDates(yaml.SafeLoader):
        pass

    TextDates.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if not tag.endswith(":timestamp")] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    text = (bundled_path() / name).read_text(encoding="utf-8")
    assert parse_yaml(text)[0] == yaml.load(text, Loader=TextDates)


def test_a_valid_dataset_is_read_once_until_one_of_its_files_changes(data):
    old = time.time() - 3600
    for path in [*data.glob("*.yaml"), *data.glob("texts/*")]:
        os.utime(path, (old, old))
    (first, problems), opened = run_recording_opens(lambda: read_dataset(data))
    assert problems == [] and str(data / "ties.yaml") in opened
    (again, _), opened = run_recording_opens(lambda: read_dataset(data))
    assert opened == [] and again == first and again is not first
    people = data / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("name: Manaf Tlass", "name: Manaf Tlass Changed", 1), encoding="utf-8")
    os.utime(people, (old + 60, old + 60))
    (changed, _), opened = run_recording_opens(lambda: read_dataset(data))
    assert str(people) in opened
    assert changed.entities["manaf-tlass"].name == "Manaf Tlass Changed"


def test_a_freshly_written_file_is_never_served_from_the_cache(data):
    for path in data.glob("*.yaml"):
        os.utime(path)  # now: a second write within the same timestamp would go unseen
    read_dataset(data)
    _, opened = run_recording_opens(lambda: read_dataset(data))
    assert str(data / "ties.yaml") in opened


# --- fuzz: whatever the bytes, the reader collects problems and never raises ----------------------

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], database=None)
YAMLISH = st.text(alphabet=st.sampled_from(list("-:[]{},&*!|>'\"#?%@` \n\tabcid0129.\\\u00e9\x00")), max_size=300)


@pytest.fixture(scope="module")
def fuzz_data(tmp_path_factory) -> Path:
    """A small valid dataset whose people.yaml each example replaces."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "dataset.yaml").write_text("core: ruler\n", encoding="utf-8")
    (root / "sources.yaml").write_text("- id: report\n  title: A report\n  reliability: B\n", encoding="utf-8")
    (root / "ties.yaml").write_text(FUZZ_TIES, encoding="utf-8")
    (root / "status.yaml").write_text(FUZZ_STATUS, encoding="utf-8")
    (root / "people.yaml").write_text(FUZZ_PEOPLE, encoding="utf-8")
    assert read_dataset(root)[1] == []
    return root


FUZZ_PEOPLE = """\
- id: ruler
  name: The Ruler
  aliases: [Ruler, The Boss]
  born: 1965-09-11
  titles: [President]
- id: friend
  name: A Friend
  born: 1964
"""
FUZZ_TIES = """\
- type: FRIEND_OF
  from: ruler
  to: friend
  start: 2010
  confidence: reported
  sources:
    - source: report
      credibility: 2
      quote: "friends"
"""
FUZZ_STATUS = """\
- person: friend
  kind: defected
  date: 2012-07
  sources: [report]
"""


def _only_problems(root: Path) -> None:
    dataset, problems = read_dataset(root, strict=True)
    assert all(isinstance(p, Problem) for p in problems)
    text = "\n".join(map(str, problems))
    assert "__line" not in text


@FUZZ
@given(st.binary(max_size=400))
def test_fuzz_random_bytes_as_a_data_file_give_problems_not_exceptions(fuzz_data, blob):
    (fuzz_data / "people.yaml").write_bytes(blob)
    try:
        _only_problems(fuzz_data)
    finally:
        (fuzz_data / "people.yaml").write_text(FUZZ_PEOPLE, encoding="utf-8")


@FUZZ
@given(YAMLISH)
def test_fuzz_yaml_like_text_gives_problems_not_exceptions(fuzz_data, text):
    (fuzz_data / "status.yaml").write_text(text, encoding="utf-8")
    try:
        _only_problems(fuzz_data)
    finally:
        (fuzz_data / "status.yaml").write_text(FUZZ_STATUS, encoding="utf-8")


@FUZZ
@given(st.data())
def test_fuzz_mutations_of_a_valid_record_file_give_problems_not_exceptions(fuzz_data, draw):
    text = FUZZ_TIES
    for _ in range(draw.draw(st.integers(1, 4))):
        at = draw.draw(st.integers(0, len(text)))
        op = draw.draw(st.sampled_from(["insert", "delete", "replace", "duplicate-line"]))
        if op == "insert":
            text = text[:at] + draw.draw(YAMLISH) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw.draw(st.integers(1, 20)):]
        elif op == "replace":
            text = text[:at] + draw.draw(st.sampled_from(["[1]", "{a: 1}", "*a", "&a ", "!!binary ", "null", "12345", "- ", ": ", "\t", "'", "\""])) + text[at + 1:]
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                k = at % len(lines)
                lines.insert(k, lines[k])
                text = "".join(lines)
    (fuzz_data / "ties.yaml").write_text(text, encoding="utf-8")
    try:
        _only_problems(fuzz_data)
    finally:
        (fuzz_data / "ties.yaml").write_text(FUZZ_TIES, encoding="utf-8")
