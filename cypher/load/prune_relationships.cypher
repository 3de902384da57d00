// --replace: remove the relationships of one type this dataset wrote before and no longer has.
MATCH ()-[r:{type}]->()
WHERE r.dataset = $dataset AND NOT r.id IN $keep
DELETE r
