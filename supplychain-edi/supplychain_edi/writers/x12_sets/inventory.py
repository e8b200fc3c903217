"""846 inventory advice and 852 product activity bodies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from supplychain_edi.writers.fields import ccyymmdd, code, hhmm, num, text
from supplychain_edi.writers.x12_sets.common import (
    Segments,
    dates,
    description,
    lines_of,
    parties,
    product_pairs,
    references,
)


def _sdq(unit: Any, locations: list[Mapping[str, Any]]) -> Segments:
    out: Segments = []
    for start in range(0, len(locations), 10):
        chunk = locations[start : start + 10]
        qualifier = text(chunk[0].get("id_qualifier")) or "92"
        pairs: list[str] = []
        for location in chunk:
            pairs += [text(location.get("location_id")), num(location.get("quantity"))]
        out.append(["SDQ", code(unit) or "EA", qualifier, *pairs])
    return out


def write_846(record: Mapping[str, Any], version: str) -> Segments:
    when = record.get("report_date")
    out: Segments = [
        [
            "BIA",
            code(record.get("purpose")) or "00",
            code(record.get("report_type")) or "SI",
            text(record.get("report_number")),
            ccyymmdd(when),
            hhmm(when),
        ]
    ]
    out += references(record.get("references"))
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    for line in lines_of(record):
        out.append(["LIN", text(line.get("line_number")), *product_pairs(line)])
        out += description(line)
        if line.get("unit_price") is not None:
            out.append(["CTP", "", "", num(line["unit_price"])])
        quantities = list(line.get("quantities") or [])
        if not quantities and line.get("available_quantity") is not None:
            quantity_dates = {}
            if line.get("available_date"):
                quantity_dates["018"] = line["available_date"]
            quantities = [
                {
                    "qualifier": "33",
                    "quantity": line["available_quantity"],
                    "unit": "EA",
                    "dates": quantity_dates,
                    "locations": [],
                }
            ]
        in_quantities = {q for entry in quantities for q in (entry.get("dates") or {})}
        line_dates = dict(line.get("dates") or {})
        if line.get("available_date") and "018" not in line_dates:
            line_dates["018"] = line["available_date"]
        out += dates(line_dates, skip=in_quantities)
        for entry in quantities:
            out.append(
                [
                    "QTY",
                    code(entry.get("qualifier")),
                    num(entry.get("quantity")),
                    code(entry.get("unit")),
                ]
            )
            out += dates(entry.get("dates"))
            out += _sdq(entry.get("unit"), list(entry.get("locations") or []))
    out.append(["CTT", str(len(lines_of(record)))])
    return out


def write_852(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "XQ",
            code(record.get("report_code")) or "H",
            ccyymmdd(record.get("period_start")),
            ccyymmdd(record.get("period_end")),
        ]
    ]
    out += references(record.get("references"), tag="N9")
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    for line in lines_of(record):
        out.append(["LIN", text(line.get("line_number")), *product_pairs(line)])
        out += description(line)
        if line.get("unit_price") is not None:
            out.append(["CTP", "", "", num(line["unit_price"])])
        activities = list(line.get("activities") or [])
        if not activities and line.get("quantity_sold") is not None:
            activities = [{"activity": "QS", "quantity": line["quantity_sold"], "unit": "EA"}]
        out += dates(line.get("dates"))
        for activity in activities:
            out.append(
                [
                    "ZA",
                    code(activity.get("activity")),
                    num(activity.get("quantity")),
                    code(activity.get("unit")) or "EA",
                ]
            )
            out += _sdq(activity.get("unit"), list(activity.get("locations") or []))
    out.append(["CTT", str(len(lines_of(record)))])
    return out
