"""Our functional acknowledgements → functional_acks (marts_trading_grid): every group a
partner sent us, answered once."""

from __future__ import annotations

import datetime

import pytest

from . import loop_story
from .loop_story import LoopBuild, rows


@pytest.fixture(scope="session")
def loop(tmp_path_factory: pytest.TempPathFactory) -> tuple[LoopBuild, LoopBuild, LoopBuild]:
    return loop_story.loop_builds(tmp_path_factory)


def test_every_partner_group_but_acknowledgements(loop) -> None:
    first, second, _ = loop
    assert rows(first.partner_marts, "functional_acks", "fa") == loop_story.ACKS_1
    assert (
        rows(second.partner_marts, "functional_acks", "fa") == loop_story.ACKS_1 | loop_story.ACKS_2
    )


def test_a_group_is_answered_once(loop) -> None:
    first, second, rerun = loop
    stamp = datetime.datetime.fromisoformat(loop_story.AS_OF_1.replace("Z", ""))
    for key in loop_story.ACKS_1:
        # ACME's 855 delivered again in phase 2 changes nothing.
        assert (
            second.partner_marts["functional_acks"][key]
            == first.partner_marts["functional_acks"][key]
        )
        assert second.partner_marts["functional_acks"][key]["ready_at"] == stamp
    assert rerun.partner_marts["functional_acks"] == second.partner_marts["functional_acks"]
