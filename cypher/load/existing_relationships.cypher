// What this dataset already wrote of one relationship type: ids, content digests and ends (a tie
// whose id stays but whose ends change must be moved, not left behind). The loader sends it for
// every type at once, joined by UNION ALL (one round trip), so each row names its type.
MATCH (a)-[r:{type}]->(b)
WHERE r.dataset = $dataset
RETURN '{type}' AS what, r.id AS id, r.digest AS digest, a.id AS source, b.id AS target
