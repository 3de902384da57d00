// Upsert one batch of nodes of one label. {label} is filled by the loader from the schema
// registry only; every value travels in $rows. SET n = replaces every property, so a re-run
// converges on exactly what the dataset says.
UNWIND $rows AS row
MERGE (n:{label} {id: row.id})
SET n = row.props
