"""INVRPT -> inventory_advice.

QTY+33 (available for sale) is the available quantity when sent; otherwise QTY+145
(actual stock) is, as D.96A/D.01B INVRPT senders commonly report only that.
"""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import (
    DOCUMENT_NAMES,
    EDIFACT_MESSAGE_FUNCTION,
    EDIFACT_QUANTITY_QUALIFIERS,
)
from supplychain_edi.document import RawDocument
from supplychain_edi.edifact.common import (
    body,
    dates,
    description,
    dtm,
    first,
    item_ids,
    parties,
    price,
    references,
    split_lines,
    unit,
)
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, number

AVAILABLE_DATE_QUALIFIERS = ("44", "69", "17", "2")


def quantities(block: list[Segment], location: str | None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for segment in block:
        if segment.tag == "LOC":
            location = segment.component(2, 1) or location
        elif segment.tag == "QTY":
            found.append(
                {
                    "qualifier": coded(segment.component(1, 1), EDIFACT_QUANTITY_QUALIFIERS),
                    "quantity": number(segment.component(1, 2)),
                    "unit": unit(segment.component(1, 3)),
                    "dates": {},
                    "locations": (
                        [
                            {
                                "location_id": location,
                                "id_qualifier": None,
                                "quantity": number(segment.component(1, 2)),
                            }
                        ]
                        if location
                        else []
                    ),
                }
            )
        elif segment.tag == "DTM" and found:
            value = dtm(segment)
            if value is not None:
                found[-1]["dates"].setdefault(segment.component(1, 1), value)
    return found


def _total(found: list[dict[str, Any]], code: str) -> int | float | None:
    values = [
        q["quantity"]
        for q in found
        if q["qualifier"] and q["qualifier"]["code"] == code and q["quantity"] is not None
    ]
    return sum(values) if values else None


def stock_line(block: list[Segment], fallback: int, location: str | None) -> dict[str, Any]:
    head = block[0]
    found = quantities(block[1:], location)
    line_dates = dates(block[1:])
    available = _total(found, "33")
    if available is None:
        available = _total(found, "145")
    on_hand = _total(found, "17")
    if on_hand is None:
        on_hand = _total(found, "198")
    return {
        "line_number": nonempty(head.get(1)) or str(fallback),
        **item_ids(block),
        "description": description(block[1:]),
        "unit_price": price(block[1:]),
        "available_quantity": available,
        "on_hand_quantity": on_hand,
        "available_date": next(
            (line_dates[q] for q in AVAILABLE_DATE_QUALIFIERS if q in line_dates), None
        ),
        "quantities": found,
        "dates": line_dates,
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    header, blocks, _summary = split_lines(body(document.segments))
    record = base_record(document, "inventory_advice")
    bgm = first(header, "BGM") or Segment("BGM", [])
    if not bgm.elements:
        warnings.add("segment_missing", "INVRPT has no BGM segment", None)
    loc = first(header, "LOC")
    location = loc.component(2, 1) if loc else None
    header_dates = dates(header)
    record.update(
        {
            "purpose": coded(bgm.get(3), EDIFACT_MESSAGE_FUNCTION),
            "report_type": coded(bgm.component(1, 1), DOCUMENT_NAMES),
            "report_number": nonempty(bgm.component(2, 1)),
            "report_date": header_dates.get("137"),
            "dates": header_dates,
            "references": references(header),
            "parties": parties(header),
            "lines": [stock_line(b, i, location) for i, b in enumerate(blocks, 1)],
        }
    )
    return record
