"""Our drop-ship 850s (ORDERS for EDIFACT suppliers), written with the EDI library.

Each 850 carries the customer order in `REF*CO` and the customer id in `N1*ST*…*92*` (DESIGN §3).
Uneventful orders are batched into one interchange per supplier and day, story orders into one
interchange per supplier, so a million orders do not become a million files.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from grid_braze_sandbox.scenario.model import OUR_ID, OUR_QUALIFIER, Customer, Order, Supplier
from grid_braze_sandbox.scenario.timeline import HISTORY_START, STORY_PO_SENT
from supplychain_edi import EdifactEnvelope, X12Envelope, write_edifact, write_x12


def batch_of(order: Order) -> tuple[str, date | None]:
    """(supplier, day) for uneventful orders, (supplier, None) for story orders."""
    return order.supplier, None if order.story else order.placed_at.date()


def purchase_order_record(order: Order, customer: Customer) -> dict[str, Any]:
    return {
        "document_type": "purchase_order",
        "po_number": order.po_number,
        "order_date": order.placed_at.date().isoformat(),
        "customer_order_number": order.order_id,
        "requested_delivery_date": order.requested_delivery.isoformat(),
        "requested_ship_date": order.requested_ship.isoformat(),
        "currency": "USD",
        "parties": {
            "ST": {
                "name": f"{customer.first_name} {customer.last_name}",
                "id_qualifier": "92",
                "id": customer.external_id,
            }
        },
        "lines": [
            {
                "line_number": "1",
                "quantity": order.quantity,
                "unit": "EA",
                "unit_price": order.unit_price,
                "sku": order.sku,
                "product_ids": [{"qualifier": "VP", "id": order.sku}],
            }
        ],
    }


def write_purchase_orders(
    supplier: Supplier, records: Sequence[dict[str, Any]], control: int, moment: datetime
) -> str:
    """One interchange from us to the supplier, in the supplier's dialect."""
    if supplier.dialect == "EDIFACT":
        return write_edifact(
            list(records),
            EdifactEnvelope(
                sender_qualifier=OUR_QUALIFIER,
                sender_id=OUR_ID,
                receiver_qualifier=supplier.qualifier,
                receiver_id=supplier.edi_id,
                interchange_control_number=control,
                timestamp=moment,
            ),
        )
    return write_x12(
        list(records),
        X12Envelope(
            sender_qualifier=OUR_QUALIFIER,
            sender_id=OUR_ID,
            receiver_qualifier=supplier.qualifier,
            receiver_id=supplier.edi_id,
            interchange_control_number=control,
            group_control_number=control,
            timestamp=moment,
            version=supplier.version,
            usage="P",
        ),
    )


def batch_sent_at(day: date | None) -> datetime:
    """Bulk batches go out at the end of their day; story orders together on 11-02."""
    if day is None:
        return STORY_PO_SENT
    return datetime.combine(day, datetime.min.time(), HISTORY_START.tzinfo) + timedelta(days=1)
