"""Flow 4: demand signals → demand_signals (marts_trading_grid), with k-anonymity."""

from __future__ import annotations

import datetime

import pytest

from . import loop_story
from .loop_story import LoopBuild, rows


@pytest.fixture(scope="session")
def loop(tmp_path_factory: pytest.TempPathFactory) -> tuple[LoopBuild, LoopBuild, LoopBuild]:
    return loop_story.loop_builds(tmp_path_factory)


def _stamp(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", ""))


def test_settled_days_with_enough_customers_per_supplying_partner(loop) -> None:
    first, second, _ = loop
    assert rows(first.partner_marts, "demand_signals", "4") == loop_story.DEMAND_1
    assert (
        rows(second.partner_marts, "demand_signals", "4")
        == loop_story.DEMAND_1 | loop_story.DEMAND_2
    )


def test_no_cell_below_k_distinct_customers(loop) -> None:
    _, second, _ = loop
    signals = second.partner_marts["demand_signals"].values()
    assert signals
    assert all(row["distinct_customers"] >= 5 for row in signals)
    # The suppressed cells: SKU-D in the SOUTH and c-n1's lone views before 10-29.
    assert not [row for row in signals if row["region"] == "SOUTH"]
    assert {row["period_start"] for row in signals} == {"2026-10-10", "2026-10-29", "2026-10-30"}


def test_each_day_is_sent_once_and_only_deltas_follow(loop) -> None:
    first, second, rerun = loop
    for key in loop_story.DEMAND_1:
        assert first.partner_marts["demand_signals"][key]["ready_at"] == _stamp(loop_story.AS_OF_1)
        # The late SKU-E view on 10-10 changes nothing that was sent.
        assert (
            second.partner_marts["demand_signals"][key]
            == first.partner_marts["demand_signals"][key]
        )
    for key in loop_story.DEMAND_2:
        assert second.partner_marts["demand_signals"][key]["ready_at"] == _stamp(loop_story.AS_OF_2)
    assert rerun.partner_marts["demand_signals"] == second.partner_marts["demand_signals"]
