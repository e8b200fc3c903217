"""824 application advice and 997 / 999 acknowledgement bodies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from supplychain_edi.writers.fields import ccyymmdd, code, hhmm, num, text
from supplychain_edi.writers.x12_sets.common import Segments, dates, lines_of, parties, references


def write_824(record: Mapping[str, Any], version: str) -> Segments:
    when = record.get("advice_date")
    out: Segments = [
        [
            "BGN",
            code(record.get("purpose")) or "00",
            text(record.get("reference")),
            ccyymmdd(when),
            hhmm(when),
        ]
    ]
    out += parties(record.get("parties"))
    for line in lines_of(record):
        original = line.get("original_date")
        out.append(
            [
                "OTI",
                code(line.get("status")),
                code(line.get("reference_qualifier")),
                text(line.get("reference")),
                text(line.get("application_sender")),
                text(line.get("application_receiver")),
                ccyymmdd(original),
                hhmm(original),
                text(line.get("original_group_control_number")),
                text(line.get("original_set_control_number")),
                code(line.get("original_set_code")),
            ]
        )
        out += references(line.get("references"))
        out += dates(line.get("dates"))
        for error in line.get("errors") or []:
            out.append(
                [
                    "TED",
                    code(error.get("code")) or "024",
                    text(error.get("message")),
                    text(error.get("segment")),
                    num(error.get("position")),
                    text(error.get("element_position")),
                    text(error.get("element_reference")),
                    text(error.get("bad_value")),
                ]
            )
        out += [["NTE", "GEN", text(note)] for note in line.get("notes") or []]
    return out


def write_997(
    record: Mapping[str, Any], version: str, tags: tuple[str, str, str] = ("AK3", "AK4", "AK5")
) -> Segments:
    segment_tag, element_tag, status_tag = tags
    ak1 = [
        "AK1",
        code(record.get("acknowledged_functional_id")),
        text(record.get("acknowledged_group_control_number")),
    ]
    if version >= "005010" and record.get("acknowledged_version"):
        ak1.append(text(record["acknowledged_version"]))
    out: Segments = [ak1]
    for line in lines_of(record):
        ak2 = ["AK2", code(line.get("set_code")), text(line.get("set_control_number"))]
        out.append(ak2)
        for error in line.get("segment_errors") or []:
            out.append(
                [
                    segment_tag,
                    text(error.get("segment")),
                    num(error.get("position")),
                    text(error.get("loop")),
                    code(error.get("code")),
                ]
            )
            for element in error.get("element_errors") or []:
                position = num(element.get("position"))
                if element.get("component_position") is not None:
                    position += ">" + num(element["component_position"])
                out.append(
                    [
                        element_tag,
                        position,
                        text(element.get("element_reference")),
                        code(element.get("code")),
                        text(element.get("bad_value")),
                    ]
                )
        out.append(
            [
                status_tag,
                code(line.get("status")) or "A",
                *[code(c) for c in (line.get("set_errors") or [])][:5],
            ]
        )
    lines = lines_of(record)
    accepted = record.get("sets_accepted")
    if accepted is None:
        accepted = sum(1 for ln in lines if code(ln.get("status")) in ("A", "E"))
    out.append(
        [
            "AK9",
            code(record.get("group_status")) or "A",
            num(
                record.get("sets_included")
                if record.get("sets_included") is not None
                else len(lines)
            ),
            num(
                record.get("sets_received")
                if record.get("sets_received") is not None
                else len(lines)
            ),
            num(accepted),
            *[code(c) for c in (record.get("group_errors") or [])][:5],
        ]
    )
    return out


def write_999(record: Mapping[str, Any], version: str) -> Segments:
    """999 has the 997's shape with IK3/IK4/IK5, and always names the version in AK103."""
    return write_997({"acknowledged_version": version, **record}, "005010", ("IK3", "IK4", "IK5"))
