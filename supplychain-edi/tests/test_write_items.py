"""A line's item numbers survive writing and reading back."""

from __future__ import annotations

import datetime as dt

from supplychain_edi import X12Envelope, parse, write_x12

ENVELOPE = X12Envelope(
    sender_qualifier="ZZ",
    sender_id="OURCO",
    receiver_qualifier="ZZ",
    receiver_id="ACMESUPPLY",
    interchange_control_number=7,
    group_control_number=7,
    timestamp=dt.datetime(2026, 11, 2, 9, 15, tzinfo=dt.UTC),
    version="004010",
    usage="P",
)


def test_an_850_line_with_a_sku_and_a_upc_keeps_both() -> None:
    order = {
        "document_type": "purchase_order",
        "po_number": "4500000102",
        "order_date": "2026-11-02",
        "lines": [
            {"line_number": "1", "quantity": 2, "unit": "EA", "sku": "SKU-7", "upc": "012345678905"}
        ],
    }

    (read,) = parse(write_x12([order], ENVELOPE))

    line = read["lines"][0]
    assert (line["sku"], line["upc"]) == ("SKU-7", "012345678905")
