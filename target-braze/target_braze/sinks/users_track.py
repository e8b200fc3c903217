"""User attributes, custom events and purchases: all three through /users/track.

Braze takes up to 75 attributes, 75 events and 75 purchases in one request (the newer "MAU"
contracts: 50 objects combined), so the three sinks pack their records together: a drain of one
takes the waiting records of the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from typing_extensions import override

from target_braze.client import BrazeReply
from target_braze.delivery import Item, Request
from target_braze.kinds import EVENTS, PURCHASES, USER_ATTRIBUTES
from target_braze.records import braze_fields, digest, dumps
from target_braze.sinks.base import (
    BrazeSink,
    InvalidRecordError,
    as_object,
    require,
    user_identifier,
)

BRAZE_MAX_PER_ARRAY = 75
ARRAYS = ("attributes", "events", "purchases")
ARRAY_OF_KIND = {USER_ATTRIBUTES: "attributes", EVENTS: "events", PURCHASES: "purchases"}


@dataclass
class UsersTrackEndpoint:
    per_array: int
    combined: int
    family: str = "users_track"

    @classmethod
    def from_setting(cls, max_objects_per_request: int) -> UsersTrackEndpoint:
        """75 means 75 of each; anything lower is the combined cap of the newer contracts."""
        if max_objects_per_request >= BRAZE_MAX_PER_ARRAY:
            return cls(BRAZE_MAX_PER_ARRAY, 3 * BRAZE_MAX_PER_ARRAY)
        cap = max(1, max_objects_per_request)
        return cls(cap, cap)

    def chunks(self, items: Sequence[Item]) -> list[list[Item]]:
        queues = {name: [i for i in items if i.input_array == name] for name in ARRAYS}
        chunks: list[list[Item]] = []
        while any(queues.values()):
            chunk: list[Item] = []
            for name in ARRAYS:
                room = min(self.per_array, self.combined - len(chunk))
                chunk.extend(queues[name][:room])
                del queues[name][:room]
            chunks.append(chunk)
        return chunks

    def build(self, items: Sequence[Item]) -> Request:
        body: dict[str, Any] = {}
        for item in items:
            body.setdefault(item.input_array, []).append(item.payload)
        return Request("POST", "/users/track", body)

    def rejected(self, items: Sequence[Item], reply: BrazeReply) -> dict[int, str]:
        """Map `errors: [{type, input_array, index}]` back to the items of the request."""
        errors = reply.body.get("errors")
        if not errors:
            return {}
        positions: dict[tuple[str, int], int] = {}
        counters = dict.fromkeys(ARRAYS, 0)
        for position, item in enumerate(items):
            array = item.input_array or ""
            positions[array, counters[array]] = position
            counters[array] += 1
        rejected: dict[int, str] = {}
        for error in errors:
            if not isinstance(error, dict):
                continue
            position = positions.get((str(error.get("input_array")), error.get("index", -1)))
            if position is not None:
                rejected[position] = str(error.get("type") or "rejected")
        return rejected


class UsersTrackSink(BrazeSink):
    """Shared by the three kinds; each prepares its own objects.

    The three sinks hand their records over together, every `users_track_drain_size` records
    (a full request for every slot), and the runtime's packer sends them as slots free up,
    packing attributes, events and purchases that wait at the same time into one request.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read once: `config` builds a new read-only view at every access.
        self._update_existing_only = bool(self.config.get("update_existing_only"))
        self._merge_objects = bool(self.config.get("merge_objects"))

    @property
    @override
    def is_full(self) -> bool:
        return self.runtime.users_track_waiting >= self.runtime.users_track_drain_size

    @override
    def process_record(self, record: dict, context: dict) -> None:
        super().process_record(record, context)
        self.runtime.users_track_waiting += 1

    @override
    def process_batch(self, context: dict) -> None:
        batches = [(self, context.get("records", []))]
        # With the records the sibling sinks hold: they may share requests.
        siblings = [
            sink
            for sink in self.runtime.active_sinks()
            if isinstance(sink, UsersTrackSink) and sink is not self and sink.current_size
        ]
        taken = []
        for sibling in siblings:
            sibling_context = sibling.start_drain()
            taken.append(sibling)
            batches.append((sibling, sibling_context.get("records", [])))
        self.runtime.users_track_waiting = 0  # every waiting record is in this delivery
        self.runtime.deliver(batches)
        for sibling in taken:
            sibling.mark_drained()

    def _flags(self, payload: dict[str, Any]) -> dict[str, Any]:
        if self._update_existing_only:
            payload["_update_existing_only"] = True
        return payload


class UserAttributeSink(UsersTrackSink):
    kind = USER_ATTRIBUTES

    @override
    def prepare(self, record: dict[str, Any]) -> Item:
        # Nulls stay: in an attribute update, null removes the attribute.
        payload = braze_fields(record, self.message_key_field, keep_nulls=True)
        identifier = user_identifier(payload)
        if "user_alias" in identifier:
            payload["user_alias"] = identifier["user_alias"]
        self._flags(payload)
        if self._merge_objects:
            payload["_merge_objects"] = True
        return self.item(
            record,
            payload,
            tracked=False,  # attributes are idempotent; the ledger keeps their hash instead
            input_array="attributes",
            identity=dumps(identifier),
            value_hash=digest(payload)[:40],
        )


class EventSink(UsersTrackSink):
    kind = EVENTS

    @override
    def prepare(self, record: dict[str, Any]) -> Item:
        payload = braze_fields(record, self.message_key_field)
        require(payload, "name", "time")
        user_identifier(payload)
        if "properties" in payload:
            payload["properties"] = as_object(payload["properties"], "properties")
        return self.item(record, self._flags(payload), input_array="events")


class PurchaseSink(UsersTrackSink):
    kind = PURCHASES

    @override
    def prepare(self, record: dict[str, Any]) -> Item:
        payload = braze_fields(record, self.message_key_field)
        require(payload, "product_id", "currency", "price", "time")
        user_identifier(payload)
        if "properties" in payload:
            payload["properties"] = as_object(payload["properties"], "properties")
        if isinstance(payload.get("price"), str):
            try:
                payload["price"] = float(payload["price"])
            except ValueError:
                msg = "'price' is not a number"
                raise InvalidRecordError(msg) from None
        return self.item(record, self._flags(payload), input_array="purchases")
