"""INVOIC bodies."""

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


def write_invoic(record: Mapping[str, Any]) -> Segments:
    document = code(record.get("invoice_type"))
    if document not in ("380", "381", "383"):
        document = "381" if record.get("is_credit") else "380"
    out: Segments = [bgm(document, record.get("invoice_number"), record.get("purpose"))]
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (("invoice_date", "137"), ("po_date", "4"), ("shipped_date", "11")):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    for qualifier, key in (
        ("ON", "po_number"),
        ("AAK", "asn_number"),
        ("BM", "bol_number"),
        ("CN", "pro_number"),
        ("VN", "seller_order_number"),
    ):
        if record.get(key) and qualifier not in refs:
            refs[qualifier] = {"value": record[key]}
    out += references(refs)
    out += parties(record.get("parties"))
    if record.get("currency"):
        out.append(["CUX", ["2", text(record["currency"]), "4"]])
    terms = record.get("terms")
    if terms:
        out.append(
            [
                "PAT",
                text(terms.get("type_code")) or "1",
                ["", "", "", text(terms.get("description"))],
                ["5", "3", "D", num(terms.get("net_days"))],
            ]
        )
    for number, line in enumerate(lines_of(record), 1):
        out += lin(line, number)
        out.append(qty("47", line.get("quantity"), line.get("unit")))
        out += dates(line.get("dates"))
        if line.get("amount") is not None:
            out.append(["MOA", ["203", num(line["amount"])]])
        if line.get("unit_price") is not None:
            out.append(["PRI", ["AAA", num(line["unit_price"])]])
    out.append(["UNS", "S"])
    if record.get("line_items_total") is not None:
        out.append(["MOA", ["79", num(record["line_items_total"])]])
    if record.get("tax_amount") is not None:
        out.append(["MOA", ["124", num(record["tax_amount"])]])
    out.append(["MOA", ["139", num(record.get("total_amount"))]])
    out.append(["CNT", ["2", str(len(lines_of(record)))]])
    return out
