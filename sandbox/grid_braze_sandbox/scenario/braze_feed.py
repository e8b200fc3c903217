"""The Braze side of a phase: the DESIGN §10 campaigns and Canvases, customers, their storefront
events and purchases, in `/users/track` requests of at most 75 objects per array."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from grid_braze_sandbox.scenario.drivers.base import BrazeTarget
from grid_braze_sandbox.scenario.generator import Scenario
from grid_braze_sandbox.scenario.model import key_time

DESIGN_CAMPAIGNS = [
    "partner_case_update",
    "service_recovery",
    "restock_notice",
    "delay_notice",
    "loop_closed",
]
DESIGN_CANVASES = [
    "next_step_onboarding",
    "next_step_claim",
    "next_step_warranty",
    "next_step_financial_approval",
]
TRACK_BATCH = 75  # Braze's limit per array in one /users/track request


def create_design_messages(braze: BrazeTarget) -> None:
    """In the sandbox a campaign's or Canvas's id is its logical name (DESIGN §5)."""
    braze.create_messages(DESIGN_CAMPAIGNS, DESIGN_CANVASES)


def feed_braze(
    scenario: Scenario, braze: BrazeTarget, start: datetime | None, end: datetime
) -> None:
    """Customers (phase 1), and their storefront events and purchases in the window."""
    attributes: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    purchases: list[dict[str, Any]] = []

    def flush(force: bool = False) -> None:
        nonlocal attributes, events, purchases
        full = max(len(attributes), len(events), len(purchases)) >= TRACK_BATCH
        if (force or full) and (attributes or events or purchases):
            braze.track(attributes, events, purchases)
            attributes, events, purchases = [], [], []

    def inside(moment: datetime) -> bool:
        return (start is None or moment > start) and moment <= end

    for activity in scenario.iter_activity():
        person = activity.customer
        if start is None:
            attributes.append(
                {
                    "external_id": person.external_id,
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "email": person.email,
                    "phone": person.phone,
                    "tier": person.tier,
                    "region": person.region,
                    "subscription_groups": [
                        {"subscription_group_id": group, "subscription_state": value}
                        for group, value in person.subscriptions
                    ],
                }
            )
            flush()
        for event in activity.events:
            if inside(event.time):
                events.append(
                    {
                        "external_id": person.external_id,
                        "name": event.name,
                        "time": key_time(event.time),
                        "properties": event.properties,
                    }
                )
                flush()
        for order in activity.orders:
            if inside(order.placed_at):
                purchases.append(
                    {
                        "external_id": person.external_id,
                        "product_id": order.sku,
                        "currency": "USD",
                        "price": order.unit_price,
                        "quantity": order.quantity,
                        "time": key_time(order.placed_at),
                        "properties": {"order_id": order.order_id},
                    }
                )
                flush()
    flush(force=True)
