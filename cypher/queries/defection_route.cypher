// name: defection_route
// Answers: a defector's route out (every rupture tie: defected from, fled to, sought refuge in,
//          joined, attended, offered asylum) in the order the sources establish, as the Python
//          analysis orders it (docs/analysis.md): steps dated and better than rumoured first, by
//          the day their date is over (on one start a day before its month before its year),
//          then its first day; on one date, where the destination was first reported (the
//          earliest-dated source cited for any step to it), then the order a defection story
//          runs, then by id; undated or rumoured steps last, in the same order.
// Parameters: $person: a person id, e.g. 'manaf-tlass'
MATCH (p:Person {id: $person})-[r]-(other)
WHERE r.family = 'rupture'
OPTIONAL MATCH (s:Source)
WHERE s.id IN coalesce(r.source_ids, []) AND s.date IS NOT NULL
WITH r, other, collect(s.date) AS cited
WITH r, other, cited + [toString(coalesce(r.start, ''))] AS dates, ['DEFECTED_FROM', 'FLED_TO', 'SOUGHT_REFUGE_IN', 'JOINED', 'ATTENDED'] AS story,
     ['confirmed', 'reported', 'claimed', 'unconfirmed', 'rumoured', 'disputed'] AS grades
// the last day of each partial date (2012 -> 2012-12-31, 2012-02 -> 2012-02-29), as ISO text
WITH r, other, story, grades,
     [d IN dates | CASE size(d)
        WHEN 4 THEN d + '-12-31'
        WHEN 7 THEN d + '-' + CASE
          WHEN toInteger(substring(d, 5, 2)) = 2 THEN
            CASE WHEN (toInteger(substring(d, 0, 4)) % 4 = 0 AND toInteger(substring(d, 0, 4)) % 100 <> 0)
                   OR toInteger(substring(d, 0, 4)) % 400 = 0 THEN '29' ELSE '28' END
          WHEN toInteger(substring(d, 5, 2)) IN [4, 6, 9, 11] THEN '30'
          ELSE '31' END
        WHEN 10 THEN d
        ELSE '9999-12-31' END] AS last_days
WITH r, other, story, grades, last_days[-1] AS start_last, last_days[0..-1] AS said_days
WITH collect({
  key: r.id, type: type(r), other: other.id, name: other.name, start: r.start, confidence: r.confidence,
  weak: r.start IS NULL OR [i IN range(0, size(grades) - 1) WHERE grades[i] = r.confidence][0] >= 4,
  last: start_last,
  first: CASE size(coalesce(r.start, '')) WHEN 4 THEN r.start + '-01-01' WHEN 7 THEN r.start + '-01' WHEN 10 THEN r.start ELSE '9999-12-31' END,
  said: reduce(m = '9999-12-31', x IN said_days | CASE WHEN x < m THEN x ELSE m END),
  story: coalesce([i IN range(0, size(story) - 1) WHERE story[i] = type(r)][0], size(story))
}) AS steps
UNWIND steps AS st
WITH st, [x IN steps WHERE x.other = st.other] AS same
WITH st,
     reduce(m = '9999-12-31', x IN same | CASE WHEN x.said < m THEN x.said ELSE m END) AS said_first,
     reduce(m = 99, x IN same | CASE WHEN x.story < m THEN x.story ELSE m END) AS opens
RETURN st.start AS date, st.type AS step, st.other AS id, st.name AS name, st.confidence AS confidence
ORDER BY st.weak, st.last, st.first, said_first, opens, st.other, st.story, st.key
