"""Flow 2: fulfilment exceptions → `events` (`fulfillment_exception`) and `user_attributes`.

Only story orders can have exceptions: uneventful orders are answered by mock-edi with an 855
that promises nothing later than the 850's requested delivery, and an 856 within a day, long before
their ASN deadline (see `supplier_answers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from grid_braze_sandbox.scenario.model import Order, PartnerDocument
from grid_braze_sandbox.scenario.rules.facts import ASN_WINDOW_HOURS, Facts
from grid_braze_sandbox.scenario.rules.rows import MartRow, json_date, json_time, key

RESCHEDULE_QUALIFIERS = ("067", "068", "017")
MISSING_ASN = "missing-asn"


@dataclass(frozen=True)
class FulfilmentException:
    order: Order
    reason: str
    source_document: str
    time: datetime
    revised_delivery_date: date | None


def exceptions(facts: Facts) -> list[FulfilmentException]:
    found: list[FulfilmentException] = []
    for order in facts.story_orders:
        found += _exceptions_of(facts, order)
    found.sort(key=lambda e: (e.time, e.order.order_id, e.reason, e.source_document))
    return found


def _exceptions_of(facts: Facts, order: Order) -> list[FulfilmentException]:
    found: list[FulfilmentException] = []

    def add(document: PartnerDocument, reason: str, revised: date | None) -> None:
        exception = FulfilmentException(order, reason, document.document_id, document.time, revised)
        if not any((e.reason, e.source_document) == (reason, document.document_id) for e in found):
            found.append(exception)

    for document in facts.documents_for(order.po_number, "855"):
        for ack in document.acks:
            if ack.status in ("IB", "BP"):
                add(document, "BACKORDERED", ack.schedule_date)
            later = (
                ack.schedule_date is not None
                and ack.date_qualifier in RESCHEDULE_QUALIFIERS
                and ack.schedule_date > order.requested_delivery
            )
            if ack.status == "DR" or later:
                add(document, "RESCHEDULED", ack.schedule_date)
    for document in facts.documents_for(order.po_number, "214"):
        if document.carrier_status == "SD" or (document.carrier_reason or "NS") != "NS":
            add(document, "CARRIER_DELAY", document.estimated_delivery)
    for document in facts.documents_for(order.po_number, "856"):
        if (
            document.estimated_delivery is not None
            and document.estimated_delivery > order.requested_delivery
        ):
            add(document, "LATE_SHIPMENT", document.estimated_delivery)
    deadline = asn_deadline(facts, order)
    shipped_in_time = any(d.time <= deadline for d in facts.documents_for(order.po_number, "856"))
    if facts.as_of >= deadline and not shipped_in_time:
        found.append(FulfilmentException(order, "MISSING_ASN", MISSING_ASN, deadline, None))
    return found


def asn_deadline(facts: Facts, order: Order) -> datetime:
    """The promised ship date (855 ACK05 with ACK04 068, else the 850's DTM*010) plus the window."""
    promised = order.requested_ship
    for document in facts.documents_for(order.po_number, "855"):
        for ack in document.acks:
            if ack.date_qualifier == "068" and ack.schedule_date is not None:
                promised = ack.schedule_date
    start = datetime(promised.year, promised.month, promised.day, tzinfo=UTC)
    return start + timedelta(hours=ASN_WINDOW_HOURS)


def closed_at(facts: Facts, exception: FulfilmentException) -> datetime | None:
    """When an 856 ships the order, or a 214 D1 delivers it, after the exception."""
    times = [
        d.time
        for d in facts.documents_for(exception.order.po_number, "856", "214")
        if (d.kind == "856" or d.carrier_status == "D1") and d.time > exception.time
    ]
    return min(times, default=None)


def event_rows(facts: Facts) -> list[MartRow]:
    rows = []
    for exception in exceptions(facts):
        order = exception.order
        rows.append(
            MartRow(
                "events",
                key(
                    "f2",
                    order.order_id,
                    exception.reason,
                    exception.source_document,
                    order.customer,
                ),
                {
                    "flow": "2",
                    "external_id": order.customer,
                    "name": "fulfillment_exception",
                    "time": json_time(exception.time),
                    "properties": {
                        "order_id": order.order_id,
                        "po_number": order.po_number,
                        "reason": exception.reason,
                        "revised_delivery_date": json_date(exception.revised_delivery_date),
                        "source_document": exception.source_document,
                    },
                },
            )
        )
    return rows


def attribute_rows(facts: Facts) -> list[MartRow]:
    """One row per customer each time (order_delayed, delayed_order_id, revised date) changes."""
    found = exceptions(facts)
    by_customer: dict[str, list[FulfilmentException]] = {}
    for exception in found:
        by_customer.setdefault(exception.order.customer, []).append(exception)
    rows: list[MartRow] = []
    seen: set[str] = set()
    for customer in sorted(by_customer):
        mine = by_customer[customer]
        closes = {id(e): closed_at(facts, e) for e in mine}
        moments = sorted({e.time for e in mine} | {c for c in closes.values() if c is not None})
        previous: tuple[bool, str | None, date | None] | None = None
        for moment in moments:
            open_now = [
                e
                for e in mine
                if e.time <= moment and (closes[id(e)] is None or closes[id(e)] > moment)
            ]
            if open_now:
                latest = open_now[-1]  # `mine` is in exception-time order
                values = (True, latest.order.order_id, latest.revised_delivery_date)
            else:
                values = (False, None, None)
            if values == previous:
                continue
            previous = values
            message_key = key("f2a", customer, *values)
            if message_key in seen:
                continue  # the same values again: the same key, already in the mart
            seen.add(message_key)
            rows.append(
                MartRow(
                    "user_attributes",
                    message_key,
                    {
                        "flow": "2",
                        "external_id": customer,
                        "order_delayed": values[0],
                        "delayed_order_id": values[1],
                        "revised_delivery_date": json_date(values[2]),
                    },
                )
            )
    return rows
