"""One reader per EDIFACT message type, each mapping onto the same records as X12."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from supplychain_edi.document import RawDocument
from supplychain_edi.edifact.readers import (
    advice,
    control,
    despatch,
    forecast,
    invoice,
    order,
    response,
    sales,
    status,
    stock,
)
from supplychain_edi.segments import Warnings

Reader = Callable[[RawDocument, Warnings], dict[str, Any]]

READERS: dict[str, Reader] = {
    "ORDERS": order.read,
    "ORDRSP": response.read,
    "DESADV": despatch.read,
    "INVOIC": invoice.read,
    "INVRPT": stock.read,
    "SLSRPT": sales.read,
    "DELFOR": forecast.read,
    "IFTSTA": status.read,
    "APERAK": advice.read,
    "CONTRL": control.read,
}
