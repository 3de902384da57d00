// Delete one batch of relationships of one type by id before they are written again between
// other ends ({type} comes from the schema registry only; ids and dataset travel in $rows).
UNWIND $rows AS row
MATCH ()-[r:{type} {id: row.id}]->()
WHERE r.dataset = row.dataset
DELETE r
