// name: cracks_timeline
// Answers: every defection since a date, in date order, with the defector's loyalty distance to
//          the core on the day before defecting, that path's strength (its weakest tie's grade)
//          and its people's ids, all null when no loyalty path held then; the rules and the
//          search are loyalty_path_at's: one search per distinct day before a defection, for
//          every defector of that day at once, stopped once they are all reached (so the cost
//          grows with the number of such days, not of defectors).
//          The search runs from the core one layer at a time, so its cost is bounded by the ties
//          of the people it reaches (no path is listed): each layer holds the people first
//          reached at that distance with the best weakest-link rank over the layer before and
//          every link to it (a person's rank: min over those links of max(link, neighbour)); the
//          path is then read from the person towards the core, each step to the lowest id whose
//          own rank and link keep the person's strength (docs/analysis.md). The six layer blocks
//          below are the same text (a test checks it); a person more than 6 ties out is not found.
//          With $chain = true, the chain of command binds too (docs/analysis.md): someone serving
//          in a body (MEMBER_OF, HOLDS_POSITION, COMMANDS) to whoever heads it that day (COMMANDS,
//          or HOLDS_POSITION with head = true), a head to the head of the body above (PART_OF),
//          climbing past bodies with no head that day (at most 12), graded as the weakest tie
//          under it; such hops show as CHAIN_OF_COMMAND in `ties`. Where two PART_OF routes reach
//          the same body, the strongest counts (Python keeps the first it finds; the bundled data
//          has no such case). Runs unchanged on Neo4j 5 and on the embedded test server.
// Parameters: $core: a person id, e.g. 'bashar-al-assad'; $since: a date as text, e.g. '2011-03';
//             $chain: true to climb the chain of command, false for recorded ties only
MATCH (defector:Person)
WHERE defector.defected IS NOT NULL AND defector.defected >= $since
WITH defector.defected_day_before AS day, collect(defector) AS defectors
CALL (day, defectors) {
WITH day, $chain AS chain, [d IN defectors | d.id] AS asked
WITH day, chain, asked, ['confirmed', 'reported', 'claimed', 'unconfirmed', 'rumoured', 'disputed'] AS grades, ['opposition_group', 'armed_group'] AS opposition
MATCH (c:Person {id: $core})
WHERE (day IS NULL OR coalesce(c.born, c.founded, c.start) IS NULL OR coalesce(c.born, c.founded, c.start) <= substring(day, 0, size(coalesce(c.born, c.founded, c.start))))
  AND (c.defected IS NULL OR day IS NOT NULL AND c.defected > substring(day, 0, size(c.defected)))
  AND (c.dead_from IS NULL OR day IS NOT NULL AND c.dead_from > substring(day, 0, size(c.dead_from)))
  AND NOT EXISTS { MATCH (c)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
OPTIONAL MATCH (g:Person) WHERE g.id IN asked
WITH day, chain, asked, grades, opposition, c, collect(g) AS goals
WITH day, chain, asked, grades, opposition, goals, [[], [{n: c, k: 0, preds: []}]] AS layers
WITH day, chain, asked, grades, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, grades, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, grades, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, grades WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (day IS NULL OR (r.start IS NULL OR r.start <= substring(day, 0, size(r.start))) AND (r.end IS NULL OR r.end >= substring(day, 0, size(r.end))))
    RETURN m, [i IN range(0, size(grades) - 1) WHERE grades[i] = r.confidence][0] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND (day IS NULL OR coalesce(b.born, b.founded, b.start) IS NULL OR coalesce(b.born, b.founded, b.start) <= substring(day, 0, size(coalesce(b.born, b.founded, b.start))))
    WITH n, s, b, day, grades, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end))))
      AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end))))) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end)))) AND (day IS NULL OR coalesce(top.born, top.founded, top.start) IS NULL OR coalesce(top.born, top.founded, top.start) <= substring(day, 0, size(coalesce(top.born, top.founded, top.start))))
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end)))))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
    WITH n, t, q, ps, s, b, m, day, grades, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR (day IS NULL OR coalesce(m.born, m.founded, m.start) IS NULL OR coalesce(m.born, m.founded, m.start) <= substring(day, 0, size(coalesce(m.born, m.founded, m.start))))
        AND (m.defected IS NULL OR day IS NOT NULL AND m.defected > substring(day, 0, size(m.defected)))
        AND (m.dead_from IS NULL OR day IS NOT NULL AND m.dead_from > substring(day, 0, size(m.dead_from)))
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, grades, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
WITH day, chain, asked, grades, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, grades, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, grades, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, grades WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (day IS NULL OR (r.start IS NULL OR r.start <= substring(day, 0, size(r.start))) AND (r.end IS NULL OR r.end >= substring(day, 0, size(r.end))))
    RETURN m, [i IN range(0, size(grades) - 1) WHERE grades[i] = r.confidence][0] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND (day IS NULL OR coalesce(b.born, b.founded, b.start) IS NULL OR coalesce(b.born, b.founded, b.start) <= substring(day, 0, size(coalesce(b.born, b.founded, b.start))))
    WITH n, s, b, day, grades, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end))))
      AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end))))) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end)))) AND (day IS NULL OR coalesce(top.born, top.founded, top.start) IS NULL OR coalesce(top.born, top.founded, top.start) <= substring(day, 0, size(coalesce(top.born, top.founded, top.start))))
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end)))))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
    WITH n, t, q, ps, s, b, m, day, grades, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR (day IS NULL OR coalesce(m.born, m.founded, m.start) IS NULL OR coalesce(m.born, m.founded, m.start) <= substring(day, 0, size(coalesce(m.born, m.founded, m.start))))
        AND (m.defected IS NULL OR day IS NOT NULL AND m.defected > substring(day, 0, size(m.defected)))
        AND (m.dead_from IS NULL OR day IS NOT NULL AND m.dead_from > substring(day, 0, size(m.dead_from)))
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, grades, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
WITH day, chain, asked, grades, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, grades, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, grades, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, grades WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (day IS NULL OR (r.start IS NULL OR r.start <= substring(day, 0, size(r.start))) AND (r.end IS NULL OR r.end >= substring(day, 0, size(r.end))))
    RETURN m, [i IN range(0, size(grades) - 1) WHERE grades[i] = r.confidence][0] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND (day IS NULL OR coalesce(b.born, b.founded, b.start) IS NULL OR coalesce(b.born, b.founded, b.start) <= substring(day, 0, size(coalesce(b.born, b.founded, b.start))))
    WITH n, s, b, day, grades, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end))))
      AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end))))) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end)))) AND (day IS NULL OR coalesce(top.born, top.founded, top.start) IS NULL OR coalesce(top.born, top.founded, top.start) <= substring(day, 0, size(coalesce(top.born, top.founded, top.start))))
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end)))))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
    WITH n, t, q, ps, s, b, m, day, grades, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR (day IS NULL OR coalesce(m.born, m.founded, m.start) IS NULL OR coalesce(m.born, m.founded, m.start) <= substring(day, 0, size(coalesce(m.born, m.founded, m.start))))
        AND (m.defected IS NULL OR day IS NOT NULL AND m.defected > substring(day, 0, size(m.defected)))
        AND (m.dead_from IS NULL OR day IS NOT NULL AND m.dead_from > substring(day, 0, size(m.dead_from)))
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, grades, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
WITH day, chain, asked, grades, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, grades, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, grades, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, grades WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (day IS NULL OR (r.start IS NULL OR r.start <= substring(day, 0, size(r.start))) AND (r.end IS NULL OR r.end >= substring(day, 0, size(r.end))))
    RETURN m, [i IN range(0, size(grades) - 1) WHERE grades[i] = r.confidence][0] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND (day IS NULL OR coalesce(b.born, b.founded, b.start) IS NULL OR coalesce(b.born, b.founded, b.start) <= substring(day, 0, size(coalesce(b.born, b.founded, b.start))))
    WITH n, s, b, day, grades, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end))))
      AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end))))) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end)))) AND (day IS NULL OR coalesce(top.born, top.founded, top.start) IS NULL OR coalesce(top.born, top.founded, top.start) <= substring(day, 0, size(coalesce(top.born, top.founded, top.start))))
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end)))))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
    WITH n, t, q, ps, s, b, m, day, grades, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR (day IS NULL OR coalesce(m.born, m.founded, m.start) IS NULL OR coalesce(m.born, m.founded, m.start) <= substring(day, 0, size(coalesce(m.born, m.founded, m.start))))
        AND (m.defected IS NULL OR day IS NOT NULL AND m.defected > substring(day, 0, size(m.defected)))
        AND (m.dead_from IS NULL OR day IS NOT NULL AND m.dead_from > substring(day, 0, size(m.dead_from)))
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, grades, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
WITH day, chain, asked, grades, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, grades, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, grades, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, grades WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (day IS NULL OR (r.start IS NULL OR r.start <= substring(day, 0, size(r.start))) AND (r.end IS NULL OR r.end >= substring(day, 0, size(r.end))))
    RETURN m, [i IN range(0, size(grades) - 1) WHERE grades[i] = r.confidence][0] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND (day IS NULL OR coalesce(b.born, b.founded, b.start) IS NULL OR coalesce(b.born, b.founded, b.start) <= substring(day, 0, size(coalesce(b.born, b.founded, b.start))))
    WITH n, s, b, day, grades, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end))))
      AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end))))) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end)))) AND (day IS NULL OR coalesce(top.born, top.founded, top.start) IS NULL OR coalesce(top.born, top.founded, top.start) <= substring(day, 0, size(coalesce(top.born, top.founded, top.start))))
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end)))))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
    WITH n, t, q, ps, s, b, m, day, grades, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR (day IS NULL OR coalesce(m.born, m.founded, m.start) IS NULL OR coalesce(m.born, m.founded, m.start) <= substring(day, 0, size(coalesce(m.born, m.founded, m.start))))
        AND (m.defected IS NULL OR day IS NOT NULL AND m.defected > substring(day, 0, size(m.defected)))
        AND (m.dead_from IS NULL OR day IS NOT NULL AND m.dead_from > substring(day, 0, size(m.dead_from)))
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, grades, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
WITH day, chain, asked, grades, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, grades, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, grades, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, grades WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (day IS NULL OR (r.start IS NULL OR r.start <= substring(day, 0, size(r.start))) AND (r.end IS NULL OR r.end >= substring(day, 0, size(r.end))))
    RETURN m, [i IN range(0, size(grades) - 1) WHERE grades[i] = r.confidence][0] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND (day IS NULL OR coalesce(b.born, b.founded, b.start) IS NULL OR coalesce(b.born, b.founded, b.start) <= substring(day, 0, size(coalesce(b.born, b.founded, b.start))))
    WITH n, s, b, day, grades, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end))))
      AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end))))) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, grades, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (type(t) IN ['COMMANDS'] OR (type(t) IN ['HOLDS_POSITION'] AND t.head = true)) AND (day IS NULL OR (t.start IS NULL OR t.start <= substring(day, 0, size(t.start))) AND (t.end IS NULL OR t.end >= substring(day, 0, size(t.end)))) AND (day IS NULL OR coalesce(top.born, top.founded, top.start) IS NULL OR coalesce(top.born, top.founded, top.start) <= substring(day, 0, size(coalesce(top.born, top.founded, top.start))))
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND type(s) IN ['MEMBER_OF', 'COMMANDS', 'HOLDS_POSITION'] AND (day IS NULL OR (s.start IS NULL OR s.start <= substring(day, 0, size(s.start))) AND (s.end IS NULL OR s.end >= substring(day, 0, size(s.end)))) AND all(x IN ps WHERE (day IS NULL OR (x.start IS NULL OR x.start <= substring(day, 0, size(x.start))) AND (x.end IS NULL OR x.end >= substring(day, 0, size(x.end)))))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE (day IS NULL OR coalesce(x.born, x.founded, x.start) IS NULL OR coalesce(x.born, x.founded, x.start) <= substring(day, 0, size(coalesce(x.born, x.founded, x.start)))))
    WITH n, t, q, ps, s, b, m, day, grades, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (type(t1) IN ['COMMANDS'] OR (type(t1) IN ['HOLDS_POSITION'] AND t1.head = true)) AND (day IS NULL OR (t1.start IS NULL OR t1.start <= substring(day, 0, size(t1.start))) AND (t1.end IS NULL OR t1.end >= substring(day, 0, size(t1.end)))) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (type(t2) IN ['COMMANDS'] OR (type(t2) IN ['HOLDS_POSITION'] AND t2.head = true)) AND (day IS NULL OR (t2.start IS NULL OR t2.start <= substring(day, 0, size(t2.start))) AND (t2.end IS NULL OR t2.end >= substring(day, 0, size(t2.end))))
            AND (day IS NULL OR coalesce(h2.born, h2.founded, h2.start) IS NULL OR coalesce(h2.born, h2.founded, h2.start) <= substring(day, 0, size(coalesce(h2.born, h2.founded, h2.start))))
            AND (h2.defected IS NULL OR day IS NOT NULL AND h2.defected > substring(day, 0, size(h2.defected)))
            AND (h2.dead_from IS NULL OR day IS NOT NULL AND h2.dead_from > substring(day, 0, size(h2.dead_from)))
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
        })
    RETURN m, reduce(w = 0, x IN [[i IN range(0, size(grades) - 1) WHERE grades[i] = s.confidence][0], [i IN range(0, size(grades) - 1) WHERE grades[i] = t.confidence][0]] + [x IN ps | [i IN range(0, size(grades) - 1) WHERE grades[i] = x.confidence][0]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR (day IS NULL OR coalesce(m.born, m.founded, m.start) IS NULL OR coalesce(m.born, m.founded, m.start) <= substring(day, 0, size(coalesce(m.born, m.founded, m.start))))
        AND (m.defected IS NULL OR day IS NOT NULL AND m.defected > substring(day, 0, size(m.defected)))
        AND (m.dead_from IS NULL OR day IS NOT NULL AND m.dead_from > substring(day, 0, size(m.dead_from)))
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (day IS NULL OR (o.start IS NULL OR o.start <= substring(day, 0, size(o.start))) AND (o.end IS NULL OR o.end >= substring(day, 0, size(o.end)))) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, grades, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
UNWIND range(2, size(layers) - 1) AS at_layer
UNWIND layers[at_layer] AS x
WITH grades, layers, asked, x, at_layer - 1 AS d
WHERE x.n.id IN asked
WITH grades, x, d, reduce(path = [x], j IN range(d, 1, -1) |
       path + [[best IN [reduce(b = null, p IN last(path).preds |
                  CASE WHEN p.lk <= x.k AND p.uk <= x.k AND (b IS NULL OR p.u.id < b.id) THEN p.u ELSE b END)] |
                [y IN layers[j] WHERE y.n = best][0]][0]]) AS path
WITH grades, x, d, path, [i IN range(0, d - 1) |
       reduce(h = null, p IN path[i].preds | CASE WHEN p.u = path[i + 1].n AND (h IS NULL OR p.lk < h.lk) THEN p ELSE h END)] AS hops
RETURN collect({id: x.n.id, distance: d, strength: grades[x.k], ids: [e IN path | e.n.id]}) AS found
}
UNWIND defectors AS defector
WITH defector, [f IN found WHERE f.id = defector.id][0] AS best
RETURN defector.defected AS date, defector.id AS id, defector.name AS name, best.distance AS distance_before,
       best.strength AS strength_before, best.ids AS ids_before
ORDER BY date, name
