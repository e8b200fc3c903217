"""846 Inventory Inquiry/Advice -> inventory_advice."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import INVENTORY_REPORT_TYPE, PURPOSE, QUANTITY_QUALIFIERS
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, date_value, number
from supplychain_edi.x12.common import (
    body,
    dates,
    description,
    dtm,
    first,
    item_columns,
    padded,
    parties,
    product_ids,
    references,
    split_blocks,
    unit,
)


def quantities(block: list[Segment]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """QTY segments, each with the DTMs (e.g. 018 available) and SDQs that follow it, and
    every DTM of the line keyed by qualifier (one pass, each DTM parsed once)."""
    found: list[dict[str, Any]] = []
    line_dates: dict[str, Any] = {}
    for segment in block:
        tag = segment.tag
        if tag == "QTY":
            qualifier, quantity, unit_code = padded(segment, 3)
            found.append(
                {
                    "qualifier": coded(qualifier, QUANTITY_QUALIFIERS),
                    "quantity": number(quantity),
                    "unit": unit(unit_code),
                    "dates": {},
                    "locations": [],
                }
            )
        elif tag == "DTM":
            qualifier, raw_date, raw_time = padded(segment, 3)
            if qualifier and (raw_date or raw_time):
                value = dtm(segment)
                line_dates.setdefault(qualifier, value)
                if found:
                    found[-1]["dates"].setdefault(qualifier, dict(value))  # type: ignore[arg-type]
        elif found and tag == "SDQ":
            found[-1]["locations"].extend(sdq_pairs(segment))
    return found, line_dates


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


def _total(found: list[dict[str, Any]], code: str) -> int | float | None:
    values = [
        q["quantity"]
        for q in found
        if q["quantity"] is not None and q["qualifier"] and q["qualifier"]["code"] == code
    ]
    return sum(values) if values else None


def stock_line(block: list[Segment], fallback: int) -> dict[str, Any]:
    head = block[0]
    rest = block[1:]
    found, line_dates = quantities(rest)
    ctp = first(rest, "CTP")
    sku, upc, vendor_item, buyer_item, ids = item_columns(product_ids(head, 2))
    return {
        "line_number": head.get(1).strip() or str(fallback),
        "sku": sku,
        "upc": upc,
        "vendor_item": vendor_item,
        "buyer_item": buyer_item,
        "product_ids": ids,
        "description": description(rest),
        "unit_price": number(ctp.get(3)) if ctp else None,
        # A line without any QTY needs neither scan.
        "available_quantity": _total(found, "33") if found else None,
        "on_hand_quantity": _total(found, "17") if found else None,
        "available_date": line_dates.get("018"),
        "quantities": found,
        "dates": line_dates,
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    header, blocks, _summary = split_blocks(segments, "LIN", stop=("CTT",))
    record = base_record(document, "inventory_advice")
    bia = first(header, "BIA") or Segment("BIA", [])
    if not bia.elements:
        warnings.add("segment_missing", "846 has no BIA segment", None)
    record.update(
        {
            "purpose": coded(bia.get(1), PURPOSE),
            "report_type": coded(bia.get(2), INVENTORY_REPORT_TYPE),
            "report_number": nonempty(bia.get(3)),
            "report_date": date_value(bia.get(4), bia.get(5)),
            "dates": dates(header),
            "references": references(header),
            "parties": parties(header),
            "lines": [stock_line(b, i) for i, b in enumerate(blocks, 1)],
        }
    )
    return record
