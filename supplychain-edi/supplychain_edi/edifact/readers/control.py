"""CONTRL -> functional_ack. UCI 0083 action codes map to the 997 codes A, E and R."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import SET_ACK_CODES, SYNTAX_ERRORS, TRANSACTION_SETS
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, number


def _address(uci: Segment, index: int) -> str | None:
    identifier, qualifier = uci.component(index, 1), uci.component(index, 2)
    if not identifier:
        return None
    return f"{qualifier}:{identifier}" if qualifier else identifier


def _status(action: str, has_errors: bool) -> str:
    if action == "4":
        return "R"
    return "E" if has_errors else "A"


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    record = base_record(document, "functional_ack")
    uci: Segment | None = None
    lines: list[dict[str, Any]] = []
    interchange_errors: list[dict[str, Any]] = []
    actions: list[str] = []
    for segment in document.segments:
        if segment.tag == "UCI":
            uci = segment
        elif segment.tag == "UCM":
            actions.append(segment.get(3))
            lines.append(
                {
                    "line_number": str(len(lines) + 1),
                    "set_code": coded(segment.component(2, 1), TRANSACTION_SETS),
                    "set_control_number": nonempty(segment.get(1)),
                    "status": None,
                    "set_errors": (
                        [coded(segment.get(4), SYNTAX_ERRORS)] if segment.get(4) else []
                    ),
                    "segment_errors": [],
                    "_action": segment.get(3),
                }
            )
        elif segment.tag == "UCS":
            error = {
                "segment": nonempty(segment.get(3)) if len(segment) > 2 else None,
                "position": number(segment.get(1)),
                "loop": None,
                "code": coded(segment.get(2), SYNTAX_ERRORS),
                "element_errors": [],
            }
            (lines[-1]["segment_errors"] if lines else interchange_errors).append(error)
        elif segment.tag == "UCD":
            target = lines[-1]["segment_errors"] if lines else interchange_errors
            if not target:
                target.append(
                    {
                        "segment": None,
                        "position": None,
                        "loop": None,
                        "code": None,
                        "element_errors": [],
                    }
                )
            target[-1]["element_errors"].append(
                {
                    "position": number(segment.component(2, 1)),
                    "component_position": number(segment.component(2, 2)),
                    "element_reference": None,
                    "code": coded(segment.get(1), SYNTAX_ERRORS),
                    "bad_value": None,
                }
            )
    if uci is None:
        warnings.add("segment_missing", "CONTRL has no UCI", None)
        uci = Segment("UCI", [])
    for line in lines:
        action = line.pop("_action")
        errors = bool(line["segment_errors"] or line["set_errors"])
        line["status"] = coded(_status(action, errors), SET_ACK_CODES)
    statuses = [line["status"]["code"] for line in lines]
    overall = _status(uci.get(4), bool(interchange_errors or uci.get(5)))
    if overall == "A" and "R" in statuses:
        overall = "P" if "A" in statuses or "E" in statuses else "R"
    elif overall == "A" and "E" in statuses:
        overall = "E"
    accepted = sum(1 for s in statuses if s in ("A", "E"))
    record.update(
        {
            "acknowledged_functional_id": None,
            "acknowledged_group_control_number": None,
            "acknowledged_interchange_control_number": nonempty(uci.get(1)),
            "acknowledged_version": None,
            "acknowledged_sender": _address(uci, 2),
            "acknowledged_receiver": _address(uci, 3),
            "group_status": coded(overall, SET_ACK_CODES),
            "interchange_action": nonempty(uci.get(4)),
            "sets_included": len(lines) if lines else None,
            "sets_received": len(lines) if lines else None,
            "sets_accepted": accepted if lines else None,
            "group_errors": [coded(uci.get(5), SYNTAX_ERRORS)] if uci.get(5) else [],
            "lines": lines,
        }
    )
    return record
