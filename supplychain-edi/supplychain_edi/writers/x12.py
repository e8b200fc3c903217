"""X12 envelopes: a fixed-width ISA, GS/GE per functional group, ST/SE per set, with the
caller's control numbers and the counts computed from what is written."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from supplychain_edi.codes import FUNCTIONAL_IDS
from supplychain_edi.writers.fields import EdiWriteError, code, text
from supplychain_edi.writers.x12_sets import SET_WRITERS

Element = str
SegmentList = list[list[Element]]


@dataclass(frozen=True)
class X12Envelope:
    """Who is sending to whom, and the control numbers the caller owns and persists.

    `timestamp` is part of the envelope so that retrying an interchange writes the same
    bytes again (DESIGN §6); pass the time the interchange was first built.
    """

    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    interchange_control_number: int
    group_control_number: int
    timestamp: datetime.datetime
    version: str = "004010"
    usage: str = "P"
    application_sender: str | None = None
    application_receiver: str | None = None
    acknowledgment_requested: str = "0"
    element_separator: str = "*"
    component_separator: str = ">"
    segment_terminator: str = "~"
    repetition_separator: str = "^"
    line_breaks: bool = True


def _check(value: str, envelope: X12Envelope) -> str:
    separators = [
        envelope.element_separator,
        envelope.component_separator,
        envelope.segment_terminator,
    ]
    if envelope.version >= "005010":
        separators.append(envelope.repetition_separator)  # ISA11 from 00501 on
    for separator in separators:
        if separator in value:
            raise EdiWriteError(f"value {value!r} contains the separator {separator!r}")
    return value


def render_segment(elements: Sequence[str], envelope: X12Envelope) -> str:
    values = list(elements)
    while len(values) > 1 and values[-1] == "":
        values.pop()  # trailing empty elements are omitted, as X12 requires
    return envelope.element_separator.join(
        [values[0], *(_check(text(v), envelope) for v in values[1:])]
    )


def isa_segment(envelope: X12Envelope) -> str:
    if not 0 <= envelope.interchange_control_number <= 999_999_999:
        raise EdiWriteError("ISA13 must be 0..999999999")
    isa11 = envelope.repetition_separator if envelope.version >= "005010" else "U"
    isa12 = "00501" if envelope.version >= "005010" else "00401"
    when = envelope.timestamp
    fields = [
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        envelope.sender_qualifier.ljust(2)[:2],
        envelope.sender_id.ljust(15)[:15],
        envelope.receiver_qualifier.ljust(2)[:2],
        envelope.receiver_id.ljust(15)[:15],
        when.strftime("%y%m%d"),
        when.strftime("%H%M"),
        isa11,
        isa12,
        f"{envelope.interchange_control_number:09d}",
        envelope.acknowledgment_requested,
        envelope.usage,
        envelope.component_separator,
    ]
    if len(envelope.sender_id) > 15 or len(envelope.receiver_id) > 15:
        raise EdiWriteError("ISA06/ISA08 hold at most 15 characters")
    segment = envelope.element_separator.join(fields)
    assert len(segment) == 105  # 106 with the terminator: the fixed width readers rely on
    return segment


SET_CODE_BY_TYPE = {
    "purchase_order": "850",
    "po_acknowledgement": "855",
    "ship_notice": "856",
    "invoice": "810",
    "inventory_advice": "846",
    "product_activity": "852",
    "planning_schedule": "830",
    "order_status": "870",
    "shipment_status": "214",
    "application_advice": "824",
    "functional_ack": "997",
    "return": "180",
}


def set_code_for(record: dict[str, Any]) -> str:
    set_code = code(record.get("transaction_set")) or SET_CODE_BY_TYPE.get(
        record.get("document_type", ""), ""
    )
    if set_code not in SET_WRITERS:
        raise EdiWriteError(f"no X12 writer for {set_code or record.get('document_type')!r}")
    return set_code


def write_x12(records: Sequence[dict[str, Any]], envelope: X12Envelope) -> str:
    """One interchange holding `records`, grouped by functional id in the order given.

    Each group gets the next group control number from `envelope.group_control_number`;
    sets are numbered 0001, 0002, ... within the interchange (a record's own
    `set_control_number` belongs to the interchange it was read from and is ignored).
    """
    if not records:
        raise EdiWriteError("an interchange needs at least one document")
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for record in records:
        set_code = set_code_for(record)
        groups.setdefault(FUNCTIONAL_IDS[set_code], []).append((set_code, record))
    terminator = envelope.segment_terminator + ("\n" if envelope.line_breaks else "")
    out: list[str] = [isa_segment(envelope)]
    when = envelope.timestamp
    set_number = 0
    for group_index, (fid, members) in enumerate(groups.items()):
        group_control = envelope.group_control_number + group_index
        out.append(
            render_segment(
                [
                    "GS",
                    fid,
                    envelope.application_sender or envelope.sender_id,
                    envelope.application_receiver or envelope.receiver_id,
                    when.strftime("%Y%m%d"),
                    when.strftime("%H%M"),
                    str(group_control),
                    "X",
                    envelope.version,
                ],
                envelope,
            )
        )
        for set_code, record in members:
            set_number += 1
            control = f"{set_number:04d}"
            body = SET_WRITERS[set_code](record, envelope.version)
            header = ["ST", set_code, control]
            if set_code == "999":
                header.append(envelope.version)
            out.append(render_segment(header, envelope))
            out.extend(render_segment(s, envelope) for s in body)
            out.append(render_segment(["SE", str(len(body) + 2), control], envelope))
        out.append(render_segment(["GE", str(len(members)), str(group_control)], envelope))
    out.append(
        render_segment(
            ["IEA", str(len(groups)), f"{envelope.interchange_control_number:09d}"], envelope
        )
    )
    return terminator.join(out) + terminator
