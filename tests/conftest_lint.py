"""Neo4j's Cypher checker, started early: when tests of test_cypher_lint.py are selected, the
pinned linter is installed (`npm ci`) and run over every Cypher text in a background thread as
soon as collection ends, in one node process beside the other tests, and the lint tests run last,
instead of holding the session up when their turn comes (Neo4j's semantic analysis takes
minutes on the long loyalty queries). Nothing is kept between runs: a fresh temporary folder
each session.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

import pytest

__all__ = ["EARLY", "EarlyLint"]


class EarlyLint:
    """The install and the lint of everything, running in a thread; the fixtures wait for them."""

    def __init__(self, module) -> None:
        self.module = module
        self.root = Path(tempfile.mkdtemp(prefix="cypher_lint-"))
        self.processes: list = []
        self.installed = threading.Event()
        self.problem: str | None = None
        self.found: dict[str, list[dict]] = {}
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.problem = self.module.install(self.root)
        except Exception as exc:  # noqa: BLE001 - reported by the fixture that waits for it
            self.problem = f"npm ci could not run: {exc}"
        self.installed.set()
        if self.problem:
            return
        try:
            items = [item for _, item in self.module.everything()]
            self.found = self.module.lint(self.root, items, workers=1, track=self.processes)
        except Exception as exc:  # noqa: BLE001
            self.problem = str(exc)

    def folder(self) -> tuple[Path, str | None]:
        self.installed.wait()
        return self.root, self.problem

    def diagnostics(self) -> tuple[dict[str, list[dict]], str | None]:
        self.thread.join()
        return self.found, self.problem

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
        shutil.rmtree(self.root, ignore_errors=True)


EARLY = pytest.StashKey[EarlyLint]()


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    """The lint tests run last, so the background lint has the whole session to finish."""
    items.sort(key=lambda item: item.path.name == "test_cypher_lint.py")  # stable: order kept otherwise


def pytest_collection_finish(session: pytest.Session) -> None:
    lint_items = [item for item in session.items if item.path.name == "test_cypher_lint.py"]
    if lint_items and not session.config.option.collectonly:
        session.config.stash[EARLY] = EarlyLint(lint_items[0].module)


def pytest_sessionfinish(session: pytest.Session) -> None:
    early = session.config.stash.get(EARLY, None)
    if early is not None:
        early.stop()
