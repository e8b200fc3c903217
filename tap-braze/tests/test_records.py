"""What one full run emits, checked against what the scenario put into Braze."""

from __future__ import annotations

from collections import Counter

import pytest

from tap_braze.tap import TapBraze
from tests.braze_scenario import (
    CAMPAIGN,
    CANVAS,
    CATALOG,
    CUSTOMERS,
    SEGMENT_GOLD,
    SKUS,
    GroundTruth,
)
from tests.shared_sandbox import SeededSandbox
from tests.tap_runner import TapRun

STREAM_NAMES = sorted(stream.name for stream in TapBraze(config={}).streams.values())


@pytest.mark.parametrize("stream", STREAM_NAMES)
def test_primary_keys_are_present_and_unique(full_run: TapRun, stream: str) -> None:
    # The SDK's own check builds a set of generators in 0.54.9 and never sees a duplicate.
    key = TapBraze(config={}).streams[stream].primary_keys
    records = full_run.records.get(stream, [])
    assert records, f"{stream} emitted nothing"
    keys = [tuple(record[k] for k in key) for record in records]
    assert all(all(part is not None for part in k) for k in keys)
    duplicates = [k for k, n in Counter(keys).items() if n > 1]
    assert not duplicates, f"{stream} repeats keys {duplicates[:5]}"


def test_currents_families_hold_every_event_once(full_run: TapRun, truth: GroundTruth) -> None:
    # The shared emulator redelivers a fifth of its events in later files.
    expected = {
        "currents_custom_events": sum(truth.custom_events.values()),
        "currents_purchases": truth.purchases,
        "currents_message_engagement": truth.message_engagement,
        "currents_conversions": truth.conversions,
        "currents_canvas_entries": truth.canvas_entries,
        "currents_subscription_changes": truth.subscription_changes,
    }
    emitted = {name: len(full_run.records.get(name, [])) for name in expected}
    assert emitted == expected


def test_storefront_events_carry_properties_as_objects(
    full_run: TapRun, truth: GroundTruth
) -> None:
    events = full_run.records["currents_custom_events"]
    assert Counter(e["name"] for e in events) == truth.custom_events
    required = {
        "product_viewed": {"sku"},
        "cart_added": {"sku", "cart_id"},
        "cart_abandoned": {"sku", "cart_id"},
        "notify_me": {"sku"},
        "survey_response": {"order_id", "score", "comment"},
    }
    for event in events:
        assert set(event["properties"]) == required[event["name"]]
        assert event["time"].endswith("Z")
    purchases = full_run.records["currents_purchases"]
    assert {p["product_id"] for p in purchases} <= set(SKUS)
    assert all(p["properties"]["order_id"].startswith("ORD-") for p in purchases)


def test_message_engagement_is_typed_by_channel_and_action(
    full_run: TapRun, truth: GroundTruth
) -> None:
    engagement = full_run.records["currents_message_engagement"]
    by_type = Counter(f"users.messages.{e['channel']}.{e['action']}" for e in engagement)
    assert by_type == Counter(
        {k: n for k, n in truth.engagement.items() if k.startswith("users.messages.")}
    )
    assert {e["campaign_id"] or e["canvas_id"] for e in engagement} <= {CAMPAIGN, CANVAS}


def test_users_carry_tier_and_region(full_run: TapRun, truth: GroundTruth) -> None:
    users = full_run.records["users"]
    assert sorted(u["external_id"] for u in users) == CUSTOMERS
    assert {u["external_id"]: u["tier"] for u in users} == truth.tiers
    assert {u["external_id"]: u["region"] for u in users} == truth.regions


def test_series_add_up_to_what_happened(full_run: TapRun, truth: GroundTruth) -> None:
    by_event_day = Counter()
    for row in full_run.records["custom_event_series"]:
        by_event_day[(row["event_name"], row["time"])] += row["count"]
    assert +by_event_day == truth.custom_event_ids_by_day
    by_day = Counter()
    for row in full_run.records["purchase_quantity_series"]:
        by_day[row["time"]] += row["purchase_quantity"]
    assert +by_day == truth.purchases_by_day
    new_users = sum(row["new_users"] for row in full_run.records["kpi_new_users"])
    assert new_users == truth.users


def test_campaign_series_count_the_simulated_sends(full_run: TapRun, truth: GroundTruth) -> None:
    sent = sum(
        variation["sent"]
        for row in full_run.records["campaign_data_series"]
        if row["campaign_id"] == CAMPAIGN
        for variation in row["messages"].get("email", [])
    )
    assert sent == truth.engagement_by_message[("campaign", CAMPAIGN, "users.messages.email.Send")]
    entries = sum(
        row["total_stats"]["entries"]
        for row in full_run.records["canvas_data_series"]
        if row["canvas_id"] == CANVAS
    )
    assert entries == truth.canvas_entries


def test_every_series_day_is_there_once(full_run: TapRun, seeded: SeededSandbox) -> None:
    days = [row["time"] for row in full_run.records["kpi_dau"]]
    assert days == sorted(set(days))
    assert days[0] == seeded.config["start_date"][:10]


def test_lists_and_children(full_run: TapRun, truth: GroundTruth) -> None:
    records = full_run.records
    assert {c["id"] for c in records["campaigns"]} == {
        "partner_case_update",
        "service_recovery",
        "restock_notice",
        "delay_notice",
        "loop_closed",
    }
    assert {c["campaign_id"] for c in records["campaign_details"]} == {
        c["id"] for c in records["campaigns"]
    }
    assert len(records["canvases"]) == 4
    assert len(records["canvas_details"]) == 4
    assert {s["id"] for s in records["segments"]} == {"all_customers", SEGMENT_GOLD}
    assert {s["segment_id"] for s in records["segment_details"]} == {"all_customers", SEGMENT_GOLD}
    assert {i["id"] for i in records["catalog_items"] if i["catalog_name"] == CATALOG} == set(SKUS)
    assert len(records["email_templates"]) == truth.templates
    assert len(records["content_blocks"]) == truth.content_blocks
    assert {e["name"] for e in records["custom_event_names"]} == set(truth.custom_events)
    assert {e["name"] for e in records["custom_event_definitions"]} == set(truth.custom_events)
    assert {a["name"] for a in records["custom_attributes"]} >= {"tier", "region"}
    assert {p["product_id"] for p in records["products"]} == {
        SKUS[number % len(SKUS)] for number in range(3, 13, 3)
    }
    statuses = records["subscription_statuses"]
    assert sorted(s["external_id"] for s in statuses) == CUSTOMERS[:4]
    bounced = {b["email"] for b in records["email_hard_bounces"]}
    assert "gone@shop.example" in bounced
    unsubscribed = {u["email"] for u in records["email_unsubscribes"]}
    assert "bye@shop.example" in unsubscribed
    assert (
        len(unsubscribed)
        == truth.seeded_unsubscribes + truth.engagement["users.messages.email.Unsubscribe"]
    )
