"""Bearer auth with per-key permissions, and per-family rate limits with their headers.

Permissions and limits are the reference's (braze-api.md §1.3 and §6.1), written out here rather
than read from the emulator.
"""

from __future__ import annotations

import time

import pytest
import requests
from braze_http import BrazeHttp, SandboxFactory

RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")

# (method, path, permission) for every emulated endpoint, from reference §1.3.
ENDPOINT_PERMISSIONS = [
    ("POST", "/users/track", "users.track"),
    ("POST", "/users/delete", "users.delete"),
    ("POST", "/users/alias/new", "users.alias.new"),
    ("POST", "/users/identify", "users.identify"),
    ("POST", "/users/merge", "users.merge"),
    ("POST", "/users/export/ids", "users.export.ids"),
    ("POST", "/users/export/segment", "users.export.segment"),
    ("GET", "/email/unsubscribes", "email.unsubscribe"),
    ("GET", "/email/hard_bounces", "email.hard_bounces"),
    ("POST", "/campaigns/trigger/send", "campaigns.trigger.send"),
    ("GET", "/campaigns/list", "campaigns.list"),
    ("GET", "/campaigns/data_series", "campaigns.data_series"),
    ("GET", "/campaigns/details", "campaigns.details"),
    ("POST", "/sends/id/create", "sends.id.create"),
    ("POST", "/canvas/trigger/send", "canvas.trigger.send"),
    ("GET", "/canvas/list", "canvas.list"),
    ("GET", "/canvas/data_series", "canvas.data_series"),
    ("GET", "/canvas/details", "canvas.details"),
    ("GET", "/canvas/data_summary", "canvas.data_summary"),
    ("GET", "/segments/list", "segments.list"),
    ("GET", "/segments/data_series", "segments.data_series"),
    ("GET", "/segments/details", "segments.details"),
    ("GET", "/purchases/product_list", "purchases.product_list"),
    ("GET", "/purchases/revenue_series", "purchases.revenue_series"),
    ("GET", "/purchases/quantity_series", "purchases.quantity_series"),
    ("GET", "/events/list", "events.list"),
    ("GET", "/events/data_series", "events.data_series"),
    ("GET", "/events", "events.get"),
    ("GET", "/custom_attributes", "custom_attributes.get"),
    ("GET", "/sessions/data_series", "sessions.data_series"),
    ("GET", "/kpi/dau/data_series", "kpi.dau.data_series"),
    ("GET", "/kpi/mau/data_series", "kpi.mau.data_series"),
    ("GET", "/kpi/new_users/data_series", "kpi.new_users.data_series"),
    ("GET", "/kpi/uninstalls/data_series", "kpi.uninstalls.data_series"),
    ("GET", "/templates/email/list", "templates.email.list"),
    ("GET", "/content_blocks/list", "content_blocks.list"),
    ("POST", "/subscription/status/set", "subscription.status.set"),
    ("POST", "/v2/subscription/status/set", "subscription.status.set"),
    ("GET", "/subscription/user/status", "subscription.groups.get"),
    ("GET", "/catalogs", "catalogs.get"),
    ("POST", "/catalogs", "catalogs.create"),
    ("DELETE", "/catalogs/products", "catalogs.delete"),
    ("POST", "/catalogs/products/items", "catalogs.add_items"),
    ("PATCH", "/catalogs/products/items", "catalogs.update_items"),
    ("PUT", "/catalogs/products/items", "catalogs.replace_items"),
    ("DELETE", "/catalogs/products/items", "catalogs.delete_items"),
    ("GET", "/catalogs/products/items", "catalogs.get_items"),
    ("GET", "/catalogs/products/items/sku1", "catalogs.get_item"),
    ("POST", "/catalogs/products/items/sku1", "catalogs.create_item"),
    ("PATCH", "/catalogs/products/items/sku1", "catalogs.update_item"),
    ("PUT", "/catalogs/products/items/sku1", "catalogs.replace_item"),
    ("DELETE", "/catalogs/products/items/sku1", "catalogs.delete_item"),
]

# (method, path, body, documented limit) per family, reference §6.1.
DOCUMENTED_LIMITS = [
    ("POST", "/users/track", {"attributes": [{"external_id": "c1"}]}, 3_000),
    ("GET", "/campaigns/list", None, 250_000),
    ("POST", "/users/delete", {"external_ids": ["c1"]}, 20_000),
    ("POST", "/users/alias/new", {"user_aliases": []}, 20_000),
    ("POST", "/users/export/ids", {"external_ids": ["c1"]}, 250),
    ("GET", "/events/list", None, 1_000),
    ("GET", "/events", None, 1_000),
    ("GET", "/custom_attributes", None, 1_000),
    ("GET", "/purchases/product_list", None, 1_000),
    ("GET", "/campaigns/data_series", None, 50_000),
    ("POST", "/campaigns/trigger/send", {"campaign_id": "x", "broadcast": True}, 250),
    ("POST", "/canvas/trigger/send", {"canvas_id": "x", "broadcast": True}, 250),
    ("POST", "/campaigns/trigger/send", {"campaign_id": "x", "recipients": []}, 250_000),
    ("POST", "/sends/id/create", {"campaign_id": "x"}, 100),
    ("POST", "/subscription/status/set", {}, 5_000),
    ("POST", "/v2/subscription/status/set", {}, 5_000),
    ("GET", "/catalogs", None, 50),
    ("DELETE", "/catalogs/none", None, 50),
    ("POST", "/catalogs/none/items", {"items": []}, 16_000),
    ("GET", "/catalogs/none/items", None, 50),
    ("GET", "/catalogs/none/items/x", None, 50),
    ("GET", "/kpi/dau/data_series", None, 250_000),
]


def test_missing_and_unknown_keys_get_401_with_rate_headers(braze: BrazeHttp) -> None:
    for client in (
        braze.with_key(""),
        braze.with_key("nope"),
        braze.with_key('"sandbox-braze-api-key"'),
    ):
        response = client.get("/campaigns/list")
        assert response.status_code == 401
        assert isinstance(response.json()["message"], str)
        assert all(h in response.headers for h in RATE_HEADERS)


def test_legacy_api_key_in_body_or_query_is_accepted(braze: BrazeHttp) -> None:
    anonymous = braze.with_key("")
    key = braze.key
    assert anonymous.get("/campaigns/list", api_key=key).status_code == 200
    response = anonymous.post(
        "/users/track", {"api_key": key, "attributes": [{"external_id": "c1"}]}
    )
    assert response.status_code == 201
    logged = braze.admin("GET", "requests", path="/users/track")["requests"][-1]
    assert key not in str(logged)


@pytest.mark.parametrize(("method", "path", "permission"), ENDPOINT_PERMISSIONS)
def test_every_endpoint_checks_its_permission(
    braze: BrazeHttp, method: str, path: str, permission: str
) -> None:
    others = sorted({p for _, _, p in ENDPOINT_PERMISSIONS} - {permission})
    braze.admin("POST", "api_keys", {"key": "without", "permissions": others})
    braze.admin("POST", "api_keys", {"key": "with", "permissions": [permission]})
    denied = braze.with_key("without").request(method, path, json={})
    assert denied.status_code == 403
    assert denied.json() == {"message": "Access Denied"}
    assert all(h in denied.headers for h in RATE_HEADERS)
    allowed = braze.with_key("with").request(method, path, json={})
    assert allowed.status_code not in {401, 403, 405}
    assert allowed.json() != {"message": "Not Found"}  # a catalog may be missing, not the route


def test_unknown_path_is_404_with_rate_headers(braze: BrazeHttp) -> None:
    response = braze.get("/no/such/endpoint")
    assert response.status_code == 404
    assert all(h in response.headers for h in RATE_HEADERS)


@pytest.mark.parametrize(("method", "path", "body", "limit"), DOCUMENTED_LIMITS)
def test_documented_limit_is_reported(
    braze: BrazeHttp, method: str, path: str, body: object, limit: int
) -> None:
    before = time.time()
    response = braze.request(method, path, json=body)
    assert int(response.headers["X-RateLimit-Limit"]) == limit
    assert int(response.headers["X-RateLimit-Remaining"]) == limit - 1
    assert int(response.headers["X-RateLimit-Reset"]) >= int(before)


def test_families_share_one_pool(braze: BrazeHttp) -> None:
    remaining = [
        int(braze.get(path).headers["X-RateLimit-Remaining"])
        for path in ("/events/list", "/events", "/custom_attributes", "/purchases/product_list")
    ]
    assert remaining == [999, 998, 997, 996]
    assert int(braze.get("/campaigns/list").headers["X-RateLimit-Remaining"]) == 249_999


def exhaust(
    braze: BrazeHttp, method: str, path: str, body: object, limit: int
) -> requests.Response:
    for expected_remaining in range(limit - 1, -1, -1):
        response = braze.request(method, path, json=body)
        assert response.status_code != 429
        assert int(response.headers["X-RateLimit-Remaining"]) == expected_remaining
    return braze.request(method, path, json=body)


def assert_rate_limited(response: requests.Response, limit: int) -> None:
    assert response.status_code == 429
    assert isinstance(response.json()["message"], str)
    assert int(response.headers["X-RateLimit-Limit"]) == limit
    assert response.headers["X-RateLimit-Remaining"] == "0"


@pytest.mark.parametrize(
    ("method", "path", "body", "limit"),
    [
        ("GET", "/catalogs", None, 50),
        ("GET", "/catalogs/none/items", None, 50),
        ("POST", "/sends/id/create", {"campaign_id": "x"}, 100),
        ("POST", "/users/export/ids", {"external_ids": ["c1"]}, 250),
        ("POST", "/campaigns/trigger/send", {"campaign_id": "x", "broadcast": True}, 250),
        ("GET", "/events/list", None, 1_000),
    ],
)
def test_small_documented_limits_are_reached(
    braze: BrazeHttp, method: str, path: str, body: object, limit: int
) -> None:
    started = time.time()
    over = exhaust(braze, method, path, body, limit)
    assert_rate_limited(over, limit)
    # The window is the documented one: it resets no earlier than a minute (or hour, day) away.
    assert int(over.headers["X-RateLimit-Reset"]) >= started + 59


def test_users_track_3000_per_window_with_a_stretched_window(make_braze: SandboxFactory) -> None:
    # A 3 s window is too short to fill over HTTP on a small machine; stretching time keeps the
    # documented count while giving the test the time it needs.
    braze = make_braze(rate_limit_time_scale=100.0)
    body = {"attributes": [{"external_id": "c1"}]}
    assert_rate_limited(exhaust(braze, "POST", "/users/track", body, 3_000), 3_000)


@pytest.mark.parametrize(
    ("family", "method", "path", "body"),
    [
        ("default", "GET", "/campaigns/list", None),
        ("users_identity", "POST", "/users/delete", {"external_ids": ["c1"]}),
        ("subscription_set", "POST", "/subscription/status/set", {}),
        ("campaigns_data_series", "GET", "/campaigns/data_series", None),
        ("catalog_items_async", "DELETE", "/catalogs/none/items", {"items": []}),
    ],
)
def test_large_limits_are_enforced_when_lowered(
    braze: BrazeHttp, family: str, method: str, path: str, body: object
) -> None:
    braze.admin("POST", "rate_limits", {family: {"limit": 5, "window_seconds": 60}})
    assert_rate_limited(exhaust(braze, method, path, body, 5), 5)


def test_time_scale_makes_windows_reset_in_seconds(make_braze: SandboxFactory) -> None:
    braze = make_braze(rate_limit_time_scale=0.05)  # a minute lasts 3 s
    started = time.time()
    over = exhaust(braze, "GET", "/catalogs", None, 50)
    assert_rate_limited(over, 50)
    reset = int(over.headers["X-RateLimit-Reset"])
    assert reset <= started + 4  # the scaled window, not the documented minute
    # Clients sleep until X-RateLimit-Reset, as the reference's clients do.
    time.sleep(max(reset - time.time(), 0) + 0.05)
    again = braze.get("/catalogs")
    assert again.status_code == 200
    assert again.headers["X-RateLimit-Remaining"] == "49"


def test_refused_requests_report_the_window_without_using_it(braze: BrazeHttp) -> None:
    for _ in range(3):
        braze.get("/campaigns/list")
    refused = braze.with_key("nope").get("/campaigns/list")
    assert refused.status_code == 401
    assert refused.headers["X-RateLimit-Remaining"] == str(250_000 - 3)
    assert braze.get("/campaigns/list").headers["X-RateLimit-Remaining"] == str(250_000 - 4)
