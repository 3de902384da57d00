"""Every exported view in headless Chromium: what is drawn, what the page asks for, what it runs.

Expected counts are computed here from the graph's own data (snapshots, families, dates), never
typed in, so the tests follow the dataset as it grows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest

from explorer.dataset import bundled_path, load_dataset
from explorer.dates import as_of
from explorer.graph import build_graph, snapshot, status_at
from explorer.stories import stories_data, story_data
from explorer.text import grade_words
from explorer.views import builders, export_all, render_view, style
from views_support import (
    HOSTILE_ALIAS,
    HOSTILE_HREF_ALIAS,
    HOSTILE_NAME,
    HOSTILE_NOTE,
    HOSTILE_TITLE,
    add_hostile_records,
    synthetic_graph,
    visible_counts,
)

pytestmark = pytest.mark.browser

DRAWN = "[network.body.data.nodes.length, network.body.data.edges.length]"


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(load_dataset())


@pytest.fixture(scope="module")
def views(graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("views")
    export_all(graph, out, stories=stories_data(load_dataset()))
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[nx.MultiDiGraph, Path]:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(bundled_path(), data)
    add_hostile_records(data)
    dataset = load_dataset(data)
    graph = build_graph(dataset)
    out = data.parent / "views"
    export_all(graph, out, stories=stories_data(dataset))
    (out / "ego-hostile.html").write_text(render_view("ego", graph, person="hostile-person", depth=1), encoding="utf-8")
    return graph, out


def html_views(graph) -> list[builders.View]:
    views = [builders.build(name, graph) for name in ("loyalty", "defection", "family", "network", "cracks")]
    return views + [builders.build("ego", graph, person=graph.graph["core"], depth=1)]


def assert_clean(page) -> None:
    assert page.outside_requests() == []
    assert page.console_errors == []
    assert page.page_errors == []
    assert page.dialogs == []


# --- drawn counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(6), ids=["loyalty", "defection", "family", "network", "cracks", "ego"])
def test_each_view_draws_exactly_its_entities_and_ties_offline_and_without_errors(page, graph, views, index):
    view = html_views(graph)[index]
    tab = page.open(views / f"{view.stem}.html")
    assert tab.evaluate(DRAWN) == list(visible_counts(graph, view.nodes, view.edges, view.at))
    assert_clean(page)


def test_network_view_draws_the_whole_graph(page, graph, views):
    tab = page.open(views / "network.html")
    assert tab.evaluate(DRAWN) == [graph.number_of_nodes(), graph.number_of_edges()]
    assert tab.evaluate("network.body.data.nodes.getIds().sort()") == sorted(graph.nodes)


def test_family_view_draws_every_kinship_tie_and_nothing_else(page, graph, views):
    tab = page.open(views / "family.html")
    kin = sorted(k for _, _, k, d in graph.edges(keys=True, data=True) if d["family"] == "family")
    assert sorted(tab.evaluate("network.body.data.edges.getIds()")) == kin


def test_a_view_at_a_date_draws_the_snapshot_at_that_date(page, graph, tmp_path):
    out = tmp_path / "network-2012-06.html"
    out.write_text(render_view("network", graph, at="2012-06"), encoding="utf-8")
    tab = page.open(out)
    state = snapshot(graph, "2012-06")
    assert tab.evaluate(DRAWN) == [state.number_of_nodes(), state.number_of_edges()]
    assert tab.evaluate("document.getElementById('meta-date').textContent") == "2012-06"
    assert_clean(page)


@pytest.mark.parametrize("month", ["2011-02", "2012-06", "2012-08"])
def test_time_slider_replays_the_snapshot_of_each_month(page, graph, views, month):
    tab = page.open(views / "network.html")
    tab.check("#time-on")
    months = tab.evaluate("window.explorer.data.months")
    tab.eval_on_selector("#time-slider", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", str(months.index(month)))
    state = snapshot(graph, month)
    assert tab.evaluate(DRAWN) == [state.number_of_nodes(), state.number_of_edges()]
    colours = tab.evaluate("Object.fromEntries(network.body.data.nodes.get().map(n => [n.id, n.color.background]))")
    palette = tab.evaluate("window.explorer.data.palette.status")
    for person in (n for n, d in state.nodes(data=True) if d["kind"] == "person"):
        assert colours[person] == palette[status_at(graph, person, as_of(month))], person
    assert_clean(page)


@pytest.mark.parametrize("name", ["loyalty", "defection", "family"])
def test_time_slider_replays_each_view_month_by_month(page, graph, views, name):
    view = builders.build(name, graph)
    tab = page.open(views / f"{view.stem}.html")
    months = tab.evaluate("window.explorer.data.months")
    tab.check("#time-on")
    for month in ("2011-03", "2012-06", "2012-08", months[-1]):
        tab.eval_on_selector("#time-slider", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", str(months.index(month)))
        assert tab.evaluate(DRAWN) == list(visible_counts(graph, view.nodes, view.edges, month)), month
    assert_clean(page)


def test_entities_the_slider_brings_back_appear_where_the_layout_put_them(page, graph, tmp_path):
    out = tmp_path / "network-2010.html"
    out.write_text(render_view("network", graph, at="2010"), encoding="utf-8")
    tab = page.open(out)
    later = set(snapshot(graph, "2012-08")) - set(snapshot(graph, "2010"))
    assert later and not later & set(tab.evaluate("network.body.data.nodes.getIds()"))
    stored = tab.evaluate("Object.fromEntries(window.explorer.nodes.get().map(n => [n.id, [n.x, n.y]]))")
    tab.check("#time-on")
    months = tab.evaluate("window.explorer.data.months")
    tab.eval_on_selector("#time-slider", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", str(months.index("2012-08")))
    shown = tab.evaluate(f"network.getPositions({sorted(later)!r})")
    for node in later:
        assert abs(shown[node]["x"] - stored[node][0]) < 1 and abs(shown[node]["y"] - stored[node][1]) < 1


def test_a_view_with_nothing_to_show_is_ready_and_says_so(page, graph, tmp_path):
    out = tmp_path / "empty.html"
    out.write_text(render_view("family", nx.MultiDiGraph(graph.subgraph([graph.graph["core"]]))), encoding="utf-8")
    tab = page.open(out)
    assert tab.evaluate(DRAWN) == [0, 0]
    assert tab.text_content("#counts") == "0 of 0 entities, 0 of 0 ties shown"
    assert_clean(page)


def test_compare_mode_lists_who_changed_status_and_which_ties_ended(page, graph, views):
    tab = page.open(views / "network.html")
    months = tab.evaluate("window.explorer.data.months")
    tab.check("#time-on")
    tab.eval_on_selector("#time-slider", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", str(months.index("2012-06")))
    tab.check("#compare-on")
    tab.eval_on_selector("#compare-slider", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", str(months.index("2012-08")))
    before, after = as_of("2012-06"), as_of("2012-08")
    people = [n for n, d in graph.nodes(data=True) if d["kind"] == "person"]
    changed = sorted(
        f"{graph.nodes[p]['name']}: {status_at(graph, p, before)} \u2192 {status_at(graph, p, after)}"
        for p in people
        if status_at(graph, p, before) != status_at(graph, p, after)
    )
    assert "Manaf Tlass: loyal \u2192 defected" in changed
    shown = tab.eval_on_selector_all("#changes ul:nth-of-type(1) li", "items => items.map(i => i.textContent)")
    assert sorted(shown) == changed
    ended = {k for k in snapshot(graph, "2012-06").edges(keys=True)} - {k for k in snapshot(graph, "2012-08").edges(keys=True)}
    assert tab.evaluate("document.querySelectorAll('#changes ul')[1].children.length") == len(ended)
    drawn = tab.evaluate("network.body.data.edges.getIds()")
    assert {k for _, _, k in ended} <= set(drawn)
    colours = tab.evaluate("Object.fromEntries(network.body.data.edges.get().map(e => [e.id, e.color.color]))")
    assert {colours[k] for _, _, k in ended} == {style.ENDED_COLOUR}
    assert_clean(page)


# --- search, click, filters, focus ----------------------------------------------------------------


@pytest.mark.parametrize("query, expected", [("Tiras", "firas-tlass"), ("Manaf Tass", "manaf-tlass"), ("Mustapha Tlas", "mustafa-tlass"), ("مناف طلاس", "manaf-tlass")])
def test_search_by_alias_or_variant_finds_the_person_and_focuses_it(page, views, query, expected):
    tab = page.open(views / "network.html")
    tab.fill("#search", query)
    assert tab.get_attribute("#search-results li:first-child button", "data-id") == expected
    # wait for the zoom animation's own end event, never for a fixed time
    tab.evaluate("window.__zoomed = new Promise(done => network.once('animationFinished', done)); null")
    tab.click("#search-results li:first-child button")
    assert tab.evaluate("network.getSelectedNodes()") == [expected]
    tab.evaluate("window.__zoomed.then(() => true)")
    centre = tab.evaluate(f"[network.getViewPosition(), network.getPositions(['{expected}'])['{expected}'], network.getScale()]")
    assert abs(centre[0]["x"] - centre[1]["x"]) < 2 and abs(centre[0]["y"] - centre[1]["y"]) < 2
    assert centre[2] == pytest.approx(1.3)
    assert tab.text_content("#info h3") == tab.evaluate(f"window.explorer.data.nodes.find(n => n.id === '{expected}').label")
    assert_clean(page)


def test_arabic_name_is_shown_right_to_left(page, views):
    tab = page.open(views / "network.html")
    tab.fill("#search", "Manaf Tlass")
    tab.press("#search", "Enter")
    assert tab.get_attribute("#info .name-ar", "dir") == "rtl"
    assert tab.text_content("#info .name-ar") == "مناف طلاس"


def test_clicking_a_node_opens_everything_known_about_it(page, graph, views):
    tab = page.open(views / "network.html")
    point = tab.evaluate("(() => { const p = network.canvasToDOM(network.getPositions(['manaf-tlass'])['manaf-tlass']); const r = document.getElementById('graph').getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; })()")
    tab.mouse.click(*point)
    assert tab.text_content("#info h3") == "Manaf Tlass"
    ties = tab.eval_on_selector_all("#info ul.ties li", "items => items.length")
    assert ties == graph.degree("manaf-tlass")
    info = tab.text_content("#info")
    for alias in graph.nodes["manaf-tlass"]["aliases"]:
        assert alias in info


def test_clicking_a_tie_shows_its_sources_with_their_quotes(page, graph, views):
    tab = page.open(views / "network.html")
    key = "bashar-al-assad--friend-of--manaf-tlass"
    point = tab.evaluate(
        f"(() => {{ const e = network.body.edges['{key}']; const p = e.edgeType.getPoint(0.5); const d = network.canvasToDOM(p);"
        " const r = document.getElementById('graph').getBoundingClientRect(); return [d.x + r.left, d.y + r.top]; })()"
    )
    tab.mouse.click(*point)
    assert tab.evaluate("network.getSelectedEdges()") == [key]
    quotes = tab.eval_on_selector_all("#info li.source blockquote", "items => items.map(i => i.textContent)")
    citations = graph.edges["bashar-al-assad", "manaf-tlass", key]["sources"]
    assert quotes == [c["quote"] for c in citations if c["quote"]]
    grades = tab.eval_on_selector_all("#info li.source .grade", "items => items.map(i => i.textContent)")
    assert grades == [grade_words(c["grade"]) for c in citations]


def test_the_panel_groups_a_persons_ties_by_family_in_date_order_and_a_tie_clicked_there_comes_to_the_middle(page, graph, views):
    tab = page.open(views / "network.html")
    tab.evaluate("window.explorer.selectNode('manaf-tlass', false)")
    families = tab.eval_on_selector_all("#info h5.tie-family", "hs => hs.map(h => h.textContent)")
    ties = [(k, d) for u, v, k, d in graph.edges(keys=True, data=True) if "manaf-tlass" in (u, v)]
    order = tab.evaluate("window.explorer.data.filters.families")
    present = sorted({d["family"] for _, d in ties}, key=order.index)
    assert families == [f"{f} ({sum(1 for _, d in ties if d['family'] == f)})" for f in present]
    listed = tab.eval_on_selector_all("#info ul.ties button", "bs => bs.map(b => b.getAttribute('data-edge'))")
    when = {k: d.get("start") or d.get("end") or "9999" for k, d in ties}
    assert listed == [k for f in present for k in sorted((k for k, d in ties if d["family"] == f), key=lambda k: (when[k], k))]
    key = next(k for k in listed if tab.evaluate(f"window.explorer.visibleEdges().includes('{k}')"))
    tab.click(f"#info ul.ties button[data-edge='{key}']")
    assert tab.evaluate("network.getSelectedEdges()") == [key]
    centre, ends = tab.evaluate(f"[network.getViewPosition(), Object.values(network.getPositions(window.explorer.data.edges.filter(e => e.id === '{key}').map(e => [e.from, e.to])[0]))]")
    assert centre["x"] == pytest.approx((ends[0]["x"] + ends[1]["x"]) / 2, abs=1) and centre["y"] == pytest.approx((ends[0]["y"] + ends[1]["y"]) / 2, abs=1)
    assert_clean(page)


def test_search_ranks_whole_words_first_and_rings_every_match_in_the_graph(page, graph, views):
    tab = page.open(views / "network.html")
    tab.fill("#search", "Assad")
    found = tab.eval_on_selector_all("#search-results button", "bs => bs.map(b => b.getAttribute('data-id'))")
    whole = [n for n in found if any("assad" in k.replace("-", " ").split() for k in [graph.nodes[n]["name"].lower(), *map(str.lower, graph.nodes[n].get("aliases", []))])]
    assert found[: len(whole)] == whole and whole  # every whole-word match before any looser one
    ringed = tab.evaluate("network.body.data.nodes.get().filter(n => n.borderWidth === 6).map(n => n.id).sort()")
    assert ringed == sorted(set(found) & set(tab.evaluate("window.explorer.visibleNodes()")))
    assert "found by the search" in tab.text_content("#legend")
    tab.fill("#search", "")
    assert tab.evaluate("network.body.data.nodes.get().filter(n => n.borderWidth === 6).length") == 0
    assert "found by the search" not in tab.text_content("#legend")


def test_turning_a_family_off_hides_exactly_its_ties(page, graph, views):
    tab = page.open(views / "network.html")
    before = set(tab.evaluate("network.body.data.edges.getIds()"))
    tab.uncheck("#family-filters input[value='family']")
    after = set(tab.evaluate("network.body.data.edges.getIds()"))
    kin = {k for _, _, k, d in graph.edges(keys=True, data=True) if d["family"] == "family"}
    assert before - after == kin
    assert after == before - kin
    tab.check("#family-filters input[value='family']")
    assert set(tab.evaluate("network.body.data.edges.getIds()")) == before


def test_minimum_confidence_keeps_only_ties_graded_that_well(page, graph, views):
    from explorer import schema

    tab = page.open(views / "network.html")
    tab.select_option("#min-confidence", "0")
    confirmed = {k for _, _, k, d in graph.edges(keys=True, data=True) if schema.confidence_rank(d["confidence"]) == 0}
    assert set(tab.evaluate("network.body.data.edges.getIds()")) == confirmed


def test_kind_filter_hides_those_entities_and_their_ties(page, graph, views):
    tab = page.open(views / "network.html")
    tab.uncheck("#kind-filters input[value='place']")
    places = {n for n, d in graph.nodes(data=True) if d["kind"] == "place"}
    expected_edges = sum(1 for u, v in graph.edges() if u not in places and v not in places)
    assert tab.evaluate(DRAWN) == [graph.number_of_nodes() - len(places), expected_edges]


def test_neighbourhood_focus_fades_all_but_n_ties_around_the_selection(page, graph, views):
    tab = page.open(views / "network.html")
    tab.select_option("#focus-depth", "1")
    tab.evaluate("window.explorer.selectNode('manaf-tlass', false)")
    near = {"manaf-tlass"} | set(nx.all_neighbors(graph, "manaf-tlass"))
    opacity = tab.evaluate("Object.fromEntries(network.body.data.nodes.get().map(n => [n.id, n.opacity]))")
    assert {n for n, o in opacity.items() if o == 1} == near
    assert {n for n, o in opacity.items() if o < 1} == set(graph) - near


def test_panel_collapses_and_opens(page, views):
    tab = page.open(views / "loyalty.html")
    assert tab.is_visible("#panel")
    tab.click("#panel-toggle")
    assert not tab.is_visible("#panel")
    tab.click("#panel-toggle")
    assert tab.is_visible("#panel")


def test_png_button_downloads_a_picture_with_title_date_legend_and_credit_named_after_view_and_date(page, views, tmp_path):
    tab = page.open(views / "loyalty.html")
    at = tab.evaluate("window.explorer.data.view.at")
    with tab.expect_download() as download:
        tab.click("#png-button")
    path = tmp_path / "snapshot.png"
    download.value.save_as(path)
    assert download.value.suggested_filename == f"loyalty-{at}.png"
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # twice the size of what is on screen: the graph plus the legend beside it, a title band and a credit line
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    graph_box = tab.evaluate("[document.getElementById('graph').clientWidth, document.getElementById('graph').clientHeight]")
    assert (width, height) == (2 * (graph_box[0] + 270), 2 * (graph_box[1] + 64 + 30))
    text = tab.evaluate("window.explorer.pictureText()")
    assert text["title"] == tab.text_content("#view-title") == f"Loyalty ties around Bashar al-Assad, as of {at}"
    assert text["date"] == f"Date shown: {at}"
    assert "the core" in text["legend"] and "confirmed" in text["legend"]
    assert text["credit"].startswith("Data: Syria 2012")
    # the title is drawn: the picture's title band has dark pixels where the text is, and none in its empty right end
    inked = tab.evaluate(
        "(() => { const c = window.explorer.picture(); const x = c.getContext('2d');"
        " const ink = (l, t, w, h) => { const d = x.getImageData(l, t, w, h).data; let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) n++; return n; };"
        " return [ink(24, 16, 400, 30), ink(c.width - 300, 16, 280, 30)]; })()"
    )
    assert inked[0] > 200 and inked[1] == 0
    # slid to another month, the picture is named and dated after it
    tab.check("#time-on")
    slide(tab, "2012-08")
    assert tab.evaluate("window.explorer.pictureText().name") == "loyalty-2012-08-31.png"
    assert tab.evaluate("window.explorer.pictureText().date") == "Date shown: 2012-08-31"
    assert_clean(page)


SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(root, cls: str | None = None) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text") if cls is None or t.get("class") == cls]


def test_svg_button_downloads_the_same_picture_as_vector_graphics(page, views, tmp_path):
    import xml.etree.ElementTree as ET

    tab = page.open(views / "cracks.html")
    with tab.expect_download() as download:
        tab.click("#svg-button")
    path = tmp_path / "picture.svg"
    download.value.save_as(path)
    assert download.value.suggested_filename == "cracks-whole-record.svg"
    root = ET.parse(path).getroot()
    text = tab.evaluate("window.explorer.pictureText()")
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title").text == text["title"]
    assert svg_texts(root, "date") == [text["date"]] and svg_texts(root, "credit") == [text["credit"]]
    legend = root.find(f"{SVG}g[@class='legend']")
    assert [t for t in text["legend"] if t in svg_texts(legend)] == text["legend"]
    graph = root.find(f"{SVG}g[@class='graph']")
    drawn = svg_texts(graph)
    # every name and axis label on screen is in the picture, as text
    assert {label["text"] for label in tab.evaluate("window.explorer.labels()")} <= set(drawn)
    assert {"distance 1: the top", "no loyalty path"} <= set(drawn)
    # one filled shape per entity drawn, one stroke per tie at least
    paths = list(graph.iter(f"{SVG}path"))
    nodes, edges = tab.evaluate(DRAWN)
    assert sum(1 for p in paths if p.get("fill") not in (None, "none")) >= nodes
    assert sum(1 for p in paths if p.get("stroke")) >= edges
    assert_clean(page)


@pytest.mark.parametrize("measure", ["degree", "betweenness", "brokered"])
def test_people_are_sized_by_an_influence_measure_and_the_panel_gives_its_value_and_rank(page, graph, views, measure):
    from explorer.analysis import brokers, centrality

    tab = page.open(views / "loyalty.html")
    at = tab.evaluate("window.explorer.data.view.at")
    values = brokers(graph, graph.graph["core"], at) if measure == "brokered" else {n: v[measure] for n, v in centrality(graph, at).items()}
    tab.select_option("#size-by", measure)
    sizes = dict(tab.evaluate("network.body.data.nodes.get().map(n => [n.id, n.size])"))
    people = [n for n in sizes if graph.nodes[n]["kind"] == "person" and n in values]
    assert len(people) > 5
    ordered = sorted(people, key=lambda n: values[n])
    assert [sizes[n] for n in ordered] == sorted(sizes[n] for n in ordered)  # more is never smaller
    assert sizes[ordered[-1]] > sizes[ordered[0]]
    assert f"size={measure}" in tab.url
    assert "size of a person" in tab.text_content("#legend")
    top = ordered[-1]
    tab.evaluate(f"window.explorer.selectNode('{top}', false)")
    words = {"degree": "degree", "betweenness": "betweenness", "brokered": "loyalty paths held"}[measure]
    row = tab.evaluate(f"Array.from(document.querySelectorAll('#info dt')).find(d => d.textContent === '{words}').nextElementSibling.textContent")
    shown = str(values[top]) if measure == "brokered" else f"{values[top]:.3f}"
    listed = tab.evaluate(f"window.explorer.data.influence.measures['{measure}']")
    rank = sorted(listed, key=lambda n: (-listed[n], n)).index(top) + 1
    assert row == f"{shown}, rank {rank} of {len(listed)} (as of {at})"
    assert_clean(page)


def test_parallel_ties_are_curved_and_symmetric_ties_have_no_arrow(page, graph, views):
    tab = page.open(views / "network.html")
    drawn = tab.evaluate(
        "Object.fromEntries(Object.values(network.body.edges).map(e => [e.id, [e.options.smooth.type, e.options.smooth.enabled, e.options.arrows.to.enabled]]))"
    )
    pairs: dict = {}
    for u, v, k in graph.edges(keys=True):
        pairs.setdefault(frozenset((u, v)), []).append(k)
    curved = {k for keys in pairs.values() if len(keys) > 1 for k in sorted(keys)[1:]}
    assert curved, "the bundled dataset has parallel ties"
    for key in curved:
        assert drawn[key][0] in ("curvedCW", "curvedCCW") and drawn[key][1] is True
    for u, v, k, d in graph.edges(keys=True, data=True):
        assert drawn[k][2] is (not d["symmetric"]), k


def test_legend_names_every_family_grade_and_kind_of_the_registry(page, views):
    from explorer import schema

    tab = page.open(views / "network.html")
    rows = tab.eval_on_selector_all("#legend .item span", "items => items.map(i => i.textContent)")
    for name in [*schema.FAMILIES, *schema.CONFIDENCE, *schema.ENTITY_KINDS]:
        assert name in rows


def test_print_layout_keeps_the_graph_and_legend_and_drops_the_controls(page, views):
    tab = page.open(views / "loyalty.html")
    tab.emulate_media(media="print")
    assert tab.is_visible("#graph") and tab.is_visible("#legend")
    assert not tab.is_visible("#filter-section") and not tab.is_visible("#time-section") and not tab.is_visible("#png-button")


def test_loyalty_view_colours_people_by_the_analysis_loyalty_distance(page, graph, views):
    from explorer.views import style

    from explorer import analysis

    tab = page.open(views / "loyalty.html")
    at = tab.evaluate("window.explorer.data.view.at")
    assert at == analysis.defection_route(graph, analysis.cracks_timeline(graph).first_at_top).day_before
    colours = tab.evaluate("Object.fromEntries(network.body.data.nodes.get().map(n => [n.id, n.color.background]))")
    distances = analysis.loyalty_distances(graph, graph.graph["core"], at)
    for node, colour in colours.items():
        if graph.nodes[node]["kind"] == "person":
            assert colour == style.distance_colour(distances.get(node)), node
    # Manaf Tlass, drawn with his ties to the president, is coloured as bound to him on that day
    assert colours["manaf-tlass"] == style.distance_colour(1)
    legend = tab.text_content("#legend")
    assert "the core" in legend and f"loyalty distance, as of {at}" in legend
    assert tab.text_content("#view-title").endswith(f"as of {at}")
    assert tab.text_content("#meta-date") == at


def slide(tab, month: str) -> None:
    months = tab.evaluate("window.explorer.data.months")
    tab.eval_on_selector("#time-slider", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", str(months.index(month)))


def test_slider_replays_distance_colour_thick_path_ties_and_dates_everything(page, graph, views):
    from explorer.views import style

    from explorer import analysis

    tab = page.open(views / "loyalty.html")
    tab.check("#time-on")
    friend = "bashar-al-assad--friend-of--manaf-tlass"
    for month, day in (("2012-06", "2012-06-30"), ("2012-08", "2012-08-31"), ("2012-06", "2012-06-30")):
        slide(tab, month)
        colour = tab.evaluate("network.body.data.nodes.get('manaf-tlass').color.background")
        distance = analysis.loyalty_distances(graph, at=day).get("manaf-tlass")
        assert colour == style.distance_colour(distance), month
        assert tab.text_content("#meta-date") == day  # the header names the date shown
        assert tab.text_content("#view-title").endswith(f"as of {day}")
        assert tab.evaluate("document.title").endswith(f"as of {day}")
        assert f"as of {day}" in tab.text_content("#legend")
        assert tab.text_content("#explain li").startswith(f"Showing {day}:")
        # the ties drawn thick are those of the paths of that month, not of the export date
        thick = {k for k, w in tab.evaluate("Object.fromEntries(network.body.data.edges.get().map(e => [e.id, e.width]))").items() if w > 1.5}
        paths = set()
        state = snapshot(graph, day)
        people = set(tab.evaluate("window.explorer.data.nodes.map(n => n.id)"))
        for person in set(analysis.loyalty_distances(graph, at=day)) & people:  # the paths of the people on the page
            found = analysis.loyalty_path(graph, person, at=day)
            paths |= builders.path_keys(found.hops) & {k for _, _, k in state.edges(keys=True)}
        drawn = set(tab.evaluate("network.body.data.edges.getIds()"))
        assert thick == paths & drawn, month
        assert (friend in thick) is (distance == 1)
    assert distance == 1 and analysis.loyalty_distances(graph, at="2012-08-31").get("manaf-tlass") is None
    tab.evaluate("window.explorer.selectNode('manaf-tlass', false)")
    assert "1 (as of 2012-06-30)" in tab.text_content("#info dl")
    slide(tab, "2012-08")
    assert "no loyalty path (as of 2012-08-31)" in tab.text_content("#info dl")
    assert_clean(page)


def test_loyalty_view_of_one_person_emphasises_and_explains_their_path(page, graph, views):
    from explorer import analysis

    found = analysis.loyalty_path(graph, "manaf-tlass", at="2012-06-30")
    tab = page.open(views / "loyalty-manaf-tlass.html")  # written by export all, dated the day before
    lines = tab.eval_on_selector_all("#explain li", "items => items.map(li => li.textContent)")
    assert lines[0] == (
        f"Manaf Tlass is at loyalty distance {found.distance} from Bashar al-Assad as of 2012-06-30; "
        f"the path is as strong as its weakest tie: {found.strength}."
    )
    assert len(lines) == 2 + len(found.hops)  # and why that date
    widths = tab.evaluate("Object.fromEntries(network.body.data.edges.get().map(e => [e.id, e.width]))")
    on_path = {h["key"] for h in found.hops}
    assert min(widths[k] for k in on_path) > max(w for k, w in widths.items() if k not in on_path)
    # slid to 2012-08, every place that names the date names 2012-08-31, and the box explains that day
    tab.check("#time-on")
    slide(tab, "2012-08")
    assert tab.text_content("#meta-date") == "2012-08-31"
    assert tab.text_content("#view-title") == "Manaf Tlass's loyalty path to Bashar al-Assad, as of 2012-08-31"
    assert tab.eval_on_selector_all("#explain li", "items => items.map(li => li.textContent)") == [
        "Manaf Tlass has no loyalty path to Bashar al-Assad as of 2012-08-31 (status: defected)."
    ]
    widths = tab.evaluate("Object.fromEntries(network.body.data.edges.get().map(e => [e.id, e.width]))")
    assert max(widths.values()) <= 1.5
    assert_clean(page)


def test_cracks_view_places_defectors_on_a_date_axis_by_date_and_distance_the_day_before(page, graph, views):
    from explorer import analysis

    result = analysis.cracks_timeline(graph)
    tab = page.open(views / "cracks.html")
    lines = tab.eval_on_selector_all("#explain li", "items => items.map(li => li.textContent)")
    assert lines[0] == result.headline
    assert len(lines) == 1 + len(result.cracks)
    assert tab.evaluate("window.explorer.data.view.headline") == result.headline  # drawn on the canvas
    people = [c.person for c in result.cracks]
    drawn = tab.evaluate("(() => { const p = network.getPositions(); return " + str(people) + ".map(id => [p[id].x, p[id].y]); })()")
    # x follows the date: earlier defections to the left, the same day at the same x
    days = [analysis.defection_route(graph, p).date for p in people]
    from explorer.dates import parse_date

    firsts = [parse_date(d).first_day for d in days]
    for (x1, _), (x2, _), d1, d2 in zip(drawn, drawn[1:], firsts, firsts[1:]):
        assert (x1 < x2) if d1 < d2 else (x1 == x2), (d1, d2)
    # the axis under them is labelled by month, and each defector sits between the ticks of its month
    axis = tab.evaluate("window.explorer.data.axis")
    ticks = {t["label"]: t["x"] for t in axis["ticks"]}
    for (x, _), first in zip(drawn, firsts):
        month = f"{first.year:04d}-{first.month:02d}"
        following = sorted(t for t in ticks.values() if t > ticks[month])[0]
        assert ticks[month] - 1 <= x < following, month
    # rows: distance 1 above 2 above 3 or more above no path; Manaf Tlass in the top row
    rows = {r["label"]: r["y"] for r in axis["rows"]}
    order = [rows[label] for label in builders.CRACK_ROWS]
    assert order == sorted(order)
    for (_, y), crack in zip(drawn, result.cracks):
        row = builders.CRACK_ROWS[4 if crack.distance_before is None else min(crack.distance_before, 3)]
        assert rows[row] <= y < rows[row] + builders._ROW, crack.person
    manaf = people.index("manaf-tlass")
    assert drawn[manaf][1] == rows["distance 1: the top"]
    # the colour is the distance of the day before, the border dashed for a defection only reported
    nodes = tab.evaluate("Object.fromEntries(network.body.data.nodes.get().map(n => [n.id, [n.color.background, (n.shapeProperties || {}).borderDashes || false]]))")
    for crack in result.cracks:
        assert nodes[crack.person][0] == style.distance_colour(crack.distance_before), crack.person
        assert bool(nodes[crack.person][1]) is (crack.state != "confirmed"), crack.person
    assert "loyalty distance the day before defecting" in tab.text_content("#legend")
    assert_clean(page)


def test_clicking_a_defector_on_the_cracks_axis_tells_the_route_out_and_the_ties_left(page, graph, views):
    from explorer import analysis

    tab = page.open(views / "cracks.html")
    point = tab.evaluate("(() => { const p = network.canvasToDOM(network.getPositions(['manaf-tlass'])['manaf-tlass']); const r = document.getElementById('graph').getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; })()")
    tab.mouse.click(*point)
    assert tab.text_content("#info h3") == "Manaf Tlass"
    route = analysis.defection_route(graph, "manaf-tlass")
    steps = tab.eval_on_selector_all("#info ol.route li", "items => items.map(li => [li.value, li.textContent])")
    assert [n for n, _ in steps] == list(range(1, len(route.route) + 1))
    assert [t.split(" \u2014 ")[0] for _, t in steps] == [s["start"] for s in route.route]
    left = tab.eval_on_selector_all("#info ul.left-behind li", "items => items.map(li => li.textContent)")
    assert len(left) == len(route.left_behind) and any("FRIEND_OF Bashar al-Assad" in line for line in left)
    assert tab.text_content("#info ul.before") == "Manaf Tlass -[FRIEND_OF]- Bashar al-Assad (reported)"


def test_manaf_tlass_route_reads_in_date_order_turkey_before_france_rumours_last(page, graph, views):
    tab = page.open(views / "defection.html")
    tab.evaluate("window.explorer.selectNode('manaf-tlass', false)")
    steps = tab.eval_on_selector_all("#info ol.route li", "items => items.map(li => li.textContent)")
    assert steps == [
        "2012-07 \u2014 defected from Syrian government (reported)",
        "2012-07 \u2014 fled to Turkey (claimed)",
        "2012-07 \u2014 sought refuge in Turkey (reported)",
        "2012-07 \u2014 fled to France (confirmed)",
        "2012-07 \u2014 sought refuge in France (confirmed)",
        "2012-07 \u2014 attended Friends of Syria conference (Paris, July 2012) (disputed; cannot be placed in the sequence)",
        "2012 \u2014 offered asylum by Saudi Arabia (rumoured; cannot be placed in the sequence)",
    ]
    # on the canvas: numbered, dated badges; the confirmed steps thicker than the claimed; the rumours thin and dotted
    steps = tab.evaluate("window.explorer.data.steps")
    assert steps["manaf-tlass--fled-to--turkey--2012-07"] == {"n": 2, "date": "2012-07", "placed": True, "person": "manaf-tlass"}
    edges = tab.evaluate("Object.fromEntries(network.body.data.edges.get().map(e => [e.id, [e.width, e.dashes]]))")
    assert edges["manaf-tlass--fled-to--france--2012-07"][0] > edges["manaf-tlass--fled-to--turkey--2012-07"][0] > 1.5
    assert edges["saudi-arabia--offered-asylum--manaf-tlass--2012"] == [1.5, [2, 6]]
    badges = [b for b in tab.evaluate("window.explorer.overlay()") if b.get("kind") == "step"]
    assert badges and all(b["text"] == f"{steps[b['id']]['n']} \u00b7 {steps[b['id']]['date']}" for b in badges)
    assert_clean(page)


def label_overlaps(tab) -> tuple[list, list]:
    """Each drawn name's box, recomputed from the node's position, size and the font, and every pair that overlaps."""
    labels = tab.evaluate("window.explorer.labels()")
    boxes = tab.evaluate(
        "(() => { const ctx = document.createElement('canvas').getContext('2d'); const s = network.getScale();"
        " return window.explorer.labels().map(l => { const n = network.body.nodes[l.id]; const p = network.canvasToDOM({x: n.x, y: n.y});"
        " ctx.font = (l.bold ? 'bold ' : '') + l.size + \"px system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif\";"
        " const w = ctx.measureText(l.text).width; const size = window.explorer.data.nodes.find(d => d.id === l.id).size;"
        " return {id: l.id, x: p.x - w / 2, y: p.y + size * s + 3, w: w, h: l.size * 1.2}; }); })()"
    )
    clash = [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
    ]
    return labels, clash


@pytest.mark.parametrize("name", ["loyalty", "defection", "cracks"])
def test_no_two_names_overlap_at_the_first_fit_and_none_is_too_small_to_read(page, views, name):
    tab = page.open(views / f"{name}.html")
    labels, clash = label_overlaps(tab)
    assert clash == []
    assert labels and min(l["size"] for l in labels) >= 11
    width, height = tab.evaluate("[document.getElementById('graph').clientWidth, document.getElementById('graph').clientHeight]")
    for label in labels:  # each name sits under its own node
        assert -label["w"] < label["x"] < width and -label["h"] < label["y"] < height
    # the names that matter come first: the core and the highlighted (in the crowded defection view,
    # nearly all of the sixteen defectors; a name that would touch another waits for a closer zoom)
    highlighted = set(tab.evaluate("window.explorer.data.nodes.filter(n => n.rank === 0).map(n => n.id)"))
    drawn = {l["id"] for l in labels}
    if name == "defection":
        assert len(highlighted - drawn) <= len(highlighted) // 10
    else:
        assert "bashar-al-assad" in drawn and highlighted <= drawn
    # zooming in shows more names, still without overlaps
    tab.evaluate("window.__zoomed = new Promise(done => network.once('animationFinished', done)); network.moveTo({scale: network.getScale() * 2.5, animation: {duration: 50}}); null")
    tab.evaluate("window.__zoomed.then(() => true)")
    tab.evaluate("window.explorer.overlay()")
    more, clash = label_overlaps(tab)
    assert clash == []
    assert_clean(page)


def test_the_address_keeps_the_date_comparison_selection_filters_and_colour_and_reopens_them(page, browser, views):
    tab = page.open(views / "loyalty.html")
    tab.check("#time-on")
    slide(tab, "2012-08")
    tab.check("#compare-on")
    tab.eval_on_selector("#compare-slider", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", str(tab.evaluate("window.explorer.data.months").index("2012-10")))
    tab.uncheck("#family-filters input[value='family']")
    tab.select_option("#min-confidence", "2")
    tab.select_option("#colour-by", "status")
    tab.select_option("#focus-depth", "2")
    tab.evaluate("window.explorer.selectNode('manaf-tlass', false)")
    url = tab.url
    assert "#" in url and "sel=manaf-tlass" in url and "vs=2012-10" in url
    keys = "JSON.stringify([window.explorer.stateHash(), document.getElementById('view-title').textContent, document.getElementById('meta-date').textContent, network.body.data.edges.getIds().sort(), network.body.data.nodes.get().map(n => [n.id, n.color.background, n.opacity]).sort(), document.getElementById('info').textContent])"
    before = tab.evaluate(keys)
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        again = other.new_page()
        again.goto(url)
        again.wait_for_function("() => window.explorer && window.explorer.ready === true")
        assert again.evaluate(keys) == before
        assert again.is_checked("#compare-on") and again.is_checked("#time-on") and not again.is_checked("#family-filters input[value='family']")
        assert again.input_value("#colour-by") == "status" and again.input_value("#min-confidence") == "2"
    finally:
        other.close()


def test_on_a_small_screen_the_header_collapses_the_panel_starts_closed_and_the_graph_refits(browser, views):
    context = browser.new_context(viewport={"width": 600, "height": 800})
    try:
        tab = context.new_page()
        tab.goto((views / "cracks.html").resolve().as_uri())
        tab.wait_for_function("() => window.explorer && window.explorer.ready === true")
        assert not tab.is_visible("#panel")
        assert tab.is_visible("#meta-date") and not tab.is_visible("#meta-generated") and not tab.is_visible("#counts")
        header = tab.evaluate("document.getElementById('header').getBoundingClientRect().height")
        assert header < 60
        tab.click("#panel-toggle")
        assert tab.is_visible("#panel")
        assert tab.evaluate("window.explorer.fits") == 1
        tab.click("#panel-toggle")
        assert not tab.is_visible("#panel") and tab.evaluate("window.explorer.fits") == 2
    finally:
        context.close()


def test_a_loading_line_shows_until_the_layout_settles_then_goes(page, graph, views):
    html = (views / "network.html").read_text(encoding="utf-8")
    assert '<p id="loading" role="status"' in html and 'id="loading" role="status" aria-live="polite" hidden' not in html  # there at first paint
    tab = page.open(views / "network.html")
    assert tab.get_attribute("body", "data-ready") == "true"
    assert not tab.is_visible("#loading")
    assert tab.text_content("#loading").startswith("Laying out")
    assert_clean(page)


def test_the_graph_refits_when_the_panel_opens_or_closes(page, views):
    tab = page.open(views / "family.html")

    def inside() -> bool:
        return tab.evaluate(
            "(() => { const g = document.getElementById('graph'); const w = g.clientWidth, h = g.clientHeight; const p = network.getPositions();"
            " return Object.values(p).every(q => { const d = network.canvasToDOM(q); return d.x >= 0 && d.x <= w && d.y >= 0 && d.y <= h; }); })()"
        )

    def centred() -> bool:  # the drawing's middle is the canvas's middle: fitted to the new width
        return tab.evaluate(
            "(() => { const g = document.getElementById('graph'); const xs = Object.values(network.getPositions()).map(q => network.canvasToDOM(q).x);"
            " return Math.abs((Math.min(...xs) + Math.max(...xs)) / 2 - g.clientWidth / 2) < 3; })()"
        )

    width = tab.evaluate("document.getElementById('graph').clientWidth")
    assert centred()
    tab.click("#panel-toggle")
    assert tab.evaluate("document.getElementById('graph').clientWidth") > width
    assert tab.evaluate("window.explorer.fits") == 1 and inside() and centred()
    tab.click("#panel-toggle")
    assert tab.evaluate("document.getElementById('graph').clientWidth") == width
    assert tab.evaluate("window.explorer.fits") == 2 and inside() and centred()


def test_index_links_every_view(page, views):
    tab = page.page
    tab.goto((views / "index.html").resolve().as_uri())
    links = tab.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(p.name for p in views.iterdir() if p.name != "index.html")
    assert_clean(page)


# --- hostile data -------------------------------------------------------------------------------


def test_hostile_strings_stay_text_and_run_nothing(page, hostile):
    graph, out = hostile
    tab = page.open(out / "ego-hostile.html")
    assert tab.title() == f"{HOSTILE_NAME} and everyone within 1 tie, the whole record"
    assert tab.text_content("#view-title") == tab.title()
    tab.fill("#search", "Mr Hostile")
    tab.click("#search-results li:first-child button")
    assert tab.text_content("#info h3") == HOSTILE_NAME
    assert HOSTILE_ALIAS in tab.text_content("#info dl")
    assert HOSTILE_NOTE in tab.text_content("#info dl")
    tab.click("#info ul.ties button")
    info = tab.text_content("#info")
    assert HOSTILE_TITLE in info and HOSTILE_NOTE in info and f'{HOSTILE_ALIAS} "href"' in info
    assert tab.evaluate("document.querySelectorAll('img, iframe, #info script, #info b').length") == 0
    assert tab.evaluate("document.querySelectorAll('#info a').length") == 0  # a javascript: URL is not linked
    # hover the hostile node: the tooltip is text
    point = tab.evaluate("(() => { const p = network.canvasToDOM(network.getPositions(['hostile-person'])['hostile-person']); const r = document.getElementById('graph').getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; })()")
    tab.mouse.move(*point)
    tab.wait_for_selector(".vis-tooltip", state="visible")
    # innerText turns line breaks into <br>; nothing else may appear
    assert set(tab.evaluate("Array.from(document.querySelector('.vis-tooltip').children).map(c => c.tagName)")) <= {"BR"}
    tooltip = tab.text_content(".vis-tooltip")
    assert HOSTILE_NAME in tooltip and HOSTILE_HREF_ALIAS in tooltip
    # the SVG picture holds the hostile name as text: no element or attribute of its own
    import xml.etree.ElementTree as ET

    root = ET.fromstring(tab.evaluate("window.explorer.svgPicture()"))
    assert HOSTILE_NAME in svg_texts(root)
    assert {e.tag.split("}")[1] for e in root.iter()} <= {"svg", "title", "desc", "defs", "clipPath", "rect", "text", "g", "path", "circle", "line"}
    assert not [k for e in root.iter() for k in e.attrib if k.lower().startswith("on") or "href" in k.lower()]
    assert_clean(page)


def test_a_hostile_story_stays_text_in_its_bar_its_title_and_its_pictures(page, hostile):
    graph, out = hostile
    tab = page.open(out / "story-hostile.html")
    assert tab.title() == HOSTILE_TITLE
    assert tab.text_content("#story-title") == HOSTILE_NAME
    assert tab.text_content("#story-caption") == HOSTILE_NOTE
    tab.click("#story-sources-box summary")
    assert HOSTILE_ALIAS in tab.text_content("#story-sources")
    assert tab.evaluate("document.querySelectorAll('#story img, #story script, #story a[href^=\"javascript\"], #story b').length") == 0
    assert HOSTILE_NAME in tab.evaluate("window.explorer.pictureText().step")
    assert_clean(page)


@pytest.mark.parametrize("name", ["loyalty", "defection", "family", "network"])
def test_hostile_dataset_views_draw_and_fire_no_dialog(page, hostile, name):
    graph, out = hostile
    tab = page.open(out / f"{name}.html")
    view = builders.build(name, graph)
    assert tab.evaluate(DRAWN) == list(visible_counts(graph, view.nodes, view.edges, view.at))
    tab.fill("#search", "script")
    tab.fill("#search", "<img")
    assert_clean(page)


# --- large graphs ---------------------------------------------------------------------------------


def test_a_large_view_is_drawn_at_once_from_python_positions(page, tmp_path):
    graph = synthetic_graph(builders.LARGE + 500)
    out = tmp_path / "large.html"
    out.write_text(render_view("network", graph), encoding="utf-8")
    tab = page.open(out, timeout=20_000)
    assert tab.evaluate(DRAWN) == [graph.number_of_nodes(), graph.number_of_edges()]
    assert tab.evaluate("network.physics.options.enabled") is False
    positions = tab.evaluate("network.getPositions(['p0', 'p1'])")
    data = tab.evaluate("Object.fromEntries(window.explorer.data.nodes.map(n => [n.id, [n.x, n.y]]))")
    for node in ("p0", "p1"):  # getPositions drops the decimals
        assert abs(positions[node]["x"] - data[node][0]) < 1 and abs(positions[node]["y"] - data[node][1]) < 1
    assert_clean(page)


# --- stories ------------------------------------------------------------------------------------

STORY_STATE = """() => ({
    count: document.getElementById('story-count').textContent,
    title: document.getElementById('story-title').textContent,
    caption: document.getElementById('story-caption').textContent,
    date: document.getElementById('meta-date').textContent,
    sources: document.querySelectorAll('#story-sources li.source').length,
    step: window.explorer.state.step,
    shown: network.body.data.nodes.getIds().sort(),
    faded: network.body.data.nodes.get().filter(n => n.opacity < 1).map(n => n.id).sort(),
    lit: network.body.data.edges.get().filter(e => e.width >= 5).map(e => e.id).sort(),
    hash: location.hash
})"""


def test_a_story_steps_through_with_buttons_and_keys_setting_date_focus_ties_and_caption(page, graph, views):
    dataset = load_dataset()
    steps = story_data(dataset.stories["first-crack"], dataset)["steps"]
    tab = page.open(views / "story-first-crack.html")
    for index, step in enumerate(steps):
        if index % 2:
            tab.click("#story-next")
        elif index:
            tab.keyboard.press("ArrowRight")
        tab.wait_for_function(f"window.explorer.state.step === {index}")
        seen = tab.evaluate(STORY_STATE)
        focus = set(step["focus"]).union(*(_ends(graph, key) for key in step["ties"]))
        assert seen["count"] == f"Step {index + 1} of {len(steps)}"
        assert (seen["title"], seen["caption"]) == (step["title"], step["caption"])
        assert seen["date"] == as_of(step["date"]).isoformat()
        assert seen["sources"] == len(step["sources"])
        assert set(step["focus"]) <= set(seen["shown"])
        assert seen["faded"] == sorted(set(seen["shown"]) - focus)
        assert set(step["ties"]) <= set(seen["lit"])
        assert f"step={index + 1}" in seen["hash"]
    tab.keyboard.press("ArrowRight")  # past the last step it stays there
    assert tab.evaluate("window.explorer.state.step") == len(steps) - 1
    assert tab.is_disabled("#story-next") and not tab.is_disabled("#story-prev")
    tab.click("#story-leave")
    tab.wait_for_function("window.explorer.state.step === null")
    assert tab.evaluate(STORY_STATE)["faded"] == []
    assert_clean(page)


def _ends(graph, key: str) -> set[str]:
    return {end for u, v, k in graph.edges(keys=True) if k == key for end in (u, v)}


def test_a_story_link_reopens_the_same_step_date_and_focus(page, browser, views):
    tab = page.open(views / "story-first-crack.html")
    for _ in range(4):
        tab.keyboard.press("ArrowRight")
    tab.wait_for_function("window.explorer.state.step === 4")
    before = tab.evaluate(STORY_STATE)
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        again = other.new_page()
        again.goto(tab.url)
        again.wait_for_function("() => window.explorer && window.explorer.ready === true")
        assert again.evaluate(STORY_STATE) == before
    finally:
        other.close()
