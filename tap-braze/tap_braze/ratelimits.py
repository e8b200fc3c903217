"""Braze's rate-limit families, client-side pacing within them, and waits after a refusal.

Braze counts requests per family of endpoints and per workspace (reference §6.1), so every stream
of a run that calls a family draws on one shared budget. The pacer spends that budget in small
bursts and then spreads the rest over the window, and it believes the server's
`X-RateLimit-Remaining` and `X-RateLimit-Reset` over its own count, because other clients of the
same key draw on the same budget.
"""

from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass

import requests


@dataclass(frozen=True)
class FamilyLimit:
    """`limit` requests per `window_seconds`, Braze's documented default for a family."""

    limit: int
    window_seconds: float


HOUR = 3600.0
MINUTE = 60.0

# Only the families the tap reads from; the rest of Braze's list concerns writes.
FAMILY_LIMITS: dict[str, FamilyLimit] = {
    "default": FamilyLimit(250_000, HOUR),
    # /events/list, /events, /custom_attributes and /purchases/product_list share 1,000 per hour;
    # the purchase series are counted with them too, the stricter of the reference's two readings.
    "events_and_products": FamilyLimit(1_000, HOUR),
    "campaigns_data_series": FamilyLimit(50_000, MINUTE),
    "catalogs_management": FamilyLimit(50, MINUTE),
    "catalog_items_sync": FamilyLimit(50, MINUTE),
}

# A run may spend this share of a family's window at once before requests are spread out; small
# runs then never wait, and a long run settles at the documented rate.
BURST_SHARE = 0.1


class FamilyPacer:
    """A token bucket for one family, corrected by the server's rate-limit headers."""

    def __init__(self, family_limit: FamilyLimit) -> None:
        self._documented_rate = family_limit.limit / family_limit.window_seconds
        self._rate = self._documented_rate
        self._capacity = max(1.0, family_limit.limit * BURST_SHARE)
        self._tokens = self._capacity
        self._updated = time.monotonic()
        self._blocked_until_epoch = 0.0
        self._lock = threading.Lock()

    def _refill(self, now: float) -> None:
        self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._rate)
        self._updated = now

    def wait_for_turn(self) -> float:
        """Sleep until a request may be sent; returns the seconds slept."""
        slept = 0.0
        while True:
            with self._lock:
                now = time.monotonic()
                self._refill(now)
                blocked = self._blocked_until_epoch - time.time()
                if self._blocked_until_epoch and blocked <= 0:
                    # The server's window has reset: one request finds out the new budget.
                    self._blocked_until_epoch = 0.0
                    self._tokens = max(self._tokens, 1.0)
                if blocked <= 0 and self._tokens >= 1:
                    self._tokens -= 1
                    return slept
                delay = max(blocked, (1 - self._tokens) / self._rate, 0.01)
            time.sleep(delay)
            slept += delay

    def observe(self, response: requests.Response) -> None:
        """Take the server's view of the budget: it also counts other clients of the key."""
        remaining = _int_header(response, "X-RateLimit-Remaining")
        reset = _int_header(response, "X-RateLimit-Reset")
        with self._lock:
            if remaining is not None:
                self._tokens = min(self._tokens, float(remaining))
                if reset is not None:
                    # Spread what is left evenly until the reset, and never slower than the
                    # documented rate: a smaller limit than documented is still used in full.
                    left_seconds = max(reset - time.time(), 1.0)
                    self._rate = max(self._documented_rate, remaining / left_seconds)
            # A 429 that leaves budget (an export already running) is no reason to stop.
            if reset is not None and remaining == 0:
                self._blocked_until_epoch = max(self._blocked_until_epoch, float(reset))


class PacerRegistry:
    """One pacer per family for the whole run, shared by every stream."""

    def __init__(self) -> None:
        self._pacers: dict[str, FamilyPacer] = {}
        self._lock = threading.Lock()

    def for_family(self, family: str) -> FamilyPacer:
        with self._lock:
            if family not in self._pacers:
                self._pacers[family] = FamilyPacer(FAMILY_LIMITS[family])
            return self._pacers[family]


def _int_header(response: requests.Response, name: str) -> int | None:
    raw = response.headers.get(name)
    try:
        return int(float(raw)) if raw is not None else None
    except ValueError:
        return None


# Waits after a refused request -----------------------------------------------------------------

MAX_SERVER_WAIT_SECONDS = HOUR + 60  # the longest family window, plus slack
RETRY_BASE_SECONDS = 1.0
RETRY_CAP_SECONDS = 60.0


def seconds_until_retry(response: requests.Response | None, attempt: int) -> float:
    """How long to wait before retry number `attempt` (1-based).

    The server's word wins: `Retry-After` (seconds or an HTTP date), then `X-RateLimit-Reset`
    on a 429. Without either (5xx, a dropped connection) the wait doubles from one second.
    """
    if response is not None:
        retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
        if retry_after is not None:
            return min(retry_after, MAX_SERVER_WAIT_SECONDS)
        reset = _int_header(response, "X-RateLimit-Reset")
        remaining = _int_header(response, "X-RateLimit-Remaining")
        # A 429 with budget left is not a rate limit (a segment export already running): the
        # family's reset may be an hour away and says nothing about when to ask again.
        if response.status_code == 429 and reset is not None and not remaining:
            return min(max(reset - time.time(), 0.0) + 0.05, MAX_SERVER_WAIT_SECONDS)
    return min(RETRY_BASE_SECONDS * 2 ** (attempt - 1), RETRY_CAP_SECONDS)


def _retry_after_seconds(raw: str | None) -> float | None:
    if not raw:
        return None
    try:
        return max(float(raw), 0.0)
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(moment.timestamp() - time.time(), 0.0)
