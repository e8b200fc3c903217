"""830 planning schedule bodies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from supplychain_edi.writers.fields import ccyymmdd, code, num, text
from supplychain_edi.writers.x12_sets.common import (
    Segments,
    dates,
    description,
    lines_of,
    parties,
    product_pairs,
    references,
)


def write_830(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "BFR",
            code(record.get("purpose")) or "00",
            text(record.get("schedule_reference")),
            text(record.get("release_number")),
            code(record.get("schedule_type")) or "DL",
            code(record.get("quantity_type")) or "A",
            ccyymmdd(record.get("horizon_start")),
            ccyymmdd(record.get("horizon_end")),
            ccyymmdd(record.get("issue_date")),
            "",
            "",
            text(record.get("po_number")),
        ]
    ]
    out += references(record.get("references"))
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    for line in lines_of(record):
        out.append(["LIN", text(line.get("line_number")), *product_pairs(line)])
        if line.get("unit"):
            out.append(["UIT", code(line["unit"])])
        out += description(line)
        out += references(line.get("references"))
        out += parties(line.get("parties"))
        out += dates(line.get("dates"))
        for bucket in line.get("forecasts") or []:
            out.append(
                [
                    "FST",
                    num(bucket.get("quantity")),
                    code(bucket.get("forecast_type")) or "D",
                    code(bucket.get("timing")) or "D",
                    ccyymmdd(bucket.get("start_date")),
                    ccyymmdd(bucket.get("end_date")),
                ]
            )
    out.append(["CTT", str(len(lines_of(record)))])
    return out
