"""TargetTradingGrid: demand signals, decisions and case feedback to trading partners."""

from __future__ import annotations

from typing import Any

from singer_sdk import Sink, Target
from singer_sdk import typing as th
from typing_extensions import override

from target_trading_grid.services import RunServices
from target_trading_grid.sinks import SINKS_BY_STREAM


class UnknownStreamError(ValueError):
    """A stream that maps to no Trading Grid sink."""


PARTNER_PROFILE = th.ObjectType(
    th.Property(
        "our_address",
        th.StringType(),
        description="Our EDI address (QUAL:ID) as this partner knows it.",
    ),
    th.Property("dialect", th.StringType(), description="X12 or EDIFACT."),
    th.Property("version", th.StringType(), description="X12 004010/005010, EDIFACT D96A/D01B."),
    th.Property("usage", th.StringType(), description="test or production (ISA15 / UNB 0035)."),
    th.Property(
        "documents",
        th.ObjectType(additional_properties=th.StringType()),
        description="Sink name to document: demand_signals 852/830/SLSRPT/DELFOR, "
        "application_advice 824/APERAK, functional_acks 997/999/CONTRL.",
    ),
    th.Property(
        "activity_codes",
        th.ObjectType(additional_properties=th.StringType()),
        description="demand_signals column to 852 ZA01 / SLSRPT QTY qualifier.",
    ),
    th.Property("application_sender", th.StringType(), description="GS02, when not our id."),
    th.Property(
        "application_receiver", th.StringType(), description="GS03, when not the partner's id."
    ),
)


class TargetTradingGrid(Target):
    """Writes outbound EDI to the mailbox and case updates to Active Community."""

    name = "target-trading-grid"

    config_jsonschema = th.PropertiesList(
        th.Property(
            "mailbox_url",
            th.StringType(),
            title="Mailbox URL",
            description="Mailbox root: sftp://host:port/path, file://… or any fsspec URL. "
            "When unset, EDI goes to the REST outbox at api_url.",
        ),
        th.Property("mailbox_user", th.StringType(), title="Mailbox user"),
        th.Property("mailbox_password", th.StringType(), secret=True, title="Mailbox password"),
        th.Property(
            "mailbox_private_key",
            th.StringType(),
            secret=True,
            title="Mailbox private key",
            description="OpenSSH or PEM private key for SFTP key authentication.",
        ),
        th.Property(
            "mailbox_host_key",
            th.StringType(),
            title="Mailbox host key",
            description="The SFTP server's public key ('ssh-ed25519 AAAA…'); required for sftp://, "
            "any other key is refused.",
        ),
        th.Property(
            "outbound_folder",
            th.StringType(),
            default="outbound",
            title="Outbound folder",
            description="Where our interchanges are put for the network to pick up.",
        ),
        th.Property(
            "sent_folder",
            th.StringType(),
            default="sent",
            title="Sent folder",
            description="Where the network moves our interchanges after routing; read after a "
            "crash to see what was delivered.",
        ),
        th.Property(
            "api_url", th.URIType(), title="API URL", description="https, or http on loopback only."
        ),
        th.Property("client_id", th.StringType(), title="OAuth2 client id"),
        th.Property("client_secret", th.StringType(), secret=True, title="OAuth2 client secret"),
        th.Property(
            "tenant_id", th.StringType(), title="Tenant id", description="Sent as X-Tenant-Id."
        ),
        th.Property(
            "partners",
            th.ObjectType(additional_properties=PARTNER_PROFILE),
            title="Partner profiles",
            description="Keyed by the partner's EDI address (QUAL:ID): our_address, dialect, "
            "version, usage (test or production), documents per sink, activity_codes.",
        ),
        th.Property(
            "ledger_url",
            th.StringType(),
            secret=True,
            title="Ledger URL",
            description="SQLAlchemy URL of the delivery ledger (may carry a password): "
            "delivered message keys and the EDI control numbers.",
        ),
        th.Property(
            "dead_letter_dir",
            th.StringType(),
            title="Dead-letter folder",
            description="Refused records are written here as Singer messages with their reasons.",
        ),
        th.Property(
            "allowed_personal_fields",
            th.ArrayType(th.StringType()),
            title="Allowed personal fields",
            description="Fields (dotted paths) that look personal but may be sent to partners.",
        ),
    ).to_dict()

    _services: RunServices | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The sinks share one ledger run and one connection per destination: drained in turn.
        self.max_parallelism = 1

    @property
    def services(self) -> RunServices:
        if self._services is None:
            self._services = RunServices(self.config)
        return self._services

    @override
    def get_sink_class(self, stream_name: str) -> type[Sink]:
        sink_class = SINKS_BY_STREAM.get(stream_name)
        if sink_class is None:
            msg = (
                f"Stream {stream_name!r} maps to no Trading Grid sink; the sinks are "
                f"{', '.join(sorted(SINKS_BY_STREAM))} (rename the stream with a stream map)."
            )
            raise UnknownStreamError(msg)
        return sink_class

    @override
    def process_endofpipe(self) -> None:
        try:
            super().process_endofpipe()
        finally:
            if self._services is not None:
                self._services.close()
                self._services = None


if __name__ == "__main__":
    TargetTradingGrid.cli()
