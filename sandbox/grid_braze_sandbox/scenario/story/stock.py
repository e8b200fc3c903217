"""Stock movements: every supplier's opening 846, then backorder, restocks and launches."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING

from grid_braze_sandbox.scenario.model import PartnerDocument
from grid_braze_sandbox.scenario.population import (
    ACME,
    SKU_BACKORDERED,
    SKU_LAUNCH_READY_FIRST,
    SKU_LAUNCH_STRAIGHT,
    SKU_LOW_STOCK,
    SKU_OUT_OF_STOCK,
    SUPPLIERS,
)
from grid_braze_sandbox.scenario.story.base import (
    LAUNCH_READINESS_START,
    Controls,
    Story,
)
from grid_braze_sandbox.scenario.timeline import HISTORY_START, at, day_of

if TYPE_CHECKING:
    from grid_braze_sandbox.scenario.generator import Scenario


def add_stock(story: Story, scenario: Scenario, controls: Controls) -> None:
    """846s: every supplier's opening stock, then the story's stock movements."""
    rng = random.Random(f"{scenario.config.seed}:stock")
    for offset, supplier in enumerate(SUPPLIERS):
        lines = []
        for sku in scenario.cast.skus_of(supplier.address):
            if sku.launch:
                continue  # a launch sku is announced by its first stock, not before
            quantity = rng.randint(25, 400)
            if sku.sku == SKU_LOW_STOCK:
                quantity = 7
            lines.append((sku.sku, quantity, None))
        story.documents.append(
            PartnerDocument(
                "846",
                supplier.address,
                HISTORY_START + timedelta(hours=offset),
                controls.take(),
                inventory=tuple(lines),
                dialect=supplier.dialect,
            )
        )
    acme = ACME.address
    moves = (
        (at("11-01", 6), ((SKU_BACKORDERED, 0, day_of("11-13")),)),
        (
            at("11-06", 7),
            ((SKU_BACKORDERED, 0, day_of("11-16")), (SKU_OUT_OF_STOCK, 0, None)),
        ),
        (at("11-09", 8), ((SKU_BACKORDERED, 40, None), (SKU_LAUNCH_STRAIGHT, 30, None))),
        (at("11-12", 8), ((SKU_OUT_OF_STOCK, 60, None), (SKU_LAUNCH_READY_FIRST, 8, None))),
    )
    for moment, lines in moves:
        story.documents.append(
            PartnerDocument("846", acme, moment, controls.take(), inventory=lines)
        )
    story.unavailable = {
        SKU_BACKORDERED: (at("11-01", 6), at("11-09", 8)),
        SKU_OUT_OF_STOCK: (at("11-06", 7), at("11-12", 8)),
        SKU_LAUNCH_STRAIGHT: (LAUNCH_READINESS_START, at("11-09", 8)),
        SKU_LAUNCH_READY_FIRST: (LAUNCH_READINESS_START, at("11-12", 8)),
    }
