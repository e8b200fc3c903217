"""A small story per flow, as raw records, and the mart rows DESIGN §10 makes of it.

The expected rows are derived by hand from DESIGN §10, independently of the models. Phase 1 is
built at AS_OF_1; phase 2 adds documents and events and is built at AS_OF_2.
"""

from __future__ import annotations

from typing import Any

from .raw import code, document, edi_date

AS_OF_1 = "2026-11-20T12:00:00Z"
AS_OF_2 = "2026-11-27T12:00:00Z"
AS_OF_RERUN = "2026-11-27T13:00:00Z"

US = "ZZ:GRIDSHOP"
ACME = "ZZ:ACMESUPPLY"
BOLT = "ZZ:BOLTPARTS"

Records = dict[str, list[dict[str, Any]]]


def _merge(*parts: Records) -> Records:
    merged: Records = {}
    for part in parts:
        for stream, records in part.items():
            merged.setdefault(stream, []).extend(records)
    return merged


# Customers ---------------------------------------------------------------------------------


def customers() -> Records:
    people = [
        ("b-ann", "c-ann", "GOLD", "NORTH"),
        ("b-bob", "c-bob", "SILVER", "SOUTH"),
        ("b-cat", "c-cat", "BRONZE", "NORTH"),
        ("b-dan", "c-dan", "GOLD", "EAST"),
        ("b-eve", "c-eve", "SILVER", "WEST"),
        ("b-fay", "c-fay", "BRONZE", "WEST"),
    ]
    return {
        "users": [
            {
                "braze_id": braze_id,
                "external_id": external_id,
                "email_subscribe": "opted_in",
                "custom_attributes": {"tier": tier, "region": region},
                "tier": tier,
                "region": region,
            }
            for braze_id, external_id, tier, region in people
        ]
    }


def purchase_order(
    po: str,
    order: str,
    customer: str | None,
    *,
    sent: str,
    delivery: str,
    ship: str,
    sku: str,
    partner: str = ACME,
) -> Records:
    document_id = f"{US}:{po}"
    return {
        "purchase_orders": [
            document(
                "purchase_order",
                document_id,
                sent,
                US,
                partner,
                po_number=po,
                customer_order_number=order,
                customer_id=customer,
                requested_delivery_date=edi_date(delivery, "002"),
                requested_ship_date=edi_date(ship, "010"),
            )
        ],
        "purchase_orders_lines": [
            {
                "document_id": document_id,
                "line_index": 1,
                "line_number": "1",
                "sku": sku,
                "quantity": 1,
            }
        ],
    }


def acknowledgement(
    document_id: str,
    moment: str,
    po: str,
    lines: list[tuple[str, str, str | None, str | None]],
    partner: str = ACME,
) -> Records:
    """An 855 with one ACK per line: (sku, ACK01, ACK04, ACK05)."""
    return acknowledgement_acks(
        document_id,
        moment,
        po,
        [(sku, [(status, qualifier, day)]) for sku, status, qualifier, day in lines],
        partner,
    )


def acknowledgement_acks(
    document_id: str,
    moment: str,
    po: str,
    lines: list[tuple[str, list[tuple[str, str | None, str | None]]]],
    partner: str = ACME,
) -> Records:
    """An 855 whose lines carry every ACK (ACK01, ACK04, ACK05); the line's own status and
    schedule date are its first ACK's, as the EDI library reads them."""
    records = []
    for index, (sku, acks) in enumerate(lines, start=1):
        status, qualifier, day = acks[0]
        records.append(
            {
                "document_id": document_id,
                "line_index": index,
                "line_number": str(index),
                "sku": sku,
                "status": code(status),
                "acknowledged_quantity": 0 if status in ("IB", "BP") else 1,
                "schedule_date_qualifier": code(qualifier),
                "schedule_date": edi_date(day, qualifier),
                "acks": [
                    {
                        "status": code(ack_status),
                        "quantity": 4,
                        "unit": code("EA"),
                        "date_qualifier": code(ack_qualifier),
                        "date": edi_date(ack_day, ack_qualifier),
                    }
                    for ack_status, ack_qualifier, ack_day in acks
                ],
            }
        )
    return {
        "po_acknowledgements": [
            document("po_acknowledgement", document_id, moment, partner, US, po_number=po)
        ],
        "po_acknowledgements_lines": records,
    }


def ship_notice(
    document_id: str,
    moment: str,
    po: str,
    estimated_delivery: str | None,
    sku: str,
    partner: str = ACME,
) -> Records:
    return {
        "ship_notices": [
            document(
                "ship_notice",
                document_id,
                moment,
                partner,
                US,
                po_number=po,
                asn_number=f"ASN-{document_id}",
                shipped_date=edi_date(moment[:10], "011"),
                estimated_delivery_date=edi_date(estimated_delivery, "017"),
            )
        ],
        "ship_notices_lines": [
            {
                "document_id": document_id,
                "line_index": 1,
                "line_number": "1",
                "po_number": po,
                "sku": sku,
                "shipped_quantity": 1,
            }
        ],
    }


def shipment_status(
    document_id: str,
    moment: str,
    po: str,
    status: str,
    reason: str | None,
    estimated_delivery: str | None = None,
    lines: tuple[tuple[str, str | None], ...] = (),
) -> Records:
    """A 214; the header holds the last status reported, `lines` every AT701/AT702."""
    return {
        "shipment_status": [
            document(
                "shipment_status",
                document_id,
                moment,
                "02:CARRIERX",
                US,
                po_number=po,
                status=code(status),
                status_reason=code(reason),
                estimated_delivery_date=edi_date(estimated_delivery, "017"),
            )
        ],
        "shipment_status_lines": [
            {
                "document_id": document_id,
                "line_index": index,
                "line_number": str(index),
                "status": code(line_status),
                "status_reason": code(line_reason),
                "status_date": edi_date(moment[:10]),
            }
            for index, (line_status, line_reason) in enumerate(lines, start=1)
        ],
    }


def purchase(event_id: str, customer: str, order: str, sku: str, moment: str) -> Records:
    return {
        "currents_purchases": [
            {
                "id": event_id,
                "user_id": f"b-{customer[2:]}",
                "external_user_id": customer,
                "time": moment,
                "product_id": sku,
                "price": 10.0,
                "currency": "USD",
                "properties": {"order_id": order},
            }
        ]
    }


def custom_event(
    event_id: str, customer: str, name: str, moment: str, **properties: Any
) -> Records:
    return {
        "currents_custom_events": [
            {
                "id": event_id,
                "user_id": f"b-{customer[2:]}",
                "external_user_id": customer,
                "time": moment,
                "name": name,
                "properties": properties,
            }
        ]
    }


# Flow 2: fulfilment exceptions ----------------------------------------------------------------
#
# O-1001 (c-ann): the 855 backorders the line with a 068 date after the requested delivery, so
#   it is BACKORDERED and RESCHEDULED; phase 2 ships it late (LATE_SHIPMENT, which closes the
#   first two) and a 214 D1 delivers it (closes the last).
# O-1002 (c-bob, known only through his Braze purchase): no 856 by the DTM*010 ship date + 48 h
#   (MISSING_ASN); phase 2 ships it late.
# O-1005 (c-fay): one 855 line with two ACKs, the second backordered to ship 11-22 (after the
#   requested delivery): BACKORDERED and RESCHEDULED; no 856 by 11-22 + 48 h (MISSING_ASN in
#   phase 2).
# O-1003 (c-cat): shipped in time, then a 214 with an AT7 SD AH that is not its last status
#   (CARRIER_DELAY); a 214 D1 closes it.


def flow_2_phase_1() -> Records:
    return _merge(
        purchase_order(
            "PO-1001",
            "O-1001",
            "c-ann",
            sent="2026-11-10T08:00:00Z",
            delivery="2026-11-18",
            ship="2026-11-14",
            sku="SKU-A",
        ),
        acknowledgement(
            "ACME-855-1",
            "2026-11-12T09:00:00Z",
            "PO-1001",
            [("SKU-A", "IB", "068", "2026-11-25")],
        ),
        purchase_order(
            "PO-1002",
            "O-1002",
            None,
            sent="2026-11-10T08:05:00Z",
            delivery="2026-11-16",
            ship="2026-11-13",
            sku="SKU-B",
        ),
        purchase("p-1002", "c-bob", "O-1002", "SKU-B", "2026-11-10T07:55:00Z"),
        acknowledgement(
            "ACME-855-2",
            "2026-11-11T09:00:00Z",
            "PO-1002",
            [("SKU-B", "IA", "067", "2026-11-16")],
        ),
        purchase_order(
            "PO-1003",
            "O-1003",
            "c-cat",
            sent="2026-11-10T08:10:00Z",
            delivery="2026-11-18",
            ship="2026-11-14",
            sku="SKU-C",
        ),
        ship_notice("ACME-856-1", "2026-11-15T10:00:00Z", "PO-1003", "2026-11-17", "SKU-C"),
        # The AT7 that reports the delay is not the last one: the header says X6 NS.
        shipment_status(
            "CARX-214-1",
            "2026-11-17T06:30:00Z",
            "PO-1003",
            "X6",
            "NS",
            "2026-11-21",
            lines=(("SD", "AH"), ("X6", "NS")),
        ),
        shipment_status("CARX-214-2", "2026-11-19T16:00:00Z", "PO-1003", "D1", "NS"),
        purchase_order(
            "PO-1005",
            "O-1005",
            "c-fay",
            sent="2026-11-10T08:15:00Z",
            delivery="2026-11-19",
            ship="2026-11-15",
            sku="SKU-F",
        ),
        # Our 850 names no customer and Braze has no purchase of O-1004: only the seed
        # customer_order_overrides links it (test_seeds.py adds the row).
        purchase_order(
            "PO-1004",
            "O-1004",
            None,
            sent="2026-11-10T08:12:00Z",
            delivery="2026-11-20",
            ship="2026-11-25",
            sku="SKU-D",
        ),
        acknowledgement(
            "ACME-855-4", "2026-11-12T10:00:00Z", "PO-1004", [("SKU-D", "DR", "067", "2026-11-26")]
        ),
        # One line, two ACKs: 6 accepted for 11-15, 4 backordered to ship 11-22.
        acknowledgement_acks(
            "ACME-855-5",
            "2026-11-13T09:00:00Z",
            "PO-1005",
            [("SKU-F", [("IA", "068", "2026-11-15"), ("IB", "068", "2026-11-22")])],
        ),
    )


def flow_2_phase_2() -> Records:
    return _merge(
        ship_notice("ACME-856-2", "2026-11-24T10:00:00Z", "PO-1001", "2026-11-26", "SKU-A"),
        shipment_status("CARX-214-3", "2026-11-26T15:00:00Z", "PO-1001", "D1", "NS"),
        ship_notice("ACME-856-3", "2026-11-22T08:00:00Z", "PO-1002", "2026-11-23", "SKU-B"),
        # Delivered twice (at least once): the same 855 again changes nothing.
        acknowledgement(
            "ACME-855-1",
            "2026-11-12T09:00:00Z",
            "PO-1001",
            [("SKU-A", "IB", "068", "2026-11-25")],
        ),
    )


def _event(
    order: str, po: str, reason: str, source: str, customer: str, time: str, revised: str | None
) -> tuple[str, dict[str, Any]]:
    return (
        f"f2:{order}:{reason}:{source}:{customer}",
        {
            "flow": "2",
            "external_id": customer,
            "name": "fulfillment_exception",
            "time": time,
            "properties": {
                "order_id": order,
                "po_number": po,
                "reason": reason,
                "revised_delivery_date": revised,
                "source_document": source,
            },
        },
    )


def _attributes(
    customer: str, delayed: bool, order: str | None, revised: str | None
) -> tuple[str, dict[str, Any]]:
    flag = "true" if delayed else "false"
    return (
        f"f2a:{customer}:{flag}:{order or ''}:{revised or ''}",
        {
            "flow": "2",
            "external_id": customer,
            "order_delayed": delayed,
            "delayed_order_id": order,
            "revised_delivery_date": revised,
        },
    )


EVENTS_1 = dict(
    [
        _event(
            "O-1005",
            "PO-1005",
            "BACKORDERED",
            "ACME-855-5",
            "c-fay",
            "2026-11-13T09:00:00Z",
            "2026-11-22",
        ),
        _event(
            "O-1005",
            "PO-1005",
            "RESCHEDULED",
            "ACME-855-5",
            "c-fay",
            "2026-11-13T09:00:00Z",
            "2026-11-22",
        ),
        _event(
            "O-1001",
            "PO-1001",
            "BACKORDERED",
            "ACME-855-1",
            "c-ann",
            "2026-11-12T09:00:00Z",
            "2026-11-25",
        ),
        _event(
            "O-1001",
            "PO-1001",
            "RESCHEDULED",
            "ACME-855-1",
            "c-ann",
            "2026-11-12T09:00:00Z",
            "2026-11-25",
        ),
        _event(
            "O-1002", "PO-1002", "MISSING_ASN", "missing-asn", "c-bob", "2026-11-15T00:00:00Z", None
        ),
        _event(
            "O-1003",
            "PO-1003",
            "CARRIER_DELAY",
            "CARX-214-1",
            "c-cat",
            "2026-11-17T06:30:00Z",
            "2026-11-21",
        ),
    ]
)
EVENTS_2 = dict(
    [
        _event(
            "O-1005",
            "PO-1005",
            "MISSING_ASN",
            "missing-asn",
            "c-fay",
            "2026-11-24T00:00:00Z",
            None,
        ),
        _event(
            "O-1001",
            "PO-1001",
            "LATE_SHIPMENT",
            "ACME-856-2",
            "c-ann",
            "2026-11-24T10:00:00Z",
            "2026-11-26",
        ),
        _event(
            "O-1002",
            "PO-1002",
            "LATE_SHIPMENT",
            "ACME-856-3",
            "c-bob",
            "2026-11-22T08:00:00Z",
            "2026-11-23",
        ),
    ]
)
ATTRIBUTES_1 = dict(
    [
        _attributes("c-fay", True, "O-1005", "2026-11-22"),
        _attributes("c-ann", True, "O-1001", "2026-11-25"),
        _attributes("c-bob", True, "O-1002", None),
        _attributes("c-cat", True, "O-1003", "2026-11-21"),
        _attributes("c-cat", False, None, None),
    ]
)
ATTRIBUTES_2 = dict(
    [
        _attributes("c-fay", True, "O-1005", None),
        _attributes("c-ann", True, "O-1001", "2026-11-26"),
        _attributes("c-ann", False, None, None),
        _attributes("c-bob", True, "O-1002", "2026-11-23"),
    ]
)


# Active Community records -------------------------------------------------------------------


def case(
    case_id: str,
    category: str,
    raised_by: str,
    created: str,
    *,
    po: str | None = None,
    order: str | None = None,
    revised_eta: str | None = None,
    partner: str = ACME,
) -> Records:
    return {
        "partner_cases": [
            {
                "caseId": case_id,
                "companyId": f"co-{partner}",
                "partnerAddress": partner,
                "category": category,
                "status": "OPEN",
                "raisedBy": raised_by,
                "revisedEta": revised_eta,
                "resolutionNote": None,
                "references": {"poNumber": po, "orderId": order},
                "createdAt": created,
                "updatedAt": created,
            }
        ]
    }


def case_events(case_id: str, *changes: tuple[str, str]) -> Records:
    """Status changes (to_status, time), in order."""
    records = []
    previous = None
    for status, moment in changes:
        records.append(
            {
                "eventId": f"{case_id}-{moment}",
                "caseId": case_id,
                "eventType": "CREATED" if previous is None else "STATUS_CHANGED",
                "fromStatus": previous,
                "toStatus": status,
                "actor": "PARTNER",
                "occurredAt": moment,
                "createdAt": moment,
                "updatedAt": moment,
            }
        )
        previous = status
    return {"partner_case_events": records}


def project(
    project_id: str,
    process: str,
    created: str,
    *,
    required: list[str],
    customer: str | None = None,
    order: str | None = None,
    sku: str | None = None,
) -> Records:
    return {
        "projects": [
            {
                "projectId": project_id,
                "name": f"{process.title()} {project_id}",
                "status": "ACTIVE",
                "process": process,
                "sku": sku,
                "requiredDocumentTypes": required,
                "customerRef": (
                    None
                    if customer is None and order is None
                    else {"externalId": customer, "orderId": order}
                ),
                "createdAt": created,
                "updatedAt": created,
            }
        ]
    }


def partner_document(
    document_id: str,
    project_id: str,
    document_type: str,
    uploaded: str,
    status: str = "PENDING",
    decided: str | None = None,
) -> Records:
    return {
        "partner_documents": [
            {
                "documentId": document_id,
                "companyId": "co-ACME",
                "projectId": project_id,
                "documentType": document_type,
                "approvalStatus": status,
                "uploadedAt": uploaded,
                "decidedAt": decided,
                "createdAt": uploaded,
                "updatedAt": decided or uploaded,
            }
        ]
    }


# Flow 1: partner cases ------------------------------------------------------------------------
#
# CASE-1 (partner SHIPMENT_DELAY on O-1001, c-ann): OPEN, IN_PROGRESS, WAITING_ON_PARTNER, OPEN
#   again (nothing), and in phase 2 RESOLVED.
# CASE-2 (INVOICE_DISCREPANCY raised by us): nothing.
# CASE-3 (partner ORDER_EXCEPTION on PO-1003 only, c-cat): OPEN; c-cat answers a survey with 1 on
#   O-1003, so its RESOLVED in phase 2 is flow 7b's loop_closed, not flow 1's.


def flow_1_phase_1() -> Records:
    return _merge(
        case(
            "CASE-1",
            "SHIPMENT_DELAY",
            "PARTNER",
            "2026-11-12T10:00:00Z",
            po="PO-1001",
            order="O-1001",
            revised_eta="2026-11-25",
        ),
        case_events(
            "CASE-1",
            ("OPEN", "2026-11-12T10:00:00Z"),
            ("IN_PROGRESS", "2026-11-13T10:00:00Z"),
            ("WAITING_ON_PARTNER", "2026-11-14T10:00:00Z"),
            ("OPEN", "2026-11-15T10:00:00Z"),
        ),
        case(
            "CASE-2",
            "INVOICE_DISCREPANCY",
            "HUB",
            "2026-11-12T11:00:00Z",
            po="PO-1002",
            order="O-1002",
        ),
        case_events("CASE-2", ("OPEN", "2026-11-12T11:00:00Z")),
        case("CASE-3", "ORDER_EXCEPTION", "PARTNER", "2026-11-16T09:00:00Z", po="PO-1003"),
        case_events("CASE-3", ("OPEN", "2026-11-16T09:00:00Z")),
        # A good score is no feedback.
        custom_event(
            "s-ann",
            "c-ann",
            "survey_response",
            "2026-11-16T12:00:00Z",
            order_id="O-1001",
            score=4,
            comment="Fine",
        ),
    )


def flow_1_phase_2() -> Records:
    return _merge(
        case_events(
            "CASE-1",
            ("OPEN", "2026-11-12T10:00:00Z"),
            ("IN_PROGRESS", "2026-11-13T10:00:00Z"),
            ("WAITING_ON_PARTNER", "2026-11-14T10:00:00Z"),
            ("OPEN", "2026-11-15T10:00:00Z"),
            ("RESOLVED", "2026-11-25T10:00:00Z"),
        ),
        custom_event(
            "s-cat",
            "c-cat",
            "survey_response",
            "2026-11-21T12:00:00Z",
            order_id="O-1003",
            score=1,
            comment="Late again, call me on 555-0100",
        ),
        case_events(
            "CASE-3",
            ("OPEN", "2026-11-16T09:00:00Z"),
            ("RESOLVED", "2026-11-23T09:00:00Z"),
        ),
    )


def _case_update(
    case_id: str,
    case_type: str,
    status: str,
    customer: str,
    po: str | None,
    order: str | None,
    eta: str | None,
) -> tuple[str, dict[str, Any]]:
    return (
        f"f1:{case_id}:{status}:{customer}",
        {
            "flow": "1",
            "campaign_id": "partner_case_update",
            "external_id": customer,
            "trigger_properties": {
                "case_id": case_id,
                "case_type": case_type,
                "case_status": status,
                "po_number": po,
                "order_id": order,
                "revised_eta": eta,
            },
        },
    )


CASE_UPDATES_1 = dict(
    [
        _case_update(
            "CASE-1", "SHIPMENT_DELAY", "OPEN", "c-ann", "PO-1001", "O-1001", "2026-11-25"
        ),
        _case_update(
            "CASE-1",
            "SHIPMENT_DELAY",
            "WAITING_ON_PARTNER",
            "c-ann",
            "PO-1001",
            "O-1001",
            "2026-11-25",
        ),
        _case_update("CASE-3", "ORDER_EXCEPTION", "OPEN", "c-cat", "PO-1003", None, None),
    ]
)
CASE_UPDATES_2 = dict(
    [
        _case_update(
            "CASE-1", "SHIPMENT_DELAY", "RESOLVED", "c-ann", "PO-1001", "O-1001", "2026-11-25"
        ),
    ]
)

# Flow 5: incidents resolved ---------------------------------------------------------------------
#
# CASE-5 (DAMAGED_SHIPMENT on PO-1003, c-cat, BRONZE): a 180 (RMA-77) and a credit 810 (25.5)
#   on the PO; RESOLVED in phase 1, RESOLVED again in phase 2 (nothing).
# CASE-6 (MISSING_COMPONENT on O-1001, c-ann, GOLD): RESOLVED in phase 2, nothing linked.


def flow_5_phase_1() -> Records:
    return _merge(
        case("CASE-5", "DAMAGED_SHIPMENT", "PARTNER", "2026-11-18T08:00:00Z", po="PO-1003"),
        case_events(
            "CASE-5",
            ("OPEN", "2026-11-18T08:00:00Z"),
            ("RESOLVED", "2026-11-19T12:00:00Z"),
        ),
        {
            "returns": [
                document(
                    "return",
                    "ACME-180-1",
                    "2026-11-18T15:00:00Z",
                    ACME,
                    US,
                    po_number="PO-1003",
                    rma_number="RMA-77",
                )
            ],
            "invoices": [
                document(
                    "invoice",
                    "ACME-810-1",
                    "2026-11-19T09:00:00Z",
                    ACME,
                    US,
                    po_number="PO-1003",
                    invoice_number="INV-9",
                    invoice_type=code("CR"),
                    is_credit=True,
                    total_amount=25.5,
                ),
                document(
                    "invoice",
                    "ACME-810-0",
                    "2026-11-16T09:00:00Z",
                    ACME,
                    US,
                    po_number="PO-1003",
                    invoice_number="INV-8",
                    invoice_type=code("DI"),
                    is_credit=False,
                    total_amount=99.0,
                ),
            ],
        },
        case("CASE-6", "MISSING_COMPONENT", "PARTNER", "2026-11-19T08:00:00Z", order="O-1001"),
        case_events("CASE-6", ("OPEN", "2026-11-19T08:00:00Z")),
    )


def flow_5_phase_2() -> Records:
    return _merge(
        case_events(
            "CASE-5",
            ("OPEN", "2026-11-18T08:00:00Z"),
            ("RESOLVED", "2026-11-19T12:00:00Z"),
            ("IN_PROGRESS", "2026-11-21T12:00:00Z"),
            ("RESOLVED", "2026-11-22T12:00:00Z"),
        ),
        case_events(
            "CASE-6",
            ("OPEN", "2026-11-19T08:00:00Z"),
            ("RESOLVED", "2026-11-22T08:00:00Z"),
        ),
    )


def _recovery(
    case_id: str, customer: str, incident: str, offer: str, rma: str | None, credit: float | None
) -> tuple[str, dict[str, Any]]:
    return (
        f"f5:{case_id}:{customer}",
        {
            "flow": "5",
            "campaign_id": "service_recovery",
            "external_id": customer,
            "trigger_properties": {
                "case_id": case_id,
                "incident_type": incident,
                "offer": offer,
                "rma_number": rma,
                "credit_amount": credit,
            },
        },
    )


RECOVERY_1 = dict(
    [_recovery("CASE-5", "c-cat", "DAMAGED_SHIPMENT", "COMPENSATION", "RMA-77", 25.5)]
)
RECOVERY_2 = dict([_recovery("CASE-6", "c-ann", "MISSING_COMPONENT", "RETENTION", None, None)])

# Flow 3: documents approved ---------------------------------------------------------------------
#
# PRJ-1 (CLAIM, c-dan, O-2001) needs PROOF_OF_PURCHASE and PHOTO: the first photo is rejected,
#   the second approved at 2026-11-18T09:00 (approved_at); in phase 2 a third photo is rejected
#   (nothing).
# PRJ-2 (WARRANTY, c-eve) needs INVOICE: approved only in phase 2.
# PRJ-3 (ONBOARDING, c-fay) needs two types and gets one: nothing.


def flow_3_phase_1() -> Records:
    return _merge(
        project(
            "PRJ-1",
            "CLAIM",
            "2026-11-14T08:00:00Z",
            required=["PROOF_OF_PURCHASE", "PHOTO"],
            customer="c-dan",
            order="O-2001",
        ),
        partner_document(
            "DOC-1",
            "PRJ-1",
            "PROOF_OF_PURCHASE",
            "2026-11-14T09:00:00Z",
            "APPROVED",
            "2026-11-15T09:00:00Z",
        ),
        partner_document(
            "DOC-2", "PRJ-1", "PHOTO", "2026-11-14T09:30:00Z", "REJECTED", "2026-11-16T09:00:00Z"
        ),
        partner_document(
            "DOC-3", "PRJ-1", "PHOTO", "2026-11-17T09:00:00Z", "APPROVED", "2026-11-18T09:00:00Z"
        ),
        project(
            "PRJ-2",
            "WARRANTY",
            "2026-11-15T08:00:00Z",
            required=["INVOICE"],
            customer="c-eve",
            order="O-2002",
        ),
        partner_document("DOC-4", "PRJ-2", "INVOICE", "2026-11-16T09:00:00Z"),
        project(
            "PRJ-3",
            "ONBOARDING",
            "2026-11-15T08:00:00Z",
            required=["W9", "INSURANCE"],
            customer="c-fay",
        ),
        partner_document(
            "DOC-5", "PRJ-3", "W9", "2026-11-16T09:00:00Z", "APPROVED", "2026-11-17T09:00:00Z"
        ),
    )


def flow_3_phase_2() -> Records:
    return _merge(
        partner_document(
            "DOC-6", "PRJ-1", "PHOTO", "2026-11-21T09:00:00Z", "REJECTED", "2026-11-22T09:00:00Z"
        ),
        partner_document(
            "DOC-4", "PRJ-2", "INVOICE", "2026-11-16T09:00:00Z", "APPROVED", "2026-11-23T10:00:00Z"
        ),
    )


def _canvas(
    project_id: str, process: str, customer: str, order: str | None, approved_at: str
) -> tuple[str, dict[str, Any]]:
    return (
        f"f3:{project_id}:{customer}",
        {
            "flow": "3",
            "canvas_id": f"next_step_{process.lower()}",
            "external_id": customer,
            "canvas_entry_properties": {
                "project_id": project_id,
                "process": process,
                "order_id": order,
                "approved_at": approved_at,
            },
        },
    )


CANVAS_1 = dict([_canvas("PRJ-1", "CLAIM", "c-dan", "O-2001", "2026-11-18T09:00:00Z")])
CANVAS_2 = dict([_canvas("PRJ-2", "WARRANTY", "c-eve", "O-2002", "2026-11-23T10:00:00Z")])


# Flow 6: availability ---------------------------------------------------------------------------
#
# SKU-X (ACME and BOLT): out of stock, backordered to 11-20, then to 11-24 (delay_notice to c-dan,
#   whose order has no PO shipped; c-eve's order is shipped); phase 2: 6 in stock (LOW_STOCK,
#   restock_notice to c-ann, who asked before; c-bob asks only afterwards), then 26 (IN_STOCK).
# SKU-L: a launch-readiness project with two activities, one done (PRE_LAUNCH); phase 2: BOLT
#   reports 50 (IN_STOCK, restock_notice to c-fay).
# SKU-M: a launch-readiness project whose only activity is done (PRE_LAUNCH, then LAUNCH_READY).
# SKU-A: flow 2's 855 backorders it to 11-25 (BACKORDERED).


def inventory(
    document_id: str, moment: str, partner: str, lines: list[tuple[str, int, str | None]]
) -> Records:
    return {
        "inventory_advice": [document("inventory_advice", document_id, moment, partner, US)],
        "inventory_advice_lines": [
            {
                "document_id": document_id,
                "line_index": index,
                "line_number": str(index),
                "sku": sku,
                "available_quantity": quantity,
                "available_date": edi_date(day, "018"),
            }
            for index, (sku, quantity, day) in enumerate(lines, start=1)
        ],
    }


def activity(activity_id: str, project_id: str, completed: str | None) -> Records:
    return {
        "activities": [
            {
                "activityId": activity_id,
                "projectId": project_id,
                "name": activity_id,
                "status": "COMPLETE" if completed else "OPEN",
                "completedAt": completed,
                "createdAt": "2026-11-10T08:00:00Z",
                "updatedAt": completed or "2026-11-10T08:00:00Z",
            }
        ]
    }


def launch(project_id: str, sku: str, created: str, *, participant: bool = True) -> Records:
    if not participant:
        return project(project_id, "LAUNCH_READINESS", created, required=[], sku=sku)
    return _merge(
        project(project_id, "LAUNCH_READINESS", created, required=[], sku=sku),
        {
            "participants": [
                {
                    "participantId": f"{project_id}-BOLT",
                    "projectId": project_id,
                    "companyId": "co-BOLT",
                    "status": "ENROLLED",
                    "createdAt": created,
                    "updatedAt": created,
                }
            ]
        },
    )


def flow_6_phase_1() -> Records:
    return _merge(
        {
            "companies": [
                {
                    "companyId": "co-BOLT",
                    "name": "Bolt Parts",
                    "status": "ACTIVE",
                    "ediAddresses": [{"qualifier": "ZZ", "id": "BOLTPARTS", "display": BOLT}],
                    "createdAt": "2026-11-01T00:00:00Z",
                    "updatedAt": "2026-11-01T00:00:00Z",
                }
            ]
        },
        inventory("ACME-846-1", "2026-11-12T06:00:00Z", ACME, [("SKU-X", 0, None)]),
        inventory("BOLT-846-1", "2026-11-13T06:00:00Z", BOLT, [("SKU-X", 0, "2026-11-20")]),
        inventory("ACME-846-2", "2026-11-14T06:00:00Z", ACME, [("SKU-X", 0, "2026-11-24")]),
        purchase("p-3001", "c-dan", "O-3001", "SKU-X", "2026-11-11T10:00:00Z"),
        purchase("p-3002", "c-eve", "O-3002", "SKU-X", "2026-11-11T11:00:00Z"),
        purchase_order(
            "PO-3002",
            "O-3002",
            "c-eve",
            sent="2026-11-11T12:00:00Z",
            delivery="2026-11-16",
            ship="2026-11-14",
            sku="SKU-X",
        ),
        ship_notice("ACME-856-9", "2026-11-13T12:00:00Z", "PO-3002", "2026-11-15", "SKU-X"),
        custom_event("n-ann", "c-ann", "notify_me", "2026-11-15T09:00:00Z", sku="SKU-X"),
        custom_event("n-fay", "c-fay", "notify_me", "2026-11-12T09:00:00Z", sku="SKU-L"),
        launch("PRJ-L", "SKU-L", "2026-11-10T08:00:00Z"),
        activity("ACT-1", "PRJ-L", "2026-11-15T08:00:00Z"),
        activity("ACT-2", "PRJ-L", None),
        # No participant: the project's partner is the one that supplies the sku (its 855).
        launch("PRJ-M", "SKU-M", "2026-11-11T08:00:00Z", participant=False),
        acknowledgement(
            "BOLT-855-1",
            "2026-11-09T09:00:00Z",
            "PO-9999",
            [("SKU-M", "IA", "068", "2026-11-12")],
            partner=BOLT,
        ),
        activity("ACT-3", "PRJ-M", "2026-11-16T08:00:00Z"),
    )


def flow_6_phase_2() -> Records:
    return _merge(
        inventory("ACME-846-4", "2026-11-22T06:00:00Z", ACME, [("SKU-X", 6, None)]),
        custom_event("n-bob", "c-bob", "notify_me", "2026-11-23T09:00:00Z", sku="SKU-X"),
        inventory("BOLT-846-2", "2026-11-24T06:00:00Z", BOLT, [("SKU-X", 20, None)]),
        inventory("BOLT-846-3", "2026-11-23T06:00:00Z", BOLT, [("SKU-L", 50, None)]),
    )


def _item(
    sku: str, status: str, quantity: int, restock: str | None, partner: str | None, updated: str
) -> tuple[str, dict[str, Any]]:
    return (
        f"f6c:{sku}:{status}:{quantity}:{restock or ''}",
        {
            "flow": "6",
            "catalog_name": "product_availability",
            "id": sku,
            "status": status,
            "available_qty": quantity,
            "restock_date": restock,
            "source_partner": partner,
            "updated_at": updated,
        },
    )


CATALOG_1 = dict(
    [
        _item("SKU-F", "BACKORDERED", 0, "2026-11-22", ACME, "2026-11-13T09:00:00Z"),
        _item("SKU-A", "BACKORDERED", 0, "2026-11-25", ACME, "2026-11-12T09:00:00Z"),
        _item("SKU-X", "OUT_OF_STOCK", 0, None, ACME, "2026-11-12T06:00:00Z"),
        _item("SKU-X", "BACKORDERED", 0, "2026-11-20", BOLT, "2026-11-13T06:00:00Z"),
        _item("SKU-X", "BACKORDERED", 0, "2026-11-24", ACME, "2026-11-14T06:00:00Z"),
        _item("SKU-L", "PRE_LAUNCH", 0, None, BOLT, "2026-11-10T08:00:00Z"),
        _item("SKU-M", "PRE_LAUNCH", 0, None, BOLT, "2026-11-11T08:00:00Z"),
        _item("SKU-M", "LAUNCH_READY", 0, None, BOLT, "2026-11-16T08:00:00Z"),
    ]
)
CATALOG_2 = dict(
    [
        _item("SKU-X", "LOW_STOCK", 6, None, ACME, "2026-11-22T06:00:00Z"),
        _item("SKU-X", "IN_STOCK", 26, None, BOLT, "2026-11-24T06:00:00Z"),
        _item("SKU-L", "IN_STOCK", 50, None, BOLT, "2026-11-23T06:00:00Z"),
    ]
)


def _campaign(key: str, campaign: str, customer: str, **properties: Any):
    return (
        key,
        {
            "flow": "6",
            "campaign_id": campaign,
            "external_id": customer,
            "trigger_properties": properties,
        },
    )


AVAILABILITY_CAMPAIGNS_1 = dict(
    [
        _campaign(
            "f6d:SKU-X:c-dan:2026-11-24",
            "delay_notice",
            "c-dan",
            sku="SKU-X",
            order_id="O-3001",
            restock_date="2026-11-24",
        ),
    ]
)
AVAILABILITY_CAMPAIGNS_2 = dict(
    [
        _campaign(
            "f6r:SKU-X:c-ann:ACME-846-4", "restock_notice", "c-ann", sku="SKU-X", available_qty=6
        ),
        _campaign(
            "f6r:SKU-L:c-fay:BOLT-846-3", "restock_notice", "c-fay", sku="SKU-L", available_qty=50
        ),
    ]
)


def phase_1() -> Records:
    return _merge(
        customers(),
        flow_2_phase_1(),
        flow_1_phase_1(),
        flow_5_phase_1(),
        flow_3_phase_1(),
        flow_6_phase_1(),
    )


def phase_2() -> Records:
    return _merge(
        flow_2_phase_2(), flow_1_phase_2(), flow_5_phase_2(), flow_3_phase_2(), flow_6_phase_2()
    )
