"""SLSRPT -> product_activity. A LOC before a LIN names the location its quantities are for."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import DOCUMENT_NAMES, EDIFACT_QUANTITY_QUALIFIERS
from supplychain_edi.document import RawDocument
from supplychain_edi.edifact.common import (
    body,
    dates,
    description,
    first,
    item_ids,
    parties,
    price,
    references,
    unit,
)
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, number

SOLD = ("153", "QS")


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    record = base_record(document, "product_activity")
    header: list[Segment] = []
    lines: list[dict[str, Any]] = []
    location: str | None = None
    block: list[Segment] | None = None
    blocks: list[tuple[list[Segment], str | None]] = []
    for segment in segments:
        if segment.tag == "LOC":
            location = segment.component(2, 1) or None
            block = None
        elif segment.tag == "LIN":
            block = [segment]
            blocks.append((block, location))
        elif segment.tag in ("UNS", "CNT"):
            block = None
        elif block is not None:
            block.append(segment)
        elif not blocks:
            header.append(segment)
    bgm = first(header, "BGM") or Segment("BGM", [])
    if not bgm.elements:
        warnings.add("segment_missing", "SLSRPT has no BGM segment", None)
    # Lines of the same item at several locations fold into one line with a location
    # breakdown, which is the shape an 852's SDQ gives.
    by_item: dict[str, dict[str, Any]] = {}
    for index, (segs, loc) in enumerate(blocks, 1):
        ids = item_ids(segs)
        key = ids["sku"] or ids["upc"] or f"line-{index}"
        line = by_item.get(key)
        if line is None:
            line = {
                "line_number": nonempty(segs[0].get(1)) or str(index),
                **ids,
                "description": description(segs[1:]),
                "unit_price": price(segs[1:]),
                "quantity_sold": None,
                "quantity_available": None,
                "activities": [],
                "dates": dates(segs[1:]),
            }
            by_item[key] = line
            lines.append(line)
        for qty in (s for s in segs if s.tag == "QTY"):
            code = qty.component(1, 1)
            value = number(qty.component(1, 2))
            activity = next((a for a in line["activities"] if a["activity"]["code"] == code), None)
            if activity is None:
                activity = {
                    "activity": coded(code, EDIFACT_QUANTITY_QUALIFIERS),
                    "quantity": 0,
                    "unit": unit(qty.component(1, 3)),
                    "locations": [],
                }
                line["activities"].append(activity)
            if value is not None:
                activity["quantity"] += value
            if loc:
                activity["locations"].append(
                    {"location_id": loc, "id_qualifier": None, "quantity": value}
                )
    for line in lines:
        sold = [a["quantity"] for a in line["activities"] if a["activity"]["code"] in SOLD]
        line["quantity_sold"] = sum(sold) if sold else None
        available = [a["quantity"] for a in line["activities"] if a["activity"]["code"] == "145"]
        line["quantity_available"] = sum(available) if available else None
    header_dates = dates(header)
    period = header_dates.get("90") or header_dates.get("356")
    record.update(
        {
            "report_code": coded(bgm.component(1, 1), DOCUMENT_NAMES),
            "period_start": period,
            "period_end": header_dates.get("91") or period,
            "report_number": nonempty(bgm.component(2, 1)),
            "dates": header_dates,
            "references": references(header),
            "parties": parties(header),
            "lines": lines,
        }
    )
    return record
