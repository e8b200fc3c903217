"""The SDK's standard tap tests against the emulator with the scenario loaded."""

from __future__ import annotations

from singer_sdk.testing import SuiteConfig, get_tap_test_class

from tap_braze.tap import TapBraze
from tests.shared_sandbox import shared_seeded_sandbox

SEEDED = shared_seeded_sandbox()

# Every stream gets records from the seeded emulator, so none is excused from returning one.
TestTapBraze = get_tap_test_class(
    TapBraze,
    config=SEEDED.config,
    suite_config=SuiteConfig(ignore_no_records_for_streams=[]),
)


SECRETS = {"api_key"}


def test_secrets_are_marked_write_only() -> None:
    secrets = {
        name
        for name, prop in TapBraze.config_jsonschema["properties"].items()
        if prop.get("writeOnly")
    }
    assert secrets == SECRETS
