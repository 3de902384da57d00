// Ids of one label that another dataset already wrote: ids are unique per label across the whole
// database, so the loader refuses rather than take another dataset's node over.
MATCH (n:{label})
WHERE n.id IN $ids AND n.dataset <> $dataset
RETURN n.id AS id, n.dataset AS dataset
ORDER BY id
LIMIT 5
