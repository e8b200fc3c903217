"""The ledger: reruns skip what was delivered, unchanged attributes are not resent, runs that
share a ledger cannot overlap, and the ledger holds no personal data."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from delivery_ledger import LedgerBusyError

from tests.helpers import SandboxView, run_target, singer_input
from tests.test_reliability import event_skus, events, triggers, users


def test_a_rerun_skips_delivered_keys_and_unchanged_attributes(
    braze: SandboxView, config: dict[str, Any], ledger_url: str
) -> None:
    config = config | {"ledger_url": ledger_url}
    attributes = [
        {"external_id": f"u{n}", "tier": "GOLD", "region": "EU", "message_key": f"f2a:u{n}"}
        for n in range(10)
    ]
    text = singer_input(
        {"user_attributes": attributes, "events": events(10), "campaign_triggers": triggers(10)}
    )
    run_target(config, text)
    first = len(braze.requests())
    run_target(config, text)
    again = braze.requests()[first:]
    # Nothing is sent the second time; only the campaign guard asks again.
    assert {r["path"] for r in again} == {"/campaigns/details"}
    assert len(event_skus(braze)) == 10
    assert len(braze.recipients("campaign")) == 10

    # One user's tier changes: only that attribute object goes out.
    attributes[3] = attributes[3] | {"tier": "SILVER"}
    run_target(config, singer_input({"user_attributes": attributes}))
    track = braze.requests("/users/track")[-1]["body"]
    assert track == {"attributes": [{"external_id": "u3", "tier": "SILVER", "region": "EU"}]}
    assert braze.users()["u3"]["custom_attributes"]["tier"] == "SILVER"


def test_records_without_a_message_key_are_keyed_by_their_hash(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    keyless = [{k: v for k, v in e.items() if k != "message_key"} for e in events(5)]
    text = singer_input({"user_attributes": users(5), "events": keyless})
    run_target(config, text)
    run_target(config, text)
    assert event_skus(braze) == sorted(f"S{n}" for n in range(5))


def test_a_configured_message_key_field(braze: SandboxView, config: dict[str, Any]) -> None:
    batch = events(4)
    for n, event in enumerate(batch):
        event["properties"]["event_id"] = f"id{n}"
    # Two runs whose rows differ only in bookkeeping, keyed by a column of their own.
    text = singer_input({"events": batch})
    run_target(config | {"message_key_field": "flow"}, text)
    assert len(event_skus(braze)) == 4


def test_two_runs_sharing_a_ledger_cannot_overlap(
    braze: SandboxView, config: dict[str, Any], tmp_path: Path, ledger_url: str
) -> None:
    config = config | {"ledger_url": ledger_url}
    braze.faults(paths=["/users/track"], latency_seconds=1.0)
    config_file = tmp_path / "config.json"
    # Four requests one after another: the first run holds the ledger for four seconds.
    one_at_a_time = {"max_objects_per_request": 1, "max_concurrent_requests": 1}
    config_file.write_text(json.dumps(config | one_at_a_time))
    slow = subprocess.Popen(
        [sys.executable, "-m", "target_braze", "--config", str(config_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert slow.stdin is not None
    slow.stdin.write(singer_input({"events": events(4)}))
    slow.stdin.close()
    deadline = time.monotonic() + 30
    while not braze.requests() and time.monotonic() < deadline:
        time.sleep(0.05)  # the first run holds the ledger and waits on Braze
    with pytest.raises(LedgerBusyError, match="cannot overlap"):
        run_target(config, singer_input({"events": events(6)}))
    assert slow.wait(timeout=60) == 0
    braze.faults()
    run_target(config, singer_input({"events": events(6)}))  # free again once it ended
    assert event_skus(braze) == sorted(f"S{n}" for n in range(6))


def test_the_ledger_keeps_hashes_not_personal_data(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    run_target(
        config,
        singer_input(
            {"user_attributes": users(3), "events": events(3), "campaign_triggers": triggers(3)}
        ),
    )
    ledger_files = list(
        Path(config["ledger_url"].removeprefix("sqlite:///")).parent.glob("ledger*")
    )
    content = b"".join(path.read_bytes() for path in ledger_files)
    assert content
    for secret in (b"u1", b"f1:K1", b"GOLD", b"S1", b"product_viewed"):
        assert secret not in content
