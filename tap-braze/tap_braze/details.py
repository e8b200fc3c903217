"""Detail streams: one request per campaign, Canvas or segment, as children of the lists."""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th
from typing_extensions import override

from tap_braze.client import BrazeStream, without_message
from tap_braze.lists import CampaignsStream, CanvasesStream, SegmentsStream

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.helpers.types import Context

TAGS = th.Property("tags", th.ArrayType(th.StringType()))
TEAMS = th.Property("teams", th.ArrayType(th.StringType()))


class DetailStream(BrazeStream):
    """The object is the whole body, beside `"message": "success"`; the parent id is added."""

    id_field: str = ""
    # Details are read again on every run; one bookmark per parent would only grow the state.
    state_partitioning_keys: t.ClassVar[list[str]] = []

    @override
    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict[str, t.Any]:
        return {self.id_field: (context or {})[self.id_field]}

    @override
    def parse_response(self, response: requests.Response) -> t.Iterable[dict[str, t.Any]]:
        yield without_message(response.json())

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        return row | {self.id_field: (context or {})[self.id_field]}


class CampaignDetailsStream(DetailStream):
    name = "campaign_details"
    path = "/campaigns/details"
    permission = "campaigns.details"
    parent_stream_type = CampaignsStream
    id_field = "campaign_id"
    primary_keys = ("campaign_id",)
    schema = th.PropertiesList(
        th.Property("campaign_id", th.StringType(), required=True),
        th.Property("name", th.StringType()),
        th.Property("description", th.StringType(nullable=True)),
        th.Property("created_at", th.DateTimeType()),
        th.Property("updated_at", th.DateTimeType()),
        th.Property("archived", th.BooleanType()),
        th.Property("draft", th.BooleanType()),
        th.Property("enabled", th.BooleanType()),
        th.Property("has_post_launch_draft", th.BooleanType()),
        th.Property("schedule_type", th.StringType()),
        th.Property("channels", th.ArrayType(th.StringType())),
        th.Property("first_sent", th.DateTimeType(nullable=True)),
        th.Property("last_sent", th.DateTimeType(nullable=True)),
        TAGS,
        TEAMS,
        th.Property("messages", th.ObjectType()),
        th.Property("conversion_behaviors", th.ArrayType(th.ObjectType())),
    ).to_dict()


class CanvasDetailsStream(DetailStream):
    name = "canvas_details"
    path = "/canvas/details"
    permission = "canvas.details"
    parent_stream_type = CanvasesStream
    id_field = "canvas_id"
    primary_keys = ("canvas_id",)
    schema = th.PropertiesList(
        th.Property("canvas_id", th.StringType(), required=True),
        th.Property("name", th.StringType()),
        th.Property("description", th.StringType(nullable=True)),
        th.Property("created_at", th.DateTimeType()),
        th.Property("updated_at", th.DateTimeType()),
        th.Property("archived", th.BooleanType()),
        th.Property("draft", th.BooleanType()),
        th.Property("enabled", th.BooleanType()),
        th.Property("has_post_launch_draft", th.BooleanType()),
        th.Property("schedule_type", th.StringType()),
        th.Property("first_entry", th.DateTimeType(nullable=True)),
        th.Property("last_entry", th.DateTimeType(nullable=True)),
        th.Property("channels", th.ArrayType(th.StringType())),
        th.Property("variants", th.ArrayType(th.ObjectType())),
        th.Property("steps", th.ArrayType(th.ObjectType())),
        TAGS,
        TEAMS,
    ).to_dict()


class SegmentDetailsStream(DetailStream):
    name = "segment_details"
    path = "/segments/details"
    permission = "segments.details"
    parent_stream_type = SegmentsStream
    id_field = "segment_id"
    primary_keys = ("segment_id",)
    schema = th.PropertiesList(
        th.Property("segment_id", th.StringType(), required=True),
        th.Property("name", th.StringType()),
        th.Property("description", th.StringType(nullable=True)),
        th.Property("text_description", th.StringType(nullable=True)),
        th.Property("created_at", th.DateTimeType()),
        th.Property("updated_at", th.DateTimeType()),
        TAGS,
        TEAMS,
    ).to_dict()
