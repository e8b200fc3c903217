"""Flow 6: availability → catalog_items (product_availability), restock_notice, delay_notice."""

from __future__ import annotations

from . import story
from .conftest import Build
from .test_flows_1_3_5 import CAMPAIGN, rows

ITEM = (
    "flow",
    "catalog_name",
    "id",
    "status",
    "available_qty",
    "restock_date",
    "source_partner",
    "updated_at",
)


def test_catalog_items_on_every_change(builds: tuple[Build, Build]) -> None:
    first, second = builds
    assert rows(first, "catalog_items", ITEM, "6") == story.CATALOG_1
    assert rows(second, "catalog_items", ITEM, "6") == story.CATALOG_1 | story.CATALOG_2


def test_restock_and_delay_notices(builds: tuple[Build, Build]) -> None:
    first, second = builds
    assert rows(first, "campaign_triggers", CAMPAIGN, "6") == story.AVAILABILITY_CAMPAIGNS_1
    assert (
        rows(second, "campaign_triggers", CAMPAIGN, "6")
        == story.AVAILABILITY_CAMPAIGNS_1 | story.AVAILABILITY_CAMPAIGNS_2
    )
