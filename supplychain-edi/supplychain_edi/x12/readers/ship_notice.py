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
from supplychain_edi.values import DateCache, SharedCodes, coded, date_value, number
from supplychain_edi.x12.common import (
    body,
    first,
    item_columns_at,
    padded,
    pid_description,
    ref_value,
    scan_header,
)

KNOWN_LEVELS = set(HL_LEVELS)


def _hl_nodes(
    segments: list[Segment], warnings: Warnings
) -> tuple[list[Segment], list[dict[str, Any]]]:
    """Segments before the first HL, and each HL with the segments under it."""
    before: list[Segment] = []
    nodes: list[dict[str, Any]] = []
    under: list[Segment] = before
    for segment in segments:
        tag = segment.tag
        if tag == "HL":
            elements = segment.elements
            hl_id, parent, level = elements[:3] if len(elements) >= 3 else padded(segment, 3)
            if level not in KNOWN_LEVELS:
                warnings.add(
                    "unexpected_hl_level", f"HL level {level!r} is not a standard code", segment
                )
            under = []
            nodes.append(
                {"id": hl_id, "parent": parent, "level": level, "segments": under, "hl": segment}
            )
        elif tag != "CTT":
            under.append(segment)
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


def _order_and_pack(ancestors: list[dict[str, Any]]) -> tuple[Any, Any]:
    """The nearest order and the nearest pack (or tare) among an item's ancestors."""
    order = pack = None
    for ancestor in ancestors:
        level = ancestor["level"]
        if order is None and level == "O":
            order = ancestor
        elif pack is None and level in ("P", "T"):
            pack = ancestor
    return order, pack


Lineages = dict[str, tuple[Any, Any, set[str]]]


def _order_and_pack_of(
    node: dict[str, Any], by_id: dict[str, dict[str, Any]], lineages: Lineages
) -> tuple[Any, Any]:
    """`_order_and_pack(_ancestors(node, by_id))`, walked once per parent HL.

    The items of one order share their parent, so the walk up from it is kept with the
    ids it passed; an item whose own id is among them (a loop in the tree) is walked on
    its own, because the walk stops where it meets the item again.
    """
    key = node["parent"]
    lineage = lineages.get(key)
    if lineage is None:
        ancestors: list[dict[str, Any]] = []
        seen: set[str] = set()
        parent = by_id.get(key)
        while parent is not None and parent["id"] not in seen:
            ancestors.append(parent)
            seen.add(parent["id"])
            parent = by_id.get(parent["parent"])
        lineage = lineages[key] = (*_order_and_pack(ancestors), seen)
    if node["id"] in lineage[2]:
        return _order_and_pack(_ancestors(node, by_id))
    return lineage[0], lineage[1]


def _prf(node: dict[str, Any]) -> Segment | None:
    """The node's first PRF, found once per node (every item of an order asks)."""
    if "prf" not in node:
        node["prf"] = first(node["segments"], "PRF")
    return node["prf"]


def _order_fields(node: dict[str, Any] | None) -> dict[str, Any]:
    if node is None:
        return {"po_number": None, "po_date": None}
    prf = _prf(node)
    if prf is None:
        return {"po_number": None, "po_date": None}
    return {
        "po_number": nonempty(prf.get(1)),
        "po_date": date_value(prf.get(4), "", coded("004", DATE_QUALIFIERS)),
    }


def _prf_fields(prf: Segment, date_values: DateCache) -> tuple[str | None, Any]:
    """PRF01 and the PRF04 date: an item's purchase order."""
    raw_po_date = prf.get(4)
    return nonempty(prf.get(1)), date_values["004", raw_po_date, ""] if raw_po_date else None


_NO_SN1 = ("", "", "", "", "", "")


def _item_line(
    node: dict[str, Any],
    by_id: dict[str, dict[str, Any]],
    fallback: int,
    lineages: Lineages,
    codes: SharedCodes,
) -> dict[str, Any]:
    segs = node["segments"]
    units, date_values, id_qualifiers = codes.units, codes.date_values, codes.product_ids
    # One pass over the item's segments: the first LIN, SN1 and PRF, every MAN, and what
    # description() and dates() read.
    lin = sn1 = own_prf = None
    own_marks: list[str] = []
    line_dates: dict[str, Any] = {}
    free: str | None = None  # the free-form PID05 texts so far, joined by spaces
    other: str | None = None
    for segment in segs:
        tag = segment.tag
        # `is None`, not `or`: a Segment without elements is falsy (it has a length).
        if tag == "LIN":
            if lin is None:
                lin = segment
        elif tag == "SN1":
            if sn1 is None:
                sn1 = segment
        elif tag == "PID":
            free, other = pid_description(segment, free, other)
        elif tag == "DTM":
            elements = segment.elements
            # padded(segment, 3), without the call for the usual DTM without a time.
            qualifier, raw_date, raw_time = (
                (elements[0], elements[1], "") if len(elements) == 2 else padded(segment, 3)
            )
            if qualifier and qualifier not in line_dates and (raw_date or raw_time):
                line_dates[qualifier] = date_values[qualifier, raw_date, raw_time]
        elif tag == "PRF":
            if own_prf is None:
                own_prf = segment
        elif tag == "MAN":
            own_marks.append(segment.get(2))
    if lin is None:
        lin = Segment("LIN", [])
    order, pack = _order_and_pack_of(node, by_id, lineages)
    if pack is not None:
        marks = [s.get(2) for s in pack["segments"] if s.tag == "MAN"] + own_marks
    else:
        marks = own_marks
    # The item's own PRF when it has elements (an empty one is falsy), else its order's,
    # read once per order.
    if own_prf:
        po_number, po_date = _prf_fields(own_prf, date_values)
    elif order is not None:
        fields = order.get("prf_fields")
        if fields is None:
            prf = _prf(order)
            fields = order["prf_fields"] = (
                (None, None) if prf is None else _prf_fields(prf, date_values)
            )
        po_number, po_date = fields
    else:
        po_number = po_date = None
    # An item without an SN1 reads as one with every element blank.
    sn1_number, shipped, shipped_unit, _, ordered, ordered_unit = (
        padded(sn1, 6) if sn1 is not None else _NO_SN1
    )
    sku, upc, vendor_item, buyer_item, ids = item_columns_at(lin, 2, id_qualifiers)
    line_number = lin.elements[0].strip() if lin.elements else ""
    return {
        "line_number": line_number or sn1_number.strip() or str(fallback),
        "hl_id": node["id"],
        "parent_hl_id": node["parent"].strip() or None,
        "po_number": po_number,
        "po_date": po_date,
        "sku": sku,
        "upc": upc,
        "vendor_item": vendor_item,
        "buyer_item": buyer_item,
        "product_ids": ids,
        "description": free if free is not None else other,
        "shipped_quantity": number(shipped),
        "unit": units[shipped_unit] if shipped_unit else None,
        "ordered_quantity": number(ordered),
        "ordered_unit": units[ordered_unit] if ordered_unit else None,
        "container_ids": [m for m in marks if m] if marks else [],
        "dates": line_dates,
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    before, nodes = _hl_nodes(segments, warnings)
    record = base_record(document, "ship_notice")
    bsn = first(before, "BSN") or Segment("BSN", [])
    if not bsn.elements:
        warnings.add("segment_missing", "856 has no BSN segment", None)
    by_id = {n["id"]: n for n in nodes}
    levels = document.codes.of(HL_LEVELS)
    shipment = None
    orders: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    hierarchy: list[dict[str, Any]] = []
    for node in nodes:
        parent = node["parent"]
        if parent and parent not in by_id:
            warnings.add(
                "hl_parent_missing", f"HL {node['id']} names parent {parent!r}", node["hl"]
            )
        level = node["level"]
        if level == "I":
            items.append(node)
        elif level == "O":
            orders.append(node)
        elif level == "S" and shipment is None:
            shipment = node
        hierarchy.append(
            {
                "hl_id": node["id"],
                "parent_hl_id": parent.strip() or None,
                "level": levels[level] if level else None,
            }
        )
    shipment_segments = before[:] + (shipment["segments"] if shipment else [])
    for segment in before:
        if segment.tag == "DTM":
            # Allowed by some guides and not others (gozer#107); read, but say so.
            warnings.add("dtm_before_hl", "DTM between BSN and the first HL", segment)
            break
    po_numbers = [o["po_number"] for o in (_order_fields(n) for n in orders) if o["po_number"]]
    firsts, refs, found_parties, shipment_dates = scan_header(shipment_segments, document.codes)
    td1 = firsts.get("TD1")
    td5 = firsts.get("TD5")
    if not items:
        # Partners that skip the item level put LIN/SN1 on the order or pack level.
        items = [n for n in nodes if first(n["segments"], "SN1") is not None]
    lineages: Lineages = {}
    codes = document.codes
    lines = [_item_line(n, by_id, i, lineages, codes) for i, n in enumerate(items, 1)]
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
            "parties": found_parties,
            "hierarchy": hierarchy,
            "lines": lines,
        }
    )
    return record
