// What this dataset already wrote under one label, to tell created, updated and unchanged apart.
MATCH (n:{label})
WHERE n.dataset = $dataset
RETURN n.id AS id, properties(n) AS props
