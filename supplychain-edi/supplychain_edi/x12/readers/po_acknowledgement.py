"""855 Purchase Order Acknowledgment -> po_acknowledgement."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import ACK_TYPE, DATE_QUALIFIERS, LINE_STATUS, PURPOSE
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


def ack_detail(ack: Segment) -> dict[str, Any]:
    """One ACK: line status, quantity, and the scheduled date ACK04 qualifies."""
    status, quantity, unit_code, date_qualifier, raw_date = padded(ack, 5)
    qualifier = coded(date_qualifier, DATE_QUALIFIERS)
    return {
        "status": coded(status, LINE_STATUS),
        "quantity": number(quantity),
        "unit": unit(unit_code),
        "date_qualifier": qualifier,
        "date": date_value(raw_date, "", qualifier),
    }


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


def ack_line(block: list[Segment], fallback: int, warnings: Warnings) -> dict[str, Any]:
    head = block[0]
    rest = block[1:]
    line_number, quantity, unit_code, price = padded(head, 4)
    acks = [ack_detail(s) for s in rest if s.tag == "ACK"]
    main = acks[0] if acks else None
    ordered = number(quantity)
    sku, upc, vendor_item, buyer_item, ids = item_columns(product_ids(head, 6))
    line: dict[str, Any] = {
        "line_number": line_number.strip() or str(fallback),
        "ordered_quantity": ordered,
        "unit": unit(unit_code),
        "unit_price": number(price),
        "sku": sku,
        "upc": upc,
        "vendor_item": vendor_item,
        "buyer_item": buyer_item,
        "product_ids": ids,
        "description": description(rest),
        # ACK01/02/04/05 of the first ACK; further ACKs (a split schedule) stay in `acks`.
        "status": main["status"] if main else None,
        "acknowledged_quantity": main["quantity"] if main else None,
        "acknowledged_unit": main["unit"] if main else None,
        "schedule_date_qualifier": main["date_qualifier"] if main else None,
        "schedule_date": main["date"] if main else None,
        "backorder_quantity": None,
        "acks": acks,
        "dates": dates(rest),
    }
    if main is None:
        warnings.add("ack_missing", f"PO1 line {line['line_number']} has no ACK", head)
    else:
        line["backorder_quantity"] = backordered(acks, ordered)
    return line


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    header, blocks, _summary = split_blocks(segments, "PO1", stop=("CTT", "AMT"))
    record = base_record(document, "po_acknowledgement")
    bak = first(header, "BAK") or Segment("BAK", [])
    if not bak.elements:
        warnings.add("segment_missing", "855 has no BAK segment", None)
    refs = references(header)
    cur = first(header, "CUR")
    header_dates = dates(header)
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
            "parties": parties(header),
            "lines": [ack_line(b, i, warnings) for i, b in enumerate(blocks, 1)],
        }
    )
    return record
