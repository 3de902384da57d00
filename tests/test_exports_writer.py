"""A dataset written as YAML files (explorer.writer, demo synth --data-out) loads back the same."""

from __future__ import annotations

import dataclasses

from explorer.cli import main
from explorer.dataset import check_dataset, load_dataset
from explorer.model import Dataset
from explorer.synth import synthetic_dataset
from explorer.writer import write_dataset


def _records(dataset: Dataset) -> dict:
    """Everything a dataset says, without where it was read from (file, line, path)."""
    def plain(record) -> dict:
        return {k: v for k, v in dataclasses.asdict(record).items() if k not in ("file", "line")}

    return {
        "meta": (dataset.name, dataset.title, dataset.description, dataset.core, dataset.uprising_start),
        "entities": {k: plain(v) for k, v in dataset.entities.items()},
        "sources": {k: plain(v) for k, v in dataset.sources.items()},
        "ties": [plain(t) for t in dataset.ties],
        "status_events": [plain(e) for e in dataset.status_events],
        "texts": dataset.texts,
    }


def test_bundled_dataset_written_and_read_back_is_the_same(tmp_path):
    dataset = load_dataset()
    out = write_dataset(dataset, tmp_path / "copy")
    assert check_dataset(out, strict=True) == []
    assert _records(load_dataset(out)) == _records(dataset)


def test_synthetic_dataset_written_and_read_back_is_the_same(tmp_path):
    dataset = synthetic_dataset(200, seed=3)
    assert _records(load_dataset(write_dataset(dataset, tmp_path / "synth"))) == _records(dataset)


def test_demo_synth_data_out_writes_a_dataset_that_validates(runner, tmp_path):
    out = tmp_path / "synth"
    result = runner.invoke(main, ["demo", "synth", "--people", "300", "--seed", "2", "--data-out", str(out)])
    assert result.exit_code == 0, result.output
    dataset = synthetic_dataset(300, seed=2)
    counts = f"{len(dataset.entities):,} entities, {len(dataset.ties):,} ties, {len(dataset.status_events):,} status events"
    assert result.output == f"{out}: {counts}\n"
    checked = runner.invoke(main, ["--data", str(out), "validate"])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith("ok: synthetic-300 is valid: 300 people")
    # its one source is invented (F): the rules warn, rightly, about every grade above claimed
    warned = {line.split("warning: ")[1].split(":")[0] for line in checked.stderr.splitlines()}
    assert warned == {"overgraded"}


def test_demo_synth_without_an_output_is_refused(runner):
    result = runner.invoke(main, ["demo", "synth", "--people", "10"])
    assert result.exit_code == 2
    assert "give -o FILE.html, --data-out DIR, or both" in result.output
