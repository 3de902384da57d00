"""Shared fixtures; each area registers its own fixture module here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest_plugins: list[str] = []

from explorer.dataset import bundled_path  # noqa: E402


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled dataset, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(bundled_path(), target)
    return target
