"""Validation reports every problem at once, each with file, line, entity and a fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.dataset import check_dataset, load_dataset
from explorer.errors import InvalidDataset

PEOPLE = """\
- id: ruler
  name: The Ruler
- id: friend
  name: A Friend
"""
ORGS = """\
- id: army
  name: The Army
  kind: military_unit
"""
SOURCES = """\
- id: report
  title: A report
  reliability: B
  text: texts/report.txt
"""
TIE = """\
- type: FRIEND_OF
  from: ruler
  to: friend
  start: 2010
  sources:
    - {source: report, credibility: 2,
       quote: "the two are friends"}
"""


def make_dataset(root: Path, **files: str) -> Path:
    """A small valid dataset, with any file replaced by the text given (name without .yaml)."""
    contents = {"people": PEOPLE, "organizations": ORGS, "sources": SOURCES, "ties": TIE, "dataset": "core: ruler\n"}
    contents.update(files)
    (root / "texts").mkdir(parents=True, exist_ok=True)
    (root / "texts" / "report.txt").write_text("It is said the two are friends since school.", encoding="utf-8")
    for name, text in contents.items():
        (root / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def messages(root: Path, strict: bool = False) -> list[str]:
    return [str(p) for p in check_dataset(root, strict=strict)]


def test_the_small_dataset_is_valid_even_when_strict(tmp_path):
    assert messages(make_dataset(tmp_path), strict=True) == []


def test_malformed_yaml_names_the_file_and_line(tmp_path):
    root = make_dataset(tmp_path, people="- id: ruler\n  name: [unclosed\n")
    assert messages(root) == [
        "people.yaml:3: malformed YAML: expected ',' or ']', but got '<stream end>' "
        "(fix: fix the YAML syntax at that line (indentation, quotes, colons))"
    ]


def test_missing_required_field_names_the_entity_and_the_field(tmp_path):
    root = make_dataset(tmp_path, people=PEOPLE + "- id: nameless\n")
    assert messages(root) == ["people.yaml:5: [nameless] missing required field 'name' (fix: add 'name: ...' to this record)"]


def test_duplicate_id_points_at_the_first_use(tmp_path):
    root = make_dataset(tmp_path, people=PEOPLE + "- id: friend\n  name: Another Friend\n")
    assert messages(root) == ["people.yaml:5: [friend] duplicate id (already used in people.yaml:3) (fix: give one of them another id)"]


def test_reference_to_an_unknown_id_suggests_the_nearest(tmp_path):
    root = make_dataset(tmp_path, ties=TIE.replace("to: friend", "to: frend"))
    assert messages(root) == ["ties.yaml:3: [ruler FRIEND_OF frend] 'to' refers to unknown id 'frend' (fix: did you mean 'friend'?)"]


def test_unknown_relationship_type_suggests_the_nearest(tmp_path):
    root = make_dataset(tmp_path, ties=TIE.replace("FRIEND_OF", "FREIND_OF"))
    assert messages(root) == ["ties.yaml:1: [ruler FREIND_OF friend] unknown relationship type 'FREIND_OF' (fix: did you mean 'FRIEND_OF'?)"]


def test_endpoint_of_the_wrong_kind_says_which_kind_is_allowed(tmp_path):
    root = make_dataset(tmp_path, ties=TIE.replace("to: friend", "to: army"))
    assert messages(root) == ["ties.yaml:3: [ruler FRIEND_OF army] FRIEND_OF cannot have a organization ('army') as 'to' (fix: 'to' must be a person)"]


def test_bad_date_is_named_with_its_field(tmp_path):
    root = make_dataset(tmp_path, ties=TIE.replace("start: 2010", "start: 2010-13"))
    assert messages(root) == ["ties.yaml:4: [ruler FRIEND_OF friend] bad date in 'start': '2010-13' has no month 13"]


def test_start_after_end_is_impossible(tmp_path):
    root = make_dataset(tmp_path, ties=TIE.replace("start: 2010", "start: 2010\n  end: 2009"))
    assert messages(root) == [
        "ties.yaml:5: [ruler FRIEND_OF friend] end (2009) is before start (2010) "
        "(fix: check both dates; swap them if they were entered the wrong way round)"
    ]


def test_death_before_birth_is_impossible(tmp_path):
    root = make_dataset(tmp_path, people=PEOPLE + "- id: ghost\n  name: Ghost\n  born: 1950\n  died: 1940\n")
    assert messages(root) == ["people.yaml:8: [ghost] 'died' (1940) is before 'born' (1950) (fix: check both dates against the source)"]


def test_self_loop_is_refused(tmp_path):
    root = make_dataset(tmp_path, ties=TIE.replace("to: friend", "to: ruler"))
    assert messages(root) == ["ties.yaml:1: [ruler FRIEND_OF ruler] tie from an entity to itself (fix: point 'to' at another entity)"]


def test_citation_of_an_unknown_source_is_refused(tmp_path):
    root = make_dataset(tmp_path, ties=TIE.replace("source: report", "source: rapport"))
    assert messages(root) == ["ties.yaml:6: [ruler FRIEND_OF friend] cites unknown source 'rapport' (fix: did you mean 'report'?)"]


def test_unknown_field_is_a_typo_with_a_suggestion(tmp_path):
    root = make_dataset(tmp_path, people=PEOPLE + "- id: late\n  name: Late\n  dide: 2001\n")
    assert messages(root) == ["people.yaml:7: [late] unknown field 'dide' (fix: did you mean 'died'?)"]


def test_unknown_confidence_grade_lists_the_grades(tmp_path):
    root = make_dataset(tmp_path, ties=TIE.replace("start: 2010", "start: 2010\n  confidence: sure"))
    assert messages(root) == [
        "ties.yaml:5: [ruler FRIEND_OF friend] unknown confidence 'sure' "
        "(fix: use one of: confirmed, reported, claimed, unconfirmed, rumoured, disputed)"
    ]


def test_a_denial_must_supersede_a_known_status_event(tmp_path):
    status = "- person: friend\n  kind: defected\n  date: 2012\n  state: denied\n  supersedes: nothing\n  sources: [report]\n"
    root = make_dataset(tmp_path, status=status)
    assert messages(root) == [
        "status.yaml:5: [friend--defected--2012--denied] supersedes unknown status event 'nothing' "
        "(fix: use the id of an earlier record; known: friend--defected--2012--denied)"
    ]


def test_all_problems_are_reported_at_once(tmp_path):
    root = make_dataset(
        tmp_path,
        people=PEOPLE + "- id: friend\n  name: Again\n",
        ties=TIE.replace("to: friend", "to: nobody").replace("start: 2010", "start: 2010-99"),
    )
    with pytest.raises(InvalidDataset) as error:
        load_dataset(root)
    assert len(error.value.problems) == 3


def test_strict_mode_flags_unsourced_ties_uncited_sources_misquotes_and_undated_people(tmp_path):
    ties = TIE.replace("the two are friends", "they are brothers") + "- type: FRIEND_OF\n  from: ruler\n  to: other\n"
    sources = SOURCES + "- id: unused\n  title: Never cited\n"
    people = PEOPLE + "- id: other\n  name: Other\n"
    root = make_dataset(tmp_path, ties=ties, sources=sources, people=people)
    assert messages(root) == []
    assert messages(root, strict=True) == [
        "ties.yaml:1: [friend--friend-of--ruler--2010] strict: quote not found word for word in the held text of 'report' (fix: copy the quote exactly from the source text)",
        "ties.yaml:8: [other--friend-of--ruler] strict: no source for this claim (fix: add 'sources:' with at least one source id)",
        "sources.yaml:5: [unused] strict: source is never cited (fix: cite it from a tie or status event, or remove it)",
        "people.yaml:5: [other] strict: person has no date at all (no birth, death or dated tie) (fix: add 'born:' or a dated tie if a source gives one)",
    ]


def test_validate_command_prints_three_precise_messages_and_exits_1(tmp_path, runner):
    root = make_dataset(
        tmp_path,
        people=PEOPLE + "- id: friend\n  name: Again\n",
        ties=TIE.replace("to: friend", "to: nobody").replace("start: 2010", "start: 2010-99"),
    )
    result = runner.invoke(main, ["--data", str(root), "validate"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert lines[:3] == [
        "people.yaml:5: [friend] duplicate id (already used in people.yaml:3) (fix: give one of them another id)",
        "ties.yaml:3: [ruler FRIEND_OF nobody] 'to' refers to unknown id 'nobody' (fix: add the entity first, or fix the id)",
        "ties.yaml:4: [ruler FRIEND_OF nobody] bad date in 'start': '2010-99' has no month 99",
    ]
    assert lines[3] == f"Error: 3 problems in {root}"
    assert "Traceback" not in result.output


def test_a_missing_dataset_directory_is_one_clear_error(tmp_path, runner):
    result = runner.invoke(main, ["--data", str(tmp_path / "nope"), "validate"])
    assert result.exit_code == 1
    assert "dataset directory not found" in result.output
