// --replace: remove the nodes of one label this dataset wrote before and no longer has.
MATCH (n:{label})
WHERE n.dataset = $dataset AND NOT n.id IN $keep
DETACH DELETE n
