"""The personal-field guard: what looks like a person never reaches a partner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from target_trading_grid.privacy import personal_findings
from tests import records
from tests.conftest import run_target


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"comment": "write to jane.doe@example.com please"}, "email address"),
        ({"comment": "call +44 20 7946 0958"}, "phone number"),
        ({"comment": "call (555) 123-4567 after six"}, "phone number"),
        ({"note": "555-123-4567"}, "phone number"),
        ({"ref": "5f9d88a1c2b3e4f5a6b7c8d9"}, "Braze id"),
        ({"first_name": "Jane"}, "named like personal data"),
        ({"customer": {"email": "x"}}, "'customer.email' is named like personal data"),
        ({"external_id": "C-1001"}, "named like personal data"),
        ({"name": "Jane Doe"}, "named like personal data"),
    ],
)
def test_personal_values_and_fields_are_found(record: dict, reason: str) -> None:
    findings = personal_findings(record)
    assert len(findings) == 1
    assert reason in findings[0]


@pytest.mark.parametrize(
    "record",
    [
        {"po_number": "4500000102", "gtin": "00012345678905", "isa13": "000000417"},
        {"period_start": "2026-11-01", "ready_at": "2026-11-03T02:07:00Z"},
        {"comment": "Box arrived crushed, contact details [removed]"},
        {"partner_id": "ZZ:ACMESUPPLY", "sku": "SKU-100", "region": "US-EAST"},
        {"email": None, "phone": ""},
        {"message_key": "f7a:8c1e4f1a-6a0e-4c47-9d0c-1a2b3c4d5e6f"},
    ],
)
def test_business_values_pass(record: dict) -> None:
    assert personal_findings(record) == []


def test_an_allowed_field_passes_and_everything_under_it() -> None:
    record = {"contact": {"email": "buyer@acme.example"}, "comment": "mail ops@acme.example"}
    findings = personal_findings(record, ["contact"])
    assert findings == ["field 'comment' holds what looks like an email address"]


def test_a_personal_row_goes_to_dead_letters_and_the_rest_is_sent(tmp_path: Path) -> None:
    rows = records.demand_rows()[:2]
    leaky = {**rows[0], "message_key": "f4:leaky", "customer_email": "jane@example.com"}
    config = records.local_config(tmp_path)
    run_target(config, records.singer_text("demand_signals", [leaky, rows[1]]))

    (dead,) = (tmp_path / "dead-letters").glob("demand_signals-*.singer.jsonl")
    messages = [json.loads(line) for line in dead.read_text(encoding="utf-8").splitlines()]
    assert [m["type"] for m in messages] == ["SCHEMA", "RECORD"]
    assert messages[1]["record"]["message_key"] == "f4:leaky"
    assert messages[1]["dead_letter"]["reasons"] == [
        "privacy guard: field 'customer_email' is named like personal data"
    ]
    (sent,) = (tmp_path / "mailbox" / "outbound").glob("*.edi")
    assert "jane@example.com" not in sent.read_text(encoding="utf-8")


def test_allowed_personal_fields_lets_a_named_field_through(tmp_path: Path) -> None:
    row = {**records.demand_rows()[0], "account_name": "Acme West"}
    config = records.local_config(tmp_path, allowed_personal_fields=["account_name"])
    run_target(config, records.singer_text("demand_signals", [row]))
    assert not (tmp_path / "dead-letters").exists()
    assert len(list((tmp_path / "mailbox" / "outbound").glob("*.edi"))) == 1
