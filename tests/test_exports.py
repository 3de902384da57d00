"""JSON, GraphML and GEXF exports are read back by networkx with the same nodes and ties."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date

import networkx as nx
import pytest

from explorer.cli import main
from explorer.dataset import load_dataset
from explorer.exports import read_json, status_spells, write_gexf, write_graphml, write_json
from explorer.graph import build_graph, snapshot


@pytest.fixture(scope="module")
def whole() -> nx.MultiDiGraph:
    return build_graph(load_dataset())


@pytest.fixture(scope="module")
def graph(whole) -> nx.MultiDiGraph:
    return snapshot(whole, None)


def test_json_round_trip_gives_an_equal_graph(graph, tmp_path):
    back = read_json(write_json(graph, tmp_path / "g.json"))
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True), key=lambda e: e[2]) == sorted(graph.edges(keys=True, data=True), key=lambda e: e[2])
    assert back.graph == graph.graph


def test_json_of_a_graph_without_statuses_gives_them_as_the_record_ends(whole, graph, tmp_path):
    assert "status" not in whole.nodes["manaf-tlass"]
    back = read_json(write_json(whole, tmp_path / "g.json"))
    assert back.nodes["manaf-tlass"]["status"] == "defected"
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))


def test_graphml_is_read_back_with_the_same_nodes_and_ties(graph, tmp_path):
    back = nx.read_graphml(write_graphml(graph, tmp_path / "g.graphml"), force_multigraph=True)
    assert set(back.nodes) == set(graph.nodes)
    assert sorted(k for *_, k in back.edges(keys=True)) == sorted(k for *_, k in graph.edges(keys=True))
    assert json.loads(back.nodes["manaf-tlass"]["aliases"]) == graph.nodes["manaf-tlass"]["aliases"]


def test_gexf_carries_time_intervals_for_gephi(graph, tmp_path):
    path = write_gexf(graph, tmp_path / "g.gexf")
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    back = nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    friendship = back.edges["bashar-al-assad", "manaf-tlass", "bashar-al-assad--friend-of--manaf-tlass"]
    assert (friendship["relationship"], friendship["end"]) == ("FRIEND_OF", "2012-07-31")  # end of the month
    defection = back.edges["manaf-tlass", "syrian-regime", "manaf-tlass--defected-from--syrian-regime--2012-07"]
    assert defection["start"] == "2012-07-01"  # first day of the month


def _gexf_values(path, node: str, title: str) -> list[tuple]:
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ET.parse(path).getroot()
    ids = {a.get("id") for a in root.iterfind(".//g:attributes[@class='node']/g:attribute", ns) if a.get("title") == title}
    element = root.find(f".//g:node[@id='{node}']", ns)
    return [(v.get("value"), v.get("start"), v.get("end")) for v in element.iterfind(".//g:attvalue", ns) if v.get("for") in ids]


def test_gexf_status_changes_on_gephis_timeline(whole, tmp_path):
    path = write_gexf(whole, tmp_path / "g.gexf")
    assert _gexf_values(path, "manaf-tlass", "status") == [("loyal", None, "2012-06-30"), ("defected", "2012-07-01", None)]
    assert '<attributes mode="dynamic" class="node">' in path.read_text(encoding="utf-8")


def test_status_that_never_changes_is_dated_from_the_origin(tmp_path):
    tiny = nx.MultiDiGraph(at=None)
    tiny.add_node("a", kind="person", status_events=[])
    tiny.add_node("b", kind="person", status_events=[])
    tiny.add_edge("a", "b", key="a--friend-of--b", type="FRIEND_OF", family="bond", start=None, end=None)
    assert status_spells(tiny, "a", date(2000, 1, 1)) == [("loyal", "2000-01-01", None)]


def test_gexf_of_a_dated_snapshot_has_the_status_then(whole, tmp_path):
    path = write_gexf(snapshot(whole, "2012-06"), tmp_path / "g.gexf")
    assert _gexf_values(path, "manaf-tlass", "status") == [("loyal", None, None)]


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_export_command_writes_each_format(runner, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = runner.invoke(main, ["export", fmt, "-o", str(out), "--at", "2012-06"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").strip()
