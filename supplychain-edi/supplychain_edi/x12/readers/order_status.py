"""870 Order Status Report -> order_status, one line per item (PO1) or status (ISR)."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import BSR_REPORT_TYPE, ORDER_STATUS, QUANTITY_QUALIFIERS
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, date_value, number
from supplychain_edi.x12.common import (
    body,
    dates,
    description,
    first,
    item_fields,
    parties,
    product_ids,
    references,
    unit,
)
from supplychain_edi.x12.readers.ship_notice import _ancestors, _hl_nodes


def _po_of(node: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> str | None:
    for candidate in [node, *_ancestors(node, by_id)]:
        prf = first(candidate["segments"], "PRF")
        if prf is not None and prf.get(1):
            return prf.get(1)
    return None


def status_line(
    node: dict[str, Any], by_id: dict[str, dict[str, Any]], fallback: int
) -> dict[str, Any]:
    segs = node["segments"]
    po1 = first(segs, "PO1") or Segment("PO1", [])
    isr = first(segs, "ISR") or Segment("ISR", [])
    return {
        "line_number": nonempty(po1.get(1)) or str(fallback),
        "hl_id": node["id"],
        "po_number": _po_of(node, by_id),
        "ordered_quantity": number(po1.get(2)),
        "unit": unit(po1.get(3)),
        "unit_price": number(po1.get(4)),
        **item_fields(product_ids(po1, 6)),
        "description": description(segs),
        "status": coded(isr.get(1), ORDER_STATUS),
        "status_date": date_value(isr.get(2)),
        "quantities": [
            {
                "qualifier": coded(s.get(1), QUANTITY_QUALIFIERS),
                "quantity": number(s.get(2)),
                "unit": unit(s.get(3)),
            }
            for s in segs
            if s.tag == "QTY"
        ],
        "dates": dates(segs),
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    before, nodes = _hl_nodes(segments, warnings)
    by_id = {n["id"]: n for n in nodes}
    record = base_record(document, "order_status")
    bsr = first(before, "BSR") or Segment("BSR", [])
    if not bsr.elements:
        warnings.add("segment_missing", "870 has no BSR segment", None)
    items = [n for n in nodes if first(n["segments"], "PO1") or first(n["segments"], "ISR")]
    lines = [status_line(n, by_id, i) for i, n in enumerate(items, 1)]
    po_numbers = list(dict.fromkeys(line["po_number"] for line in lines if line["po_number"]))
    if not po_numbers:
        po_numbers = [n for n in (_po_of(node, by_id) for node in nodes) if n]
    record.update(
        {
            "po_number": po_numbers[0] if po_numbers else None,
            "po_numbers": po_numbers,
            "report_type": coded(bsr.get(1), BSR_REPORT_TYPE),
            "order_item_code": nonempty(bsr.get(2)),
            "report_number": nonempty(bsr.get(3)),
            "report_date": date_value(bsr.get(4)),
            "dates": dates(before),
            "references": references(before),
            "parties": parties(before),
            "lines": lines,
        }
    )
    return record
