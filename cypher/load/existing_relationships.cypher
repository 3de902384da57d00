// What this dataset already wrote of one relationship type: ids, content digests and ends (a tie
// whose id stays but whose ends change must be moved, not left behind).
MATCH (a)-[r:{type}]->(b)
WHERE r.dataset = $dataset
RETURN r.id AS id, r.digest AS digest, a.id AS source, b.id AS target
