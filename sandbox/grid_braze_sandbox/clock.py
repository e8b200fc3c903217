"""The simulated clock shared by every emulator in one sandbox.

Scenarios move it forward in phases (DESIGN §5), so everything that stamps data with a time (events,
sends, Currents files, export folders) reads it here instead of the wall clock. Rate limits are the
exception: clients sleep in real time, so limiters use the wall clock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def utc_now_seconds() -> datetime:
    """The wall clock, truncated to whole seconds so that stamps are stable and readable."""
    return datetime.now(UTC).replace(microsecond=0)


class SimulatedClock:
    """A clock that stands still until it is set or advanced.

    A frozen clock keeps scenarios reproducible: the same seed and the same phases give the same
    timestamps. Listeners are told after every move, which is how simulated engagement that was
    scheduled for later becomes visible.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._now = (start or utc_now_seconds()).astimezone(UTC)
        self._lock = threading.Lock()
        self._listeners: list[Callable[[datetime], None]] = []

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("the clock only takes time-zone aware moments")
        with self._lock:
            if moment < self._now:
                # Data already stamped later would then lie in the future; scenarios only move on.
                raise ValueError("the simulated clock cannot move backwards")
            self._now = moment.astimezone(UTC)
            now = self._now
        self._notify(now)
        return now

    def restart(self, moment: datetime) -> datetime:
        """Put the clock anywhere, backwards too: only for an emptied sandbox, where no data lies
        in the future of the new moment."""
        if moment.tzinfo is None:
            raise ValueError("the clock only takes time-zone aware moments")
        with self._lock:
            self._now = moment.astimezone(UTC)
            return self._now

    def advance(self, seconds: float) -> datetime:
        if seconds < 0:
            raise ValueError("the simulated clock cannot move backwards")
        with self._lock:
            self._now = self._now + timedelta(seconds=seconds)
            now = self._now
        self._notify(now)
        return now

    def on_change(self, listener: Callable[[datetime], None]) -> None:
        self._listeners.append(listener)

    def _notify(self, now: datetime) -> None:
        for listener in list(self._listeners):
            listener(now)
