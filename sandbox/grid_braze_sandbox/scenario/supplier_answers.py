"""What a supplier's mock-edi instance sends us about an uneventful order.

mock-edi answers every 850 of ours by its behaviour (DESIGN §5): a 997 for the interchange, and an
855, an 856 and an 810 per order, one interchange each. Orders are sent with ample stock at the
catalogue price, so the 855 confirms every line (IA: `short-ship` only shorts lines of 3 or more
units, and uneventful orders are for 1 or 2), promises nothing past the requested delivery, and
the 856 follows within `despatch_hours`, long before the order's ASN deadline. That is why flow 2
and flow 6's open orders only ever concern story orders.
"""

from __future__ import annotations

from grid_braze_sandbox.scenario.model import Order

SUPPLIER_TIMING = {"ack_minutes": 0, "response_hours": 2, "despatch_hours": 24, "invoice_hours": 30}

# Tap streams filled by mock-edi's answers to one uneventful order (one line each).
ANSWER_STREAMS = ("po_acknowledgements", "ship_notices", "invoices")


def answered(order: Order) -> bool:
    """Uneventful orders are answered by mock-edi; story orders by the story's own documents."""
    return order.story is None
