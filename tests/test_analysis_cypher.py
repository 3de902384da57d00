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
ANALYSIS_QUERIES = ("loyalty_path_at", "loyalty_path", "cracks_timeline", "defection_route")
LAYER_START = "WITH day, chain, asked, rank, opposition, goals, layers, layers[-2] AS prev"


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(load_dataset())


@pytest.fixture(scope="module")
def loaded(bolt, graph):
    """The bundled dataset alone in the database (other modules load other datasets there)."""
    driver = connect(bolt)
    try:
        with driver.session(database=bolt.database) as opened:
            opened.run("MATCH (n) DETACH DELETE n").consume()
        load_graph(driver, bolt.database, graph, replace=True)
    finally:
        driver.close()
    return bolt


def _rows(settings, name: str, **params) -> list[dict]:
    with session(settings) as opened:
        return run_query(opened, find_query(name).text, params)[1]


def _cypher(name: str) -> str:
    """A query file's Cypher without its comments."""
    return "\n".join(line for line in find_query(name).text.splitlines() if not line.lstrip().startswith("//"))


def _lists(name: str) -> list[list[str]]:
    """Every list of quoted names written in a query file's Cypher, in order."""
    return [re.findall(r"'([^']*)'", group) for group in re.findall(r"\[('[^\]]*')\]", _cypher(name))]


def _type_expressions(name: str) -> list[list[str]]:
    """Every relationship type expression (`r:A|B`) in a query file's Cypher, as lists of types."""
    return [group.split("|") for group in re.findall(r"\b[a-z][a-z0-9]*:([A-Z_]+(?:\|[A-Z_]+)*)\b", _cypher(name))]


# --- the query files name only what the registry holds ------------------------------------------


@pytest.mark.parametrize("name", ANALYSIS_QUERIES)
def test_analysis_queries_name_families_grades_and_steps_as_the_registry_does(name):
    rels = schema.REL_TYPES.values()
    allowed = [
        list(schema.BINDING_FAMILIES), list(OPPOSITION_ORG_KINDS), list(schema.OPPOSITION_FAMILIES), list(schema.CONFIDENCE_ORDER),
        [r.name for r in rels if r.serves], [r.name for r in rels if r.heads is True], [r.name for r in rels if isinstance(r.heads, str)],
    ]
    if name == "defection_route":
        assert _lists(name) == [list(schema.ROUTE_OUT_TYPES), list(schema.CONFIDENCE_ORDER)]
        assert ">= 4" in find_query(name).text and schema.confidence_rank("rumoured") == 4  # weak: rumoured or worse
        return
    assert _lists(name) and all(found in allowed for found in _lists(name))
    assert _type_expressions(name) and all(found in allowed + [["PART_OF"]] for found in _type_expressions(name))
    ranks = ", ".join(f"{grade}: {schema.confidence_rank(grade)}" for grade in schema.CONFIDENCE_ORDER)
    assert re.findall(r"\{(confirmed: [^}]*)\} AS rank", _cypher(name)) == [ranks]  # the grades' order, once
    assert [r.name for r in rels if r.answers_to] == ["PART_OF"] and all(r.heads in (True, False, "head") for r in rels)


@pytest.mark.parametrize("name", ["loyalty_path_at", "loyalty_path", "cracks_timeline"])
def test_the_search_is_six_identical_layer_blocks_shared_by_the_loyalty_queries(name):
    blocks = find_query(name).text.split(LAYER_START)[1:]
    blocks = [b.split("\nUNWIND range(2, size(layers) - 1)")[0].strip() for b in blocks]
    assert len(blocks) == 6 and len(set(blocks)) == 1
    assert blocks[0] == find_query("loyalty_path_at").text.split(LAYER_START)[1].strip()
    assert "*1..6" not in find_query(name).text  # no query lists every path


# --- the same answers -------------------------------------------------------------------------------


def _python_path(path, person):
    return (path.distance, path.strength, [person] + [h["to"] for h in path.hops]) if path else None


@pytest.mark.bolt
@pytest.mark.parametrize("chain", [False, True], ids=["recorded", "chain"])
@pytest.mark.parametrize("at", DATES)
def test_every_loyalty_path_has_the_python_distance_strength_and_people(loaded, graph, at, chain):
    core = graph.graph["core"]
    people = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "person" and n != core)
    rows = _rows(loaded, "loyalty_path_at", people=people, core=core, at=at, chain=chain)
    cypher = {r["person"]: (r["distance"], r["strength"], r["ids"]) for r in rows}
    python = {p: _python_path(analysis.loyalty_path(graph, p, core, at, chain=chain), p) for p in people}
    assert {p: cypher.get(p) for p in people} == python
    assert all(len(r["ties"]) == r["distance"] and ("CHAIN_OF_COMMAND" in r["ties"]) <= chain for r in rows)


@pytest.mark.bolt
@pytest.mark.parametrize("chain", [False, True], ids=["recorded", "chain"])
def test_the_undated_loyalty_path_is_the_python_path_as_the_record_ends(loaded, graph, chain):
    core = graph.graph["core"]
    for person in ("manaf-tlass", "maher-al-assad", "riad-hijab", "nawaf-al-fares"):
        rows = _rows(loaded, "loyalty_path", person=person, core=core, chain=chain)
        cypher = (rows[0]["distance"], rows[0]["strength"], rows[0]["ids"]) if rows else None
        assert cypher == _python_path(analysis.loyalty_path(graph, person, core, None, chain=chain), person), person


@pytest.mark.bolt
@pytest.mark.parametrize("chain", [False, True], ids=["recorded", "chain"])
def test_the_cracks_timeline_has_the_python_distances_strengths_and_paths(loaded, graph, chain):
    result = analysis.cracks_timeline(graph, chain=chain)
    rows = _rows(loaded, "cracks_timeline", core=graph.graph["core"], since=graph.graph["uprising_start"], chain=chain)
    assert sorted((r["id"], r["date"], r["distance_before"], r["strength_before"], r["ids_before"]) for r in rows) == sorted(
        (c.person, c.date, c.distance_before, c.strength_before, c.path_before if c.distance_before is not None else None) for c in result.cracks
    )
    manaf = next(r for r in rows if r["id"] == "manaf-tlass")
    assert (manaf["date"], manaf["distance_before"]) == ("2012-07", 1)


@pytest.mark.bolt
def test_every_route_out_comes_in_the_python_order(loaded, graph):
    for person in analysis.defectors(graph):
        route = analysis.defection_route(graph, person)
        rows = _rows(loaded, "defection_route", person=person)
        assert [(r["step"], r["id"], r["date"]) for r in rows] == [(s["type"], s["other"], s["start"]) for s in route.route], person
