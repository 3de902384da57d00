"""The analysis in Cypher gives the Python answers: loyalty paths, defection routes, the cracks timeline.

The bundled data is loaded into the Bolt server by the store's own loader; the three query files
of `cypher/queries/` run there and must return what `explorer.analysis` computes from the files.
"""

from __future__ import annotations

import re

import networkx as nx
import pytest

from explorer import analysis, schema
from explorer.dataset import load_dataset
from explorer.graph import OPPOSITION_ORG_KINDS, build_graph
from explorer.neo4j_store import connect, session
from explorer.neo4j_store.loader import load_graph
from explorer.neo4j_store.query import find_query, run_query

DATES = ["2011-06-30", "2012-05-19", "2012-06-30", "2012-07-15", "2012-08-31", "2013-01-01"]
ANALYSIS_QUERIES = ("loyalty_path_at", "cracks_timeline", "defection_route")


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(load_dataset())


@pytest.fixture(scope="module")
def loaded(bolt, graph):
    driver = connect(bolt)
    try:
        load_graph(driver, bolt.database, graph, replace=True)
    finally:
        driver.close()
    return bolt


def _rows(settings, name: str, **params) -> list[dict]:
    with session(settings) as opened:
        return run_query(opened, find_query(name).text, params)[1]


def _lists(name: str) -> list[list[str]]:
    """Every list of quoted names written in a query file, in order."""
    text = find_query(name).text
    return [re.findall(r"'([^']*)'", group) for group in re.findall(r"\[('[^\]]*')\]", text)]


# --- the query files name only what the registry holds ------------------------------------------


@pytest.mark.parametrize("name", ANALYSIS_QUERIES)
def test_analysis_queries_name_families_grades_and_steps_as_the_registry_does(name):
    expected = {
        "loyalty_path_at": [list(schema.BINDING_FAMILIES), list(OPPOSITION_ORG_KINDS), ["hierarchy", "rupture"], list(schema.CONFIDENCE_ORDER)],
        "cracks_timeline": [list(schema.BINDING_FAMILIES), list(OPPOSITION_ORG_KINDS), ["hierarchy", "rupture"], list(schema.CONFIDENCE_ORDER)],
        "defection_route": [list(schema.ROUTE_OUT_TYPES)],
    }[name]
    assert _lists(name) == expected


# --- the same answers -------------------------------------------------------------------------------


@pytest.mark.bolt
@pytest.mark.parametrize("at", DATES)
def test_every_loyalty_path_has_the_python_distance_strength_and_people(loaded, graph, at):
    core = graph.graph["core"]
    differ = []
    for person in sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "person" and n != core):
        path = analysis.loyalty_path(graph, person, core, at, chain=False)  # the query walks recorded ties only
        python = (path.distance, path.strength, [person] + [h["to"] for h in path.hops]) if path else None
        rows = _rows(loaded, "loyalty_path_at", person=person, core=core, at=at)
        cypher = (rows[0]["distance"], rows[0]["strength"], rows[0]["ids"]) if rows else None
        if cypher != python:
            differ.append((person, python, cypher))
    assert differ == []


@pytest.mark.bolt
def test_the_cracks_timeline_has_the_python_distances_and_strengths(loaded, graph):
    result = analysis.cracks_timeline(graph, chain=False)
    rows = _rows(loaded, "cracks_timeline", core=graph.graph["core"], since=graph.graph["uprising_start"])
    assert sorted((r["id"], r["date"], r["distance_before"], r["strength_before"]) for r in rows) == sorted(
        (c.person, c.date, c.distance_before, c.strength_before) for c in result.cracks
    )
    manaf = next(r for r in rows if r["id"] == "manaf-tlass")
    assert (manaf["date"], manaf["distance_before"]) == ("2012-07", 1)


@pytest.mark.bolt
def test_every_route_out_comes_in_the_python_order(loaded, graph):
    for person in analysis.defectors(graph):
        route = analysis.defection_route(graph, person)
        rows = _rows(loaded, "defection_route", person=person)
        assert [(r["step"], r["id"], r["date"]) for r in rows] == [(s["type"], s["other"], s["start"]) for s in route.route], person
