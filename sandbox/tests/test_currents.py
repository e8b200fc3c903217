"""Currents Avro files: folder layout, one file per event type, documented fields (ref §7)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse
from urllib.request import url2pathname

import fastavro
from braze_http import BrazeHttp, SandboxFactory

# Reference §7.1 layout.
LAYOUT = re.compile(
    r"^dataexport\.(?P<cluster>[^./]+)\.(?P<conn>S3|AzureBlob|GCS)\.integration\.(?P<integration>[^/]+)/"
    r"event_type=(?P<event_type>[A-Za-z.]+)/date=(?P<date>\d{4}-\d{2}-\d{2}-\d{2})/(?P<schema>\d+)/"
    r"(?P<zone>[^/]+)/dataexport\.(?P=cluster)\.(?P=conn)\.integration\.(?P=integration)\+\d+\+\d+\.avro$"
)
COMMON = {"id", "user_id", "external_user_id", "time", "app_group_id"}
MESSAGE_BLOCK = {
    "campaign_id",
    "campaign_name",
    "message_variation_id",
    "canvas_id",
    "canvas_name",
    "canvas_step_id",
    "send_id",
    "dispatch_id",
}
# Key fields per event type, reference §7.2.
DOCUMENTED_FIELDS: dict[str, set[str]] = {
    "users.behaviors.CustomEvent": {
        "name",
        "properties",
        "app_id",
        "timezone",
        "platform",
        "os_version",
        "device_model",
        "device_id",
        "ad_id",
        "ad_id_type",
        "ad_tracking_enabled",
    },
    "users.behaviors.Purchase": {"product_id", "price", "currency", "properties", "app_id"},
    "users.messages.email.Send": MESSAGE_BLOCK | {"email_address"},
    "users.messages.email.Delivery": MESSAGE_BLOCK | {"email_address"},
    "users.messages.email.Open": MESSAGE_BLOCK | {"email_address", "machine_open"},
    "users.messages.email.Click": MESSAGE_BLOCK
    | {
        "email_address",
        "url",
        "link_id",
        "link_alias",
        "user_agent",
        "is_suspected_bot_click",
        "suspected_bot_click_reason",
    },
    "users.messages.email.Bounce": MESSAGE_BLOCK
    | {"email_address", "bounce_reason", "sending_ip", "is_drop"},
    "users.messages.email.Unsubscribe": MESSAGE_BLOCK | {"email_address"},
    "users.messages.pushnotification.Send": MESSAGE_BLOCK | {"platform", "push_token"},
    "users.messages.pushnotification.Open": MESSAGE_BLOCK
    | {"platform", "push_token", "button_action_type", "button_string"},
    "users.messages.sms.Send": MESSAGE_BLOCK | {"to_phone_number", "subscription_group_id"},
    "users.messages.sms.Delivery": MESSAGE_BLOCK | {"to_phone_number", "subscription_group_id"},
    "users.campaigns.Conversion": {
        "campaign_id",
        "campaign_name",
        "message_variation_id",
        "send_id",
        "conversion_behavior_index",
        "conversion_behavior",
    },
    "users.canvas.Entry": {"canvas_id", "canvas_name", "canvas_variation_id", "in_control_group"},
    "users.behaviors.subscriptiongroup.StateChange": {
        "subscription_group_id",
        "subscription_status",
        "email_address",
        "phone_number",
        "state_change_source",
    },
}


def currents_root(braze: BrazeHttp) -> Path:
    return Path(url2pathname(urlparse(braze.sandbox.braze_settings()["currents_url"]).path))


def read_all(root: Path) -> dict[str, list[tuple[dict[str, Any], list[dict[str, Any]]]]]:
    """event type -> [(writer schema, records)] for every Avro file under the root."""
    files: dict[str, list[tuple[dict[str, Any], list[dict[str, Any]]]]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_dir():
            continue
        relative = path.relative_to(root).as_posix()
        match = LAYOUT.match(relative)
        assert match, f"not in Currents' layout: {relative}"
        with path.open("rb") as handle:
            reader = fastavro.reader(handle)
            records = list(reader)
            files.setdefault(match["event_type"], []).append((reader.writer_schema, records))
    return files


def run_storefront_and_messages(braze: BrazeHttp) -> None:
    braze.admin(
        "POST", "campaigns", {"name": "restock_notice", "channels": ["email", "push", "sms"]}
    )
    braze.admin("POST", "canvases", {"name": "next_step_claim"})
    customers = [
        {
            "external_id": f"c{i}",
            "email": f"c{i}@example.test",
            "phone": f"+1555000{i:04}",
            "push_tokens": [{"app_id": "app", "token": f"tok{i}"}],
            "subscription_groups": [
                {"subscription_group_id": "newsletter", "subscription_state": "subscribed"}
            ],
        }
        for i in range(60)
    ]
    braze.track(
        attributes=customers,
        events=[
            {
                "external_id": "c1",
                "name": "product_viewed",
                "time": "2026-01-05T10:00:00Z",
                "properties": {"sku": "S1"},
            }
        ],
        purchases=[
            {
                "external_id": "c1",
                "product_id": "S1",
                "currency": "USD",
                "price": 12.5,
                "time": "2026-01-05T10:05:00Z",
                "properties": {"order_id": "O1"},
            }
        ],
    )
    for start in (0, 50):
        recipients = [{"external_user_id": f"c{i}"} for i in range(start, min(start + 50, 60))]
        assert (
            braze.post(
                "/campaigns/trigger/send",
                {"campaign_id": "restock_notice", "recipients": recipients},
            ).status_code
            == 201
        )
    braze.post(
        "/canvas/trigger/send",
        {"canvas_id": "next_step_claim", "recipients": [{"external_user_id": "c2"}]},
    )


def test_every_required_event_type_is_written_with_documented_fields(
    make_braze: SandboxFactory,
) -> None:
    # Generous odds so that every step of the funnel happens for a few of the 60 recipients.
    from grid_braze_sandbox.braze.config import EngagementProbabilities

    braze = make_braze(
        engagement=EngagementProbabilities(
            delivery=0.9, open=0.8, click=0.8, unsubscribe=0.2, conversion=0.8
        )
    )
    run_storefront_and_messages(braze)
    braze.admin("POST", "clock", {"advance_seconds": 86400})
    braze.admin("POST", "currents/flush")
    files = read_all(currents_root(braze))
    assert set(DOCUMENTED_FIELDS) <= set(files)
    for event_type, expected in DOCUMENTED_FIELDS.items():
        for schema, records in files[event_type]:
            assert records, "Currents never writes empty files"
            names = {f["name"] for f in schema["fields"]}
            assert COMMON | expected <= names, event_type
            # Record `CustomEvent` in namespace `dataexport.S3.inner.users.behaviors` (ref §7.1).
            assert schema["name"] == f"dataexport.S3.inner.{event_type}"
            for record in records:
                assert isinstance(record["id"], str)
                assert isinstance(record["time"], int)


def test_storefront_events_and_purchases_keep_their_properties(braze: BrazeHttp) -> None:
    run_storefront_and_messages(braze)
    braze.admin("POST", "currents/flush")
    files = read_all(currents_root(braze))
    [(_, custom)] = files["users.behaviors.CustomEvent"]
    assert [(r["external_user_id"], r["name"], json.loads(r["properties"])) for r in custom] == [
        ("c1", "product_viewed", {"sku": "S1"})
    ]
    assert custom[0]["time"] == 1767607200  # 2026-01-05T10:00:00Z in UNIX seconds
    [(_, bought)] = files["users.behaviors.Purchase"]
    assert json.loads(bought[0]["properties"]) == {"order_id": "O1"}
    assert bought[0]["price"] == 12.5
    changes = [
        r for _, records in files["users.behaviors.subscriptiongroup.StateChange"] for r in records
    ]
    assert len(changes) == 60
    assert {r["subscription_status"] for r in changes} == {"Subscribed"}


def test_engagement_waits_for_the_clock(braze: BrazeHttp) -> None:
    run_storefront_and_messages(braze)
    braze.admin("POST", "currents/flush")
    before = read_all(currents_root(braze))
    assert "users.messages.email.Send" in before
    assert "users.messages.email.Open" not in before  # opens happen minutes to hours later
    braze.admin("POST", "clock", {"advance_seconds": 86400})
    after = read_all(currents_root(braze))
    assert "users.messages.email.Open" in after
    ids = [r["id"] for files in after.values() for _, records in files for r in records]
    assert len(ids) == len(set(ids))


def test_same_seed_same_events_and_identical_files(make_braze: SandboxFactory) -> None:
    outcomes = []
    contents = []
    for _ in range(2):
        braze = make_braze(seed=7)
        braze.admin("POST", "reset", {"clock": "2026-02-01T00:00:00Z"})
        run_storefront_and_messages(braze)
        braze.admin("POST", "clock", {"advance_seconds": 86400})
        engagement = braze.admin("GET", "engagement")["engagement"]
        outcomes.append([(e["event_type"], e["time"]) for e in engagement])
        root = currents_root(braze)
        contents.append({p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*.avro"))})
    assert outcomes[0] == outcomes[1]
    assert contents[0]
    assert contents[0] == contents[1]  # byte for byte, Avro sync markers included


def test_late_events_land_in_the_hour_they_were_queued(braze: BrazeHttp) -> None:
    braze.admin("POST", "reset", {"clock": "2026-05-02T09:30:00Z"})
    braze.track(
        events=[{"external_id": "c1", "name": "cart_abandoned", "time": "2026-05-01T23:00:00Z"}]
    )
    braze.admin("POST", "currents/flush")
    [path] = list(currents_root(braze).rglob("*.avro"))
    assert "/event_type=users.behaviors.CustomEvent/date=2026-05-02-09/" in path.as_posix()
    with path.open("rb") as handle:
        [record] = list(fastavro.reader(handle))
    assert record["time"] == 1777676400  # 2026-05-01T23:00:00Z: the event's own time


def test_at_least_once_delivery_repeats_ids_in_later_files(make_braze: SandboxFactory) -> None:
    braze = make_braze(currents_duplicate_rate=0.5, seed=5)
    events = [{"external_id": "c1", "name": "product_viewed", "time": "2026-01-01T00:00:00Z"}] * 40
    braze.track(events=events)
    braze.admin("POST", "currents/flush")
    braze.admin("POST", "currents/flush")
    files = read_all(currents_root(braze))["users.behaviors.CustomEvent"]
    assert len(files) == 2
    first_ids = [r["id"] for r in files[0][1]]
    repeated = [r["id"] for r in files[1][1]]
    assert len(first_ids) == 40
    assert 0 < len(repeated) < 40
    assert set(repeated) <= set(first_ids)


def test_clicks_on_product_messages_carry_the_sku(make_braze: SandboxFactory) -> None:
    from grid_braze_sandbox.braze.config import EngagementProbabilities

    braze = make_braze(engagement=EngagementProbabilities(delivery=1, open=1, click=1))
    braze.admin("POST", "campaigns", {"name": "restock_notice"})
    braze.track(attributes=[{"external_id": "c1", "email": "c1@example.test"}])
    braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": "restock_notice",
            "recipients": [{"external_user_id": "c1", "trigger_properties": {"sku": "SKU-9"}}],
        },
    )
    braze.admin("POST", "clock", {"advance_seconds": 86400})
    [(_, [click])] = read_all(currents_root(braze))["users.messages.email.Click"]
    query = parse_qs(urlparse(click["url"]).query)
    assert query["sku"] == ["SKU-9"]
    assert click["campaign_id"] == "restock_notice"
