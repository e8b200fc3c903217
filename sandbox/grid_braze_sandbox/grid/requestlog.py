"""`/_sandbox/grid/requests`: every REST request and every file that reached the mailbox."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

from grid_braze_sandbox.clock import SimulatedClock
from grid_braze_sandbox.timefmt import iso


class RequestLog:
    def __init__(self, clock: SimulatedClock, limit: int) -> None:
        self.clock = clock
        self._entries: deque[dict[str, Any]] = deque(maxlen=limit)
        self._seen = 0
        self._lock = threading.Lock()

    def add(self, kind: str, **fields: Any) -> None:
        with self._lock:
            self._seen += 1
            self._entries.append(
                {
                    "sequence": self._seen,
                    "kind": kind,
                    "simulated_time": iso(self.clock.now()),
                    **fields,
                }
            )

    def entries(self, kind: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(e) for e in self._entries if kind is None or e["kind"] == kind]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
