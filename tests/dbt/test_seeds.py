"""The seeds: customer_order_overrides resolves an order neither our 850 nor Braze does,
partner_item_overrides takes a sku away from a partner, and braze_environment picks the rows of
braze_messages. Built from a copy of the dbt project whose
seeds hold the extra rows, on phase 1 of the story."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..conftest import ROOT, IsolatedProject
from . import raw, story
from .conftest import dbt, read_marts

PRODUCTION_IDS = {
    "partner_case_update": "cmp-0001",
    "service_recovery": "cmp-0002",
    "restock_notice": "cmp-0003",
    "delay_notice": "cmp-0004",
    "loop_closed": "cmp-0005",
    "next_step_onboarding": "cnv-0001",
    "next_step_claim": "cnv-0002",
    "next_step_warranty": "cnv-0003",
    "next_step_financial_approval": "cnv-0004",
}


@pytest.fixture(scope="module")
def marts(tmp_path_factory: pytest.TempPathFactory) -> dict:
    workspace = tmp_path_factory.mktemp("dbt-seeds")
    transform = workspace / "transform"
    shutil.copytree(ROOT / "transform", transform, ignore=shutil.ignore_patterns("target", "logs"))
    seeds = transform / "seeds"
    with (seeds / "customer_order_overrides.csv").open("a", encoding="utf-8") as overrides:
        overrides.write("PO-1004,O-1004,c-dan\n")
    with (seeds / "partner_item_overrides.csv").open("a", encoding="utf-8") as items:
        items.write(f"{story.BOLT},SKU-X,false\n")
    with (seeds / "braze_messages.csv").open("a", encoding="utf-8") as messages:
        messages.writelines(f"production,{name},{id_}\n" for name, id_ in PRODUCTION_IDS.items())
    project = IsolatedProject(workspace)
    raw.load(project.warehouse, story.phase_1())
    result = dbt(
        project,
        "dbt-duckdb",
        story.AS_OF_1,
        env={"DBT_DUCKDB_PROJECT_DIR": str(transform)},
        variables={"braze_environment": "production"},
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    return read_marts(Path(project.warehouse))


def test_the_seed_resolves_an_order_to_its_customer(marts: dict) -> None:
    key = "f2:O-1004:RESCHEDULED:ACME-855-4:c-dan"
    assert marts["events"][key]["properties"] == {
        "order_id": "O-1004",
        "po_number": "PO-1004",
        "reason": "RESCHEDULED",
        "revised_delivery_date": "2026-11-26",
        "source_document": "ACME-855-4",
    }


def test_without_the_seed_the_order_has_no_customer(builds) -> None:
    first, _ = builds
    assert not [key for key in first.marts["events"] if ":O-1004:" in key]


def test_braze_environment_picks_the_ids(marts: dict) -> None:
    campaigns = {row["campaign_id"] for row in marts["campaign_triggers"].values()}
    canvases = {row["canvas_id"] for row in marts["canvas_triggers"].values()}
    # No delay_notice (cmp-0004): without BOLT's backorder SKU-X never moves to a later date.
    assert campaigns == {"cmp-0001", "cmp-0002"}
    assert canvases == {"cnv-0002"}


def test_a_partner_that_does_not_supply_the_sku_is_not_counted(marts: dict) -> None:
    # BOLT's 846 for SKU-X (backordered to 11-20) no longer counts: SKU-X goes from out of
    # stock straight to ACME's backorder to 11-24.
    assert sorted(key for key in marts["catalog_items"] if key.startswith("f6c:SKU-X:")) == [
        "f6c:SKU-X:BACKORDERED:0:2026-11-24",
        "f6c:SKU-X:OUT_OF_STOCK:0:",
    ]
