"""DESADV -> ship_notice. CPS packaging levels become the hierarchy; LIN loops the lines."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import EDIFACT_MESSAGE_FUNCTION, HL_LEVELS
from supplychain_edi.document import RawDocument
from supplychain_edi.edifact.common import (
    body,
    dates,
    description,
    first,
    item_ids,
    parties,
    quantity,
    quantity_unit,
    ref_value,
    references,
)
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, number


def despatch_line(block: list[Segment], fallback: int, cps: str | None, po: str | None) -> dict:
    head = block[0]
    line_refs = references(block[1:])
    order_ref = first([s for s in block[1:] if s.tag == "RFF" and s.component(1, 1) == "ON"], "RFF")
    shipped = quantity(block, "12")
    if shipped is None:
        shipped = quantity(block, "113")
    containers = [s.component(2, 1) for s in block[1:] if s.tag == "GIN" and s.component(2, 1)]
    return {
        # RFF+ON 1156 is the buyer's order line; better than the position in the despatch.
        "line_number": (order_ref.component(1, 3) if order_ref else "")
        or nonempty(head.get(1))
        or str(fallback),
        "hl_id": cps,
        "parent_hl_id": None,
        "po_number": ref_value(line_refs, "ON") or po,
        "po_date": None,
        **item_ids(block),
        "description": description(block[1:]),
        "shipped_quantity": shipped,
        "unit": quantity_unit(block),
        "ordered_quantity": quantity(block, "21"),
        "ordered_unit": None,
        "container_ids": containers,
        "dates": dates(block[1:]),
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    record = base_record(document, "ship_notice")
    header: list[Segment] = []
    hierarchy: list[dict[str, Any]] = []
    blocks: list[tuple[list[Segment], str | None]] = []
    current_cps: str | None = None
    pack_segments: list[Segment] = []
    for segment in segments:
        if segment.tag == "CPS":
            current_cps = segment.get(1)
            hierarchy.append(
                {
                    "hl_id": segment.get(1),
                    "parent_hl_id": nonempty(segment.get(2)),
                    "level": coded("S" if not segment.get(2) else "P", HL_LEVELS),
                }
            )
        elif segment.tag == "LIN":
            blocks.append(([segment], current_cps))
        elif segment.tag in ("UNS", "CNT"):
            continue
        elif blocks:
            blocks[-1][0].append(segment)
        elif current_cps is not None:
            pack_segments.append(segment)
        else:
            header.append(segment)
    bgm = first(header, "BGM") or Segment("BGM", [])
    if not bgm.elements:
        warnings.add("segment_missing", "DESADV has no BGM segment", None)
    refs = references(header)
    header_dates = dates(header)
    tdt = first(header, "TDT")
    po = ref_value(refs, "ON")
    lines = [despatch_line(b, i, cps, po) for i, (b, cps) in enumerate(blocks, 1)]
    po_numbers = list(dict.fromkeys(p for p in [po, *(line["po_number"] for line in lines)] if p))
    pac = first(header + pack_segments, "PAC")
    measure = next(
        (s for s in header + pack_segments if s.tag == "MEA" and s.component(2, 1) in ("AAB", "G")),
        None,
    )
    record.update(
        {
            "asn_number": nonempty(bgm.component(2, 1)),
            "po_number": po_numbers[0] if po_numbers else None,
            "po_numbers": po_numbers,
            "bol_number": ref_value(refs, "BM") or (nonempty(tdt.get(2)) if tdt else None),
            "pro_number": ref_value(refs, "CN"),
            "purpose": coded(bgm.get(3), EDIFACT_MESSAGE_FUNCTION),
            "asn_date": header_dates.get("137"),
            "structure_code": None,
            "shipped_date": header_dates.get("11"),
            "estimated_delivery_date": header_dates.get("17") or header_dates.get("132"),
            "current_schedule_delivery_date": header_dates.get("67"),
            "carrier_scac": nonempty(tdt.component(5, 1)) if tdt else None,
            "carrier_name": nonempty(tdt.component(5, 4)) if tdt else None,
            "transport_method": nonempty(tdt.component(3, 1)) if tdt else None,
            "tracking_number": ref_value(refs, "CN"),
            "packaging_code": nonempty(pac.component(3, 1)) if pac else None,
            "lading_quantity": number(pac.get(1)) if pac else None,
            "gross_weight": number(measure.component(3, 2)) if measure else None,
            "weight_unit": nonempty(measure.component(3, 1)) if measure else None,
            "dates": header_dates,
            "references": refs,
            "parties": parties(header),
            "hierarchy": hierarchy,
            "lines": lines,
        }
    )
    return record
