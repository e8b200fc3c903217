"""Orders and storefront behaviour, generated one customer at a time.

Every customer and every order has its own random stream, seeded from the scenario seed and its
index (`random.Random("<seed>:order:<n>")`; string seeds are hashed with SHA-512, so they give the
same numbers in every process). That is what lets `--orders 1000000` stream: a customer's orders
and events are produced when the customer is reached and forgotten after, and nothing depends on
the order in which sets or dicts iterate.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from grid_braze_sandbox.scenario.model import Customer, Order, StorefrontEvent, SurveyComment
from grid_braze_sandbox.scenario.population import (
    SKU_LAUNCH_READY_FIRST,
    SKU_LAUNCH_STRAIGHT,
    SUPPLIERS,
    Cast,
    build_cast,
    customer,
    external_id,
)
from grid_braze_sandbox.scenario.story import STORY_ROLES, Story, build_story
from grid_braze_sandbox.scenario.timeline import (
    BULK_ORDERS_END,
    HISTORY_START,
    PHASE_AS_OF,
)

MIN_CUSTOMERS = 20
MIN_ORDERS = 20
SCENARIO_END = PHASE_AS_OF[-1]


@dataclass(frozen=True)
class ScenarioConfig:
    seed: int
    customers: int = 200
    orders: int = 400

    def __post_init__(self) -> None:
        if self.customers < MIN_CUSTOMERS:
            raise ValueError(f"--customers must be at least {MIN_CUSTOMERS}")
        if self.orders < max(MIN_ORDERS, len(STORY_ROLES)):
            raise ValueError(f"--orders must be at least {MIN_ORDERS}")


@dataclass(frozen=True)
class CustomerActivity:
    """One customer with everything they did in the whole scenario, in time order."""

    customer: Customer
    orders: tuple[Order, ...]
    events: tuple[StorefrontEvent, ...]


class Scenario:
    """The ground truth of one seed and size. Cheap to build: the fixed cast and the story are
    small; customers, orders and events are generated on demand."""

    def __init__(self, config: ScenarioConfig) -> None:
        self.config = config
        self.cast: Cast = build_cast(config.seed)
        self.story: Story = build_story(self)
        self.suppliers_registered = SUPPLIERS
        # Drawn from thousands of times per customer: keep the sku list and weights ready.
        self._regular = self.cast.regular
        self._cumulative = tuple(itertools.accumulate(self.cast.popularity))

    # Orders -------------------------------------------------------------------------------------

    def customer_of_order(self, index: int) -> int:
        return index * self.config.customers // self.config.orders

    def order_indexes_of(self, customer_index: int) -> range:
        """The orders of one customer: a contiguous block, so no lookup table is needed."""
        orders, customers = self.config.orders, self.config.customers
        first = -(-customer_index * orders // customers)
        after = -(-(customer_index + 1) * orders // customers)
        return range(first, after)

    def order(self, index: int) -> Order:
        role = self.story.role_of_order.get(index)
        if role is not None:
            return self.story.orders[role]
        rng = random.Random(f"{self.config.seed}:order:{index}")
        sku = rng.choices(self._regular, cum_weights=self._cumulative)[0]
        # Orders are placed in index order (each in its own slot of the bulk period), so the
        # drivers can send them day by day in one streaming pass.
        span = (BULK_ORDERS_END - HISTORY_START).total_seconds()
        slot = (index + rng.random()) / self.config.orders
        placed = HISTORY_START + timedelta(seconds=int(slot * span))
        quantity = 1 if rng.random() < 0.8 else 2
        return Order(
            index=index,
            order_id=f"ORD-{index:08d}",
            po_number=f"45{index:08d}",
            customer=external_id(self.customer_of_order(index)),
            sku=sku.sku,
            quantity=quantity,
            unit_price=sku.price,
            supplier=sku.suppliers[0],
            placed_at=placed,
            requested_ship=(placed + timedelta(days=2)).date(),
            requested_delivery=(placed + timedelta(days=7)).date(),
        )

    def iter_orders(self) -> Iterator[Order]:
        for index in range(self.config.orders):
            yield self.order(index)

    # Customers ----------------------------------------------------------------------------------

    def customer(self, index: int) -> Customer:
        return customer(self.config.seed, index)

    def activity(self, index: int) -> CustomerActivity:
        person = self.customer(index)
        orders = tuple(self.order(i) for i in self.order_indexes_of(index))
        rng = random.Random(f"{self.config.seed}:storefront:{index}")
        events: list[StorefrontEvent] = []
        for order in orders:
            events += self._shopping_for(person, order, rng)
        events += self._browsing(person, rng)
        events += self.story.extra_events.get(person.external_id, ())
        events.sort(key=_event_order)
        return CustomerActivity(person, orders, tuple(events))

    def iter_activity(self) -> Iterator[CustomerActivity]:
        for index in range(self.config.customers):
            yield self.activity(index)

    def _shopping_for(
        self, person: Customer, order: Order, rng: random.Random
    ) -> list[StorefrontEvent]:
        """The view and cart add before a purchase, and sometimes a survey after it."""
        sku = order.sku
        cart = f"cart-{order.order_id}"
        events = [
            StorefrontEvent(
                person.external_id,
                "product_viewed",
                order.placed_at - timedelta(minutes=30),
                {"sku": sku},
            ),
            StorefrontEvent(
                person.external_id,
                "cart_added",
                order.placed_at - timedelta(minutes=10),
                {"sku": sku, "cart_id": cart},
            ),
        ]
        # Story orders get their survey from the story, so that the feedback loop is deliberate.
        if order.story is None and rng.random() < 0.15:
            score = rng.randint(1, 5)
            comment = SurveyComment((("text", _SURVEY_TEXT[score]),))
            events.append(
                StorefrontEvent(
                    person.external_id,
                    "survey_response",
                    order.placed_at + timedelta(days=3),
                    {"order_id": order.order_id, "score": score, "comment": comment.text},
                )
            )
        return events

    def _browsing(self, person: Customer, rng: random.Random) -> list[StorefrontEvent]:
        """Views, carts and abandonments spread over the whole scenario."""
        events: list[StorefrontEvent] = []
        span = int((SCENARIO_END - HISTORY_START).total_seconds()) - 3600
        for visit in range(rng.randint(4, 14)):
            moment = HISTORY_START + timedelta(seconds=rng.randrange(span))
            sku = rng.choices(self._regular, cum_weights=self._cumulative)[0].sku
            events.append(
                StorefrontEvent(person.external_id, "product_viewed", moment, {"sku": sku})
            )
            if rng.random() < 0.3:
                cart = f"cart-{person.external_id}-{visit}"
                added = moment + timedelta(minutes=5)
                events.append(
                    StorefrontEvent(
                        person.external_id, "cart_added", added, {"sku": sku, "cart_id": cart}
                    )
                )
                if rng.random() < 0.6:
                    events.append(
                        StorefrontEvent(
                            person.external_id,
                            "cart_abandoned",
                            added + timedelta(hours=1),
                            {"sku": sku, "cart_id": cart},
                        )
                    )
            notify = self.story.notify_window(sku, moment)
            if notify and rng.random() < 0.5:
                events.append(
                    StorefrontEvent(
                        person.external_id, "notify_me", moment + timedelta(minutes=1), {"sku": sku}
                    )
                )
        events += self._launch_interest(person, rng)
        events += self._spike_views(person, rng)
        return events

    def _launch_interest(self, person: Customer, rng: random.Random) -> list[StorefrontEvent]:
        """Launch teasers have a notify-me button and nothing else until the sku is stocked."""
        events: list[StorefrontEvent] = []
        for sku in (SKU_LAUNCH_READY_FIRST, SKU_LAUNCH_STRAIGHT):
            if rng.random() < 0.25:
                window = self.story.unavailable[sku]
                seconds = int((window[1] - window[0]).total_seconds()) - 7200
                moment = window[0] + timedelta(seconds=3600 + rng.randrange(seconds))
                events.append(
                    StorefrontEvent(person.external_id, "notify_me", moment, {"sku": sku})
                )
        return events

    def _spike_views(self, person: Customer, rng: random.Random) -> list[StorefrontEvent]:
        """Regional demand spikes: most customers of one region look at one sku on one day."""
        events: list[StorefrontEvent] = []
        for spike in self.story.spikes:
            if person.region == spike.region and rng.random() < 0.7:
                for view in range(rng.randint(1, 3)):
                    moment = datetime.combine(spike.day, datetime.min.time(), HISTORY_START.tzinfo)
                    moment += timedelta(hours=8 + view * 3, minutes=rng.randrange(60))
                    events.append(
                        StorefrontEvent(
                            person.external_id, "product_viewed", moment, {"sku": spike.sku}
                        )
                    )
        return events


def _event_order(event: StorefrontEvent) -> tuple[datetime, str, str, str, str]:
    """A total order on one customer's events that never looks at dict iteration order."""
    properties = event.properties
    return (
        event.time,
        event.name,
        str(properties.get("sku", "")),
        str(properties.get("cart_id", "")),
        str(properties.get("order_id", "")),
    )


_SURVEY_TEXT = {
    1: "Very disappointed with this order.",
    2: "Not great, the delivery was slow.",
    3: "It was fine.",
    4: "Good product, arrived as promised.",
    5: "Excellent, would order again!",
}
