"""The SDK's standard tap suite, as far as a tap without streams can run it."""

from __future__ import annotations

from singer_sdk.testing import get_tap_test_class
from singer_sdk.testing.suites import SingerTestSuite
from singer_sdk.testing.tap_tests import (
    TapCLIPrintsTest,
    TapDiscoveryTest,
    TapStreamConnectionTest,
)

from tap_trading_grid.tap import TapTradingGrid

SAMPLE_CONFIG = {"start_date": "2026-01-01T00:00:00Z"}

# The stream suites need streams, which arrive in their own release; the tap-level suite
# runs now (the final-state test needs at least one stream, so it waits too).
TestTapTradingGrid = get_tap_test_class(
    TapTradingGrid,
    config=SAMPLE_CONFIG,
    include_tap_tests=False,
    include_stream_tests=False,
    include_stream_attribute_tests=False,
    custom_suites=[
        SingerTestSuite(
            kind="tap", tests=[TapCLIPrintsTest, TapDiscoveryTest, TapStreamConnectionTest]
        )
    ],
)


SECRETS = {"mailbox_password", "mailbox_private_key", "client_secret"}


def test_secrets_are_marked_write_only() -> None:
    secrets = {
        name
        for name, prop in TapTradingGrid.config_jsonschema["properties"].items()
        if prop.get("writeOnly")
    }
    assert secrets == SECRETS
