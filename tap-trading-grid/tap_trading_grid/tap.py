"""TapTradingGrid: partner documents from the EDI mailbox, and Active Community from its API."""

from __future__ import annotations

from singer_sdk import Stream, Tap
from singer_sdk import typing as th
from typing_extensions import override

from tap_trading_grid.api_streams import api_streams
from tap_trading_grid.document_streams import mailbox_streams
from tap_trading_grid.singer_writer import SingerWriter


class TapTradingGrid(Tap):
    """Reads a company's Trading Grid mailbox and Active Community as Singer streams."""

    name = "tap-trading-grid"
    # msgspec serialises a record several times faster than the default simplejson writer; a
    # mailbox document becomes several records (metadata, document, lines), so it shows.
    message_writer_class = SingerWriter

    config_jsonschema = th.PropertiesList(
        th.Property(
            "mailbox_url",
            th.StringType(),
            title="Mailbox URL",
            description="The mailbox root: sftp://host:port/path, file://... or s3://...",
        ),
        th.Property(
            "mailbox_user",
            th.StringType(),
            title="Mailbox user",
            description="The SFTP user (or the user in mailbox_url).",
        ),
        th.Property(
            "mailbox_password",
            th.StringType(),
            secret=True,
            title="Mailbox password",
            description="The SFTP password, when not (only) a private key authenticates.",
        ),
        th.Property(
            "mailbox_private_key",
            th.StringType(),
            secret=True,
            title="Mailbox private key",
            description="An OpenSSH private key for SFTP key authentication.",
        ),
        th.Property(
            "mailbox_host_key",
            th.StringType(),
            title="Mailbox host key",
            description=(
                "The SFTP server's public host key ('ssh-ed25519 AAAA...'); required for sftp://, "
                "and a server presenting another key is refused."
            ),
        ),
        th.Property(
            "inbound_folder",
            th.StringType(),
            default="inbound",
            title="Inbound folder",
            description="The folder under the mailbox root holding partners' documents for us.",
        ),
        th.Property(
            "sent_folder",
            th.StringType(),
            default="sent",
            title="Sent folder",
            description="The folder holding our documents after routing; our 850s are read there.",
        ),
        th.Property(
            "confirm_downloads",
            th.BooleanType(),
            default=False,
            title="Confirm downloads",
            description="Delete a file on the next run, once the state that covers it is saved.",
        ),
        th.Property(
            "lookback_days",
            th.IntegerType(),
            default=30,
            title="Lookback days",
            description=(
                "How far behind the newest file the state keeps file names and hashes; older "
                "files are not looked at again."
            ),
        ),
        th.Property(
            "api_url",
            th.URIType(),
            title="API URL",
            description=(
                "The Trading Grid / Active Community API root (https; http only for a loopback "
                "host). Tokens come from {api_url}/oauth2/token."
            ),
        ),
        th.Property(
            "client_id",
            th.StringType(),
            title="OAuth2 client id",
            description="Client credentials.",
        ),
        th.Property(
            "client_secret",
            th.StringType(),
            secret=True,
            title="OAuth2 client secret",
            description="Client credentials.",
        ),
        th.Property(
            "tenant_id",
            th.StringType(),
            title="Tenant id",
            description="Sent as X-Tenant-Id on every API call.",
        ),
        th.Property(
            "start_date",
            th.DateTimeType(),
            title="Start date",
            description="The earliest update to read from the API on a first run.",
        ),
    ).to_dict()

    @override
    def discover_streams(self) -> list[Stream]:
        return [*mailbox_streams(self), *api_streams(self)]


if __name__ == "__main__":
    TapTradingGrid.cli()
