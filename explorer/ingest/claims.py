"""Claims in a report's sentences: ties and status events typed from the registry, with hedging.

Each sentence is masked (every mention replaced by a slot such as ⟨p3⟩, person mention 3) and the
rules' patterns run over it. The grade comes from the words around the match: the strongest doubt
that applies wins (a denial, then "could not confirm", rumours, a party with a stake, a report);
a claim without any is graded as the rules file says plain statements of its family are.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .. import schema
from ..dates import PartialDate
from ..model import Tie
from .mentions import EntityIndex, Mention
from .rules import KIND_LETTERS, SLOT_ENTITY_KIND, Pattern, Rules
from .sentences import Sentence, normalise
from .when import find_dates

__all__ = ["Claim", "extract_claims", "GRADE_PRIORITY"]

# The strongest doubt first: the first of these that applies to a claim is its grade.
GRADE_PRIORITY = ("denied", "disputed", "unconfirmed", "rumoured", "claimed", "reported", "confirmed")
_TOKEN = re.compile(r"⟨([a-z])(\d+)⟩")


@dataclass
class Claim:
    """One reading of one sentence: a tie (`type` from the registry) or a status event."""

    record: str  # "tie" or "status"
    type: str  # relationship type or status event kind
    source: str  # tie: from; status: the person
    target: str | None  # tie: to; status: the place, if any
    grade: str  # confirmed ... rumoured, or denied
    sentence: Sentence
    start: int  # the matched words, as offsets in the report
    end: int
    rule: str
    why: str
    date: PartialDate | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class _Masked:
    text: str
    marks: list[tuple[int, int, int, int]]  # masked start, report start, masked length, report length
    start: int

    def to_report(self, position: int) -> int:
        shift = 0
        for masked_start, report_start, masked_len, report_len in self.marks:
            if masked_start >= position:
                break
            if position < masked_start + masked_len:
                return report_start
            shift += masked_len - report_len
        return self.start + position - shift


def _mask(sentence: Sentence, flat: str, mentions: list[tuple[int, Mention]]) -> _Masked:
    parts: list[str] = []
    marks = []
    position = sentence.start
    length = 0
    for index, mention in mentions:
        if mention.start < position:
            continue
        gap = flat[position:mention.start]
        parts.append(gap)
        length += len(gap)
        token = f"⟨{KIND_LETTERS[mention.kind]}{index}⟩"
        marks.append((length, mention.start, len(token), mention.end - mention.start))
        parts.append(token)
        length += len(token)
        position = mention.end
    parts.append(flat[position:sentence.end])
    return _Masked("".join(parts), marks, sentence.start)


def _ids(text: str | None) -> list[int]:
    return [int(i) for _, i in _TOKEN.findall(text or "")]


class _Context:
    def __init__(self, text: str, mentions: list[Mention], index: EntityIndex, rules: Rules, dataset_ties, report_date: PartialDate | None):
        self.mentions = mentions
        self.index = index
        self.rules = rules
        self.report_date = report_date
        self.counts = Counter(m.entity for m in mentions if m.entity)
        self.dates: dict[int, list] = {}
        self.stakes: set[str] = set()
        kinds = index.kinds
        for tie in dataset_ties:
            rel = schema.REL_TYPES.get(tie.type)
            if rel and rel.serves and kinds.get(tie.target, ("", None))[1] in rules.stake_kinds:
                self.stakes.add(tie.source)

    def entity_kind(self, mention: Mention) -> str:
        if mention.how == "new":
            return "person"
        return SLOT_ENTITY_KIND[mention.kind]

    def subkind(self, entity: str) -> str | None:
        return self.index.kinds.get(entity, ("person", None))[1]

    def most_mentioned(self, org_kinds: list[str]) -> str | None:
        pool = [(n, e) for e, n in self.counts.items() if self.index.kinds.get(e, ("", None))[0] == "org" and self.index.kinds[e][1] in org_kinds]
        return max(pool)[1] if pool else None


def _speaker(masked: _Masked, ctx: _Context) -> tuple[Mention | None, bool]:
    for pattern in ctx.rules.speakers:
        match = pattern.regex.search(masked.text)
        if not match:
            continue
        mention = ctx.mentions[_ids(match.group("S"))[0]]
        if not mention.entity:
            continue
        in_apposition = [ctx.mentions[i] for i in _ids(match.group())]
        stake = (
            mention.entity in ctx.stakes
            or ctx.subkind(mention.entity) in ctx.rules.stake_kinds and mention.kind == "org"
            or any(m.kind == "org" and ctx.subkind(m.entity) in ctx.rules.stake_kinds for m in in_apposition if m is not mention)
        )
        return mention, stake
    return None, False


def _cue_hits(masked: _Masked, ctx: _Context) -> list[tuple[object, re.Match]]:
    return [(cue, hit) for cue in ctx.rules.cues for hit in cue.regex.finditer(masked.text)]


def _grade(masked: _Masked, match: re.Match, subject: int | None, ctx: _Context, speaker: tuple[Mention | None, bool], hits: list) -> tuple[str, str]:
    found: list[tuple[str, str]] = []
    for cue, hit in hits:
        if cue.scope == "after" and hit.start() > match.start():
            continue
        if cue.scope == "subject":
            before = _ids(masked.text[:hit.start()])
            if subject is None or not before or before[-1] != subject:
                continue
        found.append((cue.grade, f"cue '{hit.group()}'"))
    who, stake = speaker
    if who is not None:
        found.append(("claimed" if stake else "reported", f"said by {who.text}" + (", a party with a stake" if stake else "")))
    if not found:
        return "", ""
    return min(found, key=lambda g: GRADE_PRIORITY.index(g[0]))


def _date(masked: _Masked, match_start: int, sentence: Sentence, ctx: _Context) -> PartialDate | None:
    dates = ctx.dates.get(sentence.index)
    if dates is None:
        dates = ctx.dates[sentence.index] = [d for d in find_dates(sentence.text, ctx.report_date) if d.value]
    if dates:
        position = masked.to_report(match_start) - sentence.start
        after = [d for d in dates if d.start >= position]
        return (after or dates[::-1])[0].value
    # No date in the sentence: by the report's month at the latest (its day would claim too much).
    report = ctx.report_date
    return PartialDate(report.year, report.month) if report is not None and report.month else report


def _ends(slot: str | dict, match: re.Match, pattern: Pattern, ctx: _Context, speaker: Mention | None) -> list[Mention | str]:
    if isinstance(slot, dict):
        target = ctx.most_mentioned(slot["most_mentioned"])
        return [target] if target else []
    if slot == "S":
        return [speaker] if speaker is not None else []
    text = match.group(slot)
    spec = pattern.slots[slot]
    found = []
    for i in _ids(text):
        mention = ctx.mentions[i]
        if spec.subkind and ctx.subkind(mention.entity) != spec.subkind:
            continue
        found.append(mention)
    return found


def _subject(match: re.Match, pattern: Pattern) -> int | None:
    starts = [(match.start(name), _ids(match.group(name))[0]) for name in pattern.slots if name != "S" and match.group(name)]
    return min(starts)[1] if starts else None


def extract_claims(text: str, sentences: list[Sentence], mentions: list[Mention], index: EntityIndex, rules: Rules, dataset_ties: Iterable[Tie] = (), report_date: PartialDate | None = None) -> list[Claim]:
    """Every tie and status event the rules read in the report, one claim per sentence and reading."""
    flat = normalise(text)
    ctx = _Context(text, mentions, index, rules, dataset_ties, report_date)
    by_sentence: dict[int, list[tuple[int, Mention]]] = {}
    for i, mention in enumerate(mentions):
        by_sentence.setdefault(mention.sentence, []).append((i, mention))
    claims: list[Claim] = []
    for sentence in sentences:
        in_sentence = by_sentence.get(sentence.index)
        if not in_sentence:
            continue
        masked = _mask(sentence, flat, in_sentence)
        speaker = _speaker(masked, ctx)
        hits = _cue_hits(masked, ctx)
        seen: set[tuple] = set()
        for rel_rule in rules.relations:
            rel = schema.REL_TYPES[rel_rule.type]
            for match in rel_rule.pattern.regex.finditer(masked.text):
                sources = _ends(rel_rule.source, match, rel_rule.pattern, ctx, speaker[0])
                targets = _ends(rel_rule.target, match, rel_rule.pattern, ctx, speaker[0])
                if rel_rule.grade:
                    grade, why = rel_rule.grade, "the rule's own grade"
                elif not rel_rule.hedged:
                    grade, why = rules.stated[rel.family], "a description, stated"
                else:
                    grade, why = _grade(masked, match, _subject(match, rel_rule.pattern), ctx, speaker, hits)
                    grade, why = (grade, why) if grade else (rules.stated[rel.family], "stated as fact")
                when = _date(masked, match.start(), sentence, ctx) if rel_rule.date_start else None
                for a, b in itertools.product(sources, targets):
                    a_id = a if isinstance(a, str) else a.entity
                    b_id = b if isinstance(b, str) else b.entity
                    if not a_id or not b_id or a_id == b_id:
                        continue
                    a_kind = "organization" if isinstance(a, str) else ctx.entity_kind(a)
                    b_kind = "organization" if isinstance(b, str) else ctx.entity_kind(b)
                    if a_kind not in rel.source_kinds or b_kind not in rel.target_kinds:
                        continue
                    if rel.symmetric:
                        a_id, b_id = sorted((a_id, b_id))
                    key = (rel_rule.type, a_id, b_id)
                    if key in seen:
                        continue
                    seen.add(key)
                    extra = dict(rel_rule.extra)
                    post = next((m for m in (a, b) if isinstance(m, Mention) and m.kind == "post"), None)
                    if post is not None and "role" in rel.extra_fields:
                        extra["role"] = post.role
                        if post.head and "head" in rel.extra_fields:
                            extra["head"] = True
                    claims.append(Claim("tie", rel_rule.type, a_id, b_id, grade, sentence, masked.to_report(match.start()), masked.to_report(match.end()), rel_rule.id, why, when, extra))
        for status_rule in rules.status:
            for match in status_rule.pattern.regex.finditer(masked.text):
                people = _ends(status_rule.person, match, status_rule.pattern, ctx, None)
                places = _ends(status_rule.place, match, status_rule.pattern, ctx, None) if status_rule.place and match.group(status_rule.place) else []
                grade, why = _grade(masked, match, _subject(match, status_rule.pattern), ctx, speaker, hits)
                grade, why = (grade, why) if grade else (rules.stated["status"], "stated as fact")
                for person in people:
                    if ctx.entity_kind(person) != "person" or not person.entity:
                        continue
                    key = ("status", status_rule.kind, person.entity)
                    if key in seen:
                        continue
                    seen.add(key)
                    place = places[0].entity if places else None
                    claims.append(Claim("status", status_rule.kind, person.entity, place, grade, sentence, masked.to_report(match.start()), masked.to_report(match.end()), status_rule.id, why, _date(masked, match.start(), sentence, ctx)))
    return claims
