"""Loyalty paths are exact: one bottleneck search per date equals listing every shortest path,
and the Cypher query on a real Bolt server gives the same answer on graphs built to trip it."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from explorer import schema
from explorer.analysis import loyalty_path, loyalty_ranking
from explorer.analysis.loyalty import loyalty_tree
from explorer.graph import build_graph, timeline_of
from explorer.neo4j_store import connect, session
from explorer.neo4j_store.loader import load_graph
from explorer.neo4j_store.query import find_query, run_query

from tiny import tie, tiny_dataset, tiny_graph

GRADES = schema.CONFIDENCE_ORDER


def parallel_paths(count: int = 70) -> nx.MultiDiGraph:
    """`count` two-hop paths from 'p' to the core, every one rumoured but the last, confirmed."""
    middles = [f"m{i:03d}" for i in range(count)]
    ties = []
    for index, middle in enumerate(middles):
        grade = "confirmed" if index == count - 1 else "rumoured"
        ties += [tie("FRIEND_OF", "p", middle, grade), tie("FRIEND_OF", middle, "ruler", grade)]
    return tiny_graph(["p", *middles], ties, name="parallel")


def equal_length_different_weakest() -> nx.MultiDiGraph:
    """Three 3-hop paths whose weakest ties differ; the lowest ids lie on the weakest one."""
    ties = [
        tie("SERVES_UNDER", "p", "a1", "confirmed"), tie("SERVES_UNDER", "a1", "a2", "rumoured"), tie("SERVES_UNDER", "a2", "ruler", "confirmed"),
        tie("SERVES_UNDER", "p", "b1", "reported"), tie("SERVES_UNDER", "b1", "b2", "claimed"), tie("SERVES_UNDER", "b2", "ruler", "confirmed"),
        tie("SERVES_UNDER", "p", "c1", "reported"), tie("SERVES_UNDER", "c1", "c2", "reported"), tie("SERVES_UNDER", "c2", "ruler", "reported"),
    ]
    return tiny_graph(["p", "a1", "a2", "b1", "b2", "c1", "c2"], ties, name="weakest")


def same_pair_several_grades() -> nx.MultiDiGraph:
    """Ties between the same two people at several grades: the strongest one carries the hop."""
    ties = [
        tie("FRIEND_OF", "p", "ruler", "rumoured"),
        tie("ADVISER_TO", "p", "ruler", "claimed"),
        tie("SERVES_UNDER", "p", "ruler", "reported"),
        tie("RELATIVE_OF", "q", "p", "disputed", relation="cousin"),
        tie("FRIEND_OF", "q", "p", "unconfirmed"),
    ]
    return tiny_graph(["p", "q"], ties, name="pairs")


def equal_strength_ties() -> nx.MultiDiGraph:
    """Two equally strong shortest paths: the first by ids from the person wins."""
    ties = [tie("FRIEND_OF", "p", x, "reported") for x in ("x2", "x1")] + [tie("FRIEND_OF", x, "ruler", "reported") for x in ("x2", "x1")]
    return tiny_graph(["p", "x1", "x2"], ties, name="equal")


ADVERSARIAL = {
    "parallel": parallel_paths,
    "weakest": equal_length_different_weakest,
    "pairs": same_pair_several_grades,
    "equal": equal_strength_ties,
}


def brute_force(graph: nx.MultiDiGraph, person: str, core: str = "ruler"):
    """Every shortest path listed, each hop its strongest tie: (distance, strength, people) or None."""
    simple = nx.Graph()
    best: dict[tuple[str, str], int] = {}
    for u, v, data in graph.edges(data=True):
        if data["family"] in schema.BINDING_FAMILIES:
            simple.add_edge(u, v)
            rank = schema.confidence_rank(data["confidence"])
            pair = tuple(sorted((u, v)))
            best[pair] = min(best.get(pair, rank), rank)
    if person not in simple or core not in simple or not nx.has_path(simple, person, core):
        return None
    paths = list(nx.all_shortest_paths(simple, person, core))
    scored = sorted((max((best[tuple(sorted(e))] for e in zip(p, p[1:])), default=0), p) for p in paths)
    rank, nodes = scored[0]
    return len(nodes) - 1, GRADES[rank], nodes


def python_answer(graph, person):
    path = loyalty_path(graph, person, chain=False)
    return (path.distance, path.strength, [person] + [h["to"] for h in path.hops]) if path else None


def test_seventy_parallel_paths_find_the_one_confirmed_path():
    graph = parallel_paths(70)
    assert python_answer(graph, "p") == (2, "confirmed", ["p", "m069", "ruler"])


def test_equal_lengths_take_the_strongest_weakest_tie_and_same_pairs_their_strongest_tie():
    assert python_answer(equal_length_different_weakest(), "p") == (3, "reported", ["p", "c1", "c2", "ruler"])
    assert python_answer(same_pair_several_grades(), "p") == (1, "reported", ["p", "ruler"])
    assert python_answer(same_pair_several_grades(), "q") == (2, "unconfirmed", ["q", "p", "ruler"])
    assert python_answer(equal_strength_ties(), "p") == (2, "reported", ["p", "x1", "ruler"])


@pytest.mark.parametrize("seed", range(40))
def test_one_search_equals_listing_every_shortest_path_on_random_graphs(seed):
    rng = random.Random(seed)
    people = [f"n{i:02d}" for i in range(rng.randint(4, 16))]
    everyone = ["ruler", *people]
    ties = []
    for index in range(rng.randint(5, 40)):
        a, b = rng.sample(everyone, 2)
        kind = rng.choice(["FRIEND_OF", "SERVES_UNDER", "ADVISER_TO"])
        ties.append(tie(kind, a, b, rng.choice(GRADES), key=f"t{index}"))
    graph = tiny_graph(people, ties, name=f"random-{seed}")
    for person in people:
        assert python_answer(graph, person) == brute_force(graph, person), person


def test_ranking_reads_the_same_search_as_the_paths():
    graph = parallel_paths(5)
    rows = {r["id"]: r for r in loyalty_ranking(graph, chain=False)}
    assert (rows["p"]["distance"], rows["p"]["strength"]) == (2, "confirmed")
    assert (rows["m000"]["distance"], rows["m000"]["strength"]) == (1, "rumoured")


def test_one_timeline_serves_every_question_of_a_graph():
    graph = parallel_paths(5)
    assert timeline_of(graph) is timeline_of(graph)
    first = timeline_of(graph).at("2012-06")
    assert timeline_of(graph).at("2012-06-30") is first  # a partial date is its last day
    assert loyalty_tree(first) is loyalty_tree(first)


# --- the chain of command ---------------------------------------------------------------------


def ministry() -> nx.MultiDiGraph:
    """An envoy in a ministry, its minister, the ministry part of a government the ruler heads."""
    orgs = {"ministry": "government_body", "government": "government_body", "unit": "military_unit"}
    ties = [
        tie("HOLDS_POSITION", "envoy", "ministry", "confirmed", role="Ambassador"),
        tie("HOLDS_POSITION", "minister", "ministry", "reported", start="2010", role="Minister", head=True),
        tie("PART_OF", "ministry", "government", "confirmed"),
        tie("HOLDS_POSITION", "ruler", "government", "confirmed", role="President", head=True),
        tie("MEMBER_OF", "soldier", "unit", "confirmed"),  # a unit with no head recorded, part of nothing
    ]
    return tiny_graph(["envoy", "minister", "soldier"], ties, orgs=orgs, name="ministry")


def test_a_post_binds_to_the_head_of_the_body_and_the_head_to_the_body_above():
    graph = ministry()
    path = loyalty_path(graph, "envoy", at="2012")
    assert [h["to"] for h in path.hops] == ["minister", "ruler"]
    assert all(h["derived"] and h["type"] == schema.CHAIN_HOP for h in path.hops)
    assert path.hops[0]["note"] == "in the Ministry, headed then by Minister"
    assert path.hops[1]["note"] == "in the Ministry, part of the Government, headed then by Ruler"
    assert path.strength == "reported"  # never stronger than the minister's post it stands on
    assert path.derived == 2


def test_the_chain_follows_the_date_and_can_be_turned_off():
    graph = ministry()
    before = loyalty_path(graph, "envoy", at="2009")  # no minister yet: the climb passes to the government
    assert [h["to"] for h in before.hops] == ["ruler"] and before.hops[0]["via"] == ["ministry", "government"]
    assert loyalty_path(graph, "envoy", at="2012", chain=False) is None
    assert loyalty_path(graph, "soldier", at="2012") is None  # no head anywhere above: no path


def defected_head() -> nx.MultiDiGraph:
    """An envoy under a minister bound to the ruler; the minister defects in July 2012."""
    return tiny_graph(
        ["envoy", "minister"],
        [
            tie("HOLDS_POSITION", "envoy", "ministry", role="Ambassador"),
            tie("HOLDS_POSITION", "minister", "ministry", role="Minister", head=True),
            tie("SERVES_UNDER", "minister", "ruler"),
        ],
        orgs={"ministry": "government_body"},
        status=[{"person": "minister", "kind": "defected", "date": "2012-07", "state": "confirmed"}],
        name="defected-head",
    )


def test_a_defected_head_binds_no_one():
    graph = defected_head()
    assert [h["to"] for h in loyalty_path(graph, "envoy", at="2012-06").hops] == ["minister", "ruler"]
    assert loyalty_path(graph, "envoy", at="2012-08") is None


# --- the same answers from the Cypher query ---------------------------------------------------


CHAIN_GRAPHS = {"ministry": (ministry, ["2009-12-31", "2012-06-30"]), "defected-head": (defected_head, ["2012-06-30", "2012-08-31"])}


def _load(bolt, graph) -> None:
    driver = connect(bolt)
    try:
        load_graph(driver, bolt.database, graph, replace=True)
    finally:
        driver.close()


def _cypher_paths(bolt, graph, at: str, chain: bool) -> dict:
    people = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "person" and n != "ruler")
    with session(bolt) as opened:  # every person at once: the query's cost is one layered search
        rows = run_query(opened, find_query("loyalty_path_at").text, {"people": people, "core": "ruler", "at": at, "chain": chain})[1]
    found = {r["person"]: (r["distance"], r["strength"], r["ids"]) for r in rows}
    return {p: found.get(p) for p in people}


@pytest.mark.bolt
@pytest.mark.parametrize("name", ADVERSARIAL)
def test_cypher_gives_the_python_answer_on_graphs_built_to_trip_it(empty_db, name):
    graph = ADVERSARIAL[name]()
    _load(empty_db, graph)
    cypher = _cypher_paths(empty_db, graph, "2012-06-30", chain=False)
    assert cypher == {p: python_answer(graph, p) for p in cypher}
    if name == "parallel":
        assert len(cypher) == 70 + 1 and cypher["p"] == (2, "confirmed", ["p", "m069", "ruler"])


def partial_dates() -> nx.MultiDiGraph:
    """Ties, births, defections and deaths known only to the month or year: each is a span."""
    ties = [
        tie("FRIEND_OF", "from-july", "ruler", start="2012-07"),
        tie("FRIEND_OF", "to-july", "ruler", end="2012-07"),
        tie("FRIEND_OF", "year", "ruler", start="2012", end="2012"),
        tie("FRIEND_OF", "days", "ruler", start="2012-07-15", end="2012-07-31"),
        tie("FRIEND_OF", "born-july", "ruler"),
        tie("FRIEND_OF", "defects-july", "ruler"),
        tie("FRIEND_OF", "dies-2012", "ruler"),
        tie("FRIEND_OF", "via-dead", "dies-2012"),
    ]
    people = ["from-july", "to-july", "year", "days", "born-july", "defects-july", "dies-2012", "via-dead"]
    return build_graph(tiny_dataset(
        people, ties, born={"born-july": "2012-07"}, died={"dies-2012": "2012"}, name="partial",
        status=[{"person": "defects-july", "kind": "defected", "date": "2012-07", "state": "confirmed"}],
    ))


PARTIAL_DATES = ["2011-12-31", "2012-01-01", "2012-06-30", "2012-07-01", "2012-07-14", "2012-07-15", "2012-07-31", "2012-08-01", "2012-12-31", "2013-01-01"]


@pytest.mark.bolt
def test_cypher_reads_partial_dates_as_spans_as_python_does(empty_db):
    graph = partial_dates()
    _load(empty_db, graph)
    seen = set()
    for at in PARTIAL_DATES:
        cypher = _cypher_paths(empty_db, graph, at, chain=False)
        assert cypher == {p: python_answer_at(graph, p, at) for p in cypher}, at
        seen |= {(p, found is None) for p, found in cypher.items()}
    assert len(seen) == 2 * 8  # every person is found on some date and not on another
    with session(empty_db) as opened:  # no date: every tie counts; a defection or a death bars
        undated = {p: run_query(opened, find_query("loyalty_path").text, {"person": p, "core": "ruler", "chain": False})[1] for p in ("days", "defects-july", "via-dead")}
    assert [len(undated[p]) for p in ("days", "defects-july", "via-dead")] == [1, 0, 0]
    assert python_answer_at(graph, "days", None) == (1, "confirmed", ["days", "ruler"])


def python_answer_at(graph, person, at):
    path = loyalty_path(graph, person, "ruler", at)
    return (path.distance, path.strength, [person] + [h["to"] for h in path.hops]) if path else None


@pytest.mark.bolt
@pytest.mark.parametrize("name", CHAIN_GRAPHS)
@pytest.mark.parametrize("chain", [False, True], ids=["recorded", "chain"])
def test_cypher_climbs_the_chain_of_command_as_python_does(empty_db, name, chain):
    build, dates = CHAIN_GRAPHS[name]
    graph = build()
    _load(empty_db, graph)
    for at in dates:
        cypher = _cypher_paths(empty_db, graph, at, chain=chain)
        python = {}
        for person in cypher:
            path = loyalty_path(graph, person, at=at, chain=chain)
            python[person] = (path.distance, path.strength, [person] + [h["to"] for h in path.hops]) if path else None
        assert cypher == python, at
    if chain and name == "ministry":
        assert cypher["envoy"] == (2, "reported", ["envoy", "minister", "ruler"])
