"""POST /users/track: limits, identifiers, attribute semantics and the error shapes (ref §2.1)."""

from __future__ import annotations

from braze_http import BrazeHttp, SandboxFactory

# Texts from the reference (braze-api.md §2.1).
MAX_INPUT_LENGTH = "Max Input Length Exceeded"
NO_VALID_DATA = "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields."
TIME = "2026-01-05T10:00:00Z"


def attrs(n: int, **extra: object) -> list[dict[str, object]]:
    return [{"external_id": f"c{i}", **extra} for i in range(n)]


def events(n: int) -> list[dict[str, object]]:
    return [{"external_id": f"c{i}", "name": "product_viewed", "time": TIME} for i in range(n)]


def purchases(n: int) -> list[dict[str, object]]:
    return [
        {
            "external_id": f"c{i}",
            "product_id": "SKU-1",
            "currency": "USD",
            "price": 9.5,
            "time": TIME,
        }
        for i in range(n)
    ]


def test_success_counts_only_the_arrays_present(braze: BrazeHttp) -> None:
    response = braze.track(attributes=attrs(2), events=events(3))
    assert response.status_code == 201
    assert response.json() == {
        "message": "success",
        "attributes_processed": 2,
        "events_processed": 3,
    }


def test_seventy_five_of_each_is_accepted(braze: BrazeHttp) -> None:
    response = braze.track(attributes=attrs(75), events=events(75), purchases=purchases(75))
    assert response.status_code == 201
    body = response.json()
    assert (
        body["attributes_processed"],
        body["events_processed"],
        body["purchases_processed"],
    ) == (
        75,
        75,
        75,
    )


def test_seventy_six_in_any_array_is_refused(braze: BrazeHttp) -> None:
    for arrays in (
        {"attributes": attrs(76)},
        {"events": events(76)},
        {"purchases": purchases(76)},
    ):
        response = braze.track(**arrays)
        assert response.status_code == 400
        assert response.json()["message"] == MAX_INPUT_LENGTH
    assert braze.admin("GET", "users")["users"] == []


def test_mau_contract_caps_objects_combined(make_braze: SandboxFactory) -> None:
    braze = make_braze(max_objects_combined=50)
    assert braze.track(attributes=attrs(25), events=events(25)).status_code == 201
    response = braze.track(attributes=attrs(25), events=events(26))
    assert response.status_code == 400
    assert response.json()["message"] == MAX_INPUT_LENGTH


def test_empty_request_is_refused(braze: BrazeHttp) -> None:
    for body in ({}, {"attributes": [], "events": [], "purchases": []}):
        response = braze.post("/users/track", body)
        assert response.status_code == 400
        assert response.json()["message"] == NO_VALID_DATA


def test_malformed_json_is_a_400(braze: BrazeHttp) -> None:
    response = braze.request(
        "POST", "/users/track", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "message" in response.json()


def test_partial_errors_carry_type_input_array_and_index(braze: BrazeHttp) -> None:
    response = braze.track(
        events=[
            {"external_id": "c1", "name": "ok", "time": TIME},
            {"external_id": "c1", "time": TIME},  # no name
            {"external_id": "c1", "name": "bad", "time": TIME, "properties": {"time": "x"}},
            {"name": "no-identifier", "time": TIME},
        ],
        purchases=[
            {"external_id": "c1", "product_id": "S", "currency": "USD", "price": 1, "time": TIME},
            {
                "external_id": "c1",
                "product_id": "S",
                "currency": "USD",
                "price": 1,
                "time": TIME,
                "quantity": 101,
            },
        ],
    )
    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "success"
    assert body["events_processed"] == 1
    assert body["purchases_processed"] == 1
    assert [(e["input_array"], e["index"]) for e in body["errors"]] == [
        ("events", 1),
        ("events", 2),
        ("events", 3),
        ("purchases", 1),
    ]
    assert all(isinstance(e["type"], str) and e["type"] for e in body["errors"])
    assert [e["name"] for e in braze.user("c1")["custom_events"]] == ["ok"]


def test_all_objects_invalid_is_a_400_with_errors(braze: BrazeHttp) -> None:
    response = braze.track(events=[{"external_id": "c1", "name": "x"}])
    assert response.status_code == 400
    body = response.json()
    assert isinstance(body["message"], str)
    assert body["errors"] == [
        {"type": body["errors"][0]["type"], "input_array": "events", "index": 0}
    ]


def test_reserved_and_dollar_property_keys_are_rejected(braze: BrazeHttp) -> None:
    response = braze.track(
        events=[
            {"external_id": "c1", "name": "e", "time": TIME, "properties": {"event_name": "x"}},
            {"external_id": "c1", "name": "e", "time": TIME, "properties": {"$sku": "x"}},
            {"external_id": "c1", "name": "e", "time": TIME, "properties": {"sku": "x"}},
        ]
    )
    assert [e["index"] for e in response.json()["errors"]] == [0, 1]


def test_identifiers_and_profile_creation(braze: BrazeHttp) -> None:
    alias = {"alias_name": "a1", "alias_label": "crm"}
    response = braze.track(
        attributes=[
            {"external_id": "new", "tier": "GOLD"},
            {"external_id": "skip", "_update_existing_only": True, "tier": "GOLD"},
            {"user_alias": alias, "tier": "SILVER"},  # alias: update-only by default
            {
                "user_alias": {"alias_name": "a2", "alias_label": "crm"},
                "_update_existing_only": False,
            },
            {"email": "only@example.test", "first_name": "Em"},
            {"phone": "+15551230000"},
            {"braze_id": "000000000000000000000000", "tier": "X"},  # never creates
        ]
    )
    assert response.status_code == 201
    assert response.json()["attributes_processed"] == 7
    users = braze.admin("GET", "users")["users"]
    assert sorted(u["external_id"] or "" for u in users) == ["", "", "", "new"]
    assert any({"alias_name": "a2", "alias_label": "crm"} in u["user_aliases"] for u in users)
    assert not any(alias in u["user_aliases"] for u in users)
    assert any(u.get("email") == "only@example.test" for u in users)
    assert any(u.get("phone") == "+15551230000" for u in users)


def test_email_wins_over_phone_and_braze_id_updates(braze: BrazeHttp) -> None:
    braze.track(attributes=[{"external_id": "c1", "email": "c1@example.test"}])
    braze_id = braze.user("c1")["braze_id"]
    braze.track(attributes=[{"email": "c1@example.test", "phone": "+15550000000", "tier": "GOLD"}])
    braze.track(attributes=[{"braze_id": braze_id, "region": "EU"}])
    user = braze.user("c1")
    assert user["custom_attributes"] == {"tier": "GOLD", "region": "EU"}
    assert len(braze.admin("GET", "users")["users"]) == 1


def test_time_formats_and_future_clamp(braze: BrazeHttp) -> None:
    now = braze.admin("GET", "clock")["now"]
    braze.track(
        events=[
            {"external_id": "c1", "name": "iso", "time": "2026-01-05T10:00:00+01:00"},
            {"external_id": "c1", "name": "colon", "time": "2026-01-05T10:00:00:123Z"},
            {"external_id": "c1", "name": "java", "time": "2026-01-05T10:00:00:000-0800"},
            {"external_id": "c1", "name": "future", "time": "2999-01-01T00:00:00Z"},
        ]
    )
    times = {e["name"]: e["time"] for e in braze.user("c1")["custom_events"]}
    assert times["iso"] == "2026-01-05T09:00:00Z"
    assert times["colon"].startswith("2026-01-05T10:00:00.123")
    assert times["java"] == "2026-01-05T18:00:00Z"
    assert times["future"] == now


def test_events_are_never_deduplicated(braze: BrazeHttp) -> None:
    event = {"external_id": "c1", "name": "cart_added", "time": TIME, "properties": {"sku": "S"}}
    braze.track(events=[event, event])
    braze.track(events=[event])
    assert len(braze.user("c1")["custom_events"]) == 3


def test_null_inc_and_simple_arrays(braze: BrazeHttp) -> None:
    braze.track(attributes=[{"external_id": "c1", "gone": "x", "visits": 1, "tags": ["a"]}])
    braze.track(
        attributes=[
            {
                "external_id": "c1",
                "gone": None,
                "visits": {"inc": 2},
                "tags": {"add": ["b", "a", "c"], "remove": ["c"]},
                "first_name": "Ann",
            }
        ]
    )
    user = braze.user("c1")
    assert user["custom_attributes"] == {"visits": 3, "tags": ["a", "b"]}
    braze.track(attributes=[{"external_id": "c1", "first_name": None}])
    assert "first_name" not in braze.user("c1")


def test_simple_arrays_keep_at_most_25_values(braze: BrazeHttp) -> None:
    braze.track(attributes=[{"external_id": "c1", "seen": {"add": [f"v{i}" for i in range(30)]}}])
    assert len(braze.user("c1")["custom_attributes"]["seen"]) == 25


def test_nested_objects_overwrite_unless_merge_objects(braze: BrazeHttp) -> None:
    braze.track(attributes=[{"external_id": "c1", "pref": {"a": 1, "b": {"c": 2}}}])
    braze.track(attributes=[{"external_id": "c1", "_merge_objects": True, "pref": {"b": {"d": 3}}}])
    assert braze.user("c1")["custom_attributes"]["pref"] == {"a": 1, "b": {"c": 2, "d": 3}}
    braze.track(attributes=[{"external_id": "c1", "pref": {"z": 1}}])
    assert braze.user("c1")["custom_attributes"]["pref"] == {"z": 1}


def test_arrays_of_objects_add_update_remove(braze: BrazeHttp) -> None:
    braze.track(
        attributes=[{"external_id": "c1", "orders": [{"id": 1, "s": "new"}, {"id": 2, "s": "new"}]}]
    )
    braze.track(
        attributes=[
            {
                "external_id": "c1",
                "_merge_objects": True,
                "orders": {
                    "$add": [{"id": 3, "s": "new", "at": {"$time": "2026-01-02"}}],
                    "$update": [
                        {
                            "$identifier_key": "id",
                            "$identifier_value": 2,
                            "$new_object": {"s": "paid"},
                        }
                    ],
                    "$remove": [{"$identifier_key": "id", "$identifier_value": 1}],
                },
            }
        ]
    )
    assert braze.user("c1")["custom_attributes"]["orders"] == [
        {"id": 2, "s": "paid"},
        {"id": 3, "s": "new", "at": "2026-01-02T00:00:00Z"},
    ]


def test_update_needs_merge_objects(braze: BrazeHttp) -> None:
    braze.track(attributes=[{"external_id": "c1", "orders": [{"id": 1, "s": "new"}]}])
    update = {"$identifier_key": "id", "$identifier_value": 1, "$new_object": {"s": "paid"}}
    braze.track(attributes=[{"external_id": "c1", "orders": {"$update": [update]}}])
    assert braze.user("c1")["custom_attributes"]["orders"] == [{"id": 1, "s": "new"}]


def test_invalid_time_drops_every_nested_update_in_the_request(braze: BrazeHttp) -> None:
    response = braze.track(
        attributes=[
            {"external_id": "c1", "a": {"when": {"$time": "not a time"}}, "flat": 1},
            {"external_id": "c2", "b": {"ok": True}},
        ]
    )
    assert response.status_code == 201
    assert braze.user("c1")["custom_attributes"] == {"flat": 1}
    assert braze.user("c2")["custom_attributes"] == {}


def test_purchases_quantity_becomes_single_purchases(braze: BrazeHttp) -> None:
    braze.track(
        purchases=[
            {
                "external_id": "c1",
                "product_id": "SKU-1",
                "currency": "usd",
                "price": 5,
                "quantity": 3,
                "time": TIME,
                "properties": {"order_id": "O1"},
            }
        ]
    )
    bought = braze.user("c1")["purchases"]
    assert len(bought) == 3
    assert bought[0]["properties"] == {"order_id": "O1"}
    assert bought[0]["currency"] == "USD"


def test_subscription_groups_and_subscribe_states(braze: BrazeHttp) -> None:
    response = braze.track(
        attributes=[
            {
                "external_id": "c1",
                "email_subscribe": "opted_in",
                "subscription_groups": [
                    {"subscription_group_id": "g1", "subscription_state": "subscribed"}
                ],
            },
            {"external_id": "c2", "email_subscribe": "maybe"},
        ]
    )
    assert [e["index"] for e in response.json()["errors"]] == [1]
    user = braze.user("c1")
    assert user["subscription_groups"] == {"g1": "subscribed"}
    assert user["email_subscribe"] == "opted_in"


def test_bulk_and_batch_headers_are_accepted_and_logged(braze: BrazeHttp) -> None:
    response = braze.post(
        "/users/track",
        {"attributes": attrs(2)},
        headers={"X-Braze-Bulk": "true", "X-Braze-Batch": "true"},
    )
    assert response.status_code == 201
    logged = braze.admin("GET", "requests", path="/users/track")["requests"][-1]
    assert logged["headers"]["X-Braze-Bulk"] == "true"
    assert logged["headers"]["X-Braze-Batch"] == "true"


def test_property_payload_limits(braze: BrazeHttp) -> None:
    # Events may carry 100 KB of properties, purchases 50 KB (reference §2.1).
    def props(kilobytes: int) -> dict[str, list[str]]:
        return {"items": ["x" * 200] * (kilobytes * 1024 // 204)}

    response = braze.track(
        events=[
            {"external_id": "c1", "name": "e", "time": TIME, "properties": props(90)},
            {"external_id": "c1", "name": "e", "time": TIME, "properties": props(110)},
        ],
        purchases=[
            {**purchases(1)[0], "properties": props(45)},
            {**purchases(1)[0], "properties": props(60)},
        ],
    )
    assert response.status_code == 201
    assert [(e["input_array"], e["index"]) for e in response.json()["errors"]] == [
        ("events", 1),
        ("purchases", 1),
    ]
