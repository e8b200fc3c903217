"""997 Functional Acknowledgment and 999 Implementation Acknowledgment -> functional_ack.

Lines are the set acknowledgements (AK2 loops), with their segment and element errors.
999 uses IK3/IK4/IK5 where 997 has AK3/AK4/AK5; both read into the same shape.
"""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import (
    ELEMENT_ERRORS,
    FUNCTIONAL_ID_MEANINGS,
    GROUP_ERRORS,
    SEGMENT_ERRORS,
    SET_ACK_CODES,
    SET_ERRORS,
    TRANSACTION_SETS,
)
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, number


def _codes(segment: Segment, start: int, stop: int, table: dict[str, str]) -> list[Any]:
    return [coded(segment.get(i), table) for i in range(start, stop + 1) if segment.get(i)]


def set_ack(loop: list[Segment], number_in_group: int) -> dict[str, Any]:
    ak2 = loop[0]
    segment_errors: list[dict[str, Any]] = []
    status: Segment | None = None
    for segment in loop[1:]:
        if segment.tag in ("AK3", "IK3"):
            segment_errors.append(
                {
                    "segment": nonempty(segment.get(1)),
                    "position": number(segment.get(2)),
                    "loop": nonempty(segment.get(3)),
                    "code": coded(segment.get(4), SEGMENT_ERRORS),
                    "element_errors": [],
                }
            )
        elif segment.tag in ("AK4", "IK4"):
            error = {
                "position": number(segment.component(1, 1)),
                "component_position": number(segment.component(1, 2)),
                "element_reference": nonempty(segment.get(2)),
                "code": coded(segment.get(3), ELEMENT_ERRORS),
                "bad_value": nonempty(segment.get(4)),
            }
            if not segment_errors:
                segment_errors.append(
                    {
                        "segment": None,
                        "position": None,
                        "loop": None,
                        "code": None,
                        "element_errors": [],
                    }
                )
            segment_errors[-1]["element_errors"].append(error)
        elif segment.tag in ("AK5", "IK5"):
            status = segment
    return {
        "line_number": str(number_in_group),
        "set_code": coded(ak2.get(1), TRANSACTION_SETS),
        "set_control_number": nonempty(ak2.get(2)),
        "status": coded(status.get(1), SET_ACK_CODES) if status else None,
        "set_errors": _codes(status, 2, 6, SET_ERRORS) if status else [],
        "segment_errors": segment_errors,
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    record = base_record(document, "functional_ack")
    ak1: Segment | None = None
    ak9: Segment | None = None
    loops: list[list[Segment]] = []
    for segment in document.segments:
        if segment.tag == "AK1":
            ak1 = segment
        elif segment.tag == "AK2":
            loops.append([segment])
        elif segment.tag == "AK9":
            ak9 = segment
        elif loops and segment.tag not in ("SE", "ST"):
            loops[-1].append(segment)
    if ak1 is None:
        warnings.add("segment_missing", "acknowledgment has no AK1", None)
        ak1 = Segment("AK1", [])
    if ak9 is None:
        warnings.add("segment_missing", "acknowledgment has no AK9", None)
        ak9 = Segment("AK9", [])
    record.update(
        {
            "acknowledged_functional_id": coded(ak1.get(1), FUNCTIONAL_ID_MEANINGS),
            "acknowledged_group_control_number": nonempty(ak1.get(2)),
            "acknowledged_interchange_control_number": None,
            "acknowledged_version": nonempty(ak1.get(3)),
            "interchange_action": None,
            "acknowledged_sender": None,
            "acknowledged_receiver": None,
            "group_status": coded(ak9.get(1), SET_ACK_CODES),
            "sets_included": number(ak9.get(2)),
            "sets_received": number(ak9.get(3)),
            "sets_accepted": number(ak9.get(4)),
            "group_errors": _codes(ak9, 5, 9, GROUP_ERRORS),
            "lines": [set_ack(loop, i) for i, loop in enumerate(loops, 1)],
        }
    )
    return record
