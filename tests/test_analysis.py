"""Loyalty paths, defection routes and the cracks timeline: exact answers on small graphs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from explorer.analysis.cracks import model_words
from explorer.analysis import (
    brokers,
    centrality,
    cracks_timeline,
    defection_route,
    defectors,
    loyalty_distances,
    loyalty_path,
    loyalty_ranking,
)
from explorer.cli import main
from explorer.dataset import load_dataset
from explorer.graph import build_graph


CHAIN = " " + model_words(True)  # the headline's last sentence names the loyalty model


def graph_of(root: Path, people: list[str], ties: list[dict], status: list[dict] = (), orgs: list[str] = (), places: list[str] = ()):
    """A dataset with core 'ruler' written to `root`, returned as a graph."""
    root.mkdir(parents=True, exist_ok=True)
    files = {
        "dataset": {"name": "tiny", "core": "ruler", "uprising_start": "2011-03"},
        "sources": [{"id": "src", "title": "A source", "reliability": "B"}],
        "people": [{"id": p, "name": p.replace("-", " ").title()} for p in ["ruler", *people]],
        "organizations": [{"id": o, "name": o.title(), "kind": kind} for o, kind in map(_org, orgs)],
        "places": [{"id": p, "name": p.title(), "kind": "country"} for p in places],
        "ties": [{"sources": ["src"], "confidence": "confirmed", **t} for t in ties],
        "status": [{"sources": ["src"], **s} for s in status],
    }
    for name, data in files.items():
        (root / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return build_graph(load_dataset(root))


def _org(org: str | tuple[str, str]) -> tuple[str, str]:
    """An organization id, or (id, kind); military units by default."""
    return org if isinstance(org, tuple) else (org, "military_unit")


def tie(type_: str, a: str, b: str, **extra) -> dict:
    return {"type": type_, "from": a, "to": b, **extra}


def test_ties_without_dates_hold_at_any_date(tmp_path):
    graph = graph_of(tmp_path, ["son"], [tie("PARENT_OF", "ruler", "son")])
    for at in ("1950", "2012-07-01", None):
        assert loyalty_path(graph, "son", at=at).distance == 1


def test_a_path_lists_each_hop_from_the_person_towards_the_core(tmp_path):
    graph = graph_of(tmp_path, ["aide", "cousin"], [tie("FRIEND_OF", "ruler", "aide"), tie("ADVISER_TO", "cousin", "aide", confidence="rumoured")])
    path = loyalty_path(graph, "cousin", at="2012")
    assert [(h["from"], h["type"], h["to"]) for h in path.hops] == [("cousin", "ADVISER_TO", "aide"), ("aide", "FRIEND_OF", "ruler")]
    assert (path.distance, path.strength, path.at) == (2, "rumoured", "2012-12-31")


def test_of_two_equally_short_paths_the_one_with_the_stronger_weakest_tie_wins(tmp_path):
    ties = [
        tie("FRIEND_OF", "ruler", "a-weak"),
        tie("FRIEND_OF", "ruler", "b-strong"),
        tie("FRIEND_OF", "a-weak", "person", confidence="rumoured"),
        tie("FRIEND_OF", "b-strong", "person", confidence="reported"),
    ]
    graph = graph_of(tmp_path, ["a-weak", "b-strong", "person"], ties)
    path = loyalty_path(graph, "person")
    assert [h["to"] for h in path.hops] == ["b-strong", "ruler"]
    assert path.strength == "reported"
    ranking = loyalty_ranking(graph)
    assert [(r["id"], r["distance"]) for r in ranking] == [("ruler", 0), ("a-weak", 1), ("b-strong", 1), ("person", 2)]


def test_no_tie_at_all_means_no_path(tmp_path):
    graph = graph_of(tmp_path, ["stranger", "son"], [tie("PARENT_OF", "ruler", "son")])
    assert loyalty_path(graph, "stranger") is None
    assert loyalty_distances(graph) == {"ruler": 0, "son": 1}


def test_ties_that_ended_or_had_not_begun_do_not_bind(tmp_path):
    graph = graph_of(tmp_path, ["aide"], [tie("ADVISER_TO", "aide", "ruler", start="2005", end="2010-06")])
    assert loyalty_path(graph, "aide", at="2004") is None
    assert loyalty_path(graph, "aide", at="2010-06").distance == 1
    assert loyalty_path(graph, "aide", at="2010-07") is None


def test_a_person_who_defected_before_the_date_has_no_path_and_cannot_carry_others(tmp_path):
    ties = [tie("FRIEND_OF", "officer", "ruler"), tie("SERVES_UNDER", "soldier", "officer")]
    status = [{"person": "officer", "kind": "defected", "date": "2012-07"}]
    graph = graph_of(tmp_path, ["officer", "soldier"], ties, status)
    assert loyalty_path(graph, "soldier", at="2012-06-30").distance == 2
    assert loyalty_path(graph, "officer", at="2012-07-01") is None
    assert loyalty_path(graph, "soldier", at="2012-07-01") is None  # only route ran through the defector


def test_organizations_are_not_walked_between_two_members(tmp_path):
    ties = [tie("MEMBER_OF", "ruler", "army"), tie("MEMBER_OF", "private", "army")]
    graph = graph_of(tmp_path, ["private"], ties, orgs=["army"])
    assert loyalty_path(graph, "private") is None


def test_a_defection_reported_and_later_denied_is_no_defection(tmp_path):
    status = [
        {"id": "rumour", "person": "deputy", "kind": "defected", "date": "2012-08"},
        {"id": "denial", "person": "deputy", "kind": "defected", "date": "2012-08-26", "state": "denied", "supersedes": "rumour"},
    ]
    graph = graph_of(tmp_path, ["deputy"], [tie("SERVES_UNDER", "deputy", "ruler")], status)
    assert defectors(graph) == []
    assert defection_route(graph, "deputy") is None
    assert loyalty_path(graph, "deputy", at="2012-08-20").distance == 1  # reported, later denied: never true
    assert loyalty_path(graph, "deputy", at="2012-09").distance == 1
    assert cracks_timeline(graph).headline == "The data holds no defection since 2011-03." + CHAIN


def _two_defections(tmp_path):
    ties = [
        tie("FRIEND_OF", "friend", "ruler", end="2012-07"),
        tie("SERVES_UNDER", "envoy", "minister"),
        tie("SERVES_UNDER", "minister", "ruler"),
        tie("FLED_TO", "friend", "abroad", start="2012-07-03", confidence="claimed"),
        tie("DEFECTED_FROM", "friend", "army", start="2012-07"),
    ]
    status = [
        {"person": "envoy", "kind": "defected", "date": "2012-07-11", "state": "confirmed", "confidence": "confirmed"},
        {"person": "friend", "kind": "defected", "date": "2012-07", "place": "abroad"},
        {"person": "old-guard", "kind": "defected", "date": "2005-12", "state": "confirmed", "confidence": "confirmed"},
    ]
    return graph_of(tmp_path, ["friend", "envoy", "minister", "old-guard"], ties, status, orgs=["army"], places=["abroad"])


def test_defection_route_is_in_date_order_with_the_path_of_the_day_before(tmp_path):
    graph = _two_defections(tmp_path)
    route = defection_route(graph, "friend")
    assert (route.date, route.day_before, route.distance_before) == ("2012-07", "2012-06-30", 1)
    # the flight is dated to the day (3 July), the defection only to the month: the day comes first
    assert [(s["type"], s["other"], s["step"]) for s in route.route] == [("FLED_TO", "abroad", 1), ("DEFECTED_FROM", "army", 2)]
    assert [t["key"] for t in route.left_behind] == ["friend--friend-of--ruler"]


def test_route_steps_go_day_before_month_before_year_and_rumoured_or_undated_last(tmp_path):
    ties = [
        tie("FLED_TO", "friend", "far", start="2012", confidence="confirmed"),
        tie("OFFERED_ASYLUM", "near", "friend", start="2012-07-01", confidence="rumoured"),
        tie("SOUGHT_REFUGE_IN", "friend", "near", start="2012-07", confidence="reported"),
        tie("FLED_TO", "friend", "near", start="2012-07-05", confidence="claimed"),
        tie("JOINED", "friend", "army"),
        tie("DEFECTED_FROM", "friend", "army", start="2012-07", confidence="confirmed"),
    ]
    status = [{"person": "friend", "kind": "defected", "date": "2012-07"}]
    graph = graph_of(tmp_path, ["friend"], ties, status, orgs=["army"], places=["far", "near"])
    route = defection_route(graph, "friend")
    assert [(s["type"], s["other"], s["placed"]) for s in route.route] == [
        ("FLED_TO", "near", True),  # 2012-07-05: a day
        ("DEFECTED_FROM", "army", True),  # 2012-07: a month, and the story starts with the break
        ("SOUGHT_REFUGE_IN", "near", True),
        ("FLED_TO", "far", True),  # 2012: a year
        ("OFFERED_ASYLUM", "near", False),  # rumoured, though dated to the day
        ("JOINED", "army", False),  # undated
    ]
    assert [s["step"] for s in route.route] == [1, 2, 3, 4, 5, 6]


def test_manaf_tlass_left_damascus_for_turkey_then_france_and_the_rumours_come_last():
    from explorer.dataset import load_dataset
    from explorer.graph import build_graph

    route = defection_route(build_graph(load_dataset()), "manaf-tlass")
    assert [(s["type"], s["other"]) for s in route.route] == [
        ("DEFECTED_FROM", "syrian-regime"),
        ("FLED_TO", "turkey"),  # first said on 6 July (The Daily Star)
        ("SOUGHT_REFUGE_IN", "turkey"),
        ("FLED_TO", "france"),  # France first said on 17 July (President Hollande)
        ("SOUGHT_REFUGE_IN", "france"),
        ("ATTENDED", "friends-of-syria-paris-2012"),  # disputed: an intention, never confirmed
        ("OFFERED_ASYLUM", "saudi-arabia"),  # rumoured, and dated only to the year
    ]


def test_cracks_timeline_orders_defections_and_answers_the_first_crack_at_the_top(tmp_path):
    graph = _two_defections(tmp_path)
    result = cracks_timeline(graph)
    assert [(c.person, c.date, c.distance_before) for c in result.cracks] == [("friend", "2012-07", 1), ("envoy", "2012-07-11", 2)]
    assert result.first_at_top == "friend"
    assert result.headline == (
        "Yes, if the reports hold (reported, not confirmed): Friend (2012-07, reported) is the first defection "
        "within distance 1 of Ruler since 2011-03, bound to Ruler the day before by FRIEND_OF (graded confirmed). "
        "It is the first defection of any kind since 2011-03 in the data."
    ) + CHAIN
    assert cracks_timeline(graph, since="2005").headline.endswith(
        " Earlier since 2005: 1 defection, none with a loyalty path to Ruler in the data." + CHAIN
    )
    assert [t["key"] for t in result.cracks[0].broke] == ["friend--friend-of--ruler"]


def test_cracks_since_an_earlier_date_count_the_old_defection_and_say_when_none_reached_the_top(tmp_path):
    graph = _two_defections(tmp_path)
    assert [c.person for c in cracks_timeline(graph, since="2005").cracks] == ["old-guard", "friend", "envoy"]
    assert cracks_timeline(graph, since="2012-07-05").headline == (
        "No: no defection since 2012-07-05 came within distance 1 of Ruler; the closest was Envoy (2012-07-11) at distance 2."
    ) + CHAIN


def test_the_old_guard_without_any_tie_makes_the_data_unable_to_say(tmp_path):
    graph = _two_defections(tmp_path)
    assert cracks_timeline(graph, since="2005", core="ruler").cracks[0].distance_before is None
    assert cracks_timeline(graph, since="2005-01").headline.startswith("Yes, if the reports hold")


def test_a_confirmation_supersedes_the_report_but_the_defection_dates_from_the_first_report(tmp_path):
    status = [
        {"id": "first-report", "person": "friend", "kind": "defected", "date": "2012-07"},
        {"person": "friend", "kind": "defected", "date": "2012-07-06", "state": "confirmed", "confidence": "confirmed", "supersedes": "first-report"},
    ]
    graph = graph_of(tmp_path, ["friend"], [tie("FRIEND_OF", "friend", "ruler", end="2012-07")], status)
    route = defection_route(graph, "friend")
    assert (route.date, route.event["state"], route.day_before, route.distance_before) == ("2012-07", "confirmed", "2012-06-30", 1)
    assert cracks_timeline(graph).headline.startswith("Yes: Friend (2012-07, confirmed) is the first defection")


def test_the_headline_counts_earlier_defections_further_out_and_unbound_and_names_later_ones_at_the_top(tmp_path):
    ties = [
        tie("SERVES_UNDER", "general", "chief"),
        tie("SERVES_UNDER", "chief", "ruler"),
        tie("FRIEND_OF", "friend", "ruler"),
        tie("PARENT_OF", "ruler", "son"),
    ]
    status = [
        {"person": "loner", "kind": "defected", "date": "2011-05", "state": "confirmed", "confidence": "confirmed"},
        {"person": "general", "kind": "defected", "date": "2011-08-04", "state": "confirmed", "confidence": "confirmed"},
        {"person": "friend", "kind": "defected", "date": "2012-07", "state": "confirmed", "confidence": "confirmed"},
        {"person": "son", "kind": "defected", "date": "2012-09-01", "state": "confirmed", "confidence": "confirmed"},
    ]
    graph = graph_of(tmp_path, ["general", "chief", "friend", "son", "loner"], ties, status)
    result = cracks_timeline(graph)
    assert [(c.person, c.distance_before, c.ties_before, c.strength_before) for c in result.cracks] == [
        ("loner", None, [], None),
        ("general", 2, ["SERVES_UNDER", "SERVES_UNDER"], "confirmed"),
        ("friend", 1, ["FRIEND_OF"], "confirmed"),
        ("son", 1, ["PARENT_OF"], "confirmed"),
    ]
    assert result.headline == (
        "Yes: Friend (2012-07, confirmed) is the first defection within distance 1 of Ruler since 2011-03, "
        "bound to Ruler the day before by FRIEND_OF (graded confirmed). Earlier since 2011-03: 2 defections, "
        "1 further out (closest: distance 2) and 1 with no loyalty path to Ruler in the data. "
        "Later within distance 1: Son (2012-09-01)."
    ) + CHAIN


def test_a_rumoured_tie_to_the_core_hedges_the_yes(tmp_path):
    status = [{"person": "friend", "kind": "defected", "date": "2012-07-19", "state": "confirmed", "confidence": "confirmed"}]
    graph = graph_of(tmp_path, ["friend"], [tie("FRIEND_OF", "friend", "ruler", confidence="rumoured")], status)
    assert cracks_timeline(graph).headline.startswith(
        "Yes, if the tie holds (rumoured): Friend (2012-07-19, confirmed) is the first defection within distance 1"
    )


def test_no_defection_at_the_top_names_the_closest_and_counts_the_unbound(tmp_path):
    ties = [tie("SERVES_UNDER", "general", "chief"), tie("SERVES_UNDER", "chief", "ruler")]
    status = [
        {"person": "loner", "kind": "defected", "date": "2011-05", "state": "confirmed", "confidence": "confirmed"},
        {"person": "general", "kind": "defected", "date": "2011-08-04", "state": "confirmed", "confidence": "confirmed"},
    ]
    graph = graph_of(tmp_path, ["general", "chief", "loner"], ties, status)
    assert cracks_timeline(graph).headline == (
        "No: no defection since 2011-03 came within distance 1 of Ruler; the closest was General (2011-08-04) "
        "at distance 2; 1 of the 2 had no loyalty path in the data."
    ) + CHAIN


def test_people_in_the_opposition_have_no_loyalty_path_and_carry_no_one(tmp_path):
    ties = [
        tie("FRIEND_OF", "cousin", "ruler"),
        tie("RELATIVE_OF", "rebel", "cousin", relation="cousin"),
        tie("SIBLING_OF", "rebel", "sister"),
        tie("COMMANDS", "rebel", "brigade", start="2012-02"),
    ]
    graph = graph_of(tmp_path, ["cousin", "rebel", "sister"], ties, orgs=[("brigade", "armed_group")])
    assert loyalty_path(graph, "rebel", at="2012-01").distance == 2
    assert loyalty_path(graph, "sister", at="2012-01").distance == 3
    assert loyalty_path(graph, "rebel", at="2012-02") is None
    assert loyalty_path(graph, "sister", at="2012-02") is None
    assert loyalty_distances(graph, at="2012-02") == {"ruler": 0, "cousin": 1}


def test_brokers_count_the_people_whose_path_runs_through_them(tmp_path):
    ties = [tie("SERVES_UNDER", "chief", "ruler"), tie("SERVES_UNDER", "a", "chief"), tie("SERVES_UNDER", "b", "chief"), tie("SERVES_UNDER", "c", "a")]
    graph = graph_of(tmp_path, ["chief", "a", "b", "c"], ties)
    assert brokers(graph) == {"chief": 3, "a": 1}


def test_centrality_is_degree_and_betweenness_of_the_people_bound_at_the_date(tmp_path):
    ties = [tie("SERVES_UNDER", "chief", "ruler"), tie("SERVES_UNDER", "a", "chief"), tie("SERVES_UNDER", "b", "chief", start="2013")]
    graph = graph_of(tmp_path, ["chief", "a", "b"], ties)
    assert centrality(graph, at="2013") == {
        "a": {"degree": 0.333333, "betweenness": 0.0},
        "b": {"degree": 0.333333, "betweenness": 0.0},
        "chief": {"degree": 1.0, "betweenness": 1.0},
        "ruler": {"degree": 0.333333, "betweenness": 0.0},
    }
    # in 2012 b is still a person of the network, with no tie yet: 1 of the 3 pairs runs through chief
    assert centrality(graph, at="2012")["chief"] == {"degree": 0.666667, "betweenness": 0.333333}


# --- on the bundled data: facts the seed report guarantees ------------------------------------


def test_manaf_tlass_is_one_tie_from_the_president_before_july_2012(runner):
    result = runner.invoke(main, ["loyalty", "Manaf Tlass", "--at", "2012-06-01", "--format", "json"])
    data = json.loads(result.output)
    assert (data["status"], data["path"]["distance"], data["path"]["core"]) == ("loyal", 1, "bashar-al-assad")


def test_after_july_2012_manaf_tlass_is_defected_and_gets_the_route_out(runner):
    result = runner.invoke(main, ["loyalty", "Manaf Tlass", "--at", "2012-08-01"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Manaf Tlass has defected at 2012-08-01: no loyalty path."
    assert "  1. DEFECTED_FROM Syrian government  2012-07; reported" in lines
    assert lines[-1] == "Just before (2012-06-30) the loyalty distance was 1; see `regime-explorer defection`."


def test_report_cracks_lists_manaf_tlass_at_distance_one_and_answers_the_question(runner):
    result = runner.invoke(main, ["report", "cracks", "--format", "json"])
    data = json.loads(result.output)
    manaf = next(c for c in data["cracks"] if c["person"] == "manaf-tlass")
    assert (manaf["date"], manaf["distance_before"], manaf["path_before"]) == ("2012-07", 1, ["manaf-tlass", "bashar-al-assad"])
    assert data["first_at_top"] == "manaf-tlass"
    assert data["headline"].startswith("Yes: Manaf Tlass (2012-07, confirmed) is the first defection within distance 1 of Bashar al-Assad since 2011-03")


def test_defection_of_someone_who_never_defected_is_a_clear_error(runner):
    result = runner.invoke(main, ["defection", "Mustafa Tlass"])
    assert result.exit_code == 1
    assert result.output == "Error: the data holds no defection for Mustafa Tlass\n"


@pytest.mark.parametrize("fmt", ["table", "md", "json"])
def test_report_cracks_speaks_every_format(runner, fmt):
    result = runner.invoke(main, ["report", "cracks", "--format", fmt])
    assert result.exit_code == 0 and "Manaf Tlass" in result.output


# --- the CLI on hand-made data ---------------------------------------------------------------


def test_loyalty_says_why_there_is_no_path(tmp_path, runner):
    ties = [tie("FRIEND_OF", "cousin", "ruler"), tie("COMMANDS", "rebel", "brigade", start="2012-02")]
    graph_of(tmp_path, ["cousin", "rebel", "stranger"], ties, orgs=[("brigade", "armed_group")])
    said = {
        name: runner.invoke(main, ["--data", str(tmp_path), "loyalty", name, "--at", "2012-03"]).output
        for name in ("Rebel", "Stranger")
    }
    assert said == {
        "Rebel": "Rebel is in the opposition at 2012-03: no loyalty path.\n",
        "Stranger": "Stranger is not bound to the core by any tie in the data at 2012-03: no loyalty path.\n",
    }


def test_loyalty_ranking_lists_everyone_closest_first_with_their_status(tmp_path, runner):
    ties = [tie("FRIEND_OF", "cousin", "ruler"), tie("SERVES_UNDER", "aide", "cousin")]
    status = [{"person": "gone", "kind": "died", "date": "2010"}]
    graph_of(tmp_path, ["cousin", "aide", "gone"], ties, status)
    result = runner.invoke(main, ["--data", str(tmp_path), "loyalty", "--ranking", "--at", "2012", "--format", "json"])
    assert json.loads(result.output)["ranking"] == [
        {"id": "ruler", "name": "Ruler", "status": "loyal", "distance": 0, "strength": "confirmed"},
        {"id": "cousin", "name": "Cousin", "status": "loyal", "distance": 1, "strength": "confirmed"},
        {"id": "aide", "name": "Aide", "status": "loyal", "distance": 2, "strength": "confirmed"},
        {"id": "gone", "name": "Gone", "status": "dead", "distance": None, "strength": None},
    ]


def test_loyalty_json_gives_every_hop_with_its_dates_grade_and_sources(tmp_path, runner):
    graph_of(tmp_path, ["aide"], [tie("ADVISER_TO", "aide", "ruler", start="2005-03", confidence="reported")])
    result = runner.invoke(main, ["--data", str(tmp_path), "loyalty", "Aide", "--at", "2012-06-01", "--format", "json"])
    path = json.loads(result.output)["path"]
    assert (path["distance"], path["strength"], path["at"]) == (1, "reported", "2012-06-01")
    hop = path["hops"][0]
    assert {k: hop[k] for k in ("source", "target", "key", "type", "family", "start", "end", "confidence")} == {
        "source": "aide",
        "target": "ruler",
        "key": "aide--adviser-to--ruler--2005-03",
        "type": "ADVISER_TO",
        "family": "bond",
        "start": "2005-03",
        "end": None,
        "confidence": "reported",
    }
    assert [s["source"] for s in hop["sources"]] == ["src"]


def test_defection_text_reads_each_tie_from_the_defectors_side(tmp_path, runner):
    ties = [
        tie("PARENT_OF", "elder", "friend"),
        tie("FRIEND_OF", "friend", "ruler", end="2012-07"),
        tie("FLED_TO", "friend", "abroad", start="2012-07-03", confidence="claimed"),
        tie("OFFERED_ASYLUM", "abroad", "friend", start="2012-07"),
    ]
    status = [{"person": "friend", "kind": "defected", "date": "2012-07", "place": "abroad"}]
    graph_of(tmp_path, ["friend", "elder"], ties, status, places=["abroad"])
    result = runner.invoke(main, ["--data", str(tmp_path), "defection", "Friend"])
    assert result.output.splitlines() == [
        "Friend defected 2012-07 (reported) to Abroad",
        "    [B6] src",
        "Route out:",
        "  1. FLED_TO Abroad  2012-07-03; claimed",
        "      [B6] src",
        "  2. ← OFFERED_ASYLUM Abroad  2012-07; confirmed",
        "      [B6] src",
        "The day before (2012-06-30): loyalty distance 1 to Ruler (strength: confirmed)",
        "  Friend -[FRIEND_OF]- Ruler  until 2012-07; confirmed",
        "      [B6] src",
        "Binding ties held the day before:",
        "  FRIEND_OF Ruler  (confirmed, ended 2012-07)",
        "  ← PARENT_OF Elder  (confirmed)",
    ]
