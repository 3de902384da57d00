// name: defectors
// Answers: every person with a defection in force, in the order the defections were first reported.
// Parameters: none
MATCH (p:Person)
WHERE p.defected IS NOT NULL
RETURN p.defected AS date, p.id AS id, p.name AS name
ORDER BY date, name
