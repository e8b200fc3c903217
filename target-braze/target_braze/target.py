"""TargetBraze: users, events, purchases, messages and catalogs to Braze."""

from __future__ import annotations

from singer_sdk import Sink, Target
from singer_sdk import typing as th
from typing_extensions import override


class UnknownStreamError(ValueError):
    """A stream that maps to no Braze sink."""


class TargetBraze(Target):
    """Delivers each stream to the Braze endpoint its sink kind names."""

    name = "target-braze"

    config_jsonschema = th.PropertiesList(
        th.Property("api_url", th.URIType(), title="REST endpoint"),
        th.Property("api_key", th.StringType(), secret=True, title="REST API key"),
        th.Property(
            "stream_kinds",
            th.ObjectType(additional_properties=th.StringType()),
            title="Stream kinds",
            description="Stream name → sink kind, for streams not named after their sink.",
        ),
        th.Property("message_key_field", th.StringType(), default="message_key"),
        th.Property("max_objects_per_request", th.IntegerType(), default=75),
        th.Property("update_existing_only", th.BooleanType(), default=False),
        th.Property("merge_objects", th.BooleanType(), default=False),
        th.Property(
            "ledger_url",
            th.StringType(),
            secret=True,
            title="Ledger URL",
            description="SQLAlchemy URL of the delivery ledger (may carry a password).",
        ),
        th.Property("dead_letter_dir", th.StringType(), title="Dead-letter folder"),
        th.Property(
            "in_doubt",
            th.ObjectType(additional_properties=th.StringType()),
            title="In-doubt policy",
            description=(
                "Sink kind → at_most_once or at_least_once, for records a crash left pending."
            ),
        ),
        th.Property("max_message_age_hours", th.IntegerType(), title="Maximum message age"),
        th.Property("max_sends_per_run", th.IntegerType(), title="Maximum sends per run"),
        th.Property("paused", th.BooleanType(), default=False),
        th.Property("dry_run", th.BooleanType(), default=False),
    ).to_dict()

    @override
    def get_sink_class(self, stream_name: str) -> type[Sink]:
        # This release defines the settings; the sinks come in the next one. Until then a
        # stream is refused, never silently dropped.
        msg = (
            f"Stream {stream_name!r} maps to no Braze sink: this release of target-braze "
            "has no sinks yet."
        )
        raise UnknownStreamError(msg)


if __name__ == "__main__":
    TargetBraze.cli()
