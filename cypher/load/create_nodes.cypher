// Create one batch of nodes of one label that the dataset has not written before (the loader
// read what is there first; a node of the same id that no dataset wrote makes the constraint
// refuse the batch, which is then written with nodes.cypher instead). Cheaper than MERGE: no
// lookup before the write. {label} comes from the schema registry only; values travel in $rows.
// Every write of a load starts the same way: it writes the load marker's heartbeat (which takes
// the Dataset node's lock, so the token read next is the last committed one) and goes on only
// while the marker is still this load's ($token); `mine` is 0 after a takeover (load --force),
// and the loader then rolls the transaction back.
MATCH (d:Dataset {id: $dataset})
SET d.load_heartbeat = $at
WITH d
WHERE d.load_token = $token
CALL () {
  UNWIND $rows AS row
  CREATE (n:{label})
  SET n = row.props
}
RETURN count(d) AS mine
