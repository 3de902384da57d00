"""FollowTheMoney export and import: the round trip keeps every person and tie, and the CLI works."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

import pytest

try:
    import followthemoney  # noqa: F401
except ImportError:
    if os.environ.get("CI") == "true":
        pytest.fail("followthemoney is missing; CI must install the test extra", pytrace=False)
    pytest.skip("followthemoney is not installed (pip install 'regime-explorer[ftm]')", allow_module_level=True)

from explorer import schema
from explorer.cli import main
from explorer.dataset import check_dataset, load_dataset
from explorer.errors import ExplorerError
from explorer.ftm import FTM_MISSING, position_id, export_ftm, write_ftm
from explorer.ftm_import import import_ftm
from explorer.model import Dataset, Tie


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def imported(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled dataset exported to FtM and imported back into a new directory."""
    root = tmp_path_factory.mktemp("ftm")
    write_ftm(dataset, root / "syria.ftm.json")
    import_ftm(root / "syria.ftm.json", root / "out", core=dataset.core)
    return root / "out"


def _tie_key(tie: Tie) -> tuple:
    citations = [(c.source, c.quote, c.stance, c.credibility, c.note) for c in tie.citations]
    return (tie.type, tie.source, tie.target, str(tie.start), str(tie.end), tie.confidence, tie.attrs, tie.note, citations)


def _expected_schemata(dataset: Dataset) -> Counter:
    """The FtM schema each record should become, counted from the dataset itself."""
    org_schema = {"government_body": "PublicBody", "state": "PublicBody", "business": "Company"}
    counts: Counter = Counter()
    for entity in dataset.entities.values():
        if entity.kind == "organization":
            counts[org_schema.get(entity.attrs.get("kind") or "", "Organization")] += 1
        else:
            counts[{"person": "Person", "place": "Address", "event": "Event"}[entity.kind]] += 1
    counts["Event"] += len(dataset.status_events)
    counts["Document"] += len(dataset.sources)
    for tie in dataset.ties:
        rel = schema.REL_TYPES[tie.type]
        if rel.family == "family":
            counts["Family"] += 1
        elif rel.family == "bond" and dataset.entities[tie.target].kind == "person":
            counts["Associate"] += 1
        else:
            hierarchy = {"MEMBER_OF": "Membership", "COMMANDS": "Directorship", "HOLDS_POSITION": "Occupancy"}
            counts[hierarchy.get(tie.type, "UnknownLink")] += 1
    counts["Position"] = len({position_id(t.target, t.attrs["role"]) for t in dataset.ties if t.type == "HOLDS_POSITION"})
    return counts


def test_export_schemata_and_counts(dataset: Dataset) -> None:
    entities = export_ftm(dataset)
    assert Counter(e["schema"] for e in entities) == _expected_schemata(dataset)
    assert len({e["id"] for e in entities}) == len(entities)
    by_id = {e["id"]: e for e in entities}
    manaf = by_id["manaf-tlass"]
    assert manaf["schema"] == "Person" and "Manaf Tlass" in manaf["properties"]["name"]
    for tie in dataset.ties:
        assert by_id[tie.id]["properties"].get("startDate", [None])[0] == (str(tie.start) if tie.start else None)


def test_write_ftm_is_line_delimited_utf8(dataset: Dataset, tmp_path: Path) -> None:
    path = write_ftm(dataset, tmp_path / "out.ftm.json")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(export_ftm(dataset))
    assert all({"id", "schema", "properties"} <= set(json.loads(line)) for line in lines)
    assert "مناف طلاس" in path.read_text(encoding="utf-8")  # Arabic kept as text, not escaped


def test_import_output_is_valid(imported: Path) -> None:
    assert check_dataset(imported) == []
    assert check_dataset(imported, strict=True) == []  # held texts travel as FtM bodyText


def test_round_trip_keeps_every_person_and_tie(dataset: Dataset, imported: Path) -> None:
    back = load_dataset(imported)
    assert {e.id for e in back.of_kind("person")} == {e.id for e in dataset.of_kind("person")}
    assert {t.id: _tie_key(t) for t in back.ties} == {t.id: _tie_key(t) for t in dataset.ties}


def test_round_trip_keeps_entities_sources_and_status(dataset: Dataset, imported: Path) -> None:
    back = load_dataset(imported)

    def entity_key(e):
        return (e.kind, e.name, e.name_ar, e.aliases, e.description, {k: str(v) for k, v in e.attrs.items()})

    assert {k: entity_key(e) for k, e in back.entities.items()} == {k: entity_key(e) for k, e in dataset.entities.items()}
    status = lambda d: {s.id: (s.person, s.kind, str(s.date), s.state, s.confidence, s.place, s.supersedes, s.note, len(s.citations)) for s in d.status_events}  # noqa: E731
    assert status(back) == status(dataset)
    source = lambda d: {s.id: (s.title, s.publisher, s.author, str(s.date), s.url, s.reliability, s.kind, s.notes) for s in d.sources.values()}  # noqa: E731
    assert source(back) == source(dataset)
    assert back.texts == dataset.texts
    assert back.core == dataset.core


def test_missing_package_gives_a_clear_message(dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "followthemoney", None)
    with pytest.raises(ExplorerError, match="pip install 'regime-explorer\\[ftm\\]'") as info:
        export_ftm(dataset)
    assert str(info.value) == FTM_MISSING


def test_cli_export_and_import(runner, tmp_path: Path) -> None:
    out = tmp_path / "x.ftm.json"
    result = runner.invoke(main, ["ftm", "export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["ftm", "import", str(out), "-o", str(tmp_path / "ds"), "--core", "bashar-al-assad"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["--data", str(tmp_path / "ds"), "validate", "--strict"]).exit_code == 0
    result = runner.invoke(main, ["export", "ftm", "-o", str(tmp_path / "y.ftm.json")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "y.ftm.json").read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_cli_errors_exit_non_zero(runner, tmp_path: Path) -> None:
    missing = runner.invoke(main, ["ftm", "import", str(tmp_path / "nope.json"), "-o", str(tmp_path / "ds")])
    assert missing.exit_code != 0 and "not found" in missing.output
    bad = tmp_path / "bad.json"
    bad.write_text("not json\n", encoding="utf-8")
    result = runner.invoke(main, ["ftm", "import", str(bad), "-o", str(tmp_path / "ds2")])
    assert result.exit_code != 0 and "bad.json:1" in result.output
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    good = tmp_path / "good.json"
    good.write_text("", encoding="utf-8")
    assert runner.invoke(main, ["ftm", "import", str(good), "-o", str(tmp_path / "full")]).exit_code != 0
    assert runner.invoke(main, ["ftm", "export"]).exit_code != 0  # -o is required
    assert runner.invoke(main, ["export", "ftm", "Manaf Tlass", "-o", str(tmp_path / "z.json")]).exit_code != 0


def test_foreign_links_map_only_where_plain(tmp_path: Path) -> None:
    """A file from elsewhere: ids become slugs; an Associate without our type is skipped, not guessed."""
    rows = [
        {"id": "Q1", "schema": "Person", "properties": {"name": ["Hafez Example"]}},
        {"id": "Q2", "schema": "Person", "properties": {"name": ["Basil Example"]}},
        {"id": "ofac-3", "schema": "Organization", "properties": {"name": ["Some Body"]}},
        {"id": "fam", "schema": "Family", "properties": {"person": ["Q1"], "relative": ["Q2"], "relationship": ["child"], "startDate": ["1962"]}},
        {"id": "assoc", "schema": "Associate", "properties": {"person": ["Q1"], "associate": ["Q2"]}},
        {"id": "mem", "schema": "Membership", "properties": {"member": ["Q2"], "organization": ["ofac-3"]}},
    ]
    path = tmp_path / "foreign.json"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    counts = import_ftm(path, tmp_path / "ds")
    assert counts["skipped"] == 1
    back = load_dataset(tmp_path / "ds")
    assert {(t.type, t.source, t.target) for t in back.ties} == {("PARENT_OF", "q1", "q2"), ("MEMBER_OF", "q2", "ofac-3")}


def test_import_ftm_is_the_same_command_as_ftm_import(runner, tmp_path):
    exported = tmp_path / "d.ftm.json"
    assert runner.invoke(main, ["export", "ftm", "-o", str(exported)]).exit_code == 0
    result = runner.invoke(main, ["import", "ftm", str(exported), "-o", str(tmp_path / "back")])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["--data", str(tmp_path / "back"), "validate", "--strict"]).exit_code == 0
