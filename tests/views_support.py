"""Helpers shared by the view tests: a hostile dataset, a synthetic large graph, expected counts."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx

from explorer import schema
from explorer.dates import as_of
from explorer.graph import tie_holds_at

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_ALIAS = "<script>alert(2)</script>"
HOSTILE_NOTE = 'see "href" <a href="javascript:alert(3)">here</a> <img src=x onerror=alert(4)>'
HOSTILE_TITLE = '<script>alert(5)</script> "href"'
HOSTILE_HREF_ALIAS = '<a "href"=x>Mr. Href</a>'


def add_hostile_records(data_dir: Path) -> None:
    """Append a person, a source and a tie whose every string is an attack, in the YAML format."""
    with (data_dir / "people.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n- id: hostile-person\n"
            f"  name: '{HOSTILE_NAME}'\n"
            f"  aliases: ['{HOSTILE_ALIAS}', 'Mr. Hostile', '{HOSTILE_HREF_ALIAS}']\n"
            f"  description: '{HOSTILE_NOTE}'\n"
        )
    with (data_dir / "sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n- id: hostile-source\n"
            f"  title: '{HOSTILE_TITLE}'\n"
            "  publisher: '<b onmouseover=alert(6)>bold</b>'\n"
            "  url: 'javascript:alert(7)'\n"
            "  reliability: F\n"
        )
    with (data_dir / "ties.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n- type: FRIEND_OF\n"
            "  from: hostile-person\n"
            "  to: bashar-al-assad\n"
            "  confidence: rumoured\n"
            f"  note: '{HOSTILE_NOTE}'\n"
            "  sources:\n"
            "    - source: hostile-source\n"
            f"      quote: '{HOSTILE_ALIAS} \"href\"'\n"
            "      credibility: 6\n"
        )
    (data_dir / "stories").mkdir(exist_ok=True)
    (data_dir / "stories" / "hostile.yaml").write_text(
        f"title: '{HOSTILE_TITLE}'\n"
        f"description: '{HOSTILE_NOTE}'\n"
        "steps:\n"
        f"  - title: '{HOSTILE_NAME}'\n"
        "    date: 2012-07\n"
        "    focus: [hostile-person]\n"
        f"    caption: '{HOSTILE_NOTE}'\n"
        "    sources:\n"
        "      - source: hostile-source\n"
        f"        note: '{HOSTILE_ALIAS}'\n"
        "        credibility: 6\n",
        encoding="utf-8",
    )


def visible_counts(graph: nx.MultiDiGraph, nodes: list[str], edges: list[tuple[str, str, str]], at: str | None) -> tuple[int, int]:
    """How many of a view's entities and ties hold at `at`, computed from the graph's own data."""
    from explorer.dates import parse_date

    day = as_of(at) if at else None

    def exists(node: str) -> bool:
        data = graph.nodes[node]
        begun = data.get("born") or data.get("founded") or data.get("start")
        return day is None or not begun or parse_date(begun).first_day <= day

    shown = {n for n in nodes if exists(n)}
    ties = [(u, v, k) for u, v, k in edges if u in shown and v in shown and tie_holds_at(graph.edges[u, v, k], day)]
    return len(shown), len(ties)


def synthetic_graph(people: int, seed: int = 7) -> nx.MultiDiGraph:
    """A large graph in build_graph's shape: people with family, bond and hierarchy ties."""
    rng = random.Random(seed)
    types = [t for t, r in schema.REL_TYPES.items() if r.source_kinds == ("person",) and r.target_kinds == ("person",)]
    graph = nx.MultiDiGraph(dataset="synthetic", title="Synthetic network", core="p0", uprising_start="2011-03", sources={}, at=None)
    for index in range(people):
        graph.add_node(f"p{index}", kind="person", label="Person", name=f"Person {index}", name_ar=None, aliases=[f"P{index}"], description=None, status_events=[])
    for index in range(1, people):
        for _ in range(2):
            other = rng.randrange(index)
            rel = schema.REL_TYPES[rng.choice(types)]
            key = f"t{index}-{other}-{rel.name.lower()}-{rng.randrange(10**6)}"
            graph.add_edge(f"p{other}", f"p{index}", key=key, id=key, type=rel.name, family=rel.family, symmetric=rel.symmetric, start=None, end=None, confidence=rng.choice(schema.CONFIDENCE_ORDER), sources=[], note=None)
    return graph
