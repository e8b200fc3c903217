"""850 Purchase Order -> purchase_order."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import DATE_QUALIFIERS, PO_TYPE, PURPOSE
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import SharedCodes, coded, date_value, number
from supplychain_edi.x12.common import (
    body,
    first,
    item_columns_at,
    padded,
    pid_description,
    ref_value,
    scan_header,
    split_blocks,
)


def customer_id(found_parties: dict[str, dict[str, Any]]) -> str | None:
    """Our customer's id: N1*ST*...*92*<id> (DESIGN §3), the buyer-assigned ship-to code."""
    ship_to = found_parties.get("ST")
    if ship_to and ship_to["id_qualifier"] and ship_to["id_qualifier"]["code"] == "92":
        return ship_to["id"]
    return None


def order_line(block: list[Segment], fallback: int, codes: SharedCodes) -> dict[str, Any]:
    head = block[0]
    # padded(head, 4), without the call: a PO1/IT1 has its first four elements.
    head_elements = head.elements
    line_number, quantity, unit_code, price = (
        head_elements[:4] if len(head_elements) >= 4 else padded(head, 4)
    )
    units, date_values, id_qualifiers = codes.units, codes.date_values, codes.product_ids
    sku, upc, vendor_item, buyer_item, ids = item_columns_at(head, 6, id_qualifiers)
    line_dates: dict[str, Any] = {}
    free: str | None = None  # the free-form PID05 texts so far, joined by spaces
    other: str | None = None
    # dates() and description() of the rest of the line, in one pass.
    for index in range(1, len(block)):
        segment = block[index]
        tag = segment.tag
        if tag == "PID":
            free, other = pid_description(segment, free, other)
        elif tag == "DTM":
            elements = segment.elements
            # padded(segment, 3), without the call for the usual DTM without a time.
            qualifier, raw_date, raw_time = (
                (elements[0], elements[1], "") if len(elements) == 2 else padded(segment, 3)
            )
            if qualifier and qualifier not in line_dates and (raw_date or raw_time):
                line_dates[qualifier] = date_values[qualifier, raw_date, raw_time]
    return {
        "line_number": line_number.strip() or str(fallback),
        "quantity": number(quantity),
        "unit": units[unit_code] if unit_code else None,
        "unit_price": number(price),
        "sku": sku,
        "upc": upc,
        "vendor_item": vendor_item,
        "buyer_item": buyer_item,
        "product_ids": ids,
        "description": free if free is not None else other,
        "requested_delivery_date": line_dates.get("002"),
        "dates": line_dates,
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    header, blocks, summary = split_blocks(segments, "PO1", stop=("CTT", "AMT"))
    record = base_record(document, "purchase_order")
    codes = document.codes
    firsts, refs, found_parties, header_dates = scan_header(header, document.codes)
    beg = firsts.get("BEG")
    if beg is None:
        warnings.add("segment_missing", "850 has no BEG segment", None)
        beg = Segment("BEG", [])
    cur = firsts.get("CUR")
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
            "lines": [order_line(block, index, codes) for index, block in enumerate(blocks, 1)],
        }
    )
    ctt = first(summary, "CTT")
    if ctt is not None:
        record["line_count"] = number(ctt.get(1))
    if not blocks:
        warnings.add("no_lines", "850 has no PO1 line", None)
    return record
