"""What the Braze and Trading Grid emulators' fault switches share: settings read from JSON, a
lock, seeded dice, and the path filter. Each emulator adds the faults it can raise."""

from __future__ import annotations

import random
import threading
from dataclasses import asdict
from typing import Any, ClassVar, Generic, TypeVar

SERVER_ERROR_STATUSES = (500, 502, 503, 504)

Settings = TypeVar("Settings")


def settings_from_json(settings_type: type[Settings], body: dict[str, Any]) -> Settings:
    """Build fault settings from a request body, refusing names the emulator does not know."""
    unknown = set(body) - set(settings_type.__dataclass_fields__)
    if unknown:
        raise ValueError(f"unknown fault settings: {sorted(unknown)}")
    return settings_type(**body)


class SwitchableFaults(Generic[Settings]):
    """The active fault settings and the seeded dice they roll."""

    settings_type: ClassVar[type]

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._settings: Settings = self.settings_type()
        self._random = random.Random(0)
        self._error_cycle = 0

    def configure(self, settings: Settings) -> None:
        with self._lock:
            self._settings = settings
            self._random = random.Random(settings.seed)
            self._error_cycle = 0

    def clear(self) -> None:
        self.configure(self.settings_type())

    def describe(self) -> dict[str, Any]:
        with self._lock:
            return asdict(self._settings)

    def _applies(self, path: str) -> bool:
        paths = self._settings.paths
        return not paths or any(path.startswith(prefix) for prefix in paths)
