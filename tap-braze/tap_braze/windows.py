"""Which days a time-series stream asks Braze for."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

# Without a start date or a bookmark, series start this many days back.
DEFAULT_HISTORY_DAYS = 30


def utc_today() -> date:
    return datetime.now(UTC).date()


def first_day_to_read(
    bookmark: str | None, start_date: str | None, lookback_days: int, today: date
) -> date:
    """The oldest day to request.

    With a bookmark, the bookmarked day and the `lookback_days` before it are read again: Braze
    revises recent days (conversions are attributed to the send day later), and the bookmarked
    day itself was read while it was still in progress. The start date stays a hard lower limit.
    """
    floor = _day(start_date) if start_date else None
    if bookmark:
        first = _day(bookmark) - timedelta(days=max(lookback_days, 0))
    elif floor is not None:
        first = floor
    else:
        first = today - timedelta(days=DEFAULT_HISTORY_DAYS)
    if floor is not None:
        first = max(first, floor)
    return min(first, today)


def _day(value: str) -> date:
    return date.fromisoformat(str(value)[:10])


def ending_at(day: date) -> str:
    """The last second of a UTC day: Braze's series include the day that `ending_at` falls in."""
    return f"{day.isoformat()}T23:59:59Z"
