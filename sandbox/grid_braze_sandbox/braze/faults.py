"""Faults that a test switches on to see how a client copes.

Each fault either counts down (`*_next`: the next N matching requests) or fires at a seeded rate, so
a test gets the same sequence every run. Faults never touch `/_sandbox/...` requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grid_braze_sandbox.faults import SERVER_ERROR_STATUSES, SwitchableFaults, settings_from_json


@dataclass
class FaultSettings:
    # Only requests whose path starts with one of these are affected; empty means every path.
    paths: list[str] = field(default_factory=list)
    rate_limit_next: int = 0  # a 429 storm: the next N requests are refused
    server_error_next: int = 0
    server_error_rate: float = 0.0
    server_error_status: int | None = None  # None cycles through 500, 502, 503, 504
    queued_next: int = 0  # 202 {"message": "queued"}, Braze's maintenance answer
    latency_seconds: float = 0.0
    drop_connection_next: int = 0
    drop_connection_rate: float = 0.0
    # The request is processed, then the connection closes before the answer: the client cannot
    # know whether it took effect (the "in doubt" case of DESIGN §6).
    drop_answer_next: int = 0
    # /users/track: reject these object indexes (per array) with a non-fatal `errors` entry ...
    track_reject_indexes: dict[str, list[int]] = field(default_factory=dict)
    # ... or each object at this seeded rate.
    track_reject_rate: float = 0.0
    seed: int = 0

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> FaultSettings:
        return settings_from_json(cls, body)


class Faults(SwitchableFaults[FaultSettings]):
    """The Braze emulator's faults."""

    settings_type = FaultSettings

    def latency(self, path: str) -> float:
        with self._lock:
            return self._settings.latency_seconds if self._applies(path) else 0.0

    def should_drop(self, path: str) -> bool:
        with self._lock:
            settings = self._settings
            if not self._applies(path):
                return False
            if settings.drop_connection_next > 0:
                settings.drop_connection_next -= 1
                return True
            return self._random.random() < settings.drop_connection_rate

    def should_drop_answer(self, path: str) -> bool:
        with self._lock:
            if self._applies(path) and self._settings.drop_answer_next > 0:
                self._settings.drop_answer_next -= 1
                return True
            return False

    def forced_rate_limit(self, path: str) -> bool:
        with self._lock:
            if self._applies(path) and self._settings.rate_limit_next > 0:
                self._settings.rate_limit_next -= 1
                return True
            return False

    def server_error(self, path: str) -> int | None:
        with self._lock:
            settings = self._settings
            if not self._applies(path):
                return None
            fire = settings.server_error_next > 0
            if fire:
                settings.server_error_next -= 1
            elif settings.server_error_rate > 0:
                fire = self._random.random() < settings.server_error_rate
            if not fire:
                return None
            if settings.server_error_status is not None:
                return settings.server_error_status
            status = SERVER_ERROR_STATUSES[self._error_cycle % len(SERVER_ERROR_STATUSES)]
            self._error_cycle += 1
            return status

    def queued(self, path: str) -> bool:
        with self._lock:
            if self._applies(path) and self._settings.queued_next > 0:
                self._settings.queued_next -= 1
                return True
            return False

    def rejects_track_objects(self) -> bool:
        """Whether reject_track_object can say yes at all (so /users/track asks per object only
        when a test has switched the fault on)."""
        with self._lock:
            settings = self._settings
            return bool(settings.track_reject_indexes) or settings.track_reject_rate > 0

    def reject_track_object(self, input_array: str, index: int) -> bool:
        with self._lock:
            settings = self._settings
            if index in settings.track_reject_indexes.get(input_array, []):
                return True
            return settings.track_reject_rate > 0 and self._random.random() < (
                settings.track_reject_rate
            )
