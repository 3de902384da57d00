"""Find an entity by id, name or alias, as people type names: any case, accents, spellings.

Two keys per name: `fold` (case, accents, punctuation and hyphens folded) for exact matches, and
`skeleton` (also common transliteration variants: ou/u, aw/au, doubled letters, al-/el-) so that
"Makhluf", "Tlas" or "Asef Shaukat" find the record spelled "Makhlouf", "Tlass", "Assef Shawkat".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Iterable, Mapping

from .errors import AmbiguousName, NameNotFound

__all__ = ["fold", "skeleton", "name_keys", "resolve", "search"]

_ARABIC_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670]")


def fold(text: str) -> str:
    """Lowercase, accents and punctuation removed, hyphens and spaces collapsed to one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _ARABIC_DIACRITICS.sub("", text).casefold()
    text = re.sub(r"['\u2019`\u02bf\u02be.]", "", text)
    return re.sub(r"[\s\-_,/]+", " ", text).strip()


_VARIANTS = (
    (re.compile(r"\b(al|el|as|ash|ad|an|ar|az)\s"), ""),  # article: al-Assad ~ Assad
    (re.compile(r"ou"), "u"),
    (re.compile(r"aw"), "au"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"(\w)\1"), r"\1"),  # Tlass ~ Tlas, Assef ~ Asef
    (re.compile(r"[aeiouy]"), ""),   # vowels vary most of all: Hafez ~ Hafiz
)


def skeleton(text: str) -> str:
    """A loose key for transliteration variants of the same Arabic name."""
    key = fold(text)
    for pattern, replacement in _VARIANTS:
        key = pattern.sub(replacement, key)
    return re.sub(r"\s+", " ", key).strip()


def name_keys(entity_id: str, data: Mapping) -> list[str]:
    """Every name an entity answers to: id, name, Arabic name, aliases."""
    names = [entity_id, data.get("name") or ""] + list(data.get("aliases") or [])
    if data.get("name_ar"):
        names.append(data["name_ar"])
    return [n for n in names if n]


def _describe(entity_id: str, data: Mapping) -> str:
    return f"{data.get('name')} ({data.get('kind')}, id {entity_id})"


def resolve(entities: Mapping[str, Mapping], query: str, *, kinds: Iterable[str] | None = None) -> str:
    """The id of the one entity that answers to `query`.

    `entities` maps id to attributes (a graph's `nodes` works). Tries exact folded matches, then
    transliteration skeletons, then whole-word matches ("Tlass" -> every Tlass), each first on folded
    names and then on skeletons, so the looser key is tried only when the stricter finds nothing. Raises
    `AmbiguousName` listing the candidates, or `NameNotFound` with near matches.
    """
    kinds = set(kinds) if kinds else None
    pool = {i: d for i, d in entities.items() if kinds is None or d.get("kind") in kinds}
    if query in pool:
        return query
    wanted = fold(query)
    if not wanted:
        raise NameNotFound("an empty name matches nobody; give an id, a name or an alias")
    for key in (fold, skeleton):
        target = key(query)
        hits = sorted(i for i, d in pool.items() if any(key(n) == target for n in name_keys(i, d)))
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise _ambiguous(query, hits, pool)
    for key in (fold, skeleton):
        words = set(key(query).split())
        hits = sorted(i for i, d in pool.items() if any(words <= set(key(n).split()) for n in name_keys(i, d)))
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise _ambiguous(query, hits, pool)
    near = search(pool, query, limit=5)
    hint = f"; did you mean: {', '.join(_describe(i, pool[i]) for i in near)}?" if near else ""
    raise NameNotFound(f"no entity called {query!r}{hint}")


def _ambiguous(query: str, hits: list[str], pool: Mapping[str, Mapping]) -> AmbiguousName:
    listed = "; ".join(_describe(i, pool[i]) for i in hits)
    return AmbiguousName(f"{query!r} could be {len(hits)} entities: {listed}. Use the id or a fuller name.")


def search(entities: Mapping[str, Mapping], query: str, *, limit: int = 10) -> list[str]:
    """Ids of the entities whose names come closest to `query`, best first."""
    folded, loose = fold(query), skeleton(query)
    scored = []
    for entity_id, data in entities.items():
        best = 0.0
        for name in name_keys(entity_id, data):
            best = max(
                best,
                difflib.SequenceMatcher(None, folded, fold(name)).ratio(),
                # skeletons drop vowels, so they match by chance more often: ask more of them
                difflib.SequenceMatcher(None, loose, skeleton(name)).ratio() - 0.15,
            )
        if best >= 0.6:
            scored.append((-best, entity_id))
    return [entity_id for _, entity_id in sorted(scored)[:limit]]
