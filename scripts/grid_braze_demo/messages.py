"""One comparable shape per message, whether the manifest expects it or Braze or the Trading Grid
received it.

A message is (stream, payload): the payload holds exactly what Braze acts on for that stream
(recipient, campaign or Canvas id, properties, event name and time, attributes, catalog item), so
the manifest's rows and the requests Braze logged compare field for field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .partner_profiles import DemandDocument

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
# What a product activity report (852 / SLSRPT) tells the partner of one demand cell.
DEMAND_COLUMNS = (
    "partner_id", "period_start", "sku", "region", "abandoned_carts", "cart_adds", "clicks",
    "units_purchased", "views",
)  # fmt: skip
# What a planning schedule (830 / DELFOR) tells the partner of one cell (and spike_level).
SCHEDULE_COLUMNS = ("partner_id", "period_start", "sku", "region", "baseline", "spike")
CASE_UPDATE_COLUMNS = (
    "partner_id", "case_id", "category", "score", "po_number", "order_id", "comment", "origin",
)  # fmt: skip


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


def flow_number(flow: object) -> str:
    """The report's row for a mart row's `flow`: flow 7's halves (7a, 7b) are one row, and our
    functional acknowledgements (fa) one more."""
    text = str(flow or "?")
    return {"7a": "7", "7b": "7", "fa": "FA"}.get(text, text)


def expected_grid_messages(
    manifest: dict, demand_documents: dict[str, DemandDocument]
) -> list[Message]:
    """The manifest's Trading Grid rows, in the shape grid_received reads back from what the
    Grid received: only what reaches the partner (an 852 or SLSRPT carries the activity and no
    baseline; an 830 the baseline and the spike; an X12 997 names the group and not the
    interchange)."""
    marts = manifest["marts"]
    messages = []
    for key, row in marts.get("demand_signals", {}).items():
        document = demand_documents.get(row.get("partner_id"))
        if document is not None and document.schedule:
            payload = {column: row.get(column) for column in SCHEDULE_COLUMNS}
            # Quantities go out rounded to four decimals (target-trading-grid README).
            payload["baseline"] = round(float(payload["baseline"] or 0), 4)
            level = row.get("views") if row.get("spike") and document.x12 else None
            payload["spike_level"] = level
        else:
            payload = {column: row.get(column) for column in DEMAND_COLUMNS}
        messages.append(Message("demand_signals", payload, "4", key))
    for key, row in marts.get("functional_acks", {}).items():
        x12 = row.get("group_control_number") is not None
        payload = {
            "partner_id": row.get("partner_id"),
            "functional_id_code": row.get("functional_id_code"),
            "group_control_number": row.get("group_control_number"),
            "interchange_control_number": None if x12 else row.get("interchange_control_number"),
            "group_status": row.get("group_status"),
            "sets": sorted(
                [s.get("set_code"), s.get("set_control_number"), s.get("status")]
                for s in row.get("set_acknowledgements") or []
            ),
        }
        messages.append(Message("functional_acks", payload, "FA", key))
    for key, row in marts.get("partner_case_updates", {}).items():
        payload = {column: row.get(column) for column in CASE_UPDATE_COLUMNS}
        if payload["case_id"] is not None:
            payload["partner_id"] = None  # the case names its partner; the comment does not
        messages.append(Message("partner_case_updates", payload, "7", key))
    return messages


def expected_messages(manifest: dict, streams: tuple[str, ...]) -> list[Message]:
    messages = []
    for stream in streams:
        for key, row in manifest["marts"].get(stream, {}).items():
            payload = {column: row.get(column) for column in PAYLOAD_COLUMNS[stream]}
            messages.append(Message(stream, payload, flow_number(row.get("flow")), key))
    return messages
