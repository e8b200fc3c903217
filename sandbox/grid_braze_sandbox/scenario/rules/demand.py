"""Flow 4: demand signals → `demand_signals`, one row per partner x sku x region x UTC day.

Customers are streamed through `DemandCounter.add`; it keeps counters per sku x region x day only,
so its memory does not grow with the number of customers. Distinct customers are counted exactly
because each customer is seen once, whole.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from grid_braze_sandbox.scenario.model import Customer, Order, StorefrontEvent
from grid_braze_sandbox.scenario.rules.facts import (
    DEMAND_SETTLE_HOURS,
    K_ANONYMITY,
    SPIKE_WINDOW_DAYS,
    SPIKE_Z,
    Facts,
)
from grid_braze_sandbox.scenario.rules.rows import MartRow, key

_COUNTED = {"product_viewed": 0, "cart_added": 1, "cart_abandoned": 2}
VIEWS, CART_ADDS, ABANDONED, UNITS, CUSTOMERS = range(5)


@dataclass
class DemandCounter:
    """Counts per (sku, region, day) of everything up to `as_of`."""

    as_of: datetime
    cells: dict[tuple[str, str, date], list[int]] = field(default_factory=dict)

    def add(self, customer: Customer, orders: Iterable[Order], events: Iterable[StorefrontEvent]):
        touched: set[tuple[str, str, date]] = set()
        for event in events:
            slot = _COUNTED.get(event.name)
            if slot is None or event.time > self.as_of:
                continue
            cell = (event.properties["sku"], customer.region, event.time.date())
            self._cell(cell)[slot] += 1
            touched.add(cell)
        for order in orders:
            if order.placed_at > self.as_of:
                continue
            cell = (order.sku, customer.region, order.placed_at.date())
            self._cell(cell)[UNITS] += order.quantity  # each purchase event is one unit
            touched.add(cell)
        for cell in touched:
            self.cells[cell][CUSTOMERS] += 1

    def _cell(self, cell: tuple[str, str, date]) -> list[int]:
        counts = self.cells.get(cell)
        if counts is None:
            counts = self.cells[cell] = [0, 0, 0, 0, 0]
        return counts


def settled_until(as_of: datetime) -> date:
    """The last UTC day sent at `as_of`: its end plus `demand_settle_hours` has passed."""
    latest = as_of - timedelta(hours=DEMAND_SETTLE_HOURS) - timedelta(days=1)
    return latest.date()


def partners_by_sku(facts: Facts) -> dict[str, list[str]]:
    """The partner-to-item map, from the partners' own 846/855/856 documents."""
    found: dict[str, set[str]] = {}
    for document in facts.documents:
        if document.kind == "846":
            for sku, _quantity, _date in document.inventory:
                found.setdefault(sku, set()).add(document.sender)
        elif document.kind in ("855", "856") and document.sku is not None:
            found.setdefault(document.sku, set()).add(document.sender)
    return {sku: sorted(partners) for sku, partners in found.items()}


def demand_rows(facts: Facts, counter: DemandCounter, history_start: date) -> list[MartRow]:
    last_day = settled_until(facts.as_of)
    partners = partners_by_sku(facts)
    series = sorted({(sku, region) for sku, region, _day in counter.cells})
    rows: list[MartRow] = []
    for sku, region in series:
        day = history_start
        views_by_day: list[int] = []
        while day <= last_day:
            counts = counter.cells.get((sku, region, day))
            views = counts[VIEWS] if counts else 0
            if counts and counts[CUSTOMERS] >= K_ANONYMITY:
                baseline, spike = _baseline(views, views_by_day)
                for partner in partners.get(sku, []):
                    rows.append(_row(partner, sku, region, day, counts, baseline, spike))
            views_by_day.append(views)
            day += timedelta(days=1)
    return rows


def _baseline(views: int, history: list[int]) -> tuple[float, bool]:
    window = history[-SPIKE_WINDOW_DAYS:]
    if not window:
        return 0.0, False
    # Missing days count as 0; with less history than the window there is no spike.
    padded = [0] * (SPIKE_WINDOW_DAYS - len(window)) + window
    mean = sum(padded) / SPIKE_WINDOW_DAYS
    deviation = math.sqrt(sum((v - mean) ** 2 for v in padded) / SPIKE_WINDOW_DAYS)
    if len(window) < SPIKE_WINDOW_DAYS or deviation == 0:
        return mean, False
    return mean, (views - mean) / deviation >= SPIKE_Z


def _row(partner, sku, region, day, counts, baseline, spike) -> MartRow:
    return MartRow(
        "demand_signals",
        key("f4", partner, sku, region, day),
        {
            "flow": "4",
            "partner_id": partner,
            "sku": sku,
            "region": region,
            "period_start": day.isoformat(),
            "views": counts[VIEWS],
            # Clicks come from messages the pipeline sends; the scenario sends none itself.
            "clicks": 0,
            "cart_adds": counts[CART_ADDS],
            "abandoned_carts": counts[ABANDONED],
            "units_purchased": counts[UNITS],
            "distinct_customers": counts[CUSTOMERS],
            "baseline": round(baseline, 6),
            "spike": spike,
        },
    )
