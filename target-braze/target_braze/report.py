"""Per-stream progress counters, logged after every batch and at the end of the run."""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass, fields

COUNTERS_IN_LOG_ORDER = (
    "records",
    "sent",
    "already_delivered",
    "unchanged",
    "requests",
    "rate_limited",
    "retries",
    "dead_letters",
    "in_doubt",
)


@dataclass
class StreamProgress:
    records: int = 0  # records the sink received
    sent: int = 0  # records Braze accepted in this run
    already_delivered: int = 0  # skipped: the ledger has them as delivered or settled in doubt
    unchanged: int = 0  # attribute records skipped because their values did not change
    requests: int = 0  # HTTP requests, retries included
    rate_limited: int = 0  # 429 answers
    retries: int = 0  # requests repeated after a 5xx or a connection error
    dead_letters: int = 0  # records written to the dead-letter folder
    in_doubt: int = 0  # records whose delivery is unknown (a crash, or a connection lost)


class RunReport:
    """Thread-safe counters: requests run concurrently."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._lock = threading.Lock()
        self._streams: dict[str, StreamProgress] = defaultdict(StreamProgress)
        self.in_doubt_at_start: dict[str, int] = {}

    def add(self, stream: str, counter: str, amount: int = 1) -> None:
        if amount:
            with self._lock:
                progress = self._streams[stream]
                setattr(progress, counter, getattr(progress, counter) + amount)

    def progress(self, stream: str) -> StreamProgress:
        with self._lock:
            return StreamProgress(
                **{f.name: getattr(self._streams[stream], f.name) for f in fields(StreamProgress)}
            )

    def streams(self) -> list[str]:
        with self._lock:
            return sorted(self._streams)

    def total(self, counter: str) -> int:
        with self._lock:
            return sum(getattr(p, counter) for p in self._streams.values())

    def log_stream(self, stream: str, prefix: str = "Progress") -> None:
        progress = self.progress(stream)
        parts = ", ".join(f"{name}={getattr(progress, name)}" for name in COUNTERS_IN_LOG_ORDER)
        self._logger.info("%s for stream '%s': %s", prefix, stream, parts)

    def log_in_doubt_at_start(self) -> None:
        total = sum(self.in_doubt_at_start.values())
        detail = ", ".join(f"{kind}={n}" for kind, n in sorted(self.in_doubt_at_start.items()))
        self._logger.info(
            "In doubt from an earlier run: %d record(s)%s", total, f" ({detail})" if detail else ""
        )

    def log_summary(self) -> None:
        for stream in self.streams():
            self.log_stream(stream, prefix="Summary")
        self._logger.info(
            "Run summary: in_doubt_from_earlier_runs=%d, in_doubt_this_run=%d, dead_letters=%d",
            sum(self.in_doubt_at_start.values()),
            self.total("in_doubt"),
            self.total("dead_letters"),
        )
