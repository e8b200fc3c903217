"""Small hand-built ground truths for the rule tests, and a recording run of every phase."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from grid_braze_sandbox.scenario.drivers.recording import RecordingBraze, RecordingGrid
from grid_braze_sandbox.scenario.generator import Scenario, ScenarioConfig
from grid_braze_sandbox.scenario.model import Order
from grid_braze_sandbox.scenario.phases import run_phase
from grid_braze_sandbox.scenario.rules.facts import Facts
from grid_braze_sandbox.scenario.timeline import LAST_PHASE

SUPPLIER = "ZZ:ACMESUPPLY"
SCENE_START = datetime(2026, 9, 30, tzinfo=UTC)


def t(day: str, hour: int = 0) -> datetime:
    """A moment in November 2026: t("11-05", 15)."""
    month, dom = (int(p) for p in day.split("-"))
    return datetime(2026, month, dom, hour, tzinfo=UTC)


def d(day: str) -> date:
    return t(day).date()


def order(
    number: int = 1,
    customer: str = "C1",
    sku: str = "SKU-1",
    placed: datetime | None = None,
    requested_ship: str = "11-04",
    requested_delivery: str = "11-09",
) -> Order:
    return Order(
        index=number,
        order_id=f"ORD-{number}",
        po_number=f"PO-{number}",
        customer=customer,
        sku=sku,
        quantity=1,
        unit_price=10.0,
        supplier=SUPPLIER,
        placed_at=placed or t("11-02", 9),
        requested_ship=d(requested_ship),
        requested_delivery=d(requested_delivery),
        story="hand-built",
    )


def facts(as_of: datetime, **parts: Any) -> Facts:
    fields: dict[str, Any] = {
        "story_orders": [],
        "documents": [],
        "cases": [],
        "case_events": [],
        "comments": [],
        "projects": [],
        "project_documents": [],
        "completions": [],
        "surveys": [],
        "tiers": {},
    }
    fields.update(parts)
    return Facts(as_of=as_of, **fields)


def record_every_phase(
    folder: Path, seed: int = 3, customers: int = 40, orders: int = 80
) -> list[Path]:
    """Run phases 1..4 with the recording drivers; answers the manifests."""
    scenario = Scenario(ScenarioConfig(seed, customers, orders))
    braze = RecordingBraze(folder / "files")
    grid = RecordingGrid(folder / "files", SCENE_START)
    return [run_phase(scenario, k, folder, braze, grid) for k in range(1, LAST_PHASE + 1)]
