"""IFTSTA -> shipment_status; each STS is one status event (a line)."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import TRANSPORT_STATUS, TRANSPORT_STATUS_REASON
from supplychain_edi.document import RawDocument
from supplychain_edi.edifact.common import body, dtm, first, parties, ref_value, references
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    record = base_record(document, "shipment_status")
    header: list[Segment] = []
    consignment: list[Segment] = []
    events: list[dict[str, Any]] = []
    seen_cni = False
    reasons = TRANSPORT_STATUS_REASON.get(document.version)
    for segment in segments:
        if segment.tag == "CNI":
            seen_cni = True
            consignment = [segment]
        elif segment.tag == "STS":
            events.append(
                {
                    "line_number": str(len(events) + 1),
                    # 4405 transport statuses and 9013 reasons follow UN/ECE Recommendation
                    # 24; its reason numbers depend on the directory.
                    "status": coded(segment.component(2, 1), TRANSPORT_STATUS),
                    "status_reason": coded(segment.component(3, 1), reasons),
                    "appointment_status": None,
                    "appointment_reason": None,
                    "status_date": None,
                    "time_code": None,
                    "city": None,
                    "region": None,
                    "country": None,
                    "references": {},
                    "_consignment": consignment,
                }
            )
        elif events:
            event = events[-1]
            if segment.tag == "DTM" and event["status_date"] is None:
                event["status_date"] = dtm(segment)
            elif segment.tag == "LOC" and event["city"] is None:
                event["city"] = nonempty(segment.component(2, 4)) or nonempty(
                    segment.component(2, 1)
                )
                event["country"] = nonempty(segment.component(3, 1)) or None
            elif segment.tag == "RFF":
                event["references"].update(references([segment]))
        elif seen_cni:
            consignment.append(segment)
        else:
            header.append(segment)
    for event in events:
        consignment_refs = references(event.pop("_consignment"))
        for key, value in consignment_refs.items():
            event["references"].setdefault(key, value)
    refs = references(header)
    for event in events:
        for key, value in event["references"].items():
            refs.setdefault(key, value)
    if not events:
        warnings.add("no_status", "IFTSTA has no STS status", None)
    latest = events[-1] if events else None
    cni = first(segments, "CNI")
    record.update(
        {
            "pro_number": ref_value(refs, "CN"),
            "bol_number": ref_value(refs, "BM") or (nonempty(cni.component(2, 1)) if cni else None),
            "shipment_id": nonempty(cni.component(2, 1)) if cni else None,
            "carrier_scac": None,
            "po_number": ref_value(refs, "ON"),
            "asn_number": ref_value(refs, "AAK"),
            "status": latest["status"] if latest else None,
            "status_reason": latest["status_reason"] if latest else None,
            "status_date": latest["status_date"] if latest else None,
            "estimated_delivery_date": None,
            "references": refs,
            "parties": parties(header),
            "lines": events,
        }
    )
    return record
