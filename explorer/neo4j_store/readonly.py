"""Spot a write clause in Cypher text before it runs, so read-only holds even where rollback cannot.

Rolling back a transaction whose summary reports updates (see `query.run_query`) undoes data
writes on every server, but not schema commands on all of them: the embedded ArcadeDB Bolt server
applies `CREATE INDEX` or `DROP CONSTRAINT` at once, whatever the transaction does next. So the
text is screened first: comments, string literals and `backticked` names are blanked out, then
any write or administration clause keyword (not a property `.set`, a parameter `$create`, a map
key `delete:` or an alias `AS remove`) refuses the query. The rollback check stays, for procedures that write.
"""

from __future__ import annotations

import re

__all__ = ["WRITE_CLAUSES", "write_clause"]

WRITE_CLAUSES = (
    "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "FOREACH",
    "ALTER", "RENAME", "GRANT", "DENY", "REVOKE",
)

_INERT = re.compile(
    r"//[^\n]*"  # line comment
    r"|/\*.*?\*/"  # block comment
    r"|'(?:\\.|[^'\\])*'"  # 'string'
    r'|"(?:\\.|[^"\\])*"'  # "string"
    r"|`[^`]*`"  # `name`
    r"|\bAS\s+\w+",  # an alias: `RETURN r.start AS set` names a column, it writes nothing
    re.DOTALL | re.IGNORECASE,
)
_KEYWORD = re.compile(r"(?<![.$\w])(" + "|".join(WRITE_CLAUSES) + r")\b(?!\s*:)", re.IGNORECASE)


def write_clause(text: str) -> str | None:
    """The first write or administration keyword of `text` (upper case), or None for a read."""
    match = _KEYWORD.search(_INERT.sub(" ", text))
    return match.group(1).upper() if match else None
