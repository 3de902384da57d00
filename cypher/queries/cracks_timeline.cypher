// name: cracks_timeline
// Answers: every defection since a date, in date order, with the defector's loyalty distance to
//          the core on the day before defecting (null when no loyalty path held then), under the
//          rules of loyalty_path_at.
// Parameters: $core: a person id, e.g. 'bashar-al-assad'; $since: a date as text, e.g. '2011-03'
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
WITH d, min(length(p)) AS distance_before
RETURN d.defected AS date, d.id AS id, d.name AS name, distance_before
ORDER BY date, name
