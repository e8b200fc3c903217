"""One Singer stream per Currents event family, read incrementally from `currents_url`."""

from __future__ import annotations

import typing as t

import fastavro
from singer_sdk import Stream
from typing_extensions import override

from tap_braze.currents.dedupe import SeenIds
from tap_braze.currents.families import FAMILIES, EventFamily
from tap_braze.currents.file_state import EventTypeProgress
from tap_braze.currents.layout import CurrentsLocation
from tap_braze.currents.records import converter_for

if t.TYPE_CHECKING:
    from singer_sdk import Tap
    from singer_sdk.helpers.types import Context

STATE_KEY = "currents_files"


class CurrentsStream(Stream):
    """Events of one family, each once per run, from files this stream has not read before.

    The bookmark on `time` is informative only: Currents files are ordered by the hour an event
    was queued, not by its `time`, so the files themselves are the state (see file_state.py).
    """

    primary_keys = ("id",)
    replication_key = "time"
    is_sorted = False

    def __init__(self, tap: Tap, family: EventFamily) -> None:
        self.family = family
        super().__init__(tap, schema=family.schema(), name=family.stream_name)

    @override
    def get_records(self, context: Context | None) -> t.Iterable[dict[str, t.Any]]:
        url = self.config.get("currents_url")
        if not url:
            self.logger.warning("Skipping stream '%s': 'currents_url' is not set", self.name)
            return
        location = CurrentsLocation(url)
        saved: dict[str, t.Any] = dict(self.stream_state.get(STATE_KEY) or {})
        seen = SeenIds()
        try:
            yield from self._records(location, saved, seen)
        finally:
            seen.close()

    def _records(
        self, location: CurrentsLocation, saved: dict[str, t.Any], seen: SeenIds
    ) -> t.Iterator[dict[str, t.Any]]:
        for event_type, folders in location.event_type_folders(self.family.includes).items():
            progress = EventTypeProgress(saved.get(event_type))
            convert = converter_for(self.family, event_type)
            first_time = seen.first_time  # looked up once: this loop runs per event
            for currents_file in location.files_since(event_type, folders, progress.list_from_hour):
                if progress.already_read(currents_file.key):
                    continue
                with location.fs.open(currents_file.path, "rb") as handle:
                    for raw in fastavro.reader(handle):
                        if first_time(raw["id"]):
                            yield convert(raw)
                # Every record of the file has been written by now: the file can count as read.
                progress.mark_read(currents_file.hour, currents_file.key)
                saved[event_type] = progress.to_state()
                self.stream_state[STATE_KEY] = dict(saved)


def currents_streams(tap: Tap) -> list[CurrentsStream]:
    return [CurrentsStream(tap, family) for family in FAMILIES]
