// Ids of one label that other datasets wrote: ids are unique per label across the whole database,
// so the loader refuses a dataset that reuses one rather than take another dataset's node over.
// (The loader intersects them with its own ids: `n.id IN $ids` over a large list is slow.) It
// sends it for every label at once, joined by UNION ALL (one round trip).
MATCH (n:{label})
WHERE n.dataset <> $dataset
RETURN '{label}' AS label, n.id AS id, n.dataset AS dataset
