"""A driver that writes what it would send to files instead of sending it.

It keeps the phase runner testable without a sandbox, and its files are the "scenario files" whose
bytes the same seed must reproduce: `<dir>/braze.jsonl` (each request body), `<dir>/grid.jsonl`
(each admin call and clock move) and `<dir>/outbound/` (our 850 interchanges).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from grid_braze_sandbox.scenario.model import key_time


def _line(kind: str, body: Any) -> str:
    return json.dumps({"call": kind, "body": body}, sort_keys=True, ensure_ascii=False) + "\n"


class RecordingBraze:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "braze.jsonl"

    def _write(self, kind: str, body: Any) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(_line(kind, body))

    def create_messages(self, campaigns: list[str], canvases: list[str]) -> None:
        self._write("messages", {"campaigns": campaigns, "canvases": canvases})

    def track(
        self,
        attributes: list[dict[str, Any]],
        events: list[dict[str, Any]],
        purchases: list[dict[str, Any]],
    ) -> None:
        self._write("track", {"attributes": attributes, "events": events, "purchases": purchases})

    def survey_event_ids(self) -> dict[tuple[str, str, str], str]:
        return {}


class RecordingGrid:
    def __init__(self, folder: Path, clock: datetime) -> None:
        self.folder = folder
        (folder / "outbound").mkdir(parents=True, exist_ok=True)
        self.path = folder / "grid.jsonl"
        self.clock = clock

    def _write(self, kind: str, body: Any) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(_line(kind, body))

    def now(self) -> datetime:
        return self.clock

    def move_clock(self, moment: datetime) -> None:
        self.clock = moment
        self._write("clock", key_time(moment))

    def register_partners(self, partners: list[dict[str, Any]]) -> None:
        self._write("partners", partners)

    def set_behaviour(self, address: str, behaviour: str) -> None:
        self._write("behaviour", {"address": address, "behaviour": behaviour})

    def upload_outbound(self, filename: str, content: str) -> None:
        (self.folder / "outbound" / filename).write_text(content, encoding="utf-8")
        self._write("outbound", filename)

    def partner_document(self, body: dict[str, Any]) -> None:
        self._write("document", body)

    def community(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        self._write("community", {"method": method, "path": path, "body": body})
        return {}
