"""Cases raised by partners (and one by the hub), their status changes and comments."""

from __future__ import annotations

from datetime import datetime

from grid_braze_sandbox.scenario.model import (
    CaseComment,
    CaseEvent,
    PartnerCase,
)
from grid_braze_sandbox.scenario.story.base import (
    Story,
    asn_number,
)
from grid_braze_sandbox.scenario.timeline import at, day_of


def _case(story: Story, case: PartnerCase, statuses: tuple[tuple[str, datetime], ...]) -> None:
    story.cases.append(case)
    story.case_events.append(CaseEvent(case.case_id, "OPEN", case.created_at))
    story.case_events += [CaseEvent(case.case_id, status, moment) for status, moment in statuses]


def add_cases(story: Story) -> None:
    o = story.orders
    order = o["rejected_line"]
    _case(
        story,
        PartnerCase(
            "case:order-exception",
            order.supplier,
            "ORDER_EXCEPTION",
            "PARTNER",
            at("11-03", 12),
            po_number=order.po_number,
            order_id=order.order_id,
            resolution_note="Line cancelled; an alternative item was offered.",
        ),
        (
            ("IN_PROGRESS", at("11-06", 9)),
            ("RESOLVED", at("11-07", 16)),
            ("CLOSED", at("11-12", 9)),
        ),
    )
    order = o["late_asn"]
    _case(
        story,
        PartnerCase(
            "case:shipment-delay",
            order.supplier,
            "SHIPMENT_DELAY",
            "PARTNER",
            at("11-05", 16),
            po_number=order.po_number,
            order_id=order.order_id,
            asn_number=asn_number(order),
            revised_eta=day_of("11-11"),
            resolution_note="Delivered with the next carrier run.",
        ),
        (
            ("WAITING_ON_PARTNER", at("11-06", 9)),
            ("IN_PROGRESS", at("11-09", 12)),
            ("WAITING_ON_PARTNER", at("11-10", 9)),  # entered again: sends nothing
            ("RESOLVED", at("11-10", 16)),
            ("CLOSED", at("11-12", 16)),
        ),
    )
    order = o["short_invoice"]
    _case(
        story,
        PartnerCase(
            "case:invoice-discrepancy",
            order.supplier,
            "INVOICE_DISCREPANCY",
            "PARTNER",
            at("11-05", 10),
            po_number=order.po_number,
            order_id=order.order_id,
            invoice_number=f"INV-{order.po_number}",
            asn_number=asn_number(order),
            resolution_note="A credit note covers the unit not shipped.",
        ),
        (("RESOLVED", at("11-09", 15)), ("CLOSED", at("11-12", 10))),
    )
    order = o["damaged"]
    _case(
        story,
        PartnerCase(
            "case:damaged-shipment",
            order.supplier,
            "DAMAGED_SHIPMENT",
            "PARTNER",
            at("11-06", 11),
            po_number=order.po_number,
            order_id=order.order_id,
            asn_number=asn_number(order),
            rma_number=f"RMA-{order.po_number}",
            invoice_number=f"CR-{order.po_number}",
            resolution_note="Return authorised and credited.",
        ),
        (
            ("IN_PROGRESS", at("11-07", 9)),
            ("RESOLVED", at("11-09", 11)),
            ("IN_PROGRESS", at("11-12", 11)),  # reopened, resolved again: sends nothing
            ("RESOLVED", at("11-13", 9)),
        ),
    )
    order = o["missing_component"]
    _case(
        story,
        PartnerCase(
            "case:missing-component",
            order.supplier,
            "MISSING_COMPONENT",
            "PARTNER",
            at("11-06", 14),
            po_number=order.po_number,
            order_id=order.order_id,
            resolution_note="The missing part was sent separately.",
        ),
        (("RESOLVED", at("11-10", 10)),),
    )
    order = o["short_invoice"]
    _case(
        story,
        PartnerCase(
            "case:billing-correction",
            order.supplier,
            "BILLING_CORRECTION",
            "PARTNER",
            at("11-09", 16),
            po_number=order.po_number,
            order_id=order.order_id,
            invoice_number=f"CR-{order.po_number}",
            resolution_note="Credit note issued.",
        ),
        (("RESOLVED", at("11-10", 11)),),
    )
    order = o["rescheduled"]
    # Raised by the hub, not a partner: flow 1 sends nothing for it.
    _case(
        story,
        PartnerCase(
            "case:hub-shipment-delay",
            order.supplier,
            "SHIPMENT_DELAY",
            "HUB",
            at("11-06", 10),
            po_number=order.po_number,
            order_id=order.order_id,
            resolution_note="Supplier confirmed the new date.",
        ),
        (("RESOLVED", at("11-10", 14)),),
    )
    long_update = (
        "Update from the warehouse: the consignment missed the planned linehaul because the "
        "carrier's trailer was reassigned at short notice. We have rebooked it on the next "
        "departure and added a priority flag so that it is first off the trailer at the hub. "
        "Tracking will update once the trailer is scanned."
    )
    story.comments += [
        CaseComment(
            "comment:1",
            "case:order-exception",
            "PARTNER",
            "PARTNER",
            "Line 1 is discontinued.",
            at("11-03", 13),
        ),
        CaseComment(
            "comment:2", "case:shipment-delay", "PARTNER", "PARTNER", long_update, at("11-09", 10)
        ),
        CaseComment(
            "comment:3",
            "case:shipment-delay",
            "HUB",
            "HUB",
            "Noted, watching the rebooking.",
            at("11-09", 11),
        ),
        CaseComment(
            "comment:4",
            "case:shipment-delay",
            "PARTNER",
            "PARTNER",
            "Trailer scanned at the hub this morning.",
            at("11-10", 15),
        ),
        CaseComment(
            "comment:5",
            "case:invoice-discrepancy",
            "PARTNER",
            "PARTNER",
            "We will credit the missing unit.",
            at("11-06", 12),
        ),
        CaseComment(
            "comment:6",
            "case:damaged-shipment",
            "PARTNER",
            "PARTNER",
            "Please return the damaged unit with the RMA label.",
            at("11-08", 9),
        ),
    ]
    story.case_events.sort(key=lambda e: (e.time, e.case_id))
