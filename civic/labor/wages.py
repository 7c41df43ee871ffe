"""The wage owed for confirmed shifts, exactly as ``LaborRegistry`` computes it.

The rate owed for a shift is the higher of the agreed hourly wage of the version in force
on the shift's day (the latest version whose start day is not after it) and the minimum
wage in force on that day. An owed amount is whole won, rounded up, over the confirmed
minutes it covers: ``ceil(sum(minutes * rate) / 60)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from civic.labor.constants import ShiftStatus


def minimum_on(schedule: Sequence[tuple[int, int]], day: int) -> int:
    """Minimum hourly wage in force on ``day`` from ``(effective day, wage)`` entries in
    schedule order; 0 when none is in force yet."""
    wage = 0
    for effective, hourly in schedule:
        if effective <= day:
            wage = hourly
    return wage


def rate_owed(versions: Sequence, schedule: Sequence[tuple[int, int]], day: int) -> int:
    """Hourly rate owed for a shift on ``day``; ``versions`` are ``Terms`` in version order."""
    agreed = versions[0].hourly_wage
    for terms in reversed(versions[1:]):
        if terms.start_day <= day:
            agreed = terms.hourly_wage
            break
    return max(agreed, minimum_on(schedule, day))


def owed_between(
    shifts: Iterable,
    versions: Sequence,
    schedule: Sequence[tuple[int, int]],
    from_day: int = 0,
    to_day: int = 2**24 - 1,
) -> int:
    """KRW owed for the confirmed ``(day, minutes, status)`` shifts with a day in range."""
    won_minutes = sum(
        minutes * rate_owed(versions, schedule, day)
        for day, minutes, status in shifts
        if status == ShiftStatus.CONFIRMED and from_day <= day <= to_day
    )
    return -(-won_minutes // 60)


def week_days(week: int) -> tuple[int, int]:
    """First and last day number of Monday-based week ``week`` (week 0 starts before day 0)."""
    return max(0, 7 * week - 3), 7 * week + 3
