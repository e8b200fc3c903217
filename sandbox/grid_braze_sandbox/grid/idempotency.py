"""`Idempotency-Key` on POST (reference §2.5): the same key and body within the window answer
with the first response again; the same key with another body is refused.

The window runs on the simulated clock, so a scenario that moves a day ahead sees keys expire.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from grid_braze_sandbox.grid.problems import GridError


@dataclass
class StoredResponse:
    fingerprint: str
    status: int
    body: bytes
    content_type: str
    stored_at: datetime


class IdempotencyCache:
    def __init__(self, window_hours: float) -> None:
        self.window = timedelta(hours=window_hours)
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], StoredResponse] = {}

    @staticmethod
    def fingerprint(method: str, path: str, body: bytes) -> str:
        return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()

    def lookup(
        self, client: str, key: str, fingerprint: str, now: datetime
    ) -> StoredResponse | None:
        with self._lock:
            entry = self._entries.get((client, key))
            if entry is None or now - entry.stored_at > self.window:
                return None
            if entry.fingerprint != fingerprint:
                raise GridError(
                    422,
                    "idempotency_key_reused",
                    "this Idempotency-Key was used with a different request",
                )
            return entry

    def store(self, client: str, key: str, entry: StoredResponse) -> None:
        # Errors are not stored: a client retrying after a 5xx must get a real second attempt.
        if entry.status >= 500:
            return
        with self._lock:
            self._entries[(client, key)] = entry
