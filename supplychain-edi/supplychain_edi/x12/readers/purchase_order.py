"""850 Purchase Order -> purchase_order."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import DATE_QUALIFIERS, PO_TYPE, PURPOSE
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, date_value, number
from supplychain_edi.x12.common import (
    body,
    dates,
    description,
    first,
    item_columns,
    padded,
    parties,
    product_ids,
    ref_value,
    references,
    split_blocks,
    unit,
)


def customer_id(found_parties: dict[str, dict[str, Any]]) -> str | None:
    """Our customer's id: N1*ST*...*92*<id> (DESIGN §3), the buyer-assigned ship-to code."""
    ship_to = found_parties.get("ST")
    if ship_to and ship_to["id_qualifier"] and ship_to["id_qualifier"]["code"] == "92":
        return ship_to["id"]
    return None


def order_line(block: list[Segment], fallback: int) -> dict[str, Any]:
    head = block[0]
    rest = block[1:]
    line_number, quantity, unit_code, price = padded(head, 4)
    sku, upc, vendor_item, buyer_item, ids = item_columns(product_ids(head, 6))
    line_dates = dates(rest)
    return {
        "line_number": line_number.strip() or str(fallback),
        "quantity": number(quantity),
        "unit": unit(unit_code),
        "unit_price": number(price),
        "sku": sku,
        "upc": upc,
        "vendor_item": vendor_item,
        "buyer_item": buyer_item,
        "product_ids": ids,
        "description": description(rest),
        "requested_delivery_date": line_dates.get("002"),
        "dates": line_dates,
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    header, blocks, summary = split_blocks(segments, "PO1", stop=("CTT", "AMT"))
    record = base_record(document, "purchase_order")
    beg = first(header, "BEG")
    if beg is None:
        warnings.add("segment_missing", "850 has no BEG segment", None)
        beg = Segment("BEG", [])
    refs = references(header)
    found_parties = parties(header)
    header_dates = dates(header)
    cur = first(header, "CUR")
    record.update(
        {
            "po_number": nonempty(beg.get(3)),
            "purpose": coded(beg.get(1), PURPOSE),
            "order_type": coded(beg.get(2), PO_TYPE),
            "release_number": nonempty(beg.get(4)),
            "order_date": date_value(beg.get(5), "", coded("004", DATE_QUALIFIERS)),
            "currency": nonempty(cur.get(2)) if cur else None,
            "customer_order_number": ref_value(refs, "CO"),
            "customer_id": customer_id(found_parties),
            "requested_delivery_date": header_dates.get("002"),
            "requested_ship_date": header_dates.get("010"),
            "dates": header_dates,
            "references": refs,
            "parties": found_parties,
            "line_count": None,
            "lines": [order_line(block, index) for index, block in enumerate(blocks, 1)],
        }
    )
    ctt = first(summary, "CTT")
    if ctt is not None:
        record["line_count"] = number(ctt.get(1))
    if not blocks:
        warnings.add("no_lines", "850 has no PO1 line", None)
    return record
