// name: family_of
// Answers: the kin of a person (parents, children, spouses, siblings, other relatives).
// Parameters: $person: a person id, e.g. 'manaf-tlass'
MATCH (p:Person {id: $person})-[r]-(kin:Person)
WHERE r.family = 'family'
RETURN kin.id AS id, kin.name AS name, type(r) AS tie,
       CASE WHEN startNode(r) = p THEN 'out' ELSE 'in' END AS direction,
       r.relation AS relation, r.confidence AS confidence
ORDER BY tie, name
