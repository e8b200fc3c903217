"""A small Braze-side scenario, seeded through the emulator's own API, and its ground truth.

Storefront events and purchases of DESIGN §10 go through /users/track; messages through the
trigger endpoints, which the emulator turns into deliveries, opens, clicks and conversions (and
Currents files) as its simulated clock moves. Everything is derived from the fixed lists below, so
the same scenario comes out on every run.

The simulated clock starts two days before the wall clock and stays behind it: the tap asks for
series up to the wall clock's today, as it does against real Braze.
"""

from __future__ import annotations

import typing as t
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import requests

from grid_braze_sandbox.braze.config import BrazeConfig, EngagementProbabilities

CUSTOMERS = [f"C{number:03d}" for number in range(1, 13)]
TIERS = ("BRONZE", "SILVER", "GOLD")
REGIONS = ("NORTH", "SOUTH", "WEST")
SKUS = ("SKU-1", "SKU-2", "SKU-3")
CAMPAIGN = "partner_case_update"
CANVAS = "next_step_onboarding"
SUBSCRIPTION_GROUP = "sg-newsletter"
CATALOG = "product_availability"
SEGMENT_GOLD = "gold_customers"

# Generous odds so that a dozen customers give every kind of engagement (n/d in Braze anyway).
SCENARIO_ENGAGEMENT = EngagementProbabilities(
    delivery=0.9, open=0.9, click=0.8, unsubscribe=0.15, conversion=0.9
)


def scenario_braze_config(duplicate_rate: float = 0.0, **overrides: t.Any) -> BrazeConfig:
    return BrazeConfig(
        seed=7,
        engagement=SCENARIO_ENGAGEMENT,
        currents_duplicate_rate=duplicate_rate,
        **overrides,
    )


def scenario_clock_start() -> datetime:
    return (datetime.now(UTC) - timedelta(days=2)).replace(minute=0, second=0, microsecond=0)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class GroundTruth:
    """What the scenario put into Braze, counted by the seeding code itself."""

    users: int = 0
    custom_events: Counter[str] = field(default_factory=Counter)
    custom_event_ids_by_day: Counter[tuple[str, str]] = field(default_factory=Counter)
    purchases: int = 0
    purchases_by_day: Counter[str] = field(default_factory=Counter)
    engagement: Counter[str] = field(default_factory=Counter)  # by Currents event type
    # (campaign or canvas, its id, Currents event type) → count
    engagement_by_message: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    subscription_changes: int = 0
    catalog_items: int = 0
    templates: int = 0
    content_blocks: int = 0
    seeded_hard_bounces: int = 0
    seeded_unsubscribes: int = 0
    tiers: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)

    @property
    def message_engagement(self) -> int:
        return sum(n for kind, n in self.engagement.items() if kind.startswith("users.messages."))

    @property
    def canvas_entries(self) -> int:
        return self.engagement["users.canvas.Entry"]

    @property
    def conversions(self) -> int:
        return self.engagement["users.campaigns.Conversion"]


class BrazeSeeder:
    """Talks to one emulator over HTTP, the way any client would."""

    def __init__(self, api_url: str, api_key: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key}"

    def post(
        self, path: str, body: t.Any, expect: int | tuple[int, ...] = (200, 201, 202)
    ) -> t.Any:
        response = self.session.post(f"{self.api_url}{path}", json=body, timeout=30)
        allowed = (expect,) if isinstance(expect, int) else expect
        assert response.status_code in allowed, (path, response.status_code, response.text)
        return response.json()

    def get(self, path: str) -> t.Any:
        response = self.session.get(f"{self.api_url}{path}", timeout=30)
        assert response.status_code == 200, (path, response.status_code, response.text)
        return response.json()

    def now(self) -> datetime:
        return datetime.fromisoformat(self.get("/_sandbox/clock")["now"].replace("Z", "+00:00"))

    def advance(self, seconds: float) -> None:
        self.post("/_sandbox/clock", {"advance_seconds": seconds})

    def flush_currents(self) -> None:
        self.post("/_sandbox/currents/flush", {})

    def track(self, truth: GroundTruth, events: list[dict], purchases: list[dict]) -> None:
        for start in range(0, max(len(events), len(purchases)), 75):
            body: dict[str, t.Any] = {}
            if events[start : start + 75]:
                body["events"] = events[start : start + 75]
            if purchases[start : start + 75]:
                body["purchases"] = purchases[start : start + 75]
            answer = self.post("/users/track", body, expect=201)
            assert "errors" not in answer, answer
        for event in events:
            truth.custom_events[event["name"]] += 1
            truth.custom_event_ids_by_day[(event["name"], event["time"][:10])] += 1
        truth.purchases += len(purchases)
        for purchase in purchases:
            truth.purchases_by_day[purchase["time"][:10]] += 1


def storefront_day(start: datetime, customers: list[str]) -> tuple[list[dict], list[dict]]:
    """One day of DESIGN §10 storefront behaviour, a few minutes apart per customer."""
    events: list[dict] = []
    purchases: list[dict] = []
    for number, customer in enumerate(customers, start=1):
        moment = iso(start + timedelta(minutes=number))
        sku = SKUS[number % len(SKUS)]
        cart = f"cart-{customer}-{moment[:10]}"

        def event(name: str, properties: dict, when: str = moment, who: str = customer) -> dict:
            return {"external_id": who, "name": name, "time": when, "properties": properties}

        events.append(event("product_viewed", {"sku": sku}))
        if number % 2 == 0:
            events.append(event("cart_added", {"sku": sku, "cart_id": cart}))
        if number % 4 == 0:
            events.append(event("cart_abandoned", {"sku": sku, "cart_id": cart}))
        if number % 5 == 0:
            events.append(event("notify_me", {"sku": sku}))
        if number % 3 == 0:
            order_id = f"ORD-{customer}-{moment[:10]}"
            purchases.append(
                {
                    "external_id": customer,
                    "product_id": sku,
                    "currency": "USD",
                    "price": 10.0 + number,
                    "time": moment,
                    "properties": {"order_id": order_id},
                }
            )
            if number % 6 == 0:
                events.append(
                    event(
                        "survey_response",
                        {"order_id": order_id, "score": 1 + number % 5, "comment": "late box"},
                    )
                )
    return events, purchases


def seed_scenario(api_url: str, api_key: str) -> GroundTruth:
    """Seed the whole scenario; the clock ends about 30 hours after it started."""
    braze = BrazeSeeder(api_url, api_key)
    truth = GroundTruth()
    start = braze.now()

    # Customers with DESIGN §10's attributes; every other one has a phone.
    attributes = []
    for number, customer in enumerate(CUSTOMERS):
        tier, region = TIERS[number % 3], REGIONS[(number // 3) % 3]
        truth.tiers[customer], truth.regions[customer] = tier, region
        profile = {
            "external_id": customer,
            "email": f"{customer.lower()}@shop.example",
            "first_name": f"Customer {customer}",
            "tier": tier,
            "region": region,
        }
        if number % 2 == 0:
            profile["phone"] = f"+1555000{number:04d}"
        attributes.append(profile)
    braze.post("/users/track", {"attributes": attributes}, expect=201)
    truth.users = len(CUSTOMERS)

    # DESIGN §10's campaigns and Canvases, and flow 6's catalog, as a deployment sets them up.
    braze.post("/_sandbox/design_presets", {})
    braze.post(
        "/_sandbox/segments",
        {"name": SEGMENT_GOLD, "filter": {"custom_attributes": {"tier": "GOLD"}}},
    )
    for name in ("order_update", "restock"):
        braze.post("/_sandbox/templates", {"template_name": name, "tags": ["storefront"]})
        truth.templates += 1
    for name in ("footer", "partner_banner"):
        braze.post("/_sandbox/content_blocks", {"name": name})
        truth.content_blocks += 1
    items = [
        {"id": sku, "status": "IN_STOCK", "available_qty": 20 + i} for i, sku in enumerate(SKUS)
    ]
    braze.post(f"/catalogs/{CATALOG}/items", {"items": items})
    truth.catalog_items = len(items)

    # Day one: storefront behaviour, then messages and their simulated engagement.
    events, purchases = storefront_day(start + timedelta(minutes=5), CUSTOMERS)
    braze.advance(3600)
    braze.track(truth, events, purchases)
    braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": CAMPAIGN,
            "recipients": [
                {"external_user_id": c, "trigger_properties": {"case_id": f"CASE-{c}"}}
                for c in CUSTOMERS[:8]
            ],
        },
        expect=201,
    )
    braze.post(
        "/canvas/trigger/send",
        {"canvas_id": CANVAS, "recipients": [{"external_user_id": c} for c in CUSTOMERS[8:]]},
        expect=201,
    )
    braze.post(
        "/subscription/status/set",
        {
            "subscription_group_id": SUBSCRIPTION_GROUP,
            "subscription_state": "subscribed",
            "external_id": CUSTOMERS[:4],
        },
        expect=201,
    )
    truth.subscription_changes += 4
    braze.post(
        "/_sandbox/email_events",
        {
            "hard_bounces": [
                {"email": "gone@shop.example", "hard_bounced_at": iso(start + timedelta(hours=2))}
            ],
            "unsubscribes": [
                {"email": "bye@shop.example", "unsubscribed_at": iso(start + timedelta(hours=2))}
            ],
        },
    )
    truth.seeded_hard_bounces, truth.seeded_unsubscribes = 1, 1
    braze.advance(8 * 3600)  # every funnel step (at most about 5 hours) has happened

    # Day two: more browsing, a day later.
    events, purchases = storefront_day(start + timedelta(hours=24), CUSTOMERS[:6])
    braze.advance(16 * 3600)
    braze.track(truth, events, purchases)
    braze.advance(600)
    braze.flush_currents()
    # Redelivered duplicates (when switched on) are written by the flush after the one that
    # wrote their originals.
    braze.flush_currents()

    engagement = braze.get("/_sandbox/engagement")
    assert engagement["pending"] == 0, "every funnel step should have happened"
    truth.engagement = Counter(e["event_type"] for e in engagement["engagement"])
    truth.engagement_by_message = Counter(
        (e["kind"], e["message_id"], e["event_type"]) for e in engagement["engagement"]
    )
    return truth
