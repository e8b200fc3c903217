"""ORDRSP -> po_acknowledgement.

ORDRSP has no ACK01: a line's status is said by LIN 1229 and by how much is confirmed,
so the reader derives the X12 line status (IA, IQ, IB, BP, IR, IC) and keeps 1229 beside it.
"""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import (
    EDIFACT_DATE_QUALIFIERS,
    EDIFACT_MESSAGE_FUNCTION,
    EDIFACT_RESPONSE_TYPE,
    LINE_ACTION,
    LINE_STATUS,
)
from supplychain_edi.document import RawDocument
from supplychain_edi.edifact.common import (
    body,
    currency,
    dates,
    description,
    first,
    item_ids,
    parties,
    price,
    quantities,
    quantity,
    quantity_unit,
    ref_value,
    references,
    split_lines,
)
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded

# Line dates that carry the seller's promise, best first.
SCHEDULE_QUALIFIERS = ("69", "67", "17", "2")


def derived_status(
    action: str, ordered: Any, confirmed: Any, backordered: Any, scheduled: bool
) -> str:
    """The X12 ACK01 an ORDRSP line amounts to.

    QTY+83 is read as the shortfall, as mock-edi and most senders write it, so a
    part-confirmed line is IQ (quantity changed) just as its X12 855 says; only a line
    with nothing confirmed but a backorder and a date to ship it is IB.
    """
    if action == "7":
        return "IR"
    if confirmed is not None and confirmed <= 0:
        return "IB" if backordered and scheduled else "IR"
    if confirmed is not None and ordered is not None and confirmed < ordered:
        return "IQ"
    if action == "3":
        return "IC"
    return "IA"


def response_line(block: list[Segment], fallback: int) -> dict[str, Any]:
    head = block[0]
    ordered = quantity(block, "21")
    confirmed = quantity(block, "113")
    if confirmed is None:
        confirmed = quantity(block, "12")
    backordered = quantity(block, "83")
    if ordered is None:
        ordered = confirmed
    if confirmed is None and head.get(2) != "7":
        confirmed = ordered
    line_dates = dates(block[1:])
    schedule = next((line_dates[q] for q in SCHEDULE_QUALIFIERS if q in line_dates), None)
    status = derived_status(head.get(2), ordered, confirmed, backordered, schedule is not None)
    if status == "IR":
        confirmed = 0
    return {
        "line_number": nonempty(head.get(1)) or str(fallback),
        "ordered_quantity": ordered,
        "unit": quantity_unit(block),
        "unit_price": price(block[1:]),
        **item_ids(block),
        "description": description(block[1:]),
        "status": coded(status, LINE_STATUS),
        "line_action": coded(head.get(2), LINE_ACTION),
        "acknowledged_quantity": confirmed,
        "acknowledged_unit": quantity_unit(block),
        "schedule_date_qualifier": (schedule or {}).get("qualifier"),
        "schedule_date": schedule,
        "backorder_quantity": backordered,
        "quantities": quantities(block[1:]),
        "acks": [],
        "dates": line_dates,
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    header, blocks, _summary = split_lines(body(document.segments))
    record = base_record(document, "po_acknowledgement")
    bgm = first(header, "BGM") or Segment("BGM", [])
    if not bgm.elements:
        warnings.add("segment_missing", "ORDRSP has no BGM segment", None)
    refs = references(header)
    header_dates = dates(header)
    record.update(
        {
            "po_number": ref_value(refs, "ON"),
            "purpose": coded(bgm.get(3), EDIFACT_MESSAGE_FUNCTION),
            "acknowledgement_type": coded(bgm.get(4), EDIFACT_RESPONSE_TYPE),
            "order_date": header_dates.get("4") or header_dates.get("171"),
            "seller_order_number": nonempty(bgm.component(2, 1)),
            "acknowledgement_date": header_dates.get("137"),
            "currency": currency(header),
            "dates": header_dates,
            "references": refs,
            "parties": parties(header),
            "lines": [response_line(b, i) for i, b in enumerate(blocks, 1)],
        }
    )
    if record["order_date"] is not None:
        record["order_date"] = dict(record["order_date"])
        record["order_date"]["qualifier"] = coded("4", EDIFACT_DATE_QUALIFIERS)
    return record
