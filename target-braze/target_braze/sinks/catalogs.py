"""Catalog items: upserted (PUT, which creates missing items) and deleted, 50 per request.

Each row names its catalog in `catalog_name`. A catalog that does not exist yet is created from
the stream's schema before its first items go out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from typing_extensions import override

from target_braze.delivery import Endpoint, Item
from target_braze.kinds import CATALOG_ITEMS, is_never_sent
from target_braze.records import braze_fields
from target_braze.sinks.base import BatchEndpoint, BrazeSink, InvalidRecordError, require

MAX_ITEMS = 50
UPSERT = "upsert"
DELETE = "delete"


def catalog_field_type(schema: dict[str, Any]) -> str:
    """The Braze catalog type of a JSON Schema property."""
    types = schema.get("type", "string")
    types = [types] if isinstance(types, str) else [t for t in types if t != "null"]
    first = types[0] if types else "string"
    if first == "string" and schema.get("format") in ("date-time", "date"):
        return "time"
    return {
        "integer": "number",
        "number": "number",
        "boolean": "boolean",
        "object": "object",
        "array": "array",
    }.get(first, "string")


def catalog_fields(schema: dict[str, Any], message_key_field: str) -> list[dict[str, str]]:
    """`id` first (Braze requires it), then every column Braze may see."""
    fields = [{"name": "id", "type": "string"}]
    for name, prop in (schema.get("properties") or {}).items():
        if name in ("id", "catalog_name") or is_never_sent(name, message_key_field):
            continue
        fields.append({"name": name, "type": catalog_field_type(prop)})
    return fields


class CatalogItemSink(BrazeSink):
    kind = CATALOG_ITEMS

    @override
    def prepare(self, record: dict[str, Any]) -> Item:
        require(record, "catalog_name", "id")
        catalog = str(record["catalog_name"])
        item_id = record["id"]
        if not isinstance(item_id, str | int):
            msg = "'id' must be a string"
            raise InvalidRecordError(msg)
        # `_deleted` (or the SDK's `_sdc_deleted_at`) removes the item.
        deleted = record.get("_deleted") is True or record.get("_sdc_deleted_at") is not None
        if deleted:
            return self.item(record, {"id": str(item_id)}, group=(catalog, DELETE))
        payload = braze_fields(
            record, self.message_key_field, drop=frozenset({"catalog_name"}), keep_nulls=True
        )
        payload["id"] = str(item_id)
        return self.item(record, payload, group=(catalog, UPSERT))

    @override
    def before_sending(self, items: list[Item]) -> None:
        for catalog in dict.fromkeys(i.group[0] for i in items if i.group[1] == UPSERT):
            self.runtime.ensure_catalog(
                self.stream_name, catalog, catalog_fields(self.schema, self.message_key_field)
            )

    @override
    def endpoint(self, group: tuple[Any, ...]) -> Endpoint:
        catalog, operation = group

        def body(items: Sequence[Item]) -> dict[str, Any]:
            return {"items": [i.payload for i in items]}

        method = "DELETE" if operation == DELETE else "PUT"
        return BatchEndpoint(
            "catalog_items_async", method, f"/catalogs/{catalog}/items", MAX_ITEMS, body
        )
