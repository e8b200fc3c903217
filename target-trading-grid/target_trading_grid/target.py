"""TargetTradingGrid: demand signals, decisions and case feedback to trading partners."""

from __future__ import annotations

from singer_sdk import Sink, Target
from singer_sdk import typing as th
from typing_extensions import override


class UnknownStreamError(ValueError):
    """A stream that maps to no Trading Grid sink."""


class TargetTradingGrid(Target):
    """Writes outbound EDI to the mailbox and case updates to Active Community."""

    name = "target-trading-grid"

    config_jsonschema = th.PropertiesList(
        th.Property("mailbox_url", th.StringType(), title="Mailbox URL"),
        th.Property("mailbox_user", th.StringType(), title="Mailbox user"),
        th.Property("mailbox_password", th.StringType(), secret=True, title="Mailbox password"),
        th.Property("mailbox_private_key", th.StringType(), secret=True),
        th.Property("mailbox_host_key", th.StringType(), title="Mailbox host key"),
        th.Property("outbound_folder", th.StringType(), default="outbound"),
        th.Property("api_url", th.URIType(), title="API URL"),
        th.Property("client_id", th.StringType(), title="OAuth2 client id"),
        th.Property("client_secret", th.StringType(), secret=True, title="OAuth2 client secret"),
        th.Property("tenant_id", th.StringType(), title="Tenant id"),
        th.Property(
            "partners",
            th.ObjectType(additional_properties=th.ObjectType()),
            title="Partner profiles",
            description="Keyed by EDI address (QUAL:ID): dialect, version, documents, test flag.",
        ),
        th.Property(
            "ledger_url",
            th.StringType(),
            secret=True,
            title="Ledger URL",
            description="SQLAlchemy URL of the delivery ledger (may carry a password).",
        ),
        th.Property("dead_letter_dir", th.StringType(), title="Dead-letter folder"),
        th.Property(
            "allowed_personal_fields",
            th.ArrayType(th.StringType()),
            title="Allowed personal fields",
            description="Fields that look personal but may be sent to partners.",
        ),
    ).to_dict()

    @override
    def get_sink_class(self, stream_name: str) -> type[Sink]:
        # This release defines the settings; the sinks come in the next one. Until then a
        # stream is refused, never silently dropped.
        msg = (
            f"Stream {stream_name!r} maps to no Trading Grid sink: this release of "
            "target-trading-grid has no sinks yet."
        )
        raise UnknownStreamError(msg)


if __name__ == "__main__":
    TargetTradingGrid.cli()
