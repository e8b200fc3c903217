"""List streams: campaigns, Canvases, segments, custom events and attributes, products, templates.

Campaigns, Canvases and segments are parents: their ids drive the detail and series streams.
"""

from __future__ import annotations

import typing as t
from datetime import UTC, datetime

from singer_sdk import typing as th
from singer_sdk.pagination import PageNumberPaginator
from typing_extensions import override

from tap_braze.paginated import LimitOffsetStream, LinkCursorStream, PageNumberStream

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.helpers.types import Context

TAGS = th.Property("tags", th.ArrayType(th.StringType()))


class CampaignsStream(PageNumberStream):
    """Every campaign, archived ones included, so their series and details stay readable.

    Full table: `last_edit.time[gt]` would hide campaigns whose series still change.
    """

    name = "campaigns"
    path = "/campaigns/list"
    permission = "campaigns.list"
    primary_keys = ("id",)
    records_jsonpath = "$.campaigns[*]"
    schema = th.PropertiesList(
        th.Property("id", th.StringType(), required=True),
        th.Property("name", th.StringType()),
        th.Property("last_edited", th.DateTimeType()),
        th.Property("is_api_campaign", th.BooleanType()),
        TAGS,
    ).to_dict()

    @override
    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict[str, t.Any]:
        return super().get_url_params(context, next_page_token) | {"include_archived": "true"}

    @override
    def get_child_context(self, record: dict[str, t.Any], context: Context | None) -> dict:
        return {"campaign_id": record["id"]}


class CanvasesStream(PageNumberStream):
    """Every Canvas, archived and stopped ones included."""

    name = "canvases"
    path = "/canvas/list"
    permission = "canvas.list"
    primary_keys = ("id",)
    records_jsonpath = "$.canvases[*]"
    schema = th.PropertiesList(
        th.Property("id", th.StringType(), required=True),
        th.Property("name", th.StringType()),
        th.Property("last_edited", th.DateTimeType()),
        TAGS,
    ).to_dict()

    @override
    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict[str, t.Any]:
        return super().get_url_params(context, next_page_token) | {"include_archived": "true"}

    @override
    def get_child_context(self, record: dict[str, t.Any], context: Context | None) -> dict:
        return {"canvas_id": record["id"]}


class SegmentsStream(PageNumberStream):
    name = "segments"
    path = "/segments/list"
    permission = "segments.list"
    primary_keys = ("id",)
    records_jsonpath = "$.segments[*]"
    schema = th.PropertiesList(
        th.Property("id", th.StringType(), required=True),
        th.Property("name", th.StringType()),
        th.Property("analytics_tracking_enabled", th.BooleanType()),
        TAGS,
    ).to_dict()

    @override
    def get_child_context(self, record: dict[str, t.Any], context: Context | None) -> dict:
        return {"segment_id": record["id"]}


class CustomEventNamesStream(PageNumberStream):
    """/events/list: names only, 250 a page, in the shared 1,000-an-hour pool."""

    name = "custom_event_names"
    path = "/events/list"
    permission = "events.list"
    rate_limit_family = "events_and_products"
    page_size = 250
    primary_keys = ("name",)
    records_jsonpath = "$.events[*]"
    schema = th.PropertiesList(th.Property("name", th.StringType(), required=True)).to_dict()

    @override
    def parse_response(self, response: requests.Response) -> t.Iterable[dict[str, t.Any]]:
        for name in response.json().get("events", []):
            yield {"name": name}

    @override
    def get_child_context(self, record: dict[str, t.Any], context: Context | None) -> dict:
        return {"event_name": record["name"]}


class CustomEventDefinitionsStream(LinkCursorStream):
    """/events: each custom event's description, status and tags."""

    name = "custom_event_definitions"
    path = "/events"
    permission = "events.get"
    rate_limit_family = "events_and_products"
    primary_keys = ("name",)
    records_jsonpath = "$.events[*]"
    schema = th.PropertiesList(
        th.Property("name", th.StringType(), required=True),
        th.Property("description", th.StringType(nullable=True)),
        th.Property("included_in_analytics_report", th.BooleanType()),
        th.Property("status", th.StringType()),
        th.Property("tag_names", th.ArrayType(th.StringType())),
    ).to_dict()


class CustomAttributesStream(LinkCursorStream):
    name = "custom_attributes"
    path = "/custom_attributes"
    permission = "custom_attributes.get"
    rate_limit_family = "events_and_products"
    primary_keys = ("name",)
    records_jsonpath = "$.attributes[*]"
    schema = th.PropertiesList(
        th.Property("name", th.StringType(), required=True),
        th.Property("data_type", th.StringType()),
        th.Property("array_length", th.IntegerType(nullable=True)),
        th.Property("description", th.StringType(nullable=True)),
        th.Property("status", th.StringType()),
        th.Property("tag_names", th.ArrayType(th.StringType())),
    ).to_dict()


class ProductsStream(PageNumberStream):
    """/purchases/product_list: product ids only; Braze does not document the page size."""

    name = "products"
    path = "/purchases/product_list"
    permission = "purchases.product_list"
    rate_limit_family = "events_and_products"
    primary_keys = ("product_id",)
    records_jsonpath = "$.products[*]"
    schema = th.PropertiesList(th.Property("product_id", th.StringType(), required=True)).to_dict()

    @override
    def get_new_paginator(self) -> PageNumberPaginator:  # type: ignore[override]
        # With no known page size, a short page proves nothing: read on until an empty page,
        # where the SDK stops.
        return PageNumberPaginator(0)

    @override
    def parse_response(self, response: requests.Response) -> t.Iterable[dict[str, t.Any]]:
        for product_id in response.json().get("products", []):
            yield {"product_id": product_id}


class ModifiedSinceStream(LimitOffsetStream):
    """Templates and content blocks: incremental through `modified_after` (inclusive)."""

    page_size = 1000
    is_sorted = False

    @override
    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict[str, t.Any]:
        params = super().get_url_params(context, next_page_token)
        since = self.get_starting_replication_key_value(context)
        if since:
            params["modified_after"] = _iso_utc(since)
        return params


def _iso_utc(value: t.Any) -> str:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class EmailTemplatesStream(ModifiedSinceStream):
    name = "email_templates"
    path = "/templates/email/list"
    permission = "templates.email.list"
    primary_keys = ("email_template_id",)
    replication_key = "updated_at"
    records_jsonpath = "$.templates[*]"
    schema = th.PropertiesList(
        th.Property("email_template_id", th.StringType(), required=True),
        th.Property("template_name", th.StringType()),
        th.Property("created_at", th.DateTimeType()),
        th.Property("updated_at", th.DateTimeType()),
        TAGS,
    ).to_dict()


class ContentBlocksStream(ModifiedSinceStream):
    name = "content_blocks"
    path = "/content_blocks/list"
    permission = "content_blocks.list"
    primary_keys = ("content_block_id",)
    replication_key = "last_edited"
    records_jsonpath = "$.content_blocks[*]"
    schema = th.PropertiesList(
        th.Property("content_block_id", th.StringType(), required=True),
        th.Property("name", th.StringType()),
        th.Property("content_type", th.StringType()),
        th.Property("liquid_tag", th.StringType()),
        th.Property("inclusion_count", th.IntegerType()),
        th.Property("created_at", th.DateTimeType()),
        th.Property("last_edited", th.DateTimeType()),
        TAGS,
    ).to_dict()
