"""One comparable shape per Braze message, whether the manifest expects it or Braze received it.

A message is (stream, payload): the payload holds exactly what Braze acts on for that stream
(recipient, campaign or Canvas id, properties, event name and time, attributes, catalog item), so
the manifest's rows and the requests Braze logged compare field for field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# Per stream, the manifest's columns that reach Braze (sandbox README, The manifest). flow,
# message_key and ready_at never reach Braze (target-braze README).
PAYLOAD_COLUMNS = {
    "campaign_triggers": ("campaign_id", "external_id", "trigger_properties"),
    "canvas_triggers": ("canvas_id", "external_id", "canvas_entry_properties"),
    "events": ("external_id", "name", "time", "properties"),
    "user_attributes": (
        "external_id", "order_delayed", "delayed_order_id", "revised_delivery_date",
    ),
    "catalog_items": (
        "catalog_name", "id", "status", "available_qty", "restock_date", "source_partner",
        "updated_at",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Message:
    stream: str
    payload: dict[str, Any]
    flow: str
    message_key: str = ""  # known for expected messages
    received_at: str = ""  # the sandbox's simulated time, for received ones

    @property
    def identity(self) -> str:
        """Equal for two messages exactly when Braze would act the same on both."""
        return self.stream + " " + json.dumps(_normal(self.payload), sort_keys=True)


def _normal(value: Any) -> Any:
    # 12 and 12.0 are the same number to Braze; JSON text in a column is the object it holds.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normal(item) for item in value]
    return value


def _flow_number(flow: object) -> str:
    # Flow 7's halves (7a, 7b) are one row of the report.
    text = str(flow or "?")
    return "7" if text in ("7a", "7b") else text


def expected_messages(manifest: dict, streams: tuple[str, ...]) -> list[Message]:
    messages = []
    for stream in streams:
        for key, row in manifest["marts"].get(stream, {}).items():
            payload = {column: row.get(column) for column in PAYLOAD_COLUMNS[stream]}
            messages.append(Message(stream, payload, _flow_number(row.get("flow")), key))
    return messages
