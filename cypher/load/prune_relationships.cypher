// --replace: remove the relationships of one type this dataset wrote before and no longer has.
// The load's ownership check and heartbeat come first, as in create_nodes.cypher.
MATCH (d:Dataset {id: $dataset})
SET d.load_heartbeat = $at
WITH d
WHERE d.load_token = $token
CALL () {
  MATCH ()-[r:{type}]->()
  WHERE r.dataset = $dataset AND NOT r.id IN $keep
  DELETE r
}
RETURN count(d) AS mine
