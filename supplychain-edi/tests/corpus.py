"""Records to write: everything the reading tests read, grouped by dialect."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from supplychain_edi import EdifactEnvelope, X12Envelope, parse, parse_file

GOLDEN = Path(__file__).parent / "golden"
WHEN = datetime.datetime(2026, 11, 2, 9, 15, tzinfo=datetime.UTC)

# Fields that describe the envelope a record arrived in, not the document itself: a
# record written into a new envelope reads back with these changed and nothing else.
ENVELOPE_FIELDS = frozenset(
    {
        "document_id",
        "envelope",
        "sender",
        "receiver",
        "interchange_control_number",
        "group_control_number",
        "set_control_number",
        "is_test",
        "version",
        "source_file",
        "warnings",
    }
)


def x12_envelope(version: str = "004010", control: int = 501) -> X12Envelope:
    return X12Envelope(
        sender_qualifier="ZZ",
        sender_id="OURCO",
        receiver_qualifier="ZZ",
        receiver_id="ACMESUPPLY",
        interchange_control_number=control,
        group_control_number=control,
        timestamp=WHEN,
        version=version,
        usage="T",
    )


def edifact_envelope(control: int = 601) -> EdifactEnvelope:
    return EdifactEnvelope(
        sender_qualifier="ZZ",
        sender_id="OURCO",
        receiver_qualifier="14",
        receiver_id="EURODIS",
        interchange_control_number=control,
        timestamp=WHEN,
        test=True,
    )


# The 856 writer always writes a shipment/order/item tree and numbers its HLs itself, so
# a partner's own HL numbering (pack levels, private levels) is not kept on the way back.
HIERARCHY_FIELDS = frozenset({"hierarchy", "hl_id", "parent_hl_id"})


def document_part(record: dict[str, Any]) -> dict[str, Any]:
    part = {k: v for k, v in record.items() if k not in ENVELOPE_FIELDS | HIERARCHY_FIELDS}
    part["lines"] = [
        {k: v for k, v in line.items() if k not in HIERARCHY_FIELDS}
        for line in record.get("lines") or []
    ]
    return part


def golden_records(dialect: str) -> list[dict[str, Any]]:
    records = []
    for path in sorted(GOLDEN.glob("*.edi")):
        records += [r for r in parse_file(path) if r["dialect"] == dialect]
    return records


def mock_records(exchanges: list[Any], orders: list[str], dialect: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for exchange in exchanges:
        for interchange in exchange.interchanges:
            records += [r for r in parse(interchange) if r["dialect"] == dialect]
    for payload in orders:
        records += [r for r in parse(payload) if r["dialect"] == dialect]
    return records
