"""Shared fixtures; each area registers its own fixture module here."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest_plugins: list[str] = ["conftest_browser", "conftest_bolt", "conftest_lint"]

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


REAL_PART_MARKERS = ("browser", "bolt")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a test that needs a real part (Chromium, a Bolt server) may not skip."""
    outcome = yield
    report = outcome.get_result()
    needs_real_part = any(item.get_closest_marker(m) for m in REAL_PART_MARKERS)
    if report.skipped and needs_real_part and os.environ.get("CI", "").lower() == "true":
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, where real parts must run: {report.longrepr}"
