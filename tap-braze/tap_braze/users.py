"""The `users` stream (a segment export of `segment_id`) and each user's subscription groups."""

from __future__ import annotations

import threading
import typing as t
from collections import defaultdict

from singer_sdk import typing as th
from singer_sdk.exceptions import ConfigValidationError
from typing_extensions import override

from tap_braze.client import BrazeStream
from tap_braze.paginated import LimitOffsetStream
from tap_braze.users_export import (
    EXPORT_TIMEOUT_SECONDS,
    StartedExport,
    users_from_bucket,
    users_from_url,
)

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.helpers.types import Context

# Everything a partner-facing pipeline needs about a customer; events and purchases come from
# Currents instead, which has every occurrence rather than Braze's 90-day summaries.
FIELDS_TO_EXPORT = (
    "braze_id",
    "external_id",
    "user_aliases",
    "created_at",
    "email",
    "phone",
    "first_name",
    "last_name",
    "country",
    "home_city",
    "language",
    "time_zone",
    "dob",
    "gender",
    "email_subscribe",
    "push_subscribe",
    "random_bucket",
    "total_revenue",
    "custom_attributes",
)
# DESIGN §10's customer attributes, lifted out of `custom_attributes` for the models.
PROMOTED_ATTRIBUTES = ("tier", "region")

# One export per segment at a time (Braze refuses a second with 429); within one process the
# streams of every tap instance wait for each other instead of asking.
_EXPORT_LOCKS: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)


class UsersStream(BrazeStream):
    """Starts `/users/export/segment`, waits for the files, and streams their users."""

    name = "users"
    path = "/users/export/segment"
    http_method = "POST"
    permission = "users.export.segment"
    primary_keys = ("braze_id",)
    schema = th.PropertiesList(
        th.Property("braze_id", th.StringType(), required=True),
        th.Property("external_id", th.StringType(nullable=True)),
        th.Property("user_aliases", th.ArrayType(th.ObjectType())),
        th.Property("created_at", th.DateTimeType(nullable=True)),
        th.Property("email", th.StringType(nullable=True)),
        th.Property("phone", th.StringType(nullable=True)),
        th.Property("first_name", th.StringType(nullable=True)),
        th.Property("last_name", th.StringType(nullable=True)),
        th.Property("country", th.StringType(nullable=True)),
        th.Property("home_city", th.StringType(nullable=True)),
        th.Property("language", th.StringType(nullable=True)),
        th.Property("time_zone", th.StringType(nullable=True)),
        th.Property("dob", th.StringType(nullable=True)),
        th.Property("gender", th.StringType(nullable=True)),
        th.Property("email_subscribe", th.StringType(nullable=True)),
        th.Property("push_subscribe", th.StringType(nullable=True)),
        th.Property("random_bucket", th.IntegerType(nullable=True)),
        th.Property("total_revenue", th.NumberType(nullable=True)),
        th.Property("custom_attributes", th.ObjectType()),
        th.Property("tier", th.StringType(nullable=True)),
        th.Property("region", th.StringType(nullable=True)),
    ).to_dict()

    @property
    def segment_id(self) -> str:
        segment_id = self.config.get("segment_id")
        if not segment_id:
            msg = "The users stream needs 'segment_id' (the segment of all customers)"
            raise ConfigValidationError(msg, errors=[msg])
        return str(segment_id)

    @override
    def prepare_request_payload(
        self, context: Context | None, next_page_token: t.Any
    ) -> dict[str, t.Any]:
        return {"segment_id": self.segment_id, "fields_to_export": list(FIELDS_TO_EXPORT)}

    @override
    def get_records(self, context: Context | None) -> t.Iterable[dict[str, t.Any]]:
        with _EXPORT_LOCKS[self.segment_id]:
            yield from super().get_records(context)

    @override
    def parse_response(self, response: requests.Response) -> t.Iterable[dict[str, t.Any]]:
        answer = response.json()
        export = StartedExport(self.segment_id, answer["object_prefix"], answer.get("url"))
        self.logger.info("Segment export %s started", export.object_prefix)
        if export.url:
            return users_from_url(export, EXPORT_TIMEOUT_SECONDS)
        bucket_url = self.config.get("export_bucket_url")
        if not bucket_url:
            msg = (
                "Braze wrote the segment export to the workspace's bucket: set "
                "'export_bucket_url' to that bucket so the tap can read it"
            )
            raise ConfigValidationError(msg, errors=[msg])
        return users_from_bucket(export, bucket_url, EXPORT_TIMEOUT_SECONDS)

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        attributes = row.get("custom_attributes") or {}
        row["custom_attributes"] = attributes
        for name in PROMOTED_ATTRIBUTES:
            value = attributes.get(name)
            row[name] = None if value is None else str(value)
        return row

    @override
    def get_child_context(self, record: dict[str, t.Any], context: Context | None) -> dict | None:
        # Subscription status can only be asked for by external id.
        external_id = record.get("external_id")
        return {"external_id": external_id} if external_id else None

    @override
    def generate_child_contexts(
        self, record: dict[str, t.Any], context: Context | None
    ) -> t.Iterable[dict | None]:
        child = self.get_child_context(record, context)
        if child is not None:
            yield child


class SubscriptionStatusesStream(LimitOffsetStream):
    """Each known user's subscription groups, one request per user.

    Braze's answer does not say which user a group belongs to, so asking for 50 users at once
    would lose that. On a big workspace that is one request per user: deselect the stream in
    the catalog when that costs too much of the 250,000-an-hour budget.
    """

    name = "subscription_statuses"
    path = "/subscription/user/status"
    permission = "subscription.groups.get"
    parent_stream_type = UsersStream
    state_partitioning_keys: t.ClassVar[list[str]] = []
    page_size = 100
    primary_keys = ("external_id", "subscription_group_id")
    records_jsonpath = "$.subscription_groups[*]"
    schema = th.PropertiesList(
        th.Property("external_id", th.StringType(), required=True),
        th.Property("subscription_group_id", th.StringType(), required=True),
        th.Property("subscription_status", th.StringType()),
    ).to_dict()

    @override
    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict[str, t.Any]:
        params = super().get_url_params(context, next_page_token)
        return params | {"external_id[]": (context or {})["external_id"]}

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        return row | {"external_id": (context or {})["external_id"]}
