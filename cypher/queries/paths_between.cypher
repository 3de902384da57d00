// name: paths_between
// Answers: every path linking two entities in at most $max_hops ties (up to 4), shortest first.
// Parameters: $a: an entity id; $b: an entity id; $max_hops: a whole number from 1 to 4
MATCH p = (a {id: $a})-[*1..4]-(b {id: $b})
WHERE length(p) <= $max_hops
RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS entities, [r IN relationships(p) | type(r)] AS ties
ORDER BY hops
LIMIT 50
