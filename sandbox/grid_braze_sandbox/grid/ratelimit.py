"""A token bucket per client (reference §2.5: 10 requests per second by default), on the wall
clock because clients sleep in real time."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass


@dataclass
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: float

    def headers(self) -> dict[str, str]:
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(int(time.time() + math.ceil(self.retry_after))),
        }
        if not self.allowed:
            headers["Retry-After"] = str(max(1, math.ceil(self.retry_after)))
        return headers


class TokenBucketLimiter:
    def __init__(self, per_second: float, burst: int) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}
        self.configure(per_second, burst)

    def configure(self, per_second: float, burst: int) -> None:
        if per_second <= 0 or burst < 1:
            raise ValueError("per_second must be positive and burst at least 1")
        with self._lock:
            self.per_second = float(per_second)
            self.burst = int(burst)
            self._buckets.clear()

    def take(self, client: str) -> Decision:
        now = time.monotonic()
        with self._lock:
            tokens, seen = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - seen) * self.per_second)
            if tokens >= 1:
                tokens -= 1
                self._buckets[client] = (tokens, now)
                return Decision(True, self.burst, int(tokens), 0.0)
            self._buckets[client] = (tokens, now)
            wait = (1 - tokens) / self.per_second
            return Decision(False, self.burst, 0, wait)
