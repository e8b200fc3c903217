"""One rate limiter per Braze endpoint family, steered by the `X-RateLimit-*` headers.

Braze counts requests in fixed windows and reports, on every answer, the window's limit, what is
left of it and the epoch second at which it resets. The limiter spends that budget, counting
requests still in flight against it, and waits for the reset instead of running into a 429.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

# Braze rounds the reset up to a whole second; a little slack keeps us past the server's edge.
RESET_SLACK_SECONDS = 0.05


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


class FamilyRateLimiter:
    """The budget of one endpoint family, shared by every thread that calls it."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._condition = threading.Condition()
        self._limit: int | None = None
        self._remaining: int | None = None
        self._reset_at: float | None = None
        self._in_flight = 0

    def acquire(self) -> None:
        """Block until one more request fits in the current window."""
        with self._condition:
            while True:
                now = self._clock()
                if self._reset_at is not None and now >= self._reset_at:
                    # A new window: its budget is the limit, until an answer says otherwise.
                    self._remaining = self._limit
                    self._reset_at = None
                if self._limit is None:
                    # Nothing known yet: one request at a time until the first answer.
                    if self._in_flight == 0:
                        break
                    self._condition.wait(0.5)
                    continue
                if self._remaining is None or self._remaining > 0:
                    break
                wait = (self._reset_at or now + 1.0) - now + RESET_SLACK_SECONDS
                self._condition.wait(max(wait, 0.0))
            if self._remaining is not None:
                self._remaining -= 1
            self._in_flight += 1

    def release(self, headers: Mapping[str, str] | None, *, rate_limited: bool = False) -> None:
        """Learn from an answer's headers (or from no answer at all)."""
        with self._condition:
            self._in_flight -= 1
            limit = _int_header(headers, "X-RateLimit-Limit") if headers else None
            remaining = _int_header(headers, "X-RateLimit-Remaining") if headers else None
            reset = _int_header(headers, "X-RateLimit-Reset") if headers else None
            if limit is not None:
                self._limit = limit
            if remaining is not None and reset is not None:
                reset_at = float(reset) + RESET_SLACK_SECONDS
                # Requests still in flight will spend from this window too.
                server_view = remaining - self._in_flight
                if self._reset_at is None or reset_at > self._reset_at:
                    self._reset_at = reset_at
                    self._remaining = server_view
                else:
                    self._remaining = min(self._remaining or 0, server_view)
            if rate_limited:
                self._remaining = 0
                if self._reset_at is None:
                    self._reset_at = self._clock() + 1.0
            self._condition.notify_all()

    def hold_until(self, moment: float) -> None:
        """A 429 said when to come back: nobody in this family sends before then."""
        with self._condition:
            self._remaining = 0
            self._reset_at = max(self._reset_at or 0.0, moment)
            self._condition.notify_all()


class RateLimiters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._families: dict[str, FamilyRateLimiter] = {}

    def family(self, name: str) -> FamilyRateLimiter:
        with self._lock:
            limiter = self._families.get(name)
            if limiter is None:
                limiter = self._families[name] = FamilyRateLimiter()
            return limiter
