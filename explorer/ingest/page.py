"""The annotated report page: the report's text with every mention and claim highlighted.

One offline HTML file for review before merging. The data travels as JSON inside a
`<script type="application/json">` (with <, > and & escaped), the page builds its DOM with
`textContent` only, and a Content-Security-Policy allows nothing but the page's own script and
style (by hash): no request leaves the file, and no string from the report or the record is
ever read as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
from pathlib import Path
from typing import Any

from .. import schema
from ..model import Dataset
from ..views.page import embed_json
from .compare import compare

__all__ = ["render_report_page", "write_report_page"]

_STYLE = """
body{margin:0;font:15px/1.6 system-ui,sans-serif;color:#1b1b1b;background:#fafafa;display:flex;height:100vh}
#text{flex:3;overflow:auto;padding:1.5em 2em;white-space:pre-wrap;background:#fff;border-right:1px solid #ddd}
#side{flex:2;min-width:0;overflow:auto;padding:1em 1.5em}
h1{font-size:1.15em;margin:0 0 .3em} .meta{color:#555;font-size:.9em;margin-bottom:1em}
mark{background:none;border-bottom:2px solid;cursor:pointer;padding:0 1px}
mark.person{border-color:#0072b2;background:#e6f1f8} mark.org{border-color:#d55e00;background:#fbeee5}
mark.place{border-color:#009e73;background:#e5f5f0} mark.event{border-color:#cc79a7;background:#f8edf3}
mark.post{border-color:#d55e00;background:#fbeee5} mark.new{border-style:dashed;background:#fff6cc}
span.claim{text-decoration:underline wavy #e69f00;text-underline-offset:4px;cursor:pointer}
span.claim.selected,mark.selected{outline:2px solid #000}
table{border-collapse:collapse;width:100%;table-layout:fixed;overflow-wrap:anywhere;font-size:.85em;margin:.5em 0} td,th{border-bottom:1px solid #ddd;padding:3px 4px;text-align:left;vertical-align:top}
.new{color:#0072b2} .confirms{color:#009e73} .contradicts{color:#b00} .agrees{color:#555} .weaker{color:#8a6d00}
.legend span{margin-right:1em} svg{background:#fff;border:1px solid #ddd}
.quote{font-style:italic;color:#333}
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ingest-data").textContent);
  var names = data.names;
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function nameOf(id) { return Object.prototype.hasOwnProperty.call(names, id) ? names[id] : id; }
  document.getElementById("title").textContent = data.title;
  document.getElementById("meta").textContent = data.meta;
  var textBox = document.getElementById("text");
  var claimsAt = {};
  data.claims.forEach(function (claim, i) {
    claim.offsets.forEach(function (span) {
      var key = span[0] + ":" + span[1];
      (claimsAt[key] = claimsAt[key] || { start: span[0], end: span[1], claims: [] }).claims.push(i);
    });
  });
  var ranges = Object.keys(claimsAt).map(function (k) { return claimsAt[k]; }).sort(function (a, b) { return a.start - b.start; });
  var mentions = data.mentions.slice().sort(function (a, b) { return a.offsets[0] - b.offsets[0]; });
  var text = data.text, pos = 0, m = 0, r = 0;
  function emit(container, upto) {
    while (m < mentions.length && mentions[m].offsets[0] < upto) {
      var mention = mentions[m];
      if (mention.offsets[0] < pos) { m++; continue; }
      container.appendChild(document.createTextNode(text.slice(pos, mention.offsets[0])));
      var mark = el("mark", mention.kind + (mention.how === "new" ? " new" : ""), text.slice(mention.offsets[0], mention.offsets[1]));
      mark.dataset.mention = String(m);
      mark.title = nameOf(mention.entity) + " (" + mention.how + ")";
      container.appendChild(mark);
      pos = mention.offsets[1];
      m++;
    }
    if (upto > pos) { container.appendChild(document.createTextNode(text.slice(pos, upto))); pos = upto; }
  }
  while (r < ranges.length) {
    var range = ranges[r++];
    if (range.start < pos) continue;
    emit(textBox, range.start);
    var span = el("span", "claim");
    span.dataset.claims = range.claims.join(",");
    textBox.appendChild(span);
    emit(span, range.end);
  }
  emit(textBox, text.length);

  var side = document.getElementById("detail");
  function clear() {
    while (side.firstChild) side.removeChild(side.firstChild);
    Array.prototype.forEach.call(document.querySelectorAll(".selected"), function (n) { n.classList.remove("selected"); });
  }
  function claimTable(indexes) {
    var table = el("table");
    var head = el("tr");
    ["", "candidate", "grade", "record", "review"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    table.appendChild(head);
    indexes.forEach(function (i) {
      var c = data.claims[i];
      var row = el("tr");
      row.className = "candidate";
      row.appendChild(el("td", c.change, c.change));
      row.appendChild(el("td", null, c.summary));
      row.appendChild(el("td", null, c.grade + (c.admiralty ? " " + c.admiralty : "")));
      row.appendChild(el("td", null, c.recorded.length ? c.recorded.map(function (x) { return x.id + " (" + (x.state ? x.state + "/" : "") + x.confidence + ")"; }).join("; ") : "not in the record"));
      row.appendChild(el("td", "review", c.review));
      table.appendChild(row);
    });
    return table;
  }
  var SVG = "http://www.w3.org/2000/svg";
  function graph(center, indexes) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "420"); svg.setAttribute("height", "300"); svg.setAttribute("id", "mini-graph");
    var others = [];
    var edges = [];
    indexes.forEach(function (i) {
      var c = data.claims[i];
      if (!c.to) return;
      var other = c.from === center ? c.to : c.from;
      if (others.indexOf(other) < 0) others.push(other);
      edges.push({ other: other, label: c.type, cls: c.change, recorded: false });
    });
    data.recorded.forEach(function (t) {
      if (t.from !== center && t.to !== center) return;
      var other = t.from === center ? t.to : t.from;
      if (others.indexOf(other) < 0) return;
      edges.push({ other: other, label: t.type, cls: "record", recorded: true });
    });
    var at = {};
    at[center] = [210, 150];
    others.forEach(function (o, k) {
      var a = 2 * Math.PI * k / Math.max(others.length, 1);
      at[o] = [210 + 120 * Math.cos(a), 150 + 110 * Math.sin(a)];
    });
    var colours = { "new": "#0072b2", confirms: "#009e73", contradicts: "#b00", agrees: "#555", weaker: "#8a6d00", record: "#bbb" };
    var seen = {};
    edges.forEach(function (e) {
      var k = e.other + (e.recorded ? "r" : "c");
      var n = seen[e.other] = (seen[e.other] || 0) + 1;
      var line = document.createElementNS(SVG, "line");
      var off = (n - 1) * 6;
      line.setAttribute("x1", at[center][0] + off); line.setAttribute("y1", at[center][1] + off);
      line.setAttribute("x2", at[e.other][0] + off); line.setAttribute("y2", at[e.other][1] + off);
      line.setAttribute("stroke", colours[e.cls] || "#999"); line.setAttribute("stroke-width", e.recorded ? "2" : "3");
      if (e.recorded) line.setAttribute("stroke-dasharray", "4 3");
      line.setAttribute("class", e.recorded ? "edge recorded" : "edge candidate");
      var title = document.createElementNS(SVG, "title");
      title.textContent = e.label + (e.recorded ? " (in the record)" : " (candidate: " + e.cls + ")");
      line.appendChild(title);
      svg.appendChild(line);
    });
    Object.keys(at).forEach(function (id) {
      var g = document.createElementNS(SVG, "g");
      var circle = document.createElementNS(SVG, "circle");
      circle.setAttribute("cx", at[id][0]); circle.setAttribute("cy", at[id][1]); circle.setAttribute("r", id === center ? "9" : "6");
      circle.setAttribute("fill", id === center ? "#000" : "#666");
      var label = document.createElementNS(SVG, "text");
      label.setAttribute("x", at[id][0] + 10); label.setAttribute("y", at[id][1] - 8); label.setAttribute("font-size", "11");
      label.textContent = nameOf(id);
      g.appendChild(circle); g.appendChild(label); svg.appendChild(g);
    });
    return svg;
  }
  function showMention(node) {
    clear();
    node.classList.add("selected");
    var mention = mentions[Number(node.dataset.mention)];
    side.appendChild(el("h2", null, nameOf(mention.entity)));
    side.appendChild(el("p", null, "id " + mention.entity + "; " + mention.kind + "; found by " + mention.how + (mention.title ? "; title " + mention.title : "")));
    var mine = [];
    data.claims.forEach(function (c, i) { if (c.from === mention.entity || c.to === mention.entity || c.person === mention.entity) mine.push(i); });
    side.appendChild(el("h3", null, mine.length + " candidate claims"));
    side.appendChild(claimTable(mine));
    side.appendChild(graph(mention.entity, mine));
  }
  function showClaims(node) {
    clear();
    node.classList.add("selected");
    var indexes = node.dataset.claims.split(",").map(Number);
    side.appendChild(el("h2", null, "Claims read in this sentence"));
    side.appendChild(el("p", "quote", node.textContent));
    side.appendChild(claimTable(indexes));
    indexes.forEach(function (i) {
      var c = data.claims[i];
      side.appendChild(el("p", null, c.summary + ": " + c.why));
    });
  }
  textBox.addEventListener("click", function (event) {
    var node = event.target;
    if (node.dataset && node.dataset.mention !== undefined) { showMention(node); event.stopPropagation(); return; }
    while (node && node !== textBox && !(node.dataset && node.dataset.claims)) node = node.parentNode;
    if (node && node !== textBox) showClaims(node);
  });
  var counts = document.getElementById("counts");
  counts.textContent = data.mentions.length + " mentions, " + data.claims.length + " candidate claims: " + data.summary;
  window.ingestPage = { ready: true, data: data };
})();
"""


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


KINDS = ("person", "org", "place", "event", "post")


def _span_ok(span: Any, length: int) -> bool:
    """A [start, end] pair of offsets inside the text (a hand-edited file may hold anything)."""
    return (
        isinstance(span, list) and len(span) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in span)
        and 0 <= span[0] <= span[1] <= length
    )


def page_data(records: dict[str, Any], dataset: Dataset) -> dict[str, Any]:
    """What the page shows: text, mentions, candidates with their judgement, the recorded ties nearby."""
    report = records.get("report") or {}
    changes = compare(records, dataset)
    by_key = {}
    for change in changes:
        by_key[tuple(sorted(change.key.items()))] = change
    names = {e.id: e.name for e in dataset.entities.values()}
    for person in records.get("people") or []:
        names[person.get("id")] = person.get("name")
    claims = []
    for tie in records.get("ties") or []:
        change = by_key.get(tuple(sorted({"type": tie.get("type"), "from": tie.get("from"), "to": tie.get("to")}.items())))
        claims.append({
            "type": tie.get("type"), "from": tie.get("from"), "to": tie.get("to"), "grade": tie.get("confidence", ""), "admiralty": tie.get("admiralty", ""),
            "offsets": tie.get("offsets") or [], "review": str(tie.get("review", "pending")), "change": change.change if change else "new", "summary": change.summary if change else tie.get("type"),
            "recorded": change.recorded if change else [], "why": "; ".join(c.get("note", "") for c in tie.get("sources") or [] if isinstance(c, dict)),
        })
    for event in records.get("status") or []:
        change = by_key.get(tuple(sorted({"person": event.get("person"), "kind": event.get("kind")}.items())))
        claims.append({
            "type": event.get("kind"), "from": event.get("person"), "to": event.get("place"), "person": event.get("person"), "grade": f"{event.get('state')}/{event.get('confidence')}",
            "admiralty": event.get("admiralty", ""), "offsets": event.get("offsets") or [], "review": str(event.get("review", "pending")), "change": change.change if change else "new",
            "summary": change.summary if change else event.get("kind"), "recorded": change.recorded if change else [],
            "why": "; ".join(c.get("note", "") for c in event.get("sources") or [] if isinstance(c, dict)),
        })
    mentions = [m for m in records.get("mentions") or [] if _span_ok(m.get("offsets"), len(report.get("text", ""))) and m.get("kind") in KINDS]
    for claim in claims:
        claim["offsets"] = [o for o in claim["offsets"] if _span_ok(o, len(report.get("text", "")))]
    mentioned = {m.get("entity") for m in mentions}
    recorded = [{"type": t.type, "from": t.source, "to": t.target, "confidence": t.confidence} for t in dataset.ties if t.source in mentioned and t.target in mentioned]
    used = mentioned | {c["from"] for c in claims} | {c["to"] for c in claims if c["to"]}
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.change] = counts.get(change.change, 0) + 1
    meta = " · ".join(str(v) for v in (report.get("source"), report.get("date"), report.get("url")) if v)
    return {
        "title": report.get("title") or report.get("file") or "Report",
        "meta": meta,
        "text": report.get("text", ""),
        "mentions": [{k: m.get(k) for k in ("text", "entity", "kind", "how", "offsets", "title")} for m in mentions],
        "claims": claims,
        "recorded": recorded,
        "names": {k: v for k, v in names.items() if k in used},
        "summary": ", ".join(f"{n} {k}" for k, n in counts.items()),
        "confidence": list(schema.CONFIDENCE),
    }


def render_report_page(records: dict[str, Any], dataset: Dataset) -> str:
    """The annotated page as one self-contained HTML document."""
    data = page_data(records, dataset)
    title = html.escape(data["title"])
    csp = f"default-src 'none'; script-src '{_hash(_SCRIPT)}'; style-src '{_hash(_STYLE)}'; img-src data:; base-uri 'none'; form-action 'none'"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{title} — annotated</title>\n<style>{_STYLE}</style></head><body>\n"
        "<div id=\"text\"><h1 id=\"title\"></h1><div class=\"meta\" id=\"meta\"></div></div>\n"
        "<div id=\"side\"><p class=\"legend\"><span class=\"new\">+ new</span><span class=\"confirms\">^ confirms</span>"
        "<span class=\"contradicts\">! contradicts</span><span class=\"agrees\">= agrees</span><span class=\"weaker\">~ weaker</span></p>"
        "<p id=\"counts\"></p><p>Click a highlighted name or an underlined sentence.</p><div id=\"detail\"></div></div>\n"
        f"<script type=\"application/json\" id=\"ingest-data\">{embed_json(data)}</script>\n"
        f"<script>{_SCRIPT}</script>\n</body></html>\n"
    )


def write_report_page(records: dict[str, Any], dataset: Dataset, path: str | Path) -> Path:
    """Write the annotated page."""
    out = Path(path)
    out.write_text(render_report_page(records, dataset), encoding="utf-8")
    return out
