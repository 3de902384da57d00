"""The Neo4j store against a real Bolt server: load, reload, replace, interruption, read-back,
the query library, and agreement between Cypher and the Python analysis."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import networkx as nx
import pytest
import yaml

from explorer import analysis
from explorer.dataset import bundled_path, load_dataset
from explorer.errors import ExplorerError
from explorer.graph import build_graph
from explorer.neo4j_store import StoreError, connect, read_graph, session, translated
from explorer.neo4j_store.loader import LoadInProgress, _write, begin_load, load_graph
from explorer.neo4j_store.query import find_query, library, run_query
from explorer.neo4j_store.statements import schema_statements, statement

pytestmark = pytest.mark.bolt


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(load_dataset())


def _load(settings, graph, **options):
    driver = connect(settings)
    try:
        return load_graph(driver, settings.database, graph, **options)
    finally:
        driver.close()


def _same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert {k: (u, v, d) for u, v, k, d in a.edges(keys=True, data=True)} == {k: (u, v, d) for u, v, k, d in b.edges(keys=True, data=True)}
    assert a.graph == b.graph


def _rows(settings, name: str, **params):
    with session(settings) as opened:
        _, records, _ = run_query(opened, find_query(name).text, params)
    return records


@pytest.fixture
def loaded(bolt, graph):
    """The bundled dataset, exactly: a replacing load writes only what other tests changed."""
    _load(bolt, graph, replace=True)
    return bolt


def test_a_first_load_creates_everything_and_a_second_creates_nothing(empty_db, graph):
    first = _load(empty_db, graph, batch_size=50)
    records = graph.number_of_nodes() + graph.number_of_edges() + len(graph.graph["sources"]) + 1
    assert first.totals() == {"created": records, "updated": 0, "unchanged": 0, "removed": 0}
    second = _load(empty_db, graph, batch_size=50)
    assert second.totals() == {"created": 0, "updated": 0, "unchanged": records, "removed": 0}
    assert second.batches == 0


def test_read_back_gives_the_same_graph_as_the_files(loaded, graph):
    _same_graph(read_graph(loaded), graph)


def test_replace_removes_what_the_dataset_no_longer_has(empty_db, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(bundled_path(), data)
    full = build_graph(load_dataset(data))
    _load(empty_db, full)
    ties = yaml.safe_load((data / "ties.yaml").read_text(encoding="utf-8"))
    removed = ties.pop()  # the last tie of the file
    (data / "ties.yaml").write_text(yaml.safe_dump(ties, allow_unicode=True), encoding="utf-8")
    smaller = build_graph(load_dataset(data))
    kept = _load(empty_db, smaller)
    assert kept.totals()["removed"] == 0
    assert read_graph(empty_db).number_of_edges() == full.number_of_edges()  # without --replace it stays
    pruned = _load(empty_db, smaller, replace=True)
    assert dict(pruned.removed) == {removed["type"]: 1} | {k: 0 for k in pruned.removed if k != removed["type"]}
    _same_graph(read_graph(empty_db), smaller)


def test_a_load_interrupted_half_way_converges_when_run_again(empty_db, graph):
    class Interrupted(Exception):
        pass

    written = []

    def stop_after_three(batch, number, total):
        written.append(len(batch.rows))
        if number == 3:
            raise Interrupted

    with pytest.raises(Interrupted):
        _load(empty_db, graph, batch_size=10, on_batch=stop_after_three)
    again = _load(empty_db, graph, batch_size=10)
    records = graph.number_of_nodes() + graph.number_of_edges() + len(graph.graph["sources"]) + 1
    assert again.totals()["unchanged"] == sum(written)  # what the three committed batches wrote
    assert again.totals()["created"] == records - sum(written)
    _same_graph(read_graph(empty_db), graph)


def test_an_edited_name_and_tie_are_counted_updated_and_written(empty_db, graph):
    _load(empty_db, graph)
    edited = graph.copy()
    edited.nodes["manaf-tlass"]["aliases"] = [*graph.nodes["manaf-tlass"]["aliases"], "Manaf Mustafa Tlass (test)"]
    u, v, key, data = next(iter(graph.edges(keys=True, data=True)))
    edited.edges[u, v, key]["note"] = "edited by a test"
    summary = _load(empty_db, edited)
    assert dict(summary.updated) == {"Person": 1, data["type"]: 1} and summary.totals()["created"] == 0
    _same_graph(read_graph(empty_db), edited)


def test_a_tie_that_keeps_its_id_but_changes_ends_is_moved_not_duplicated(empty_db, graph):
    _load(empty_db, graph)
    moved = graph.copy()
    u, v, key, data = next((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if d["type"] == "SIBLING_OF")
    other = next(n for n, kind in graph.nodes(data="kind") if kind == "person" and n not in (u, v))
    moved.remove_edge(u, v, key)
    moved.add_edge(u, other, key=key, **data)
    summary = _load(empty_db, moved)
    assert (summary.totals()["created"], summary.totals()["updated"], dict(summary.updated)) == (0, 1, {"SIBLING_OF": 1})
    _same_graph(read_graph(empty_db), moved)


def test_a_dataset_that_reuses_another_datasets_ids_is_refused_and_writes_nothing(empty_db, graph):
    _load(empty_db, graph)
    other = graph.copy()
    other.graph = {**graph.graph, "dataset": "other-dataset"}
    first_sources = sorted(graph.graph["sources"])[:5]
    with pytest.raises(ExplorerError) as refused:
        _load(empty_db, other)
    assert str(refused.value) == (
        "Source ids already loaded by another dataset: " + ", ".join(f"{s} (syria-2012)" for s in first_sources)
        + "; nothing was written. Ids are unique across a database: load this dataset into another one (--database)"
    )
    _same_graph(read_graph(empty_db), graph)
    with session(empty_db) as opened:
        assert opened.run("MATCH (n) WHERE n.dataset = 'other-dataset' RETURN count(n) AS c").single()["c"] == 0


def test_two_datasets_share_a_database_and_each_reads_back_alone(empty_db, graph):
    from explorer.synth import synthetic_dataset

    small = build_graph(synthetic_dataset(5, seed=1))
    _load(empty_db, graph)
    _load(empty_db, small)
    _same_graph(read_graph(empty_db, "syria-2012"), graph)
    _same_graph(read_graph(empty_db, "synthetic-5"), small)
    with pytest.raises(ExplorerError) as unnamed:
        read_graph(empty_db)
    assert str(unnamed.value) == (
        "several datasets are loaded (synthetic-5, syria-2012); the commands read one per database: "
        "load each into its own (--database / NEO4J_DATABASE)"
    )


KILLER = """
import os, signal, sys, threading
from explorer.dataset import load_dataset
from explorer.graph import build_graph
from explorer.neo4j_store import Settings, connect
from explorer.neo4j_store.loader import load_graph

def kill_soon(batch, number, total):
    if number == 3:  # SIGKILL a few milliseconds later: inside a later batch's transaction
        threading.Timer(0.005, os.kill, (os.getpid(), signal.SIGKILL)).start()

settings = Settings(uri=sys.argv[1], user=sys.argv[2], password=os.environ["NEO4J_PASSWORD"], database=sys.argv[3] or None)
load_graph(connect(settings), settings.database, build_graph(load_dataset()), batch_size=5, on_batch=kill_soon)
"""


def test_a_load_killed_mid_transaction_converges_when_run_again(empty_db, graph):
    env = {**os.environ, "NEO4J_PASSWORD": empty_db.password}
    killed = subprocess.run([sys.executable, "-c", KILLER, empty_db.uri, empty_db.user, empty_db.database or ""], env=env, timeout=120)
    assert killed.returncode == -9
    records = graph.number_of_nodes() + graph.number_of_edges() + len(graph.graph["sources"]) + 1
    again = _load(empty_db, graph)
    assert again.totals()["created"] + again.totals()["unchanged"] == records and again.totals()["created"] > 0
    _same_graph(read_graph(empty_db), graph)
    assert _load(empty_db, graph).totals() == {"created": 0, "updated": 0, "unchanged": records, "removed": 0}


def test_server_errors_outside_named_queries_come_out_as_one_line(bolt):
    driver = connect(bolt)
    try:
        with pytest.raises(StoreError, match=r"^Cypher syntax error: "):
            with translated(bolt), driver.session(database=bolt.database) as opened:
                opened.run("MATC (n) RETURN n").consume()
    finally:
        driver.close()


def test_hostile_strings_travel_as_parameters(empty_db, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(bundled_path(), data)
    hostile = "x'}) DETACH DELETE n // \"; MATCH (m) DELETE m"
    people = yaml.safe_load((data / "people.yaml").read_text(encoding="utf-8"))
    people[0]["name"] = hostile
    people[0]["aliases"] = [hostile, "`backtick` {brace}"]
    (data / "people.yaml").write_text(yaml.safe_dump(people, allow_unicode=True), encoding="utf-8")
    graph = build_graph(load_dataset(data))
    _load(empty_db, graph)
    _same_graph(read_graph(empty_db), graph)
    assert _rows(empty_db, "inner_circle", person=hostile) == []
    assert read_graph(empty_db).number_of_nodes() == graph.number_of_nodes()


def test_the_library_has_every_query_the_issue_asks_for_each_with_a_header():
    names = {q.name for q in library()}
    assert {"inner_circle", "family_of", "loyalty_path", "paths_between", "defectors", "left_behind", "tie_sources",
            "loyalty_path_at", "defection_route", "cracks_timeline"} <= names
    assert all(q.answers and q.parameters for q in library())


def test_inner_circle_lists_every_binding_tie_of_the_person(loaded, graph):
    expected = sorted(
        (graph.nodes[o]["name"], d["type"])
        for u, v, d in list(graph.out_edges("manaf-tlass", data=True)) + list(graph.in_edges("manaf-tlass", data=True))
        for o in [v if u == "manaf-tlass" else u]
        if d["family"] in ("family", "bond", "hierarchy")
    )
    assert [(r["name"], r["tie"]) for r in _rows(loaded, "inner_circle", person="manaf-tlass")] == expected


def test_family_of_lists_the_kin(loaded, graph):
    kin = sorted(
        (d["type"], graph.nodes[o]["name"])
        for u, v, d in list(graph.out_edges("manaf-tlass", data=True)) + list(graph.in_edges("manaf-tlass", data=True))
        for o in [v if u == "manaf-tlass" else u]
        if d["family"] == "family"
    )
    assert [(r["tie"], r["name"]) for r in _rows(loaded, "family_of", person="manaf-tlass")] == kin


def test_defectors_come_in_the_order_the_python_analysis_gives(loaded, graph):
    rows = _rows(loaded, "defectors")
    assert sorted(r["id"] for r in rows) == sorted(analysis.defectors(graph))
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_left_behind_matches_the_python_defection_route(loaded, graph):
    route = analysis.defection_route(graph, "manaf-tlass")
    rows = _rows(loaded, "left_behind", person="manaf-tlass")
    assert sorted((r["tie"], r["id"]) for r in rows) == sorted((t["type"], t["other"]) for t in route.left_behind)


def test_defection_route_matches_the_python_route(loaded, graph):
    route = analysis.defection_route(graph, "manaf-tlass")
    rows = _rows(loaded, "defection_route", person="manaf-tlass")
    assert sorted((r["step"], r["id"]) for r in rows) == sorted((s["type"], s["other"]) for s in route.route)


def test_tie_sources_names_every_source_cited_by_the_tie(loaded, graph):
    key = "bashar-al-assad--friend-of--manaf-tlass"
    cited = sorted({c["source"] for c in graph.edges["bashar-al-assad", "manaf-tlass", key]["sources"]})
    assert [r["source"] for r in _rows(loaded, "tie_sources", tie=key)] == cited


def test_paths_between_counts_every_path_of_at_most_two_ties(loaded, graph):
    def ties(x: str, y: str) -> int:
        return graph.number_of_edges(x, y) + graph.number_of_edges(y, x)

    a, b = "manaf-tlass", "hafez-al-assad"
    two_hops = sum(ties(a, x) * ties(x, b) for x in graph if x not in (a, b))
    rows = _rows(loaded, "paths_between", a=a, b=b, max_hops=2)
    assert sorted(r["hops"] for r in rows) == [1] * ties(a, b) + [2] * two_hops


def test_loyalty_path_at_gives_manaf_tlass_distance_one_before_july_2012(loaded):
    for chain in (False, True):
        rows = _rows(loaded, "loyalty_path_at", people=["manaf-tlass"], core="bashar-al-assad", at="2012-06-30", chain=chain)
        assert rows[0]["distance"] == 1 and rows[0]["people"] == ["Manaf Tlass", "Bashar al-Assad"]
        assert _rows(loaded, "loyalty_path_at", people=["manaf-tlass"], core="bashar-al-assad", at="2012-08-01", chain=chain) == []


def test_a_node_made_by_hand_with_a_dataset_id_is_merged_into_not_duplicated(empty_db, graph):
    """New rows are written with CREATE (no lookup); one that meets a node of the same id that no
    dataset wrote is refused by the constraint and written again with MERGE, as before."""
    with session(empty_db) as opened:
        for text in schema_statements():
            opened.run(text).consume()
        opened.run("CREATE (:Person {id: 'manaf-tlass', note: 'typed by hand'})").consume()
    summary = _load(empty_db, graph)
    assert summary.totals()["created"] == graph.number_of_nodes() + graph.number_of_edges() + len(graph.graph["sources"]) + 1
    with session(empty_db) as opened:
        rows = opened.run("MATCH (p:Person {id: 'manaf-tlass'}) RETURN p.dataset AS dataset, p.note AS note").data()
    assert rows == [{"dataset": "syria-2012", "note": None}]
    _same_graph(read_graph(empty_db), graph)


@pytest.mark.parametrize("name, params", [
    ("create_nodes", {"rows": [{"id": "x", "props": {"id": "x", "dataset": "syria-2012"}}]}),
    ("prune_nodes", {"keep": []}),
])
def test_a_write_of_a_load_taken_over_leaves_nothing_not_even_its_heartbeat(empty_db, name, params):
    """Each write statement writes the heartbeat before it checks the marker (on Neo4j that takes
    the Dataset node's lock first); a load taken over must see its whole transaction rolled back."""
    driver = connect(empty_db)
    try:
        stale = begin_load(driver, empty_db.database, "syria-2012")
        fresh = begin_load(driver, empty_db.database, "syria-2012", force=True)
        with session(empty_db) as opened:
            opened.run("CREATE (:Person {id: 'kept', dataset: 'syria-2012'})").consume()
        with pytest.raises(LoadInProgress, match="another load of syria-2012 took over"):
            _write(driver, empty_db.database, "syria-2012", stale, statement(name, label="Person"), at="the stale load", **params)
    finally:
        driver.close()
    with session(empty_db) as opened:
        assert opened.run("MATCH (p:Person) RETURN collect(p.id) AS ids").single()["ids"] == ["kept"]
        marker = opened.run("MATCH (d:Dataset) RETURN d.load_token AS token, d.load_heartbeat AS heartbeat").single()
    assert (marker["token"], marker["heartbeat"]) == (fresh["load_token"], fresh["load_heartbeat"])
