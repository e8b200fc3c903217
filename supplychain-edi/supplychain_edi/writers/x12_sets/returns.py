"""180 return authorisation bodies."""

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


def write_180(record: Mapping[str, Any], version: str) -> Segments:
    when = record.get("return_date")
    out: Segments = [
        [
            "BGN",
            code(record.get("purpose")) or "00",
            text(record.get("rma_number")),
            ccyymmdd(when),
            hhmm(when),
        ]
    ]
    if record.get("reason") or record.get("disposition"):
        out.append(["RDR", code(record.get("disposition")), code(record.get("reason"))])
    if record.get("po_number"):
        out.append(["PRF", text(record["po_number"])])
    refs = dict(record.get("references") or {})
    if record.get("invoice_number") and "IV" not in refs:
        refs["IV"] = {"value": record["invoice_number"]}
    out += references(refs, tag="N9")
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    for line in lines_of(record):
        pairs = product_pairs(line)
        first_pair, extra = pairs[:2] or ["", ""], pairs[2:]
        out.append(
            [
                "BLI",
                *first_pair,
                num(line.get("quantity")),
                code(line.get("unit")) or "EA",
                # BLI05 (price identifier) must accompany BLI06; CON is the contract price.
                "CON" if line.get("unit_price") is not None else "",
                num(line.get("unit_price")),
                "",
                *extra,
            ]
        )
        out += references(line.get("references"), tag="N9")
        out += description(line)
        if line.get("reason") or line.get("disposition"):
            out.append(["RDR", code(line.get("disposition")), code(line.get("reason"))])
        if line.get("po_number"):
            out.append(["PRF", text(line["po_number"])])
        out += dates(line.get("dates"))
        for quantity in line.get("quantities") or []:
            out.append(
                [
                    "QTY",
                    code(quantity.get("qualifier")),
                    num(quantity.get("quantity")),
                    code(quantity.get("unit")),
                ]
            )
        out += [["NTE", "GEN", text(note)] for note in line.get("notes") or []]
    return out
