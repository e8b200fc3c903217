"""DESADV and IFTSTA bodies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from supplychain_edi.writers.edifact_messages.common import (
    Segments,
    bgm,
    dates,
    dtm,
    lin,
    lines_of,
    parties,
    qty,
    references,
)
from supplychain_edi.writers.fields import code, num, text


def write_desadv(record: Mapping[str, Any]) -> Segments:
    out: Segments = [bgm("351", record.get("asn_number"), record.get("purpose"))]
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (
        ("asn_date", "137"),
        ("shipped_date", "11"),
        ("estimated_delivery_date", "17"),
    ):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    for qualifier, key in (("ON", "po_number"), ("CN", "pro_number")):
        if record.get(key) and qualifier not in refs:
            refs[qualifier] = {"value": record[key]}
    # The bill of lading goes in TDT's conveyance reference unless the sender used RFF+BM.
    bol_in_tdt = "" if "BM" in refs else text(record.get("bol_number"))
    out += references(refs)
    out += parties(record.get("parties"))
    if record.get("carrier_scac") or record.get("carrier_name") or bol_in_tdt:
        out.append(
            [
                "TDT",
                "20",
                bol_in_tdt,
                text(record.get("transport_method")),
                "",
                [text(record.get("carrier_scac")), "", "", text(record.get("carrier_name"))],
            ]
        )
    out.append(["CPS", "1"])
    if record.get("lading_quantity") is not None:
        out.append(["PAC", num(record["lading_quantity"]), "", text(record.get("packaging_code"))])
    for number, line in enumerate(lines_of(record), 1):
        out += lin(line, number)
        out.append(qty("12", line.get("shipped_quantity"), line.get("unit")))
        if line.get("ordered_quantity") is not None:
            out.append(qty("21", line["ordered_quantity"], line.get("unit")))
        out += [["GIN", "BJ", c] for c in line.get("container_ids") or []]
        out += dates(line.get("dates"))
        if line.get("po_number"):
            out.append(["RFF", ["ON", text(line["po_number"]), text(line.get("line_number"))]])
    return out


def write_iftsta(record: Mapping[str, Any]) -> Segments:
    out: Segments = [bgm("77", record.get("shipment_id") or record.get("pro_number"))]
    out += dates(record.get("dates"))
    refs = dict(record.get("references") or {})
    consignment = record.get("shipment_id") or record.get("bol_number")
    for qualifier, key in (
        ("CN", "pro_number"),
        ("BM", "bol_number"),
        ("ON", "po_number"),
        ("AAK", "asn_number"),
    ):
        if qualifier == "BM" and record.get(key) == consignment:
            continue  # already CNI's document number
        if record.get(key) and qualifier not in refs:
            refs[qualifier] = {"value": record[key]}
    out += parties(record.get("parties"))
    out.append(["CNI", "1", text(consignment)])
    out += references(refs)
    events = list(record.get("lines") or [])
    for event in events:
        out.append(["STS", "1", code(event.get("status")), code(event.get("status_reason"))])
        if event.get("status_date"):
            out.append(dtm("334", event["status_date"]))
        if event.get("city") or event.get("country"):
            out.append(
                ["LOC", "175", ["", "", "", text(event.get("city"))], text(event.get("country"))]
            )
    return out
