// name: defection_route
// Answers: a defector's route out (rupture ties: defected from, fled to, sought refuge in,
//          joined, attended, offered asylum) in date order.
// Parameters: $person: a person id, e.g. 'manaf-tlass'
MATCH (p:Person {id: $person})-[r]-(other)
WHERE r.family = 'rupture'
RETURN r.start AS date, type(r) AS step, other.id AS id, other.name AS name, r.confidence AS confidence
ORDER BY date, step
