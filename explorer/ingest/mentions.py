"""Find the record's entities in a report: names, aliases, spellings, typos, titles, pronouns.

Names are matched on the keys of `explorer.names` (folded, then transliteration skeletons), a
capitalised word one edit away from a person's name is read as a typo of it ("Tiras" for
"Firas"), a bare first name or surname is resolved to the person the text is about, and a titled
name the record lacks ("Brig. Gen. X") is proposed as a new person with a suggested id.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .. import names
from ..ids import slugify
from ..model import Dataset
from .rules import Rules
from .sentences import Sentence, normalise

__all__ = ["Mention", "EntityIndex", "find_mentions"]

_WORD = re.compile(r"[^\W\d_]+")
_JOIN = re.compile(r"^[ \t\-.'\u2019]{0,3}$")
_SLOT_KIND = {"person": "person", "organization": "org", "place": "place", "event": "event"}


@dataclass
class Mention:
    """A stretch of the report that names an entity (or a new person), with how it was found."""

    start: int
    end: int
    text: str
    kind: str  # slot kind: person, org, place, event, post
    candidates: tuple[str, ...] = ()
    how: str = "name"  # name, spelling, typo, short-name, pronoun, anaphora, lead, new, post
    entity: str | None = None
    sentence: int = 0
    title: str | None = None
    subkind: str | None = None  # an anaphor's place kind
    role: str | None = None  # a post's role
    head: bool = False
    new_name: str | None = None  # a proposed person's name

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


@dataclass
class EntityIndex:
    """The record's names, keyed for fast lookup while scanning a report."""

    kinds: dict[str, tuple[str, str | None]]  # id -> (slot kind, organization/place/event kind)
    display: dict[str, str]
    exact: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    loose: dict[str, set[str]] = field(default_factory=dict)
    short: dict[str, set[str]] = field(default_factory=dict)  # a person's first name or surname
    deletes: dict[str, set[str]] = field(default_factory=dict)  # one letter dropped -> short names
    degree: Counter = field(default_factory=Counter)
    lower_starts: set[str] = field(default_factory=set)
    maxlen: int = 1
    bodies: dict[str, str | None] = field(default_factory=dict)  # post body name -> org id


_FOLDED: dict[str, str] = {}


def _fold(token: str) -> str:
    value = _FOLDED.get(token)
    if value is None:
        value = names.fold(token)
        if len(_FOLDED) < 200_000:
            _FOLDED[token] = value
    return value


_SKELETONS: dict[str, str] = {}
_ARTICLES = frozenset(("al", "el", "as", "ash", "ad", "an", "ar", "az"))


def _loose(folded_tokens: Iterable[str]) -> str:
    """The transliteration skeleton of a name, token by token (cached): `names.skeleton`'s key."""
    parts = []
    for token in folded_tokens:
        if token in _ARTICLES:
            continue
        value = _SKELETONS.get(token)
        if value is None:
            value = names.skeleton(token)
            if len(_SKELETONS) < 200_000:
                _SKELETONS[token] = value
        if value:
            parts.append(value)
    return " ".join(parts)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def build_index(dataset: Dataset, rules: Rules) -> EntityIndex:
    """Index every name, alias and spelling of the record's entities."""
    index = EntityIndex(kinds={}, display={})
    for tie in dataset.ties:
        index.degree[tie.source] += 1
        index.degree[tie.target] += 1
    particles = rules.name_particles
    title_words = {_fold(w) for t in rules.titles for w in _WORD.findall(t.title)} | {"mr", "mrs", "ms", "dr", "gen", "brig", "col", "lt", "maj"}
    for entity in dataset.entities.values():
        index.kinds[entity.id] = (_SLOT_KIND[entity.kind], entity.attrs.get("kind"))
        index.display[entity.id] = entity.name
        for name in [entity.name] + list(entity.aliases):
            tokens = tuple(_fold(t) for t in _WORD.findall(name))
            if not tokens:
                continue
            index.exact.setdefault(tokens, set()).add(entity.id)
            index.maxlen = max(index.maxlen, len(tokens))
            if name[:1].islower():
                index.lower_starts.add(tokens[0])
            loose = _loose(tokens)
            if len(loose.replace(" ", "")) >= 4:
                index.loose.setdefault(loose, set()).add(entity.id)
            if entity.kind == "person":
                words = [t for t in tokens if t not in particles and t not in title_words]
                for word in {words[0], words[-1]} if words else set():
                    if len(word) >= 3:
                        index.short.setdefault(word, set()).add(entity.id)
    for word in index.short:
        if len(word) >= 5:
            for d in _deletes(word):
                index.deletes.setdefault(d, set()).add(word)
    organizations = [e for e in dataset.entities.values() if e.kind == "organization"]
    for post in rules.posts:
        # the body the record names so, or else the one body whose name holds all its words
        wanted = tuple(_fold(t) for t in _WORD.findall(post.body))
        exact = [i for i in index.exact.get(wanted, ()) if index.kinds[i][0] == "org"]
        loose = [e.id for e in organizations if any(set(wanted) <= {_fold(t) for t in _WORD.findall(n)} for n in [e.name] + list(e.aliases))]
        index.bodies[post.body] = exact[0] if len(exact) == 1 else loose[0] if len(loose) == 1 else None
    return index


def _typo(index: EntityIndex, word: str) -> set[str]:
    """Short names one edit (insert, delete, substitute) away from `word`, by deletion neighbourhoods."""
    found: set[str] = set(index.deletes.get(word, ()))  # a letter missing from `word`
    for d in _deletes(word):
        if d in index.short:
            found.add(d)  # a letter too many in `word`
        found |= index.deletes.get(d, set())  # one letter changed
    return found


def _tokens(text: str) -> list[tuple[int, int, str, str]]:
    return [(m.start(), m.end(), m.group(), _fold(m.group())) for m in _WORD.finditer(text)]


def find_mentions(text: str, sentences: list[Sentence], index: EntityIndex, rules: Rules) -> list[Mention]:
    """Every mention in the report, resolved to an entity id (or a proposed new person's id)."""
    flat = normalise(text)
    tokens = _tokens(text)
    token_starts = [t[0] for t in tokens]
    starts_of_sentence = {bisect.bisect_left(token_starts, s.start) for s in sentences}
    bounds = [s.start for s in sentences]

    def sentence_at(offset: int) -> int:
        return max(0, bisect.bisect_right(bounds, offset) - 1)

    taken = [False] * len(tokens)
    found: list[Mention] = []
    # whether token k-1 and token k may stand in one name (only spaces, hyphens, dots, apostrophes between)
    glued = [False] + [bool(_JOIN.match(text[tokens[k - 1][1]:tokens[k][0]])) for k in range(1, len(tokens))]

    def joined(i: int, j: int) -> bool:
        return glued[j]

    # 1. the record's names and aliases, longest first, then transliteration skeletons
    i = 0
    while i < len(tokens):
        start, end, raw, folded = tokens[i]
        if not raw[0].isupper() and folded not in index.lower_starts:
            i += 1
            continue
        limit = 1
        while limit < index.maxlen and i + limit < len(tokens) and joined(i, i + limit):
            limit += 1
        hit = None
        for n in range(limit, 0, -1):
            key = tuple(t[3] for t in tokens[i:i + n])
            if n == 1 and raw in rules.not_names:
                break
            ids = index.exact.get(key)
            how = "name"
            if not ids and raw[0].isupper() and all(t[2][0].isupper() or t[3] in rules.name_particles for t in tokens[i:i + n]):
                ids = index.loose.get(_loose(key))
                how = "spelling"
            if ids:
                if i + n < len(tokens) and tokens[i + n][3] in rules.family_words and all(index.kinds[x][0] == "person" for x in ids):
                    break  # "the Assad family": a family, not one person
                hit = (n, ids, how)
                break
        if hit:
            n, ids, how = hit
            kind = index.kinds[sorted(ids)[0]][0]
            found.append(Mention(start, tokens[i + n - 1][1], text[start:tokens[i + n - 1][1]], kind, tuple(sorted(ids)), how))
            for k in range(i, i + n):
                taken[k] = True
            i += n
        else:
            i += 1

    # 2. titled names: a known person keeps the title; an unknown name becomes a proposed person
    token_at = {t[0]: k for k, t in enumerate(tokens)}
    for match in rules.title_regex.finditer(flat):
        title = next((t.title for t in rules.titles if t.regex.fullmatch(match.group())), "")
        k = next((token_at[p] for p in range(match.end(), min(match.end() + 3, len(text) + 1)) if p in token_at), None)
        if k is None or not text[match.end():tokens[k][0]].strip() == "":
            continue
        if taken[k]:
            for mention in found:
                if mention.start <= tokens[k][0] < mention.end and mention.kind == "person":
                    mention.title = mention.title or title or None
            continue
        words: list[int] = []
        j = k
        while j < len(tokens) and len(words) < 5 and not taken[j]:
            raw = tokens[j][2]
            if j > k and not joined(j - 1, j):
                break
            if raw[0].isupper() and raw not in rules.not_names:
                words.append(j)
            elif tokens[j][3] in rules.name_particles and j + 1 < len(tokens) and tokens[j + 1][2][0].isupper():
                words.append(j)
            else:
                break
            j += 1
        while words and tokens[words[-1]][3] in rules.name_particles:
            words.pop()
        if not words or not title and len(words) < 2:
            continue
        start, end = tokens[words[0]][0], tokens[words[-1]][1]
        name = text[start:end]
        slug = slugify(name)
        if slug in index.kinds:
            mention = Mention(start, end, name, "person", (slug,), "name", title=title or None)
        else:
            mention = Mention(start, end, name, "person", (slug,), "new", title=title or None, new_name=name)
        found.append(mention)
        for w in words:
            taken[w] = True

    # 3. named posts ("defence minister") stand for the body they head
    covered = bytearray(len(text) + 1)

    def cover(start: int, end: int) -> None:
        covered[start:end] = b"\x01" * (end - start)

    def free(start: int, end: int) -> bool:
        return not any(covered[start:end])

    for mention in found:
        cover(mention.start, mention.end)
    for post in rules.posts:
        body = index.bodies.get(post.body)
        if not body:
            continue
        for match in post.regex.finditer(flat):
            if free(match.start(), match.end()):
                found.append(Mention(match.start(), match.end(), match.group(), "post", (body,), "post", role=post.role, head=post.head))
                cover(match.start(), match.end())

    # 4. a bare first name or surname, or a typo of one
    for k, (start, end, raw, folded) in enumerate(tokens):
        if taken[k] or not raw[0].isupper() or raw in rules.not_names:
            continue
        if covered[start]:
            continue
        if k + 1 < len(tokens) and tokens[k + 1][3] in rules.family_words:
            continue
        ids = index.short.get(folded)
        how = "short-name"
        if not ids and len(folded) >= 5 and k not in starts_of_sentence:
            near = _typo(index, folded)
            ids = set().union(*(index.short[w] for w in near)) if near else set()
            how = "typo"
        if ids:
            found.append(Mention(start, end, raw, "person", tuple(sorted(ids)), how))
            taken[k] = True
            cover(start, end)

    # 5. pronouns, definite descriptions and unnamed leads, resolved below
    if rules.pronouns:
        for match in re.finditer(r"\b(?:" + "|".join(map(re.escape, sorted(rules.pronouns))) + r")\b", flat, re.IGNORECASE):
            if free(match.start(), match.end()):
                found.append(Mention(match.start(), match.end(), match.group(), "person", (), "pronoun"))
    for regex, place_kind in rules.anaphora:
        for match in regex.finditer(flat):
            if free(match.start(), match.end()):
                found.append(Mention(match.start(), match.end(), match.group(), "place", (), "anaphora", subkind=place_kind))
    if rules.unnamed_subject is not None:
        for sentence in sentences:
            match = rules.unnamed_subject.match(normalise(sentence.text))
            if match and free(sentence.start, sentence.start + match.end()):
                found.append(Mention(sentence.start, sentence.start + match.end(), match.group(), "person", (), "lead"))

    found.sort(key=lambda m: m.start)
    for mention in found:
        mention.sentence = sentence_at(mention.start)
    _resolve(found, index)
    return [m for m in found if m.entity]


def _resolve(mentions: list[Mention], index: EntityIndex) -> None:
    """Give each mention one entity: the person the text is about, else the most named, else the
    one with most ties in the record; a pronoun, the nearest person before it in its sentence."""
    def lead_person(sentence: int) -> str | None:
        """News leads name their subject next: the first titled person after the lead sentence."""
        after = [m for m in mentions if m.sentence > sentence and m.kind == "person" and len(m.candidates) == 1 and m.how in ("name", "spelling", "new")]
        titled = [m for m in after if m.title]
        return (titled or after)[0].candidates[0] if (titled or after) else None

    counts: Counter = Counter()
    focus: str | None = None
    current = -1
    in_sentence: list[Mention] = []
    last_place: dict[str, str] = {}
    for mention in mentions:
        if mention.sentence != current:
            first = next((m.entity for m in in_sentence if m.kind == "person" and m.entity), None)
            focus = first or focus
            in_sentence = []
            current = mention.sentence
        if mention.how == "pronoun":
            before = [m.entity for m in in_sentence if m.kind == "person" and m.entity]
            mention.entity = before[-1] if before else focus
        elif mention.how == "lead":
            mention.entity = lead_person(mention.sentence)
        elif mention.how == "anaphora":
            mention.entity = last_place.get(mention.subkind or "")
        elif len(mention.candidates) == 1:
            mention.entity = mention.candidates[0]
        else:
            pool = mention.candidates
            if focus in pool:
                mention.entity = focus
            else:
                seen = [c for c in pool if counts[c]]
                mention.entity = max(seen or pool, key=lambda c: (counts[c], index.degree[c], c))
        if mention.entity:
            counts[mention.entity] += 1
            kind_info = index.kinds.get(mention.entity)
            if mention.kind == "place" and kind_info and kind_info[1]:
                last_place[kind_info[1]] = mention.entity
        in_sentence.append(mention)


def mention_counts(mentions: Iterable[Mention]) -> Counter:
    """How often the report names each entity."""
    return Counter(m.entity for m in mentions if m.entity)
