"""Every sink against the sandbox: what Braze holds afterwards, and the requests it took."""

from __future__ import annotations

import json
from typing import Any

import pytest

from target_braze.target import UnknownStreamError
from tests.helpers import SandboxView, run_target, schema_message, singer_input

NOW = "2026-11-27T04:00:00Z"


def test_attributes_events_and_purchases_are_packed_into_shared_requests(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    attributes = [
        {"external_id": f"u{n}", "tier": "GOLD", "region": "EU", "message_key": f"a{n}"}
        for n in range(100)
    ]
    events = [
        {
            "external_id": f"u{n}",
            "name": "cart_added",
            "time": NOW,
            "properties": {"sku": f"S{n}", "cart_id": "c"},
            "message_key": f"e{n}",
            "flow": "f2",
            "ready_at": NOW,
        }
        for n in range(100)
    ]
    purchases = [
        {
            "external_id": f"u{n}",
            "product_id": "SKU-1",
            "currency": "EUR",
            "price": 9.5,
            "quantity": 2,
            "time": NOW,
            "properties": {"order_id": f"o{n}"},
            "message_key": f"p{n}",
        }
        for n in range(10)
    ]
    run = run_target(
        config,
        singer_input(
            {"user_attributes": attributes, "events": events, "purchases": purchases},
            state={"bookmarks": {"done": True}},
        ),
    )

    users = braze.users()
    assert len(users) == 100
    assert users["u7"]["custom_attributes"] == {"tier": "GOLD", "region": "EU"}
    assert [e["properties"] for e in users["u7"]["custom_events"]] == [
        {"sku": "S7", "cart_id": "c"}
    ]
    # quantity 2 is two purchases of one (reference §2.1)
    assert len(users["u3"]["purchases"]) == 2
    assert users["u3"]["purchases"][0]["properties"] == {"order_id": "o3"}
    bodies = [r["body"] for r in braze.requests("/users/track")]
    assert len(bodies) == 2  # 210 objects in 2 requests: 75 of each, then the rest
    assert {len(b.get("attributes", [])) for b in bodies} == {75, 25}
    assert {len(b.get("events", [])) for b in bodies} == {75, 25}
    for body in bodies:
        for obj in [*body.get("attributes", []), *body.get("events", [])]:
            assert not {"message_key", "flow", "ready_at"} & set(obj)
    assert run.state_messages == ['{"bookmarks": {"done": true}}']


def test_a_combined_cap_for_the_newer_contracts(braze: SandboxView, config: dict[str, Any]) -> None:
    events = [
        {"external_id": f"u{n}", "name": "product_viewed", "time": NOW, "message_key": f"e{n}"}
        for n in range(60)
    ]
    attributes = [{"external_id": f"u{n}", "tier": "SILVER"} for n in range(60)]
    run_target(
        config | {"max_objects_per_request": 50},
        singer_input({"user_attributes": attributes, "events": events}),
    )
    bodies = [r["body"] for r in braze.requests("/users/track")]
    sizes = [len(b.get("attributes", [])) + len(b.get("events", [])) for b in bodies]
    assert max(sizes) <= 50
    assert sum(sizes) == 120


def test_attribute_nulls_arrays_nested_objects_and_update_only(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    first = singer_input(
        {
            "user_attributes": [
                {"external_id": "known", "tier": "GOLD", "region": "EU", "order_delayed": True}
            ]
        }
    )
    run_target(config, first)
    # Nested objects, array add/remove and a null that removes need columns of their own.
    schema = schema_message("user_attributes")
    props = schema["schema"]["properties"]
    props["favourites"] = {"type": ["object", "null"]}
    props["address"] = {"type": ["object", "null"]}
    lines = [schema]
    records = [
        {"external_id": "known", "favourites": {"add": ["x", "y"]}, "address": {"city": "Lyon"}},
        {"external_id": "known", "favourites": {"remove": ["x"]}, "order_delayed": None},
    ]
    lines += [{"type": "RECORD", "stream": "user_attributes", "record": r} for r in records]
    run_target(config | {"merge_objects": True}, "".join(json.dumps(x) + "\n" for x in lines))
    known = braze.users()["known"]["custom_attributes"]
    assert known["favourites"] == ["y"]
    assert known["address"] == {"city": "Lyon"}
    assert "order_delayed" not in known  # null removes the attribute
    assert known["tier"] == "GOLD"
    attribute_objects = [
        obj for r in braze.requests("/users/track") for obj in r["body"].get("attributes", [])
    ]
    assert attribute_objects[-1]["_merge_objects"] is True

    run_target(
        config | {"update_existing_only": True, "ledger_url": config["ledger_url"] + "-2"},
        singer_input({"user_attributes": [{"external_id": "stranger", "tier": "GOLD"}]}),
    )
    assert "stranger" not in braze.users()


def test_campaign_triggers_group_up_to_50_recipients_per_campaign(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    users = [{"external_id": f"c{n}", "tier": "GOLD"} for n in range(60)]
    triggers = [
        {
            "external_id": f"c{n}",
            "campaign_id": "partner_case_update" if n < 55 else "service_recovery",
            "trigger_properties": {"case_id": f"K{n}", "case_status": "OPEN"},
            "message_key": f"f1:K{n}:OPEN:c{n}",
            "flow": "f1",
            "ready_at": NOW,
        }
        for n in range(60)
    ]
    run_target(config, singer_input({"user_attributes": users, "campaign_triggers": triggers}))

    sends = braze.sends("campaign")
    by_campaign: dict[str, int] = {}
    for send in sends:
        by_campaign[send["campaign_id"]] = by_campaign.get(send["campaign_id"], 0) + len(
            send["recipients"]
        )
        assert len(send["request_recipients"]) <= 50
    assert by_campaign == {"partner_case_update": 55, "service_recovery": 5}
    recipient = next(r for s in sends for r in s["recipients"] if r["external_user_id"] == "c3")
    assert recipient["properties"] == {"case_id": "K3", "case_status": "OPEN"}
    for request in braze.requests("/campaigns/trigger/send"):
        text = str(request["body"])
        assert "message_key" not in text
        assert "f1:K" not in text
        assert "ready_at" not in text


def test_send_to_existing_only_false_creates_the_user_with_its_attributes(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    triggers = [
        {
            "external_id": "newcomer",
            "campaign_id": "restock_notice",
            "trigger_properties": {"sku": "S1", "available_qty": 4},
            "send_to_existing_only": False,
            "attributes": {"tier": "BRONZE"},
            "message_key": "f6r:S1:newcomer:d1",
        },
        {
            "external_id": "nobody",
            "campaign_id": "restock_notice",
            "trigger_properties": {"sku": "S1", "available_qty": 4},
            "message_key": "f6r:S1:nobody:d1",
        },
    ]
    run_target(config, singer_input({"campaign_triggers": triggers}))
    users = braze.users()
    assert users["newcomer"]["custom_attributes"]["tier"] == "BRONZE"
    assert "nobody" not in users  # send_to_existing_only defaults to true in Braze
    assert [r["external_user_id"] for r in braze.recipients("campaign")] == ["newcomer"]


def test_canvas_triggers_carry_entry_properties(braze: SandboxView, config: dict[str, Any]) -> None:
    users = [{"external_id": f"v{n}", "tier": "GOLD"} for n in range(3)]
    triggers = [
        {
            "external_id": f"v{n}",
            "canvas_id": "next_step_claim",
            "canvas_entry_properties": {"project_id": f"P{n}", "process": "CLAIM"},
            "message_key": f"f3:P{n}:v{n}",
            "flow": "f3",
        }
        for n in range(3)
    ]
    run_target(config, singer_input({"user_attributes": users, "canvas_triggers": triggers}))
    recipients = braze.recipients("canvas")
    assert sorted(r["external_user_id"] for r in recipients) == ["v0", "v1", "v2"]
    assert recipients[0]["properties"]["process"] == "CLAIM"


def test_catalog_items_create_the_catalog_then_upsert_and_delete(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    items = [
        {
            "catalog_name": "product_availability",
            "id": f"SKU-{n}",
            "status": "IN_STOCK",
            "available_qty": n,
            "restock_date": None,
            "source_partner": "ZZ:ACME",
            "updated_at": NOW,
            "message_key": f"f6c:SKU-{n}:IN_STOCK:{n}:",
            "flow": "f6",
        }
        for n in range(60)
    ]
    run_target(config, singer_input({"catalog_items": items}))
    catalog = braze.catalogs()["product_availability"]
    assert [f["name"] for f in catalog["fields"]] == [
        "id",
        "status",
        "available_qty",
        "restock_date",
        "source_partner",
        "updated_at",
    ]
    assert {f["name"]: f["type"] for f in catalog["fields"]}["updated_at"] == "time"
    assert len(catalog["items"]) == 60
    puts = braze.requests("/catalogs/product_availability/items")
    assert [len(r["body"]["items"]) for r in puts] == [50, 10]

    changes = [
        {
            "catalog_name": "product_availability",
            "id": "SKU-1",
            "status": "BACKORDERED",
            "available_qty": 0,
            "restock_date": "2026-12-01",
            "source_partner": "ZZ:ACME",
            "updated_at": NOW,
            "message_key": "f6c:SKU-1:BACKORDERED:0:2026-12-01",
        },
        {"catalog_name": "product_availability", "id": "SKU-2", "_deleted": True},
    ]
    run_target(config, singer_input({"catalog_items": changes}))
    items_now = {i["id"]: i for i in braze.catalogs()["product_availability"]["items"]}
    assert items_now["SKU-1"]["status"] == "BACKORDERED"
    assert "SKU-2" not in items_now
    assert len(items_now) == 59


def test_subscription_states_deletes_and_aliases(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    users = [{"external_id": f"s{n}", "tier": "GOLD"} for n in range(4)]
    states = [
        {
            "subscription_group_id": "grp-news",
            "subscription_state": "subscribed",
            "external_id": "s0",
        },
        {
            "subscription_group_id": "grp-news",
            "subscription_state": "unsubscribed",
            "external_id": "s1",
        },
    ]
    deletes = [{"external_id": "s3"}]
    aliases = [
        {"alias_name": "anon-1", "alias_label": "shop_cookie"},
        {"alias_name": "anon-2", "alias_label": "shop_cookie", "external_id": "s2"},
    ]
    run_target(
        config,
        singer_input(
            {
                "user_attributes": users,
                "subscription_states": states,
                "user_deletes": deletes,
                "user_aliases": aliases,
            }
        ),
    )
    users_now = braze.users()
    assert users_now["s0"]["subscription_groups"] == {"grp-news": "subscribed"}
    assert users_now["s1"]["subscription_groups"] == {"grp-news": "unsubscribed"}
    assert "s3" not in users_now
    assert {"alias_name": "anon-2", "alias_label": "shop_cookie"} in users_now["s2"]["user_aliases"]
    alias_only = [u for u in braze.all_users() if u["external_id"] is None]
    assert [u["user_aliases"] for u in alias_only] == [
        [{"alias_name": "anon-1", "alias_label": "shop_cookie"}]
    ]

    # Identify: an alias-only profile is merged into the identified user.
    run_target(
        config,
        singer_input(
            {
                "user_aliases": [
                    {"alias_name": "anon-1", "alias_label": "shop_cookie", "external_id": "s0"}
                ]
            }
        ),
    )
    assert not [u for u in braze.all_users() if u["external_id"] is None]
    assert {"alias_name": "anon-1", "alias_label": "shop_cookie"} in braze.users()["s0"][
        "user_aliases"
    ]


def test_stream_kinds_maps_a_stream_to_a_sink(braze: SandboxView, config: dict[str, Any]) -> None:
    text = singer_input({"user_attributes": [{"external_id": "m1", "tier": "GOLD"}]})
    text = text.replace('"user_attributes"', '"braze_users"')
    run_target(config | {"stream_kinds": {"braze_users": "user_attributes"}}, text)
    assert braze.users()["m1"]["custom_attributes"]["tier"] == "GOLD"


def test_a_stream_kind_that_does_not_exist_is_refused(config: dict[str, Any]) -> None:
    text = singer_input({"user_attributes": []}).replace('"user_attributes"', '"braze_users"')
    with pytest.raises(UnknownStreamError, match="not a sink kind"):
        run_target(config | {"stream_kinds": {"braze_users": "users"}}, text)
