"""824 Application Advice -> application_advice; lines are the OTI loops with their TED errors."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import (
    APPLICATION_ACK_CODES,
    APPLICATION_ERROR_CONDITIONS,
    PURPOSE,
    REFERENCE_QUALIFIERS,
    TRANSACTION_SETS,
)
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, date_value, number
from supplychain_edi.x12.common import body, dates, first, parties, references

# Which business key an OTI02 reference qualifier fills.
KEY_BY_QUALIFIER = {
    "PO": "po_number",
    "ON": "po_number",
    "IV": "invoice_number",
    "SI": "asn_number",
    "MA": "asn_number",
    "BM": "bol_number",
    "CN": "pro_number",
    "QN": "rma_number",
    "RZ": "rma_number",
}


def advice_line(loop: list[Segment], fallback: int) -> dict[str, Any]:
    oti = loop[0]
    errors = [
        {
            "code": coded(s.get(1), APPLICATION_ERROR_CONDITIONS),
            "message": nonempty(s.get(2)),
            "segment": nonempty(s.get(3)),
            "position": number(s.get(4)),
            "element_position": nonempty(s.get(5)),
            "element_reference": nonempty(s.get(6)),
            "bad_value": nonempty(s.get(7)),
        }
        for s in loop[1:]
        if s.tag == "TED"
    ]
    return {
        "line_number": str(fallback),
        "status": coded(oti.get(1), APPLICATION_ACK_CODES),
        "reference_qualifier": coded(oti.get(2), REFERENCE_QUALIFIERS),
        "reference": nonempty(oti.get(3)),
        "application_sender": nonempty(oti.get(4)),
        "application_receiver": nonempty(oti.get(5)),
        "original_date": date_value(oti.get(6), oti.get(7)),
        "original_group_control_number": nonempty(oti.get(8)),
        "original_set_control_number": nonempty(oti.get(9)),
        "original_set_code": coded(oti.get(10), TRANSACTION_SETS),
        "errors": errors,
        "notes": [s.get(2) for s in loop[1:] if s.tag == "NTE" and s.get(2)],
        "references": references(loop[1:]),
        "dates": dates(loop[1:]),
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    record = base_record(document, "application_advice")
    header: list[Segment] = []
    loops: list[list[Segment]] = []
    for segment in segments:
        if segment.tag == "OTI":
            loops.append([segment])
        elif loops:
            loops[-1].append(segment)
        else:
            header.append(segment)
    bgn = first(header, "BGN") or Segment("BGN", [])
    if not bgn.elements:
        warnings.add("segment_missing", "824 has no BGN segment", None)
    lines = [advice_line(loop, i) for i, loop in enumerate(loops, 1)]
    record.update(
        {
            "purpose": coded(bgn.get(1), PURPOSE),
            "reference": nonempty(bgn.get(2)),
            "advice_date": date_value(bgn.get(3), bgn.get(4)),
            "dates": dates(header),
            "status": lines[0]["status"] if lines else None,
            "references": references(header),
            "parties": parties(header),
            "lines": lines,
        }
    )
    for line in lines:
        qualifier = line["reference_qualifier"]
        key = KEY_BY_QUALIFIER.get(qualifier["code"]) if qualifier else None
        if key and record[key] is None:
            record[key] = line["reference"]
    return record
