"""DELFOR bodies."""

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
from supplychain_edi.writers.fields import code


def write_delfor(record: Mapping[str, Any]) -> Segments:
    out: Segments = [bgm("241", record.get("schedule_reference"), record.get("purpose"))]
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (("issue_date", "137"), ("horizon_start", "158"), ("horizon_end", "159")):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    if record.get("po_number") and "ON" not in refs:
        refs["ON"] = {"value": record["po_number"]}
    out += references(refs)
    out += parties(record.get("parties"))
    out.append(["UNS", "D"])
    for number, line in enumerate(lines_of(record), 1):
        out += parties(line.get("parties"))
        out += lin(line, number)
        out += references(line.get("references"))
        out += dates(line.get("dates"))
        for bucket in line.get("forecasts") or []:
            kind = code(bucket.get("forecast_type"))
            out.append(["SCC", {"C": "1", "D": "4"}.get(kind, kind) or "4"])
            out.append(qty("113", bucket.get("quantity"), line.get("unit")))
            if bucket.get("start_date"):
                out.append(dtm("158", bucket["start_date"]))
            if bucket.get("end_date"):
                out.append(dtm("159", bucket["end_date"]))
    out.append(["UNS", "S"])
    return out
