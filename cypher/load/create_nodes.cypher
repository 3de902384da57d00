// Create one batch of nodes of one label that the dataset has not written before (the loader
// read what is there first; a node of the same id that no dataset wrote makes the constraint
// refuse the batch, which is then written with nodes.cypher instead). Cheaper than MERGE: no
// lookup before the write. {label} comes from the schema registry only; values travel in $rows.
UNWIND $rows AS row
CREATE (n:{label})
SET n = row.props
