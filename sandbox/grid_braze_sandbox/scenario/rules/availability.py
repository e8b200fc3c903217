"""Flow 6: availability → `catalog_items` (catalog `product_availability`), and the
`restock_notice` and `delay_notice` campaigns.

The status of a sku follows its latest document (846 QTY*33 summed over the partners that reported
it, 855 IB/BP lines, launch-readiness projects). Restock notices need every customer's notify_me
history, which is streamed: `availability_changes` gives the bounded list of transitions, and
`RestockNotices` turns one customer at a time into rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from grid_braze_sandbox.scenario.model import StorefrontEvent
from grid_braze_sandbox.scenario.rules.facts import LOW_STOCK_THRESHOLD, Facts
from grid_braze_sandbox.scenario.rules.rows import MartRow, json_date, json_time, key

CATALOG = "product_availability"
UNAVAILABLE = ("BACKORDERED", "OUT_OF_STOCK", "PRE_LAUNCH")
AVAILABLE = ("IN_STOCK", "LOW_STOCK")


@dataclass(frozen=True)
class SkuState:
    status: str
    available_qty: int
    restock_date: date | None


@dataclass(frozen=True)
class Change:
    sku: str
    time: datetime
    before: SkuState | None
    after: SkuState
    source_partner: str
    source_document: str


@dataclass
class _Sku:
    partner_quantities: dict[str, int]
    restock_date: date | None = None
    from_backorder_ack: bool = False
    ever_available: bool = False
    launch_project: str | None = None
    open_activities: int = 0


def _status(sku: _Sku) -> SkuState:
    quantity = 0 if sku.from_backorder_ack else sum(sku.partner_quantities.values())
    if quantity > LOW_STOCK_THRESHOLD:
        return SkuState("IN_STOCK", quantity, None)
    if quantity > 0:
        return SkuState("LOW_STOCK", quantity, None)
    if sku.launch_project is not None and not sku.ever_available:
        return SkuState("PRE_LAUNCH" if sku.open_activities else "LAUNCH_READY", 0, None)
    if sku.restock_date is not None:
        return SkuState("BACKORDERED", 0, sku.restock_date)
    return SkuState("OUT_OF_STOCK", 0, None)


def availability_changes(facts: Facts) -> list[Change]:
    """Every change of (status, quantity, restock date), in time order."""
    happenings: list[tuple[datetime, int, str, object]] = []
    for document in facts.documents:
        if document.kind in ("846", "855"):
            happenings.append((document.time, 1, document.document_id, document))
    for project in facts.projects:
        if project.process == "LAUNCH_READINESS":
            happenings.append((project.created_at, 0, project.project_id, project))
    for completion in facts.completions:
        happenings.append((completion.time, 0, completion.activity_id, completion))
    happenings.sort(key=lambda h: (h[0], h[1], h[2]))

    skus: dict[str, _Sku] = {}
    current: dict[str, SkuState] = {}
    changes: list[Change] = []
    projects = {p.project_id: p for p in facts.projects}

    def settle(sku_code: str, moment: datetime, partner: str, document_id: str) -> None:
        state = _status(skus[sku_code])
        if state.available_qty > 0:
            skus[sku_code].ever_available = True
        before = current.get(sku_code)
        if state != before:
            current[sku_code] = state
            changes.append(Change(sku_code, moment, before, state, partner, document_id))

    for moment, _rank, _name, happening in happenings:
        kind = getattr(happening, "kind", None)
        if kind == "846":
            for sku_code, quantity, restock in happening.inventory:
                entry = skus.setdefault(sku_code, _Sku({}))
                entry.partner_quantities[happening.sender] = quantity
                entry.restock_date = restock
                entry.from_backorder_ack = False
                settle(sku_code, moment, happening.sender, happening.document_id)
        elif kind == "855":
            for ack in happening.acks:
                if ack.status in ("IB", "BP") and happening.sku is not None:
                    entry = skus.setdefault(happening.sku, _Sku({}))
                    entry.restock_date = ack.schedule_date
                    entry.from_backorder_ack = True
                    settle(happening.sku, moment, happening.sender, happening.document_id)
        elif hasattr(happening, "process"):
            entry = skus.setdefault(happening.sku, _Sku({}))
            entry.launch_project = happening.project_id
            entry.open_activities = len(happening.activities)
            settle(happening.sku, moment, happening.company, happening.project_id)
        else:
            project = projects.get(happening.project_id)
            if project is None or project.sku is None:
                continue
            entry = skus[project.sku]
            entry.open_activities -= 1
            settle(project.sku, moment, project.company, happening.activity_id)
    return changes


def catalog_rows(changes: Iterable[Change]) -> list[MartRow]:
    rows: list[MartRow] = []
    seen: set[str] = set()
    for change in changes:
        state = change.after
        message_key = key("f6c", change.sku, state.status, state.available_qty, state.restock_date)
        if message_key in seen:
            continue  # the same state again has the same key: the mart holds it already
        seen.add(message_key)
        rows.append(
            MartRow(
                "catalog_items",
                message_key,
                {
                    "flow": "6",
                    "catalog_name": CATALOG,
                    "id": change.sku,
                    "status": state.status,
                    "available_qty": state.available_qty,
                    "restock_date": json_date(state.restock_date),
                    "source_partner": change.source_partner,
                    "updated_at": json_time(change.time),
                },
            )
        )
    return rows


def restocks(changes: Iterable[Change]) -> list[Change]:
    return [
        c
        for c in changes
        if c.before is not None and c.before.status in UNAVAILABLE and c.after.status in AVAILABLE
    ]


class RestockNotices:
    """Restock notices for one customer at a time, from their notify_me events."""

    def __init__(self, changes: Iterable[Change]) -> None:
        self.restocks = restocks(changes)
        self.skus = {c.sku for c in self.restocks}

    def rows_for(self, external_id: str, events: Iterable[StorefrontEvent]) -> list[MartRow]:
        asks: dict[str, list[datetime]] = {}
        for event in events:
            if event.name == "notify_me" and event.properties["sku"] in self.skus:
                asks.setdefault(event.properties["sku"], []).append(event.time)
        rows = []
        for sku, times in sorted(asks.items()):
            last_notice: datetime | None = None
            for restock in (r for r in self.restocks if r.sku == sku):
                asked = any(
                    t <= restock.time and (last_notice is None or t > last_notice) for t in times
                )
                if not asked:
                    continue
                last_notice = restock.time
                rows.append(
                    MartRow(
                        "campaign_triggers",
                        key("f6r", sku, external_id, restock.source_document),
                        {
                            "flow": "6",
                            "campaign_id": "restock_notice",
                            "external_id": external_id,
                            "trigger_properties": {
                                "sku": sku,
                                "available_qty": restock.after.available_qty,
                            },
                        },
                    )
                )
        return rows


def delay_notice_rows(facts: Facts, changes: Iterable[Change]) -> list[MartRow]:
    """A backordered sku's restock date moving later, to customers with an open order for it.

    Open orders are story orders: every other order has its 856 within a day (see
    `supplier_answers`), and no story backorder overlaps those days.
    """
    rows = []
    for change in changes:
        before, after = change.before, change.after
        if not (
            before is not None
            and before.status == after.status == "BACKORDERED"
            and before.restock_date is not None
            and after.restock_date is not None
            and after.restock_date > before.restock_date
        ):
            continue
        for order in facts.story_orders:
            shipped = any(
                d.time <= change.time for d in facts.documents_for(order.po_number, "856")
            )
            if order.sku != change.sku or order.placed_at > change.time or shipped:
                continue
            rows.append(
                MartRow(
                    "campaign_triggers",
                    key("f6d", change.sku, order.customer, after.restock_date),
                    {
                        "flow": "6",
                        "campaign_id": "delay_notice",
                        "external_id": order.customer,
                        "trigger_properties": {
                            "sku": change.sku,
                            "order_id": order.order_id,
                            "restock_date": json_date(after.restock_date),
                        },
                    },
                )
            )
    return rows
