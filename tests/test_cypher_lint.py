"""Every Cypher text of `cypher/` passes Neo4j's own checker (parser and semantic analysis).

`tests/cypher_lint/` pins `@neo4j-cypher/language-support` (package.json and its lock); it is
installed with `npm ci` into a temporary folder, and `lint.mjs` runs once over: the schema, every
load statement as the store renders it from the registry, and every named query. When these tests
are selected, `conftest_lint` starts the install and the lint in the background as the session
starts, so Neo4j's slow semantic analysis runs beside the other tests, not before them.
Each query is linted with only the parameters its header declares, so an undeclared parameter is
an error. No error may remain; a warning must be fixed or justified in the file's header with a
line `// Warning: "<part of the message>": why`, and a justification no warning needs is stale.
Without node/npm (or the registry) the tests skip locally and fail under CI=true.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from explorer import schema
from explorer.neo4j_store.query import library
from explorer.neo4j_store.statements import EVERY, _text, cypher_dir, every, statement
from conftest_lint import EARLY

LINT_DIR = Path(__file__).with_name("cypher_lint")
PACKAGE_FILES = ("package.json", "package-lock.json", "lint.mjs")
# Example values for parameters, by name; anything else is a string.
SAMPLE_PARAMS = {
    "max_hops": 3,
    "people": ["manaf-tlass"],
    "chain": True,
    "rows": [{"id": "x", "props": {"id": "x"}, "source": "a", "target": "b", "dataset": "d"}],
    "keep": ["x"],
}
LOAD_PARAMS = ("rows", "dataset", "keep", "token", "at")
JUSTIFIED = re.compile(r'^//\s*warning:\s*"([^"]+)"\s*:\s*(\S.*)$', re.IGNORECASE)


def _unavailable(why: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the Cypher linter cannot run under CI: {why}")
    pytest.skip(why)


def install(folder: Path) -> str | None:
    """`npm ci` of the pinned linter into `folder`; None, or why it could not be installed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return "node and npm are needed for the Cypher linter"
    for name in PACKAGE_FILES:
        shutil.copy(LINT_DIR / name, folder / name)
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline", "--loglevel=error"],
        cwd=folder, capture_output=True, text=True, timeout=600,
    )
    return None if done.returncode == 0 else f"npm ci failed: {done.stderr.strip()[-500:]}"


@pytest.fixture(scope="session")
def lint_tool(request, tmp_path_factory) -> Path:
    """A folder with the pinned linter installed by `npm ci` (never inside the repository); the
    one `conftest_lint` began installing when the session started, if it did."""
    early = request.config.stash.get(EARLY, None)
    if early is not None:
        folder, problem = early.folder()
    else:
        folder = tmp_path_factory.mktemp("cypher_lint")
        problem = install(folder)
    if problem:
        _unavailable(problem)
    return folder


def lint(folder: Path, queries: list[dict], workers: int = 1, track: list | None = None) -> dict[str, list[dict]]:
    """{name: diagnostics} from lint.mjs for [{name, text, parameters}].

    Neo4j's semantic analysis takes tens of seconds for each long loyalty query; with `workers`
    above 1 the texts are shared out, longest first, between node processes side by side (the
    suite runs one in the background while the other tests run: see conftest_lint).
    """
    shares: list[list[dict]] = [[] for _ in range(max(1, min(workers, len(queries))))]
    for query in sorted(queries, key=lambda q: -len(q["text"])):
        min(shares, key=lambda share: sum(len(q["text"]) for q in share)).append(query)
    running = []
    for share in shares:
        payload = {"schema": {"labels": list(schema.store_labels()), "relationshipTypes": list(schema.REL_TYPES)}, "queries": share}
        process = subprocess.Popen(["node", "lint.mjs"], cwd=folder, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        running.append((process, json.dumps(payload)))
        if track is not None:
            track.append(process)  # so the session can stop it
    with ThreadPoolExecutor(len(running)) as pool:
        outputs = list(pool.map(lambda item: item[0].communicate(item[1], timeout=1800), running))
    found: dict[str, list[dict]] = {}
    for (process, _), (out, err) in zip(running, outputs):
        if process.returncode != 0:
            raise LintFailed(f"lint.mjs failed: {err.strip()[-500:]}")
        found.update({r["name"]: r["diagnostics"] for r in json.loads(out)})
    return found


class LintFailed(RuntimeError):
    """The linter itself could not run."""


def _declared(parameters: str) -> dict:
    return {name: SAMPLE_PARAMS.get(name, "x") for name in re.findall(r"\$(\w+)", parameters)}


def _load_renderings() -> list[tuple[str, str, str]]:
    """(file, rendered name, text) for every load statement with every registry name it takes, and
    those sent for every label or type at once as they are sent."""
    out = []
    for path in sorted((cypher_dir() / "load").iterdir(), key=lambda p: p.name):
        name = path.name.removesuffix(".cypher")
        raw = _text(f"load/{name}.cypher")
        if "{source_label}" in raw:
            for rel in schema.REL_TYPES.values():
                for source in rel.source_kinds:
                    for target in rel.target_kinds:
                        s, t = schema.ENTITY_KINDS[source].label, schema.ENTITY_KINDS[target].label
                        out.append((f"load/{name}.cypher", f"{name}[{rel.name} {s}->{t}]", statement(name, type=rel.name, source_label=s, target_label=t)))
        elif "{type}" in raw:
            out += [(f"load/{name}.cypher", f"{name}[{t}]", statement(name, type=t)) for t in schema.REL_TYPES]
        elif "{label}" in raw:
            out += [(f"load/{name}.cypher", f"{name}[{label}]", statement(name, label=label)) for label in schema.store_labels()]
        else:
            out.append((f"load/{name}.cypher", name, statement(name)))
        if name in EVERY:
            out.append((f"load/{name}.cypher", f"{name}[every]", every(name)))
    return out


def everything() -> list[tuple[str, dict]]:
    """(file under cypher/, lint input) for every text the tool sends to a server."""
    items = [("schema.cypher", {"name": "schema.cypher", "text": _text("schema.cypher"), "parameters": {}})]
    for file, name, text in _load_renderings():
        used = set(re.findall(r"\$(\w+)", text))
        assert used <= set(LOAD_PARAMS), (name, used)
        items.append((file, {"name": name, "text": text, "parameters": {p: SAMPLE_PARAMS.get(p, "x") for p in LOAD_PARAMS}}))
    for query in library():
        items.append((f"queries/{Path(query.path).name}", {"name": query.name, "text": query.text, "parameters": _declared(query.parameters)}))
    return items


def justifications(file: str) -> dict[str, str]:
    """{message part: reason} from the `// Warning: "...": why` lines of a file's header."""
    found = {}
    for line in _text(file).splitlines():
        if not line.strip().startswith("//"):
            break
        match = JUSTIFIED.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


@pytest.fixture(scope="module")
def results(request, lint_tool) -> tuple[list[tuple[str, dict]], dict[str, list[dict]]]:
    items = everything()
    early = request.config.stash.get(EARLY, None)
    if early is not None:
        found, problem = early.diagnostics()
        if problem:
            _unavailable(problem)
        return items, found
    try:
        return items, lint(lint_tool, [item for _, item in items], workers=2)
    except LintFailed as exc:
        _unavailable(str(exc))


def test_every_cypher_text_is_linted(results):
    items, diagnostics = results
    files = {file for file, _ in items}
    on_disk = {str(p.relative_to(cypher_dir())) for p in Path(str(cypher_dir())).rglob("*.cypher")}
    assert files == on_disk
    assert set(diagnostics) == {item["name"] for _, item in items}


def test_no_cypher_text_has_an_error(results):
    items, diagnostics = results
    errors = [(item["name"], d["line"], d["message"]) for _, item in items for d in diagnostics[item["name"]] if d["severity"] == "error"]
    assert errors == []


def test_every_warning_is_justified_in_the_file_header(results):
    items, diagnostics = results
    unjustified, used = [], set()
    for file, item in items:
        reasons = justifications(file)
        for d in diagnostics[item["name"]]:
            if d["severity"] != "warning":
                continue
            parts = [part for part in reasons if part in d["message"]]
            used.update((file, part) for part in parts)
            if not parts:
                unjustified.append((item["name"], d["line"], d["message"]))
    stale = [(file, part) for file in {f for f, _ in items} for part in justifications(file) if (file, part) not in used]
    assert unjustified == []
    assert stale == []


def test_the_linter_reports_a_broken_query_and_an_undeclared_parameter(lint_tool):
    try:
        found = _lint_samples(lint_tool)
    except LintFailed as exc:
        _unavailable(str(exc))
    assert [d["severity"] for d in found["syntax"]][:1] == ["error"]
    assert any("not defined" in d["message"] for d in found["semantics"] if d["severity"] == "error")
    assert any("$person" in d["message"] for d in found["parameter"] if d["severity"] == "error")
    assert found["clean"] == []


def _lint_samples(lint_tool: Path) -> dict[str, list[dict]]:
    return lint(
        lint_tool,
        [
            {"name": "syntax", "text": "MATCH (n:Person RETURN n", "parameters": {}},
            {"name": "semantics", "text": "MATCH (n:Person) RETURN m", "parameters": {}},
            {"name": "parameter", "text": "MATCH (n:Person {id: $person}) RETURN n", "parameters": {}},
            {"name": "clean", "text": "MATCH (n:Person {id: $person}) RETURN n.name AS name", "parameters": {"person": "x"}},
        ],
    )
