"""Partial dates: parsing, spans, and the one rule for what holds at a date."""

from datetime import date

import pytest

from explorer.dates import DateError, as_of, holds_at, parse_date


@pytest.mark.parametrize(
    "text, precision, first, last",
    [
        ("2012", "year", date(2012, 1, 1), date(2012, 12, 31)),
        ("2012-07", "month", date(2012, 7, 1), date(2012, 7, 31)),
        ("2012-02", "month", date(2012, 2, 1), date(2012, 2, 29)),
        ("2012-07-05", "day", date(2012, 7, 5), date(2012, 7, 5)),
    ],
)
def test_partial_dates_are_spans_of_days(text, precision, first, last):
    parsed = parse_date(text)
    assert (parsed.precision, parsed.first_day, parsed.last_day, str(parsed)) == (precision, first, last, text)


@pytest.mark.parametrize("text", ["2012-13", "2012-02-30", "July 2012", "12-07-2012", ""])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_a_month_is_before_the_next_month_and_overlaps_its_own_days():
    july, august_first, mid_july = parse_date("2012-07"), parse_date("2012-08-01"), parse_date("2012-07-15")
    assert july.is_before(august_first)
    assert not july.is_before(mid_july) and not mid_july.is_before(july)
    assert july.overlaps(mid_july)


def test_a_native_date_exists_only_when_the_day_is_known():
    assert parse_date("2012-07-05").as_date() == date(2012, 7, 5)
    assert parse_date("2012-07").as_date() is None


def test_a_question_at_a_partial_date_is_asked_on_its_last_day():
    assert as_of("2012-07") == date(2012, 7, 31)
    assert as_of("2012") == date(2012, 12, 31)


def test_a_tie_holds_from_the_first_day_of_its_start_through_the_last_day_of_its_end():
    start, end = parse_date("2011"), parse_date("2012-07")
    assert holds_at(start, end, date(2011, 1, 1))
    assert holds_at(start, end, date(2012, 7, 31))
    assert not holds_at(start, end, date(2010, 12, 31))
    assert not holds_at(start, end, date(2012, 8, 1))
    assert holds_at(None, None, date(1900, 1, 1))
