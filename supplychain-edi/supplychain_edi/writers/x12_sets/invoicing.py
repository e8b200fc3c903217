"""810 invoice bodies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def _sac(entries: Iterable[Mapping[str, Any]]) -> Segments:
    return [
        [
            "SAC",
            code(e.get("indicator")),
            text(e.get("code")),
            "",
            "",
            num(e.get("amount"), 2),
            "",
            num(e.get("percent")),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            text(e.get("description")),
        ]
        for e in entries
    ]


def write_810(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "BIG",
            ccyymmdd(record.get("invoice_date")),
            text(record.get("invoice_number")),
            ccyymmdd(record.get("po_date")),
            text(record.get("po_number")),
            text(record.get("release_number")),
            text(record.get("change_order_sequence")),
            code(record.get("invoice_type")),
            code(record.get("purpose")),
        ]
    ]
    if record.get("currency"):
        out.append(["CUR", "SE", text(record["currency"])])
    refs = dict(record.get("references") or {})
    for qualifier, key in (
        ("SI", "asn_number"),
        ("BM", "bol_number"),
        ("CN", "pro_number"),
        ("VN", "seller_order_number"),
    ):
        if record.get(key) and not any(
            q in refs for q in ({"SI": ("SI", "MA")}.get(qualifier, (qualifier,)))
        ):
            refs[qualifier] = {"value": record[key]}
    out += references(refs)
    out += parties(record.get("parties"))
    terms = record.get("terms")
    if terms:
        out.append(
            [
                "ITD",
                text(terms.get("type_code")),
                "",
                num(terms.get("discount_percent")),
                "",
                num(terms.get("discount_days")),
                "",
                num(terms.get("net_days")),
                "",
                "",
                "",
                "",
                text(terms.get("description")),
            ]
        )
    header_dates = dict(record.get("dates") or {})
    if record.get("shipped_date") and "011" not in header_dates:
        header_dates["011"] = record["shipped_date"]
    out += dates(header_dates)
    for line in lines_of(record):
        out.append(
            [
                "IT1",
                text(line.get("line_number")),
                num(line.get("quantity")),
                code(line.get("unit")) or "EA",
                num(line.get("unit_price")),
                "",
                *product_pairs(line),
            ]
        )
        out += description(line)
        out += dates(line.get("dates"))
        out += _sac(line.get("allowances_charges") or [])
    total = record.get("total_amount")
    if total is None:
        raise EdiWriteError("an 810 needs total_amount (TDS01)")
    out.append(["TDS", num(total, 2), num(record.get("amount_subject_to_discount"), 2)])
    if record.get("tax_amount") is not None:
        out.append(["TXI", "TX", num(record["tax_amount"])])
    out += _sac(record.get("allowances_charges") or [])
    out.append(["CTT", str(len(lines_of(record)))])
    return out
