"""TapBraze: engagement, campaigns and users from Braze REST exports and Currents."""

from __future__ import annotations

import typing as t

from singer_sdk import Stream, Tap
from singer_sdk import typing as th
from typing_extensions import override

from tap_braze import catalogs, details, email_lists, lists, series, users
from tap_braze.currents.streams import currents_streams
from tap_braze.ratelimits import PacerRegistry
from tap_braze.urls import require_tls_unless_loopback

REST_STREAM_TYPES: tuple[type[Stream], ...] = (
    lists.CampaignsStream,
    details.CampaignDetailsStream,
    series.CampaignDataSeriesStream,
    lists.CanvasesStream,
    details.CanvasDetailsStream,
    series.CanvasDataSeriesStream,
    series.CanvasDataSummaryStream,
    lists.SegmentsStream,
    details.SegmentDetailsStream,
    series.SegmentDataSeriesStream,
    lists.CustomEventNamesStream,
    lists.CustomEventDefinitionsStream,
    series.CustomEventSeriesStream,
    lists.CustomAttributesStream,
    lists.ProductsStream,
    series.PurchaseQuantitySeriesStream,
    series.PurchaseRevenueSeriesStream,
    series.KpiNewUsersStream,
    series.KpiDauStream,
    series.KpiMauStream,
    series.KpiUninstallsStream,
    series.SessionSeriesStream,
    catalogs.CatalogsStream,
    catalogs.CatalogItemsStream,
    lists.EmailTemplatesStream,
    lists.ContentBlocksStream,
    email_lists.EmailHardBouncesStream,
    email_lists.EmailUnsubscribesStream,
    users.UsersStream,
    users.SubscriptionStatusesStream,
)


class TapBraze(Tap):
    """Reads what a company needs from Braze to plan with its partners."""

    name = "tap-braze"
    package_name = "tap-braze"

    config_jsonschema = th.PropertiesList(
        th.Property(
            "api_url",
            th.URIType(),
            title="REST endpoint",
            description="Your Braze instance's REST endpoint, e.g. https://rest.iad-01.braze.com",
        ),
        th.Property(
            "api_key",
            th.StringType(),
            secret=True,
            title="REST API key",
            description="A REST API key with the read permissions the README lists.",
        ),
        th.Property(
            "start_date",
            th.DateTimeType(),
            title="Start date",
            description=(
                "Where a first run of the series, email lists, templates and content blocks "
                "starts (without it, series start 30 days back)."
            ),
        ),
        th.Property(
            "lookback_days",
            th.IntegerType(),
            default=3,
            title="Lookback days",
            description="Time series re-read this many trailing days, which Braze revises.",
        ),
        th.Property(
            "currents_url",
            th.StringType(),
            title="Currents URL",
            description="An fsspec URL of the Currents Avro export (folder, s3://, gs://, az://).",
        ),
        th.Property(
            "export_bucket_url",
            th.StringType(),
            title="Export bucket URL",
            description="An fsspec URL where Braze writes segment exports.",
        ),
        th.Property(
            "segment_id",
            th.StringType(),
            title="Segment id",
            description="The segment of all customers, exported as the users stream.",
        ),
    ).to_dict()

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        # Rate-limit budgets are per workspace: every stream of this run shares them.
        self.pacers = PacerRegistry()
        super().__init__(*args, **kwargs)
        if self.config.get("api_url"):
            # Refuse a plain-http Braze before any request carries the key.
            require_tls_unless_loopback(self.config["api_url"], "api_url")

    @override
    def discover_streams(self) -> list[Stream]:
        rest: list[Stream] = [stream_type(self) for stream_type in REST_STREAM_TYPES]
        return [*rest, *currents_streams(self)]


if __name__ == "__main__":
    TapBraze.cli()
