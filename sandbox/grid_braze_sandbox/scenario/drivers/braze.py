"""The Braze side, through the emulator's real REST API (and `/_sandbox` where Braze has none)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import fastavro

from grid_braze_sandbox.scenario.drivers.http import HttpError, call
from grid_braze_sandbox.scenario.model import key_time

CUSTOM_EVENT_FOLDER = "event_type=users.behaviors.CustomEvent"
RATE_LIMIT_RETRIES = 20


class LiveBraze:
    def __init__(self, settings: dict[str, str]) -> None:
        self.url = settings["api_url"].rstrip("/")
        self.headers = {"Authorization": f"Bearer {settings['api_key']}"}
        self.currents_root = Path(unquote(urlparse(settings["currents_url"]).path))

    def create_messages(self, campaigns: list[str], canvases: list[str]) -> None:
        call("POST", f"{self.url}/_sandbox/campaigns", [{"name": n} for n in campaigns])
        call("POST", f"{self.url}/_sandbox/canvases", [{"name": n} for n in canvases])

    def track(
        self,
        attributes: list[dict[str, Any]],
        events: list[dict[str, Any]],
        purchases: list[dict[str, Any]],
    ) -> None:
        body = {
            name: objects
            for name, objects in (
                ("attributes", attributes),
                ("events", events),
                ("purchases", purchases),
            )
            if objects
        }
        for _attempt in range(RATE_LIMIT_RETRIES):
            try:
                answer = call("POST", f"{self.url}/users/track", body, self.headers)
            except HttpError as error:
                if error.status != 429:
                    raise
                time.sleep(0.5)  # the users_track window is 3 s; wait for it to roll over
                continue
            if answer.get("errors"):
                raise RuntimeError(f"Braze refused scenario objects: {answer['errors'][:3]}")
            return
        raise RuntimeError("Braze kept answering 429 to the scenario's /users/track")

    def survey_event_ids(self) -> dict[tuple[str, str, str], str]:
        call("POST", f"{self.url}/_sandbox/currents/flush", {})
        found: dict[tuple[str, str, str], str] = {}
        for path in sorted(self.currents_root.rglob("*.avro")):
            if CUSTOM_EVENT_FOLDER not in path.as_posix():
                continue
            with path.open("rb") as handle:
                for record in fastavro.reader(handle):
                    if record.get("name") != "survey_response":
                        continue
                    properties = json.loads(record.get("properties") or "{}")
                    moment = datetime.fromtimestamp(record["time"], UTC)
                    identity = (
                        str(record["external_user_id"]),
                        key_time(moment),
                        str(properties.get("order_id")),
                    )
                    # Currents may deliver an event twice; the first id is the event's.
                    found.setdefault(identity, str(record["id"]))
        return found
