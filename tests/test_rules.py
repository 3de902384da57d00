"""The consistency rules: for each, a dataset that keeps it and one that breaks it (in memory)."""

from __future__ import annotations

import json

import pytest

from explorer import schema
from explorer.cli import main
from explorer.dataset import bundled_path, read_dataset
from explorer.model import Citation, Source
from explorer.rules import RULES, check_rules, grade_allowed

from test_dataset_validation import make_dataset
from tiny import tie, tiny_dataset


def found(dataset, rule: str) -> list[str]:
    """The ids of the records that break `rule`."""
    return [p.entity for p in check_rules(dataset, only=[rule])]


def with_citations(t, *citations):
    t.citations = list(citations)
    return t


SOURCES = {
    "wire": Source("wire", "A wire report", publisher="Wire", reliability="B"),
    "wiki": Source("wiki", "A reference page", publisher="Wiki", reliability="C"),
    "mirror": Source("mirror", "A second reference", publisher="Mirror", reliability="C"),
    "blog": Source("blog", "A machine translation", publisher="Blog", reliability="D"),
    "late": Source("late", "A later obituary", publisher="Paper", reliability="B"),
}
SOURCES["late"].date = __import__("explorer.dates", fromlist=["parse_date"]).parse_date("2020")


# --- after-death ----------------------------------------------------------------------------


def test_after_death_flags_a_post_begun_after_the_holder_died_and_spares_kinship():
    ties = [
        tie("HOLDS_POSITION", "general", "army", role="Chief", start="2013"),
        tie("SIBLING_OF", "general", "brother", start="2013"),
    ]
    dataset = tiny_dataset(["general", "brother"], ties, orgs={"army": "military_unit"}, died={"general": "2012-07-18"})
    assert found(dataset, "after-death") == ["general--holds-position--army--2013"]


def test_after_death_flags_an_open_post_of_a_dead_holder_and_reads_deaths_from_events():
    ties = [tie("HOLDS_POSITION", "general", "army", role="Chief", start="2010")]
    alive = tiny_dataset(["general"], ties, orgs={"army": "military_unit"})
    assert found(alive, "after-death") == []
    dead = tiny_dataset(["general"], ties, orgs={"army": "military_unit"}, status=[{"person": "general", "kind": "died", "date": "2012-07-18"}])
    assert found(dead, "after-death") == ["general--holds-position--army--2010"]


def test_after_death_ignores_a_denied_death_and_a_same_year_date():
    ties = [tie("HOLDS_POSITION", "general", "army", role="Chief", start="2010", end="2012")]
    status = [
        {"id": "claim", "person": "general", "kind": "died", "date": "2012-05"},
        {"id": "denial", "person": "general", "kind": "died", "date": "2012-05", "state": "denied", "supersedes": "claim"},
        {"id": "defection", "person": "general", "kind": "defected", "date": "2012-08"},
    ]
    assert found(tiny_dataset(["general"], ties, orgs={"army": "military_unit"}, status=status), "after-death") == []
    dead = tiny_dataset(["general"], ties, orgs={"army": "military_unit"}, status=status, died={"general": "2012-07-18"})
    assert found(dead, "after-death") == ["defection"]  # the tie's end (2012) may be before the death


# --- death-event ----------------------------------------------------------------------------


def test_death_event_must_match_the_died_field():
    event = [{"id": "death", "person": "general", "kind": "died", "date": "2015-04-24"}]
    assert found(tiny_dataset(["general"], [], status=event, died={"general": "2015-04"}), "death-event") == []
    assert found(tiny_dataset(["general"], [], status=event), "death-event") == ["death"]
    assert found(tiny_dataset(["general"], [], status=event, died={"general": "2016"}), "death-event") == ["death"]


# --- defection-event -----------------------------------------------------------------------


def test_a_defection_tie_needs_a_defection_event_in_force_on_its_date():
    orgs = {"regime": "government"}
    left = [tie("DEFECTED_FROM", "general", "regime", start="2012-07")]
    told = [{"id": "gone", "person": "general", "kind": "defected", "date": "2012-07-06"}]
    assert found(tiny_dataset(["general"], left, orgs=orgs, status=told), "defection-event") == []
    assert found(tiny_dataset(["general"], left, orgs=orgs), "defection-event") == ["general--defected-from--regime--2012-07"]
    elsewhen = [{"id": "gone", "person": "general", "kind": "defected", "date": "2011"}]
    assert found(tiny_dataset(["general"], left, orgs=orgs, status=elsewhen), "defection-event") == ["general--defected-from--regime--2012-07"]
    denied = told + [{"id": "no", "person": "general", "kind": "defected", "date": "2012-07-07", "state": "denied", "supersedes": "gone"}]
    assert found(tiny_dataset(["general"], left, orgs=orgs, status=denied), "defection-event") == ["general--defected-from--regime--2012-07"]


# --- before-birth ---------------------------------------------------------------------------


def test_before_birth_flags_a_tie_and_an_event_before_the_person_was_born():
    ties = [tie("FRIEND_OF", "ruler", "friend", start="1950"), tie("FRIEND_OF", "ruler", "other", start="1990")]
    status = [{"id": "early", "person": "friend", "kind": "appointed", "date": "1959"}]
    dataset = tiny_dataset(["friend", "other"], ties, status=status, born={"friend": "1960", "other": "1960"})
    assert found(dataset, "before-birth") == ["friend--friend-of--ruler--1950", "early"]


# --- two-heads ------------------------------------------------------------------------------


def _pm(person: str, start: str, end: str | None = None, confidence: str = "confirmed"):
    return tie("HOLDS_POSITION", person, "council", role="Prime Minister", head=True, start=start, end=end, confidence=confidence)


def test_two_heads_flags_overlapping_heads_but_not_a_same_day_handover():
    orgs = {"council": "government_body"}
    handover = tiny_dataset(["hijab", "caretaker"], [_pm("hijab", "2012-06-06", "2012-08-06"), _pm("caretaker", "2012-08-06", "2012-08-09")], orgs=orgs)
    assert found(handover, "two-heads") == []
    open_ended = tiny_dataset(["hijab", "caretaker"], [_pm("hijab", "2012-06-06", "2012-08-06"), _pm("caretaker", "2012-06-09")], orgs=orgs)
    assert found(open_ended, "two-heads") == ["caretaker--holds-position--council--2012-06-09"]


def test_two_heads_leaves_out_disputed_claims_and_posts_that_head_nothing():
    orgs = {"council": "government_body"}
    disputed = tiny_dataset(["a", "b"], [_pm("a", "2010"), _pm("b", "2011", confidence="disputed")], orgs=orgs)
    assert found(disputed, "two-heads") == []
    deputies = [tie("HOLDS_POSITION", p, "council", role="Deputy", start="2010") for p in ("a", "b")]
    assert found(tiny_dataset(["a", "b"], deputies, orgs=orgs), "two-heads") == []


# --- dependent-early ------------------------------------------------------------------------


def test_serves_under_must_start_while_a_post_of_its_holder_holds():
    post = tie("COMMANDS", "officer", "brigade", start="2010")
    early = tie("SERVES_UNDER", "officer", "ruler", start="2005")
    inside = tie("SERVES_UNDER", "officer", "ruler", start="2010-06")
    orgs = {"brigade": "military_unit"}
    assert schema.REL_TYPES["SERVES_UNDER"].depends_on
    assert found(tiny_dataset(["officer"], [post, inside], orgs=orgs), "dependent-early") == []
    assert found(tiny_dataset(["officer"], [post, early], orgs=orgs), "dependent-early") == ["officer--serves-under--ruler--2005"]


# --- state-confidence -----------------------------------------------------------------------


def test_state_and_confidence_must_agree_on_confirmed():
    agree = [{"id": "ok", "person": "general", "kind": "died", "date": "2012", "state": "confirmed", "confidence": "confirmed"}]
    disagree = [
        {"id": "confirmed-reported", "person": "general", "kind": "appointed", "date": "2011", "state": "confirmed", "confidence": "reported"},
        {"id": "reported-confirmed", "person": "general", "kind": "dismissed", "date": "2012", "state": "reported", "confidence": "confirmed"},
    ]
    assert found(tiny_dataset(["general"], [], status=agree, died={"general": "2012"}), "state-confidence") == []
    assert found(tiny_dataset(["general"], [], status=disagree), "state-confidence") == ["confirmed-reported", "reported-confirmed"]


# --- overgraded -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("citations", "allowed"),
    [
        ([Citation("wire", credibility=2)], "confirmed"),
        ([Citation("wiki", credibility=1)], "confirmed"),
        ([Citation("wiki", credibility=2)], "reported"),
        ([Citation("wiki", credibility=2), Citation("mirror", credibility=2)], "confirmed"),
        ([Citation("wiki", credibility=2), Citation("wiki", credibility=2)], "reported"),  # one publisher twice
        ([Citation("blog", credibility=1)], "claimed"),
        ([Citation("wire", credibility=4)], "claimed"),
        ([Citation("wire", credibility=1, stance="disputes")], "claimed"),
    ],
)
def test_the_grading_rule(citations, allowed):
    assert grade_allowed(citations, SOURCES) == allowed


def test_overgraded_flags_a_tie_stronger_than_its_citations():
    ties = [
        with_citations(tie("SERVES_UNDER", "officer", "ruler", confidence="reported"), Citation("blog", credibility=3)),
        with_citations(tie("FRIEND_OF", "officer", "ruler", confidence="claimed"), Citation("blog", credibility=3)),
        with_citations(tie("PARENT_OF", "ruler", "officer", confidence="confirmed"), Citation("wire", credibility=1)),
    ]
    status = [{"id": "denial", "person": "officer", "kind": "died", "date": "2012", "state": "denied", "confidence": "confirmed", "citations": [Citation("wiki", credibility=2)]}]
    dataset = tiny_dataset(["officer"], ties, status=status, sources=SOURCES)
    assert found(dataset, "overgraded") == ["officer--serves-under--ruler", "denial"]


# --- window-end -----------------------------------------------------------------------------


def test_window_end_flags_an_end_at_observed_until_unless_a_later_source_says_so():
    window = with_citations(tie("COMMANDS", "brother", "guard", start="2011", end="2012"), Citation("wire", credibility=2))
    sourced = with_citations(tie("COMMANDS", "cousin", "unit", start="2011", end="2012"), Citation("late", credibility=2))
    precise = with_citations(tie("COMMANDS", "uncle", "corps", start="2011", end="2012-07"), Citation("wire", credibility=2))
    orgs = {"guard": "military_unit", "unit": "military_unit", "corps": "military_unit"}
    dataset = tiny_dataset(["brother", "cousin", "uncle"], [window, sourced, precise], orgs=orgs, sources=SOURCES, observed_until="2012")
    assert found(dataset, "window-end") == ["brother--commands--guard--2011"]
    dataset.observed_until = None
    assert found(dataset, "window-end") == []


# --- the registry, the CLI and the bundled data -----------------------------------------------


def test_every_rule_has_an_id_a_severity_a_summary_and_a_fix():
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id and rule.severity in ("error", "warning") and rule.summary and rule.fix


def test_validate_lists_the_rules_as_text_and_json(runner):
    text = runner.invoke(main, ["validate", "--rules"])
    assert text.exit_code == 0
    assert [line.split()[0] for line in text.output.splitlines() if not line.startswith(" ")] == list(RULES)
    rows = json.loads(runner.invoke(main, ["validate", "--rules", "--format", "json"]).output)
    assert [row["id"] for row in rows] == list(RULES)


def _break_a_rule(tmp_path, confidence: str, credibility: int = 2):
    status = (
        "- person: friend\n  kind: appointed\n  date: 2011\n  state: confirmed\n"
        f"  confidence: {confidence}\n  sources: [{{source: report, credibility: {credibility}}}]\n"
    )
    return make_dataset(tmp_path, status=status)


def test_a_rule_error_fails_validate_with_file_line_entity_and_fix(runner, tmp_path):
    root = _break_a_rule(tmp_path, "reported")
    result = runner.invoke(main, ["--data", str(root), "validate"])
    assert result.exit_code == 1
    assert "status.yaml:1: [friend--appointed--2011--confirmed] state-confidence: state is confirmed but confidence is reported (fix: make both say confirmed, or neither)" in result.output
    assert "Traceback" not in result.output


def test_validate_json_reports_each_problem_with_its_rule(runner, tmp_path):
    root = _break_a_rule(tmp_path, "reported")
    result = runner.invoke(main, ["--data", str(root), "validate", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert [(p["rule"], p["severity"], p["line"], p["fails"]) for p in report["problems"]] == [("state-confidence", "error", 1, True)]


def test_a_rule_warning_fails_only_when_strict(runner, tmp_path):
    root = _break_a_rule(tmp_path, "confirmed", credibility=4)  # a B4 citation cannot confirm
    plain = runner.invoke(main, ["--data", str(root), "validate"])
    assert plain.exit_code == 0
    assert "warning: overgraded" in plain.output
    strict = runner.invoke(main, ["--data", str(root), "validate", "--strict"])
    assert strict.exit_code == 1
    assert "warning: overgraded" in strict.output


def test_the_bundled_data_keeps_every_rule():
    dataset, problems = read_dataset(bundled_path(), strict=True)
    assert [str(p) for p in problems] == []
    assert [str(p) for p in check_rules(dataset)] == []


def test_the_docs_list_the_rules_as_validate_does():
    from pathlib import Path

    from explorer.rules import rules_markdown

    docs = (Path(__file__).resolve().parent.parent / "docs" / "data.md").read_text(encoding="utf-8")
    table = docs.split("| --- | --- | --- | --- |\n", 1)[1].split("\n<!-- end of rules table -->", 1)[0]
    assert table == rules_markdown()
