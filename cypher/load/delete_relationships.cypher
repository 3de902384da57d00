// Delete one batch of relationships of one type by id before they are written again between
// other ends ({type} comes from the schema registry only; the ids travel in $rows). The load's
// ownership check and heartbeat come first, as in create_nodes.cypher.
MATCH (d:Dataset {id: $dataset})
SET d.load_heartbeat = $at
WITH d
WHERE d.load_token = $token
CALL () {
  UNWIND $rows AS row
  MATCH ()-[r:{type} {id: row.id}]->()
  WHERE r.dataset = $dataset
  DELETE r
}
RETURN count(d) AS mine
