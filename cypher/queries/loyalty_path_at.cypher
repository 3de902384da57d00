// name: loyalty_path_at
// Answers: the loyalty path of each given person to the core at a date, as docs/analysis.md
//          defines it: binding ties that hold then, through people who exist and are neither
//          defected, dead nor in the opposition then (opposition: a hierarchy or rupture tie
//          holding then to an opposition or armed group). Of the shortest paths, the one whose
//          weakest tie is strongest, then the first by the ids of its people from the person.
//          Partial dates are spans: a tie starting 2012-07 holds from 2012-07-01, one ending
//          2012-07 through 2012-07-31, compared as text: a start or birth must be <= day + '~'
//          and an end + '~' >= day ('~' sorts after every digit and '-'). One row per
//          person with a path (none for a person with no path), ordered by person id.
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
// Parameters: $people: a list of person ids, e.g. ['manaf-tlass']; $core: a person id, e.g.
//             'bashar-al-assad'; $at: a full date as text, e.g. '2012-06-30'; $chain: true to
//             climb the chain of command, false for recorded person-to-person ties only
WITH $at AS day, $chain AS chain, $people AS asked
WITH day, chain, asked, {confirmed: 0, reported: 1, claimed: 2, unconfirmed: 3, rumoured: 4, disputed: 5} AS rank, ['opposition_group', 'armed_group'] AS opposition
MATCH (c:Person {id: $core})
WHERE coalesce(c.born, c.founded, c.start, '') <= day + '~'
  AND (c.defected IS NULL OR c.defected > day + '~')
  AND (c.dead_from IS NULL OR c.dead_from > day + '~')
  AND NOT EXISTS { MATCH (c)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
OPTIONAL MATCH (g:Person) WHERE g.id IN asked
WITH day, chain, asked, rank, opposition, c, collect(g) AS goals
WITH day, chain, asked, rank, opposition, goals, [[], [{n: c, k: 0, preds: []}]] AS layers
WITH day, chain, asked, rank, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, rank, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, rank, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, rank WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (coalesce(r.start, '') <= day + '~' AND coalesce(r.end, '~') + '~' >= day)
    RETURN m, rank[r.confidence] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND coalesce(b.born, b.founded, b.start, '') <= day + '~'
    WITH n, s, b, day, rank, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day)
      AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day)) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day) AND coalesce(top.born, top.founded, top.start, '') <= day + '~'
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
    WITH n, t, q, ps, s, b, m, day, rank, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR coalesce(m.born, m.founded, m.start, '') <= day + '~'
        AND (m.defected IS NULL OR m.defected > day + '~')
        AND (m.dead_from IS NULL OR m.dead_from > day + '~')
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, rank, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
WITH day, chain, asked, rank, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, rank, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, rank, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, rank WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (coalesce(r.start, '') <= day + '~' AND coalesce(r.end, '~') + '~' >= day)
    RETURN m, rank[r.confidence] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND coalesce(b.born, b.founded, b.start, '') <= day + '~'
    WITH n, s, b, day, rank, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day)
      AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day)) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day) AND coalesce(top.born, top.founded, top.start, '') <= day + '~'
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
    WITH n, t, q, ps, s, b, m, day, rank, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR coalesce(m.born, m.founded, m.start, '') <= day + '~'
        AND (m.defected IS NULL OR m.defected > day + '~')
        AND (m.dead_from IS NULL OR m.dead_from > day + '~')
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, rank, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
WITH day, chain, asked, rank, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, rank, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, rank, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, rank WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (coalesce(r.start, '') <= day + '~' AND coalesce(r.end, '~') + '~' >= day)
    RETURN m, rank[r.confidence] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND coalesce(b.born, b.founded, b.start, '') <= day + '~'
    WITH n, s, b, day, rank, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day)
      AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day)) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day) AND coalesce(top.born, top.founded, top.start, '') <= day + '~'
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
    WITH n, t, q, ps, s, b, m, day, rank, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR coalesce(m.born, m.founded, m.start, '') <= day + '~'
        AND (m.defected IS NULL OR m.defected > day + '~')
        AND (m.dead_from IS NULL OR m.dead_from > day + '~')
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, rank, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
WITH day, chain, asked, rank, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, rank, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, rank, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, rank WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (coalesce(r.start, '') <= day + '~' AND coalesce(r.end, '~') + '~' >= day)
    RETURN m, rank[r.confidence] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND coalesce(b.born, b.founded, b.start, '') <= day + '~'
    WITH n, s, b, day, rank, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day)
      AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day)) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day) AND coalesce(top.born, top.founded, top.start, '') <= day + '~'
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
    WITH n, t, q, ps, s, b, m, day, rank, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR coalesce(m.born, m.founded, m.start, '') <= day + '~'
        AND (m.defected IS NULL OR m.defected > day + '~')
        AND (m.dead_from IS NULL OR m.dead_from > day + '~')
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, rank, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
WITH day, chain, asked, rank, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, rank, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, rank, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, rank WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (coalesce(r.start, '') <= day + '~' AND coalesce(r.end, '~') + '~' >= day)
    RETURN m, rank[r.confidence] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND coalesce(b.born, b.founded, b.start, '') <= day + '~'
    WITH n, s, b, day, rank, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day)
      AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day)) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day) AND coalesce(top.born, top.founded, top.start, '') <= day + '~'
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
    WITH n, t, q, ps, s, b, m, day, rank, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR coalesce(m.born, m.founded, m.start, '') <= day + '~'
        AND (m.defected IS NULL OR m.defected > day + '~')
        AND (m.dead_from IS NULL OR m.dead_from > day + '~')
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, rank, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
WITH day, chain, asked, rank, opposition, goals, layers, layers[-2] AS prev, layers[-1] AS cur
CALL (day, chain, rank, opposition, goals, prev, cur) {
  // every link out of the layer, and a marker for each person already placed (they are not new)
  UNWIND CASE WHEN size(goals) = 0 THEN [] ELSE [x IN cur | {u: x, old: false}] + [x IN prev + cur | {u: x, old: true}] END AS item
  CALL (day, chain, rank, opposition, item) {
    WITH item WHERE item.old
    RETURN item.u.n AS m, -1 AS k, null AS via
    UNION ALL
    // recorded binding ties
    WITH item.u.n AS n, item, day, rank WHERE NOT item.old
    MATCH (n)-[r]-(m:Person)
    WHERE r.family IN ['family', 'bond', 'hierarchy'] AND (coalesce(r.start, '') <= day + '~' AND coalesce(r.end, '~') + '~' >= day)
    RETURN m, rank[r.confidence] AS k, type(r) AS via
    UNION ALL
    // chain of command, upward: u.n serves in a body b; m heads b, or the first body above it
    // with a head that day (a head of b starts from the body above b)
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[s]->(b:Organization)
    WHERE s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND coalesce(b.born, b.founded, b.start, '') <= day + '~'
    WITH n, s, b, day, rank, opposition, EXISTS { MATCH (n)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    MATCH q = (b)-[ps:PART_OF*0..12]->(top:Organization)<-[t]-(m:Person)
    WHERE (size(ps) > 0 OR NOT heads_b) AND m <> n AND (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day)
      AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day)) AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
      AND all(x IN nodes(q)[CASE WHEN heads_b THEN 1 ELSE 0 END..size(ps)] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> n AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
    UNION ALL
    // chain of command, downward: u.n heads a body top; m serves in it, or in a body below it
    // whose climb reaches top (no head on the way), or heads a body whose climb does
    WITH item.u.n AS n, item, day, rank, opposition WHERE chain AND NOT item.old
    MATCH (n)-[t]->(top:Organization)
    WHERE (t:COMMANDS OR t:HOLDS_POSITION AND t.head = true) AND (coalesce(t.start, '') <= day + '~' AND coalesce(t.end, '~') + '~' >= day) AND coalesce(top.born, top.founded, top.start, '') <= day + '~'
    MATCH q = (top)<-[ps:PART_OF*0..12]-(b:Organization)<-[s]-(m:Person)
    WHERE m <> n AND s:MEMBER_OF|COMMANDS|HOLDS_POSITION AND (coalesce(s.start, '') <= day + '~' AND coalesce(s.end, '~') + '~' >= day) AND all(x IN ps WHERE (coalesce(x.start, '') <= day + '~' AND coalesce(x.end, '~') + '~' >= day))
      AND all(x IN nodes(q)[1..size(ps) + 1] WHERE coalesce(x.born, x.founded, x.start, '') <= day + '~')
    WITH n, t, q, ps, s, b, m, day, rank, opposition, EXISTS { MATCH (m)-[t1]->(b) WHERE (t1:COMMANDS OR t1:HOLDS_POSITION AND t1.head = true) AND (coalesce(t1.start, '') <= day + '~' AND coalesce(t1.end, '~') + '~' >= day) } AS heads_b
    WHERE (size(ps) > 0 OR NOT heads_b)
      AND all(x IN nodes(q)[1..size(ps) + 1 - CASE WHEN heads_b THEN 1 ELSE 0 END] WHERE NOT EXISTS {
          MATCH (x)<-[t2]-(h2:Person)
          WHERE h2 <> m AND (t2:COMMANDS OR t2:HOLDS_POSITION AND t2.head = true) AND (coalesce(t2.start, '') <= day + '~' AND coalesce(t2.end, '~') + '~' >= day)
            AND coalesce(h2.born, h2.founded, h2.start, '') <= day + '~'
            AND (h2.defected IS NULL OR h2.defected > day + '~')
            AND (h2.dead_from IS NULL OR h2.dead_from > day + '~')
            AND NOT EXISTS { MATCH (h2)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
        })
    RETURN m, reduce(w = 0, x IN [rank[s.confidence], rank[t.confidence]] + [x IN ps | rank[x.confidence]] | CASE WHEN x > w THEN x ELSE w END) AS k, 'CHAIN_OF_COMMAND' AS via
  }
  WITH item, m, k, via
  WHERE k < 0 OR coalesce(m.born, m.founded, m.start, '') <= day + '~'
        AND (m.defected IS NULL OR m.defected > day + '~')
        AND (m.dead_from IS NULL OR m.dead_from > day + '~')
        AND NOT EXISTS { MATCH (m)-[o]-(g:Organization) WHERE g.org_kind IN opposition AND o.family IN ['hierarchy', 'rupture'] AND (coalesce(o.start, '') <= day + '~' AND coalesce(o.end, '~') + '~' >= day) }
  WITH m, min(k) AS lowest, min(CASE WHEN k > item.u.k THEN k ELSE item.u.k END) AS k,
       collect({u: item.u.n, lk: k, uk: item.u.k, via: via}) AS preds
  WHERE lowest >= 0
  RETURN collect({n: m, k: k, preds: preds}) AS next
}
WITH day, chain, asked, rank, opposition, layers + [next] AS layers, [g IN goals WHERE NOT any(x IN next WHERE x.n = g)] AS goals
UNWIND range(2, size(layers) - 1) AS at_layer
UNWIND layers[at_layer] AS x
WITH rank, layers, asked, x, at_layer - 1 AS d
WHERE x.n.id IN asked
WITH rank, x, d, reduce(path = [x], j IN range(d, 1, -1) |
       path + [[best IN [reduce(b = null, p IN last(path).preds |
                  CASE WHEN p.lk <= x.k AND p.uk <= x.k AND (b IS NULL OR p.u.id < b.id) THEN p.u ELSE b END)] |
                [y IN layers[j] WHERE y.n = best][0]][0]]) AS path
WITH rank, x, d, path, [i IN range(0, d - 1) |
       reduce(h = null, p IN path[i].preds | CASE WHEN p.u = path[i + 1].n AND (h IS NULL OR p.lk < h.lk) THEN p ELSE h END)] AS hops
RETURN x.n.id AS person, d AS distance, [g IN keys(rank) WHERE rank[g] = x.k][0] AS strength, [e IN path | e.n.id] AS ids,
       [e IN path | e.n.name] AS people, [h IN hops | h.via] AS ties, [h IN hops | [g IN keys(rank) WHERE rank[g] = h.lk][0]] AS confidence
ORDER BY person
