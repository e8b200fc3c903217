"""APERAK -> application_advice. BGM 4343 (AP, CA, RE) maps to the 824 codes TA, TE, TR."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import (
    APPLICATION_ACK_CODES,
    APPLICATION_ERROR_CONDITIONS,
    EDIFACT_APPLICATION_STATUS,
    EDIFACT_MESSAGE_FUNCTION,
    REFERENCE_QUALIFIERS,
)
from supplychain_edi.document import RawDocument
from supplychain_edi.edifact.common import body, dates, first, parties, references
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded
from supplychain_edi.x12.readers.application_advice import KEY_BY_QUALIFIER

# The reference that names the message being answered, best first.
SUBJECT_QUALIFIERS = ("ACW", "ON", "IV", "AAK", "DQ", "BM", "CN", "RZ")


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    record = base_record(document, "application_advice")
    header: list[Segment] = []
    errors: list[dict[str, Any]] = []
    for segment in segments:
        if segment.tag == "ERC":
            errors.append(
                {
                    "code": coded(segment.component(1, 1), APPLICATION_ERROR_CONDITIONS),
                    "message": None,
                    "segment": None,
                    "position": None,
                    "element_position": None,
                    "element_reference": None,
                    "bad_value": None,
                }
            )
        elif segment.tag == "FTX" and errors:
            text = " ".join(c for c in segment.components(4) if c)
            errors[-1]["message"] = nonempty(text)
        else:
            header.append(segment)
    bgm = first(header, "BGM") or Segment("BGM", [])
    if not bgm.elements:
        warnings.add("segment_missing", "APERAK has no BGM segment", None)
    response = bgm.get(4)
    status_code = EDIFACT_APPLICATION_STATUS.get(response) or ("TR" if errors else "TA")
    refs = references(header)
    subject = next((q for q in SUBJECT_QUALIFIERS if q in refs), None)
    header_dates = dates(header)
    notes = [" ".join(c for c in s.components(4) if c) for s in header if s.tag == "FTX"]
    line = {
        "line_number": "1",
        "status": coded(status_code, APPLICATION_ACK_CODES),
        "reference_qualifier": coded(subject, REFERENCE_QUALIFIERS) if subject else None,
        "reference": refs[subject]["value"] if subject else None,
        "application_sender": None,
        "application_receiver": None,
        "original_date": header_dates.get("171"),
        "original_group_control_number": None,
        "original_set_control_number": nonempty(refs.get("ACW", {}).get("value") or ""),
        "original_set_code": None,
        "errors": errors,
        "notes": [n for n in notes if n],
        "references": refs,
        "dates": header_dates,
    }
    record.update(
        {
            "purpose": coded(bgm.get(3), EDIFACT_MESSAGE_FUNCTION),
            "reference": nonempty(bgm.component(2, 1)),
            "advice_date": header_dates.get("137"),
            "dates": header_dates,
            "status": line["status"],
            "references": refs,
            "parties": parties(header),
            "lines": [line],
        }
    )
    for qualifier, key in KEY_BY_QUALIFIER.items():
        if record[key] is None and qualifier in refs:
            record[key] = refs[qualifier]["value"]
    return record
