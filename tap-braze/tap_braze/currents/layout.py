"""Finding Currents files in any fsspec location.

Currents writes (reference §7.1)
`<prefix>/dataexport.<cluster>.<conn>.integration.<id>/event_type=<type>/date=<YYYY-MM-DD-HH>/
<schema-id>/<zone>/<name>.avro`, where `date` is the UTC hour the event was queued.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import fsspec

EVENT_TYPE_FOLDER = re.compile(r"/event_type=([^/]+)$")
HOUR_FOLDER = re.compile(r"/date=(\d{4}-\d{2}-\d{2}-\d{2})$")


@dataclass(frozen=True, order=True)
class CurrentsFile:
    event_type: str
    hour: str  # YYYY-MM-DD-HH, the folder's queue hour
    key: str  # the path below the Currents root: stable, and what the state remembers
    path: str  # the path the filesystem opens


class CurrentsLocation:
    def __init__(self, url: str) -> None:
        self.fs, root = fsspec.core.url_to_fs(url)
        self.root = root.rstrip("/")

    def event_type_folders(self, wanted: Callable[[str], bool]) -> dict[str, list[str]]:
        """Event type → its folders (one per integration that exports it)."""
        self.fs.invalidate_cache()
        found: dict[str, list[str]] = {}
        for folder in sorted(self.fs.glob(f"{self.root}/*/event_type=*")):
            match = EVENT_TYPE_FOLDER.search(folder.rstrip("/"))
            if match and wanted(match.group(1)):
                found.setdefault(match.group(1), []).append(folder.rstrip("/"))
        return found

    def files_since(self, event_type: str, folders: list[str], hour: str) -> Iterator[CurrentsFile]:
        """Files in hour folders from `hour` on, oldest hour first; partial writes excluded."""
        hours: list[tuple[str, str]] = []
        for folder in folders:
            for hour_folder in self.fs.ls(folder, detail=False):
                match = HOUR_FOLDER.search(hour_folder.rstrip("/"))
                if match and match.group(1) >= hour:
                    hours.append((match.group(1), hour_folder.rstrip("/")))
        for folder_hour, hour_folder in sorted(hours):
            for path in sorted(self.fs.find(hour_folder)):
                if path.endswith(".avro"):
                    key = path[len(self.root) :].lstrip("/")
                    yield CurrentsFile(event_type, folder_hour, key, path)
