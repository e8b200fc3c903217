"""Our drop-ship 850s (ORDERS for EDIFACT suppliers), written with the EDI library.

Each 850 carries the customer order in `REF*CO` and the customer id in `N1*ST*…*92*` (DESIGN §3).
Uneventful orders are batched into one interchange per supplier and day, story orders into one
interchange per supplier, so a million orders do not become a million files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from grid_braze_sandbox.scenario.edi_controls import purchase_order_control
from grid_braze_sandbox.scenario.model import OUR_ID, OUR_QUALIFIER, Customer, Order, Supplier
from grid_braze_sandbox.scenario.population import SUPPLIERS
from grid_braze_sandbox.scenario.timeline import HISTORY_START, STORY_PO_SENT
from supplychain_edi import EdifactEnvelope, X12Envelope, write_edifact, write_x12

# At most this many 850s in one interchange: one file stays small, and the driver holds no more
# than this many orders per supplier at a time, whatever `--orders` is.
ORDERS_PER_INTERCHANGE = 500


@dataclass(frozen=True)
class Interchange:
    """One interchange of our 850s: uneventful orders of one supplier, day and chunk, or the
    story orders of one supplier (day None)."""

    supplier: str
    day: date | None
    chunk: int
    orders: tuple[Order, ...]

    @property
    def control(self) -> int:
        return purchase_order_control(self.supplier, self.day, self.chunk)

    @property
    def sent_at(self) -> datetime:
        return batch_sent_at(self.day)


class Batcher:
    """Cuts uneventful orders, fed in index order (which is time order for them), into
    interchanges per supplier and day of at most ORDERS_PER_INTERCHANGE orders."""

    def __init__(self) -> None:
        self.day: date | None = None
        self.pending: dict[str, list[Order]] = {}
        self.chunks: dict[str, int] = {}

    def add(self, order: Order) -> list[Interchange]:
        if order.story is not None:
            return []
        ready: list[Interchange] = []
        day = order.placed_at.date()
        if self.day is not None and day != self.day:
            ready += self.finish()
        self.day = day
        pending = self.pending.setdefault(order.supplier, [])
        pending.append(order)
        if len(pending) == ORDERS_PER_INTERCHANGE:
            ready.append(self._cut(order.supplier))
        return ready

    def finish(self) -> list[Interchange]:
        ready = [self._cut(s.address) for s in SUPPLIERS if self.pending.get(s.address)]
        self.pending, self.chunks = {}, {}
        return ready

    def _cut(self, supplier: str) -> Interchange:
        chunk = self.chunks.get(supplier, 0)
        self.chunks[supplier] = chunk + 1
        orders = tuple(self.pending.pop(supplier))
        return Interchange(supplier, self.day, chunk, orders)


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
