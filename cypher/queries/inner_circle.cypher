// name: inner_circle
// Answers: who is tied to a person by a binding tie (family, bond or hierarchy), one hop away,
//          with each tie's type, dates and confidence.
// Parameters: $person: an entity id, e.g. 'bashar-al-assad'
MATCH (p {id: $person})-[r]-(other)
WHERE r.family IN ['family', 'bond', 'hierarchy']
RETURN other.id AS id, other.name AS name, type(r) AS tie, r.start AS start, r.end AS end, r.confidence AS confidence
ORDER BY name, tie
