"""The `/_sandbox` endpoints other packages' tests rely on."""

from __future__ import annotations

import requests
from braze_http import BrazeHttp, SandboxFactory


def test_campaigns_canvases_segments_are_created_with_their_name_as_id(braze: BrazeHttp) -> None:
    created = braze.admin(
        "POST", "campaigns", {"name": "partner_case_update", "channels": ["email"]}
    )
    assert created["id"] == "partner_case_update"
    braze.admin("POST", "canvases", {"name": "next_step_warranty"})
    braze.admin("POST", "segments", {"name": "vip", "filter": {"external_ids": ["c1"]}})
    assert [c["id"] for c in braze.admin("GET", "campaigns")["campaigns"]] == [
        "partner_case_update"
    ]
    assert [c["id"] for c in braze.admin("GET", "canvases")["canvases"]] == ["next_step_warranty"]
    assert {s["id"] for s in braze.admin("GET", "segments")["segments"]} == {"all_customers", "vip"}
    listed = braze.get("/campaigns/list").json()["campaigns"]
    assert [c["id"] for c in listed] == ["partner_case_update"]


def test_design_presets(braze: BrazeHttp) -> None:
    braze.admin("POST", "design_presets")
    campaigns = {c["id"] for c in braze.get("/campaigns/list").json()["campaigns"]}
    assert campaigns == {
        "partner_case_update",
        "service_recovery",
        "restock_notice",
        "delay_notice",
        "loop_closed",
    }
    canvases = {c["id"] for c in braze.get("/canvas/list").json()["canvases"]}
    assert canvases == {
        "next_step_onboarding",
        "next_step_claim",
        "next_step_warranty",
        "next_step_financial_approval",
    }


def test_clock_moves_forward_only(braze: BrazeHttp) -> None:
    start = braze.admin("POST", "clock", {"now": "2030-01-01T00:00:00Z"})
    assert start == {"now": "2030-01-01T00:00:00Z"}
    assert braze.admin("POST", "clock", {"advance_seconds": 90}) == {"now": "2030-01-01T00:01:30Z"}
    backwards = requests.post(
        f"{braze.base}/_sandbox/clock", json={"now": "2029-01-01T00:00:00Z"}, timeout=5
    )
    assert backwards.status_code == 400
    braze.track(events=[{"external_id": "c1", "name": "e", "time": "2031-01-01T00:00:00Z"}])
    assert braze.user("c1")["custom_events"][0]["time"] == "2030-01-01T00:01:30Z"


def test_request_log_records_every_api_request(braze: BrazeHttp) -> None:
    braze.track(attributes=[{"external_id": "c1"}])
    braze.get("/campaigns/list")
    braze.with_key("wrong").get("/campaigns/list")
    log = braze.admin("GET", "requests")["requests"]
    assert [(r["method"], r["path"], r["status"]) for r in log] == [
        ("POST", "/users/track", 201),
        ("GET", "/campaigns/list", 200),
        ("GET", "/campaigns/list", 401),
    ]
    assert log[0]["body"] == {"attributes": [{"external_id": "c1"}]}
    assert log[0]["response"]["attributes_processed"] == 1
    braze.admin("DELETE", "requests")
    assert braze.admin("GET", "requests")["requests"] == []


def test_users_sends_catalogs_and_subscriptions_are_inspectable(braze: BrazeHttp) -> None:
    braze.admin("POST", "campaigns", {"name": "loop_closed"})
    braze.track(
        attributes=[
            {
                "external_id": "c1",
                "tier": "GOLD",
                "subscription_groups": [
                    {"subscription_group_id": "g", "subscription_state": "subscribed"}
                ],
            }
        ],
        events=[
            {
                "external_id": "c1",
                "name": "survey_response",
                "time": "2026-01-01T00:00:00Z",
                "properties": {"score": 1},
            }
        ],
        purchases=[
            {
                "external_id": "c1",
                "product_id": "S1",
                "currency": "USD",
                "price": 1,
                "time": "2026-01-01T00:00:00Z",
            }
        ],
    )
    braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": "loop_closed",
            "recipients": [{"external_user_id": "c1", "trigger_properties": {"case_id": "K1"}}],
        },
    )
    braze.post(
        "/catalogs",
        {
            "catalogs": [
                {"name": "product_availability", "fields": [{"name": "id", "type": "string"}]}
            ]
        },
    )
    user = braze.user("c1")
    assert user["custom_attributes"] == {"tier": "GOLD"}
    assert user["custom_events"][0]["properties"] == {"score": 1}
    assert user["purchases"][0]["product_id"] == "S1"
    sends = braze.admin("GET", "sends")["sends"]
    assert sends[0]["recipients"][0]["properties"] == {"case_id": "K1"}
    assert braze.admin("GET", "catalogs")["catalogs"][0]["name"] == "product_availability"
    states = braze.admin("GET", "subscriptions")["states"]
    assert states == [
        {
            "braze_id": user["braze_id"],
            "external_id": "c1",
            "email": None,
            "phone": None,
            "subscription_group_id": "g",
            "subscription_state": "subscribed",
        }
    ]
    missing = requests.get(f"{braze.base}/_sandbox/users/nobody", timeout=5)
    assert missing.status_code == 404


def test_reset_empties_the_workspace(braze: BrazeHttp) -> None:
    braze.track(attributes=[{"external_id": "c1"}])
    braze.admin("POST", "campaigns", {"name": "x"})
    braze.admin("POST", "reset")
    assert braze.admin("GET", "users")["users"] == []
    assert braze.admin("GET", "campaigns")["campaigns"] == []
    assert [s["id"] for s in braze.admin("GET", "segments")["segments"]] == ["all_customers"]


def test_request_log_keeps_the_latest_entries(make_braze: SandboxFactory) -> None:
    braze = make_braze(request_log_limit=3)
    for _ in range(5):
        braze.get("/campaigns/list")
    log = braze.admin("GET", "requests")["requests"]
    assert [r["sequence"] for r in log] == [3, 4, 5]


def test_inspection_lists_take_offset_and_limit(braze: BrazeHttp) -> None:
    braze.track(
        attributes=[{"external_id": f"c{i}", "email": f"c{i}@example.test"} for i in range(5)]
    )
    page = braze.admin("GET", "users", offset=1, limit=2)["users"]
    assert [u["external_id"] for u in page] == ["c1", "c2"]
    by_email = braze.admin("GET", "users", email="C3@example.test")["users"]
    assert [u["external_id"] for u in by_email] == ["c3"]
    assert braze.admin("GET", "requests", limit=1)["requests"][0]["path"] == "/users/track"
    bad = requests.get(f"{braze.base}/_sandbox/users", params={"limit": "x"}, timeout=5)
    assert bad.status_code == 400


def test_design_presets_include_the_availability_catalog(braze: BrazeHttp) -> None:
    braze.admin("POST", "design_presets")
    [catalog] = braze.get("/catalogs").json()["catalogs"]
    assert catalog["name"] == "product_availability"
    # DESIGN §10 flow 6's columns, `id` first; `catalog_name` names the catalog, it is no field.
    assert [f["name"] for f in catalog["fields"]] == [
        "id",
        "status",
        "available_qty",
        "restock_date",
        "source_partner",
        "updated_at",
    ]
    item = {
        "id": "SKU-1",
        "status": "IN_STOCK",
        "available_qty": 12,
        "restock_date": None,
        "source_partner": "ZZ:ACMESUPPLY",
        "updated_at": "2026-01-01T00:00:00Z",
    }
    response = braze.request("PUT", "/catalogs/product_availability/items", json={"items": [item]})
    assert response.status_code == 202
