"""What the suppliers send about the story orders: 855s, 856s, 810s, 214s, a 180 and 997s
(their mock-edi answers are held back while the story's 850s arrive)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from grid_braze_sandbox.scenario.edi_controls import purchase_order_control
from grid_braze_sandbox.scenario.model import (
    AckLine,
    Order,
    PartnerDocument,
)
from grid_braze_sandbox.scenario.story.base import (
    Controls,
    Story,
    answer_time,
    asn_number,
)
from grid_braze_sandbox.scenario.timeline import STORY_PO_SENT, at, day_of


def _doc(
    story: Story, controls: Controls, kind: str, order: Order, moment: datetime, **fields: Any
) -> PartnerDocument:
    document = PartnerDocument(
        kind,
        order.supplier,
        moment,
        controls.take(),
        po_number=order.po_number,
        order_id=order.order_id,
        sku=order.sku,
        **fields,
    )
    story.documents.append(document)
    return document


def add_story_acks(story: Story, controls: Controls) -> None:
    """A 997 from each story supplier for the interchange of story 850s we sent it."""
    by_supplier: dict[str, list[Order]] = {}
    for order in sorted(story.orders.values(), key=lambda o: o.index):
        by_supplier.setdefault(order.supplier, []).append(order)
    for supplier, orders in sorted(by_supplier.items()):
        story.documents.append(
            PartnerDocument(
                "997",
                supplier,
                STORY_PO_SENT + timedelta(minutes=5),
                controls.take(),
                extra={
                    "sets": len(orders),
                    "acknowledged_group": purchase_order_control(supplier, None),
                },
            )
        )


def add_order_documents(story: Story, controls: Controls) -> None:
    """What the suppliers send about the story orders (their mock-edi answers are held back)."""
    o = story.orders
    requested_ship = o["missing_asn"].requested_ship
    for role in ("missing_asn", "late_asn", "carrier_delay", "damaged", "missing_component"):
        order = o[role]
        ack = AckLine("IA", order.quantity, "068", requested_ship)
        _doc(story, controls, "855", order, answer_time(order), acks=(ack,))
    for role in ("onboarding", "claim", "warranty", "financial_approval", "short_invoice"):
        order = o[role]
        _doc(
            story,
            controls,
            "855",
            order,
            answer_time(order),
            acks=(AckLine("IA", order.quantity),),
        )
    # Phase 1: a reschedule past the requested delivery, a backorder, a rejected line.
    order = o["rescheduled"]
    ack = AckLine("DR", order.quantity, "068", day_of("11-10"))
    _doc(story, controls, "855", order, answer_time(order), acks=(ack,))
    order = o["backordered"]
    ack = AckLine("IB", order.quantity, "068", day_of("11-13"))
    _doc(story, controls, "855", order, answer_time(order), acks=(ack,))
    order = o["rejected_line"]
    _doc(story, controls, "855", order, answer_time(order), acks=(AckLine("IR", 0),))

    # Uneventful story orders ship on time and are invoiced.
    for role in (
        "onboarding",
        "claim",
        "warranty",
        "financial_approval",
        "carrier_delay",
        "damaged",
        "missing_component",
    ):
        order = o[role]
        _ship(story, controls, order, at("11-03", 9), day_of("11-07"))
    for role in ("onboarding", "claim", "warranty", "financial_approval"):
        _invoice(story, controls, o[role], at("11-03", 11))
    # Phase 1: short shipment, invoiced in full.
    order = o["short_invoice"]
    _ship(story, controls, order, at("11-03", 12), day_of("11-06"), shipped=order.quantity - 1)
    _invoice(story, controls, order, at("11-03", 13))
    # Phase 2: a late 856, a carrier delay, damage, an RMA.
    _ship(story, controls, o["late_asn"], at("11-05", 15), day_of("11-11"))
    order = o["carrier_delay"]
    _doc(
        story,
        controls,
        "214",
        order,
        at("11-06", 8),
        carrier_status="SD",
        carrier_reason="AO",
        estimated_delivery=day_of("11-10"),
        asn_number=asn_number(order),
    )
    order = o["damaged"]
    _doc(
        story,
        controls,
        "214",
        order,
        at("11-06", 10),
        carrier_status="A9",
        carrier_reason="NS",
        asn_number=asn_number(order),
    )
    _doc(story, controls, "180", order, at("11-06", 15), rma_number=f"RMA-{order.po_number}")
    # Phase 3: credits, the rescheduled order ships (late), deliveries.
    order = o["damaged"]
    _invoice(story, controls, order, at("11-09", 10), credit=True, quantity=order.quantity)
    order = o["short_invoice"]
    _invoice(story, controls, order, at("11-10", 9), credit=True, quantity=1)
    _ship(story, controls, o["rescheduled"], at("11-10", 8), day_of("11-12"))
    _deliver(story, controls, o["carrier_delay"], at("11-10", 12))
    # Phase 4: the backordered order ships, late orders are delivered.
    _ship(story, controls, o["backordered"], at("11-12", 10), day_of("11-15"))
    _deliver(story, controls, o["late_asn"], at("11-12", 14))
    _deliver(story, controls, o["rescheduled"], at("11-12", 15))


def _ship(
    story: Story,
    controls: Controls,
    order: Order,
    moment: datetime,
    estimated: date,
    shipped: int | None = None,
) -> None:
    _doc(
        story,
        controls,
        "856",
        order,
        moment,
        asn_number=asn_number(order),
        estimated_delivery=estimated,
        shipped_quantity=order.quantity if shipped is None else shipped,
        ordered_quantity=order.quantity,
    )


def _invoice(
    story: Story,
    controls: Controls,
    order: Order,
    moment: datetime,
    credit: bool = False,
    quantity: int | None = None,
) -> None:
    billed = order.quantity if quantity is None else quantity
    prefix = "CR" if credit else "INV"
    _doc(
        story,
        controls,
        "810",
        order,
        moment,
        invoice_number=f"{prefix}-{order.po_number}",
        invoiced_quantity=billed,
        unit_price=order.unit_price,
        credit=credit,
        total_amount=round(billed * order.unit_price, 2),
        asn_number=asn_number(order),
    )


def _deliver(story: Story, controls: Controls, order: Order, moment: datetime) -> None:
    _doc(
        story,
        controls,
        "214",
        order,
        moment,
        carrier_status="D1",
        carrier_reason="NS",
        asn_number=asn_number(order),
    )
