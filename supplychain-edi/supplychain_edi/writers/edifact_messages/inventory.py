"""INVRPT and SLSRPT bodies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from supplychain_edi.writers.edifact_messages.common import (
    Segments,
    bgm,
    dates,
    lin,
    lines_of,
    parties,
    qty,
    references,
)
from supplychain_edi.writers.fields import code, num, text


def write_invrpt(record: Mapping[str, Any]) -> Segments:
    out: Segments = [
        bgm(
            code(record.get("report_type")) or "35",
            record.get("report_number"),
            record.get("purpose"),
        )
    ]
    header_dates = dict(record.get("dates") or {})
    if record.get("report_date") and "137" not in header_dates:
        header_dates["137"] = record["report_date"]
    out += dates(header_dates)
    out += references(record.get("references"))
    out += parties(record.get("parties"))
    for number, line in enumerate(lines_of(record), 1):
        out += lin(line, number)
        quantities = list(line.get("quantities") or [])
        if not quantities and line.get("available_quantity") is not None:
            quantities = [
                {
                    "qualifier": "33",
                    "quantity": line["available_quantity"],
                    "unit": "PCE",
                    "dates": {},
                    "locations": [],
                }
            ]
        in_quantities = {q for entry in quantities for q in (entry.get("dates") or {})}
        line_dates = dict(line.get("dates") or {})
        if line.get("available_date") and not line_dates:
            line_dates["44"] = line["available_date"]
        out += dates(line_dates, skip=in_quantities)
        for entry in quantities:
            locations = entry.get("locations") or []
            if locations:
                out.append(["LOC", "18", text(locations[0].get("location_id"))])
            out.append(qty(code(entry.get("qualifier")), entry.get("quantity"), entry.get("unit")))
            out += dates(entry.get("dates"))
        if line.get("unit_price") is not None:
            out.append(["PRI", ["AAA", num(line["unit_price"])]])
    out.append(["UNS", "S"])
    return out


def write_slsrpt(record: Mapping[str, Any]) -> Segments:
    """Location-first, as SLSRPT is: one LOC group per location, the items sold there under it."""
    out: Segments = [bgm(code(record.get("report_code")) or "73", record.get("report_number"))]
    header_dates = dict(record.get("dates") or {})
    if record.get("period_start") and "90" not in header_dates:
        header_dates["90"] = record["period_start"]
    if record.get("period_end") and "91" not in header_dates:
        header_dates["91"] = record["period_end"]
    out += dates(header_dates)
    out += references(record.get("references"))
    out += parties(record.get("parties"))
    by_location: dict[str, list[tuple[Mapping[str, Any], str, Any, Any]]] = {}
    for line in lines_of(record):
        activities = list(line.get("activities") or [])
        if not activities and line.get("quantity_sold") is not None:
            activities = [
                {
                    "activity": "153",
                    "quantity": line["quantity_sold"],
                    "unit": "PCE",
                    "locations": [],
                }
            ]
        for activity in activities:
            qualifier = code(activity.get("activity"))
            qualifier = {"QS": "153", "QA": "145"}.get(qualifier, qualifier)
            locations = activity.get("locations") or []
            if not locations:
                by_location.setdefault("", []).append(
                    (line, qualifier, activity.get("quantity"), activity.get("unit"))
                )
            for location in locations:
                by_location.setdefault(text(location.get("location_id")), []).append(
                    (line, qualifier, location.get("quantity"), activity.get("unit"))
                )
    number = 0
    for location, entries in by_location.items():
        if location:
            out.append(["LOC", "162", location])
        for line, qualifier, quantity, unit in entries:
            number += 1
            out += lin(line, number)
            out.append(qty(qualifier, quantity, unit))
            if line.get("unit_price") is not None:
                out.append(["PRI", ["AAA", num(line["unit_price"])]])
    out.append(["UNS", "S"])
    return out
