"""The SDK's standard target suite, plus Braze-shaped file tests against the sandbox.

The generic suite feeds streams such as `test_camelcase`: they map to no Braze sink, so those
tests expect the documented refusal. `cli_prints`, `invalid_schema` and `record_before_schema`
keep their own expectations. The Braze-shaped tests send real records for every sink to the
sandbox (not through dry_run) and check what it holds afterwards.
"""

from __future__ import annotations

import io
import json
import socket
from collections.abc import Iterator
from importlib.abc import Traversable
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from singer_sdk.testing import TargetTestRunner, get_target_test_class
from singer_sdk.testing.suites import SingerTestSuite
from singer_sdk.testing.target_tests import (
    TargetArrayData,
    TargetCamelcaseComplexSchema,
    TargetCamelcaseTest,
    TargetCliPrintsTest,
    TargetDuplicateRecords,
    TargetEncodedStringData,
    TargetInvalidSchemaTest,
    TargetNoPrimaryKeys,
    TargetOptionalAttributes,
    TargetPrimaryKeyUpdates,
    TargetRecordBeforeSchemaTest,
    TargetRecordMissingKeyProperty,
    TargetRecordMissingOptionalFields,
    TargetSchemaNoProperties,
    TargetSchemaUpdates,
    TargetSpecialCharsInAttributes,
)
from singer_sdk.testing.templates import TargetFileTestTemplate

from grid_braze_sandbox.braze.config import BrazeConfig
from grid_braze_sandbox.runtime import running_sandbox
from target_braze.target import TargetBraze, UnknownStreamError
from tests.conftest import CAMPAIGNS, CANVASES
from tests.helpers import SandboxView


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# The suite's config is fixed when the class is built; the sandbox starts later, on this port.
SANDBOX_PORT = _free_port()
SANDBOX_URL = f"http://127.0.0.1:{SANDBOX_PORT}"
CONFIG: dict[str, Any] = {"api_url": SANDBOX_URL, "api_key": BrazeConfig().api_key}


def _expect_refusal(self: TargetFileTestTemplate) -> None:
    with pytest.raises(UnknownStreamError, match="maps to no Braze sink"):
        TargetFileTestTemplate.test(self)


GENERIC_STREAM_TESTS = (
    TargetArrayData,
    TargetCamelcaseComplexSchema,
    TargetCamelcaseTest,
    TargetDuplicateRecords,
    TargetEncodedStringData,
    TargetNoPrimaryKeys,
    TargetOptionalAttributes,
    TargetPrimaryKeyUpdates,
    TargetRecordMissingKeyProperty,
    TargetRecordMissingOptionalFields,
    TargetSchemaNoProperties,
    TargetSchemaUpdates,
    TargetSpecialCharsInAttributes,
)
REFUSED_GENERIC_STREAM_TESTS = [
    type(f"Refused{test.__name__}", (test,), {"test": _expect_refusal})
    for test in GENERIC_STREAM_TESTS
]


class BrazeFileTest(TargetFileTestTemplate):
    """Records from tests/resources/<name>.singer, checked in the sandbox afterwards."""

    @property
    def singer_filepath(self) -> Traversable:
        return files("tests") / "resources" / f"{self.name}.singer"

    @property
    def braze(self) -> SandboxView:
        return SandboxView(SANDBOX_URL)

    def test(self) -> None:
        self.runner.sync_all()
        # Each file ends with a STATE: it is emitted once its records are delivered.
        assert len(self.runner.state_messages) == 1


class BrazeUserAttributesTest(BrazeFileTest):
    name = "braze_user_attributes"

    def validate(self) -> None:
        users = self.braze.users()
        assert users["file-ua-1"]["custom_attributes"] == {"tier": "GOLD", "region": "EU"}
        assert users["file-ua-2"]["custom_attributes"]["order_delayed"] is True
        assert "region" not in users["file-ua-3"]["custom_attributes"]


class BrazeEventsTest(BrazeFileTest):
    name = "braze_events"

    def validate(self) -> None:
        users = self.braze.users()
        event = users["file-ev-1"]["custom_events"][0]
        assert event["name"] == "fulfillment_exception"
        assert event["properties"] == {"order_id": "O1", "reason": "BACKORDERED"}
        assert users["file-ev-2"]["custom_events"][0]["name"] == "partner_update"


class BrazePurchasesTest(BrazeFileTest):
    name = "braze_purchases"

    def validate(self) -> None:
        purchase = self.braze.users()["file-pu-1"]["purchases"][0]
        assert (purchase["product_id"], purchase["currency"], purchase["price"]) == (
            "SKU-42",
            "USD",
            19.99,
        )


class BrazeCampaignTriggersTest(BrazeFileTest):
    name = "braze_campaign_triggers"

    def validate(self) -> None:
        sends = [s for s in self.braze.sends("campaign") if s["campaign_id"] == "service_recovery"]
        assert len(sends) == 1  # both recipients of one campaign in one request
        offers = {r["external_user_id"]: r["properties"]["offer"] for r in sends[0]["recipients"]}
        assert offers == {"file-ct-1": "COMPENSATION", "file-ct-2": "APOLOGY"}


class BrazeCanvasTriggersTest(BrazeFileTest):
    name = "braze_canvas_triggers"

    def validate(self) -> None:
        sends = self.braze.sends("canvas")
        assert [r["external_user_id"] for s in sends for r in s["recipients"]] == ["file-cv-1"]
        assert sends[0]["recipients"][0]["properties"]["process"] == "WARRANTY"


class BrazeCatalogItemsTest(BrazeFileTest):
    name = "braze_catalog_items"

    def validate(self) -> None:
        catalog = self.braze.catalogs()["file_test_availability"]
        items = {i["id"]: i for i in catalog["items"]}
        assert items["SKU-B"]["restock_date"] == "2026-12-15"
        assert items["SKU-A"]["available_qty"] == 3
        assert "catalog_name" not in items["SKU-A"]
        assert "message_key" not in items["SKU-A"]


class BrazeSubscriptionStatesTest(BrazeFileTest):
    name = "braze_subscription_states"

    def validate(self) -> None:
        groups = self.braze.users()["file-ss-1"]["subscription_groups"]
        assert groups == {"restock-alerts": "subscribed"}


class BrazeUserDeletesTest(BrazeFileTest):
    name = "braze_user_deletes"

    def validate(self) -> None:
        users = self.braze.users()
        assert "file-ud-1" not in users
        assert "file-ud-2" in users


class BrazeUserAliasesTest(BrazeFileTest):
    name = "braze_user_aliases"

    def validate(self) -> None:
        aliases = self.braze.users()["file-al-1"]["user_aliases"]
        assert {"alias_name": "file-cookie-2", "alias_label": "storefront"} in aliases
        alias_only = [u for u in self.braze.all_users() if u["external_id"] is None]
        assert any(
            {"alias_name": "file-cookie-1", "alias_label": "storefront"} in u["user_aliases"]
            for u in alias_only
        )


BRAZE_FILE_TESTS = [
    BrazeUserAttributesTest,
    BrazeEventsTest,
    BrazePurchasesTest,
    BrazeCampaignTriggersTest,
    BrazeCanvasTriggersTest,
    BrazeCatalogItemsTest,
    BrazeSubscriptionStatesTest,
    BrazeUserDeletesTest,
    BrazeUserAliasesTest,
]

StandardTargetBrazeTests = get_target_test_class(
    TargetBraze,
    config=CONFIG,
    include_target_tests=False,
    custom_suites=[
        SingerTestSuite(
            kind="target",
            tests=[
                TargetCliPrintsTest,
                TargetInvalidSchemaTest,
                TargetRecordBeforeSchemaTest,
                *REFUSED_GENERIC_STREAM_TESTS,
                *BRAZE_FILE_TESTS,
            ],
        )
    ],
)


class TestTargetBraze(StandardTargetBrazeTests):
    """Standard target tests, with a class-scoped resource as pytest 9.2 requires."""

    @pytest.fixture(scope="class")
    @classmethod
    def resource(cls, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
        state = tmp_path_factory.mktemp("standard")
        # The runner reads this same dict when each test builds its target.
        CONFIG["ledger_url"] = f"sqlite:///{state / 'ledger.sqlite'}"
        CONFIG["dead_letter_dir"] = str(state / "dead-letters")
        with running_sandbox(state / "sandbox", braze_port=SANDBOX_PORT) as sandbox:
            view = SandboxView(sandbox.braze_url)
            view.post("/_sandbox/campaigns", [{"name": name} for name in CAMPAIGNS])
            view.post("/_sandbox/canvases", [{"name": name} for name in CANVASES])
            yield
        # Nothing the Braze-shaped tests sent was refused.
        assert not list(Path(CONFIG["dead_letter_dir"]).glob("*.jsonl"))


def test_a_stream_without_a_sink_is_refused_with_a_clear_error() -> None:
    schema = {
        "type": "SCHEMA",
        "stream": "mystery",
        "key_properties": [],
        "schema": {"properties": {}},
    }
    runner = TargetTestRunner(
        TargetBraze, config={}, input_io=io.StringIO(json.dumps(schema) + "\n")
    )

    with pytest.raises(UnknownStreamError, match="'mystery' maps to no Braze sink"):
        runner.sync_all()


def test_plain_http_is_refused_for_hosts_other_than_loopback(tmp_path: Path) -> None:
    from singer_sdk.exceptions import ConfigValidationError

    from tests.helpers import run_target, singer_input

    config = {
        "api_url": "http://braze.example.com",
        "api_key": "k",
        "ledger_url": f"sqlite:///{tmp_path / 'ledger.sqlite'}",
    }
    with pytest.raises(ConfigValidationError, match="https"):
        run_target(config, singer_input({"events": []}))
