/* regime-explorer view page: search, info panel, filters, focus, time slider, compare, legend, PNG.
 * Every string from the data reaches the page through textContent or a vis plain-text title, never
 * through innerHTML. Everything runs from the data embedded in #view-data: no request leaves the page. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("view-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, props) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        if (key === "text") node.textContent = props[key];
        else if (key === "cls") node.className = props[key];
        else node.setAttribute(key, props[key]);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === "") continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  /* ---------------------------------------------------------------- data and state */

  var nodeById = new Map();
  var edgeById = new Map();
  var edgesOf = new Map();
  DATA.nodes.forEach(function (n) { nodeById.set(n.id, n); edgesOf.set(n.id, []); });
  DATA.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    edgesOf.get(e.from).push(e.id);
    if (e.to !== e.from) edgesOf.get(e.to).push(e.id);
  });
  var confRank = {};
  DATA.filters.confidence.forEach(function (c, i) { confRank[c] = i; });
  var months = DATA.months;

  function monthIndexOf(day) {
    if (!day || !months.length) return -1;
    return months.indexOf(day.slice(0, 7));
  }
  function monthEnd(index) {
    var parts = months[index].split("-");
    var last = new Date(Date.UTC(+parts[0], +parts[1], 0)).getUTCDate();
    return months[index] + "-" + (last < 10 ? "0" : "") + last;
  }

  var initialIndex = monthIndexOf(DATA.view.day);
  if (initialIndex < 0) initialIndex = Math.min(12, months.length - 1);

  var state = {
    families: new Set(DATA.filters.families),
    kinds: new Set(DATA.filters.kinds),
    minConfidence: DATA.filters.confidence.length - 1,
    time: false,
    month: initialIndex,
    compare: false,
    compareMonth: months.length - 1,
    focus: 0,
    selected: null,
    colourBy: DATA.view.colour_by
  };

  /* ---------------------------------------------------------------- time */

  function exists(n, day) { return !day || !n.t.begin || n.t.begin <= day; }
  function holds(e, day) { return !day || ((!e.t.s || e.t.s <= day) && (!e.t.e || e.t.e >= day)); }

  function statusAtMonth(n, index) {
    var status = n.t.status;
    var changes = n.t.changes;
    if (!changes.length) return status;
    status = changes[0][1];
    for (var i = 0; i < changes.length && changes[i][0] <= index; i++) status = changes[i][1];
    return status;
  }
  /* Days in force: [day] normally, [dayA, dayB] when comparing. null means the whole record. */
  function days() {
    if (state.compare) return [monthEnd(state.month), monthEnd(state.compareMonth)];
    if (state.time) return [monthEnd(state.month)];
    return [DATA.view.day];
  }
  /* The month the page shows (the later one when comparing), or null for the view's own date. */
  function shownIndex() {
    if (state.compare) return state.compareMonth;
    if (state.time) return state.month;
    return null;
  }
  /* The day the page shows, as the date words of titles and panels. */
  function shownDay() {
    var index = shownIndex();
    return index === null ? DATA.view.day : monthEnd(index);
  }
  function dateWords(day) { return day ? "as of " + day : "the whole record"; }
  function changeAt(changes, index) {
    var found = null;
    for (var i = 0; i < changes.length && changes[i][0] <= index; i++) found = changes[i];
    return found;
  }
  /* A person's loyalty at the shown date: {distance, strength, keys, derived}, or null when the
   * page carries no loyalty timeline. At the view's own date it is the analysis of that day. */
  var LOY = DATA.loyalty;
  function loyaltyOf(id) {
    if (!LOY || !LOY.people[id]) return null;
    var index = shownIndex();
    if (index === null) {
      var n = nodeById.get(id);
      return { distance: n.info.loyalty_distance === undefined ? null : n.info.loyalty_distance, strength: null, keys: null, derived: 0 };
    }
    var entry = changeAt(LOY.people[id], index);
    if (!entry) return { distance: null, strength: null, keys: [], derived: 0 };
    return { distance: entry[1], strength: entry[2], keys: entry[3], derived: entry[4] };
  }
  /* The ties drawn thick at the shown month: the explained person's path, or everyone's. */
  function thickTies() {
    if (!LOY || shownIndex() === null) return null;
    var keys = new Set();
    var people = LOY.person ? [LOY.person] : Object.keys(LOY.people);
    people.forEach(function (id) { var l = loyaltyOf(id); if (l && l.keys) l.keys.forEach(function (k) { keys.add(k); }); });
    return keys;
  }
  function distanceColour(distance) {
    if (distance === null || distance === undefined) return DATA.palette.unreachable;
    return DATA.palette.distance[Math.min(distance, DATA.palette.distance.length - 1)];
  }

  function currentStatus(n) {
    if (n.info.kind !== "person") return "";
    if (state.compare) return statusAtMonth(n, state.compareMonth);
    if (state.time) return statusAtMonth(n, state.month);
    return n.t.status;
  }

  /* ---------------------------------------------------------------- vis network */

  var ENDED = DATA.palette.ended;
  var BEGUN = DATA.palette.begun;
  var THIN = 1.5;
  var nodeStyleKey = new Map();
  var edgeStyleKey = new Map();

  /* Items start in the style restyle() would give them, so opening the page updates nothing. */
  function baseNode(n) {
    var style = nodeStyle(n, null, null);
    nodeStyleKey.set(n.id, style.key);
    var item = Object.assign({ id: n.id, label: n.label, shape: n.shape, size: n.size, title: n.title }, style.props);
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    if (n.fixed) item.fixed = { x: true, y: true };
    return item;
  }
  function baseEdge(e) {
    var style = edgeStyle(e, null, days(), null);
    edgeStyleKey.set(e.id, style.key);
    var item = Object.assign({ id: e.id, from: e.from, to: e.to, title: e.title, arrows: e.arrows }, style.props);
    if (e.smooth) item.smooth = e.smooth;
    return item;
  }

  var nodeSet = new vis.DataSet(DATA.nodes.map(baseNode));
  var edgeSet = new vis.DataSet(DATA.edges.map(baseEdge));
  var visibleNodes = new Set();
  var visibleEdges = new Set();
  var nodeView = new vis.DataView(nodeSet, { filter: function (item) { return visibleNodes.has(item.id); } });
  var edgeView = new vis.DataView(edgeSet, { filter: function (item) { return visibleEdges.has(item.id); } });

  function computeVisible() {
    var dayList = days();
    visibleNodes = new Set();
    DATA.nodes.forEach(function (n) {
      if (!state.kinds.has(n.info.kind)) return;
      if (dayList.some(function (d) { return exists(n, d); })) visibleNodes.add(n.id);
    });
    visibleEdges = new Set();
    DATA.edges.forEach(function (e) {
      if (!state.families.has(e.info.family)) return;
      var rank = Object.prototype.hasOwnProperty.call(confRank, e.info.confidence) ? confRank[e.info.confidence] : DATA.filters.confidence.length - 1;
      if (rank > state.minConfidence) return;
      if (!visibleNodes.has(e.from) || !visibleNodes.has(e.to)) return;
      if (dayList.some(function (d) { return holds(e, d); })) visibleEdges.add(e.id);
    });
  }

  /* With physics, the layout is computed once for everything the page can show (all months, all
   * filters), so entities keep their place when the slider or a filter brings them back. */
  var physics = !!(DATA.options.physics && DATA.options.physics.enabled);
  if (physics) {
    DATA.nodes.forEach(function (n) { visibleNodes.add(n.id); });
    DATA.edges.forEach(function (e) { visibleEdges.add(e.id); });
  } else {
    computeVisible();
  }
  nodeView.refresh();
  edgeView.refresh();

  var container = $("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, DATA.options);
  window.network = network;

  /* ---------------------------------------------------------------- styling: colour, compare, focus */

  function focusSet() {
    if (!state.focus || !state.selected || !visibleNodes.has(state.selected)) return null;
    var seen = new Set([state.selected]);
    var frontier = [state.selected];
    for (var depth = 0; depth < state.focus; depth++) {
      var next = [];
      frontier.forEach(function (id) {
        edgesOf.get(id).forEach(function (eid) {
          if (!visibleEdges.has(eid)) return;
          var e = edgeById.get(eid);
          var other = e.from === id ? e.to : e.from;
          if (!seen.has(other)) { seen.add(other); next.push(other); }
        });
      });
      frontier = next;
    }
    return seen;
  }

  function nodeColour(n, status) {
    if (state.colourBy === "distance" && n.info.kind === "person" && LOY) {
      if (shownIndex() === null) return n.color;
      return distanceColour(loyaltyOf(n.id).distance);
    }
    if (state.colourBy === "distance" && shownIndex() === null) return n.color;
    if (n.info.kind === "person") return DATA.palette.status[status || "unknown"] || DATA.palette.status.unknown;
    return DATA.palette.kind[n.info.kind] || "#cccccc";
  }

  function nodeStyle(n, focus, changedStatus) {
    var background = nodeColour(n, currentStatus(n));
    var faded = !!(focus && !focus.has(n.id));
    var changed = !!(changedStatus && changedStatus.has(n.id));
    return {
      key: background + (faded ? "f" : "") + (changed ? "c" : ""),
      props: {
        color: { background: background, border: changed ? "#111111" : "#2b2b2b", highlight: { background: background, border: "#000000" }, hover: { background: background, border: "#000000" } },
        borderWidth: changed ? 5 : (n.borderWidth || 1),
        opacity: faded ? 0.15 : 1,
        font: { color: faded ? "rgba(40,40,40,0.2)" : "#1b1f23" }
      }
    };
  }

  function edgeStyle(e, focus, dayList, thick) {
    var mark = "";
    if (state.compare) {
      var before = holds(e, dayList[0]);
      var after = holds(e, dayList[1]);
      if (before && !after) mark = "ended";
      else if (!before && after) mark = "begun";
    }
    var faded = !!(focus && !(focus.has(e.from) && focus.has(e.to)));
    var colour = mark === "ended" ? ENDED : mark === "begun" ? BEGUN : e.color.color;
    var width = thick ? (thick.has(e.id) ? e.thick : THIN) : e.width;
    return {
      key: mark + (faded ? "f" : "") + width,
      props: {
        color: { color: colour, highlight: colour, hover: colour, opacity: faded ? 0.12 : 1 },
        width: mark ? 4 : width,
        dashes: mark === "ended" ? [6, 6] : e.dashes
      }
    };
  }

  function restyle() {
    var focus = focusSet();
    var changedStatus = new Set();
    if (state.compare) {
      DATA.nodes.forEach(function (n) {
        if (n.info.kind === "person" && visibleNodes.has(n.id) && statusAtMonth(n, state.month) !== statusAtMonth(n, state.compareMonth)) changedStatus.add(n.id);
      });
    }
    var nodeUpdates = [];
    DATA.nodes.forEach(function (n) {
      var style = nodeStyle(n, focus, changedStatus);
      if (nodeStyleKey.get(n.id) === style.key) return;
      nodeStyleKey.set(n.id, style.key);
      style.props.id = n.id;
      nodeUpdates.push(style.props);
    });
    var edgeUpdates = [];
    var dayList = days();
    var thick = thickTies();
    DATA.edges.forEach(function (e) {
      var style = edgeStyle(e, focus, dayList, thick);
      if (edgeStyleKey.get(e.id) === style.key) return;
      edgeStyleKey.set(e.id, style.key);
      style.props.id = e.id;
      edgeUpdates.push(style.props);
    });
    if (nodeUpdates.length) nodeSet.update(nodeUpdates);
    if (edgeUpdates.length) edgeSet.update(edgeUpdates);
    renderChanges(changedStatus);
  }

  function apply() {
    computeVisible();
    nodeView.refresh();
    edgeView.refresh();
    restyle();
    renderCounts();
    renderExplanation();
  }

  function renderCounts() {
    $("counts").textContent = nodeView.length + " of " + DATA.nodes.length + " entities, " + edgeView.length + " of " + DATA.edges.length + " ties shown";
  }

  /* ---------------------------------------------------------------- names */

  function nodeName(id) { var n = nodeById.get(id); return n ? n.label : (DATA.names[id] || id); }
  function edgeText(e) {
    var extra = e.info.relation || e.info.role;
    return nodeName(e.from) + " \u2014 " + e.info.label + (extra ? " (" + extra + ")" : "") + " \u2014 " + nodeName(e.to);
  }
  function datesText(start, end) {
    if (start && end) return start + " to " + end;
    if (start) return "from " + start + " (end unknown)";
    if (end) return "until " + end;
    return "dates unknown";
  }

  /* ---------------------------------------------------------------- info panel */

  function rtl(text) { return el("span", { dir: "rtl", lang: "ar", cls: "ar", text: text }); }

  function addRow(dl, label, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value);
    else dd.textContent = Array.isArray(value) ? value.join(", ") : String(value);
    dl.appendChild(el("dt", { text: label }));
    dl.appendChild(dd);
  }

  function citationList(citations) {
    var list = el("ul", { cls: "sources" });
    (citations || []).forEach(function (c) {
      var source = DATA.sources[c.source] || {};
      var item = el("li", { cls: "source" });
      var head = [source.title || c.source];
      if (source.publisher) head.push(source.publisher);
      if (source.author) head.push(source.author);
      if (source.date) head.push(source.date);
      item.appendChild(el("div", { cls: "source-title", text: head.join(", ") }));
      var grade = "grade " + (c.grade || "") + (c.stance === "disputes" ? ", disputes the claim" : "");
      item.appendChild(el("div", { cls: "grade", text: grade }));
      if (c.quote) item.appendChild(el("blockquote", { text: c.quote }));
      if (c.note) item.appendChild(el("div", { cls: "citation-note", text: c.note }));
      if (source.url && /^https?:\/\//i.test(source.url)) {
        var link = el("a", { text: source.url, target: "_blank", rel: "noopener noreferrer" });
        link.href = source.url;
        item.appendChild(el("div", { cls: "url" }, link));
      }
      list.appendChild(item);
    });
    return list;
  }

  function showNode(id) {
    var n = nodeById.get(id);
    var box = $("info");
    clear(box);
    if (!n) return;
    var info = n.info;
    box.appendChild(el("h3", { text: info.name || id }));
    if (info.name_ar) box.appendChild(el("p", { dir: "rtl", lang: "ar", cls: "ar name-ar", text: info.name_ar }));
    var dl = el("dl");
    addRow(dl, "id", id);
    addRow(dl, "kind", info.kind + (info.org_kind ? ": " + String(info.org_kind).replace(/_/g, " ") : ""));
    var status = currentStatus(n);
    if (status) addRow(dl, "status", status + (shownIndex() !== null || DATA.view.day ? " (" + dateWords(shownDay()) + ")" : " (as the record ends)"));
    var loyal = info.kind === "person" ? loyaltyOf(id) : null;
    if (loyal) {
      addRow(dl, "loyalty distance", (loyal.distance === null ? "no loyalty path" : String(loyal.distance)) + " (" + dateWords(shownDay()) + ")");
      if (loyal.strength) addRow(dl, "path strength", loyal.strength + (loyal.derived ? "; " + loyal.derived + " hop" + (loyal.derived === 1 ? "" : "s") + " from the chain of command" : ""));
    } else if (info.loyalty_distance !== undefined) addRow(dl, "loyalty distance", String(info.loyalty_distance) + " (" + dateWords(DATA.view.day) + ")");
    addRow(dl, "aliases", info.aliases);
    addRow(dl, "titles", info.titles);
    ["born", "died", "founded", "dissolved", "start", "end", "sect", "gender"].forEach(function (key) { addRow(dl, key, info[key]); });
    addRow(dl, "description", info.description);
    addRow(dl, "notes", info.notes);
    box.appendChild(dl);
    if (info.status_events && info.status_events.length) {
      box.appendChild(el("h4", { text: "Status events" }));
      var events = el("ul");
      info.status_events.forEach(function (ev) {
        var line = ev.kind.replace(/_/g, " ") + " " + (ev.date || "") + " (" + ev.state + ", " + ev.confidence + ")";
        if (ev.place) line += " \u2014 " + nodeName(ev.place);
        var item = el("li", { cls: "status-event" }, el("div", { text: line }));
        if (ev.note) item.appendChild(el("div", { text: ev.note }));
        item.appendChild(citationList(ev.sources));
        events.appendChild(item);
      });
      box.appendChild(events);
    }
    var ties = edgesOf.get(id) || [];
    if (ties.length) {
      box.appendChild(el("h4", { text: "Ties (" + ties.length + ")" }));
      var list = el("ul", { cls: "ties" });
      ties.forEach(function (eid) {
        var e = edgeById.get(eid);
        var button = el("button", { type: "button", cls: "link", text: edgeText(e) });
        button.addEventListener("click", function () { selectEdge(eid); });
        list.appendChild(el("li", null, button, " " + datesText(e.info.start, e.info.end) + ", " + e.info.confidence + (visibleEdges.has(eid) ? "" : " (not shown)")));
      });
      box.appendChild(list);
    }
  }

  function showEdge(id) {
    var e = edgeById.get(id);
    var box = $("info");
    clear(box);
    if (!e) return;
    var info = e.info;
    box.appendChild(el("h3", { text: edgeText(e) }));
    var dl = el("dl");
    addRow(dl, "type", info.type);
    addRow(dl, "family", info.family);
    addRow(dl, "dates", datesText(info.start, info.end));
    addRow(dl, "confidence", info.confidence);
    addRow(dl, "relation", info.relation);
    addRow(dl, "role", info.role);
    addRow(dl, "note", info.note);
    addRow(dl, "id", id);
    box.appendChild(dl);
    box.appendChild(el("h4", { text: "Sources (" + (info.sources || []).length + ")" }));
    box.appendChild(citationList(info.sources));
  }

  function selectEdge(id) {
    state.selected = null;
    if (visibleEdges.has(id)) network.setSelection({ nodes: [], edges: [id] });
    showEdge(id);
    restyle();
  }

  function selectNode(id, zoom) {
    state.selected = id;
    showNode(id);
    if (visibleNodes.has(id)) {
      network.selectNodes([id]);
      if (zoom) network.focus(id, { scale: 1.3, animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    } else {
      $("info").appendChild(el("p", { cls: "note", text: "Hidden by the filters or the date; change them to see it in the graph." }));
    }
    restyle();
  }

  network.on("click", function (params) {
    if (params.nodes.length) selectNode(params.nodes[0], false);
    else if (params.edges.length) selectEdge(params.edges[0]);
    else { state.selected = null; clear($("info")); $("info").appendChild(el("p", { cls: "hint", text: "Click an entity or a tie to see everything known about it." })); restyle(); }
  });

  /* ---------------------------------------------------------------- search (mirrors explorer.names) */

  function fold(text) {
    var s = String(text).normalize("NFKD").replace(/\p{M}/gu, "");
    s = s.replace(/[\u064B-\u065F\u0670]/g, "").toLowerCase();
    s = s.replace(/['\u2019`\u02bf\u02be.]/g, "");
    return s.replace(/[\s\-_,/]+/g, " ").trim();
  }
  var VARIANTS = DATA.search_variants.map(function (v) { return [new RegExp(v[0], "g"), v[1]]; });
  function skeleton(text) {
    var key = fold(text);
    VARIANTS.forEach(function (v) { key = key.replace(v[0], v[1]); });
    return key.replace(/\s+/g, " ").trim();
  }

  function search(query) {
    var folded = fold(query);
    if (!folded) return [];
    var loose = skeleton(query);
    var hits = [];
    DATA.nodes.forEach(function (n) {
      var score = 99;
      var keys = n.search.fold;
      for (var i = 0; i < keys.length; i++) {
        var k = keys[i];
        if (k === folded) score = Math.min(score, 0);
        else if (k.indexOf(folded) === 0 || k.indexOf(" " + folded) >= 0) score = Math.min(score, 1);
        else if (k.indexOf(folded) > 0) score = Math.min(score, 2);
      }
      if (score > 2 && loose.length >= 2) {
        n.search.skeleton.forEach(function (k) {
          if (k === loose) score = Math.min(score, 3);
          else if (k.indexOf(loose) >= 0) score = Math.min(score, 4);
        });
      }
      if (score < 99) hits.push([score, n.label, n.id]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    return hits.slice(0, 25).map(function (h) { return h[2]; });
  }

  function renderResults() {
    var list = $("search-results");
    clear(list);
    search($("search").value).forEach(function (id) {
      var n = nodeById.get(id);
      var button = el("button", { type: "button", "data-id": id }, el("span", { text: n.label }));
      if (n.info.name_ar) button.appendChild(el("span", { text: " " }));
      if (n.info.name_ar) button.appendChild(rtl(n.info.name_ar));
      button.appendChild(el("span", { cls: "matched", text: " " + n.info.kind }));
      button.addEventListener("click", function () { selectNode(id, true); });
      list.appendChild(el("li", null, button));
    });
  }
  $("search").addEventListener("input", renderResults);
  $("search").addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var hits = search($("search").value);
    if (hits.length) selectNode(hits[0], true);
  });

  /* ---------------------------------------------------------------- filters and focus */

  function checkbox(parent, name, value, label, set) {
    var box = el("input", { type: "checkbox", name: name, value: value });
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) set.add(value); else set.delete(value);
      apply();
    });
    parent.appendChild(el("label", null, box, label));
  }
  DATA.filters.families.forEach(function (f) { checkbox($("family-filters"), "family", f, f, state.families); });
  DATA.filters.kinds.forEach(function (k) { checkbox($("kind-filters"), "kind", k, k, state.kinds); });
  DATA.filters.confidence.forEach(function (c, i) {
    var option = el("option", { value: String(i), text: i === DATA.filters.confidence.length - 1 ? c + " (all)" : c + " or stronger" });
    $("min-confidence").appendChild(option);
  });
  $("min-confidence").value = String(state.minConfidence);
  $("min-confidence").addEventListener("change", function () { state.minConfidence = +this.value; apply(); });
  $("focus-depth").addEventListener("change", function () { state.focus = +this.value; restyle(); });
  if (DATA.view.colour_by === "distance") {
    $("colour-row").hidden = false;
    $("colour-by").value = "distance";
    $("colour-by").addEventListener("change", function () { state.colourBy = this.value; renderLegend(); restyle(); });
  }
  if (!DATA.meta.command) $("meta-command-row").hidden = true;
  if (DATA.view.note) { $("view-note").hidden = false; $("view-note").textContent = DATA.view.note; }
  /* The "Explained" box names the date shown: the view's own lines at its date, and for a
   * loyalty view replayed by month, that month's path (or a count of who is bound). */
  function renderExplanation() {
    var lines = DATA.view.explanation || [];
    var index = shownIndex();
    if (LOY && index !== null) {
      var when = dateWords(shownDay());
      if (LOY.person) {
        var entry = changeAt(LOY.explained, index);
        lines = entry ? entry[1].map(function (line) { return line.split("{when}").join(when); }) : [];
      } else {
        var bound = 0, top = 0, none = 0;
        Object.keys(LOY.people).forEach(function (id) {
          if (!visibleNodes.has(id)) return;
          var d = loyaltyOf(id).distance;
          if (d === null) none++; else if (d > 0) { bound++; if (d === 1) top++; }
        });
        lines = ["Showing " + shownDay() + ": " + bound + " people with a loyalty path to " + nodeName(LOY.core) + " (" + top + " at distance 1), " + none + " with none."];
      }
    }
    $("explain-section").hidden = !lines.length;
    clear($("explain"));
    lines.forEach(function (line) { $("explain").appendChild(el("li", { text: line })); });
  }

  /* ---------------------------------------------------------------- time slider and compare */

  var slider = $("time-slider");
  var compareSlider = $("compare-slider");
  slider.max = compareSlider.max = String(Math.max(months.length - 1, 0));
  slider.value = String(state.month);
  compareSlider.value = String(state.compareMonth);

  function renderTimeLabels() {
    $("time-label").textContent = state.time || state.compare ? "Showing " + months[state.month] + " (as of " + monthEnd(state.month) + ")" : "Showing " + (DATA.view.at ? "the state as of " + DATA.view.at : "the whole record");
    $("compare-label").textContent = state.compare ? "Compared with " + months[state.compareMonth] + ": red ties ended, green ties began, thick borders changed status" : "";
    $("meta-date").textContent = state.compare ? monthEnd(state.month) + " vs " + monthEnd(state.compareMonth) : state.time ? monthEnd(state.month) : (DATA.view.at || "whole record");
    var title = DATA.view.title;
    if (LOY && shownIndex() !== null) title = LOY.title.split("{when}").join(state.compare ? "as of " + monthEnd(state.month) + " vs " + monthEnd(state.compareMonth) : dateWords(shownDay()));
    else if (shownIndex() !== null && DATA.view.at) title = title.split("as of " + DATA.view.at).join(dateWords(shownDay()));
    $("view-title").textContent = title;
    document.title = title;
  }

  function renderChanges(changedStatus) {
    var box = $("changes");
    clear(box);
    if (!state.compare) return;
    var dayList = days();
    var ended = [], begun = [];
    DATA.edges.forEach(function (e) {
      if (!visibleEdges.has(e.id)) return;
      var before = holds(e, dayList[0]), after = holds(e, dayList[1]);
      if (before && !after) ended.push(e); else if (!before && after) begun.push(e);
    });
    function section(title, items, text) {
      box.appendChild(el("h3", { text: title + " (" + items.length + ")" }));
      var list = el("ul");
      items.slice(0, 200).forEach(function (item) { list.appendChild(el("li", { text: text(item) })); });
      if (items.length > 200) list.appendChild(el("li", { text: "and " + (items.length - 200) + " more" }));
      box.appendChild(list);
    }
    var people = Array.from(changedStatus).map(function (id) { return nodeById.get(id); });
    section("Status changes", people, function (n) { return n.label + ": " + statusAtMonth(n, state.month) + " \u2192 " + statusAtMonth(n, state.compareMonth); });
    section("Ties ended", ended, edgeText);
    section("Ties begun", begun, edgeText);
  }

  function timeChanged() {
    state.month = +slider.value;
    state.compareMonth = +compareSlider.value;
    renderTimeLabels();
    apply();
    renderLegend();
    if (state.selected) showNode(state.selected);
  }
  $("time-on").addEventListener("change", function () {
    state.time = this.checked;
    slider.disabled = !state.time && !state.compare;
    timeChanged();
  });
  $("compare-on").addEventListener("change", function () {
    state.compare = this.checked;
    compareSlider.disabled = !state.compare;
    slider.disabled = !state.time && !state.compare;
    timeChanged();
  });
  slider.addEventListener("input", timeChanged);
  compareSlider.addEventListener("input", timeChanged);
  if (!months.length) { $("time-section").hidden = true; }

  /* ---------------------------------------------------------------- legend */

  function swatchShape(shape, colour) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "18"); svg.setAttribute("height", "18"); svg.setAttribute("viewBox", "0 0 18 18");
    var item;
    if (shape === "square") { item = document.createElementNS(SVG, "rect"); item.setAttribute("x", "3"); item.setAttribute("y", "3"); item.setAttribute("width", "12"); item.setAttribute("height", "12"); }
    else if (shape === "triangle") { item = document.createElementNS(SVG, "polygon"); item.setAttribute("points", "9,2 16,15 2,15"); }
    else if (shape === "diamond") { item = document.createElementNS(SVG, "polygon"); item.setAttribute("points", "9,1 17,9 9,17 1,9"); }
    else if (shape === "hexagon") { item = document.createElementNS(SVG, "polygon"); item.setAttribute("points", "5,2 13,2 17,9 13,16 5,16 1,9"); }
    else if (shape === "star") { item = document.createElementNS(SVG, "polygon"); item.setAttribute("points", "9,1 11,7 17,7 12,11 14,17 9,13 4,17 6,11 1,7 7,7"); }
    else { item = document.createElementNS(SVG, "circle"); item.setAttribute("cx", "9"); item.setAttribute("cy", "9"); item.setAttribute("r", "7"); }
    item.setAttribute("fill", colour); item.setAttribute("stroke", "#2b2b2b");
    svg.appendChild(item);
    return svg;
  }
  function swatchLine(colour, dashes, width) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "34"); svg.setAttribute("height", "12");
    var line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "6"); line.setAttribute("x2", "33"); line.setAttribute("y2", "6");
    line.setAttribute("stroke", colour); line.setAttribute("stroke-width", String(width || 2));
    if (dashes) line.setAttribute("stroke-dasharray", dashes.join(" "));
    svg.appendChild(line);
    return svg;
  }
  function legendGroup(box, title, items, swatch) {
    box.appendChild(el("h3", { text: title }));
    items.forEach(function (item) {
      var row = el("div", { cls: "item", title: item.text || "" }, swatch(item), el("span", { text: item.label }));
      box.appendChild(row);
    });
  }
  function renderLegend() {
    var box = $("legend");
    clear(box);
    var L = DATA.legend;
    if (state.colourBy === "distance") legendGroup(box, "Colour of people: loyalty distance, " + dateWords(shownDay()), L.distances, function (i) { return swatchShape("dot", i.colour); });
    else legendGroup(box, "Colour of people: status", L.statuses, function (i) { return swatchShape("dot", i.colour); });
    legendGroup(box, "Shape (and colour of others): kind", L.kinds, function (i) { return swatchShape(i.shape, i.colour); });
    legendGroup(box, "Tie colour: family", L.families, function (i) { return swatchLine(i.colour, null, 3); });
    legendGroup(box, "Tie line: confidence", L.confidence, function (i) { return swatchLine("#444444", i.dashes || null, 2); });
    legendGroup(box, "Other marks", [
      { label: "thick tie: " + (DATA.view.name === "defection" ? "the route out" : DATA.view.name === "path" ? "on the path" : "on a loyalty path") },
      { label: "arrow: directed tie; no arrow: symmetric (" + L.symmetric.join(", ") + ")" },
      { label: "compare: tie ended", colour: ENDED },
      { label: "compare: tie began", colour: BEGUN }
    ], function (i) { return swatchLine(i.colour || "#444444", null, i.colour ? 4 : i.label.indexOf("thick") === 0 ? 5 : 2); });
  }

  /* ---------------------------------------------------------------- panel, PNG */

  $("panel-toggle").addEventListener("click", function () {
    var closed = document.body.classList.toggle("panel-closed");
    this.setAttribute("aria-expanded", closed ? "false" : "true");
    network.redraw();
  });

  $("png-button").addEventListener("click", function () {
    var canvas = container.querySelector("canvas");
    if (!canvas) return;
    var copy = document.createElement("canvas");
    copy.width = canvas.width; copy.height = canvas.height;
    var ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(canvas, 0, 0);
    var link = document.createElement("a");
    link.download = DATA.view.name + (DATA.view.at ? "-" + DATA.view.at : "") + ".png";
    link.href = copy.toDataURL("image/png");
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  /* ---------------------------------------------------------------- start */

  var api = {
    ready: false,
    data: DATA,
    state: state,
    apply: apply,
    search: search,
    fold: fold,
    skeleton: skeleton,
    selectNode: selectNode,
    selectEdge: selectEdge,
    nodes: nodeSet,
    edges: edgeSet,
    visibleNodes: function () { return Array.from(visibleNodes); },
    visibleEdges: function () { return Array.from(visibleEdges); }
  };
  window.explorer = api;

  renderLegend();
  renderTimeLabels();
  renderExplanation();
  function ready() {
    if (api.ready) return;
    apply();
    api.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (physics && DATA.nodes.length > 1) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      // keep every position, so what a filter or the slider hides comes back where it was
      var positions = network.getPositions();
      nodeSet.update(Object.keys(positions).map(function (id) { return { id: id, x: positions[id].x, y: positions[id].y }; }));
      ready();
      network.fit();
    });
  } else {
    if (physics) network.setOptions({ physics: { enabled: false } });
    ready();
  }
})();
