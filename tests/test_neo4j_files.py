"""The Cypher files and the compose file agree with the registry (no server needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from explorer import schema
from explorer.neo4j_store import Settings
from explorer.neo4j_store.statements import every, schema_statements, statement
from explorer.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent


def test_schema_cypher_constrains_id_on_exactly_the_registry_labels():
    constrained = {m.group(1) for s in schema_statements() if (m := re.search(r"FOR \(n:(\w+)\) REQUIRE n\.id IS UNIQUE", s))}
    assert constrained == set(schema.store_labels())


def test_load_statements_accept_only_registry_names():
    assert "MERGE (n:Person {id: row.id})" in statement("nodes", label="Person")
    with pytest.raises(ValueError):
        statement("nodes", label="Person {id: 1}) DETACH DELETE n //")
    with pytest.raises(ValueError):
        statement("existing_relationships", type="KNOWS")


def test_a_statement_for_every_label_has_one_part_per_registry_label():
    parts = every("taken_ids").split("\nUNION ALL\n")
    assert [re.search(r"MATCH \(n:(\w+)\)", part).group(1) for part in parts] == list(schema.store_labels())
    assert len(every("existing_relationships").split("\nUNION ALL\n")) == len(schema.REL_TYPES)
    with pytest.raises(ValueError):
        every("nodes")  # a write is never sent as a union


def test_settings_never_show_the_password_and_refuse_other_schemes():
    settings = Settings(uri="neo4j+s://example.databases.neo4j.io", user="neo4j", password="s3cret")
    assert "s3cret" not in repr(settings) and "s3cret" not in settings.where
    for uri in ("bolt://localhost:7687", "neo4j://cluster:7687", "neo4j+s://x.databases.neo4j.io"):
        assert Settings(uri=uri).uri == uri
    with pytest.raises(UsageError):
        Settings(uri="http://localhost:7474")


def test_settings_flags_win_over_the_environment(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://from-env:7687")
    monkeypatch.setenv("NEO4J_USERNAME", "env-user")
    settings = Settings.from_env(uri="bolt://from-flag:7687")
    assert (settings.uri, settings.user) == ("bolt://from-flag:7687", "env-user")


@pytest.mark.parametrize("value, seconds", [(None, 15.0), ("2.5", 2.5), ("120", 120.0)])
def test_the_retry_window_comes_from_neo4j_retry_seconds(monkeypatch, value, seconds):
    if value is not None:
        monkeypatch.setenv("NEO4J_RETRY_SECONDS", value)
    assert Settings.from_env().retry_seconds == seconds


@pytest.mark.parametrize("value", ["soon", "0", "-3", "nan", "86400"])
def test_a_retry_window_that_is_not_a_sane_number_is_refused_in_words(monkeypatch, value):
    monkeypatch.setenv("NEO4J_RETRY_SECONDS", value)
    with pytest.raises(UsageError, match=r"NEO4J_RETRY_SECONDS must be a number of seconds"):
        Settings.from_env()


def test_compose_pins_neo4j_binds_localhost_and_keeps_data_in_named_volumes():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j = compose["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5\.26\.\d+", neo4j["image"])
    assert neo4j["ports"] == ["127.0.0.1:7474:7474", "127.0.0.1:7687:7687"]
    assert {v.split(":")[0] for v in neo4j["volumes"]} == set(compose["volumes"]) == {"neo4j_data", "neo4j_logs"}
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
