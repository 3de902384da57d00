// Read back every node of one label a dataset wrote.
MATCH (n:{label})
WHERE n.dataset = $dataset
RETURN n.id AS id, properties(n) AS props
