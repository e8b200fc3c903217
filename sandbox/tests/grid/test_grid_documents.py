"""Documents the sandbox writes into inbound/ as a partner (issue 5 item 3): every one reads
cleanly with the EDI library, carries what was asked for, and is in the inbox; damage and
duplicates only when asked."""

from __future__ import annotations

from typing import Any

import paramiko
import pytest
from gridhelpers import GridClient, put, x12_from_us

from supplychain_edi import parse

CARRIER = "ZZ:CARRIERX"

DOCUMENTS: list[tuple[str, dict[str, Any], str, str, Any]] = [
    (
        "X12",
        {
            "document_type": "inventory_advice",
            "lines": [
                {
                    "line_number": "1",
                    "sku": "KETTLE-1",
                    "available_quantity": 0,
                    "available_date": "2026-11-20",
                }
            ],
        },
        "846",
        "lines.0.available_date.date",
        "2026-11-20",
    ),
    (
        "X12",
        {
            "document_type": "order_status",
            "lines": [
                {
                    "po_number": "4500000102",
                    "sku": "KETTLE-1",
                    "status": "BO",
                    "status_date": "2026-11-20",
                }
            ],
        },
        "870",
        "lines.0.po_number",
        "4500000102",
    ),
    (
        "X12",
        {
            "document_type": "shipment_status",
            "pro_number": "PRO1",
            "po_number": "4500000102",
            "lines": [{"status": "SD", "status_reason": "AO", "status_date": "2026-11-03"}],
        },
        "214",
        "status.code",
        "SD",
    ),
    (
        "X12",
        {
            "document_type": "application_advice",
            "lines": [
                {
                    "status": "TR",
                    "reference": "4500000102",
                    "errors": [{"code": "848", "message": "bad price"}],
                }
            ],
        },
        "824",
        "status.code",
        "TR",
    ),
    (
        "X12",
        {
            "document_type": "return",
            "rma_number": "RMA-77",
            "return_date": "2026-11-05",
            "lines": [{"line_number": "1", "sku": "KETTLE-1", "quantity": 1}],
        },
        "180",
        "rma_number",
        "RMA-77",
    ),
    (
        "X12",
        {
            "document_type": "po_acknowledgement",
            "po_number": "4500000102",
            "acknowledgement_type": "AC",
            "lines": [
                {
                    "line_number": "1",
                    "sku": "KETTLE-1",
                    "quantity": 5,
                    "status": "DR",
                    "acknowledged_quantity": 5,
                    "schedule_date_qualifier": "068",
                    "schedule_date": "2026-11-25",
                }
            ],
        },
        "855",
        "lines.0.schedule_date.date",
        "2026-11-25",
    ),
    (
        "X12",
        {
            "document_type": "ship_notice",
            "asn_number": "ASN-1",
            "po_number": "4500000102",
            "estimated_delivery_date": "2026-11-12",
            "lines": [
                {
                    "line_number": "1",
                    "sku": "KETTLE-1",
                    "shipped_quantity": 5,
                    "po_number": "4500000102",
                }
            ],
        },
        "856",
        "estimated_delivery_date.date",
        "2026-11-12",
    ),
    (
        "X12",
        {
            "document_type": "invoice",
            "invoice_number": "CR-9",
            "po_number": "4500000102",
            "invoice_type": "CR",
            "total_amount": 25.0,
            "lines": [{"line_number": "1", "sku": "KETTLE-1", "quantity": 1, "unit_price": 25}],
        },
        "810",
        "is_credit",
        True,
    ),
    (
        "EDIFACT",
        {
            "document_type": "inventory_advice",
            "lines": [{"line_number": "1", "sku": "KETTLE-1", "available_quantity": 40}],
        },
        "INVRPT",
        "lines.0.available_quantity",
        40,
    ),
    (
        "EDIFACT",
        {
            "document_type": "shipment_status",
            "pro_number": "PRO2",
            "lines": [{"status": "SD", "status_date": "2026-11-03"}],
        },
        "IFTSTA",
        "pro_number",
        "PRO2",
    ),
    (
        "EDIFACT",
        {
            "document_type": "application_advice",
            "lines": [{"status": "TR", "reference": "PO-EU-1"}],
        },
        "APERAK",
        "status.code",
        "TR",
    ),
]


def _value(record: dict[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


@pytest.mark.parametrize(
    ("dialect", "record", "set_code", "path", "expected"),
    DOCUMENTS,
    ids=[f"{d[0]}-{d[2]}" for d in DOCUMENTS],
)
def test_every_written_document_reads_cleanly(
    grid: GridClient,
    sftp: paramiko.SFTPClient,
    dialect: str,
    record: dict[str, Any],
    set_code: str,
    path: str,
    expected: Any,
) -> None:
    grid.admin("POST", "/partners", {"address": CARRIER, "kind": "partner"}, status=201)
    written = grid.admin(
        "POST", "/documents", {"from": CARRIER, "dialect": dialect, "records": [record]}, status=201
    )
    with sftp.open(f"/inbound/{written['filename']}") as handle:
        records = parse(handle.read())
    assert len(records) == 1
    read = records[0]
    assert read["document_type"] == record["document_type"]
    assert read["warnings"] == []
    assert read["transaction_set"]["code"] == set_code
    assert (read["sender"], read["receiver"]) == (CARRIER, "ZZ:OURCO")
    assert _value(read, path) == expected
    document = grid.get(f"/tg/v1/documents/{written['documentId']}").json()
    assert (document["documentType"], document["status"], document["errors"]) == (
        set_code,
        "READY_FOR_PICKUP",
        [],
    )


def test_content_confirm_and_reset(grid: GridClient) -> None:
    grid.admin("POST", "/partners", {"address": CARRIER, "kind": "partner"}, status=201)
    written = grid.admin(
        "POST",
        "/documents",
        {
            "from": CARRIER,
            "records": [DOCUMENTS[2][1]],
            "filename": "214-a.edi",
            "control_number": 77,
        },
        status=201,
    )
    assert written["filename"] == "214-a.edi"
    document_id = written["documentId"]
    content = grid.get(f"/tg/v1/documents/{document_id}/content")
    assert content.headers["Content-Type"] == "application/edi-x12"
    assert (
        content.headers["ETag"].strip('"')
        == grid.get(f"/tg/v1/documents/{document_id}").json()["sha256"]
    )
    assert parse(content.content)[0]["interchange_control_number"] == "000000077"

    ready = grid.get("/tg/v1/mailboxes/MB-1001/inbox", status="READY_FOR_PICKUP").json()["data"]
    assert [d["documentId"] for d in ready] == [document_id]
    confirmed = grid.post(f"/tg/v1/documents/{document_id}/confirm").json()
    assert (confirmed["status"], confirmed["downloadedAt"] is not None) == ("DELIVERED", True)
    assert (
        grid.get("/tg/v1/mailboxes/MB-1001/inbox", status="READY_FOR_PICKUP").json()["data"] == []
    )
    reset = grid.post(f"/tg/v1/documents/{document_id}/reset").json()
    assert (reset["status"], reset["downloadedAt"]) == ("READY_FOR_PICKUP", None)


@pytest.mark.parametrize("kind", ["bad_separators", "wrong_segment_count", "truncated"])
def test_malformed_documents_are_damaged_on_purpose(
    grid: GridClient, sftp: paramiko.SFTPClient, kind: str
) -> None:
    grid.admin("POST", "/partners", {"address": CARRIER, "kind": "partner"}, status=201)
    written = grid.admin(
        "POST",
        "/documents",
        {"from": CARRIER, "records": [DOCUMENTS[2][1]], "malformed": kind},
        status=201,
    )
    with sftp.open(f"/inbound/{written['filename']}") as handle:
        records = parse(handle.read())
    problems = [r for r in records if r["document_type"] == "document_error" or r["warnings"]]
    assert problems, records
    if kind == "wrong_segment_count":
        assert [w["code"] for w in records[0]["warnings"]] == ["segment_count_mismatch"]


def test_fault_switches_damage_and_duplicate_what_suppliers_send(
    grid: GridClient, sftp: paramiko.SFTPClient
) -> None:
    grid.admin("POST", "/partners", {"address": CARRIER, "kind": "partner"}, status=201)
    grid.admin("POST", "/faults", {"duplicate_delivery_next": 1})
    grid.admin(
        "POST", "/partners", {"address": "ZZ:ACMESUPPLY", "acks": {"mode": "accept"}}, status=201
    )
    report = {
        "document_type": "product_activity",
        "period_start": {"date": "2026-11-01"},
        "period_end": {"date": "2026-11-01"},
        "lines": [{"line_number": "1", "sku": "K", "quantity_sold": 1}],
    }
    put(sftp, "/outbound/852.edi", x12_from_us([report], "ZZ:ACMESUPPLY", 11))
    names = sftp.listdir("/inbound")
    assert len(names) == 2  # the 997, delivered twice
    contents = set()
    for name in names:
        with sftp.open(f"/inbound/{name}") as handle:
            contents.add(handle.read())
    assert len(contents) == 1

    grid.admin("POST", "/faults", {"malformed_next": 1, "malformed_kind": "truncated"})
    put(sftp, "/outbound/852b.edi", x12_from_us([report], "ZZ:ACMESUPPLY", 12))
    newest = sorted(set(sftp.listdir("/inbound")) - set(names))
    assert len(newest) == 1
    with sftp.open(f"/inbound/{newest[0]}") as handle:
        damaged = parse(handle.read())
    assert any(r["document_type"] == "document_error" for r in damaged)


def test_duplicate_true_delivers_the_same_bytes_twice(grid: GridClient) -> None:
    grid.admin("POST", "/partners", {"address": CARRIER, "kind": "partner"}, status=201)
    written = grid.admin(
        "POST",
        "/documents",
        {"from": CARRIER, "records": [DOCUMENTS[2][1]], "duplicate": True},
        status=201,
    )
    assert len(written["copies"]) == 2
    inbox = grid.get("/tg/v1/mailboxes/MB-1001/inbox").json()["data"]
    assert len({d["sha256"] for d in inbox}) == 1
    assert len({d["filename"] for d in inbox}) == 2


def test_unknown_partners_and_bad_records_are_problems(grid: GridClient) -> None:
    missing = grid.admin(
        "POST", "/documents", {"from": "ZZ:NOBODY", "records": [DOCUMENTS[2][1]]}, status=404
    )
    assert missing["code"] == "partner_not_found"
    grid.admin("POST", "/partners", {"address": CARRIER, "kind": "partner"}, status=201)
    refused = grid.admin(
        "POST",
        "/documents",
        {"from": CARRIER, "records": [{"document_type": "nonsense"}]},
        status=400,
    )
    assert refused["code"] == "unwritable_document"
