// What this dataset already wrote under one label: ids and content digests, to tell created,
// updated and unchanged rows apart without reading every property back.
MATCH (n:{label})
WHERE n.dataset = $dataset
RETURN n.id AS id, n.digest AS digest
