"""Building Singer input, running the target, and reading the sandbox's recorded state."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from contextlib import redirect_stdout
from dataclasses import dataclass
from typing import Any

import requests

from target_braze.target import TargetBraze

STRING = {"type": ["string", "null"]}
INTEGER = {"type": ["integer", "null"]}
NUMBER = {"type": ["number", "null"]}
BOOLEAN = {"type": ["boolean", "null"]}
OBJECT = {"type": ["object", "null"]}
DATETIME = {"type": ["string", "null"], "format": "date-time"}

STREAM_SCHEMAS: dict[str, dict[str, Any]] = {
    "user_attributes": {
        "external_id": STRING,
        "tier": STRING,
        "region": STRING,
        "counter": INTEGER,
        "order_delayed": BOOLEAN,
        "message_key": STRING,
        "flow": STRING,
        "ready_at": DATETIME,
    },
    "events": {
        "external_id": STRING,
        "name": STRING,
        "time": DATETIME,
        "properties": OBJECT,
        "message_key": STRING,
        "flow": STRING,
        "ready_at": DATETIME,
    },
    "purchases": {
        "external_id": STRING,
        "product_id": STRING,
        "currency": STRING,
        "price": NUMBER,
        "quantity": INTEGER,
        "time": DATETIME,
        "properties": OBJECT,
        "message_key": STRING,
    },
    "campaign_triggers": {
        "external_id": STRING,
        "campaign_id": STRING,
        "trigger_properties": OBJECT,
        "send_to_existing_only": BOOLEAN,
        "attributes": OBJECT,
        "message_key": STRING,
        "flow": STRING,
        "ready_at": DATETIME,
    },
    "canvas_triggers": {
        "external_id": STRING,
        "canvas_id": STRING,
        "canvas_entry_properties": OBJECT,
        "message_key": STRING,
        "flow": STRING,
        "ready_at": DATETIME,
    },
    "catalog_items": {
        "catalog_name": STRING,
        "id": STRING,
        "status": STRING,
        "available_qty": INTEGER,
        "restock_date": STRING,
        "source_partner": STRING,
        "updated_at": DATETIME,
        "_deleted": BOOLEAN,
        "message_key": STRING,
        "flow": STRING,
        "ready_at": DATETIME,
    },
    "subscription_states": {
        "subscription_group_id": STRING,
        "subscription_state": STRING,
        "external_id": STRING,
        "email": STRING,
        "message_key": STRING,
    },
    "user_deletes": {"external_id": STRING, "braze_id": STRING, "message_key": STRING},
    "user_aliases": {
        "alias_name": STRING,
        "alias_label": STRING,
        "external_id": STRING,
        "message_key": STRING,
    },
}


def schema_message(stream: str, kind: str | None = None) -> dict[str, Any]:
    properties = STREAM_SCHEMAS[kind or stream]
    return {
        "type": "SCHEMA",
        "stream": stream,
        "key_properties": [],
        "schema": {"type": "object", "properties": properties},
    }


def record_message(stream: str, record: dict[str, Any]) -> dict[str, Any]:
    return {"type": "RECORD", "stream": stream, "record": record}


def state_message(value: Any) -> dict[str, Any]:
    return {"type": "STATE", "value": value}


def singer_input(streams: dict[str, Iterable[dict[str, Any]]], state: Any = None) -> str:
    """SCHEMA messages first, then each stream's records, then an optional STATE."""
    lines = [schema_message(stream) for stream in streams]
    for stream, records in streams.items():
        lines.extend(record_message(stream, r) for r in records)
    if state is not None:
        lines.append(state_message(state))
    return "".join(json.dumps(line) + "\n" for line in lines)


@dataclass
class Run:
    target: TargetBraze
    state_messages: list[str]


def run_target(config: dict[str, Any], text: str) -> Run:
    """Run the target in this process on `text` (raises whatever the target raises)."""
    target = TargetBraze(config=config, validate_config=True)
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        target.listen(io.StringIO(text))
    states = [line for line in stdout.getvalue().splitlines() if line.strip()]
    return Run(target, states)


class SandboxView:
    """The sandbox's own record of what reached it, read over HTTP."""

    def __init__(self, url: str) -> None:
        self.url = url

    def get(self, endpoint: str, **params: Any) -> Any:
        response = requests.get(self.url + endpoint, params=params, timeout=30)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body: Any) -> Any:
        response = requests.post(self.url + path, json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    def users(self) -> dict[str, dict[str, Any]]:
        return {u["external_id"]: u for u in self.get("/_sandbox/users")["users"]}

    def all_users(self) -> list[dict[str, Any]]:
        return self.get("/_sandbox/users")["users"]

    def sends(self, kind: str | None = None) -> list[dict[str, Any]]:
        params = {"kind": kind} if kind else {}
        return self.get("/_sandbox/sends", **params)["sends"]

    def recipients(self, kind: str) -> list[dict[str, Any]]:
        return [r for s in self.sends(kind) if s["delivered"] for r in s["recipients"]]

    def catalogs(self) -> dict[str, dict[str, Any]]:
        return {c["name"]: c for c in self.get("/_sandbox/catalogs")["catalogs"]}

    def requests(self, path: str | None = None) -> list[dict[str, Any]]:
        params = {"path": path} if path else {}
        return self.get("/_sandbox/requests", **params)["requests"]

    def faults(self, **settings: Any) -> None:
        self.post("/_sandbox/faults", settings)

    def rate_limits(self, **families: dict[str, float]) -> None:
        self.post("/_sandbox/rate_limits", families)
