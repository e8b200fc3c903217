"""Flow 7: 7a partner_case_updates (marts_trading_grid); 7b partner_update events and the
loop_closed campaign (marts_braze); flow 1 leaves a feedback case's RESOLVED to 7b."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from . import loop_story
from .loop_story import LoopBuild, rows

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# The phone numbers the story's customers wrote, as digits.
PHONES = ("15550102030", "5550102030", "5550104477")


@pytest.fixture(scope="session")
def loop(tmp_path_factory: pytest.TempPathFactory) -> tuple[LoopBuild, LoopBuild, LoopBuild]:
    return loop_story.loop_builds(tmp_path_factory)


def _stamp(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", ""))


def _braze(build: LoopBuild, table: str, flow: str) -> dict[str, dict[str, Any]]:
    return rows(build.build.marts, table, flow)


def test_7a_comment_on_the_case_or_a_new_process_feedback_case(loop) -> None:
    first, second, _ = loop
    assert rows(first.partner_marts, "partner_case_updates", "7a") == loop_story.UPDATES_1
    assert rows(second.partner_marts, "partner_case_updates", "7a") == loop_story.UPDATES_1


def test_7b_partner_comments_after_the_feedback_become_partner_update(loop) -> None:
    first, second, _ = loop
    assert _braze(first, "events", "7b") == loop_story.PARTNER_UPDATES_1
    assert (
        _braze(second, "events", "7b")
        == loop_story.PARTNER_UPDATES_1 | loop_story.PARTNER_UPDATES_2
    )


def test_7b_loop_closed_replaces_flow_1_resolved(loop) -> None:
    first, second, _ = loop
    assert _braze(first, "campaign_triggers", "7b") == {}
    assert _braze(second, "campaign_triggers", "7b") == loop_story.LOOP_CLOSED_2
    first_flow_1 = _braze(first, "campaign_triggers", "1")
    second_flow_1 = _braze(second, "campaign_triggers", "1")
    assert {key for key in first_flow_1 if ":CASE-71:" in key} == loop_story.CASE_71_FLOW_1
    assert {key for key in second_flow_1 if ":CASE-71:" in key} == (
        loop_story.CASE_71_FLOW_1 | loop_story.CASE_71_FLOW_1_2
    )


def test_only_deltas_after_the_next_phase_and_nothing_on_a_rerun(loop) -> None:
    _, second, rerun = loop
    for key in loop_story.UPDATES_1:
        assert second.partner_marts["partner_case_updates"][key]["ready_at"] == _stamp(
            loop_story.AS_OF_1
        )
    for key in loop_story.PARTNER_UPDATES_1:
        assert second.build.marts["events"][key]["ready_at"] == _stamp(loop_story.AS_OF_1)
    for key in loop_story.PARTNER_UPDATES_2:
        assert second.build.marts["events"][key]["ready_at"] == _stamp(loop_story.AS_OF_2)
    for key in loop_story.LOOP_CLOSED_2:
        assert second.build.marts["campaign_triggers"][key]["ready_at"] == _stamp(
            loop_story.AS_OF_2
        )
    assert rerun.partner_marts == second.partner_marts
    assert rerun.build.marts == second.build.marts


def test_nothing_personal_in_any_partner_bound_row(loop) -> None:
    _, second, _ = loop
    customers = {user["external_id"] for user in loop_story.customers()["users"]}
    names = {
        name
        for user in loop_story.customers()["users"]
        for name in (user["first_name"], user["last_name"])
    }
    values = [
        str(value)
        for table in loop_story.PARTNER_MARTS
        for row in second.partner_marts[table].values()
        for column, value in row.items()
        if column != "ready_at" and value is not None
    ]
    assert values
    for value in values:
        assert not EMAIL.search(value), value
        assert not any(phone in re.sub(r"\D", "", value) for phone in PHONES), value
        assert not any(customer in value for customer in customers), value
        assert not any(re.search(rf"\b{name}\b", value, re.IGNORECASE) for name in names), value
