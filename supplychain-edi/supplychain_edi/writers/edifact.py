"""EDIFACT interchanges: UNA/UNB/UNH..UNT/UNZ around message bodies, serialised by pydifact
(which applies the release character to every separator inside a value)."""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydifact.control.characters import Characters
from pydifact.segments import Segment as PydifactSegment
from pydifact.serializer import Serializer

from supplychain_edi.writers.edifact_messages import MESSAGE_WRITERS
from supplychain_edi.writers.edifact_messages.common import Element
from supplychain_edi.writers.fields import EdiWriteError, code, text

MESSAGE_BY_TYPE = {
    "purchase_order": "ORDERS",
    "po_acknowledgement": "ORDRSP",
    "ship_notice": "DESADV",
    "invoice": "INVOIC",
    "inventory_advice": "INVRPT",
    "product_activity": "SLSRPT",
    "planning_schedule": "DELFOR",
    "shipment_status": "IFTSTA",
    "application_advice": "APERAK",
    "functional_ack": "CONTRL",
}


@dataclass(frozen=True)
class EdifactEnvelope:
    """UNB parties and the caller's interchange reference; `timestamp` makes retries byte-equal."""

    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    interchange_control_number: int
    timestamp: datetime.datetime
    directory: str = "D:96A:UN"  # UNH S009 version:release:agency
    syntax: str = "UNOC:3"
    test: bool = False
    line_breaks: bool = True


def message_type_for(record: dict[str, Any]) -> str:
    set_code = code(record.get("transaction_set"))
    if set_code not in MESSAGE_WRITERS:
        set_code = MESSAGE_BY_TYPE.get(record.get("document_type", ""), "")
    if set_code not in MESSAGE_WRITERS:
        raise EdiWriteError(f"no EDIFACT writer for {record.get('document_type')!r}")
    return set_code


def _segment(elements: Sequence[Element]) -> PydifactSegment:
    values = list(elements[1:])
    while values and values[-1] in ("", [], None):
        values.pop()
    cleaned: list[Any] = []
    for value in values:
        if isinstance(value, list):
            parts = [text(v) for v in value]
            while parts and parts[-1] == "":
                parts.pop()
            cleaned.append(parts if len(parts) > 1 else (parts[0] if parts else ""))
        else:
            cleaned.append(text(value))
    return PydifactSegment(str(elements[0]), *cleaned)


def write_edifact(records: Sequence[dict[str, Any]], envelope: EdifactEnvelope) -> str:
    """One interchange with a UNA, one UNH..UNT per record, UNZ counting the messages."""
    if not records:
        raise EdiWriteError("an interchange needs at least one message")
    when = envelope.timestamp
    reference = str(envelope.interchange_control_number)
    if len(reference) > 14:
        raise EdiWriteError("UNB 0020 holds at most 14 characters")
    unb: list[Element] = [
        "UNB",
        envelope.syntax.split(":"),
        [envelope.sender_id, envelope.sender_qualifier],
        [envelope.receiver_id, envelope.receiver_qualifier],
        [when.strftime("%y%m%d"), when.strftime("%H%M")],
        reference,
    ]
    if envelope.test:
        unb += ["", "", "", "", "", "1"]
    segments = [_segment(unb)]
    version, release, agency = [*envelope.directory.split(":"), "", "", "UN"][:3]
    for number, record in enumerate(records, 1):
        message_type = message_type_for(record)
        control = str(number)
        directory = ["D", "3", "UN"] if message_type == "CONTRL" else [version, release, agency]
        if message_type == "CONTRL":
            # A CONTRL names the interchange it answers: by default the one the receiver
            # of this interchange sent to its sender.
            record = {
                "acknowledged_sender": f"{envelope.receiver_qualifier}:{envelope.receiver_id}",
                "acknowledged_receiver": f"{envelope.sender_qualifier}:{envelope.sender_id}",
                **{k: v for k, v in record.items() if v is not None},
            }
        body = MESSAGE_WRITERS[message_type](record)
        segments.append(_segment(["UNH", control, [message_type, *directory]]))
        segments.extend(_segment(s) for s in body)
        segments.append(_segment(["UNT", str(len(body) + 2), control]))
    segments.append(_segment(["UNZ", str(len(records)), reference]))
    characters = Characters.from_str("UNA:+.? '")
    with warnings.catch_warnings():
        # pydifact warns about segments it has no definitions for; these are ours.
        warnings.simplefilter("ignore")
        return Serializer(characters).serialize(
            segments, with_una_header=True, break_lines=envelope.line_breaks
        )
