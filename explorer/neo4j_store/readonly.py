"""Screen Cypher text for writes before it runs: the second guard of read-only queries.

The first guard is the transaction (see `query.run_read`): a read runs in a READ_ACCESS session,
in an explicit transaction that is always rolled back. That undoes data writes on every server,
but not schema and administration commands on all of them (the embedded ArcadeDB server applies
`DROP CONSTRAINT` at once), and a procedure may write without the server reporting it. So the text
is read first, by a small tokenizer, and refused when it holds:

* a write or administration clause (`CREATE`, `MERGE`, `SET`, `DELETE`, `DROP`, `TERMINATE` ...);
* a `CALL` of a procedure that is not on `READ_PROCEDURES` (`CALL { subquery }` is read like any
  other text);
* more than one statement, or text the tokenizer cannot read to its end (an unterminated string,
  comment or `backticked name`).

Comments and strings are skipped the way a server reads them, and more: a `//` comment ends at any
line break Unicode knows (`\\n`, `\\r`, `\\u2028`, `\\u2029`, `\\x85` ...), `/* */` does not nest,
and a string is read twice, with and without backslash escapes, so that a server reading it either
way sees no write the screen missed. Words are compared after NFKC folding, with invisible
formatting characters removed.

A word spelled like a keyword is a name, not a clause, only where the grammar leaves no choice:
after `.`, `:`, `$` or the keyword `AS`; where an expression must start (after `(`, `[`, `,`, an
operator, `WHERE`, `RETURN`, `WITH` ...); or when what follows it cannot follow a clause keyword
(`.`, `:`, `,`, `)`, `]`, `}`, `=`, the end). So `MATCH (set:Person) RETURN count(set)` runs and
`MATCH (as:Person) WITH as CREATE (:X)` is refused. Where both readings are possible the screen
refuses; `backticks` always make a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["WRITE_CLAUSES", "ADMIN_COMMANDS", "READ_PROCEDURES", "Token", "tokenize", "screen", "write_clause"]

WRITE_CLAUSES = frozenset({
    "CREATE", "MERGE", "DELETE", "DETACH", "NODETACH", "SET", "REMOVE", "DROP", "FOREACH", "INSERT",
    "LOAD",  # LOAD CSV reads files and URLs from the server's side
})
ADMIN_COMMANDS = frozenset({
    "ALTER", "RENAME", "GRANT", "DENY", "REVOKE", "TERMINATE", "START", "STOP", "ENABLE",
    "DEALLOCATE", "REALLOCATE", "DRYRUN",
})
_GUARDED = WRITE_CLAUSES | ADMIN_COMMANDS | {"CALL"}

# Procedures that only read. Names are compared in lower case; a name ending in "." allows the
# whole namespace. apoc.cypher.*, apoc.do.*, apoc.when (they run Cypher given as text),
# apoc.periodic.*, apoc.merge.*, apoc.create.*, apoc.refactor.*, apoc.load.* and apoc.export.* are
# deliberately absent.
READ_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.", "db.info", "db.ping",
    "db.indexes", "db.constraints", "db.index.fulltext.querynodes", "db.index.fulltext.queryrelationships",
    "db.index.vector.querynodes", "db.index.vector.queryrelationships",
    "dbms.components", "dbms.procedures", "dbms.functions", "dbms.info",
    "apoc.help", "apoc.meta.", "apoc.path.", "apoc.algo.", "apoc.neighbors.",
})

# After one of these keywords an expression, a pattern or a name must follow: a word there is a name.
_EXPRESSION_NEXT = frozenset({
    "WHERE", "RETURN", "WITH", "UNWIND", "MATCH", "BY", "SKIP", "LIMIT", "OFFSET", "YIELD", "AND",
    "OR", "XOR", "IN", "CONTAINS", "IS", "WHEN",
})
# Punctuation after which an expression, a pattern or a name must follow.
_EXPRESSION_AFTER = frozenset({"(", "[", ",", "=", "<>", "<", ">", "<=", ">=", "=~", "+", "-", "/", "%", "^", "+=", ".."})
# What may follow a name but never a clause keyword.
_NAME_BEFORE = frozenset({".", ":", "::", ",", ")", "]", "}", "=", "=~", "<>", "<=", ">="})
_OPERATORS = ("<>", "<=", ">=", "=~", "+=", "::", "..")
# Every line break Unicode knows ends a // comment (str.splitlines' set).
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


@dataclass(frozen=True)
class Token:
    kind: str  # word, name (backticked), string, number, param, punct
    text: str  # a word folded (NFKC, upper case, invisible characters removed); punctuation as is
    raw: str


class Unreadable(ValueError):
    """The text ends inside a string, a comment or a backticked name; `tokens` holds those before."""

    def __init__(self, message: str, tokens: list[Token]):
        super().__init__(message)
        self.tokens = tokens


def _ignorable(ch: str) -> bool:
    """Invisible characters (controls, formatting) that are not whitespace: a server may skip them
    inside a word or take them as a space, so both readings are screened."""
    return not ch.isspace() and unicodedata.category(ch) in ("Cc", "Cf")


def _word_char(ch: str, joins: bool) -> bool:
    return ch == "_" or ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc", "Pc", "Nl") or (joins and _ignorable(ch))


def _fold(word: str) -> str:
    visible = "".join(ch for ch in word if not _ignorable(ch))
    return unicodedata.normalize("NFKC", visible).upper()


def tokenize(text: str, *, backslash_escapes: bool = True, ignorable_joins: bool = False) -> list[Token]:
    """The tokens of `text`, comments and whitespace dropped; raises Unreadable on an open end.

    `backslash_escapes`: a backslash escapes the next character in a string (Cypher's rule).
    `ignorable_joins`: invisible characters are part of a word (else they separate words).
    """
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or (not ignorable_joins and _ignorable(ch)):
            i += 1
        elif text.startswith("//", i):
            while i < n and text[i] not in _LINE_BREAKS:
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise Unreadable("a /* comment is not closed", tokens)
            i = end + 2
        elif ch in "'\"":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if backslash_escapes and text[j] == "\\" else 1
            if j >= n:
                raise Unreadable("a string is not closed", tokens)
            tokens.append(Token("string", text[i : j + 1], text[i : j + 1]))
            i = j + 1
        elif ch == "`":
            j = i + 1
            while True:
                j = text.find("`", j)
                if j < 0:
                    raise Unreadable("a `backticked name` is not closed", tokens)
                if text.startswith("``", j):  # a doubled backtick is one inside the name
                    j += 2
                    continue
                break
            tokens.append(Token("name", text[i + 1 : j].replace("``", "`"), text[i : j + 1]))
            i = j + 1
        elif _word_char(ch, ignorable_joins):
            j = i
            while j < n and _word_char(text[j], ignorable_joins):
                j += 1
            word = text[i:j]
            tokens.append(Token("number" if word[0].isdigit() else "word", _fold(word), word))
            i = j
        elif ch == "$":
            tokens.append(Token("param", "$", "$"))
            i += 1
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, i)), ch)
            tokens.append(Token("punct", op, op))
            i += len(op)
    return tokens


def _procedure(tokens: list[Token], start: int) -> tuple[str, int]:
    """The dotted procedure name beginning at `start`, and the index after it."""
    parts, i = [], start
    while i < len(tokens) and tokens[i].kind in ("word", "name"):
        parts.append(tokens[i].raw if tokens[i].kind == "word" else tokens[i].text)
        i += 1
        if i < len(tokens) and tokens[i].text == ".":
            i += 1
            continue
        break
    return ".".join(parts), i


def _allowed(procedure: str) -> bool:
    name = _fold(procedure).lower()
    return any(name == p or (p.endswith(".") and name.startswith(p)) for p in READ_PROCEDURES)


def _screen_tokens(tokens: list[Token], complete: bool = True) -> str | None:
    """The first reason to refuse in `tokens`; `complete=False` when the text went on unread."""
    if complete and tokens and tokens[-1].text == ";":
        tokens = tokens[:-1]  # one statement may end with a semicolon
    state = "clause"  # clause: a keyword may come; expr: a name must come; name: the next word is a name
    prev: Token | None = None
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == "punct":
            if token.text == ";":
                if following is not None:
                    return "more than one statement (one at a time, please)"
                state = "clause"
            elif token.text in (".", ":", "::"):
                state = "name"
            elif token.text == "*":
                # `2 * x` wants an operand; `RETURN *`, `WITH DISTINCT *` end a clause's items, and
                # after a plain word both are possible, so a clause may follow
                binary = prev is not None and (prev.kind in ("name", "string", "number") or prev.text in (")", "]", "}"))
                state = "expr" if binary else "clause"
            elif token.text in _EXPRESSION_AFTER:
                state = "expr"
            else:  # ) ] } | { and the rest: a clause may follow
                state = "clause" if token.text not in (")", "]", "}") else "after-name"
        elif token.kind == "param":
            state = "name"
        elif token.kind in ("name", "string", "number"):
            state = "after-name"
        else:  # a word
            word = token.text
            if state in ("name", "expr"):
                state = "after-name"  # a property, label, parameter, alias or variable
            elif word in _GUARDED and following is not None and following.text in _NAME_BEFORE:
                state = "after-name"  # `set.name`, `{delete: 1}`, `count(set)`, `AS set,`
            elif word in _GUARDED and following is None and complete:
                state = "after-name"  # a clause keyword cannot end a statement
            elif word == "CALL":
                if following is not None and following.text in ("{", "("):
                    state = "clause"  # CALL { subquery }, CALL (x) { ... }: read like the rest
                else:
                    name, after = _procedure(tokens, index + 1)
                    if not name:
                        return "CALL without a procedure name it can read"
                    if not _allowed(name):
                        return f"CALL {name} (only procedures known to read are allowed)"
                    state = "clause"
            elif word in _GUARDED:
                return word
            elif word == "AS":
                state = "name"
            elif word in _EXPRESSION_NEXT:
                state = "expr"
            else:
                state = "clause"
        prev = token
    return None


def screen(text: str) -> str | None:
    """Why `text` may not run read-only (the first write, admin command or unknown procedure), or None.

    The text is read several ways (strings with and without backslash escapes; invisible
    characters inside words or between them; `\\uXXXX` decoded first or not) and refused if any
    reading finds a reason.
    """
    readings = [text]
    if "\\u" in text.lower():  # a lexer that decodes \uXXXX before reading strings
        readings.append(_UNICODE_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text))
    for reading in readings:
        reason = _screen_readings(reading)
        if reason:
            return reason
    return None


_UNICODE_ESCAPE = re.compile(r"\\[uU]([0-9A-Fa-f]{4})")


def _screen_readings(text: str) -> str | None:
    for escapes in (True, False):
        for joins in (False, True):
            try:
                reason = _screen_tokens(tokenize(text, backslash_escapes=escapes, ignorable_joins=joins))
            except Unreadable as exc:
                # Cypher's own reading must reach the end; another reading that stops early is
                # still screened as far as it got.
                reason = str(exc) if escapes and not joins else _screen_tokens(exc.tokens, complete=False)
            if reason:
                return reason
    return None


def write_clause(text: str) -> str | None:
    """Kept for callers of the first version: the same as `screen`."""
    return screen(text)
