"""Partial ISO dates (`2012`, `2012-07`, `2012-07-05`), the precision sources actually give.

A partial date is a span of days. We read spans this way, everywhere:

* a tie or status that *starts* at a partial date holds from the span's first day
  (a defection dated `2012-07` counts from 2012-07-01);
* one that *ends* at a partial date holds through the span's last day;
* a date asked for (`--at 2012-07`) means the span's last day: the state as of the end of it.

So `2012-07` is before `2012-08-01`, and neither before nor after `2012-07-15`: `overlaps` says so.
A missing end date means *unknown*, not *still true*; a missing start means *since before the data*.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

__all__ = ["PartialDate", "parse_date", "DateError", "as_of", "holds_at"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    """A string that is not a partial ISO date."""


@dataclass(frozen=True, order=False)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        if self.day:
            return date(self.year, self.month, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def is_before(self, other: "PartialDate") -> bool:
        """Wholly before `other`: every day of this span precedes every day of that one."""
        return self.last_day < other.first_day

    def overlaps(self, other: "PartialDate") -> bool:
        return not self.is_before(other) and not other.is_before(self)

    def as_date(self) -> date | None:
        """A native date only when the day is known."""
        return self.first_day if self.day else None

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text


def parse_date(value: object) -> PartialDate:
    """Parse `2012`, `2012-07` or `2012-07-05` (YAML may hand us an int or a date)."""
    if isinstance(value, date):
        return PartialDate(value.year, value.month, value.day)
    return _parse_text(str(value).strip())


@functools.lru_cache(maxsize=65536)
def _parse_text(text: str) -> PartialDate:
    """Cached: snapshots parse the same few hundred date strings tens of thousands of times."""
    match = _PATTERN.match(text)
    if not match:
        raise DateError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{text!r} has no month {month}")
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise DateError(f"{text!r} is not a day of the calendar") from None
    return PartialDate(year, month, day)


def as_of(value: "str | PartialDate | date | None") -> date | None:
    """The concrete day a question `at` a (partial) date is asked: the span's last day."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        value = parse_date(value)
    return value.last_day


def holds_at(start: PartialDate | None, end: PartialDate | None, day: date | None) -> bool:
    """Whether something from `start` to `end` holds on `day` (None: no date asked, always)."""
    if day is None:
        return True
    if start is not None and start.first_day > day:
        return False
    if end is not None and end.last_day < day:
        return False
    return True
