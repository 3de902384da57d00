"""The Neo4j commands through the CLI, against a real Bolt server: output, errors, exit codes."""

from __future__ import annotations

import json
import socket

import pytest

from explorer.cli import main
from explorer.dataset import load_dataset
from explorer.graph import build_graph

pytestmark = pytest.mark.bolt


def env(settings, **overrides) -> dict[str, str]:
    values = {"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.user, "NEO4J_PASSWORD": settings.password, "NEO4J_DATABASE": settings.database or ""}
    values.update(overrides)
    return values


@pytest.fixture
def cli(runner, empty_db):
    def invoke(*args, **overrides):
        return runner.invoke(main, list(args), env=env(empty_db, **overrides))

    return invoke


def test_load_then_reload_reports_zero_created(cli):
    graph = build_graph(load_dataset())
    records = graph.number_of_nodes() + graph.number_of_edges() + len(graph.graph["sources"]) + 1
    first = cli("load", "--format", "json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["totals"] == {"created": records, "updated": 0, "unchanged": 0, "removed": 0}
    second = cli("load")
    assert second.exit_code == 0
    assert f": 0 created, 0 updated, {records} unchanged, 0 removed" in second.output


def test_dry_run_writes_nothing(cli):
    result = cli("load", "--dry-run", "--format", "json")
    assert json.loads(result.output)["dry_run"] is True
    status = json.loads(cli("db", "status", "--format", "json").output)
    assert status["labels"] == {} and status["datasets"] == []


def test_invalid_data_writes_nothing_and_exits_1(cli, tmp_path):
    (tmp_path / "people.yaml").write_text("- id: a\n  name: A\n- id: a\n  name: B\n", encoding="utf-8")
    result = cli("--data", str(tmp_path), "load")
    assert result.exit_code == 1
    assert "duplicate id" in result.output and "nothing was written" in result.output
    assert json.loads(cli("db", "status", "--format", "json").output)["labels"] == {}


def test_db_status_shows_counts_constraints_and_the_dataset(cli):
    cli("load")
    status = json.loads(cli("db", "status", "--format", "json").output)
    graph = build_graph(load_dataset())
    assert status["labels"]["Person"] == sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "person")
    assert sum(status["types"].values()) == graph.number_of_edges()
    assert [d["id"] for d in status["datasets"]] == ["syria-2012"] and status["datasets"][0]["loaded_at"]
    assert {"person_id", "source_id"} <= set(status["constraints"]) or all("id" in c.lower() for c in status["constraints"])


def test_query_list_shows_at_least_seven_queries(cli):
    result = cli("query", "--list")
    names = [line for line in result.output.splitlines() if line and not line.startswith(" ")]
    assert len(names) >= 7 and "loyalty_path_at" in names


def test_named_query_with_typed_parameters_prints_json(cli):
    cli("load")
    result = cli("query", "loyalty_path_at", "-p", 'people=["manaf-tlass"]', "-p", "core=bashar-al-assad", "-p", "at=2012-06-30", "-p", "chain=true", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["distance"] == 1


def test_query_csv_and_nodes_print_readably(cli):
    cli("load")
    result = cli("query", "--cypher", "MATCH (p:Person {id: 'manaf-tlass'}) RETURN p.name AS name, p", "--format", "csv")
    lines = result.output.splitlines()
    assert lines[0] == "name,p"
    assert lines[1].startswith('Manaf Tlass,"{""labels"": [""Person""]')


def test_a_write_without_write_is_refused_and_rolled_back(cli):
    result = cli("query", "--cypher", "CREATE (n:Person {id: 'intruder', name: 'X'})")
    assert result.exit_code == 1
    assert result.output == "Error: this query writes to the database (CREATE); nothing was run. Add --write to allow it\n"
    check = cli("query", "--cypher", "MATCH (n:Person {id: 'intruder'}) RETURN count(n) AS c", "--format", "json")
    assert json.loads(check.output) == [{"c": 0}]
    allowed = cli("query", "--write", "--cypher", "CREATE (n:Person {id: 'intruder', name: 'X'})")
    assert allowed.exit_code == 0


@pytest.mark.parametrize("cypher", [
    "DROP CONSTRAINT person_id",
    "CREATE INDEX intruder_index IF NOT EXISTS FOR (n:Person) ON (n.born)",
    "MATCH (p:Person {id: 'manaf-tlass'}) SET p.name = 'X' RETURN p.name",
    "MATCH (p:Person {id: 'manaf-tlass'}) FOREACH (x IN [1] | CREATE (:Person {id: 'intruder'}))",
])
def test_schema_commands_and_writes_are_refused_before_they_run(cli, cypher):
    """Schema commands first: the embedded server applies them at once, a rollback does not undo them."""
    cli("load")
    before = json.loads(cli("db", "status", "--format", "json").output)
    indexes = cli("query", "--cypher", "SHOW INDEXES YIELD name RETURN name ORDER BY name", "--format", "json").output
    result = cli("query", "--cypher", cypher)
    assert result.exit_code == 1
    assert result.output.startswith("Error: this query writes to the database (") and "Add --write to allow it" in result.output
    assert json.loads(cli("db", "status", "--format", "json").output) == before
    assert cli("query", "--cypher", "SHOW INDEXES YIELD name RETURN name ORDER BY name", "--format", "json").output == indexes
    check = cli("query", "--cypher", "MATCH (p:Person {id: 'manaf-tlass'}) RETURN p.name AS name", "--format", "json")
    assert json.loads(check.output) == [{"name": "Manaf Tlass"}]


def test_write_words_inside_strings_comments_and_aliases_do_not_refuse_a_read(cli):
    cli("load")
    cypher = "MATCH (p:Person) WHERE p.name <> 'CREATE (x) SET y' /* MERGE */ RETURN count(p) AS set // DELETE"
    result = cli("query", "--cypher", cypher, "--format", "json")
    assert result.exit_code == 0, result.output
    people = sum(1 for _, kind in build_graph(load_dataset()).nodes(data="kind") if kind == "person")
    assert json.loads(result.output) == [{"set": people}]


def test_a_hostile_parameter_is_a_value_not_cypher(cli):
    cli("load")
    before = json.loads(cli("db", "status", "--format", "json").output)
    hostile = "manaf-tlass'}) DETACH DELETE n //"
    result = cli("query", "inner_circle", "-p", f"person={hostile}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []
    assert json.loads(cli("db", "status", "--format", "json").output) == before


def test_a_missing_parameter_names_it(cli):
    result = cli("query", "inner_circle")
    assert result.exit_code == 1
    assert "person" in result.output and "pass it with -p name=value" in result.output


def test_a_syntax_error_gives_the_position(cli):
    result = cli("query", "--cypher", "MATC (n) RETURN n")
    assert result.exit_code == 1
    assert result.output.startswith("Error: Cypher syntax error:")
    assert "1:0" in result.output or "line 1" in result.output


def test_wrong_credentials_are_one_line_and_never_show_the_password(cli):
    result = cli("db", "status", NEO4J_PASSWORD="not-the-password-123")
    assert result.exit_code == 1
    assert "refused the login" in result.output and "not-the-password-123" not in result.output


def test_an_unreachable_server_suggests_docker_compose(cli):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = cli("db", "status", NEO4J_URI=f"bolt://127.0.0.1:{port}")
    assert result.exit_code == 1
    assert result.output == f"Error: cannot reach Neo4j at bolt://127.0.0.1:{port}; start one with `regime-explorer db start` (embedded) or `docker compose up -d`, or point NEO4J_URI at your server\n"


def test_an_unknown_database_is_named(cli, bolt):
    if bolt.database != "neo4j":
        pytest.skip("the database name is the server's choice here")
    result = cli("db", "status", NEO4J_DATABASE="no-such-db")
    assert result.exit_code == 1
    assert "database 'no-such-db' does not exist" in result.output


def test_a_bad_uri_scheme_is_refused(cli):
    result = cli("db", "status", NEO4J_URI="http://localhost:7474")
    assert result.exit_code == 1
    assert "must start with one of: bolt://" in result.output


def test_export_from_neo4j_equals_export_from_files(cli, tmp_path):
    cli("load")
    from_db = cli("export", "json", "--source", "neo4j", "-o", str(tmp_path / "db.json"))
    from_files = cli("export", "json", "-o", str(tmp_path / "files.json"))
    assert from_db.exit_code == from_files.exit_code == 0, from_db.output
    db, files = (json.loads((tmp_path / name).read_text(encoding="utf-8")) for name in ("db.json", "files.json"))
    for data in (db, files):  # the order of records is the store's; their content must be equal
        data["nodes"].sort(key=lambda n: n["id"])
        data["links"].sort(key=lambda e: e["key"])
    assert db == files


def test_query_output_draws_the_result_as_a_view(cli, tmp_path):
    cli("load")
    out = tmp_path / "q.html"
    result = cli("query", "--cypher", "MATCH p = (:Person {id: 'manaf-tlass'})-[r]-() RETURN p", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Manaf Tlass" in text and "window.network" in text or "network" in text


def test_a_neo4j_uri_serves_every_command(cli, empty_db, tmp_path):
    """neo4j:// (routing): the test server answers the driver's ROUTE request with a table of
    itself, so every command works through the routing driver, as on a Neo4j single server."""
    routed = empty_db.uri.replace("bolt://", "neo4j://")
    loaded = cli("load", NEO4J_URI=routed)
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output.startswith(f"syria-2012 loaded into {routed} (database {empty_db.database}): ")
    status = json.loads(cli("db", "status", "--format", "json", NEO4J_URI=routed).output)
    assert status["address"].startswith(routed) and [d["id"] for d in status["datasets"]] == ["syria-2012"]
    asked = cli("query", "defectors", "--format", "json", NEO4J_URI=routed)
    assert asked.exit_code == 0, asked.output
    assert "manaf-tlass" in {row["id"] for row in json.loads(asked.output)}
    out = tmp_path / "family.html"
    exported = cli("export", "family", "--source", "neo4j", "-o", str(out), NEO4J_URI=routed)
    assert exported.exit_code == 0, exported.output
    assert "Manaf Tlass" in out.read_text(encoding="utf-8")


def test_a_tls_uri_to_a_server_without_tls_names_the_fix(cli, empty_db):
    for scheme in ("neo4j+s", "neo4j+ssc", "bolt+ssc"):
        uri = empty_db.uri.replace("bolt://", f"{scheme}://")
        result = cli("db", "status", NEO4J_URI=uri)
        assert result.exit_code == 1
        plain = scheme.split("+")[0]
        assert result.output == (
            f"Error: cannot reach Neo4j at {uri} over TLS; check the address, and that the server has TLS "
            f"(a server without it takes {plain}://)\n"
        )


def test_database_is_honoured_by_load_query_status_and_export(cli, empty_db, second_db, tmp_path):
    """Everything goes to the database named, by flag or NEO4J_DATABASE, and nothing to the other."""
    loaded = cli("load", "--database", second_db.database, "--format", "json")
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(cli("db", "status", "--format", "json").output)["datasets"] == []
    there = json.loads(cli("db", "status", "--format", "json", NEO4J_DATABASE=second_db.database).output)
    assert [d["id"] for d in there["datasets"]] == ["syria-2012"]
    assert json.loads(cli("db", "status", "--database", second_db.database, "--format", "json").output)["labels"] == there["labels"]

    count = "MATCH (p:Person) RETURN count(p) AS people"
    assert json.loads(cli("query", "--cypher", count, "--format", "json").output) == [{"people": 0}]
    in_second = json.loads(cli("query", "--cypher", count, "--database", second_db.database, "--format", "json").output)
    assert in_second == [{"people": there["labels"]["Person"]}]

    out = tmp_path / "db.json"
    empty = cli("export", "json", "--source", "neo4j", "-o", str(out))
    assert empty.exit_code == 1 and "no dataset is loaded" in empty.output
    exported = cli("export", "json", "--source", "neo4j", "--database", second_db.database, "-o", str(out))
    assert exported.exit_code == 0, exported.output
    assert len(json.loads(out.read_text(encoding="utf-8"))["nodes"]) == there["labels"]["Person"] + sum(
        there["labels"].get(label, 0) for label in ("Organization", "Place", "Event")
    )


def test_export_dataset_picks_one_of_several(cli, empty_db, tmp_path):
    from explorer.neo4j_store import connect
    from explorer.neo4j_store.loader import load_graph
    from explorer.synth import synthetic_dataset

    assert cli("load").exit_code == 0
    synthetic = build_graph(synthetic_dataset(30))
    driver = connect(empty_db)
    try:
        load_graph(driver, empty_db.database, synthetic)
    finally:
        driver.close()
    out = tmp_path / "one.json"
    both = cli("export", "json", "--source", "neo4j", "-o", str(out))
    assert both.exit_code == 1
    assert "several datasets are loaded (synthetic-30, syria-2012)" in both.output
    picked = cli("export", "json", "--source", "neo4j", "--dataset", "synthetic-30", "-o", str(out))
    assert picked.exit_code == 0, picked.output
    nodes = {n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]}
    assert nodes == set(synthetic.nodes)
    unknown = cli("export", "json", "--source", "neo4j", "--dataset", "nope", "-o", str(out))
    assert unknown.exit_code == 1 and unknown.output == "Error: dataset 'nope' is not loaded; loaded: synthetic-30, syria-2012\n"


def test_neo4j_options_without_source_neo4j_are_refused(cli, tmp_path):
    result = cli("export", "json", "--dataset", "syria-2012", "--database", "x", "-o", str(tmp_path / "x.json"))
    assert result.exit_code == 2 or result.exit_code == 1
    assert result.output == "Error: --dataset, --database read from Neo4j: add --source neo4j\n"
    assert not (tmp_path / "x.json").exists()


def test_neo4j_uri_to_a_server_that_does_not_route_says_use_bolt(cli, empty_db):
    """A Bolt server that fails ROUTE (here a proxy drops the connection when the driver asks for a
    routing table): the driver only says it could not retrieve routing information, as for a
    server that is not there; the tool checks bolt:// at the same address and names the fix."""
    from tcp_proxy import TcpProxy

    port = int(empty_db.uri.rsplit(":", 1)[1])
    with TcpProxy(port, refuse_routing=True) as proxy:
        result = cli("db", "status", NEO4J_URI=f"neo4j://127.0.0.1:{proxy.port}")
        assert proxy.routes_refused >= 1
        assert result.exit_code == 1
        assert result.output == (
            f"Error: Neo4j at neo4j://127.0.0.1:{proxy.port} answers but gives no routing table (routing is off); "
            f"use bolt://127.0.0.1:{proxy.port} for a single server\n"
        )
        direct = cli("db", "status", "--format", "json", NEO4J_URI=f"bolt://127.0.0.1:{proxy.port}")
        assert direct.exit_code == 0, direct.output
