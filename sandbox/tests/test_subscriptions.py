"""Subscription groups: set (v1, v2) and read (reference §3.6)."""

from __future__ import annotations

from braze_http import BrazeHttp

EMAIL_XOR_PHONE = "Either an email address or a phone number should be provided, but not both."


def test_v1_sets_state_by_external_id_and_email(braze: BrazeHttp) -> None:
    braze.track(
        attributes=[
            {"external_id": "c1", "email": "shared@example.test"},
            {"external_id": "c2", "email": "shared@example.test"},
            {"external_id": "c3"},
        ]
    )
    response = braze.post(
        "/subscription/status/set",
        {"subscription_group_id": "g1", "subscription_state": "subscribed", "external_id": ["c3"]},
    )
    assert response.status_code == 201
    assert response.json() == {"message": "success"}
    braze.post(
        "/subscription/status/set",
        {
            "subscription_group_id": "g1",
            "subscription_state": "unsubscribed",
            "email": ["shared@example.test"],
        },
    )
    states = {
        s["external_id"]: s["subscription_state"]
        for s in braze.admin("GET", "subscriptions")["states"]
    }
    # An email shared by several profiles updates all of them.
    assert states == {"c1": "unsubscribed", "c2": "unsubscribed", "c3": "subscribed"}


def test_v1_errors(braze: BrazeHttp) -> None:
    both = braze.post(
        "/subscription/status/set",
        {
            "subscription_group_id": "g1",
            "subscription_state": "subscribed",
            "email": ["a@x.test"],
            "phone": ["+15550000000"],
        },
    )
    assert both.status_code == 400
    assert both.json() == {"message": EMAIL_XOR_PHONE}
    too_many = braze.post(
        "/subscription/status/set",
        {
            "subscription_group_id": "g1",
            "subscription_state": "subscribed",
            "external_id": [f"c{i}" for i in range(51)],
        },
    )
    assert too_many.status_code == 400
    fifty = braze.post(
        "/subscription/status/set",
        {
            "subscription_group_id": "g1",
            "subscription_state": "subscribed",
            "external_id": [f"c{i}" for i in range(50)],
        },
    )
    assert fifty.status_code == 201
    bad_state = braze.post(
        "/subscription/status/set",
        {"subscription_group_id": "g1", "subscription_state": "maybe", "external_id": ["c1"]},
    )
    assert bad_state.status_code == 400


def test_v2_sets_several_groups(braze: BrazeHttp) -> None:
    braze.track(attributes=[{"external_id": "c1", "phone": "+15551112222"}])
    response = braze.post(
        "/v2/subscription/status/set",
        {
            "subscription_groups": [
                {
                    "subscription_group_id": "g1",
                    "subscription_state": "subscribed",
                    "external_ids": ["c1"],
                },
                {
                    "subscription_group_id": "sms",
                    "subscription_state": "subscribed",
                    "phones": ["+15551112222"],
                },
            ]
        },
    )
    assert response.status_code == 201
    assert braze.user("c1")["subscription_groups"] == {"g1": "subscribed", "sms": "subscribed"}
    both = braze.post(
        "/v2/subscription/status/set",
        {
            "subscription_groups": [
                {
                    "subscription_group_id": "g1",
                    "subscription_state": "subscribed",
                    "emails": ["a@x.test"],
                    "phones": ["+1555"],
                }
            ]
        },
    )
    assert both.status_code == 400
    assert both.json() == {"message": EMAIL_XOR_PHONE}


def test_user_status_pages_with_limit_and_offset(braze: BrazeHttp) -> None:
    groups = [
        {"subscription_group_id": f"g{i:03}", "subscription_state": "subscribed"}
        for i in range(150)
    ]
    braze.track(attributes=[{"external_id": "c1", "subscription_groups": groups}])
    first = braze.get("/subscription/user/status", **{"external_id[]": "c1"})
    assert first.status_code == 200
    body = first.json()
    assert body["success"] is True
    assert len(body["subscription_groups"]) == 100  # limit defaults to and caps at 100
    assert body["subscription_groups"][0] == {
        "subscription_group_id": "g000",
        "subscription_status": "Subscribed",
    }
    rest = braze.get(
        "/subscription/user/status", **{"external_id[]": "c1", "limit": 100, "offset": 100}
    ).json()
    assert len(rest["subscription_groups"]) == 50
    assert (
        braze.get("/subscription/user/status", **{"external_id[]": "c1", "limit": 101}).status_code
        == 400
    )
    assert braze.get("/subscription/user/status").status_code == 400
