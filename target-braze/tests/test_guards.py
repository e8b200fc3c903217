"""Guards against surprises: unknown campaigns, old news, too many messages, pause, dry run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from target_braze.guards import GuardError
from tests.helpers import SandboxView, run_target, singer_input
from tests.test_reliability import events, triggers, users


def api_requests(braze: SandboxView) -> list[dict[str, Any]]:
    return braze.requests()


def test_an_unknown_campaign_stops_the_run_before_anything_is_sent(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    batch = triggers(3) + triggers(1, campaign="no_such_campaign")
    text = singer_input(
        {"user_attributes": users(3), "events": events(3), "campaign_triggers": batch},
        state={"at": 1},
    )
    with pytest.raises(GuardError, match="no_such_campaign"):
        run_target(config, text)
    paths = {r["path"] for r in api_requests(braze)}
    assert paths <= {"/campaigns/details"}  # only the checks; no track, no send
    assert braze.all_users() == []


def test_an_unknown_canvas_is_caught_too(braze: SandboxView, config: dict[str, Any]) -> None:
    record = {"external_id": "u1", "canvas_id": "next_step_nowhere", "message_key": "f3:P:u1"}
    with pytest.raises(GuardError, match="next_step_nowhere"):
        run_target(config, singer_input({"canvas_triggers": [record]}))
    assert braze.sends() == []


def test_old_messages_are_held_back_as_dead_letters(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    now = dt.datetime.now(dt.UTC)
    fresh = (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    stale = (now - dt.timedelta(hours=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    batch = triggers(2)
    batch[0]["ready_at"] = fresh
    batch[1]["ready_at"] = stale
    run_target(
        config | {"max_message_age_hours": 24},
        singer_input({"user_attributes": users(2), "campaign_triggers": batch}),
    )
    assert [r["external_user_id"] for r in braze.recipients("campaign")] == ["u0"]
    reasons = [
        json.loads(line)
        for path in Path(config["dead_letter_dir"]).glob("campaign_triggers-*.reasons.jsonl")
        for line in path.read_text().splitlines()
    ]
    assert [r["message_key"] for r in reasons] == ["f1:K1:OPEN:u1"]
    assert "max_message_age_hours" in reasons[0]["reason"]


def test_max_sends_per_run_refuses_a_batch_that_would_pass_it(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    text = singer_input(
        {"user_attributes": users(5), "campaign_triggers": triggers(5)}, state={"at": 1}
    )
    with pytest.raises(GuardError, match="max_sends_per_run"):
        run_target(config | {"max_sends_per_run": 4}, text)
    assert braze.sends() == []
    run_target(config | {"max_sends_per_run": 5}, text)
    assert len(braze.recipients("campaign")) == 5


def test_paused_sends_nothing_and_emits_no_state(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    text = singer_input({"events": events(3), "campaign_triggers": triggers(3)}, state={"at": 1})
    run = run_target(config | {"paused": True}, text)
    assert run.state_messages == []
    assert api_requests(braze) == []


def test_dry_run_writes_the_requests_and_sends_nothing(
    braze: SandboxView, config: dict[str, Any]
) -> None:
    text = singer_input(
        {"user_attributes": users(3), "events": events(3), "campaign_triggers": triggers(3)},
        state={"at": 1},
    )
    run = run_target(config | {"dry_run": True}, text)
    assert run.state_messages == []
    assert api_requests(braze) == []
    written = [json.loads(line) for line in Path(config["dry_run_path"]).read_text().splitlines()]
    paths = [w["path"] for w in written]
    assert paths == ["/users/track", "/campaigns/trigger/send"]
    track = written[0]["body"]
    assert len(track["attributes"]) == 3
    assert len(track["events"]) == 3
    assert written[1]["body"]["campaign_id"] == "partner_case_update"
    # A dry run remembers nothing: the real run afterwards sends everything.
    run_target(config, text)
    assert len(braze.recipients("campaign")) == 3
