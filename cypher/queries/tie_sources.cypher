// name: tie_sources
// Answers: the sources behind one tie, with their Admiralty reliability, and the tie's citations
//          (each with its quote, stance and grade) as JSON text.
// Parameters: $tie: a tie id, e.g. 'bashar-al-assad--friend-of--manaf-tlass'
MATCH ()-[r {id: $tie}]->()
UNWIND r.source_ids AS sid
MATCH (s:Source {id: sid})
RETURN s.id AS source, s.title AS title, s.publisher AS publisher, s.reliability AS reliability,
       s.url AS url, r.sources_json AS citations
ORDER BY source
