// name: loyalty_path_at
// Answers: a person's loyalty path to the core at a date, as docs/analysis.md defines it:
//          binding ties that hold then, through people neither defected, dead nor in the
//          opposition then (opposition: a hierarchy or rupture tie holding then to an opposition
//          or armed group). Of equally short paths, the one whose weakest tie is strongest.
//          Partial dates are spans: a tie starting 2012-07 holds from 2012-07-01, one ending
//          2012-07 through 2012-07-31 (compared here on the date's first characters). Paths of
//          up to 6 ties are searched (a variable-length match, not shortestPath: see
//          docs/neo4j.md on filtered shortest paths).
// Parameters: $person: a person id; $core: a person id, e.g. 'bashar-al-assad';
//             $at: a full date as text, e.g. '2012-06-30'
// Warning: "cartesian product": each side is one node found by its unique id, so the product is one row.
MATCH (a:Person {id: $person}), (b:Person {id: $core})
MATCH p = (a)-[*1..6]-(b)
WHERE all(r IN relationships(p) WHERE r.family IN ['family', 'bond', 'hierarchy']
          AND (r.start IS NULL OR r.start <= substring($at, 0, size(r.start)))
          AND (r.end IS NULL OR r.end >= substring($at, 0, size(r.end))))
  AND all(n IN nodes(p) WHERE n:Person
          AND (n.defected IS NULL OR n.defected > substring($at, 0, size(n.defected)))
          AND (n.dead_from IS NULL OR n.dead_from > substring($at, 0, size(n.dead_from)))
          AND NOT EXISTS {
            MATCH (n)-[o]-(g:Organization)
            WHERE g.org_kind IN ['opposition_group', 'armed_group'] AND o.family IN ['hierarchy', 'rupture']
              AND (o.start IS NULL OR o.start <= substring($at, 0, size(o.start)))
              AND (o.end IS NULL OR o.end >= substring($at, 0, size(o.end)))
          })
WITH p, ['confirmed', 'reported', 'claimed', 'unconfirmed', 'rumoured', 'disputed'] AS grades
WITH p, grades, [r IN relationships(p) | [i IN range(0, size(grades) - 1) WHERE grades[i] = r.confidence][0]] AS ranks
WITH p, grades, reduce(w = 0, x IN ranks | CASE WHEN x > w THEN x ELSE w END) AS weakest, [n IN nodes(p) | n.id] AS ids
RETURN length(p) AS distance, grades[weakest] AS strength, [n IN nodes(p) | n.name] AS people,
       [r IN relationships(p) | type(r)] AS ties, [r IN relationships(p) | r.confidence] AS confidence, ids
ORDER BY distance, weakest, ids
LIMIT 1
