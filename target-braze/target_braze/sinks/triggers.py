"""API-triggered campaigns and Canvases: one record is one recipient.

Recipients of one campaign (or Canvas) share a request, up to Braze's 50. `message_key`, `flow`
and `ready_at` stay here; the key makes each message go out at most once (DESIGN §6).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any, ClassVar

from typing_extensions import override

from target_braze.delivery import Endpoint, Item
from target_braze.kinds import CAMPAIGN_TRIGGERS, CANVAS_TRIGGERS
from target_braze.sinks.base import (
    BatchEndpoint,
    BrazeSink,
    InvalidRecordError,
    Wave,
    as_object,
    require,
)

MAX_RECIPIENTS = 50


def _recipient_identity(recipient: dict[str, Any]) -> Any:
    for key in ("external_user_id", "user_alias", "email"):
        if key in recipient:
            return [key, recipient[key]]
    return None


class TriggerSink(BrazeSink):
    id_column: ClassVar[str]
    message_type: ClassVar[str]  # "campaign" or "canvas"
    path: ClassVar[str]
    property_columns: ClassVar[tuple[str, ...]]
    recipient_property_key: ClassVar[str]

    @override
    def process_record(self, record: dict, context: dict) -> None:
        super().process_record(record, context)
        # Remembered as records arrive, so the guard checks every id before anything is sent.
        self.runtime.noticed(self, record)

    @override
    def message_ids(self, record: dict[str, Any]) -> list[tuple[str, str]]:
        value = record.get(self.id_column)
        return [(self.message_type, str(value))] if value not in (None, "") else []

    @override
    def prepare(self, record: dict[str, Any]) -> Item:
        require(record, self.id_column)
        recipient: dict[str, Any] = {}
        if record.get("external_id") not in (None, ""):
            recipient["external_user_id"] = str(record["external_id"])
        elif record.get("user_alias") not in (None, ""):
            recipient["user_alias"] = as_object(record["user_alias"], "user_alias")
        elif record.get("email") not in (None, ""):
            recipient["email"] = record["email"]
            if record.get("prioritization"):
                recipient["prioritization"] = record["prioritization"]
        else:
            msg = "no recipient: external_id, user_alias or email is required"
            raise InvalidRecordError(msg)
        for column in self.property_columns:
            properties = as_object(record.get(column), column)
            if properties:
                recipient[self.recipient_property_key] = properties
                break
        if record.get("send_to_existing_only") is not None:
            recipient["send_to_existing_only"] = bool(record["send_to_existing_only"])
        attributes = as_object(record.get("attributes"), "attributes")
        if attributes:
            recipient["attributes"] = attributes
        return self.item(
            record, recipient, group=(str(record[self.id_column]),), counts_as_send=True
        )

    @override
    def plan(self, items: list[Item]) -> list[Wave]:
        # Braze gives a recipient listed twice in one request a single message, so the n-th
        # message to one recipient of one campaign goes out in the n-th wave of requests.
        seen: Counter[str] = Counter()
        waves: list[list[Item]] = []
        for item in items:
            recipient = json.dumps([item.group, _recipient_identity(item.payload)])
            wave = seen[recipient]
            seen[recipient] += 1
            while len(waves) <= wave:
                waves.append([])
            waves[wave].append(item)
        planned: list[Wave] = []
        for wave in waves:
            planned.extend(super().plan(wave))
        return planned

    @override
    def endpoint(self, group: tuple[Any, ...]) -> Endpoint:
        message_id = group[0]
        id_column = self.id_column

        def body(items: Sequence[Item]) -> dict[str, Any]:
            return {id_column: message_id, "recipients": [i.payload for i in items]}

        # Sends to listed recipients share the default pool (broadcasts have their own).
        return BatchEndpoint("default", "POST", self.path, MAX_RECIPIENTS, body)


class CampaignTriggerSink(TriggerSink):
    kind = CAMPAIGN_TRIGGERS
    id_column = "campaign_id"
    message_type = "campaign"
    path = "/campaigns/trigger/send"
    property_columns = ("trigger_properties",)
    recipient_property_key = "trigger_properties"


class CanvasTriggerSink(TriggerSink):
    kind = CANVAS_TRIGGERS
    id_column = "canvas_id"
    message_type = "canvas"
    path = "/canvas/trigger/send"
    # Braze's current name is `context`; older clients and DESIGN §10 say canvas_entry_properties.
    property_columns = ("canvas_entry_properties", "context")
    recipient_property_key = "context"
