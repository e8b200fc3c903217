"""List, detail and catalogue exports with each of their pagination schemes (reference §5)."""

from __future__ import annotations

import re
from typing import Any

from braze_http import BrazeHttp


def page_through(braze: BrazeHttp, path: str, key: str, **params: Any) -> list[list[Any]]:
    """Page-numbered lists: 0-based pages until one is shorter than the page size."""
    pages = []
    page = 0
    while True:
        response = braze.get(path, page=page, **params)
        assert response.status_code == 200
        assert response.json()["message"] == "success"
        rows = response.json()[key]
        pages.append(rows)
        if not rows:
            return pages
        page += 1


def follow_links(braze: BrazeHttp, path: str, key: str) -> list[list[Any]]:
    pages, url = [], path
    while url:
        response = braze.request("GET", url)
        assert response.status_code == 200
        pages.append(response.json()[key])
        links = {
            rel: t
            for t, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers.get("Link", ""))
        }
        url = links.get("next", "")
    return pages


def test_campaigns_list_pages_of_100_to_the_last(braze: BrazeHttp) -> None:
    braze.admin("POST", "campaigns", [{"name": f"c{i:03}", "tags": ["t"]} for i in range(230)])
    braze.admin("POST", "campaigns", {"name": "old", "archived": True})
    pages = page_through(braze, "/campaigns/list", "campaigns")
    assert [len(p) for p in pages] == [100, 100, 30, 0]
    first = pages[0][0]
    assert set(first) == {"id", "last_edited", "name", "is_api_campaign", "tags"}
    assert first["id"] == "c000"  # the sandbox id is the logical name
    every = [c["id"] for p in pages for c in p]
    assert every == [f"c{i:03}" for i in range(230)]
    archived = page_through(braze, "/campaigns/list", "campaigns", include_archived="true")
    assert "old" in [c["id"] for p in archived for c in p]
    descending = braze.get("/campaigns/list", sort_direction="desc").json()["campaigns"]
    assert descending[0]["id"] == "c229"


def test_last_edit_filter(braze: BrazeHttp) -> None:
    braze.admin("POST", "campaigns", {"name": "before"})
    braze.admin("POST", "clock", {"advance_seconds": 3600})
    cut = braze.admin("GET", "clock")["now"]
    braze.admin("POST", "clock", {"advance_seconds": 60})
    braze.admin("POST", "campaigns", {"name": "after"})
    rows = braze.get("/campaigns/list", **{"last_edit.time[gt]": cut.rstrip("Z")}).json()[
        "campaigns"
    ]
    assert [r["id"] for r in rows] == ["after"]


def test_campaign_and_canvas_details(braze: BrazeHttp) -> None:
    braze.admin("POST", "campaigns", {"name": "service_recovery", "channels": ["email", "sms"]})
    braze.admin("POST", "canvases", {"name": "next_step_onboarding"})
    details = braze.get("/campaigns/details", campaign_id="service_recovery")
    assert details.status_code == 200
    body = details.json()
    assert body["message"] == "success"
    for field in (
        "created_at",
        "updated_at",
        "archived",
        "draft",
        "enabled",
        "has_post_launch_draft",
        "name",
        "description",
        "schedule_type",
        "channels",
        "first_sent",
        "last_sent",
        "tags",
        "teams",
        "messages",
        "conversion_behaviors",
    ):
        assert field in body
    assert body["channels"] == ["email", "sms"]
    assert braze.get("/campaigns/details", campaign_id="nope").status_code == 400
    canvas = braze.get("/canvas/details", canvas_id="next_step_onboarding").json()
    for field in (
        "created_at",
        "updated_at",
        "name",
        "description",
        "archived",
        "draft",
        "enabled",
        "schedule_type",
        "first_entry",
        "last_entry",
        "channels",
        "variants",
        "tags",
        "teams",
        "steps",
    ):
        assert field in canvas
    assert braze.get("/canvas/details", canvas_id="nope").status_code == 400


def test_canvas_and_segment_lists(braze: BrazeHttp) -> None:
    braze.admin("POST", "canvases", [{"name": f"cv{i:03}"} for i in range(101)])
    pages = page_through(braze, "/canvas/list", "canvases")
    assert [len(p) for p in pages] == [100, 1, 0]
    assert set(pages[0][0]) == {"id", "last_edited", "name", "tags"}
    braze.admin("POST", "segments", [{"name": f"s{i:03}"} for i in range(100)])
    segment_pages = page_through(braze, "/segments/list", "segments")
    assert [len(p) for p in segment_pages] == [100, 1, 0]  # 100 plus all_customers
    assert set(segment_pages[0][0]) == {"id", "name", "analytics_tracking_enabled", "tags"}
    details = braze.get("/segments/details", segment_id="all_customers").json()
    assert {
        "created_at",
        "updated_at",
        "name",
        "description",
        "text_description",
        "tags",
        "teams",
    } <= set(details)
    assert braze.get("/segments/details", segment_id="nope").status_code == 400


def test_event_names_pages_of_250(braze: BrazeHttp) -> None:
    names = [f"event_{i:03}" for i in range(260)]
    for start in range(0, 260, 75):
        batch = names[start : start + 75]
        braze.track(
            events=[{"external_id": "c1", "name": n, "time": "2026-01-01T00:00:00Z"} for n in batch]
        )
    pages = page_through(braze, "/events/list", "events")
    assert [len(p) for p in pages] == [250, 10, 0]
    assert pages[0][:2] == ["event_000", "event_001"]  # alphabetical strings


def test_event_definitions_and_custom_attributes_follow_cursor_links(braze: BrazeHttp) -> None:
    braze.track(
        events=[
            {"external_id": "c1", "name": f"e{i:02}", "time": "2026-01-01T00:00:00Z"}
            for i in range(75)
        ],
        attributes=[
            {
                "external_id": "c1",
                **{f"a{i:02}": i for i in range(60)},
                "when": "2026-01-01T00:00:00Z",
                "tags": ["x"],
            }
        ],
    )
    event_pages = follow_links(braze, "/events", "events")
    assert [len(p) for p in event_pages] == [50, 25]
    assert set(event_pages[0][0]) == {
        "name",
        "description",
        "included_in_analytics_report",
        "status",
        "tag_names",
    }
    attribute_pages = follow_links(braze, "/custom_attributes", "attributes")
    assert [len(p) for p in attribute_pages] == [50, 12]
    rows = {r["name"]: r for p in attribute_pages for r in p}
    assert set(rows["a00"]) == {
        "name",
        "data_type",
        "array_length",
        "description",
        "status",
        "tag_names",
    }
    assert rows["a00"]["data_type"] == "Number"
    assert rows["when"]["data_type"] == "Date"
    assert rows["tags"]["data_type"] == "Array"
    bad = braze.get("/events", cursor="%%%")
    assert bad.status_code == 400


def test_product_list(braze: BrazeHttp) -> None:
    braze.track(
        purchases=[
            {
                "external_id": "c1",
                "product_id": f"SKU-{i}",
                "currency": "USD",
                "price": 1,
                "time": "2026-01-01T00:00:00Z",
            }
            for i in range(3)
        ]
    )
    body = braze.get("/purchases/product_list").json()
    assert body == {"products": ["SKU-0", "SKU-1", "SKU-2"], "message": "success"}
    assert braze.get("/purchases/product_list", page=1).json()["products"] == []


def test_email_lists_need_end_date_and_page_by_offset(braze: BrazeHttp) -> None:
    braze.admin(
        "POST",
        "email_events",
        {
            "hard_bounces": [
                {
                    "email": f"b{i}@example.test",
                    "hard_bounced_at": f"2026-01-0{1 + i % 3}T00:00:00Z",
                }
                for i in range(7)
            ],
            "unsubscribes": [
                {
                    "email": f"u{i}@example.test",
                    "unsubscribed_at": f"2026-01-0{1 + i % 3}T00:00:00Z",
                }
                for i in range(3)
            ],
        },
    )
    assert (
        braze.get("/email/hard_bounces", start_date="2026-01-01").status_code == 400
    )  # end_date required
    assert (
        braze.get("/email/hard_bounces", end_date="2026-01-31").status_code == 400
    )  # start or email
    assert (
        braze.get(
            "/email/hard_bounces", end_date="2026-01-31", start_date="2026-01-01", limit=501
        ).status_code
        == 400
    )
    pages, offset = [], 0
    while True:
        rows = braze.get(
            "/email/hard_bounces",
            start_date="2026-01-01",
            end_date="2026-01-31",
            limit=3,
            offset=offset,
        ).json()["emails"]
        pages.append(rows)
        if len(rows) < 3:
            break
        offset += 3
    assert [len(p) for p in pages] == [3, 3, 1]
    every = [r for p in pages for r in p]
    assert set(every[0]) == {"email", "hard_bounced_at"}
    assert every[0]["hard_bounced_at"] >= every[-1]["hard_bounced_at"]  # newest first
    one = braze.get("/email/hard_bounces", end_date="2026-01-31", email="b1@example.test").json()[
        "emails"
    ]
    assert [r["email"] for r in one] == ["b1@example.test"]
    day = braze.get("/email/unsubscribes", start_date="2026-01-02", end_date="2026-01-02").json()[
        "emails"
    ]
    assert day == [{"email": "u1@example.test", "unsubscribed_at": "2026-01-02T00:00:00Z"}]


def test_templates_and_content_blocks_page_by_offset(braze: BrazeHttp) -> None:
    for i in range(5):
        braze.admin(
            "POST",
            "templates",
            {"template_name": f"t{i}", "updated_at": f"2026-01-0{i + 1}T00:00:00Z"},
        )
        braze.admin(
            "POST",
            "content_blocks",
            {"name": f"b{i}", "last_edited": f"2026-01-0{i + 1}T00:00:00Z"},
        )
    templates = braze.get("/templates/email/list", limit=2, offset=2).json()
    assert templates["count"] == 2
    assert [t["template_name"] for t in templates["templates"]] == ["t2", "t3"]
    assert set(templates["templates"][0]) == {
        "email_template_id",
        "template_name",
        "created_at",
        "updated_at",
        "tags",
    }
    recent = braze.get("/templates/email/list", modified_after="2026-01-04T00:00:00Z").json()[
        "templates"
    ]
    assert [t["template_name"] for t in recent] == ["t3", "t4"]
    assert braze.get("/templates/email/list", limit=1001).status_code == 400
    blocks = braze.get("/content_blocks/list", modified_before="2026-01-02T00:00:00Z").json()
    assert [b["name"] for b in blocks["content_blocks"]] == ["b0", "b1"]
    assert {
        "content_block_id",
        "name",
        "content_type",
        "liquid_tag",
        "inclusion_count",
        "created_at",
        "last_edited",
        "tags",
    } == set(blocks["content_blocks"][0])
    assert braze.get("/content_blocks/list", limit=1000).status_code == 200
    assert braze.get("/content_blocks/list", limit=1001).status_code == 400


def test_unsubscribing_through_the_api_is_listed(braze: BrazeHttp) -> None:
    braze.admin("POST", "reset", {"clock": "2026-04-01T08:00:00Z"})
    braze.track(attributes=[{"external_id": "c1", "email": "c1@example.test"}])
    braze.track(attributes=[{"external_id": "c1", "email_subscribe": "unsubscribed"}])
    rows = braze.get("/email/unsubscribes", email="c1@example.test", end_date="2026-04-01").json()
    assert rows["emails"] == [
        {"email": "c1@example.test", "unsubscribed_at": "2026-04-01T08:00:00Z"}
    ]
