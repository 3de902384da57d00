// Lint Cypher with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support).
// Input on stdin, JSON: {"schema": {labels, relationshipTypes}, "queries": [{"name", "text", "parameters"}]}
// Output on stdout, JSON: [{"name", "diagnostics": [{"severity", "message", "line", "column"}]}]
// Each query is linted against the schema plus its own declared parameters, so a parameter used
// but not declared is an error. The pinned release declares node >=24 but runs on Node 20.
import { lintCypherQuery } from '@neo4j-cypher/language-support';
import { readFileSync } from 'node:fs';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const input = JSON.parse(readFileSync(0, 'utf8'));
const results = input.queries.map((query) => {
  const schema = { ...(input.schema || {}), parameters: query.parameters || {} };
  const { diagnostics } = lintCypherQuery(query.text, schema);
  return {
    name: query.name,
    diagnostics: diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] || String(d.severity),
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    })),
  };
});
process.stdout.write(JSON.stringify(results));
