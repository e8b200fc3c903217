"""Faults the sandbox switches on: partial errors, 400 splits, 429 storms, 5xx, dropped connections.

Expected outcomes come from the sandbox's record of what reached it: its profiles, its sends and
its request log.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from target_braze.client import BrazeUnavailableError
from tests.helpers import SandboxView, run_target, singer_input

NOW = "2026-11-27T04:00:00Z"


def events(count: int, prefix: str = "e") -> list[dict[str, Any]]:
    return [
        {
            "external_id": f"u{n}",
            "name": "product_viewed",
            "time": NOW,
            "properties": {"sku": f"S{n}"},
            "message_key": f"{prefix}{n}",
        }
        for n in range(count)
    ]


def triggers(count: int, campaign: str = "partner_case_update") -> list[dict[str, Any]]:
    return [
        {
            "external_id": f"u{n}",
            "campaign_id": campaign,
            "trigger_properties": {"case_id": f"K{n}"},
            "message_key": f"f1:K{n}:OPEN:u{n}",
        }
        for n in range(count)
    ]


def users(count: int) -> list[dict[str, Any]]:
    return [{"external_id": f"u{n}", "tier": "GOLD"} for n in range(count)]


def event_skus(braze: SandboxView) -> list[str]:
    return sorted(e["properties"]["sku"] for u in braze.all_users() for e in u["custom_events"])


def dead_letter_files(config: dict[str, Any], stream: str) -> tuple[list[dict], list[dict]]:
    folder = Path(config["dead_letter_dir"])
    records = [
        json.loads(line)
        for path in sorted(folder.glob(f"{stream}-*.singer.jsonl"))
        for line in path.read_text().splitlines()
    ]
    reasons = [
        json.loads(line)
        for path in sorted(folder.glob(f"{stream}-*.reasons.jsonl"))
        for line in path.read_text().splitlines()
    ]
    return records, reasons


def test_objects_rejected_in_a_201_go_to_dead_letters_and_the_rest_is_delivered(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    braze.faults(track_reject_indexes={"events": [1, 5]})
    run = run_target(config, singer_input({"events": events(10)}, state={"at": 1}))

    assert event_skus(braze) == sorted(f"S{n}" for n in range(10) if n not in (1, 5))
    records, reasons = dead_letter_files(config, "events")
    assert records[0]["type"] == "SCHEMA"
    assert [r["record"]["message_key"] for r in records[1:]] == ["e1", "e5"]
    assert all("Rejected by the sandbox" in r["reason"] for r in reasons)
    assert run.state_messages == ['{"at": 1}']  # dead letters are kept, so the run counts as done

    # Piping the dead letters back in retries them; the ledger skips nothing of theirs.
    braze.faults()
    replay = "".join(
        path.read_text() for path in Path(config["dead_letter_dir"]).glob("events-*.singer.jsonl")
    )
    run_target(config, replay)
    assert event_skus(braze) == sorted(f"S{n}" for n in range(10))


def test_a_request_refused_with_400_is_split_until_the_bad_object_is_alone(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    batch = triggers(20)
    # Braze refuses the whole request: send_to_existing_only false needs attributes.
    batch[13]["send_to_existing_only"] = False
    run_target(config, singer_input({"user_attributes": users(20), "campaign_triggers": batch}))

    sent = sorted(r["external_user_id"] for r in braze.recipients("campaign"))
    assert sent == sorted(f"u{n}" for n in range(20) if n != 13)
    statuses = [r["status"] for r in braze.requests("/campaigns/trigger/send")]
    assert statuses.count(400) >= 2  # the whole request, then halves, down to one recipient
    _, reasons = dead_letter_files(config, "campaign_triggers")
    assert [r["message_key"] for r in reasons] == ["f1:K13:OPEN:u13"]
    assert "attributes" in reasons[0]["reason"]

    # A catalog item over Braze's 5,000-character limit: the same split, another endpoint.
    items = [
        {"catalog_name": "product_availability", "id": f"SKU-{n}", "status": "IN_STOCK"}
        for n in range(8)
    ]
    items[2]["status"] = "x" * 5001
    run_target(config, singer_input({"catalog_items": items}))
    stored = {i["id"] for i in braze.catalogs()["product_availability"]["items"]}
    assert stored == {f"SKU-{n}" for n in range(8) if n != 2}
    _, reasons = dead_letter_files(config, "catalog_items")
    assert "items-too-large" in reasons[0]["reason"]


def test_a_429_storm_is_waited_out_and_nothing_is_lost_or_repeated(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    # A short window, so waiting for each reset stays short.
    braze.rate_limits(users_track={"limit": 3000, "window_seconds": 0.5})
    braze.faults(paths=["/users/track"], rate_limit_next=4)
    run_target(config | {"max_objects_per_request": 10}, singer_input({"events": events(40)}))
    assert event_skus(braze) == sorted(f"S{n}" for n in range(40))
    statuses = [r["status"] for r in braze.requests("/users/track")]
    assert statuses.count(429) == 4
    assert statuses.count(201) == 4


def test_pacing_reads_the_rate_limit_headers_and_stays_under_the_limit(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    braze.rate_limits(users_track={"limit": 6, "window_seconds": 1})
    started = time.monotonic()
    run_target(config | {"max_objects_per_request": 5}, singer_input({"events": events(90)}))
    elapsed = time.monotonic() - started
    statuses = [r["status"] for r in braze.requests("/users/track")]
    assert statuses == [201] * 18  # 18 requests, not one 429
    assert event_skus(braze) == sorted(f"S{n}" for n in range(90))
    assert elapsed >= 2.0  # 18 requests at 6 per second need at least three windows


@pytest.fixture
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same retries, with shorter waits: the test is about what is retried, not how long."""
    monkeypatch.setattr("target_braze.client.BACKOFF_CAP_SECONDS", 0.2)


@pytest.mark.usefixtures("quick_backoff")
def test_5xx_answers_are_retried_with_backoff(braze: SandboxView, config: dict[str, Any]) -> None:
    braze.faults(paths=["/users/track", "/campaigns"], server_error_next=5)
    run_target(config, singer_input({"user_attributes": users(5), "events": events(5)}))
    assert event_skus(braze) == sorted(f"S{n}" for n in range(5))
    statuses = [r["status"] for r in braze.requests("/users/track")]
    assert statuses == [500, 502, 503, 504, 500, 201]


@pytest.mark.usefixtures("quick_backoff")
def test_braze_down_for_good_fails_the_run_without_state(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    braze.faults(paths=["/users/track"], server_error_next=100, server_error_status=503)
    with pytest.raises(BrazeUnavailableError, match="HTTP 503"):
        run_target(config, singer_input({"events": events(3)}, state={"at": 1}))
    assert event_skus(braze) == []


@pytest.mark.usefixtures("quick_backoff")
def test_dropped_connections_repeat_events_but_leave_messages_in_doubt(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    # Events (at least once): the broken request is repeated, each event arrives once.
    braze.faults(paths=["/users/track"], drop_connection_next=2)
    run_target(config, singer_input({"user_attributes": users(8), "events": events(6)}))
    assert event_skus(braze) == sorted(f"S{n}" for n in range(6))

    # Messages (at most once): Braze may have sent them, so they are not repeated but reported
    # in doubt and kept as dead letters for a person to decide.
    braze.faults(paths=["/campaigns/trigger/send"], drop_connection_next=1)
    run = run_target(config, singer_input({"campaign_triggers": triggers(6)}, state={"at": 2}))
    assert braze.recipients("campaign") == []
    assert run.target.runtime.report.total("in_doubt") == 6
    _, reasons = dead_letter_files(config, "campaign_triggers")
    assert len(reasons) == 6
    assert all(r["reason"].startswith("in doubt") for r in reasons)
    assert run.state_messages == ['{"at": 2}']

    # With at_least_once for campaigns, the same break is simply retried.
    braze.faults(paths=["/campaigns/trigger/send"], drop_connection_next=1)
    run_target(
        config | {"in_doubt": {"campaign_triggers": "at_least_once"}},
        singer_input({"campaign_triggers": triggers(8)[6:]}),
    )
    assert sorted(r["external_user_id"] for r in braze.recipients("campaign")) == ["u6", "u7"]
