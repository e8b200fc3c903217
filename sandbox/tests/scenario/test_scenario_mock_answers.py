"""mock-edi's numbering of its answers, predicted from the drive order."""

from __future__ import annotations

from datetime import UTC, datetime

from scenariohelpers import SCENE_START, order

from grid_braze_sandbox.scenario.drivers.recording import RecordingGrid
from grid_braze_sandbox.scenario.generator import Scenario, ScenarioConfig
from grid_braze_sandbox.scenario.grid_walk import GridWalk
from grid_braze_sandbox.scenario.mock_answers import MockNumbering
from grid_braze_sandbox.scenario.purchase_orders import Interchange
from grid_braze_sandbox.scenario.story import story_moments
from grid_braze_sandbox.scenario.timeline import as_of


def day(n: int, hour: int = 0) -> datetime:
    return datetime(2026, 10, n, hour, tzinfo=UTC)


def test_answers_are_numbered_in_the_order_they_fall_due() -> None:
    """As a supplier's mock-edi was seen to do: batches sent on 10-02 (one order), 10-03 (three)
    and 10-04 (one); 855 after 2 h, 856 after 24 h, 810 after 30 h; released at the next clock
    move, the batch's own 997 right after."""
    supplier = "ZZ:ACMESUPPLY"
    numbering = MockNumbering([day(6)])
    first = Interchange(supplier, day(1).date(), 0, (order(1),))
    second = Interchange(supplier, day(2).date(), 0, (order(2), order(3), order(4)))
    third = Interchange(supplier, day(3).date(), 0, (order(5),))
    released = [d for i in (first, second, third) for d in numbering.feed(i)]
    released += list(numbering.finish())
    assert [(d.control, d.kind, d.released_at.day) for d in released[:12]] == [
        (1, "997", 2),
        (2, "855", 3),  # due 10-02T02:00
        (3, "856", 3),  # due 10-03T00:00, released by the move that sends the second batch
        (4, "997", 3),
        (5, "855", 4),
        (6, "855", 4),
        (7, "855", 4),
        (8, "810", 4),  # due 10-03T06:00: before the 856s due at midnight
        (9, "856", 4),
        (10, "856", 4),
        (11, "856", 4),
        (12, "997", 4),
    ]
    assert len(released) == 3 + 5 * 3
    assert released[-1].released_at == day(6)


def test_the_runner_moves_the_clock_where_the_prediction_expects(tmp_path) -> None:
    scenario = Scenario(ScenarioConfig(3, 40, 80))
    walk = GridWalk(scenario, {}, RecordingGrid(tmp_path, SCENE_START))
    story_times = sorted({a.time for a in walk.story_actions()})
    assert story_times == story_moments(scenario.story)
    assert all(a.time <= as_of(1) for a in walk.bulk_batches())
