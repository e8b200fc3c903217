"""EDIFACT message bodies (UNH and UNT excluded), one writer per message, from records.

Like the X12 writers, each emits what its reader reads back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from supplychain_edi.writers.edifact_messages.advice import write_aperak, write_contrl
from supplychain_edi.writers.edifact_messages.common import Segments
from supplychain_edi.writers.edifact_messages.inventory import write_invrpt, write_slsrpt
from supplychain_edi.writers.edifact_messages.invoicing import write_invoic
from supplychain_edi.writers.edifact_messages.orders import write_orders, write_ordrsp
from supplychain_edi.writers.edifact_messages.planning import write_delfor
from supplychain_edi.writers.edifact_messages.shipping import write_desadv, write_iftsta

MESSAGE_WRITERS: dict[str, Callable[[Mapping[str, Any]], Segments]] = {
    "ORDERS": write_orders,
    "ORDRSP": write_ordrsp,
    "DESADV": write_desadv,
    "INVOIC": write_invoic,
    "INVRPT": write_invrpt,
    "SLSRPT": write_slsrpt,
    "DELFOR": write_delfor,
    "IFTSTA": write_iftsta,
    "APERAK": write_aperak,
    "CONTRL": write_contrl,
}
