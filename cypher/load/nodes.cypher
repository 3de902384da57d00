// Upsert one batch of nodes of one label. {label} is filled by the loader from the schema
// registry only; every value travels in $rows. SET n = replaces every property, so a re-run
// converges on exactly what the dataset says. The load's ownership check and heartbeat come
// first, as in create_nodes.cypher.
MATCH (d:Dataset {id: $dataset})
SET d.load_heartbeat = $at
WITH d
WHERE d.load_token = $token
CALL () {
  UNWIND $rows AS row
  MERGE (n:{label} {id: row.id})
  SET n = row.props
}
RETURN count(d) AS mine
