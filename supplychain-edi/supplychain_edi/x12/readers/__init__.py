"""One reader per X12 transaction set, each mapping a set onto its normalised record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from supplychain_edi.document import RawDocument
from supplychain_edi.segments import Warnings
from supplychain_edi.x12.readers import (
    acknowledgement,
    application_advice,
    invoice,
    order_status,
    planning_schedule,
    po_acknowledgement,
    product_activity,
    purchase_order,
    returns,
    ship_notice,
    shipment_status,
    stock,
)

Reader = Callable[[RawDocument, Warnings], dict[str, Any]]

READERS: dict[str, Reader] = {
    "850": purchase_order.read,
    "855": po_acknowledgement.read,
    "856": ship_notice.read,
    "810": invoice.read,
    "846": stock.read,
    "852": product_activity.read,
    "830": planning_schedule.read,
    "870": order_status.read,
    "214": shipment_status.read,
    "997": acknowledgement.read,
    "999": acknowledgement.read,
    "824": application_advice.read,
    "180": returns.read,
}
