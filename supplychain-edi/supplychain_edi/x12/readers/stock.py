"""846 Inventory Inquiry/Advice -> inventory_advice."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import INVENTORY_REPORT_TYPE, PURPOSE, QUANTITY_QUALIFIERS
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import CodedCache, SharedCodes, coded, date_value, number
from supplychain_edi.x12.common import (
    body,
    item_columns_at,
    padded,
    pid_description,
    scan_header,
    split_blocks,
)


def sdq_pairs(segment: Segment) -> list[dict[str, Any]]:
    """SDQ03/04, 05/06 ... location id and quantity pairs (SDQ02 qualifies the ids)."""
    pairs: list[dict[str, Any]] = []
    for index in range(3, 23, 2):
        location = segment.get(index)
        if location:
            pairs.append(
                {
                    "location_id": location,
                    "id_qualifier": nonempty(segment.get(2)),
                    "quantity": number(segment.get(index + 1)),
                }
            )
    return pairs


def stock_line(
    block: list[Segment], fallback: int, codes: SharedCodes, quantity_qualifiers: CodedCache
) -> dict[str, Any]:
    """One LIN loop, read in one pass over its segments.

    QTY segments each carry the DTMs (e.g. 018 available) and SDQs that follow them; every
    DTM of the line is also keyed by qualifier on the line, the first of a qualifier
    winning; PIDs make the description. An 846 is mostly lines, so the quantities, dates,
    description, unit price and totals are all gathered in the same walk.
    """
    head = block[0]
    units, date_values, id_qualifiers = codes.units, codes.date_values, codes.product_ids
    found: list[dict[str, Any]] = []
    quantity_dates: dict[str, Any] | None = None
    line_dates: dict[str, Any] = {}
    free: str | None = None  # the free-form PID05 texts so far, joined by spaces
    other: str | None = None
    ctp: Segment | None = None
    # The sums of QTY 33 (available) and 17 (on hand) quantities, as sum() adds them.
    available = on_hand = None
    for index in range(1, len(block)):
        segment = block[index]
        tag = segment.tag
        if tag == "QTY":
            elements = segment.elements
            qualifier, raw_quantity, unit_code = (
                elements[:3] if len(elements) >= 3 else padded(segment, 3)
            )
            quantity = number(raw_quantity)
            quantity_dates = {}
            found.append(
                {
                    "qualifier": quantity_qualifiers[qualifier] if qualifier else None,
                    "quantity": quantity,
                    "unit": units[unit_code] if unit_code else None,
                    "dates": quantity_dates,
                    "locations": [],
                }
            )
            if quantity is not None:
                if qualifier == "33":
                    available = (0 if available is None else available) + quantity
                elif qualifier == "17":
                    on_hand = (0 if on_hand is None else on_hand) + quantity
        elif tag == "DTM":
            elements = segment.elements
            # padded(segment, 3), without the call for the usual DTM without a time.
            qualifier, raw_date, raw_time = (
                (elements[0], elements[1], "") if len(elements) == 2 else padded(segment, 3)
            )
            if qualifier and (raw_date or raw_time):
                value = date_values[qualifier, raw_date, raw_time]
                if qualifier not in line_dates:
                    line_dates[qualifier] = value
                # The dates of the QTY before it, if any (the first of a qualifier wins).
                if quantity_dates is not None and qualifier not in quantity_dates:
                    quantity_dates[qualifier] = value
        elif tag == "PID":
            free, other = pid_description(segment, free, other)
        elif tag == "SDQ":
            if found:
                found[-1]["locations"].extend(sdq_pairs(segment))
        elif tag == "CTP" and ctp is None:
            ctp = segment
    sku, upc, vendor_item, buyer_item, ids = item_columns_at(head, 2, id_qualifiers)
    line_number = head.elements[0].strip() if head.elements else ""
    return {
        "line_number": line_number or str(fallback),
        "sku": sku,
        "upc": upc,
        "vendor_item": vendor_item,
        "buyer_item": buyer_item,
        "product_ids": ids,
        "description": free if free is not None else other,
        "unit_price": number(ctp.get(3)) if ctp else None,
        "available_quantity": available,
        "on_hand_quantity": on_hand,
        "available_date": line_dates.get("018"),
        "quantities": found,
        "dates": line_dates,
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    header, blocks, _summary = split_blocks(segments, "LIN", stop=("CTT",))
    record = base_record(document, "inventory_advice")
    firsts, refs, found_parties, header_dates = scan_header(header, document.codes)
    codes = document.codes
    quantity_qualifiers = document.codes.of(QUANTITY_QUALIFIERS)
    bia = firsts.get("BIA") or Segment("BIA", [])
    if not bia.elements:
        warnings.add("segment_missing", "846 has no BIA segment", None)
    record.update(
        {
            "purpose": coded(bia.get(1), PURPOSE),
            "report_type": coded(bia.get(2), INVENTORY_REPORT_TYPE),
            "report_number": nonempty(bia.get(3)),
            "report_date": date_value(bia.get(4), bia.get(5)),
            "dates": header_dates,
            "references": refs,
            "parties": found_parties,
            "lines": [
                stock_line(b, i, codes, quantity_qualifiers) for i, b in enumerate(blocks, 1)
            ],
        }
    )
    return record
