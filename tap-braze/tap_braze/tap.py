"""TapBraze: engagement, campaigns and users from Braze REST exports and Currents."""

from __future__ import annotations

from singer_sdk import Stream, Tap
from singer_sdk import typing as th
from typing_extensions import override


class TapBraze(Tap):
    """Reads what a company needs from Braze to plan with its partners."""

    name = "tap-braze"

    config_jsonschema = th.PropertiesList(
        th.Property(
            "api_url",
            th.URIType(),
            title="REST endpoint",
            description="Your Braze instance's REST endpoint, e.g. https://rest.iad-01.braze.com",
        ),
        th.Property("api_key", th.StringType(), secret=True, title="REST API key"),
        th.Property("start_date", th.DateTimeType(), title="Start date"),
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

    @override
    def discover_streams(self) -> list[Stream]:
        # This release defines the settings; the streams come in the next one.
        return []


if __name__ == "__main__":
    TapBraze.cli()
