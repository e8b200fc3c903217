"""DELFOR -> planning_schedule. Each QTY under an SCC is one forecast bucket."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import EDIFACT_MESSAGE_FUNCTION, SCC_COMMITMENT
from supplychain_edi.document import RawDocument
from supplychain_edi.edifact.common import (
    body,
    dates,
    description,
    dtm,
    first,
    item_ids,
    parties,
    references,
    unit,
)
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, number

START_QUALIFIERS = ("158", "64", "2", "10", "194")
END_QUALIFIERS = ("159", "63", "206")


def forecasts(block: list[Segment]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    commitment: dict[str, Any] | None = None
    for segment in block:
        if segment.tag == "SCC":
            commitment = coded(segment.get(1), SCC_COMMITMENT)
        elif segment.tag == "QTY":
            found.append(
                {
                    "quantity": number(segment.component(1, 2)),
                    "forecast_type": commitment,
                    "timing": None,
                    "start_date": None,
                    "end_date": None,
                    "_unit": segment.component(1, 3),
                }
            )
        elif segment.tag == "DTM" and found:
            qualifier = segment.component(1, 1)
            if qualifier in START_QUALIFIERS and found[-1]["start_date"] is None:
                found[-1]["start_date"] = dtm(segment)
            elif qualifier in END_QUALIFIERS and found[-1]["end_date"] is None:
                found[-1]["end_date"] = dtm(segment)
    return found


def schedule_line(block: list[Segment], fallback: int, ship_to: list[Segment]) -> dict[str, Any]:
    head = block[0]
    found = forecasts(block[1:])
    units = [f.pop("_unit") for f in found]
    return {
        "line_number": nonempty(head.get(1)) or str(fallback),
        **item_ids(block),
        "description": description(block[1:]),
        "unit": unit(next((u for u in units if u), "")),
        "forecasts": found,
        "parties": parties(ship_to + block[1:]),
        "references": references(block[1:]),
        "dates": dates(s for s in block[1:] if s.tag == "DTM"),
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    record = base_record(document, "planning_schedule")
    header: list[Segment] = []
    blocks: list[tuple[list[Segment], list[Segment]]] = []
    group_parties: list[Segment] = []
    block: list[Segment] | None = None
    in_detail = False  # after the first UNS, NADs open delivery-point groups
    for segment in segments:
        if segment.tag == "LIN":
            block = [segment]
            blocks.append((block, list(group_parties)))
        elif segment.tag == "NAD" and blocks:
            # A NAD after the first line opens the next delivery-point group.
            group_parties = [segment]
            block = None
        elif segment.tag == "UNS":
            in_detail = True
            block = None
            continue
        elif in_detail and block is None:
            group_parties.append(segment)
        elif block is not None:
            block.append(segment)
        elif blocks or group_parties:
            group_parties.append(segment)
        else:
            header.append(segment)
    head_parties = [s for s in header if s.tag == "NAD" and s.get(1) in ("ST", "DP")]
    bgm = first(header, "BGM") or Segment("BGM", [])
    if not bgm.elements:
        warnings.add("segment_missing", "DELFOR has no BGM segment", None)
    header_dates = dates(header)
    record.update(
        {
            "purpose": coded(bgm.get(3), EDIFACT_MESSAGE_FUNCTION),
            "schedule_reference": nonempty(bgm.component(2, 1)),
            "release_number": None,
            "schedule_type": None,
            "quantity_type": None,
            "horizon_start": header_dates.get("158"),
            "horizon_end": header_dates.get("159"),
            "issue_date": header_dates.get("137"),
            "po_number": references(header).get("ON", {}).get("value"),
            "dates": header_dates,
            "references": references(header),
            "parties": parties(header),
            "lines": [schedule_line(b, i, p or head_parties) for i, (b, p) in enumerate(blocks, 1)],
        }
    )
    return record
