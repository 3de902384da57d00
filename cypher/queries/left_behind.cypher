// name: left_behind
// Answers: what a defector left behind: the binding ties they held on the day before defecting.
// Parameters: $person: a person id, e.g. 'manaf-tlass'
MATCH (p:Person {id: $person})-[r]-(other)
WHERE p.defected_day_before IS NOT NULL
  AND r.family IN ['family', 'bond', 'hierarchy']
  AND (r.start IS NULL OR r.start <= substring(p.defected_day_before, 0, size(r.start)))
  AND (r.end IS NULL OR r.end >= substring(p.defected_day_before, 0, size(r.end)))
RETURN type(r) AS tie, other.id AS id, other.name AS name, r.confidence AS confidence, r.end AS ended
ORDER BY tie, id
