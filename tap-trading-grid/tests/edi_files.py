"""Mailbox files for the tests, written with the EDI library's writers.

Every expected value a test checks comes from here: the documents written, their control numbers
and business keys. None of it is read back through the tap.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supplychain_edi import EdifactEnvelope, X12Envelope, write_edifact, write_x12

WHEN = datetime.datetime(2026, 11, 2, 9, 15, tzinfo=datetime.UTC)
OUR_ADDRESS = ("ZZ", "OURCO")

LINE = {"line_number": "1", "sku": "WIDGET-001", "upc": "076123400003"}
LINE_2 = {"line_number": "2", "sku": "WIDGET-002", "upc": "076123400010"}

# One partial record per business document, as partners and we send them. The writers fill
# what is missing; the values here are what the tests expect to read.
PARTIAL_RECORDS: dict[str, dict[str, Any]] = {
    "purchase_order": {
        "document_type": "purchase_order",
        "po_number": "4500000102",
        "order_date": "2026-11-01",
        "requested_delivery_date": "2026-11-20",
        "customer_order_number": "ORD-77",
        "parties": {"ST": {"name": "Jane Doe", "id_qualifier": "92", "id": "CUST-9"}},
        "lines": [
            {**LINE, "quantity": 3, "unit": "EA", "unit_price": 12.5},
            {**LINE_2, "quantity": 1, "unit": "EA", "unit_price": 40},
        ],
    },
    "po_acknowledgement": {
        "document_type": "po_acknowledgement",
        "po_number": "4500000102",
        "acknowledgement_type": "AC",
        "lines": [
            {
                **LINE,
                "ordered_quantity": 3,
                "status": "IB",
                "acknowledged_quantity": 3,
                "schedule_date_qualifier": "068",
                "schedule_date": "2026-12-01",
            }
        ],
    },
    "ship_notice": {
        "document_type": "ship_notice",
        "asn_number": "ASN-1",
        "po_number": "4500000102",
        "asn_date": "2026-11-03",
        "estimated_delivery_date": "2026-11-08",
        "lines": [{**LINE, "shipped_quantity": 3}, {**LINE_2, "shipped_quantity": 1}],
    },
    "invoice": {
        "document_type": "invoice",
        "invoice_number": "INV-1",
        "invoice_date": "2026-11-10",
        "po_number": "4500000102",
        "total_amount": 77.5,
        "lines": [
            {**LINE, "quantity": 3, "unit_price": 12.5},
            {**LINE_2, "quantity": 1, "unit_price": 40},
        ],
    },
    "inventory_advice": {
        "document_type": "inventory_advice",
        "report_number": "INV-1",
        "report_date": "2026-11-01",
        "lines": [{**LINE, "available_quantity": 0, "available_date": "2026-12-15"}],
    },
    "product_activity": {
        "document_type": "product_activity",
        "report_number": "DS-20261101",
        "period_start": "2026-11-01",
        "period_end": "2026-11-01",
        "lines": [
            {
                **LINE,
                "activities": [
                    {
                        "activity": "QS",
                        "quantity": 12,
                        "unit": "EA",
                        "locations": [{"location_id": "US-EAST", "quantity": 12}],
                    }
                ],
            }
        ],
    },
    "planning_schedule": {
        "document_type": "planning_schedule",
        "schedule_reference": "FC-1",
        "horizon_start": "2026-11-30",
        "horizon_end": "2026-12-06",
        "issue_date": "2026-11-28",
        "lines": [
            {
                **LINE,
                "unit": "EA",
                "forecasts": [
                    {
                        "quantity": 40,
                        "forecast_type": "D",
                        "timing": "W",
                        "start_date": "2026-11-30",
                        "end_date": "2026-12-06",
                    }
                ],
            }
        ],
    },
    "order_status": {
        "document_type": "order_status",
        "report_number": "OSR-1",
        "report_date": "2026-11-05",
        "lines": [{**LINE, "po_number": "4500000102", "status": "BK", "status_date": "2026-11-20"}],
    },
    "shipment_status": {
        "document_type": "shipment_status",
        "pro_number": "PRO-1",
        "bol_number": "BOL-1",
        "carrier_scac": "ABCD",
        "po_number": "4500000102",
        "lines": [
            {
                "status": "SD",
                "status_reason": "AO",
                "status_date": {"date": "2026-11-04", "time": "09:00"},
            }
        ],
    },
    "return": {
        "document_type": "return",
        "rma_number": "RMA-1",
        "po_number": "4500000102",
        "return_date": "2026-11-08",
        "reason": "01",
        "lines": [{**LINE, "quantity": 1}],
    },
    "application_advice": {
        "document_type": "application_advice",
        "reference": "AA-1",
        "advice_date": "2026-11-06",
        "lines": [
            {
                "status": "TR",
                "reference_qualifier": "IV",
                "reference": "INV-9",
                "errors": [{"code": "848", "message": "price does not match"}],
            }
        ],
    },
    "functional_ack": {
        "document_type": "functional_ack",
        "acknowledged_functional_id": "IN",
        "acknowledged_group_control_number": "41",
        "group_status": "A",
        "lines": [{"set_code": "810", "set_control_number": "0004", "status": "A"}],
    },
}

# How many lines each partial record has: the expected `<stream>_lines` counts.
LINE_COUNTS = {
    document_type: len(record["lines"]) for document_type, record in PARTIAL_RECORDS.items()
}


@dataclass(frozen=True)
class WrittenFile:
    """A file put in a mailbox folder, with what the tap must make of it."""

    path: Path
    document_type: str
    document_id: str
    sender: str
    lines: int


def x12_text(document_type: str, sender_id: str, control: int, **changes: Any) -> str:
    record = {**PARTIAL_RECORDS[document_type], **changes}
    envelope = X12Envelope(
        sender_qualifier="ZZ",
        sender_id=sender_id,
        receiver_qualifier=OUR_ADDRESS[0],
        receiver_id=OUR_ADDRESS[1],
        interchange_control_number=control,
        group_control_number=control,
        timestamp=WHEN,
        version="004010",
        usage="P",
    )
    return write_x12([record], envelope)


def edifact_text(document_type: str, sender_id: str, control: int) -> str:
    envelope = EdifactEnvelope(
        sender_qualifier="ZZ",
        sender_id=sender_id,
        receiver_qualifier=OUR_ADDRESS[0],
        receiver_id=OUR_ADDRESS[1],
        interchange_control_number=control,
        timestamp=WHEN,
        test=False,
    )
    return write_edifact([PARTIAL_RECORDS[document_type]], envelope)


def x12_document_id(sender_id: str, control: int) -> str:
    # sender address : ISA13 : GS06 : ST02, as the library's README defines document_id.
    return f"ZZ:{sender_id}:{control:09d}:{control}:0001"


def put_file(folder: Path, name: str, text: str | bytes, mtime: int | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def put_x12(
    folder: Path,
    document_type: str,
    sender_id: str,
    control: int,
    mtime: int | None = None,
    name: str | None = None,
) -> WrittenFile:
    name = name or f"{sender_id}_{document_type}_{control}.edi"
    path = put_file(folder, name, x12_text(document_type, sender_id, control), mtime)
    return WrittenFile(
        path=path,
        document_type=document_type,
        document_id=x12_document_id(sender_id, control),
        sender=f"ZZ:{sender_id}",
        lines=LINE_COUNTS[document_type],
    )
