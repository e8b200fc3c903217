"""ORDERS and ORDRSP bodies."""

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
from supplychain_edi.writers.fields import EdiWriteError, code, num, text


def write_orders(record: Mapping[str, Any]) -> Segments:
    if not record.get("po_number"):
        raise EdiWriteError("an ORDERS needs po_number")
    out: Segments = [
        bgm(code(record.get("order_type")) or "220", record["po_number"], record.get("purpose"))
    ]
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (
        ("order_date", "137"),
        ("requested_delivery_date", "2"),
        ("requested_ship_date", "10"),
    ):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    if record.get("customer_order_number") and "CO" not in refs and "CR" not in refs:
        refs["CO"] = {"value": record["customer_order_number"]}
    out += references(refs)
    out += parties(record.get("parties"))
    if record.get("currency"):
        out.append(["CUX", ["2", text(record["currency"]), "9"]])
    for number, line in enumerate(lines_of(record), 1):
        out += lin(line, number)
        out.append(qty("21", line.get("quantity"), line.get("unit")))
        line_dates = dict(line.get("dates") or {})
        if line.get("requested_delivery_date") and "2" not in line_dates:
            line_dates["2"] = line["requested_delivery_date"]
        out += dates(line_dates)
        if line.get("unit_price") is not None:
            out.append(["PRI", ["AAA", num(line["unit_price"])]])
    out.append(["UNS", "S"])
    out.append(["CNT", ["2", str(len(lines_of(record)))]])
    return out


def write_ordrsp(record: Mapping[str, Any]) -> Segments:
    out: Segments = [
        bgm(
            "231",
            record.get("seller_order_number"),
            record.get("purpose"),
            record.get("acknowledgement_type"),
        )
    ]
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (("acknowledgement_date", "137"), ("order_date", "4")):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    if record.get("po_number") and "ON" not in refs:
        refs["ON"] = {"value": record["po_number"]}
    out += references(refs)
    out += parties(record.get("parties"))
    if record.get("currency"):
        out.append(["CUX", ["2", text(record["currency"]), "9"]])
    for number, line in enumerate(lines_of(record), 1):
        head = lin(line, number)
        head[0][2] = code(line.get("line_action"))
        out += head
        out.append(qty("21", line.get("ordered_quantity"), line.get("unit")))
        out.append(qty("113", line.get("acknowledged_quantity"), line.get("unit")))
        if line.get("backorder_quantity"):
            out.append(qty("83", line["backorder_quantity"], line.get("unit")))
        line_dates = dict(line.get("dates") or {})
        if line.get("schedule_date") and not line_dates:
            line_dates[code(line.get("schedule_date_qualifier")) or "67"] = line["schedule_date"]
        out += dates(line_dates)
        if line.get("unit_price") is not None:
            out.append(["PRI", ["AAA", num(line["unit_price"])]])
    out.append(["UNS", "S"])
    out.append(["CNT", ["2", str(len(lines_of(record)))]])
    return out
