"""The SDK's standard target suite, and file tests with real records for every EDI sink.

The SDK's sample streams (`test_array_data`, ...) are not Trading Grid marts: the target
refuses them with the documented error instead of dropping them, and these tests expect that
refusal. `cli_prints`, `invalid_schema` and `record_before_schema` keep the SDK's own
expectations.
"""

from __future__ import annotations

import io
import json
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

from grid_braze_sandbox.runtime import running_sandbox
from supplychain_edi import parse
from target_trading_grid.target import TargetTradingGrid, UnknownStreamError
from tests import records
from tests.test_sandbox import Grid

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


def _refusing(test_class: type[TargetFileTestTemplate]) -> type[TargetFileTestTemplate]:
    def test(self: TargetFileTestTemplate) -> None:
        with pytest.raises(UnknownStreamError, match="maps to no Trading Grid sink"):
            self.runner.sync_all()

    return type(test_class.__name__, (test_class,), {"test": test})


class GridFileTest(TargetFileTestTemplate):
    """A file test whose input is real mart rows and whose config points into `resource`."""

    stream = ""
    rows: tuple[dict[str, Any], ...] = ()

    @property
    def folder(self) -> Path:
        return Path(self.resource) / self.name

    @property
    def singer_filepath(self) -> Path:  # type: ignore[override]
        return self.folder / "input.singer"

    def run(self, config: Any, resource: Any, runner: TargetTestRunner) -> None:
        self.resource = resource
        records.write_singer(self.singer_filepath, self.stream, self.rows, state={"bookmark": 1})
        runner = TargetTestRunner(TargetTradingGrid, config=records.local_config(self.folder))
        super().run(config, resource, runner)

    def written(self) -> list[dict[str, Any]]:
        outbound = self.folder / "mailbox" / "outbound"
        found = []
        for path in sorted(outbound.glob("*.edi")):
            found += parse(path.read_bytes(), source=path.name)
        return found


class DemandSignalsFileTest(GridFileTest):
    name = "demand_signals_rows"
    stream = "demand_signals"
    rows = tuple(records.demand_rows())

    def validate(self) -> None:
        written = self.written()
        assert {(r["receiver"], r["transaction_set"]["code"]) for r in written} == {
            (records.ACME, "852"),
            (records.GLOBEX, "830"),
            (records.EURO_GLN, "SLSRPT"),
            (records.EURODIS, "DELFOR"),
        }
        # Units sold per partner, sku and region, summed from the rows by hand.
        acme = next(r for r in written if r["receiver"] == records.ACME)
        sold = {}
        for line in acme["lines"]:
            for activity in line["activities"]:
                if activity["activity"]["code"] == "QS":
                    for location in activity["locations"]:
                        sold[line["sku"], location["location_id"]] = location["quantity"]
        assert sold == {
            ("SKU-100", "US-EAST"): 7,
            ("SKU-100", "US-WEST"): 5,
            ("SKU-200", "US-EAST"): 11,
            ("SKU-200", "US-WEST"): 3,
        }
        assert json.loads(self.runner.stdout.strip().splitlines()[-1]) == {"bookmark": 1}


class ApplicationAdviceFileTest(GridFileTest):
    name = "application_advice_rows"
    stream = "application_advice"
    rows = tuple(records.advice_rows())

    def validate(self) -> None:
        written = {r["receiver"]: r for r in self.written()}
        assert {k: v["transaction_set"]["code"] for k, v in written.items()} == {
            records.ACME: "824",
            records.GLOBEX: "824",
            records.EURO_GLN: "APERAK",
        }
        assert written[records.ACME]["status"]["code"] == "TR"
        assert written[records.ACME]["lines"][0]["reference"] == "ASN-88231"


class FunctionalAcksFileTest(GridFileTest):
    name = "functional_acks_rows"
    stream = "functional_acks"
    rows = tuple(records.ack_rows())

    def validate(self) -> None:
        written = {r["receiver"]: r for r in self.written()}
        assert {k: v["transaction_set"]["code"] for k, v in written.items()} == {
            records.ACME: "997",
            records.GLOBEX: "999",
            records.EURO_GLN: "CONTRL",
        }
        assert written[records.ACME]["acknowledged_group_control_number"] == "417"
        assert written[records.GLOBEX]["group_status"]["code"] == "R"
        assert written[records.EURO_GLN]["acknowledged_interchange_control_number"] == "731"


class ActiveCommunityFileTest(GridFileTest):
    """A file test against a Trading Grid sandbox started for it: cases and documents exist
    there first, then the rows that act on them go through the target."""

    def prepare(self, grid: Grid) -> None:
        raise NotImplementedError

    def run(self, config: Any, resource: Any, runner: TargetTestRunner) -> None:
        self.resource = resource
        with running_sandbox(self.folder / "sandbox", write_connection_file=False) as sandbox:
            self.grid = Grid(sandbox)
            self.grid.admin("POST", "/partners", [{"address": records.ACME, "kind": "partner"}])
            self.prepare(self.grid)
            records.write_singer(self.singer_filepath, self.stream, self.rows)
            settings = self.grid.settings
            config = {
                **records.local_config(self.folder),
                **{k: settings[k] for k in ("api_url", "client_id", "client_secret", "tenant_id")},
            }
            runner = TargetTestRunner(TargetTradingGrid, config=config)
            TargetFileTestTemplate.run(self, config, resource, runner)


class PartnerCaseUpdatesFileTest(ActiveCommunityFileTest):
    name = "partner_case_updates_rows"
    stream = "partner_case_updates"

    def prepare(self, grid: Grid) -> None:
        case = grid.admin(
            "POST",
            "/ac/cases",
            {
                "partnerAddress": records.ACME,
                "category": "SHIPMENT_DELAY",
                "references": {"poNumber": "4500000102"},
            },
        )
        self.case_id = case["caseId"]
        self.rows = (
            {
                "message_key": "f7a:evt-10",
                "ready_at": "2026-11-03T05:00:00Z",
                "case_id": self.case_id,
                "partner_id": records.ACME,
                "category": "DELIVERY",
                "score": 1,
                "comment": "Still waiting",
                "order_id": "ORD-10",
                "po_number": "4500000102",
                "origin": "CUSTOMER_FEEDBACK",
                "status": None,
            },
            {
                "message_key": "f7a:evt-11",
                "ready_at": "2026-11-03T05:00:00Z",
                "case_id": None,
                "partner_id": records.ACME,
                "category": "PACKAGING",
                "score": 2,
                "comment": "Torn box",
                "order_id": "ORD-11",
                "po_number": "4500000104",
                "origin": "CUSTOMER_FEEDBACK",
                "status": None,
            },
        )

    def validate(self) -> None:
        comments = self.grid.api(f"/ac/v1/cases/{self.case_id}/comments")
        assert [c["externalRef"] for c in comments] == ["f7a:evt-10"]
        cases = self.grid.api("/ac/v1/cases", partnerAddress=records.ACME)
        created = [c for c in cases if c["references"].get("orderId") == "ORD-11"]
        assert [c["category"] for c in created] == ["PROCESS_FEEDBACK"]


class DocumentDecisionsFileTest(ActiveCommunityFileTest):
    name = "document_decisions_rows"
    stream = "document_decisions"

    def prepare(self, grid: Grid) -> None:
        self.document_id = grid.admin(
            "POST",
            "/ac/documents",
            {"partnerAddress": records.ACME, "documentType": "W9", "fileName": "w9.pdf"},
        )["documentId"]
        self.rows = (
            {
                "message_key": "doc:10",
                "ready_at": "2026-11-03T05:00:00Z",
                "document_id": self.document_id,
                "decision": "REJECTED",
                "note": "Unsigned",
            },
        )

    def validate(self) -> None:
        document = self.grid.api(f"/ac/v1/documents/{self.document_id}")
        assert (document["approvalStatus"], document["decisionNote"]) == ("REJECTED", "Unsigned")


StandardTargetTradingGridTests = get_target_test_class(
    TargetTradingGrid,
    config={},
    include_target_tests=False,
    custom_suites=[
        SingerTestSuite(
            kind="target",
            tests=[
                TargetCliPrintsTest,
                TargetInvalidSchemaTest,
                TargetRecordBeforeSchemaTest,
                *[_refusing(t) for t in GENERIC_STREAM_TESTS],
                DemandSignalsFileTest,
                ApplicationAdviceFileTest,
                FunctionalAcksFileTest,
                PartnerCaseUpdatesFileTest,
                DocumentDecisionsFileTest,
            ],
        )
    ],
)


class TestTargetTradingGrid(StandardTargetTradingGridTests):
    """Standard target tests, with a class-scoped resource as pytest 9.2 requires."""

    @pytest.fixture(scope="class")
    @classmethod
    def resource(cls, tmp_path_factory: pytest.TempPathFactory) -> Path:
        return tmp_path_factory.mktemp("target-trading-grid")


def test_a_stream_without_a_sink_is_refused_with_a_clear_error() -> None:
    schema = {
        "type": "SCHEMA",
        "stream": "mystery",
        "key_properties": [],
        "schema": {"properties": {}},
    }
    runner = TargetTestRunner(
        TargetTradingGrid, config={}, input_io=io.StringIO(json.dumps(schema) + "\n")
    )

    with pytest.raises(UnknownStreamError, match="'mystery' maps to no"):
        runner.sync_all()
