"""What every Braze sink shares: records become items, items become requests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from singer_sdk import BatchSink
from singer_sdk.helpers._typing import (
    get_datelike_property_type,
    handle_invalid_timestamp_in_record,
)
from singer_sdk.helpers.conform import DatetimeErrorTreatmentEnum
from singer_sdk.sinks.core import BaseJSONSchemaValidator
from typing_extensions import override

from target_braze.client import BrazeReply
from target_braze.delivery import Endpoint, Item, Request
from target_braze.records import digest
from target_braze.validation import CompiledSchemaValidator

if TYPE_CHECKING:
    from target_braze.runtime import Runtime
    from target_braze.target import TargetBraze

USER_IDENTIFIERS = ("external_id", "user_alias", "braze_id", "email", "phone")
# What Sink._remove_sdc_metadata_from_record removes (singer-sdk 0.54).
_SDC_METADATA_COLUMNS = frozenset(
    {
        "_sdc_extracted_at",
        "_sdc_received_at",
        "_sdc_batched_at",
        "_sdc_deleted_at",
        "_sdc_sequence",
        "_sdc_table_version",
        "_sdc_sync_started_at",
    }
)
Wave = list[tuple[Endpoint, list[Item]]]


class InvalidRecordError(ValueError):
    """A record that cannot become a Braze object; it goes to dead letters with this reason."""


def as_object(value: Any, column: str) -> dict[str, Any] | None:
    """An object column, also when the warehouse hands it over as JSON text."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            msg = f"'{column}' is not a JSON object"
            raise InvalidRecordError(msg) from None
    if not isinstance(value, dict):
        msg = f"'{column}' must be an object"
        raise InvalidRecordError(msg)
    return value


def require(record: dict[str, Any], *columns: str) -> None:
    missing = [c for c in columns if record.get(c) in (None, "")]
    if missing:
        msg = f"missing required field(s): {', '.join(missing)}"
        raise InvalidRecordError(msg)


def user_identifier(record: dict[str, Any]) -> dict[str, Any]:
    """The one identifier Braze should match the user by."""
    for column in USER_IDENTIFIERS:
        value = record.get(column)
        if value not in (None, ""):
            if column == "user_alias":
                value = as_object(value, column)
            return {column: value}
    msg = f"no user identifier: one of {', '.join(USER_IDENTIFIERS)} is required"
    raise InvalidRecordError(msg)


@dataclass
class BatchEndpoint:
    """A Braze endpoint that takes up to `max_items` objects in one body."""

    family: str
    method: str
    path: str
    max_items: int
    body: Callable[[Sequence[Item]], dict[str, Any]]

    def chunks(self, items: Sequence[Item]) -> list[list[Item]]:
        return [list(items[n : n + self.max_items]) for n in range(0, len(items), self.max_items)]

    def build(self, items: Sequence[Item]) -> Request:
        return Request(self.method, self.path, self.body(items))

    def rejected(self, items: Sequence[Item], reply: BrazeReply) -> dict[int, str]:
        # Outside /users/track, Braze refuses a request whole (400) rather than per object.
        return {}


class BrazeSink(BatchSink):
    """A batch of records is delivered when the SDK drains the sink."""

    kind: ClassVar[str]

    def __init__(
        self,
        target: TargetBraze,
        stream_name: str,
        schema: dict,
        key_properties: Sequence[str] | None,
    ) -> None:
        super().__init__(target, stream_name, schema, key_properties)
        self.runtime: Runtime = target.runtime
        self.message_key_field: str = self.config.get("message_key_field") or "message_key"
        # Which top-level columns are dates, worked out once per schema instead of per field
        # of every record (what the SDK's _parse_timestamps_in_record does).
        self._datelike_schema = self.schema
        self._datelike = _datelike_columns(self.schema)
        self._key_properties_list = list(self.key_properties)
        self.runtime.register(self)

    @override
    def _remove_sdc_metadata_from_record(self, record: dict) -> None:
        # The SDK pops seven metadata columns from every record; most records have none.
        if not _SDC_METADATA_COLUMNS.isdisjoint(record):
            super()._remove_sdc_metadata_from_record(record)

    @override
    def get_validator(self) -> BaseJSONSchemaValidator | None:
        if not self.validate_schema:
            return None
        return CompiledSchemaValidator(self.schema)

    @override
    def _parse_timestamps_in_record(
        self, record: dict, schema: dict, treatment: DatetimeErrorTreatmentEnum
    ) -> None:
        """The SDK's parsing of date columns, with the date columns known in advance.

        As in the SDK, top-level date, time and date-time strings become Python values, and
        `datetime_error_treatment` handles the unparsable; a field the schema does not know is
        warned about once. A date-time without an offset is taken as UTC, as Braze would.
        """
        if schema is not self._datelike_schema:
            self._datelike_schema = schema
            self._datelike = _datelike_columns(schema)
        datelike = self._datelike
        properties = schema["properties"]
        for key, value in record.items():
            kind = datelike.get(key)
            if kind is None:
                if (
                    value is not None
                    and key not in properties
                    and not schema.get("additionalProperties", False)
                    and key not in self._warned_missing_fields
                ):
                    self.logger.warning("No schema for record field '%s'", key)
                    self._warned_missing_fields.add(key)
                continue
            if value is None:
                continue
            try:
                if kind == "date-time":
                    parsed: Any = dt.datetime.fromisoformat(value)
                    if parsed.tzinfo is None:
                        parsed = parsed.replace(tzinfo=dt.UTC)
                elif kind == "date":
                    parsed = dt.date.fromisoformat(value)
                else:
                    parsed = dt.time.fromisoformat(value)
            except ValueError as ex:
                parsed = handle_invalid_timestamp_in_record(
                    record, [key], value, kind, ex, treatment, self.logger
                )
            record[key] = parsed

    @override
    def process_batch(self, context: dict) -> None:
        self.runtime.deliver([(self, context.get("records", []))])

    # What each kind defines ---------------------------------------------------------------

    def prepare(self, record: dict[str, Any]) -> Item:
        """The record as a Braze object, or InvalidRecordError."""
        raise NotImplementedError

    def plan(self, items: list[Item]) -> list[Wave]:
        """Waves of requests; the requests of one wave may run concurrently."""
        wave: Wave = []
        for group, grouped in _groups(items).items():
            endpoint = self.endpoint(group)
            wave.extend((endpoint, chunk) for chunk in endpoint.chunks(grouped))
        return [wave] if wave else []

    def endpoint(self, group: tuple[Any, ...]) -> Endpoint:
        raise NotImplementedError

    def before_sending(self, items: list[Item]) -> None:
        """A chance to prepare Braze (a missing catalog) before the first request."""

    def message_ids(self, record: dict[str, Any]) -> list[tuple[str, str]]:
        """(campaign|canvas, id) pairs the record will use: the send guard checks them."""
        return []

    # Helpers --------------------------------------------------------------------------------

    def item(
        self,
        record: dict[str, Any],
        payload: dict[str, Any],
        *,
        group: tuple[Any, ...] = (),
        tracked: bool = True,
        **extra: Any,
    ) -> Item:
        """An item keyed by the record's message key, or by a hash of what Braze gets."""
        message_key = record.get(self.message_key_field)
        ledger_key = None
        if tracked:
            if message_key not in (None, ""):
                ledger_key = str(message_key)  # the ledger keeps only a digest of it
            else:
                ledger_key = digest([self.kind, group, payload])[:40]
        return Item(
            stream=self.stream_name,
            kind=self.kind,
            record=record,
            payload=payload,
            schema=self.original_schema,
            key_properties=self._key_properties_list,
            message_key=None if message_key is None else str(message_key),
            ledger_key=ledger_key,
            group=group,
            **extra,
        )


def _datelike_columns(schema: dict[str, Any]) -> dict[str, str]:
    return {
        column: kind
        for column, property_schema in (schema.get("properties") or {}).items()
        if (kind := get_datelike_property_type(property_schema))
    }


def _groups(items: list[Item]) -> dict[tuple[Any, ...], list[Item]]:
    grouped: dict[tuple[Any, ...], list[Item]] = {}
    for item in items:
        grouped.setdefault(item.group, []).append(item)
    return grouped
