"""214 Transportation Carrier Shipment Status -> shipment_status; lines are status events."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import SHIPMENT_STATUS, SHIPMENT_STATUS_REASON
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, date_value
from supplychain_edi.x12.common import body, first, parties, ref_value, references


def status_event(at7: Segment, context: list[Segment], number: int) -> dict[str, Any]:
    ms1 = first(context, "MS1")
    return {
        "line_number": str(number),
        "status": coded(at7.get(1), SHIPMENT_STATUS),
        "status_reason": coded(at7.get(2), SHIPMENT_STATUS_REASON),
        "appointment_status": nonempty(at7.get(3)),
        "appointment_reason": coded(at7.get(4), SHIPMENT_STATUS_REASON),
        "status_date": date_value(at7.get(5), at7.get(6)),
        "time_code": nonempty(at7.get(7)),
        "city": nonempty(ms1.get(1)) if ms1 else None,
        "region": nonempty(ms1.get(2)) if ms1 else None,
        "country": nonempty(ms1.get(3)) if ms1 else None,
        "references": references(context, "L11"),
    }


ESTIMATES = ("AG", "X2")


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    record = base_record(document, "shipment_status")
    header: list[Segment] = []
    loops: list[list[Segment]] = []
    for segment in segments:
        if segment.tag == "LX":
            loops.append([segment])
        elif loops:
            loops[-1].append(segment)
        else:
            header.append(segment)
    b10 = first(header, "B10") or Segment("B10", [])
    if not b10.elements:
        warnings.add("segment_missing", "214 has no B10 segment", None)
    events: list[dict[str, Any]] = []
    if not loops:
        loops = [header]
    for loop in loops:
        for segment in loop:
            if segment.tag == "AT7":
                events.append(status_event(segment, loop, len(events) + 1))
    if not events:
        warnings.add("no_status", "214 has no AT7 status", None)
    refs = references(header, "L11")
    # The carrier's latest report is the last status in the document; an estimate (AG,
    # X2) carries a future date, so it is the latest only when nothing else was reported.
    reported = [e for e in events if not (e["status"] and e["status"]["code"] in ESTIMATES)]
    latest = (reported or events)[-1] if events else None
    estimated = [e for e in events if e["status"] and e["status"]["code"] in ("AG", "X2")]
    record.update(
        {
            "pro_number": nonempty(b10.get(1)),
            "bol_number": nonempty(b10.get(2)) or ref_value(refs, "BM"),
            "shipment_id": nonempty(b10.get(2)),
            "carrier_scac": nonempty(b10.get(3)),
            "po_number": ref_value(refs, "PO"),
            "asn_number": ref_value(refs, "SI", "MA"),
            "status": latest["status"] if latest else None,
            "status_reason": latest["status_reason"] if latest else None,
            "status_date": latest["status_date"] if latest else None,
            "estimated_delivery_date": estimated[-1]["status_date"] if estimated else None,
            "references": refs,
            "parties": parties(header),
            "lines": events,
        }
    )
    return record
