"""KST day numbers and Monday-based weeks, exactly as ``LaborRegistry`` computes them.

A *day* is ``(unix_seconds + 9 h) // 86400``: the calendar day in Korea (UTC+9), day 0
being Thursday 1970-01-01. A *week* is ``(day + 3) // 7``: weeks start on Monday, so the
days of one week are exactly the days of one ISO week.
"""

from __future__ import annotations

import datetime as dt

KST_OFFSET_SECONDS = 9 * 3600
SECONDS_PER_DAY = 86_400
WEEKLY_HOLIDAY_THRESHOLD_MINUTES = 15 * 60
_EPOCH = dt.date(1970, 1, 1)


def day_of(unix_seconds: int) -> int:
    """KST day number of a UNIX timestamp."""
    return (unix_seconds + KST_OFFSET_SECONDS) // SECONDS_PER_DAY


def day_to_date(day: int) -> dt.date:
    """The Korean calendar date of a day number."""
    return _EPOCH + dt.timedelta(days=day)


def date_to_day(date: dt.date) -> int:
    return (date - _EPOCH).days


def week_of(day: int) -> int:
    """Monday-based week index of a day number (the contract's ``weekOf``)."""
    return (day + 3) // 7


def iso_week_of(day: int) -> tuple[int, int]:
    """(ISO year, ISO week number) of a day number, for display."""
    year, week, _ = day_to_date(day).isocalendar()
    return year, week
