"""What a Currents stream remembers between runs, kept small.

Per event type: the newest queue hour read (the watermark) and the files read in it and in the
hour before, since Braze may still be adding files to an hour that has just ended. Older folders
are complete and are never listed again, so the state does not grow with history.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta

# The hours before the watermark whose files are remembered and listed again.
OPEN_HOURS = 1
HOUR_FORMAT = "%Y-%m-%d-%H"
BEGINNING = "0000-00-00-00"


def hours_before(hour: str, count: int) -> str:
    moment = datetime.strptime(hour, HOUR_FORMAT) - timedelta(hours=count)  # noqa: DTZ007
    return moment.strftime(HOUR_FORMAT)


class EventTypeProgress:
    """The watermark of one event type and the files read at or just below it."""

    def __init__(self, saved: dict[str, t.Any] | None) -> None:
        saved = saved or {}
        self.watermark: str | None = saved.get("watermark")
        self.files: set[str] = set(saved.get("files", []))

    @property
    def list_from_hour(self) -> str:
        """The oldest folder that can still hold a file this stream has not read."""
        return hours_before(self.watermark, OPEN_HOURS) if self.watermark else BEGINNING

    def already_read(self, key: str) -> bool:
        return key in self.files

    def mark_read(self, hour: str, key: str) -> None:
        self.files.add(key)
        if self.watermark is None or hour > self.watermark:
            self.watermark = hour

    def to_state(self) -> dict[str, t.Any]:
        keep_from = self.list_from_hour
        kept = sorted(k for k in self.files if _hour_of(k) >= keep_from)
        return {"watermark": self.watermark, "files": kept}


def _hour_of(key: str) -> str:
    for part in key.split("/"):
        if part.startswith("date="):
            return part.removeprefix("date=")
    return BEGINNING
