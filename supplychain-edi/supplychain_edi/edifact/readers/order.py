"""ORDERS -> purchase_order."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import DOCUMENT_NAMES, EDIFACT_MESSAGE_FUNCTION
from supplychain_edi.document import RawDocument
from supplychain_edi.edifact.common import (
    body,
    currency,
    dates,
    description,
    first,
    item_ids,
    parties,
    price,
    quantity,
    quantity_unit,
    ref_value,
    references,
    split_lines,
)
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, number


def order_line(block: list[Segment], fallback: int) -> dict[str, Any]:
    head = block[0]
    line_dates = dates(block[1:])
    return {
        "line_number": nonempty(head.get(1)) or str(fallback),
        "quantity": quantity(block, "21"),
        "unit": quantity_unit(block),
        "unit_price": price(block[1:]),
        **item_ids(block),
        "description": description(block[1:]),
        "requested_delivery_date": line_dates.get("2"),
        "dates": line_dates,
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    header, blocks, summary = split_lines(body(document.segments))
    record = base_record(document, "purchase_order")
    bgm = first(header, "BGM") or Segment("BGM", [])
    if not bgm.elements:
        warnings.add("segment_missing", "ORDERS has no BGM segment", None)
    refs = references(header)
    found_parties = parties(header)
    header_dates = dates(header)
    ship_to = found_parties.get("ST") or found_parties.get("DP")
    customer = None
    if ship_to and ship_to["id_qualifier"] and ship_to["id_qualifier"]["code"] == "92":
        customer = ship_to["id"]
    cnt = first(summary, "CNT")
    record.update(
        {
            "po_number": nonempty(bgm.component(2, 1)),
            "purpose": coded(bgm.get(3), EDIFACT_MESSAGE_FUNCTION),
            "order_type": coded(bgm.component(1, 1), DOCUMENT_NAMES),
            "release_number": None,
            "order_date": header_dates.get("137") or header_dates.get("4"),
            "currency": currency(header),
            "customer_order_number": ref_value(refs, "CO", "CR"),
            "customer_id": customer,
            "requested_delivery_date": header_dates.get("2"),
            "requested_ship_date": header_dates.get("10"),
            "dates": header_dates,
            "references": refs,
            "parties": found_parties,
            "line_count": number(cnt.component(1, 2)) if cnt else None,
            "lines": [order_line(b, i) for i, b in enumerate(blocks, 1)],
        }
    )
    return record
