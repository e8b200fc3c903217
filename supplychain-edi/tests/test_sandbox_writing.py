"""The partial records the sandbox and target-trading-grid write from, for each set.

They give only the fields they know, with plain-string codes and ISO dates; what they
gave must read back, and pyx12 must find the interchange well counted.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from pyx12.x12file import X12Reader

from supplychain_edi import parse, write_edifact, write_x12
from tests.corpus import edifact_envelope, x12_envelope

LINE = {"line_number": "1", "sku": "WIDGET-001", "upc": "076123400003"}

PARTIAL_RECORDS: dict[str, dict[str, Any]] = {
    "850": {
        "document_type": "purchase_order",
        "po_number": "4500000102",
        "order_date": "2026-11-01",
        "requested_delivery_date": "2026-11-20",
        "customer_order_number": "ORD-77",
        "parties": {"ST": {"name": "Jane Doe", "id_qualifier": "92", "id": "CUST-9"}},
        "lines": [{**LINE, "quantity": 3, "unit": "EA", "unit_price": 12.5}],
    },
    "855": {
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
    "856": {
        "document_type": "ship_notice",
        "asn_number": "ASN-1",
        "po_number": "4500000102",
        "asn_date": "2026-11-03",
        "estimated_delivery_date": "2026-11-08",
        "lines": [{**LINE, "shipped_quantity": 3}],
    },
    "810": {
        "document_type": "invoice",
        "invoice_number": "CR-1",
        "invoice_date": "2026-11-10",
        "po_number": "4500000102",
        "invoice_type": "CR",
        "total_amount": -37.5,
        "lines": [{**LINE, "quantity": 3, "unit_price": 12.5}],
    },
    "846": {
        "document_type": "inventory_advice",
        "report_number": "INV-1",
        "report_date": "2026-11-01",
        "lines": [{**LINE, "available_quantity": 0, "available_date": "2026-12-15"}],
    },
    "870": {
        "document_type": "order_status",
        "report_number": "OSR-1",
        "report_date": "2026-11-05",
        "lines": [{**LINE, "po_number": "4500000102", "status": "BO", "status_date": "2026-11-20"}],
    },
    "214": {
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
    "180": {
        "document_type": "return",
        "rma_number": "RMA-1",
        "po_number": "4500000102",
        "return_date": "2026-11-08",
        "reason": "BC",
        "disposition": "CR",
        "lines": [{**LINE, "quantity": 1}],
    },
    "824": {
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
    "997": {
        "document_type": "functional_ack",
        "acknowledged_functional_id": "IN",
        "acknowledged_group_control_number": "41",
        "group_status": "A",
        "lines": [{"set_code": "810", "set_control_number": "0004", "status": "A"}],
    },
}
# What each partial record must read back as.
EXPECTED = {
    "850": lambda r: (
        (r["customer_id"], r["customer_order_number"], r["requested_delivery_date"]["date"])
        == ("CUST-9", "ORD-77", "2026-11-20")
    ),
    "855": lambda r: (
        (
            r["lines"][0]["status"]["code"],
            r["lines"][0]["schedule_date"]["date"],
            r["lines"][0]["backorder_quantity"],
        )
        == ("IB", "2026-12-01", 3)
    ),
    "856": lambda r: (
        (r["asn_number"], r["estimated_delivery_date"]["date"], r["lines"][0]["po_number"])
        == ("ASN-1", "2026-11-08", "4500000102")
    ),
    "810": lambda r: (r["is_credit"], r["total_amount"]) == (True, -37.5),
    "846": lambda r: (
        (r["lines"][0]["available_quantity"], r["lines"][0]["available_date"]["date"])
        == (0, "2026-12-15")
    ),
    "870": lambda r: (
        (r["po_number"], r["lines"][0]["status"]["meaning"]) == ("4500000102", "back ordered")
    ),
    "214": lambda r: (
        (r["status"]["code"], r["status_reason"]["code"], r["pro_number"], r["po_number"])
        == ("SD", "AO", "PRO-1", "4500000102")
    ),
    "180": lambda r: (
        (r["rma_number"], r["reason"]["code"], r["disposition"]["code"]) == ("RMA-1", "BC", "CR")
    ),
    "824": lambda r: (r["status"]["code"], r["invoice_number"]) == ("TR", "INV-9"),
    "997": lambda r: (r["group_status"]["code"], r["lines"][0]["set_code"]["code"]) == ("A", "810"),
}


@pytest.mark.parametrize("set_code", sorted(PARTIAL_RECORDS))
def test_partial_record_writes_and_reads_back(set_code: str) -> None:
    text = write_x12([PARTIAL_RECORDS[set_code]], x12_envelope())
    reader = X12Reader(io.StringIO(text))
    list(reader)
    reader.cleanup()
    assert reader.pop_errors() == []
    (record,) = parse(text)
    assert record["transaction_set"]["code"] == set_code
    assert record["warnings"] == []
    assert EXPECTED[set_code](record), record


@pytest.mark.parametrize("set_code", ["850", "855", "856", "810", "846", "214", "824", "997"])
def test_partial_record_writes_as_edifact_too(set_code: str) -> None:
    (record,) = parse(write_edifact([PARTIAL_RECORDS[set_code]], edifact_envelope()))
    assert record["document_type"] == PARTIAL_RECORDS[set_code]["document_type"]
    assert record["warnings"] == []
