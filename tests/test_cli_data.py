"""The data commands through the CLI: output, formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from explorer import __version__
from explorer.cli import main

from test_dataset_validation import make_dataset


def test_help_answers_with_short_and_long_flags(runner):
    for flag in ("-h", "--help"):
        result = runner.invoke(main, [flag])
        assert result.exit_code == 0
        assert "Sourced, graded maps" in result.output


def test_version_is_the_package_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.output.strip() == f"regime-explorer, version {__version__}"


def test_help_does_not_import_pyvis_or_neo4j():
    code = (
        "import sys; from click.testing import CliRunner; from explorer.cli import main;"
        "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0, r.output;"
        "print(sorted(m for m in ('pyvis', 'neo4j', 'networkx', 'playwright') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_python_dash_m_explorer_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "explorer", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"regime-explorer, version {__version__}"


def test_validate_reports_the_counts_of_a_valid_dataset(runner, tmp_path):
    result = runner.invoke(main, ["--data", str(make_dataset(tmp_path)), "validate", "--strict"])
    assert result.exit_code == 0
    assert result.output == (
        f"ok: {tmp_path.name} is valid (strict): 2 people, 1 organizations, 0 places, 0 events, 1 ties, "
        "0 status events, 1 sources\n"
    )


def test_bundled_dataset_is_valid(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: syria-2012 is valid")


def test_stats_json_counts_match_the_dataset(runner, tmp_path):
    result = runner.invoke(main, ["--data", str(make_dataset(tmp_path)), "stats", "--format", "json"])
    stats = json.loads(result.output)
    assert (stats["people"], stats["organizations"], stats["ties"], stats["sources"]) == (2, 1, 1, 1)
    assert stats["ties_by_family"] == {"bond": 1}
    assert stats["people_by_status"] == {"loyal": 2}


def test_show_names_the_same_person_for_the_typo_and_the_lowercase_name(runner):
    typo = runner.invoke(main, ["show", "Manaf Tass", "--format", "json"])
    lower = runner.invoke(main, ["show", "manaf tlass", "--format", "json"])
    assert typo.exit_code == lower.exit_code == 0
    assert json.loads(typo.output)["id"] == json.loads(lower.output)["id"] == "manaf-tlass"


def test_show_prints_ties_with_dates_confidence_and_graded_quotes(runner):
    result = runner.invoke(main, ["show", "Manaf Tlass"])
    assert result.exit_code == 0
    assert "Manaf Tlass → DEFECTED_FROM → Syrian government  [from 2012-07; reported]" in result.output
    assert '[C3] ibtimes-2012-07-tlass (International Business Times UK): "A Syrian commander close to President Bashar al Assad defected to Turkey, reports said."' in result.output
    assert "also: Manaf Tlas, Manaf Tass" in result.output


def test_show_of_an_ambiguous_name_lists_candidates_and_exits_1(runner):
    result = runner.invoke(main, ["show", "Tlass"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: 'Tlass' could be ")
    assert "Manaf Tlass (person, id manaf-tlass)" in result.output and "Mustafa Tlass (person, id mustafa-tlass)" in result.output
    assert "Traceback" not in result.output


def test_show_of_an_unknown_name_suggests_and_exits_1(runner):
    result = runner.invoke(main, ["show", "Manaf Tlaas"])
    assert result.exit_code == 0  # a close spelling resolves through the transliteration key
    result = runner.invoke(main, ["show", "Xyzzy Qwerty"])
    assert result.exit_code == 1
    assert result.output == "Error: no entity called 'Xyzzy Qwerty'\n"


def test_path_before_the_defection_runs_through_the_friendship(runner):
    result = runner.invoke(main, ["path", "Manaf Tlass", "Hafez al-Assad", "--at", "2012-06", "--format", "json"])
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert found["length"] == 2
    assert [(h["from"], h["type"], h["to"]) for h in found["paths"][0]] == [
        ("manaf-tlass", "FRIEND_OF", "bashar-al-assad"),
        ("bashar-al-assad", "PARENT_OF", "hafez-al-assad"),
    ]


def test_path_with_no_link_at_the_date_exits_1(runner, tmp_path):
    root = make_dataset(tmp_path)
    result = runner.invoke(main, ["--data", str(root), "path", "ruler", "friend", "--at", "2009"])
    assert result.exit_code == 1
    assert result.output == "Error: no path links The Ruler and A Friend at 2009\n"


def test_a_bad_date_option_is_refused_with_the_format(runner):
    result = runner.invoke(main, ["path", "Manaf Tlass", "Bashar", "--at", "July 2012"])
    assert result.exit_code == 2
    assert "'July 2012' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD" in result.output


def test_schema_json_lists_every_relationship_type_with_its_family(runner):
    from explorer.schema import REL_TYPES

    result = runner.invoke(main, ["schema", "--format", "json"])
    types = json.loads(result.output)["relationship_types"]
    assert {name: info["family"] for name, info in types.items()} == {n: r.family for n, r in REL_TYPES.items()}


def test_demo_synth_draws_a_synthetic_network_of_the_size_asked(runner, tmp_path):
    out = tmp_path / "synth.html"
    result = runner.invoke(main, ["demo", "synth", "--people", "300", "-o", str(out)])
    assert result.exit_code == 0, result.output
    from explorer.graph import build_graph
    from explorer.synth import synthetic_dataset

    graph = build_graph(synthetic_dataset(300, 1))
    assert result.output == f"{out}: {graph.number_of_nodes():,} entities, {graph.number_of_edges():,} ties\n"
    assert "Synthetic person 0" in out.read_text(encoding="utf-8")


def test_sources_counts_the_claims_citing_each_source_and_says_which_are_held(runner):
    from explorer.dataset import load_dataset

    dataset = load_dataset()
    rows = {r["id"]: r for r in json.loads(runner.invoke(main, ["sources", "--format", "json"]).output)}
    assert set(rows) == set(dataset.sources)
    seed = rows["ibtimes-2012-07-tlass"]
    expected = sum(1 for rec in [*dataset.ties, *dataset.status_events] for c in rec.citations if c.source == "ibtimes-2012-07-tlass")
    assert (seed["citations"], seed["text_held"], seed["reliability"]) == (expected, True, "C")
    assert [r["text_held"] for r in rows.values()].count(True) == len(dataset.texts)


def test_output_cut_short_by_its_reader_ends_quietly(tmp_path):
    """`regime-explorer ... | head`: the reader closes the pipe; no error line, exit 0."""
    import subprocess
    import sys

    from explorer.synth import synthetic_dataset
    from explorer.writer import write_dataset

    data = write_dataset(synthetic_dataset(3000), tmp_path / "big")
    command = [sys.executable, "-m", "explorer", "--data", str(data), "loyalty", "--ranking", "--format", "json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline().strip() == b"{"
    process.stdout.close()  # far more than a pipe's buffer is still to come
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert errors == ""


def test_the_tools_own_options_may_come_after_the_command(runner, tmp_path):
    from explorer.cli import globals_first
    from explorer.dataset import bundled_path

    data = str(bundled_path())
    before = runner.invoke(main, ["--data", data, "stats", "--format", "json"])
    after = runner.invoke(main, ["stats", "--format", "json", "--data", data])
    joined = runner.invoke(main, ["stats", f"--data={data}", "--format", "json"])
    assert before.exit_code == after.exit_code == joined.exit_code == 0
    assert before.output == after.output == joined.output
    missing = runner.invoke(main, ["stats", "--data", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "dataset directory not found" in missing.output
    # only after the command, and never past `--`
    assert globals_first(["query", "--cypher", "RETURN 1", "--", "--data", "x"]) == ["query", "--cypher", "RETURN 1", "--", "--data", "x"]
