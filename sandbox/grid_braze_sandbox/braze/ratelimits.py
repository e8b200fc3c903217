"""Fixed-window rate limits per endpoint family, on the wall clock.

Braze reports `X-RateLimit-Reset` as the epoch second at which the window resets, which matches a
fixed window better than a sliding one.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from grid_braze_sandbox.braze.config import BrazeConfig, RateLimit


@dataclass(frozen=True)
class RateLimitDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_epoch_seconds: int

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_epoch_seconds),
        }


@dataclass
class _Window:
    started_at: float
    used: int


class RateLimiter:
    def __init__(self, config: BrazeConfig) -> None:
        self._config = config
        self._overrides: dict[str, RateLimit] = {}
        self._windows: dict[str, _Window] = {}
        self._lock = threading.Lock()

    def limit_for(self, family: str) -> RateLimit:
        return self._overrides.get(family) or self._config.rate_limit(family)

    def families(self) -> dict[str, RateLimit]:
        return {family: self.limit_for(family) for family in self._config.rate_limits}

    def override(self, family: str, limit: RateLimit) -> None:
        if family not in self._config.rate_limits:
            raise KeyError(family)
        with self._lock:
            self._overrides[family] = limit
            self._windows.pop(family, None)

    def reset(self) -> None:
        with self._lock:
            self._overrides.clear()
            self._windows.clear()

    def peek(self, family: str) -> RateLimitDecision:
        """The family's state without counting a request (for answers refused before counting)."""
        limit = self.limit_for(family)
        now = time.time()
        with self._lock:
            window = self._windows.get(family)
            if window is None or now >= window.started_at + limit.window_seconds:
                return RateLimitDecision(
                    True, limit.limit, limit.limit, math.ceil(now + limit.window_seconds)
                )
            reset = math.ceil(window.started_at + limit.window_seconds)
            return RateLimitDecision(True, limit.limit, max(limit.limit - window.used, 0), reset)

    def take(self, family: str) -> RateLimitDecision:
        """Count one request against the family, or refuse it when the window is used up."""
        limit = self.limit_for(family)
        now = time.time()
        with self._lock:
            window = self._windows.get(family)
            if window is None or now >= window.started_at + limit.window_seconds:
                window = _Window(started_at=now, used=0)
                self._windows[family] = window
            allowed = window.used < limit.limit
            if allowed:
                window.used += 1
            reset = math.ceil(window.started_at + limit.window_seconds)
            return RateLimitDecision(allowed, limit.limit, limit.limit - window.used, reset)
