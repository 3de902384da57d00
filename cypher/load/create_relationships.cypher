// Create one batch of relationships of one type that the dataset has not written before (the
// loader read what is there first, and one load of a dataset runs at a time). Cheaper than
// MERGE, which looks through the relationships of each end first. {type}, {source_label} and
// {target_label} come from the schema registry only; every value travels in $rows. The load's
// ownership check and heartbeat come first, as in create_nodes.cypher.
MATCH (d:Dataset {id: $dataset})
SET d.load_heartbeat = $at
WITH d
WHERE d.load_token = $token
CALL () {
  UNWIND $rows AS row
  MATCH (a:{source_label} {id: row.source})
  MATCH (b:{target_label} {id: row.target})
  CREATE (a)-[r:{type}]->(b)
  SET r = row.props
}
RETURN count(d) AS mine
