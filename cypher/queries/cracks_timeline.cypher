// name: cracks_timeline
// Answers: every defection since a date, in date order, with the defector's loyalty distance to
//          the core on the day before defecting and that path's strength (its weakest tie's
//          grade), both null when no loyalty path held then; the rules are loyalty_path_at's.
// Parameters: $core: a person id, e.g. 'bashar-al-assad'; $since: a date as text, e.g. '2011-03'
// Warning: "cartesian product": each side is one node found by its unique id, so the product is one row.
MATCH (d:Person), (c:Person {id: $core})
WHERE d.defected IS NOT NULL AND d.defected >= $since
OPTIONAL MATCH p = (d)-[*1..6]-(c)
WHERE all(r IN relationships(p) WHERE r.family IN ['family', 'bond', 'hierarchy']
          AND (r.start IS NULL OR r.start <= substring(d.defected_day_before, 0, size(r.start)))
          AND (r.end IS NULL OR r.end >= substring(d.defected_day_before, 0, size(r.end))))
  AND all(n IN nodes(p) WHERE n:Person
          AND (n.defected IS NULL OR n.defected > substring(d.defected_day_before, 0, size(n.defected)))
          AND (n.dead_from IS NULL OR n.dead_from > substring(d.defected_day_before, 0, size(n.dead_from)))
          AND NOT EXISTS {
            MATCH (n)-[o]-(g:Organization)
            WHERE g.org_kind IN ['opposition_group', 'armed_group'] AND o.family IN ['hierarchy', 'rupture']
              AND (o.start IS NULL OR o.start <= substring(d.defected_day_before, 0, size(o.start)))
              AND (o.end IS NULL OR o.end >= substring(d.defected_day_before, 0, size(o.end)))
          })
WITH d, p, ['confirmed', 'reported', 'claimed', 'unconfirmed', 'rumoured', 'disputed'] AS grades
WITH d, p, grades, [r IN relationships(p) | [i IN range(0, size(grades) - 1) WHERE grades[i] = r.confidence][0]] AS ranks
WITH d, p, grades, reduce(w = 0, x IN ranks | CASE WHEN x > w THEN x ELSE w END) AS weakest
ORDER BY length(p), weakest
WITH d, collect({distance: length(p), strength: grades[weakest]})[0] AS best
RETURN d.defected AS date, d.id AS id, d.name AS name, best.distance AS distance_before,
       best.strength AS strength_before
ORDER BY date, name
