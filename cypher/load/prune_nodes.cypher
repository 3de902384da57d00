// --replace: remove the nodes of one label this dataset wrote before and no longer has. The
// load's ownership check and heartbeat come first, as in create_nodes.cypher.
MATCH (d:Dataset {id: $dataset})
SET d.load_heartbeat = $at
WITH d
WHERE d.load_token = $token
CALL () {
  MATCH (n:{label})
  WHERE n.dataset = $dataset AND NOT n.id IN $keep
  DETACH DELETE n
}
RETURN count(d) AS mine
