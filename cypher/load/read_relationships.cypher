// Read back every relationship of one type a dataset wrote, with its ends.
MATCH (a)-[r:{type}]->(b)
WHERE r.dataset = $dataset
RETURN a.id AS source, b.id AS target, properties(r) AS props
