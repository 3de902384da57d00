// name: loyalty_path
// Answers: the loyalty path between two people: a shortest chain of binding ties (family, bond,
//          hierarchy) through people only, ignoring dates. See loyalty_path_at for a date.
//          Paths of up to 6 ties are searched (a variable-length match, not shortestPath:
//          see docs/neo4j.md on filtered shortest paths).
// Parameters: $person: a person id, e.g. 'manaf-tlass'; $core: a person id, e.g. 'bashar-al-assad'
// Warning: "cartesian product": each side is one node found by its unique id, so the product is one row.
MATCH (a:Person {id: $person}), (b:Person {id: $core})
MATCH p = (a)-[*1..6]-(b)
WHERE all(r IN relationships(p) WHERE r.family IN ['family', 'bond', 'hierarchy'])
  AND all(n IN nodes(p) WHERE n:Person)
RETURN length(p) AS distance, [n IN nodes(p) | n.name] AS people, [r IN relationships(p) | type(r)] AS ties,
       [r IN relationships(p) | r.confidence] AS confidence
ORDER BY distance
LIMIT 1
