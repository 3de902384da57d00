"""The graph keeps every tie with its attributes; snapshots keep what holds at a date."""

from __future__ import annotations

import pytest

from explorer.dataset import load_dataset
from explorer.graph import build_graph, snapshot, status_at

from test_dataset_validation import PEOPLE, make_dataset


@pytest.fixture(scope="module")
def bundled():
    return build_graph(load_dataset())


def test_every_tie_and_entity_of_the_dataset_is_in_the_graph(bundled):
    dataset = load_dataset()
    assert set(bundled.nodes) == set(dataset.entities)
    assert {key for *_, key in bundled.edges(keys=True)} == {tie.id for tie in dataset.ties}


def test_edges_carry_type_family_dates_confidence_and_graded_sources(bundled):
    data = bundled.edges["manaf-tlass", "syrian-regime", "manaf-tlass--defected-from--syrian-regime--2012-07"]
    assert (data["type"], data["family"], data["start"], data["end"], data["confidence"]) == (
        "DEFECTED_FROM", "rupture", "2012-07", None, "reported",
    )
    assert data["sources"][0]["grade"] == "C3"


def test_symmetric_ties_are_stored_once_in_id_order(tmp_path):
    graph = build_graph(load_dataset(make_dataset(tmp_path)))  # written as ruler FRIEND_OF friend
    assert list(graph.edges(keys=True)) == [("friend", "ruler", "friend--friend-of--ruler--2010")]


@pytest.mark.parametrize(
    "at, status",
    [("2012-06-30", "loyal"), ("2012-07-01", "defected"), ("2012-07", "defected"), (None, "defected")],
)
def test_manaf_tlass_counts_as_defected_from_the_first_day_of_july_2012(bundled, at, status):
    assert status_at(bundled, "manaf-tlass", at) == status


def test_a_snapshot_keeps_only_the_ties_valid_at_its_date(bundled):
    before, after = snapshot(bundled, "2012-06-30"), snapshot(bundled, "2012-08-01")
    assert before.has_edge("bashar-al-assad", "manaf-tlass")  # friendship, until 2012-07
    assert not after.has_edge("bashar-al-assad", "manaf-tlass")
    assert not before.has_edge("manaf-tlass", "turkey")  # fled 2012-07
    assert after.has_edge("manaf-tlass", "turkey")
    assert before.graph["at"] == "2012-06-30" and after.nodes["manaf-tlass"]["status"] == "defected"


def test_opposition_members_are_opposition_and_the_dead_are_dead(bundled):
    assert status_at(bundled, "bashar-al-heraki", "2012-07") == "opposition"
    assert status_at(bundled, "basil-al-assad", "1993-12-31") == "loyal"
    assert status_at(bundled, "basil-al-assad", "1994-01-01") == "dead"


def test_a_denied_defection_does_not_count_and_an_unrelated_person_is_unknown(tmp_path):
    status = (
        "- id: rumour\n  person: friend\n  kind: defected\n  date: 2012-08\n  sources: [report]\n"
        "- id: denial\n  person: friend\n  kind: defected\n  date: 2012-08-26\n  state: denied\n"
        "  supersedes: rumour\n  sources: [report]\n"
    )
    graph = build_graph(load_dataset(make_dataset(tmp_path, status=status, people=PEOPLE + "- id: loner\n  name: Loner\n")))
    assert status_at(graph, "friend", "2012-08-20") == "loyal"  # reported, later denied: never true
    assert status_at(graph, "friend", "2012-09") == "loyal"  # the denial supersedes it
    assert status_at(graph, "loner", "2012") == "unknown"


def test_people_born_after_the_date_are_not_in_the_snapshot(tmp_path):
    people = PEOPLE + "- id: child\n  name: Child\n  born: 2001\n"
    graph = build_graph(load_dataset(make_dataset(tmp_path, people=people)))
    assert "child" not in snapshot(graph, "2000")
    assert "child" in snapshot(graph, "2001")


# --- the timeline ---------------------------------------------------------------------------------


def test_a_snapshots_statuses_come_from_each_persons_changes_and_equal_the_rule_asked_directly(bundled):
    from datetime import date

    from explorer.graph import Timeline

    timeline = Timeline(bundled)
    days = [date(year, month, 15) for year in range(1998, 2015) for month in (1, 4, 7, 10)] + [date(2012, 7, 5), date(2012, 7, 18)]
    for day in days:
        snap = timeline.at(day)
        direct = {p: timeline.status(p, day) for p in timeline.people}
        assert snap.status == direct, day


def test_status_changes_list_each_change_once_with_its_first_day(bundled):
    from datetime import date

    from explorer.graph import timeline_of

    changes = timeline_of(bundled).status_changes("manaf-tlass")
    assert changes[0][0] is None and changes[0][1] == "loyal"
    assert ("defected" in [s for _, s in changes]) and changes[-1][1] == "defected"
    assert all(a[1] != b[1] for a, b in zip(changes, changes[1:]))
    defected = next(d for d, s in changes if s == "defected")
    assert defected == date(2012, 7, 1)  # a defection dated 2012-07 counts from its first day
