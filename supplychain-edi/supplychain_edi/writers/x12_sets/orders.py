"""850 purchase order, 855 acknowledgement and 870 order status bodies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from supplychain_edi.writers.fields import EdiWriteError, ccyymmdd, code, num, text
from supplychain_edi.writers.x12_sets.common import (
    Segments,
    dates,
    description,
    lines_of,
    parties,
    product_pairs,
    references,
)


def write_850(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "BEG",
            code(record.get("purpose")) or "00",
            code(record.get("order_type")) or "SA",
            text(record.get("po_number")),
            text(record.get("release_number")),
            ccyymmdd(record.get("order_date")),
        ]
    ]
    if not record.get("po_number"):
        raise EdiWriteError("an 850 needs po_number")
    if record.get("currency"):
        out.append(["CUR", "BY", text(record["currency"])])
    refs = dict(record.get("references") or {})
    if record.get("customer_order_number") and "CO" not in refs:
        refs["CO"] = {"value": record["customer_order_number"]}
    out += references(refs)
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (("requested_delivery_date", "002"), ("requested_ship_date", "010")):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    out += parties(record.get("parties"))
    for line in lines_of(record):
        out.append(
            [
                "PO1",
                text(line.get("line_number")),
                num(line.get("quantity")),
                code(line.get("unit")) or "EA",
                num(line.get("unit_price")),
                "",
                *product_pairs(line),
            ]
        )
        out += description(line)
        line_dates = dict(line.get("dates") or {})
        if line.get("requested_delivery_date") and "002" not in line_dates:
            line_dates["002"] = line["requested_delivery_date"]
        out += dates(line_dates)
    out.append(["CTT", str(len(lines_of(record)))])
    return out


def _ack_segments(line: Mapping[str, Any]) -> Segments:
    acks = line.get("acks") or []
    if not acks and line.get("status"):
        acks = [
            {
                "status": line.get("status"),
                "quantity": line.get("acknowledged_quantity"),
                "unit": line.get("acknowledged_unit") or line.get("unit"),
                "date_qualifier": line.get("schedule_date_qualifier"),
                "date": line.get("schedule_date"),
            }
        ]
    return [
        [
            "ACK",
            code(a.get("status")),
            num(a.get("quantity")),
            code(a.get("unit")),
            code(a.get("date_qualifier")) if a.get("date") else "",
            ccyymmdd(a.get("date")),
        ]
        for a in acks
    ]


def write_855(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "BAK",
            code(record.get("purpose")) or "00",
            code(record.get("acknowledgement_type")) or "AD",
            text(record.get("po_number")),
            ccyymmdd(record.get("order_date")),
            "",
            "",
            "",
            text(record.get("seller_order_number")),
            ccyymmdd(record.get("acknowledgement_date")),
        ]
    ]
    if record.get("currency"):
        out.append(["CUR", "SE", text(record["currency"])])
    out += references(record.get("references"))
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    for line in lines_of(record):
        out.append(
            [
                "PO1",
                text(line.get("line_number")),
                num(line.get("ordered_quantity")),
                code(line.get("unit")) or "EA",
                num(line.get("unit_price")),
                "",
                *product_pairs(line),
            ]
        )
        out += _ack_segments(line)
        out += description(line)
        out += dates(line.get("dates"))
    out.append(["CTT", str(len(lines_of(record)))])
    return out


def write_870(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "BSR",
            code(record.get("report_type")) or "2",
            text(record.get("order_item_code")) or "PP",
            text(record.get("report_number")),
            ccyymmdd(record.get("report_date")),
        ]
    ]
    out += references(record.get("references"))
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    orders: dict[str, list[Mapping[str, Any]]] = {}
    for line in lines_of(record):
        orders.setdefault(text(line.get("po_number") or record.get("po_number")), []).append(line)
    hl = 0
    for po_number, lines in orders.items():
        hl += 1
        order_hl = hl
        out.append(["HL", str(order_hl), "", "O"])
        out.append(["PRF", po_number])
        for line in lines:
            hl += 1
            out.append(["HL", str(hl), str(order_hl), "I"])
            out.append(
                [
                    "PO1",
                    text(line.get("line_number")),
                    num(line.get("ordered_quantity")),
                    code(line.get("unit")),
                    num(line.get("unit_price")),
                    "",
                    *product_pairs(line),
                ]
            )
            out += description(line)
            out.append(["ISR", code(line.get("status")), ccyymmdd(line.get("status_date"))])
            for quantity in line.get("quantities") or []:
                out.append(
                    [
                        "QTY",
                        code(quantity.get("qualifier")),
                        num(quantity.get("quantity")),
                        code(quantity.get("unit")),
                    ]
                )
            out += dates(line.get("dates"))
    out.append(["CTT", str(hl)])
    return out
