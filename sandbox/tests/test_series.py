"""Time-series endpoints: window parameters, limits and the numbers they add up (ref §5.1)."""

from __future__ import annotations

from typing import Any

import pytest
from braze_http import BrazeHttp

START = "2026-03-10T12:00:00Z"

# (path, metric key, extra params, allows unit=hour), reference §5.1.
DAY_SERIES = [
    ("/kpi/new_users/data_series", "new_users", {}),
    ("/kpi/dau/data_series", "dau", {}),
    ("/kpi/mau/data_series", "mau", {}),
    ("/kpi/uninstalls/data_series", "uninstalls", {}),
    ("/sessions/data_series", "sessions", {}),
    ("/events/data_series", "count", {"event": "cart_added"}),
    ("/purchases/quantity_series", "purchase_quantity", {}),
    ("/purchases/revenue_series", "revenue", {}),
    ("/segments/data_series", "size", {"segment_id": "all_customers"}),
]


@pytest.fixture
def seeded(braze: BrazeHttp) -> BrazeHttp:
    braze.admin("POST", "reset", {"clock": START})
    braze.track(
        attributes=[{"external_id": "c1"}, {"external_id": "c2"}],
        events=[
            {"external_id": "c1", "name": "cart_added", "time": "2026-03-09T08:00:00Z"},
            {"external_id": "c1", "name": "cart_added", "time": "2026-03-09T08:30:00Z"},
            {"external_id": "c2", "name": "cart_added", "time": "2026-03-10T09:00:00Z"},
        ],
        purchases=[
            {
                "external_id": "c2",
                "product_id": "S1",
                "currency": "USD",
                "price": 10.0,
                "quantity": 2,
                "time": "2026-03-10T10:00:00Z",
            },
        ],
    )
    return braze


def series(braze: BrazeHttp, path: str, **params: Any) -> list[dict[str, Any]]:
    response = braze.get(path, **params)
    assert response.status_code == 200, response.text
    assert response.json()["message"] == "success"
    return response.json()["data"]


@pytest.mark.parametrize(("path", "metric", "params"), DAY_SERIES)
def test_length_bounds_and_row_shape(
    seeded: BrazeHttp, path: str, metric: str, params: dict[str, str]
) -> None:
    for bad in (0, 101, "x"):
        assert seeded.get(path, length=bad, **params).status_code == 400
    assert seeded.get(path, length=1, ending_at="not a time", **params).status_code == 400
    rows = series(seeded, path, length=100, **params)
    assert len(rows) == 100
    assert all(set(r) == {"time", metric} for r in rows)
    assert rows[-1]["time"] == "2026-03-10"  # ending_at defaults to the simulated now


def test_counts_on_inclusive_day_boundaries(seeded: BrazeHttp) -> None:
    ending = "2026-03-10T23:59:59-05:00"  # the docs' offset style; this is 03-11 in UTC
    rows = series(seeded, "/events/data_series", event="cart_added", length=3, ending_at=ending)
    assert rows == [
        {"time": "2026-03-09", "count": 2},
        {"time": "2026-03-10", "count": 1},
        {"time": "2026-03-11", "count": 0},
    ]
    quantity = series(seeded, "/purchases/quantity_series", length=2)
    assert quantity == [
        {"time": "2026-03-09", "purchase_quantity": 0},
        {"time": "2026-03-10", "purchase_quantity": 2},
    ]
    revenue = series(seeded, "/purchases/revenue_series", length=1, product="S1")
    assert revenue == [{"time": "2026-03-10", "revenue": 20.0}]
    assert series(seeded, "/kpi/new_users/data_series", length=1) == [
        {"time": "2026-03-10", "new_users": 2}
    ]
    assert series(seeded, "/kpi/dau/data_series", length=2) == [
        {"time": "2026-03-09", "dau": 1},
        {"time": "2026-03-10", "dau": 1},
    ]
    assert series(seeded, "/kpi/mau/data_series", length=1) == [{"time": "2026-03-10", "mau": 2}]
    assert series(seeded, "/segments/data_series", segment_id="all_customers", length=2) == [
        {"time": "2026-03-09", "size": 0},
        {"time": "2026-03-10", "size": 2},
    ]


def test_hourly_unit_where_documented(seeded: BrazeHttp) -> None:
    rows = series(
        seeded,
        "/events/data_series",
        event="cart_added",
        unit="hour",
        length=3,
        ending_at="2026-03-09T10:00:00Z",
    )
    assert rows == [
        {"time": "2026-03-09T08:00:00Z", "count": 2},
        {"time": "2026-03-09T09:00:00Z", "count": 0},
        {"time": "2026-03-09T10:00:00Z", "count": 0},
    ]
    assert seeded.get("/sessions/data_series", unit="hour", length=2).status_code == 200
    assert seeded.get("/purchases/quantity_series", unit="hour", length=2).status_code == 200
    assert seeded.get("/kpi/dau/data_series", unit="hour", length=2).status_code == 400
    assert (
        seeded.get("/events/data_series", unit="week", length=2, event="cart_added").status_code
        == 400
    )
    assert seeded.get("/events/data_series", length=2).status_code == 400  # event is required


def test_campaign_series_counts_simulated_engagement(braze: BrazeHttp) -> None:
    braze.admin("POST", "reset", {"clock": START})
    braze.admin("POST", "campaigns", {"name": "restock_notice"})
    braze.track(
        attributes=[{"external_id": f"c{i}", "email": f"c{i}@example.test"} for i in range(20)]
    )
    braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": "restock_notice",
            "recipients": [{"external_user_id": f"c{i}"} for i in range(20)],
        },
    )
    braze.admin("POST", "clock", {"advance_seconds": 2 * 86400})
    rows = series(
        braze,
        "/campaigns/data_series",
        campaign_id="restock_notice",
        length=3,
        ending_at="2026-03-12T00:00:00Z",
    )
    assert [r["time"] for r in rows] == ["2026-03-10", "2026-03-11", "2026-03-12"]
    total = rows[0]["messages"]["email"][0]
    engagement = braze.admin("GET", "engagement")["engagement"]
    kinds = [e["event_type"].rsplit(".", 1)[-1] for e in engagement]
    assert total["sent"] == kinds.count("Send") == 20
    assert total["delivered"] + total["bounces"] == 20
    assert total["opens"] == sum(
        r["messages"].get("email", [{"opens": 0}])[0]["opens"] for r in rows[:1]
    )
    assert rows[0]["unique_recipients"] == 20
    assert {"time", "messages", "conversions", "unique_recipients", "revenue"} <= set(rows[0])
    assert braze.get("/campaigns/data_series", campaign_id="nope", length=1).status_code == 400
    assert (
        braze.get("/campaigns/data_series", campaign_id="restock_notice", length=101).status_code
        == 400
    )


def test_canvas_series_and_summary(braze: BrazeHttp) -> None:
    braze.admin("POST", "reset", {"clock": START})
    braze.admin("POST", "canvases", {"name": "next_step_claim"})
    braze.track(attributes=[{"external_id": "c1", "email": "c1@example.test"}])
    braze.post(
        "/canvas/trigger/send",
        {"canvas_id": "next_step_claim", "recipients": [{"external_user_id": "c1"}]},
    )
    params = {"canvas_id": "next_step_claim", "ending_at": "2026-03-10T23:00:00Z"}
    assert (
        braze.get("/canvas/data_series", canvas_id="next_step_claim", length=3).status_code == 400
    )  # ending_at
    assert braze.get("/canvas/data_series", length=15, **params).status_code == 400
    assert (
        braze.get("/canvas/data_series", starting_at="2026-02-20T00:00:00Z", **params).status_code
        == 400
    )
    body = braze.get(
        "/canvas/data_series",
        length=14,
        include_variant_breakdown="true",
        include_step_breakdown="true",
        **params,
    ).json()
    assert body["data"]["name"] == "next_step_claim"
    stats = body["data"]["stats"]
    assert len(stats) == 14
    assert stats[-1]["total_stats"]["entries"] == 1
    assert set(stats[-1]) == {"time", "total_stats", "variant_stats", "step_stats"}
    by_start = braze.get(
        "/canvas/data_series", starting_at="2026-03-09T00:00:00Z", **params
    ).json()["data"]["stats"]
    assert [s["time"] for s in by_start] == ["2026-03-09", "2026-03-10"]
    summary = braze.get("/canvas/data_summary", length=2, **params).json()
    assert summary["data"]["total_stats"]["entries"] == 1
    assert set(summary["data"]) == {"name", "total_stats"}
