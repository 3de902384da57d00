// name: defection_route
// Answers: a defector's route out (every rupture tie: defected from, fled to, sought refuge in,
//          joined, attended, offered asylum) in date order (undated last); on the same date, in
//          the order a defection story runs, then by id.
// Parameters: $person: a person id, e.g. 'manaf-tlass'
MATCH (p:Person {id: $person})-[r]-(other)
WHERE r.family = 'rupture'
WITH r, other, ['DEFECTED_FROM', 'FLED_TO', 'SOUGHT_REFUGE_IN', 'JOINED', 'ATTENDED'] AS story
RETURN r.start AS date, type(r) AS step, other.id AS id, other.name AS name, r.confidence AS confidence
ORDER BY r.start IS NULL, date, coalesce([i IN range(0, size(story) - 1) WHERE story[i] = type(r)][0], size(story)), id
