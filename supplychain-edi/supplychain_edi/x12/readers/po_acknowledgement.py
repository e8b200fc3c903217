"""855 Purchase Order Acknowledgment -> po_acknowledgement."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import ACK_TYPE, DATE_QUALIFIERS, LINE_STATUS, PURPOSE
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import CodedCache, SharedCodes, coded, date_value, number
from supplychain_edi.x12.common import (
    body,
    item_columns_at,
    padded,
    pid_description,
    ref_value,
    scan_header,
    split_blocks,
)


def backordered(acks: list[dict[str, Any]], ordered: int | float | None) -> int | float | None:
    """How much of a line waits: IB quantities, or for BP what the other ACKs leave over."""
    codes = [a["status"]["code"] if a["status"] else "" for a in acks]
    if "BP" not in codes and "IB" not in codes:
        return None  # nothing waits: most lines, so decided before the sums below
    if "BP" in codes and ordered is not None:
        committed = sum(a["quantity"] or 0 for a, c in zip(acks, codes, strict=True) if c != "IB")
        return ordered - committed
    waiting = [
        a["quantity"] if a["quantity"] is not None else ordered
        for a, c in zip(acks, codes, strict=True)
        if c == "IB"
    ]
    if not waiting or any(q is None for q in waiting):
        return None
    return sum(q for q in waiting if q is not None)


def ack_line(
    block: list[Segment],
    fallback: int,
    warnings: Warnings,
    codes: SharedCodes,
    statuses: CodedCache,
) -> dict[str, Any]:
    head = block[0]
    # padded(head, 4), without the call: a PO1/IT1 has its first four elements.
    head_elements = head.elements
    line_number, quantity, unit_code, price = (
        head_elements[:4] if len(head_elements) >= 4 else padded(head, 4)
    )
    ordered = number(quantity)
    units, date_qualifiers, id_qualifiers = codes.units, codes.dates, codes.product_ids
    date_values = codes.date_values
    sku, upc, vendor_item, buyer_item, ids = item_columns_at(head, 6, id_qualifiers)
    acks: list[dict[str, Any]] = []
    line_dates: dict[str, Any] = {}
    free: str | None = None  # the free-form PID05 texts so far, joined by spaces
    other: str | None = None
    waits = False  # an IB or BP status: only then is there a backorder to work out
    # Every ACK (status, quantity, and the scheduled date ACK04 qualifies), dates() and
    # description() of the line, in one pass.
    for index in range(1, len(block)):
        segment = block[index]
        tag = segment.tag
        if tag == "ACK":
            elements = segment.elements
            status, ack_quantity, ack_unit, date_qualifier, raw_date = (
                elements[:5] if len(elements) >= 5 else padded(segment, 5)
            )
            qualifier = date_qualifiers[date_qualifier] if date_qualifier else None
            acks.append(
                {
                    "status": statuses[status] if status else None,
                    "quantity": number(ack_quantity),
                    "unit": units[ack_unit] if ack_unit else None,
                    "date_qualifier": qualifier,
                    "date": (
                        date_values[date_qualifier, raw_date, ""]
                        if date_qualifier and raw_date
                        else date_value(raw_date, "", qualifier)
                    ),
                }
            )
            if status == "IB" or status == "BP":
                waits = True
        elif tag == "PID":
            free, other = pid_description(segment, free, other)
        elif tag == "DTM":
            elements = segment.elements
            # padded(segment, 3), without the call for the usual DTM without a time.
            qualifier_code, raw_date, raw_time = (
                (elements[0], elements[1], "") if len(elements) == 2 else padded(segment, 3)
            )
            if qualifier_code and qualifier_code not in line_dates and (raw_date or raw_time):
                line_dates[qualifier_code] = date_values[qualifier_code, raw_date, raw_time]
    main = acks[0] if acks else None
    line: dict[str, Any] = {
        "line_number": line_number.strip() or str(fallback),
        "ordered_quantity": ordered,
        "unit": units[unit_code] if unit_code else None,
        "unit_price": number(price),
        "sku": sku,
        "upc": upc,
        "vendor_item": vendor_item,
        "buyer_item": buyer_item,
        "product_ids": ids,
        "description": free if free is not None else other,
        # ACK01/02/04/05 of the first ACK; further ACKs (a split schedule) stay in `acks`.
        "status": main["status"] if main else None,
        "acknowledged_quantity": main["quantity"] if main else None,
        "acknowledged_unit": main["unit"] if main else None,
        "schedule_date_qualifier": main["date_qualifier"] if main else None,
        "schedule_date": main["date"] if main else None,
        "backorder_quantity": None,
        "acks": acks,
        "dates": line_dates,
    }
    if main is None:
        warnings.add("ack_missing", f"PO1 line {line['line_number']} has no ACK", head)
    elif waits:
        line["backorder_quantity"] = backordered(acks, ordered)
    return line


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    header, blocks, _summary = split_blocks(segments, "PO1", stop=("CTT", "AMT"))
    record = base_record(document, "po_acknowledgement")
    firsts, refs, found_parties, header_dates = scan_header(header, document.codes)
    codes = document.codes
    statuses = document.codes.of(LINE_STATUS)
    bak = firsts.get("BAK") or Segment("BAK", [])
    if not bak.elements:
        warnings.add("segment_missing", "855 has no BAK segment", None)
    cur = firsts.get("CUR")
    record.update(
        {
            "po_number": nonempty(bak.get(3)),
            "purpose": coded(bak.get(1), PURPOSE),
            "acknowledgement_type": coded(bak.get(2), ACK_TYPE),
            "order_date": date_value(bak.get(4), "", coded("004", DATE_QUALIFIERS)),
            "seller_order_number": nonempty(bak.get(8)) or ref_value(refs, "VN"),
            "acknowledgement_date": date_value(bak.get(9)),
            "currency": nonempty(cur.get(2)) if cur else None,
            "dates": header_dates,
            "references": refs,
            "parties": found_parties,
            "lines": [ack_line(b, i, warnings, codes, statuses) for i, b in enumerate(blocks, 1)],
        }
    )
    return record
