"""Plain-text renderings of ties, citations and paths, shared by every command that prints them."""

from __future__ import annotations

from typing import Any, Mapping

from .schema import CREDIBILITY

__all__ = ["span", "citation_line", "tie_line", "hop_text", "grade_phrase", "grade_words", "name_of", "table"]


def span(start: str | None, end: str | None) -> str:
    """`2011 – 2012-07`, `from 2012-07`, `until 2004`, or `undated`."""
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return "undated"


def name_of(graph, node: str) -> str:
    return graph.nodes[node].get("name", node) if node in graph else node


# A source's reliability as a reader would say it, before the claim's credibility (the Admiralty code).
_RELIABILITY_WORDS = {
    "A": "completely reliable source",
    "B": "usually reliable source",
    "C": "fairly reliable source",
    "D": "source not usually reliable",
    "E": "unreliable source",
    "F": "source of unknown reliability",
}


def grade_words(grade: str) -> str:
    """`C3: fairly reliable source, possibly true`: an Admiralty grade in words."""
    reliability = _RELIABILITY_WORDS.get(grade[:1], _RELIABILITY_WORDS["F"])
    credibility = CREDIBILITY.get(int(grade[1:]) if grade[1:].isdigit() else 6, CREDIBILITY[6]).lower()
    return f"{grade}: {reliability}, {credibility}"


def citation_line(citation: Mapping[str, Any], sources: Mapping[str, Mapping] | None = None) -> str:
    """`[B2] source-id (Publisher): "quote"` — the grade first, so trust is read before the claim."""
    source = (sources or {}).get(citation["source"], {})
    publisher = f" ({source['publisher']})" if source.get("publisher") else ""
    stance = " DISPUTES" if citation.get("stance") == "disputes" else ""
    quote = f': "{citation["quote"]}"' if citation.get("quote") else ""
    note = f" — {citation['note']}" if citation.get("note") and not quote else ""
    return f"[{citation.get('grade', '')}]{stance} {citation['source']}{publisher}{quote}{note}"


def tie_line(graph, source: str, target: str, data: Mapping[str, Any]) -> str:
    """One line for a tie: who, type, who, dates, confidence."""
    arrow = "—" if data.get("symmetric") else "→"
    extra = data.get("role") or data.get("relation")
    extra = f" ({extra})" if extra else ""
    return (
        f"{name_of(graph, source)} {arrow} {data['type']}{extra} {arrow} {name_of(graph, target)}"
        f"  [{span(data.get('start'), data.get('end'))}; {data['confidence']}]"
    )


def grade_phrase(state: str, confidence: str) -> str:
    """`confirmed`, or `reported, graded confirmed` when a record's state and its grade differ."""
    return state if state == confidence else f"{state}, graded {confidence}"


def hop_text(names: Mapping[str, str], hop: Mapping[str, Any]) -> str:
    """One step of a path: `A -[FRIEND_OF]- B`, or for a derived chain-of-command hop
    `A -[chain of command: in the Ministry of Foreign Affairs, headed then by B]- B`."""
    if hop.get("derived"):
        return f"{names[hop['from']]} -[chain of command: {hop['note']}]- {names[hop['to']]}"
    extra = hop.get("role") or hop.get("relation")
    extra = f" ({extra})" if extra else ""
    return f"{names[hop['from']]} -[{hop['type']}{extra}]- {names[hop['to']]}"


def table(rows: list[list[Any]], headers: list[str]) -> str:
    """A plain aligned text table."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
