"""Catalogs and their items (reference §4): both in 50-a-minute families."""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th
from typing_extensions import override

from tap_braze.client import BrazeStream
from tap_braze.paginated import LinkCursorStream

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context


class CatalogsStream(BrazeStream):
    name = "catalogs"
    path = "/catalogs"
    permission = "catalogs.get"
    rate_limit_family = "catalogs_management"
    primary_keys = ("name",)
    records_jsonpath = "$.catalogs[*]"
    schema = th.PropertiesList(
        th.Property("name", th.StringType(), required=True),
        th.Property("description", th.StringType(nullable=True)),
        th.Property(
            "fields",
            th.ArrayType(
                th.ObjectType(
                    th.Property("name", th.StringType()), th.Property("type", th.StringType())
                )
            ),
        ),
        th.Property("num_items", th.IntegerType()),
        th.Property("updated_at", th.DateTimeType()),
    ).to_dict()

    @override
    def get_child_context(self, record: dict[str, t.Any], context: Context | None) -> dict:
        return {"catalog_name": record["name"]}


class CatalogItemsStream(LinkCursorStream):
    """Items, 50 a page. A catalog's fields are its own, so the item is kept whole in `item`."""

    name = "catalog_items"
    path = "/catalogs/{catalog_name}/items"
    permission = "catalogs.get_items"
    rate_limit_family = "catalog_items_sync"
    parent_stream_type = CatalogsStream
    state_partitioning_keys: t.ClassVar[list[str]] = []
    primary_keys = ("catalog_name", "id")
    records_jsonpath = "$.items[*]"
    schema = th.PropertiesList(
        th.Property("catalog_name", th.StringType(), required=True),
        th.Property("id", th.StringType(), required=True),
        th.Property("item", th.ObjectType()),
    ).to_dict()

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        return {"catalog_name": (context or {})["catalog_name"], "id": row["id"], "item": row}
