"""APERAK and CONTRL bodies."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from supplychain_edi.writers.edifact_messages.common import (
    Segments,
    bgm,
    dates,
    lines_of,
    parties,
    references,
)
from supplychain_edi.writers.fields import code, num, text


def write_aperak(record: Mapping[str, Any]) -> Segments:
    lines = lines_of(record)
    status = code(record.get("status")) or (code(lines[0].get("status")) if lines else "TA")
    response = {"TA": "AP", "TE": "CA", "TR": "RE"}.get(status, "")
    out: Segments = [bgm("305", record.get("reference"), record.get("purpose"), response)]
    header_dates = dict(record.get("dates") or {})
    if record.get("advice_date") and "137" not in header_dates:
        header_dates["137"] = record["advice_date"]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    for line in lines:
        qualifier = code(line.get("reference_qualifier"))
        if qualifier and line.get("reference") and qualifier not in refs:
            refs[qualifier] = {"value": line["reference"]}
    for qualifier, key in (("ON", "po_number"), ("IV", "invoice_number"), ("AAK", "asn_number")):
        if record.get(key) and qualifier not in refs and not (qualifier == "ON" and "PO" in refs):
            refs[qualifier] = {"value": record[key]}
    out += references(refs)
    out += parties(record.get("parties"))
    for line in lines:
        for error in line.get("errors") or []:
            out.append(["ERC", [code(error.get("code")) or "12"]])
            if error.get("message"):
                out.append(["FTX", "AAO", "", "", [text(error["message"])[:512]]])
    return out


def _address(value: Any) -> list[str]:
    """`QUAL:ID` back to UNB's id:qualifier order."""
    qualifier, _, identifier = text(value).rpartition(":")
    return [identifier, qualifier]


def write_contrl(record: Mapping[str, Any]) -> Segments:
    status = code(record.get("group_status"))
    action = text(record.get("interchange_action")) or ("4" if status == "R" else "7")
    out: Segments = [
        [
            "UCI",
            text(record.get("acknowledged_interchange_control_number")),
            _address(record.get("acknowledged_sender")),
            _address(record.get("acknowledged_receiver")),
            action,
        ]
    ]
    for line in lines_of(record):
        line_status = code(line.get("status"))
        errors = line.get("set_errors") or []
        out.append(
            [
                "UCM",
                text(line.get("set_control_number")),
                [code(line.get("set_code")), "D", directory_release(record), "UN"],
                "4" if line_status == "R" else "7",
                code(errors[0]) if errors else "",
            ]
        )
        for error in line.get("segment_errors") or []:
            out.append(["UCS", num(error.get("position")), code(error.get("code"))])
            for element in error.get("element_errors") or []:
                position = [num(element.get("position"))]
                if element.get("component_position") is not None:
                    position.append(num(element["component_position"]))
                out.append(["UCD", code(element.get("code")), position])
    return out


def directory_release(record: Mapping[str, Any]) -> str:
    """The release of the acknowledged messages' directory (96A, 01B…), from the record's
    acknowledged version ("D96A", "D:01B"); D.96A when the record does not say."""
    found = re.fullmatch(r"D:?(\d\d[A-Z])(:UN)?", text(record.get("acknowledged_version")))
    return found.group(1) if found else "96A"
