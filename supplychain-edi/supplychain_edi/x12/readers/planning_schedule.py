"""830 Planning Schedule with Release Capability -> planning_schedule."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import (
    FORECAST_QUALIFIER,
    FORECAST_TIMING,
    PURPOSE,
    SCHEDULE_QUANTITY_TYPE,
    SCHEDULE_TYPE,
)
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


def forecast(segment: Segment) -> dict[str, Any]:
    return {
        "quantity": number(segment.get(1)),
        "forecast_type": coded(segment.get(2), FORECAST_QUALIFIER),
        "timing": coded(segment.get(3), FORECAST_TIMING),
        "start_date": date_value(segment.get(4)),
        "end_date": date_value(segment.get(5)),
    }


def schedule_line(block: list[Segment], fallback: int) -> dict[str, Any]:
    head = block[0]
    uit = first(block[1:], "UIT")
    return {
        "line_number": nonempty(head.get(1)) or str(fallback),
        **item_fields(product_ids(head, 2)),
        "description": description(block[1:]),
        "unit": unit(uit.get(1)) if uit else None,
        "forecasts": [forecast(s) for s in block[1:] if s.tag == "FST"],
        "parties": parties(block[1:]),
        "references": references(block[1:]),
        "dates": dates(block[1:]),
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    header, blocks, _summary = split_blocks(segments, "LIN", stop=("CTT",))
    record = base_record(document, "planning_schedule")
    bfr = first(header, "BFR") or Segment("BFR", [])
    if not bfr.elements:
        warnings.add("segment_missing", "830 has no BFR segment", None)
    record.update(
        {
            "purpose": coded(bfr.get(1), PURPOSE),
            "schedule_reference": nonempty(bfr.get(2)),
            "release_number": nonempty(bfr.get(3)),
            "schedule_type": coded(bfr.get(4), SCHEDULE_TYPE),
            "quantity_type": coded(bfr.get(5), SCHEDULE_QUANTITY_TYPE),
            "horizon_start": date_value(bfr.get(6)),
            "horizon_end": date_value(bfr.get(7)),
            "issue_date": date_value(bfr.get(8)),
            "po_number": nonempty(bfr.get(11)),
            "dates": dates(header),
            "references": references(header),
            "parties": parties(header),
            "lines": [schedule_line(b, i) for i, b in enumerate(blocks, 1)],
        }
    )
    return record
