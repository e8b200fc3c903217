"""856 Ship Notice/Manifest -> ship_notice, one line per item-level HL.

The HL tree is rebuilt from HL01/HL02 instead of assuming a fixed S-O-P-I shape:
partners send S-O-I, S-O-P-I, S-I, and private levels, and attach DTMs where they like.
"""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import DATE_QUALIFIERS, HL_LEVELS, PURPOSE
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, date_value, number
from supplychain_edi.x12.common import (
    body,
    dates,
    description,
    first,
    item_columns,
    padded,
    parties,
    product_ids,
    ref_value,
    references,
    unit,
)

KNOWN_LEVELS = set(HL_LEVELS)


def _hl_nodes(
    segments: list[Segment], warnings: Warnings
) -> tuple[list[Segment], list[dict[str, Any]]]:
    """Segments before the first HL, and each HL with the segments under it."""
    before: list[Segment] = []
    nodes: list[dict[str, Any]] = []
    for segment in segments:
        if segment.tag == "HL":
            level = segment.get(3)
            if level not in KNOWN_LEVELS:
                warnings.add(
                    "unexpected_hl_level", f"HL level {level!r} is not a standard code", segment
                )
            nodes.append(
                {
                    "id": segment.get(1),
                    "parent": segment.get(2),
                    "level": level,
                    "segments": [],
                    "hl": segment,
                }
            )
        elif segment.tag == "CTT":
            continue
        elif nodes:
            nodes[-1]["segments"].append(segment)
        else:
            before.append(segment)
    return before, nodes


def _ancestors(node: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen = {node["id"]}
    parent = by_id.get(node["parent"])
    while parent is not None and parent["id"] not in seen:
        found.append(parent)
        seen.add(parent["id"])
        parent = by_id.get(parent["parent"])
    return found


def _order_fields(node: dict[str, Any] | None) -> dict[str, Any]:
    if node is None:
        return {"po_number": None, "po_date": None}
    prf = first(node["segments"], "PRF")
    if prf is None:
        return {"po_number": None, "po_date": None}
    return {
        "po_number": nonempty(prf.get(1)),
        "po_date": date_value(prf.get(4), "", coded("004", DATE_QUALIFIERS)),
    }


def _item_line(
    node: dict[str, Any], by_id: dict[str, dict[str, Any]], fallback: int
) -> dict[str, Any]:
    segs = node["segments"]
    # One pass over the item's segments for the first LIN, SN1 and PRF and every MAN.
    lin = sn1 = own_prf = None
    own_marks: list[str] = []
    for segment in segs:
        tag = segment.tag
        # `is None`, not `or`: a Segment without elements is falsy (it has a length).
        if tag == "LIN":
            if lin is None:
                lin = segment
        elif tag == "SN1":
            if sn1 is None:
                sn1 = segment
        elif tag == "PRF":
            if own_prf is None:
                own_prf = segment
        elif tag == "MAN":
            own_marks.append(segment.get(2))
    if lin is None:
        lin = Segment("LIN", [])
    # The nearest order and the nearest pack (or tare) above the item, in one walk up.
    order = pack = None
    for ancestor in _ancestors(node, by_id):
        level = ancestor["level"]
        if order is None and level == "O":
            order = ancestor
        elif pack is None and level in ("P", "T"):
            pack = ancestor
    marks = [s.get(2) for s in (pack["segments"] if pack else []) if s.tag == "MAN"]
    marks += own_marks
    order_fields = _order_fields({"segments": [own_prf]} if own_prf else order)
    sn1_number, shipped, shipped_unit, _, ordered, ordered_unit = padded(
        sn1 or Segment("SN1", []), 6
    )
    sku, upc, vendor_item, buyer_item, ids = item_columns(product_ids(lin, 2))
    return {
        "line_number": lin.get(1).strip() or sn1_number.strip() or str(fallback),
        "hl_id": node["id"],
        "parent_hl_id": node["parent"].strip() or None,
        "po_number": order_fields["po_number"],
        "po_date": order_fields["po_date"],
        "sku": sku,
        "upc": upc,
        "vendor_item": vendor_item,
        "buyer_item": buyer_item,
        "product_ids": ids,
        "description": description(segs),
        "shipped_quantity": number(shipped),
        "unit": unit(shipped_unit),
        "ordered_quantity": number(ordered),
        "ordered_unit": unit(ordered_unit),
        "container_ids": [m for m in marks if m],
        "dates": dates(segs),
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    before, nodes = _hl_nodes(segments, warnings)
    record = base_record(document, "ship_notice")
    bsn = first(before, "BSN") or Segment("BSN", [])
    if not bsn.elements:
        warnings.add("segment_missing", "856 has no BSN segment", None)
    by_id = {n["id"]: n for n in nodes}
    for node in nodes:
        if node["parent"] and node["parent"] not in by_id:
            warnings.add(
                "hl_parent_missing", f"HL {node['id']} names parent {node['parent']!r}", node["hl"]
            )
    shipment = [n for n in nodes if n["level"] == "S"]
    shipment_segments = before[:] + (shipment[0]["segments"] if shipment else [])
    if any(s.tag == "DTM" for s in before):
        # Allowed by some guides and not others (gozer#107); read, but say so.
        dtm = next(s for s in before if s.tag == "DTM")
        warnings.add("dtm_before_hl", "DTM between BSN and the first HL", dtm)
    orders = [n for n in nodes if n["level"] == "O"]
    po_numbers = [o["po_number"] for o in (_order_fields(n) for n in orders) if o["po_number"]]
    refs = references(shipment_segments)
    td1 = first(shipment_segments, "TD1")
    td5 = first(shipment_segments, "TD5")
    shipment_dates = dates(shipment_segments)
    items = [n for n in nodes if n["level"] == "I"]
    if not items:
        # Partners that skip the item level put LIN/SN1 on the order or pack level.
        items = [n for n in nodes if first(n["segments"], "SN1") is not None]
    lines = [_item_line(n, by_id, i) for i, n in enumerate(items, 1)]
    for line in lines:
        if line["po_number"] and line["po_number"] not in po_numbers:
            po_numbers.append(line["po_number"])
    record.update(
        {
            "asn_number": nonempty(bsn.get(2)),
            "po_number": po_numbers[0] if po_numbers else None,
            "po_numbers": po_numbers,
            "bol_number": ref_value(refs, "BM"),
            "pro_number": ref_value(refs, "CN"),
            "purpose": coded(bsn.get(1), PURPOSE),
            "asn_date": date_value(bsn.get(3), bsn.get(4)),
            "structure_code": nonempty(bsn.get(5)),
            "shipped_date": shipment_dates.get("011"),
            "estimated_delivery_date": shipment_dates.get("017"),
            "current_schedule_delivery_date": shipment_dates.get("067"),
            "carrier_scac": nonempty(td5.get(3)) if td5 else None,
            "carrier_name": nonempty(td5.get(5)) if td5 else None,
            "transport_method": nonempty(td5.get(4)) if td5 else None,
            "tracking_number": ref_value(refs, "CN", "2I"),
            "packaging_code": nonempty(td1.get(1)) if td1 else None,
            "lading_quantity": number(td1.get(2)) if td1 else None,
            "gross_weight": number(td1.get(7)) if td1 else None,
            "weight_unit": nonempty(td1.get(8)) if td1 else None,
            "dates": shipment_dates,
            "references": refs,
            "parties": parties(shipment_segments),
            "hierarchy": [
                {
                    "hl_id": n["id"],
                    "parent_hl_id": nonempty(n["parent"]),
                    "level": coded(n["level"], HL_LEVELS),
                }
                for n in nodes
            ],
            "lines": lines,
        }
    )
    return record
