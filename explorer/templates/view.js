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
  var STORY = DATA.story;  // the story a story page steps through, or null

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
    colourBy: DATA.view.colour_by,
    matches: null,  // entities the search box finds, ringed in the graph
    sizeBy: "",  // an influence measure people are sized by ("" keeps the view's own sizes)
    step: null,  // the story step shown (index), or null when exploring freely
    storyFocus: null,  // entities the step focuses (and the ends of its ties)
    storyTies: null  // ties the step lights
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
  var MATCH = DATA.palette.match;
  var BEGUN = DATA.palette.begun;
  var THIN = 1.5;
  var nodeStyleKey = new Map();
  var edgeStyleKey = new Map();

  /* Items start in the style restyle() would give them, so opening the page updates nothing. */
  function baseNode(n) {
    var style = nodeStyle(n, null, null);
    nodeStyleKey.set(n.id, style.key);
    // names are drawn by the page itself (see "labels"), at a readable size and never over each other
    var item = Object.assign({ id: n.id, shape: n.shape, size: n.size, title: n.title }, style.props);
    if (n.borderDashes) item.shapeProperties = { borderDashes: n.borderDashes };
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
    var story = state.step !== null && state.storyFocus && state.storyFocus.size ? state.storyFocus : null;
    if (!state.focus || !state.selected || !visibleNodes.has(state.selected)) return story;
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
    if (story) story.forEach(function (id) { seen.add(id); });
    return seen;
  }

  function nodeColour(n, status) {
    if (state.colourBy === "distance_before") return n.color;
    if (state.colourBy === "distance" && n.info.kind === "person" && LOY) {
      if (shownIndex() === null) return n.color;
      return distanceColour(loyaltyOf(n.id).distance);
    }
    if (state.colourBy === "distance" && shownIndex() === null) return n.color;
    if (n.info.kind === "person") return DATA.palette.status[status || "unknown"] || DATA.palette.status.unknown;
    return DATA.palette.kind[n.info.kind] || "#cccccc";
  }

  /* Influence (the `influence` command's measures at the view's date): people sized by one. */
  var INF = DATA.influence;
  var MEASURE_WORDS = { degree: "degree", betweenness: "betweenness", brokered: "loyalty paths held" };
  var RANKS = {};  // measure -> id -> rank (1 for the highest)
  if (INF) Object.keys(INF.measures).forEach(function (key) {
    var values = INF.measures[key];
    RANKS[key] = {};
    Object.keys(values).sort(function (a, b) { return values[b] - values[a] || (a < b ? -1 : 1); }).forEach(function (id, i) { RANKS[key][id] = i + 1; });
  });
  function nodeSize(n) {
    if (!state.sizeBy || !INF || n.info.kind !== "person") return n.size;
    var value = INF.measures[state.sizeBy][n.id];
    if (value === undefined && n.id === DATA.dataset.core) return n.size;  // the end of every path holds none
    var top = INF.max[state.sizeBy];
    value = value || 0;
    return top > 0 ? Math.round(8 + 26 * Math.sqrt(value / top)) : 8;
  }
  function nodeStyle(n, focus, changedStatus) {
    var background = nodeColour(n, currentStatus(n));
    var size = nodeSize(n);
    var faded = !!(focus && !focus.has(n.id));
    var changed = !!(changedStatus && changedStatus.has(n.id));
    var matched = !!(state.matches && state.matches.has(n.id));
    return {
      key: background + (faded ? "f" : "") + (changed ? "c" : "") + (matched ? "m" : "") + size,
      props: {
        size: size,
        color: { background: background, border: matched ? MATCH : changed ? "#111111" : "#2b2b2b", highlight: { background: background, border: "#000000" }, hover: { background: background, border: "#000000" } },
        borderWidth: matched ? 6 : changed ? 5 : (n.borderWidth || 1),
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
    var lit = state.step !== null && state.storyTies && state.storyTies.has(e.id);
    var faded = !lit && !!(focus && !(focus.has(e.from) && focus.has(e.to)));
    var colour = mark === "ended" ? ENDED : mark === "begun" ? BEGUN : e.color.color;
    var width = thick ? (thick.has(e.id) ? e.thick : THIN) : e.width;
    if (lit) width = Math.max(width, 5);
    return {
      key: mark + (faded ? "f" : "") + width,
      props: {
        color: { color: colour, highlight: colour, hover: colour, opacity: faded ? 0.12 : (e.color.opacity || 1) },
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
    saveState();
  }

  function apply() {
    computeVisible();
    nodeView.refresh();
    edgeView.refresh();
    restyle();
    renderCounts();
    renderExplanation();
    saveState();
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

  /* Each citation once (a source quoted twice to the same words is one line), its grade in words. */
  function citationList(citations) {
    var list = el("ul", { cls: "sources" });
    var seen = new Set();
    (citations || []).forEach(function (c) {
      var key = [c.source, c.quote || "", c.note || "", c.stance || ""].join("\u0000");
      if (seen.has(key)) return;
      seen.add(key);
      var source = DATA.sources[c.source] || {};
      var item = el("li", { cls: "source" });
      var head = [source.title || c.source];
      if (source.publisher) head.push(source.publisher);
      if (source.author) head.push(source.author);
      if (source.date) head.push(source.date);
      item.appendChild(el("div", { cls: "source-title", text: head.join(", ") }));
      var grade = (DATA.grade_words[c.grade] || c.grade || "") + (c.stance === "disputes" ? "; disputes the claim" : "");
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
    if (INF && info.kind === "person") {
      var asOf = " (" + dateWords(INF.at) + ")";
      ["brokered", "betweenness", "degree"].forEach(function (key) {
        var value = INF.measures[key][id];
        if (value === undefined && key !== "brokered") return;
        var rank = RANKS[key][id];
        var shown = key === "brokered" ? String(value || 0) : Number(value).toFixed(3);
        addRow(dl, MEASURE_WORDS[key], shown + (rank ? ", rank " + rank + " of " + Object.keys(INF.measures[key]).length : "") + asOf);
      });
    }
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
        // as explorer.text.grade_phrase: "confirmed", or "reported, graded confirmed"
        var line = ev.kind.replace(/_/g, " ") + " " + (ev.date || "") + " (" + (ev.state === ev.confidence ? ev.state : ev.state + ", graded " + ev.confidence) + ")";
        if (ev.place) line += " \u2014 " + nodeName(ev.place);
        var item = el("li", { cls: "status-event" }, el("div", { text: line }));
        if (ev.note) item.appendChild(el("div", { text: ev.note }));
        item.appendChild(citationList(ev.sources));
        events.appendChild(item);
      });
      box.appendChild(events);
    }
    var route = DATA.routes && DATA.routes[id];
    if (route) {
      box.appendChild(el("h4", { text: "Route out (defected " + route.date + ", " + route.state + ")" }));
      var steps = el("ol", { cls: "route" });
      route.steps.forEach(function (step) {
        var text = step.date + " \u2014 " + step.text + " (" + step.confidence + (step.placed ? "" : "; cannot be placed in the sequence") + ")";
        steps.appendChild(el("li", { cls: step.placed ? "step" : "step unplaced", value: String(step.n), text: text }));
      });
      if (!route.steps.length) steps.appendChild(el("li", { text: "no route recorded" }));
      box.appendChild(steps);
      box.appendChild(el("h4", { text: "Loyalty path the day before (" + route.day_before + ")" }));
      var before = el("ul", { cls: "before" });
      if (route.before.length) route.before.forEach(function (line) { before.appendChild(el("li", { text: line })); });
      else before.appendChild(el("li", { text: "no loyalty path to the core in the data" }));
      box.appendChild(before);
      box.appendChild(el("h4", { text: "Ties left behind (" + route.left.length + ")" }));
      var left = el("ul", { cls: "left-behind" });
      route.left.forEach(function (line) { left.appendChild(el("li", { text: line })); });
      box.appendChild(left);
    }
    var ties = edgesOf.get(id) || [];
    if (ties.length) {
      box.appendChild(el("h4", { text: "Ties (" + ties.length + ")" }));
      tieGroups(ties).forEach(function (group) {
        box.appendChild(el("h5", { cls: "tie-family", text: group[0] + " (" + group[1].length + ")" }));
        var list = el("ul", { cls: "ties" });
        group[1].forEach(function (eid) {
          var e = edgeById.get(eid);
          var button = el("button", { type: "button", cls: "link", "data-edge": eid, text: edgeText(e) });
          button.addEventListener("click", function () { selectEdge(eid, true); });
          list.appendChild(el("li", null, button, " " + datesText(e.info.start, e.info.end) + ", " + e.info.confidence + (visibleEdges.has(eid) ? "" : " (not shown)")));
        });
        box.appendChild(list);
      });
    }
  }

  /* A person's ties by family (in the legend's order), each family's ties by date, undated last. */
  function tieGroups(ties) {
    var order = DATA.filters.families;
    var groups = new Map();
    ties.forEach(function (eid) {
      var family = edgeById.get(eid).info.family || "other";
      if (!groups.has(family)) groups.set(family, []);
      groups.get(family).push(eid);
    });
    function when(eid) { var t = edgeById.get(eid).t; return t.s || t.e || "9999"; }
    return Array.from(groups.entries()).sort(function (a, b) {
      var i = order.indexOf(a[0]), j = order.indexOf(b[0]);
      return (i < 0 ? 99 : i) - (j < 0 ? 99 : j);
    }).map(function (group) {
      group[1].sort(function (a, b) { var x = when(a), y = when(b); return x < y ? -1 : x > y ? 1 : (a < b ? -1 : 1); });
      return group;
    });
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

  function selectEdge(id, pan) {
    state.selected = null;
    if (visibleEdges.has(id)) {
      network.setSelection({ nodes: [], edges: [id] });
      if (pan) {  // from the panel: bring the tie to the middle of the graph
        var e = edgeById.get(id), ends = network.getPositions([e.from, e.to]);
        var a = ends[e.from], b = ends[e.to];
        if (a && b) network.moveTo({ position: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, animation: false });
      }
    }
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

  /* Ranked: the whole name, then a whole word of it ("Assad" finds the al-Assads), then the start
   * of a word, then anywhere, then the same consonants (transliterations: "Tlas", "Talas"). */
  function search(query) {
    var folded = fold(query);
    if (!folded) return [];
    var loose = skeleton(query);
    var hits = [];
    DATA.nodes.forEach(function (n) {
      var score = 99;
      var keys = n.search.fold;
      for (var i = 0; i < keys.length; i++) {
        var k = keys[i], padded = " " + k + " ";
        if (k === folded) score = Math.min(score, 0);
        else if (padded.indexOf(" " + folded + " ") >= 0) score = Math.min(score, 1);
        else if (padded.indexOf(" " + folded) >= 0) score = Math.min(score, 2);
        else if (k.indexOf(folded) > 0) score = Math.min(score, 3);
      }
      if (score > 3 && loose.length >= 2) {
        n.search.skeleton.forEach(function (k) {
          if (k === loose) score = Math.min(score, 4);
          else if (k.indexOf(loose) >= 0) score = Math.min(score, 5);
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
    var found = search($("search").value);
    var had = !!state.matches;
    state.matches = found.length ? new Set(found) : null;  // ringed in the graph
    if (had !== !!state.matches) renderLegend();
    restyle();
    found.forEach(function (id) {
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
  if (INF) {
    $("size-row").hidden = false;
    $("size-by").addEventListener("change", function () { state.sizeBy = this.value; renderLegend(); restyle(); });
  }
  if (DATA.view.colour_by === "distance") {
    $("colour-row").hidden = false;
    $("colour-by").value = "distance";
    $("colour-by").addEventListener("change", function () { state.colourBy = this.value; renderLegend(); restyle(); });
  } else if (DATA.view.colour_by === "distance_before") {
    state.colourBy = "distance_before";
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
  function swatchLine(colour, dashes, width, opacity) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "34"); svg.setAttribute("height", "12");
    var line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "6"); line.setAttribute("x2", "33"); line.setAttribute("y2", "6");
    line.setAttribute("stroke", colour); line.setAttribute("stroke-width", String(width || 2));
    if (dashes) line.setAttribute("stroke-dasharray", dashes.join(" "));
    if (opacity !== undefined && opacity < 1) line.setAttribute("stroke-opacity", String(opacity));
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
    if (state.colourBy === "distance_before") legendGroup(box, "Colour of defectors: loyalty distance the day before defecting", L.distances, function (i) { return swatchShape("dot", i.colour); });
    else if (state.colourBy === "distance") legendGroup(box, "Colour of people: loyalty distance, " + dateWords(shownDay()), L.distances, function (i) { return swatchShape("dot", i.colour); });
    else legendGroup(box, "Colour of people: status", L.statuses, function (i) { return swatchShape("dot", i.colour); });
    legendGroup(box, "Shape: kind (all but people in grey)", L.kinds, function (i) { return swatchShape(i.shape, i.colour); });
    legendGroup(box, "Tie colour: family", L.families, function (i) { return swatchLine(i.colour, null, 3); });
    legendGroup(box, L.confidence_by === "opacity" ? "Tie line: confidence (paler is weaker; solid lines keep a map this large quick)" : "Tie line: confidence", L.confidence, function (i) { return swatchLine("#444444", i.dashes || null, 2, i.opacity); });
    var marks = [
      { label: "thick tie: " + (DATA.view.name === "defection" ? "the route out or the loyalty path the day before" : DATA.view.name === "path" ? "on the path" : DATA.view.name === "cracks" ? "the loyalty path the day before" : "on a loyalty path") + ", thicker the better graded", width: 5 },
      DATA.view.large ? { label: "no arrowheads at this size: the panel reads each tie's direction (A \u2014 commands \u2014 B)" } : { label: "arrow: directed tie; no arrow: symmetric (" + L.symmetric.join(", ") + ")" }
    ];
    if (state.matches) marks.push({ label: "thick black ring: found by the search", ring: true });
    if (state.sizeBy && INF) marks.push({ label: "size of a person: " + MEASURE_WORDS[state.sizeBy] + ", " + dateWords(INF.at) + " (larger is higher)", big: true });
    if (DATA.view.name === "defection") {
      marks.push({ label: "1 \u00b7 2012-07: step 1 of the route out, and its date", badge: true });
      marks.push({ label: "thin dots: a step that cannot be placed (undated or rumoured)", dashes: [2, 6] });
    }
    if (DATA.view.name === "cracks") {
      marks.push({ label: "dashed border: defection reported, not confirmed", border: true });
      marks.push({ label: "x: date of the defection; row: distance the day before" });
    }
    if (state.compare) {
      marks.push({ label: "compare: tie ended (dashed)", colour: ENDED, dashes: [6, 6] });
      marks.push({ label: "compare: tie began", colour: BEGUN });
      marks.push({ label: "compare: thick border, status changed", border: true });
    }
    legendGroup(box, "Other marks", marks, function (i) {
      if (i.border) { var svg = swatchShape("dot", "#ffffff"); svg.firstChild.setAttribute("stroke-dasharray", "3 2"); svg.firstChild.setAttribute("stroke-width", "2"); return svg; }
      if (i.badge) return swatchShape("square", "#ffffff");
      if (i.big) return swatchShape("dot", "#dddddd");
      if (i.ring) { var ring = swatchShape("dot", "#ffffff"); ring.firstChild.setAttribute("stroke", MATCH); ring.firstChild.setAttribute("stroke-width", "3"); return ring; }
      return swatchLine(i.colour || "#444444", i.dashes || null, i.colour ? 4 : i.width || 2);
    });
  }

  /* ---------------------------------------------------------------- labels and marks drawn on the canvas */
  /* Names, route-step badges, the cracks date axis and the headline are drawn by the page after
   * vis-network draws, in screen pixels: a name is never smaller than MIN_LABEL on screen, and
   * never drawn over another. Names are placed by rank (the highlighted first, then defectors and
   * people on a path, people, the rest); a name that would touch one already placed is left out
   * until the reader zooms in, and minor names wait for a closer zoom anyway. */

  var FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif";
  var MIN_LABEL = 11, MAX_LABEL = 16;
  var drawnLabels = [];
  var nodeRank = new Map();
  var degree = new Map();
  DATA.nodes.forEach(function (n) { nodeRank.set(n.id, n.rank === undefined ? 2 : n.rank); degree.set(n.id, edgesOf.get(n.id).length); });
  var labelOrder = DATA.nodes.map(function (n) { return n.id; }).sort(function (a, b) {
    return nodeRank.get(a) - nodeRank.get(b) || degree.get(b) - degree.get(a) || (a < b ? -1 : a > b ? 1 : 0);
  });

  /* a story step's entities are named first, like the view's own highlighted ones */
  function rankOf(id) { return state.step !== null && state.storyFocus && state.storyFocus.has(id) ? -1 : nodeRank.get(id); }
  function labelSize(rank, scale) { return Math.max(MIN_LABEL, Math.min(MAX_LABEL, (rank <= 0 ? 15 : 13) * scale)); }
  function hits(box, boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if (box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h) return true;
    }
    return false;
  }
  function haloText(ctx, text, x, y, size, weight, colour) {
    ctx.font = (weight || "normal") + " " + size + "px " + FONT;
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = colour || "#1b1f23";
    ctx.fillText(text, x, y);
  }
  function wrap(ctx, text, width) {
    var words = String(text).split(" "), lines = [], line = "";
    words.forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && ctx.measureText(next).width > width) { lines.push(line); line = word; } else line = next;
    });
    if (line) lines.push(line);
    return lines;
  }

  function headlineLines(ctx, width) {
    if (!DATA.view.headline) return [];
    ctx.font = "bold 14px " + FONT;
    return wrap(ctx, DATA.view.headline, Math.max(width - 24, 200));
  }
  function headlineHeight() {
    var canvas = container.querySelector("canvas");
    if (!DATA.view.headline || !canvas) return 0;
    var ctx = canvas.getContext("2d");
    return headlineLines(ctx, container.clientWidth).length * 19 + 14;
  }

  function drawHeadline(ctx, width, taken) {
    var lines = headlineLines(ctx, width);
    if (!lines.length) return;
    var height = lines.length * 19 + 14;
    ctx.fillStyle = "rgba(255,255,255,0.94)";
    ctx.fillRect(0, 0, width, height);
    ctx.textAlign = "left"; ctx.textBaseline = "top";
    lines.forEach(function (line, i) { haloText(ctx, line, 12, 7 + i * 19, 14, "bold"); });
    taken.push({ x: 0, y: 0, w: width, h: height, kind: "headline" });
  }

  function drawAxis(ctx, taken) {
    var axis = DATA.axis;
    if (!axis) return;
    var left = network.canvasToDOM({ x: axis.left, y: 0 }).x;
    var right = network.canvasToDOM({ x: axis.right, y: 0 }).x;
    var base = network.canvasToDOM({ x: 0, y: axis.y }).y;
    var top = network.canvasToDOM({ x: 0, y: axis.rows[0].y - 60 }).y;
    ctx.save();
    ctx.lineWidth = 1;
    axis.rows.forEach(function (row) {
      var y = network.canvasToDOM({ x: 0, y: row.y }).y;
      ctx.strokeStyle = "#e4e4e4";
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(right, y); ctx.stroke();
      ctx.textAlign = "left"; ctx.textBaseline = "bottom";
      ctx.font = "bold 12px " + FONT;
      var w = ctx.measureText(row.label).width;
      var box = { x: left, y: y - 17, w: w + 4, h: 16, kind: "axis" };
      if (!hits(box, taken)) { haloText(ctx, row.label, left + 2, y - 2, 12, "bold", "#4a5057"); taken.push(box); }
    });
    ctx.strokeStyle = "#4a5057";
    ctx.beginPath(); ctx.moveTo(left, base); ctx.lineTo(right, base); ctx.stroke();
    var placed = [];
    // years first, then the months between them as room allows
    var ticks = axis.ticks.slice().sort(function (a, b) { return (b.year ? 1 : 0) - (a.year ? 1 : 0) || a.x - b.x; });
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    ticks.forEach(function (tick) {
      var x = network.canvasToDOM({ x: tick.x, y: 0 }).x;
      ctx.strokeStyle = tick.year ? "#8a8f94" : "#f0f0f0";
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, base); ctx.stroke();
      ctx.strokeStyle = "#4a5057";
      ctx.beginPath(); ctx.moveTo(x, base); ctx.lineTo(x, base + 5); ctx.stroke();
      ctx.font = (tick.year ? "bold " : "") + "11px " + FONT;
      var w = ctx.measureText(tick.label).width;
      var box = { x: x - w / 2 - 3, y: base + 6, w: w + 6, h: 14, kind: "axis" };
      if (hits(box, placed) || hits(box, taken)) return;
      haloText(ctx, tick.label, x, base + 7, 11, tick.year ? "bold" : "normal", "#33383d");
      placed.push(box);
    });
    ctx.restore();
    placed.forEach(function (b) { taken.push(b); });
  }

  /* Column headings of a layered view (the defection view reads left to right). */
  function drawColumns(ctx, taken) {
    if (!DATA.columns) return;
    ctx.save();
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    DATA.columns.heads.forEach(function (head) {
      var p = network.canvasToDOM({ x: head.x, y: DATA.columns.top });
      ctx.font = "bold 13px " + FONT;
      var w = ctx.measureText(head.label).width;
      var box = { x: p.x - w / 2 - 3, y: p.y, w: w + 6, h: 18, kind: "column", text: head.label };
      if (hits(box, taken)) return;
      haloText(ctx, head.label, p.x, p.y + 1, 13, "bold", "#4a5057");
      taken.push(box);
    });
    ctx.restore();
  }
  function drawBadges(ctx, taken) {
    if (!DATA.steps) return;
    Object.keys(DATA.steps).forEach(function (key) {
      if (!visibleEdges.has(key) || !network.body.edges[key]) return;
      var step = DATA.steps[key];
      var mid = network.canvasToDOM(network.body.edges[key].edgeType.getPoint(0.5));
      var text = step.n + " \u00b7 " + step.date;
      ctx.font = "bold 11px " + FONT;
      var w = ctx.measureText(text).width + 8;
      var box = { x: mid.x - w / 2, y: mid.y - 8, w: w, h: 16, kind: "step", id: key, text: text };
      if (hits(box, taken)) return;
      ctx.fillStyle = "#ffffff"; ctx.strokeStyle = step.placed ? "#33383d" : "#9aa0a6"; ctx.lineWidth = 1;
      ctx.fillRect(box.x, box.y, box.w, box.h); ctx.strokeRect(box.x, box.y, box.w, box.h);
      ctx.fillStyle = step.placed ? "#1b1f23" : "#6a6f75"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      ctx.fillText(text, mid.x, mid.y);
      taken.push(box);
    });
  }

  /* Where each name goes: centred under its node, in screen pixels relative to the canvas. */
  function labelBox(ctx, id, scale) {
    var body = network.body.nodes[id];
    var n = nodeById.get(id);
    if (!body || !n) return null;
    var rank = rankOf(id);
    var size = labelSize(rank, scale);
    var p = network.canvasToDOM({ x: body.x, y: body.y });
    ctx.font = (rank <= 0 ? "bold " : "") + size + "px " + FONT;
    var w = ctx.measureText(n.label).width;
    var top = p.y + nodeSize(n) * scale + 3;
    return { x: p.x - w / 2 - 2, y: top, w: w + 4, h: Math.ceil(size * 1.25), id: id, text: n.label, size: size, bold: rank <= 0, cx: p.x, kind: "label" };
  }

  function drawLabels(ctx, width, height, taken, ranks, shown) {
    var scale = network.getScale();
    var focus = focusSet();
    var limit = DATA.view.large ? 400 : Infinity;
    for (var i = 0; i < labelOrder.length && shown.length < limit; i++) {
      var id = labelOrder[i];
      if (!visibleNodes.has(id)) continue;
      var rank = rankOf(id);
      if (rank < ranks[0] || rank > ranks[1]) continue;
      if ((rank === 3 && scale < 0.45) || (rank === 2 && scale < 0.3)) continue;  // minor names wait for a closer zoom
      var box = labelBox(ctx, id, scale);
      if (!box || box.x > width || box.x + box.w < 0 || box.y > height || box.y + box.h < 0) continue;
      if (hits(box, taken)) continue;
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      haloText(ctx, box.text, box.cx, box.y + 1, box.size, box.bold ? "bold" : "normal", focus && !focus.has(id) ? "rgba(40,40,40,0.25)" : "#1b1f23");
      taken.push(box);
      shown.push(box);
    }
    return shown;
  }

  function drawOverlay(ctx) {
    var ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    var width = container.clientWidth, height = container.clientHeight;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    var taken = [];
    drawHeadline(ctx, width, taken);
    axisBoxes.forEach(function (b) { taken.push(b); });
    var shown = [];
    drawLabels(ctx, width, height, taken, [-1, -1], shown);  // a story step's names first,
    drawLabels(ctx, width, height, taken, [0, 0], shown);  // then the highlighted ones,
    drawBadges(ctx, taken);  // then the route's steps,
    drawLabels(ctx, width, height, taken, [1, 3], shown);  // then everyone else's as room allows
    drawnLabels = shown;
    ctx.restore();
    return taken;
  }
  network.on("afterDrawing", drawOverlay);
  /* the date axis goes under the graph, so its lines never cross a node */
  var axisBoxes = [];
  network.on("beforeDrawing", function (ctx) {
    if (!DATA.axis && !DATA.columns) return;
    var ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    var boxes = [{ x: 0, y: 0, w: container.clientWidth, h: headlineHeight(), kind: "headline" }];
    drawAxis(ctx, boxes);
    drawColumns(ctx, boxes);
    axisBoxes = boxes.slice(1);
    ctx.restore();
  });

  /* Fit everything shown, leaving the headline's band at the top free. */
  function fitView() {
    network.fit({ animation: false });
    var band = headlineHeight();
    var width = container.clientWidth, height = container.clientHeight;
    if (DATA.axis) {  // the date axis and its labels are part of the picture
      var box = { left: DATA.axis.left, right: DATA.axis.right, top: DATA.axis.rows[0].y - 50, bottom: DATA.axis.y };
      Object.values(network.getPositions()).forEach(function (p) {
        box.left = Math.min(box.left, p.x - 40); box.right = Math.max(box.right, p.x + 90);
        box.top = Math.min(box.top, p.y - 40); box.bottom = Math.max(box.bottom, p.y + 40);
      });
      var room = height - band - 10 - 28;  // the month labels under the axis, in screen pixels
      var scaleAxis = Math.min((width - 20) / (box.right - box.left), room / (box.bottom - box.top));
      network.moveTo({ position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 - (band + 10 - 28) / 2 / scaleAxis }, scale: scaleAxis, animation: false });
      return;
    }
    if (DATA.columns) {  // the column headings are part of the picture
      var all = Object.values(network.getPositions());
      var cbox = { left: Infinity, right: -Infinity, top: DATA.columns.top, bottom: -Infinity };
      all.forEach(function (p) { cbox.left = Math.min(cbox.left, p.x - 110); cbox.right = Math.max(cbox.right, p.x + 110); cbox.bottom = Math.max(cbox.bottom, p.y + 40); });
      var cscale = Math.min((width - 20) / (cbox.right - cbox.left), (height - band - 10) / (cbox.bottom - cbox.top));
      network.moveTo({ position: { x: (cbox.left + cbox.right) / 2, y: (cbox.top + cbox.bottom) / 2 - (band + 10) / 2 / cscale }, scale: cscale, animation: false });
      return;
    }
    if (!band || height <= band + 40) return;
    var scale = network.getScale() * (height - band - 10) / height;
    var centre = network.getViewPosition();
    network.moveTo({ position: { x: centre.x, y: centre.y - (band + 10) / 2 / scale }, scale: scale, animation: false });
  }


  /* ---------------------------------------------------------------- panel, PNG */

  function setPanel(open) {
    document.body.classList.toggle("panel-closed", !open);
    $("panel-toggle").setAttribute("aria-expanded", open ? "true" : "false");
    network.setSize("100%", "100%");
    network.redraw();
    if (api.ready) { fitView(); api.fits += 1; }
  }
  $("panel-toggle").addEventListener("click", function () { setPanel(document.body.classList.contains("panel-closed")); });
  // small screens: the panel starts closed, over the graph when opened (see view.css)
  if (window.innerWidth < 700) { document.body.classList.add("panel-closed"); $("panel-toggle").setAttribute("aria-expanded", "false"); }

  /* The picture: title, date, the graph as drawn (names included), the legend and the credit, at
   * twice the screen's size. pictureText() gives its lines, so what the picture says can be read. */
  var LEGEND_W = 270;  // room for the longest legend heading at 12px bold
  function pictureName() {
    var day = shownDay();
    return DATA.view.stem + "-" + (state.compare ? monthEnd(state.month) + "-vs-" + monthEnd(state.compareMonth) : day || "whole-record") + ".png";
  }
  function legendEntries() {
    var L = DATA.legend, rows = [];
    if (state.colourBy === "distance" || state.colourBy === "distance_before") {
      rows.push({ head: state.colourBy === "distance" ? "Loyalty distance, " + dateWords(shownDay()) : "Distance the day before defecting" });
      L.distances.forEach(function (d) { rows.push({ fill: d.colour, text: d.label }); });
    } else {
      rows.push({ head: "Status" });
      L.statuses.forEach(function (d) { rows.push({ fill: d.colour, text: d.label }); });
    }
    rows.push({ head: "Ties" });
    DATA.filters.families.forEach(function (f) { var item = L.families.filter(function (x) { return x.label === f; })[0]; if (item) rows.push({ line: item.colour, text: f }); });
    rows.push({ head: "Line: confidence" });
    L.confidence.forEach(function (c) { rows.push({ line: "#444444", dashes: c.dashes || null, alpha: c.opacity, text: c.label }); });
    return rows;
  }
  function pictureText() {
    var dataset = DATA.dataset.title || DATA.dataset.name || "";
    return {
      title: $("view-title").textContent,
      date: "Date shown: " + (state.compare ? monthEnd(state.month) + " compared with " + monthEnd(state.compareMonth) : shownDay() || "the whole record"),
      legend: legendEntries().map(function (r) { return r.head || r.text; }),
      step: STORY && state.step !== null ? "Step " + (state.step + 1) + " of " + STORY.steps.length + ": " + STORY.steps[state.step].title + ". " + STORY.steps[state.step].caption : "",
      credit: "Data: " + dataset + ", every tie sourced and graded. Made with " + (DATA.meta.command || "regime-explorer") + ", " + DATA.meta.generated_at + ".",
      name: pictureName()
    };
  }
  function picture() {
    var canvas = container.querySelector("canvas");
    var k = 2, text = pictureText();
    var gw = container.clientWidth, gh = container.clientHeight, legendW = LEGEND_W, head = 64, foot = 30;
    var out = document.createElement("canvas");
    var ctx = out.getContext("2d");
    ctx.font = "12px " + FONT;
    var stepLines = text.step ? wrap(ctx, text.step, gw + legendW - 24).slice(0, 4) : [];
    head += stepLines.length * 16;
    out.width = (gw + legendW) * k; out.height = (head + gh + foot) * k;
    ctx.scale(k, k);
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, gw + legendW, head + gh + foot);
    ctx.textAlign = "left"; ctx.textBaseline = "top"; ctx.fillStyle = "#1b1f23";
    ctx.font = "bold 18px " + FONT;
    wrap(ctx, text.title, gw + legendW - 24).slice(0, 2).forEach(function (line, i) { ctx.fillText(line, 12, 8 + i * 22); });
    ctx.font = "13px " + FONT; ctx.fillStyle = "#4a5057";
    ctx.fillText(text.date, 12, 48);
    ctx.font = "12px " + FONT; ctx.fillStyle = "#1b1f23";
    stepLines.forEach(function (line, i) { ctx.fillText(line, 12, 66 + i * 16); });
    if (canvas) ctx.drawImage(canvas, 0, 0, canvas.width, canvas.height, 0, head, gw, gh);
    ctx.strokeStyle = "#d0d4d9"; ctx.strokeRect(0.5, head + 0.5, gw - 1, gh - 1);
    var y = head + 8;
    legendEntries().forEach(function (row) {
      if (y > head + gh - 16) return;
      ctx.textBaseline = "middle";
      if (row.head) { ctx.font = "bold 12px " + FONT; ctx.fillStyle = "#1b1f23"; ctx.fillText(row.head, gw + 10, y + 7); y += 18; return; }
      if (row.fill) { ctx.beginPath(); ctx.arc(gw + 18, y + 7, 6, 0, 2 * Math.PI); ctx.fillStyle = row.fill; ctx.fill(); ctx.strokeStyle = "#2b2b2b"; ctx.stroke(); }
      else { ctx.save(); ctx.strokeStyle = row.line; ctx.lineWidth = 2.5; ctx.setLineDash(row.dashes || []); if (row.alpha !== undefined) ctx.globalAlpha = row.alpha; ctx.beginPath(); ctx.moveTo(gw + 10, y + 7); ctx.lineTo(gw + 36, y + 7); ctx.stroke(); ctx.restore(); }
      ctx.font = "12px " + FONT; ctx.fillStyle = "#1b1f23"; ctx.fillText(row.text, gw + 42, y + 7);
      y += 17;
    });
    ctx.textBaseline = "top"; ctx.font = "11px " + FONT; ctx.fillStyle = "#4a5057";
    ctx.fillText(text.credit, 12, head + gh + 9, gw + legendW - 24);
    return out;
  }
  function download(name, href) {
    var link = document.createElement("a");
    link.download = name;
    link.href = href;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  $("png-button").addEventListener("click", function () { download(pictureName(), picture().toDataURL("image/png")); });
  $("svg-button").addEventListener("click", function () {
    download(pictureName().replace(/\.png$/, ".svg"), "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgPicture()));
  });

  /* ---------------------------------------------------------------- SVG */
  /* The same picture as vector graphics. vis-network and the page's own overlay (names, axis,
   * badges) draw through a 2D context; SvgContext stands in for it and writes each path and text
   * as an SVG element, so the SVG holds exactly what the screen shows. Text goes in as text
   * nodes, never as markup. */
  function svgEl(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (key) { if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, String(attrs[key])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function r2(v) { return Math.round(v * 100) / 100; }
  function SvgContext(root, ratio) {
    this.root = root;
    this.ratio = ratio;
    this.m = [ratio, 0, 0, ratio, 0, 0];
    this.stack = [];
    this.d = [];
    this.dash = [];
    this.fillStyle = "#000000"; this.strokeStyle = "#000000"; this.lineWidth = 1; this.globalAlpha = 1;
    this.font = "10px sans-serif"; this.textAlign = "start"; this.textBaseline = "alphabetic";
    this.lineCap = "butt"; this.lineJoin = "miter"; this.shadowColor = "rgba(0,0,0,0)"; this.shadowBlur = 0; this.shadowOffsetX = 0; this.shadowOffsetY = 0; this.filter = "none";
    this.measurer = document.createElement("canvas").getContext("2d");
    this.canvas = { width: container.clientWidth * ratio, height: container.clientHeight * ratio };
  }
  var STATE_KEYS = ["fillStyle", "strokeStyle", "lineWidth", "globalAlpha", "font", "textAlign", "textBaseline", "lineCap", "lineJoin", "dash"];
  SvgContext.prototype = {
    pt: function (x, y) { var m = this.m; return r2((m[0] * x + m[2] * y + m[4]) / this.ratio) + " " + r2((m[1] * x + m[3] * y + m[5]) / this.ratio); },
    unit: function () { var m = this.m; return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2])) / this.ratio; },
    save: function () { var self = this, saved = { m: this.m.slice() }; STATE_KEYS.forEach(function (k) { saved[k] = self[k]; }); this.stack.push(saved); },
    restore: function () { var saved = this.stack.pop(); if (!saved) return; var self = this; this.m = saved.m; STATE_KEYS.forEach(function (k) { self[k] = saved[k]; }); },
    setTransform: function (a, b, c, d, e, f) { if (typeof a === "object") { this.m = [a.a, a.b, a.c, a.d, a.e, a.f]; return; } this.m = [a, b, c, d, e, f]; },
    resetTransform: function () { this.m = [1, 0, 0, 1, 0, 0]; },
    transform: function (a, b, c, d, e, f) {
      var m = this.m;
      this.m = [m[0] * a + m[2] * b, m[1] * a + m[3] * b, m[0] * c + m[2] * d, m[1] * c + m[3] * d, m[0] * e + m[2] * f + m[4], m[1] * e + m[3] * f + m[5]];
    },
    translate: function (x, y) { this.transform(1, 0, 0, 1, x, y); },
    scale: function (x, y) { this.transform(x, 0, 0, y, 0, 0); },
    rotate: function (a) { this.transform(Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a), 0, 0); },
    beginPath: function () { this.d = []; },
    closePath: function () { this.d.push("Z"); },
    moveTo: function (x, y) { this.d.push("M" + this.pt(x, y)); },
    lineTo: function (x, y) { this.d.push("L" + this.pt(x, y)); },
    quadraticCurveTo: function (cx, cy, x, y) { this.d.push("Q" + this.pt(cx, cy) + " " + this.pt(x, y)); },
    bezierCurveTo: function (c1x, c1y, c2x, c2y, x, y) { this.d.push("C" + this.pt(c1x, c1y) + " " + this.pt(c2x, c2y) + " " + this.pt(x, y)); },
    rect: function (x, y, w, h) { this.d.push("M" + this.pt(x, y), "L" + this.pt(x + w, y), "L" + this.pt(x + w, y + h), "L" + this.pt(x, y + h), "Z"); },
    arc: function (x, y, r, a0, a1, ccw) {
      var sweep = ccw ? 0 : 1, delta = ccw ? a0 - a1 : a1 - a0;
      var start = this.pt(x + r * Math.cos(a0), y + r * Math.sin(a0));
      var rr = r2(r * this.unit());
      this.d.push((this.d.length ? "L" : "M") + start);
      if (delta >= 2 * Math.PI - 1e-6 || delta <= -2 * Math.PI + 1e-6) {  // a whole circle: two halves
        var mid = a0 + (ccw ? -Math.PI : Math.PI);
        this.d.push("A" + rr + " " + rr + " 0 1 " + sweep + " " + this.pt(x + r * Math.cos(mid), y + r * Math.sin(mid)));
        this.d.push("A" + rr + " " + rr + " 0 1 " + sweep + " " + start);
        return;
      }
      delta = ((delta % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
      this.d.push("A" + rr + " " + rr + " 0 " + (delta > Math.PI ? 1 : 0) + " " + sweep + " " + this.pt(x + r * Math.cos(a1), y + r * Math.sin(a1)));
    },
    paint: function (fill) {
      if (!this.d.length) return;
      var attrs = { d: this.d.join(" ") };
      if (this.globalAlpha < 1) attrs.opacity = r2(this.globalAlpha);
      if (fill) { attrs.fill = this.fillStyle; }
      else {
        attrs.fill = "none"; attrs.stroke = this.strokeStyle; attrs["stroke-width"] = r2(this.lineWidth * this.unit());
        if (this.lineCap !== "butt") attrs["stroke-linecap"] = this.lineCap;
        if (this.lineJoin !== "miter") attrs["stroke-linejoin"] = this.lineJoin;
        var unit = this.unit();
        if (this.dash.length) attrs["stroke-dasharray"] = this.dash.map(function (v) { return r2(v * unit); }).join(" ");
      }
      this.root.appendChild(svgEl("path", attrs));
    },
    fill: function () { this.paint(true); },
    stroke: function () { this.paint(false); },
    fillRect: function (x, y, w, h) { var d = this.d; this.d = []; this.rect(x, y, w, h); this.paint(true); this.d = d; },
    strokeRect: function (x, y, w, h) { var d = this.d; this.d = []; this.rect(x, y, w, h); this.paint(false); this.d = d; },
    clearRect: function () {},
    clip: function () {},
    drawImage: function () {},
    setLineDash: function (dash) { this.dash = (dash || []).slice(); },
    getLineDash: function () { return this.dash.slice(); },
    measureText: function (text) { this.measurer.font = this.font; return this.measurer.measureText(text); },
    text: function (text, x, y, stroke) {
      var match = /^\s*(?:(italic|oblique)\s+)?(?:(bold|normal|[1-9]00)\s+)?([\d.]+)px\s+(.*)$/.exec(this.font) || [];
      var size = +(match[3] || 10) * this.unit();
      var shift = { top: 0.8, hanging: 0.8, middle: 0.35, bottom: -0.22, ideographic: -0.22 }[this.textBaseline] || 0;
      var anchor = { center: "middle", right: "end", end: "end" }[this.textAlign] || "start";
      var at = this.pt(x, y).split(" ");
      var attrs = { x: at[0], y: r2(+at[1] + shift * size), "font-size": r2(size), "font-family": match[4] || FONT, "text-anchor": anchor };
      if (match[2] && match[2] !== "normal") attrs["font-weight"] = match[2];
      if (match[1]) attrs["font-style"] = match[1];
      if (this.globalAlpha < 1) attrs.opacity = r2(this.globalAlpha);
      if (stroke) { attrs.fill = "none"; attrs.stroke = this.strokeStyle; attrs["stroke-width"] = r2(this.lineWidth * this.unit()); attrs["stroke-linejoin"] = "round"; }
      else attrs.fill = this.fillStyle;
      this.root.appendChild(svgEl("text", attrs, String(text)));
    },
    fillText: function (text, x, y) { this.text(text, x, y, false); },
    strokeText: function (text, x, y) { this.text(text, x, y, true); },
    createLinearGradient: function () { return { addColorStop: function () {} }; },
    createRadialGradient: function () { return { addColorStop: function () {} }; },
    isPointInPath: function () { return false; }
  };
  /* The graph as drawn now, replayed into `group` (screen pixels of the graph's box). */
  function drawGraphInto(group) {
    var ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    var ctx = new SvgContext(group, ratio);
    var real = network.canvas.getContext;
    network.canvas.getContext = function () { return ctx; };
    try { network.renderer._redraw(); } finally { network.canvas.getContext = real; network.redraw(); }
  }
  function svgPicture() {
    var text = pictureText();
    var gw = container.clientWidth, gh = container.clientHeight, legendW = LEGEND_W, foot = 30;
    var measure = document.createElement("canvas").getContext("2d");
    measure.font = "bold 18px " + FONT;
    var titleLines = wrap(measure, text.title, gw + legendW - 24).slice(0, 2);
    measure.font = "12px " + FONT;
    var stepLines = text.step ? wrap(measure, text.step, gw + legendW - 24).slice(0, 4) : [];
    var head = 64 + stepLines.length * 16, width = gw + legendW, height = head + gh + foot;
    var svg = svgEl("svg", { xmlns: SVG, width: width, height: height, viewBox: "0 0 " + width + " " + height, "font-family": FONT });
    svg.appendChild(svgEl("title", null, text.title));
    svg.appendChild(svgEl("desc", null, text.date + ". " + text.credit));
    var defs = svgEl("defs");
    var clip = svgEl("clipPath", { id: "graph-area" });
    clip.appendChild(svgEl("rect", { x: 0, y: 0, width: gw, height: gh }));
    defs.appendChild(clip);
    svg.appendChild(defs);
    svg.appendChild(svgEl("rect", { x: 0, y: 0, width: width, height: height, fill: "#ffffff" }));
    titleLines.forEach(function (line, i) { svg.appendChild(svgEl("text", { x: 12, y: 8 + i * 22 + 15, "font-size": 18, "font-weight": "bold", fill: "#1b1f23", class: "title" }, line)); });
    svg.appendChild(svgEl("text", { x: 12, y: 48 + 11, "font-size": 13, fill: "#4a5057", class: "date" }, text.date));
    stepLines.forEach(function (line, i) { svg.appendChild(svgEl("text", { x: 12, y: 66 + i * 16 + 10, "font-size": 12, fill: "#1b1f23", class: "step" }, line)); });
    var graph = svgEl("g", { transform: "translate(0 " + head + ")", "clip-path": "url(#graph-area)", class: "graph" });
    svg.appendChild(graph);
    drawGraphInto(graph);
    svg.appendChild(svgEl("rect", { x: 0.5, y: head + 0.5, width: gw - 1, height: gh - 1, fill: "none", stroke: "#d0d4d9" }));
    var legend = svgEl("g", { class: "legend" });
    var y = head + 8;
    legendEntries().forEach(function (row) {
      if (y > head + gh - 16) return;
      if (row.head) { legend.appendChild(svgEl("text", { x: gw + 10, y: y + 11, "font-size": 12, "font-weight": "bold", fill: "#1b1f23" }, row.head)); y += 18; return; }
      if (row.fill) legend.appendChild(svgEl("circle", { cx: gw + 18, cy: y + 7, r: 6, fill: row.fill, stroke: "#2b2b2b" }));
      else legend.appendChild(svgEl("line", { x1: gw + 10, y1: y + 7, x2: gw + 36, y2: y + 7, stroke: row.line, "stroke-width": 2.5, "stroke-dasharray": row.dashes ? row.dashes.join(" ") : null, "stroke-opacity": row.alpha !== undefined && row.alpha < 1 ? row.alpha : null }));
      legend.appendChild(svgEl("text", { x: gw + 42, y: y + 11, "font-size": 12, fill: "#1b1f23" }, row.text));
      y += 17;
    });
    svg.appendChild(legend);
    svg.appendChild(svgEl("text", { x: 12, y: head + gh + 9 + 10, "font-size": 11, fill: "#4a5057", class: "credit" }, text.credit));
    return new XMLSerializer().serializeToString(svg);
  }

  /* ---------------------------------------------------------------- story */
  /* Each step sets the date shown, the entities in focus (the rest fade), the ties it lights and
   * the caption with its sources; Previous / Next and the arrow keys move through it. "Explore
   * freely" drops the step's focus, and the link of the page keeps which step it shows. */
  function fitStep(ids) {
    var shown = ids.filter(function (id) { return visibleNodes.has(id); });
    if (!shown.length) { fitView(); return; }
    network.fit({ nodes: shown, animation: false });
    if (network.getScale() > 1.4) network.moveTo({ scale: 1.4, animation: false });
    network.moveTo({ scale: network.getScale() * 0.8, animation: false });  // room for the neighbours
  }
  function stepEntities(step) {
    var ids = new Set(step.focus);
    step.ties.forEach(function (key) { var e = edgeById.get(key); if (e) { ids.add(e.from); ids.add(e.to); } });
    return ids;
  }
  function renderStory() {
    if (!STORY) return;
    var free = state.step === null;
    var index = free ? -1 : state.step;
    var step = free ? null : STORY.steps[index];
    $("story-count").textContent = free ? STORY.steps.length + " steps" : "Step " + (index + 1) + " of " + STORY.steps.length;
    $("story-title").textContent = free ? STORY.title : step.title;
    $("story-date").textContent = free ? "exploring freely" : step.date;
    $("story-caption").textContent = free ? (STORY.description || "") : step.caption;
    var box = $("story-sources");
    clear(box);
    $("story-sources-box").hidden = free;
    if (step) {
      $("story-sources-summary").textContent = "Sources (" + step.sources.length + ")";
      box.appendChild(citationList(step.sources));
    }
    $("story-prev").disabled = !free && index <= 0;
    $("story-next").disabled = !free && index >= STORY.steps.length - 1;
    $("story-leave").setAttribute("aria-pressed", free ? "true" : "false");
    $("story-leave").textContent = free ? "Back to the story" : "Explore freely";
  }
  function goStep(index, restoring) {
    if (!STORY) return;
    index = Math.max(0, Math.min(STORY.steps.length - 1, index));
    var step = STORY.steps[index];
    state.step = index;
    state.storyFocus = stepEntities(step);
    state.storyTies = new Set(step.ties);
    var month = monthIndexOf(step.day);
    if (month < 0) month = step.day < months[0] + "-01" ? 0 : months.length - 1;
    state.time = true; state.compare = false;
    $("time-on").checked = true; $("compare-on").checked = false;
    slider.disabled = false; compareSlider.disabled = true;
    slider.value = String(month);
    state.selected = null;
    network.unselectAll();
    timeChanged();
    if (step.focus.length) showNode(step.focus[0]);
    renderStory();
    if (!restoring) fitStep(Array.from(state.storyFocus));
    api.steps += 1;
  }
  function leaveStory() {
    state.step = null;
    state.storyFocus = state.storyTies = null;
    restyle();
    renderStory();
  }
  if (STORY) {
    $("story").hidden = false;
    $("story-prev").addEventListener("click", function () { goStep(state.step === null ? 0 : state.step - 1); });
    $("story-next").addEventListener("click", function () { goStep(state.step === null ? 0 : state.step + 1); });
    $("story-leave").addEventListener("click", function () { if (state.step === null) goStep(0); else leaveStory(); });
    document.addEventListener("keydown", function (event) {
      var tag = (event.target && event.target.tagName) || "";
      if (/^(INPUT|SELECT|TEXTAREA)$/.test(tag) || event.altKey || event.ctrlKey || event.metaKey) return;
      var at = state.step === null ? -1 : state.step;
      if (event.key === "ArrowRight" || event.key === "PageDown") goStep(at + 1);
      else if (event.key === "ArrowLeft" || event.key === "PageUp") goStep(Math.max(at - 1, 0));
      else if (event.key === "Home") goStep(0);
      else if (event.key === "End") goStep(STORY.steps.length - 1);
      else return;
      event.preventDefault();
    });
  }

  /* ---------------------------------------------------------------- the state in the address */
  /* The URL fragment holds the date, the compare date, the selection, the filters, the focus and
   * the colour mode; opening the link restores the same view. */
  function stateHash() {
    var parts = [];
    function put(key, value) { parts.push(key + "=" + encodeURIComponent(value)); }
    if (state.time) put("at", months[state.month]);
    if (state.compare) { put("from", months[state.month]); put("vs", months[state.compareMonth]); }
    if (state.selected) put("sel", state.selected);
    if (state.families.size !== DATA.filters.families.length) put("ties", Array.from(state.families).sort().join(","));
    if (state.kinds.size !== DATA.filters.kinds.length) put("kinds", Array.from(state.kinds).sort().join(","));
    if (state.minConfidence !== DATA.filters.confidence.length - 1) put("min", DATA.filters.confidence[state.minConfidence]);
    if (state.focus) put("focus", state.focus);
    if (state.colourBy !== DATA.view.colour_by) put("colour", state.colourBy);
    if (state.sizeBy) put("size", state.sizeBy);
    if (STORY) put("step", state.step === null ? "free" : state.step + 1);
    return parts.join("&");
  }
  var restoring = false;
  function saveState() {
    if (!api.ready || restoring) return;
    var hash = stateHash();
    if (location.hash.slice(1) === hash) return;
    if (history.replaceState) { try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); return; } catch (e) { /* file:// in some browsers */ } }
    location.replace("#" + hash);
  }
  function restoreState() {
    var text = location.hash.slice(1);
    if (!text) return;
    var params = {};
    text.split("&").forEach(function (part) { var i = part.indexOf("="); if (i > 0) params[part.slice(0, i)] = decodeURIComponent(part.slice(i + 1)); });
    restoring = true;
    function boxes(selector, values, set) {
      var wanted = new Set(values.split(",").filter(Boolean));
      document.querySelectorAll(selector).forEach(function (box) { box.checked = wanted.has(box.value); if (box.checked) set.add(box.value); else set.delete(box.value); });
    }
    if (params.ties !== undefined) boxes("#family-filters input", params.ties, state.families);
    if (params.kinds !== undefined) boxes("#kind-filters input", params.kinds, state.kinds);
    if (params.min !== undefined && DATA.filters.confidence.indexOf(params.min) >= 0) { state.minConfidence = DATA.filters.confidence.indexOf(params.min); $("min-confidence").value = String(state.minConfidence); }
    if (params.focus !== undefined) { state.focus = +params.focus || 0; $("focus-depth").value = String(state.focus); }
    if (params.colour === "status" || params.colour === "distance") { state.colourBy = params.colour; $("colour-by").value = params.colour; }
    if (INF && MEASURE_WORDS[params.size]) { state.sizeBy = params.size; $("size-by").value = params.size; renderLegend(); }
    if (STORY && params.step !== undefined) {  // the step first: a date or selection in the link was chosen after it
      if (params.step === "free") leaveStory(); else goStep((parseInt(params.step, 10) || 1) - 1, true);
    }
    var at = months.indexOf(params.at || params.from || "");
    if (at >= 0) { slider.value = String(at); if (params.at) $("time-on").checked = state.time = true; }
    var vs = months.indexOf(params.vs || "");
    if (vs >= 0 && at >= 0) { compareSlider.value = String(vs); $("compare-on").checked = state.compare = true; }
    slider.disabled = !state.time && !state.compare;
    compareSlider.disabled = !state.compare;
    timeChanged();
    if (params.sel && nodeById.has(params.sel)) selectNode(params.sel, false);
    restoring = false;
  }
  window.addEventListener("hashchange", function () { if (location.hash.slice(1) !== stateHash()) restoreState(); saveState(); });


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
    visibleEdges: function () { return Array.from(visibleEdges); },
    labels: function () { return drawnLabels.map(function (b) { return { id: b.id, text: b.text, size: b.size, bold: b.bold, x: b.x, y: b.y, w: b.w, h: b.h, cx: b.cx }; }); },
    overlay: function () { var canvas = container.querySelector("canvas"); return drawOverlay(canvas.getContext("2d")); },
    pictureText: pictureText,
    picture: picture,
    svgPicture: svgPicture,
    stateHash: stateHash,
    goStep: goStep,
    leaveStory: leaveStory,
    steps: 0,
    fits: 0
  };
  window.explorer = api;

  renderLegend();
  renderTimeLabels();
  renderExplanation();
  function ready() {
    if (api.ready) return;
    apply();
    fitView();
    api.ready = true;
    restoreState();
    if (STORY && !/(^|&)step=/.test(location.hash.slice(1))) goStep(0);  // a story opens on its first step
    network.redraw();
    document.body.setAttribute("data-ready", "true");
  }
  /* Until the layout settles, a line over the graph says how far it has got. */
  $("loading").textContent = "Laying out " + DATA.nodes.length + " entities and " + DATA.edges.length + " ties\u2026";
  network.on("stabilizationProgress", function (p) {
    if (!api.ready && p.total) $("loading").textContent = "Laying out the graph: " + Math.round(100 * p.iterations / p.total) + "%";
  });
  if (physics && DATA.nodes.length > 1) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      // keep every position, so what a filter or the slider hides comes back where it was
      var positions = network.getPositions();
      nodeSet.update(Object.keys(positions).map(function (id) { return { id: id, x: positions[id].x, y: positions[id].y }; }));
      ready();
    });
  } else {
    if (physics) network.setOptions({ physics: { enabled: false } });
    ready();
  }
})();
