"""The coverage report: which basic facts each person has, and the totals (in memory, then the CLI)."""

from __future__ import annotations

import json

from explorer.cli import main
from explorer.coverage import FACTS, coverage
from explorer.dataset import load_dataset

from test_dataset_validation import make_dataset
from tiny import tie, tiny_dataset


def _dataset():
    ties = [
        tie("HOLDS_POSITION", "minister", "ministry", role="Minister", start="2006"),
        tie("MEMBER_OF", "soldier", "army"),
        tie("PARENT_OF", "ruler", "minister"),
        tie("FRIEND_OF", "ruler", "soldier"),
    ]
    status = [
        {"id": "claim", "person": "soldier", "kind": "died", "date": "2012-05"},
        {"id": "denial", "person": "soldier", "kind": "died", "date": "2012-05", "state": "denied", "supersedes": "claim"},
        {"id": "death", "person": "general", "kind": "died", "date": "2015-04-24"},
    ]
    dataset = tiny_dataset(
        ["minister", "soldier", "general"], ties, status=status,
        orgs={"ministry": "government_body", "army": "military_unit"}, born={"minister": "1950"},
    )
    dataset.entities["minister"].attrs["sect"] = "Sunni"
    return dataset


def test_each_person_lists_the_facts_the_record_lacks():
    rows = {row.id: row for row in coverage(_dataset()).people}
    minister = rows["minister"]
    assert (minister.born, minister.sect, minister.posts, minister.dated_posts, minister.family, minister.sources) == ("1950", "Sunni", 1, 1, 1, 1)
    assert minister.missing == []
    assert rows["soldier"].missing == ["born", "sect", "dated_posts", "family"]  # a denied death is no gap
    assert rows["general"].missing == ["born", "sect", "posts", "dated_posts", "family", "died"]  # a death event, no 'died'
    assert list(rows) == ["general", "ruler", "soldier", "minister"]  # the most gaps first, then by name


def test_totals_count_the_people_with_each_fact():
    totals = coverage(_dataset()).totals
    assert totals == {
        "people": 4,
        "with_born": 1,
        "with_sect": 1,
        "with_posts": 2,
        "with_dated_posts": 1,
        "with_family": 2,
        "with_sources": 4,
        "dead_with_died": 0,
        "death_events_without_died": 1,
        "complete": 1,
    }


def test_the_bundled_data_has_a_row_per_person_and_no_death_without_a_date():
    dataset = load_dataset()
    report = coverage(dataset)
    assert len(report.people) == len(dataset.of_kind("person")) == report.totals["people"]
    assert report.totals["death_events_without_died"] == 0
    assert all(set(row.missing) <= set(FACTS) for row in report.people)


def test_stats_coverage_as_text_and_json(runner, tmp_path):
    root = str(make_dataset(tmp_path))
    text = runner.invoke(main, ["--data", root, "stats", "--coverage"])
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[0].split()[:2] == ["person", "born"]
    assert any(line.startswith("A Friend") and line.endswith("born, sect, posts, dated_posts, family") for line in lines)
    assert "people: 2; complete (no gap): 0" in text.output
    report = json.loads(runner.invoke(main, ["--data", root, "stats", "--coverage", "--format", "json"]).output)
    assert report["totals"]["people"] == 2 and report["totals"]["with_sources"] == 2
    assert {row["id"]: row["missing"] for row in report["people"]}["friend"] == ["born", "sect", "posts", "dated_posts", "family"]


def test_stats_coverage_refuses_a_date(runner):
    result = runner.invoke(main, ["stats", "--coverage", "--at", "2012"])
    assert result.exit_code == 2
    assert "--coverage counts the whole record; drop --at" in result.output
