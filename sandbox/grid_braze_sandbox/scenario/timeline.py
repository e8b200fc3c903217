"""The scenario's fixed calendar: when history starts and where each phase leaves the clock.

The calendar is fixed, not taken from the wall clock, so the same seed gives the same timestamps on
any day. The storefront history is longer than `spike_window_days` (28) so that flow 4 can judge
spikes before phase 1 ends.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

HISTORY_START = datetime(2026, 10, 1, tzinfo=UTC)
PHASE_AS_OF = (
    datetime(2026, 11, 5, tzinfo=UTC),  # phase 1: the scene, 35 days of history
    datetime(2026, 11, 8, tzinfo=UTC),  # phase 2: delays, cases, feedback
    datetime(2026, 11, 11, tzinfo=UTC),  # phase 3: partner comments, resolutions, restocks
    datetime(2026, 11, 14, tzinfo=UTC),  # phase 4: closing, deliveries, late restocks
)
LAST_PHASE = len(PHASE_AS_OF)

# Uneventful orders are placed early enough that every answer has arrived by the end of phase 1.
BULK_ORDERS_END = PHASE_AS_OF[0] - timedelta(days=4)
# Story orders are placed on the morning of 11-02 and go out together in the early afternoon.
STORY_PO_SENT = datetime(2026, 11, 2, 13, 30, tzinfo=UTC)


def as_of(phase: int) -> datetime:
    if not 1 <= phase <= LAST_PHASE:
        raise ValueError(f"the scenario has phases 1 to {LAST_PHASE}, not {phase}")
    return PHASE_AS_OF[phase - 1]


def at(day: str, hour: int = 0, minute: int = 0) -> datetime:
    """A story moment, written as `MM-DD` in the scenario's year."""
    month, dom = (int(part) for part in day.split("-"))
    return datetime(2026, month, dom, hour, minute, tzinfo=UTC)


def day_of(day: str) -> date:
    return at(day).date()
