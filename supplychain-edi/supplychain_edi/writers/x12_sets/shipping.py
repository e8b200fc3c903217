"""856 ship notice and 214 carrier shipment status bodies."""

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


def write_856(record: Mapping[str, Any], version: str) -> Segments:
    when = record.get("asn_date")
    out: Segments = [
        [
            "BSN",
            code(record.get("purpose")) or "00",
            text(record.get("asn_number")),
            ccyymmdd(when),
            hhmm(when) or "0000",
            text(record.get("structure_code")) or "0001",
        ]
    ]
    hl = 1
    out.append(["HL", "1", "", "S", "1"])
    if record.get("packaging_code") or record.get("lading_quantity") is not None:
        out.append(
            [
                "TD1",
                text(record.get("packaging_code")),
                num(record.get("lading_quantity")),
                "",
                "",
                "",
                "G" if record.get("gross_weight") is not None else "",
                num(record.get("gross_weight")),
                text(record.get("weight_unit")),
            ]
        )
    if record.get("carrier_scac") or record.get("carrier_name"):
        out.append(
            [
                "TD5",
                "",
                "2",
                text(record.get("carrier_scac")),
                text(record.get("transport_method")),
                text(record.get("carrier_name")),
            ]
        )
    refs = dict(record.get("references") or {})
    for qualifier, key in (("BM", "bol_number"), ("CN", "pro_number")):
        if record.get(key) and qualifier not in refs:
            refs[qualifier] = {"value": record[key]}
    out += references(refs)
    shipment_dates = dict(record.get("dates") or {})
    for key, qualifier in (
        ("shipped_date", "011"),
        ("estimated_delivery_date", "017"),
        ("current_schedule_delivery_date", "067"),
    ):
        if record.get(key) and qualifier not in shipment_dates:
            shipment_dates[qualifier] = record[key]
    out += dates(shipment_dates)
    out += parties(record.get("parties"))
    orders: dict[str, list[Mapping[str, Any]]] = {}
    for line in lines_of(record):
        orders.setdefault(text(line.get("po_number") or record.get("po_number")), []).append(line)
    item_count = 0
    for po_number, lines in orders.items():
        hl += 1
        order_hl = hl
        out.append(["HL", str(order_hl), "1", "O", "1"])
        po_date = next((ln.get("po_date") for ln in lines if ln.get("po_date")), None)
        out.append(["PRF", po_number, "", "", ccyymmdd(po_date)])
        for line in lines:
            hl += 1
            item_count += 1
            out.append(["HL", str(hl), str(order_hl), "I", "0"])
            out.append(["LIN", text(line.get("line_number")), *product_pairs(line)])
            out.append(
                [
                    "SN1",
                    "",
                    num(line.get("shipped_quantity")),
                    code(line.get("unit")) or "EA",
                    "",
                    num(line.get("ordered_quantity")),
                    code(line.get("ordered_unit")),
                ]
            )
            out += description(line)
            out += dates(line.get("dates"))
            out += [["MAN", "GM", text(c)] for c in line.get("container_ids") or []]
    out.append(["CTT", str(hl)])
    return out


def write_214(record: Mapping[str, Any], version: str) -> Segments:
    b10_shipment = record.get("shipment_id") or record.get("bol_number")
    out: Segments = [
        [
            "B10",
            text(record.get("pro_number")),
            text(record.get("shipment_id") or record.get("bol_number")),
            text(record.get("carrier_scac")),
        ]
    ]
    refs = dict(record.get("references") or {})
    for qualifier, key in (("PO", "po_number"), ("BM", "bol_number"), ("SI", "asn_number")):
        if qualifier == "BM" and record.get(key) == b10_shipment:
            continue  # already B1002
        if record.get(key) and qualifier not in refs:
            refs[qualifier] = {"value": record[key]}
    out += references(refs, tag="L11")
    out += parties(record.get("parties"))
    events = list(record.get("lines") or [])
    if not events and record.get("status"):
        events = [
            {
                "status": record["status"],
                "status_reason": record.get("status_reason"),
                "status_date": record.get("status_date"),
            }
        ]
    for number, event in enumerate(events, 1):
        when = event.get("status_date")
        out.append(["LX", str(number)])
        out.append(
            [
                "AT7",
                code(event.get("status")),
                code(event.get("status_reason")) or "NS",
                text(event.get("appointment_status")),
                code(event.get("appointment_reason")),
                ccyymmdd(when),
                hhmm(when),
                text(event.get("time_code")),
            ]
        )
        if any(event.get(k) for k in ("city", "region", "country")):
            out.append(
                [
                    "MS1",
                    text(event.get("city")),
                    text(event.get("region")),
                    text(event.get("country")),
                ]
            )
        out += references(event.get("references"), tag="L11")
    return out
