// What this dataset already wrote under one label: ids and content digests, to tell created,
// updated and unchanged rows apart without reading every property back. The loader sends it for
// every label at once, joined by UNION ALL (one round trip), so each row names its label.
MATCH (n:{label})
WHERE n.dataset = $dataset
RETURN '{label}' AS what, n.id AS id, n.digest AS digest
