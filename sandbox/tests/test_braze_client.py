"""A Braze client from PyPI, written against the real service, used unchanged."""

from __future__ import annotations

import pytest
from braze.client import BrazeClient, BrazeClientError, BrazeRateLimitError
from braze_http import BrazeHttp


def client_for(braze: BrazeHttp) -> BrazeClient:
    return BrazeClient(api_key=braze.key, api_url=braze.base)


def test_track_export_and_delete(braze: BrazeHttp) -> None:
    client = client_for(braze)
    tracked = client.user_track(
        attributes=[{"external_id": "c1", "email": "c1@example.test", "tier": "GOLD"}],
        events=[
            {
                "external_id": "c1",
                "name": "cart_added",
                "time": "2026-01-01T00:00:00Z",
                "properties": {"sku": "S1"},
            }
        ],
        purchases=[
            {
                "external_id": "c1",
                "product_id": "S1",
                "currency": "USD",
                "price": 3.0,
                "time": "2026-01-01T00:00:00Z",
            }
        ],
    )
    assert tracked["success"] is True
    assert tracked["status_code"] == 201
    exported = client.user_export(
        external_ids=["c1"], fields_to_export=["external_id", "custom_attributes"]
    )
    assert exported["users"] == [{"external_id": "c1", "custom_attributes": {"tier": "GOLD"}}]
    deleted = client.user_delete(external_ids=["c1"])
    assert deleted["deleted"] == 1
    assert braze.admin("GET", "users")["users"] == []


def test_partial_errors_reach_the_client(braze: BrazeHttp) -> None:
    client = client_for(braze)
    response = client.user_track(
        events=[
            {"external_id": "c1", "name": "ok", "time": "2026-01-01T00:00:00Z"},
            {"external_id": "c1", "name": "no time"},
        ]
    )
    assert response["success"] is False  # the client's own reading of a 201 with errors
    assert [e["index"] for e in response["errors"]] == [1]


def test_campaign_trigger_send_with_trailing_slash(braze: BrazeHttp) -> None:
    braze.admin("POST", "campaigns", {"name": "restock_notice"})
    braze.post("/users/track", {"attributes": [{"external_id": "c1", "email": "c1@example.test"}]})
    response = client_for(braze).campaign_trigger_send(
        "restock_notice",
        recipients=[{"external_user_id": "c1", "trigger_properties": {"sku": "S1"}}],
    )
    assert response["success"] is True
    assert braze.admin("GET", "sends")["sends"][0]["recipients"][0]["properties"] == {"sku": "S1"}


def test_fatal_errors_and_rate_limits_raise(braze: BrazeHttp) -> None:
    client = client_for(braze)
    with pytest.raises(BrazeClientError) as fatal:
        client.user_track(attributes=[{"external_id": f"c{i}"} for i in range(76)])
    assert fatal.value.args[0] == "Max Input Length Exceeded"
    braze.admin("POST", "rate_limits", {"users_track": {"limit": 1, "window_seconds": 60}})
    client.user_track(attributes=[{"external_id": "c1"}])
    # The reset is a minute away, longer than the client will wait: it gives up with the reset time.
    with pytest.raises(BrazeRateLimitError) as limited:
        client.user_track(attributes=[{"external_id": "c1"}])
    assert limited.value.reset_epoch_s > 0


def test_legacy_key_in_body(braze: BrazeHttp) -> None:
    client = BrazeClient(api_key=braze.key, api_url=braze.base, use_auth_header=False)
    assert client.user_track(attributes=[{"external_id": "c1"}])["success"] is True
