"""Faults a test switches on (DESIGN §5, issue 5 item 5): on the REST API (429 storms, 5xx, slow
answers, dropped connections, expired tokens), on SFTP (slow operations), and on the documents that
reach the mailbox (duplicate deliveries, malformed documents, missing, rejecting or late acks).

Counters (`*_next`) fire for the next N matching events; rates roll seeded dice, so a test sees the
same sequence every run. `/_sandbox/grid/...` requests are never faulted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grid_braze_sandbox.faults import SERVER_ERROR_STATUSES, SwitchableFaults, settings_from_json

MALFORMED_KINDS = ("bad_separators", "wrong_segment_count", "truncated")


@dataclass
class GridFaultSettings:
    paths: list[str] = field(default_factory=list)
    rate_limit_next: int = 0
    server_error_next: int = 0
    server_error_rate: float = 0.0
    server_error_status: int | None = None
    latency_seconds: float = 0.0
    drop_connection_next: int = 0
    expire_tokens: bool = False
    sftp_latency_seconds: float = 0.0
    duplicate_delivery_next: int = 0
    malformed_next: int = 0
    malformed_kind: str = "wrong_segment_count"
    missing_ack_next: int = 0
    reject_ack_next: int = 0
    late_ack_next: int = 0
    late_ack_hours: float = 48.0
    seed: int = 0

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> GridFaultSettings:
        settings = settings_from_json(cls, body)
        if settings.malformed_kind not in MALFORMED_KINDS:
            raise ValueError(f"malformed_kind must be one of {list(MALFORMED_KINDS)}")
        return settings


class GridFaults(SwitchableFaults[GridFaultSettings]):
    """The Trading Grid emulator's faults."""

    settings_type = GridFaultSettings

    def _countdown(self, name: str, path: str | None = None) -> bool:
        with self._lock:
            if path is not None and not self._applies(path):
                return False
            left = getattr(self._settings, name)
            if left > 0:
                setattr(self._settings, name, left - 1)
                return True
            return False

    # REST ------------------------------------------------------------------------------------

    def latency(self, path: str) -> float:
        with self._lock:
            return self._settings.latency_seconds if self._applies(path) else 0.0

    def should_drop(self, path: str) -> bool:
        return self._countdown("drop_connection_next", path)

    def forced_rate_limit(self, path: str) -> bool:
        return self._countdown("rate_limit_next", path)

    def tokens_expired(self) -> bool:
        with self._lock:
            return self._settings.expire_tokens

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

    # SFTP and documents ----------------------------------------------------------------------

    def sftp_latency(self) -> float:
        with self._lock:
            return self._settings.sftp_latency_seconds

    def duplicate_delivery(self) -> bool:
        return self._countdown("duplicate_delivery_next")

    def malformation(self) -> str | None:
        with self._lock:
            if self._settings.malformed_next > 0:
                self._settings.malformed_next -= 1
                return self._settings.malformed_kind
            return None

    def ack_override(self) -> tuple[str, float] | None:
        """(missing, reject or late; late hours) for the sandbox's next own ack, if faulted."""
        if self._countdown("missing_ack_next"):
            return "missing", 0.0
        if self._countdown("reject_ack_next"):
            return "reject", 0.0
        if self._countdown("late_ack_next"):
            with self._lock:
                return "late", self._settings.late_ack_hours
        return None
