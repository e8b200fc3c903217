"""852 Product Activity Data -> product_activity."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import ACTIVITY_CODES, ACTIVITY_REPORT_CODE
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
    split_blocks,
    unit,
)
from supplychain_edi.x12.readers.stock import sdq_pairs


def activities(block: list[Segment]) -> list[dict[str, Any]]:
    """ZA segments with the SDQ location quantities that follow each."""
    found: list[dict[str, Any]] = []
    for segment in block:
        if segment.tag == "ZA":
            found.append(
                {
                    "activity": coded(segment.get(1), ACTIVITY_CODES),
                    "quantity": number(segment.get(2)),
                    "unit": unit(segment.get(3)),
                    "locations": [],
                }
            )
        elif segment.tag == "SDQ" and found:
            found[-1]["locations"].extend(sdq_pairs(segment))
    return found


def _sum(found: list[dict[str, Any]], code: str) -> int | float | None:
    values = [
        a["quantity"]
        for a in found
        if a["activity"] and a["activity"]["code"] == code and a["quantity"] is not None
    ]
    return sum(values) if values else None


def activity_line(block: list[Segment], fallback: int) -> dict[str, Any]:
    head = block[0]
    found = activities(block[1:])
    ctp = first(block[1:], "CTP")
    return {
        "line_number": nonempty(head.get(1)) or str(fallback),
        **item_fields(product_ids(head, 2)),
        "description": description(block[1:]),
        "unit_price": number(ctp.get(3)) if ctp else None,
        "quantity_sold": _sum(found, "QS"),
        "quantity_available": _sum(found, "QA"),
        "activities": found,
        "dates": dates(block[1:]),
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    header, blocks, _summary = split_blocks(segments, "LIN", stop=("CTT",))
    record = base_record(document, "product_activity")
    xq = first(header, "XQ") or Segment("XQ", [])
    if not xq.elements:
        warnings.add("segment_missing", "852 has no XQ segment", None)
    refs = references(header, "N9")
    record.update(
        {
            "report_code": coded(xq.get(1), ACTIVITY_REPORT_CODE),
            "period_start": date_value(xq.get(2)),
            "period_end": date_value(xq.get(3)),
            "report_number": refs.get("IZ", {}).get("value") if "IZ" in refs else None,
            "dates": dates(header),
            "references": refs,
            "parties": parties(header),
            "lines": [activity_line(b, i) for i, b in enumerate(blocks, 1)],
        }
    )
    return record
