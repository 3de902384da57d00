"""Dates in a report's words, resolved against the day the report was written.

"on Tuesday", "Friday", "yesterday", "last month", "in March", "5 July 2012", "in 1994": each
becomes a partial date as precise as the words and the report's own date allow. A weekday needs
the report's day; when only its month is known the month is all we say.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..dates import PartialDate

__all__ = ["DateMention", "find_dates"]

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_M = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_W = "(" + "|".join(WEEKDAYS) + ")"
_PATTERNS = [
    ("dmy", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? " + _M + r",? (\d{4})\b", re.I)),
    ("mdy", re.compile(r"\b" + _M + r" (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b", re.I)),
    ("my", re.compile(r"\b" + _M + r",? (\d{4})\b", re.I)),
    ("dm", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? " + _M + r"\b", re.I)),
    ("md", re.compile(r"\b" + _M + r" (\d{1,2})(?:st|nd|rd|th)?\b(?!,? \d{4})", re.I)),
    ("m", re.compile(r"\b(?:in|since|until|by|early|late|mid|mid-) ?" + _M + r"\b(?! \d)", re.I)),
    ("y", re.compile(r"\b(?:in|since|until|from|by|of|to|early|late|mid-?) (1[89]\d{2}|20\d{2})\b", re.I)),
    ("weekday", re.compile(r"\b(?:on |last |this )?" + _W + r"\b", re.I)),
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    ("today", re.compile(r"\b(?:today|tonight|this morning|this evening)\b", re.I)),
    ("ago", re.compile(r"\b(\d{1,2}|two|three|four|five|six|seven) days ago\b", re.I)),
    ("last-week", re.compile(r"\blast week\b", re.I)),
    ("last-month", re.compile(r"\blast month\b", re.I)),
    ("this-month", re.compile(r"\b(?:this|earlier this) month\b", re.I)),
    ("last-year", re.compile(r"\blast year\b", re.I)),
    ("this-year", re.compile(r"\b(?:this|earlier this) year\b", re.I)),
]
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: PartialDate | None  # None: the report's date is not precise enough to say


def _day(value: date, precise: bool) -> PartialDate:
    return PartialDate(value.year, value.month, value.day) if precise else PartialDate(value.year, value.month)


def _before(month: int, day: int | None, ref: PartialDate | None, year: int | None) -> PartialDate | None:
    """A month (and day) without a year: the latest one not after the report's date."""
    if year is None:
        if ref is None:
            return None
        year = ref.year
        if ref.month and (month > ref.month or (month == ref.month and day and ref.day and day > ref.day)):
            year -= 1
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def _resolve(kind: str, groups: tuple, ref: PartialDate | None) -> PartialDate | None:
    month_of = lambda text: MONTHS[text.lower().rstrip(".")]  # noqa: E731
    if kind == "dmy":
        return _before(month_of(groups[1]), int(groups[0]), ref, int(groups[2]))
    if kind == "mdy":
        return _before(month_of(groups[0]), int(groups[1]), ref, int(groups[2]))
    if kind == "my":
        return _before(month_of(groups[0]), None, ref, int(groups[1]))
    if kind == "dm":
        return _before(month_of(groups[1]), int(groups[0]), ref, None)
    if kind == "md":
        return _before(month_of(groups[0]), int(groups[1]), ref, None)
    if kind == "m":
        return _before(month_of(groups[0]), None, ref, None)
    if kind == "y":
        return PartialDate(int(groups[0]))
    if ref is None:
        return None
    precise = ref.day is not None
    today = ref.first_day
    if kind == "weekday":
        if not precise:
            return PartialDate(ref.year, ref.month) if ref.month else None
        back = (today.weekday() - WEEKDAYS[groups[0].lower()]) % 7
        return _day(today - timedelta(days=back), True)
    if kind in ("yesterday", "today", "ago"):
        if not ref.month:
            return PartialDate(ref.year)
        days = {"yesterday": 1, "today": 0}.get(kind)
        if days is None:
            days = int(groups[0]) if groups[0].isdigit() else _NUMBERS[groups[0].lower()]
        return _day(today - timedelta(days=days), precise)
    if kind == "last-week":
        return _day(today - timedelta(days=7), False) if ref.month else PartialDate(ref.year)
    if kind in ("last-month", "this-month"):
        if not ref.month:
            return None
        if kind == "this-month":
            return PartialDate(ref.year, ref.month)
        return PartialDate(ref.year - 1, 12) if ref.month == 1 else PartialDate(ref.year, ref.month - 1)
    if kind == "last-year":
        return PartialDate(ref.year - 1)
    if kind == "this-year":
        return PartialDate(ref.year)
    return None


def find_dates(text: str, ref: PartialDate | None) -> list[DateMention]:
    """Date expressions in `text` (one sentence), each resolved against the report's date `ref`."""
    found: list[DateMention] = []
    for kind, regex in _PATTERNS:
        for match in regex.finditer(text):
            if any(d.start < match.end() and match.start() < d.end for d in found):
                continue
            found.append(DateMention(match.start(), match.end(), match.group(), _resolve(kind, match.groups(), ref)))
    return sorted(found, key=lambda d: d.start)
