"""Every pagination scheme over more than one page: page numbers, `Link` cursors, limit/offset."""

from __future__ import annotations

from pathlib import Path

from tests.braze_scenario import CATALOG, BrazeSeeder, iso
from tests.tap_runner import run_tap

CAMPAIGNS = 230  # three pages of 100
ITEMS = 120  # three pages of 50
EVENT_NAMES = 60  # two pages of 50 on /events
BOUNCES = 620  # two pages of 500


def test_each_scheme_reads_every_page(fresh_config: dict, tmp_path: Path) -> None:
    braze = BrazeSeeder(fresh_config["api_url"], fresh_config["api_key"])
    now = braze.now()
    braze.post("/_sandbox/campaigns", [{"name": f"campaign-{n:03d}"} for n in range(CAMPAIGNS)])
    braze.post("/_sandbox/design_presets", {})
    items = [
        {
            "id": f"SKU-{n:03d}",
            "status": "IN_STOCK",
            "available_qty": n,
            "restock_date": None,
            "source_partner": "ZZ:ACMESUPPLY",
            "updated_at": iso(now),
        }
        for n in range(ITEMS)
    ]
    for start in range(0, ITEMS, 50):
        braze.post(f"/catalogs/{CATALOG}/items", {"items": items[start : start + 50]})
    braze.post("/users/track", {"attributes": [{"external_id": "C1"}]}, expect=201)
    events = [{"external_id": "C1", "name": f"event_{n:02d}", "time": iso(now)} for n in range(60)]
    for start in range(0, EVENT_NAMES, 50):
        braze.post("/users/track", {"events": events[start : start + 50]}, expect=201)
    braze.post(
        "/_sandbox/email_events",
        {
            "hard_bounces": [
                {"email": f"b{n:03d}@shop.example", "hard_bounced_at": iso(now)}
                for n in range(BOUNCES)
            ]
        },
    )

    run = run_tap(
        tmp_path,
        fresh_config,
        streams=["campaigns", "catalog_items", "custom_event_definitions", "email_hard_bounces"],
    )
    campaigns = {c["id"] for c in run.records["campaigns"]}
    assert len(run.records["campaigns"]) == len(campaigns)
    assert {f"campaign-{n:03d}" for n in range(CAMPAIGNS)} <= campaigns
    assert sorted(i["id"] for i in run.records["catalog_items"]) == [i["id"] for i in items]
    assert sorted(e["name"] for e in run.records["custom_event_definitions"]) == [
        e["name"] for e in events
    ]
    assert len(run.records["email_hard_bounces"]) == BOUNCES
    assert len({b["email"] for b in run.records["email_hard_bounces"]}) == BOUNCES
    requests_log = braze.get("/_sandbox/requests?path=/")["requests"]
    pages = {
        path: sum(1 for r in requests_log if r["path"] == path and r["status"] == 200)
        for path in ("/campaigns/list", f"/catalogs/{CATALOG}/items", "/events")
    }
    assert pages == {"/campaigns/list": 3, f"/catalogs/{CATALOG}/items": 3, "/events": 2}
