"""The views' library and the export command, without a browser: scope, styles, escaping, files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from explorer import analysis, schema
from explorer.cli import main
from explorer.dataset import load_dataset
from explorer.graph import build_graph, snapshot
from explorer.graph.paths import shortest_paths
from explorer.views import builders, export_all, render_view, style
from explorer.views.data import curve_parallel, page_data
from explorer.views.page import embed_json
from views_support import HOSTILE_ALIAS, HOSTILE_NAME, add_hostile_records, synthetic_graph


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(load_dataset())


def page_json(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_legend_lists_every_family_status_and_grade_of_the_registry():
    legend = style.legend()
    assert [f["label"] for f in legend["families"]] == list(schema.FAMILIES)
    assert [s["label"] for s in legend["statuses"]] == list(schema.STATUSES)
    assert [c["label"] for c in legend["confidence"]] == list(schema.CONFIDENCE)
    assert [k["shape"] for k in legend["kinds"]] == [style.kind_shape(k) for k in schema.ENTITY_KINDS]


def test_confidence_styles_are_solid_first_and_each_grade_has_its_own_pattern():
    dashes = [style.confidence_dashes(c) for c in schema.CONFIDENCE_ORDER]
    assert dashes[0] is False
    assert len({str(d) for d in dashes}) == len(dashes)  # rumoured and disputed no longer look alike
    assert len({style._dash_label(d) for d in dashes}) == len(dashes)


def test_no_colour_means_two_things_in_a_view():
    """Node fills (status, or distance; one grey for non-people), tie families and compare marks."""
    families = [style.family_colour(f) for f in schema.FAMILIES]
    marks = [style.ENDED_COLOUR, style.BEGUN_COLOUR, style.NON_PERSON_COLOUR]
    statuses = [style.status_colour(s) for s in schema.STATUSES]
    distances = [style.distance_colour(d) for d in range(style.DISTANCE_STEPS)] + [style.distance_colour(None)]
    for fills in (statuses, distances):
        used = fills + families + marks
        assert len(set(used)) == len(used), used


def test_emphasised_ties_are_as_thick_as_their_grade_allows():
    widths = [style.confidence_width(c, True) for c in schema.CONFIDENCE_ORDER]
    assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1]
    assert min(widths) > style.confidence_width("confirmed", False)


def test_each_family_gets_its_own_colour_and_each_kind_its_shape():
    assert len({style.family_colour(f) for f in schema.FAMILIES}) == len(schema.FAMILIES)
    assert len({style.kind_shape(k) for k in schema.ENTITY_KINDS}) == len(schema.ENTITY_KINDS)
    assert len({style.status_colour(s) for s in schema.STATUSES}) == len(schema.STATUSES)
    assert {style.kind_colour(k) for k in schema.ENTITY_KINDS} == {style.NON_PERSON_COLOUR}  # the shape tells the kind


def test_family_view_holds_only_kinship_ties_and_all_of_them(graph):
    view = builders.family(graph)
    kin = [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True) if d["family"] == "family"]
    assert sorted(view.edges) == sorted(kin)
    assert set(view.nodes) == {n for u, v, _ in kin for n in (u, v)}


def test_loyalty_view_is_the_core_and_everyone_bound_to_it(graph):
    view = builders.loyalty(graph, at="2012-06-30")
    state = snapshot(graph, "2012-06-30")
    binding = nx.Graph((u, v) for u, v, d in state.edges(data=True) if d["family"] in schema.BINDING_FAMILIES)
    assert set(view.nodes) == nx.node_connected_component(binding, graph.graph["core"])
    assert all(graph.edges[e]["family"] in schema.BINDING_FAMILIES for e in view.edges)
    assert view.highlight == {graph.graph["core"]}


def test_defection_view_shows_each_defector_with_the_route_out_and_the_path_before_thick(graph):
    from explorer import analysis

    view = builders.defection(graph)
    people = builders.defectors(graph)
    assert "manaf-tlass" in people
    assert view.highlight == set(people)
    rupture = {k for u, v, k, d in graph.edges(keys=True, data=True) if d["family"] == "rupture" and (u in people or v in people)}
    routes = [analysis.defection_route(graph, p) for p in people]
    before = {k for r in routes if r.loyalty_before for k in builders.path_keys(r.loyalty_before.hops)}
    assert "bashar-al-assad--friend-of--manaf-tlass" in before
    # a chain-of-command hop is drawn as the recorded ties it stands on (the envoy's post, the minister's)
    assert "nawaf-al-fares--holds-position--syrian-ministry-of-foreign-affairs" in before
    # a step that cannot be placed in the sequence (undated or rumoured) is drawn thin and dotted, not thick
    unplaced = {s["key"] for r in routes for s in r.route if not s["placed"]}
    assert "saudi-arabia--offered-asylum--manaf-tlass--2012" in unplaced
    assert view.faint == unplaced & {k for _, _, k in view.edges}
    assert view.emphasis == (rupture | before) - unplaced
    assert len(view.explanation) == len(people)


def test_path_view_draws_exactly_the_hops_of_the_shortest_paths(graph):
    view = builders.path(graph, person="manaf-tlass", other="hafez-al-assad")
    hops = {(h["source"], h["target"], h["key"]) for p in shortest_paths(graph, "manaf-tlass", "hafez-al-assad") for h in p}
    assert set(view.edges) == hops
    assert view.emphasis == {k for _, _, k in hops}


def test_ego_view_at_depth_one_is_the_person_and_its_neighbours(graph):
    view = builders.ego(graph, person="manaf-tlass", depth=1)
    assert set(view.nodes) == {"manaf-tlass"} | set(graph.successors("manaf-tlass")) | set(graph.predecessors("manaf-tlass"))


def test_view_scope_at_a_date_leaves_out_what_did_not_exist_yet(graph):
    early = builders.family(graph, at="2010")
    assert set(early.nodes) <= set(snapshot(graph, "2010"))
    assert "syrian-uprising" not in builders.ego(graph, person="bashar-al-assad", depth=3, at="2010").nodes  # starts 2011-03
    assert set(builders.network(graph, at="2010").nodes) == set(graph)  # drawn as the slider reaches them


def test_parallel_ties_are_curved_to_either_side_and_the_first_stays_straight():
    edges = [("a", "b", "k1"), ("b", "a", "k2"), ("a", "b", "k3"), ("a", "c", "k4")]
    items = {k: {} for _, _, k in edges}
    curve_parallel(edges, items)
    assert items["k1"] == {} and items["k4"] == {}
    # k2 is drawn b->a: its clockwise curve would fall on the same side as a->b's counter-clockwise
    assert items["k2"]["smooth"] == {"enabled": True, "type": "curvedCCW", "roundness": 0.2}
    assert items["k3"]["smooth"] == {"enabled": True, "type": "curvedCCW", "roundness": 0.2}


def test_symmetric_ties_have_no_arrow_and_directed_ones_do(graph):
    data = page_data(graph, builders.network(graph))
    for edge in data["edges"]:
        assert edge["arrows"]["to"]["enabled"] is (not graph.edges[edge["from"], edge["to"], edge["id"]]["symmetric"])


def test_page_is_self_contained_with_no_remote_resource(graph):
    html = render_view("network", graph)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "bootstrap" not in html.lower()
    assert len(re.findall(r"^<script", html, re.M)) == 3  # the data, vis-network, our script


def test_embedded_json_cannot_close_its_script_element():
    text = embed_json({"name": "</script><script>alert(1)</script>", "amp": "&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>", "amp": "&"}


def test_hostile_names_never_appear_unescaped_in_the_page(data_copy):
    add_hostile_records(data_copy)
    graph = build_graph(load_dataset(data_copy))
    html = render_view("ego", graph, person="hostile-person", depth=1)
    assert HOSTILE_NAME not in html and HOSTILE_ALIAS not in html
    assert f"<title>{'&lt;img src=x onerror=alert(1)&gt;'}" in html
    data = page_json(html)
    assert {n["id"]: n["label"] for n in data["nodes"]}["hostile-person"] == HOSTILE_NAME


def test_page_data_carries_search_keys_from_names_module(graph):
    from explorer.names import fold, skeleton

    data = page_data(graph, builders.network(graph))
    manaf = next(n for n in data["nodes"] if n["id"] == "manaf-tlass")
    assert fold("Manaf Tass") in manaf["search"]["fold"]
    assert skeleton("Manaf Tass") in manaf["search"]["skeleton"]


def test_status_changes_follow_the_defection_month(graph):
    data = page_data(graph, builders.network(graph))
    manaf = next(n for n in data["nodes"] if n["id"] == "manaf-tlass")
    months = data["months"]
    changes = {months[i]: status for i, status in manaf["t"]["changes"]}
    assert changes["2012-07"] == "defected"
    assert [s for _, s in manaf["t"]["changes"]][-2:] == ["loyal", "defected"]


def test_large_views_get_positions_from_python_and_no_physics():
    graph = synthetic_graph(builders.LARGE + 200)
    data = page_json(render_view("network", graph))
    assert data["view"]["large"] is True
    assert data["options"]["physics"] == {"enabled": False}
    assert data["options"]["layout"]["improvedLayout"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == builders.LARGE + 200


def test_small_views_let_physics_lay_them_out(graph):
    data = page_json(render_view("family", graph))
    assert data["options"]["physics"]["enabled"] is True
    assert "x" not in data["nodes"][0]


# --- the export command ------------------------------------------------------------------------


def test_loyalty_view_without_a_date_shows_the_day_before_the_first_crack_at_the_top(graph):
    first = analysis.cracks_timeline(graph).first_at_top
    before = analysis.defection_route(graph, first).day_before
    view = builders.loyalty(graph)
    assert (first, before) == ("manaf-tlass", "2012-06-30")
    assert view.at == before and view.title.endswith(f"as of {before}")
    assert view.distances == {n: d for n, d in analysis.loyalty_distances(graph, at=before).items() if n in view.nodes}
    assert view.distances["manaf-tlass"] == 1
    one = builders.loyalty(graph, person="manaf-tlass")
    assert one.at == before and one.title == f"Manaf Tlass's loyalty path to Bashar al-Assad, as of {before}"


def test_loyalty_page_carries_each_months_distance_strength_and_path_ties(graph):
    data = page_data(graph, builders.loyalty(graph))
    months, manaf = data["months"], data["loyalty"]["people"]["manaf-tlass"]

    def at(month):
        return [entry for entry in manaf if entry[0] <= months.index(month)][-1][1:]

    june = analysis.loyalty_path(graph, "manaf-tlass", at="2012-06")
    assert at("2012-06") == [1, june.strength, sorted(builders.path_keys(june.hops)), 0]
    assert at("2012-08") == [None, None, [], 0]
    # a chain-of-command hop is carried as the recorded ties it stands on, and counted
    fares = data["loyalty"]["people"]["nawaf-al-fares"]
    june = analysis.loyalty_path(graph, "nawaf-al-fares", at="2012-06")
    entry = [e for e in fares if e[0] <= months.index("2012-06")][-1]
    assert entry[3] == sorted(builders.path_keys(june.hops)) and entry[4] == june.derived > 0


def test_export_all_writes_every_view_the_json_and_an_index(graph, tmp_path):
    written = export_all(graph, tmp_path / "views")
    names = sorted(p.name for p in written)
    first = analysis.cracks_timeline(graph).first_at_top
    assert names == sorted(["loyalty.html", f"loyalty-{first}.html", "defection.html", "cracks.html", "family.html", "network.html", f"ego-{graph.graph['core']}.html", "graph.json", "graph.graphml", "graph.gexf", "index.html"])
    index = (tmp_path / "views" / "index.html").read_text(encoding="utf-8")
    for path in written:
        if path.name != "index.html":
            assert f'href="{path.name}"' in index


def test_cli_export_view_writes_utf8_html_with_arabic_names(runner, tmp_path):
    out = tmp_path / "family.html"
    result = runner.invoke(main, ["export", "family", "-o", str(out), "--at", "2012-06"])
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}\n"
    text = out.read_bytes().decode("utf-8")
    assert "Families: kinship ties, as of 2012-06" in text
    assert "بشار الأسد" in page_json(text)["nodes"][[n["id"] for n in page_json(text)["nodes"]].index("bashar-al-assad")]["info"]["name_ar"]
    assert "regime-explorer export family --at 2012-06" in text


def test_cli_export_ego_resolves_a_misspelt_name(runner, tmp_path):
    out = tmp_path / "ego.html"
    result = runner.invoke(main, ["export", "ego", "Manaf Tass", "--depth", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "<title>Manaf Tlass and everyone within 1 tie, the whole record</title>" in out.read_text(encoding="utf-8")


def test_cli_export_path_needs_two_names(runner, tmp_path):
    result = runner.invoke(main, ["export", "path", "Manaf Tlass", "-o", str(tmp_path / "p.html")])
    assert result.exit_code == 1
    assert result.output == "Error: the path view takes two names: export path A B (got 1)\n"


def test_cli_export_unknown_name_suggests_near_matches(runner, tmp_path):
    result = runner.invoke(main, ["export", "ego", "Manaf Tlasss", "-o", str(tmp_path / "e.html")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no entity called 'Manaf Tlasss'; did you mean: Manaf Tlass")


def test_cli_export_json_round_trips_through_networkx(runner, tmp_path, graph):
    out = tmp_path / "graph.json"
    result = runner.invoke(main, ["export", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="links")
    assert (back.number_of_nodes(), back.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert back.nodes["manaf-tlass"]["aliases"] == graph.nodes["manaf-tlass"]["aliases"]
    assert back.nodes["manaf-tlass"]["status"] == "defected"
    assert back.edges["bashar-al-assad", "manaf-tlass", "bashar-al-assad--friend-of--manaf-tlass"]["sources"] == graph.edges["bashar-al-assad", "manaf-tlass", "bashar-al-assad--friend-of--manaf-tlass"]["sources"]


def test_cli_export_all_refuses_a_file_as_directory(runner, tmp_path):
    target = tmp_path / "file.html"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["export", "all", "-o", str(target)])
    assert result.exit_code == 1
    assert "is a file; `export all` writes a directory of pages" in result.output


def test_cli_export_from_an_unreachable_neo4j_is_a_clear_error(runner, tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = runner.invoke(main, ["export", "family", "--source", "neo4j", "-o", str(tmp_path / "f.html")], env={"NEO4J_URI": f"bolt://127.0.0.1:{port}"})
    assert result.exit_code == 1
    assert result.output == f"Error: cannot reach Neo4j at bolt://127.0.0.1:{port}; start one with `regime-explorer db start` (embedded) or `docker compose up -d`, or point NEO4J_URI at your server\n"



def test_defection_view_reads_left_to_right_what_was_left_the_defectors_by_date_then_each_step_out(graph):
    view = builders.build("defection", graph)
    x = {n: p[0] for n, p in view.positions.items()}
    y = {n: p[1] for n, p in view.positions.items()}
    people = [p for p in view.routes]
    assert set(view.positions) == set(view.nodes)
    assert len({x[p] for p in people}) == 1  # one column of defectors ...
    by_date = sorted(people, key=lambda p: (view.routes[p]["date"], p))
    assert sorted(people, key=lambda p: y[p]) == by_date  # ... in date order, top to bottom
    column = x[people[0]]
    for person, route in view.routes.items():
        for step in route["steps"]:
            u, v, _ = next(e for e in view.edges if e[2] == step["key"])
            other = v if u == person else u
            if graph.edges[u, v, step["key"]]["type"] == "DEFECTED_FROM":
                assert x[other] < column, step  # the body they broke with is among what they left
            elif other not in view.routes:
                assert x[other] > column, step  # where they went lies to the right
    heads = [h["label"] for h in view.columns]
    assert heads[:3] == ["what they left", "defectors, by date", "step 1"]
    assert [h["x"] for h in view.columns] == sorted(h["x"] for h in view.columns)
