// What this dataset already wrote of one relationship type.
MATCH ()-[r:{type}]->()
WHERE r.dataset = $dataset
RETURN r.id AS id, properties(r) AS props
