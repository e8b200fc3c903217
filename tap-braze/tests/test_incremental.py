"""Incremental runs: series re-read a trailing window; Currents files are read once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fastavro

from grid_braze_sandbox.runtime import Sandbox, running_sandbox
from tap_braze.currents.file_state import hours_before
from tests.braze_scenario import (
    BrazeSeeder,
    iso,
    scenario_braze_config,
    scenario_clock_start,
)
from tests.shared_sandbox import tap_config
from tests.tap_runner import TapRun, run_tap


def _counts_by_day(run: TapRun) -> dict[str, int]:
    return {row["time"]: row["count"] for row in run.records["custom_event_series"]}


def _view(customer: str, moment: datetime) -> dict:
    return {
        "external_id": customer,
        "name": "product_viewed",
        "time": iso(moment),
        "properties": {"sku": "SKU-1"},
    }


def test_series_resume_rereads_the_lookback_window_with_revised_days(
    fresh_sandbox: Sandbox, fresh_config: dict, tmp_path: Path
) -> None:
    braze = BrazeSeeder(fresh_config["api_url"], fresh_config["api_key"])
    start = braze.now()
    day_a = start.date().isoformat()
    braze.post("/users/track", {"attributes": [{"external_id": "C1"}]}, expect=201)
    braze.post("/users/track", {"events": [_view("C1", start), _view("C1", start)]}, expect=201)
    braze.advance(24 * 3600)
    day_b = braze.now().date().isoformat()
    braze.post("/users/track", {"events": [_view("C1", braze.now())]}, expect=201)

    first = run_tap(tmp_path, fresh_config, streams=["custom_event_series"], name="first")
    today = datetime.now(UTC).date()
    counts = _counts_by_day(first)
    assert counts[day_a] == 2
    assert counts[day_b] == 1
    assert sum(counts.values()) == 3
    assert min(counts) == fresh_config["start_date"][:10]
    assert max(counts) == today.isoformat()

    # Braze revises a past day (a late event for day A), and the day after B gets one more.
    braze.post("/users/track", {"events": [_view("C1", start + timedelta(minutes=1))]}, expect=201)
    braze.advance(3600)
    braze.post("/users/track", {"events": [_view("C1", braze.now())]}, expect=201)
    day_now = braze.now().date().isoformat()

    second = run_tap(
        tmp_path, fresh_config, streams=["custom_event_series"], state=first.final_state, name="2"
    )
    lookback = int(fresh_config.get("lookback_days", 3))
    expected_days = [(today - timedelta(days=n)).isoformat() for n in range(lookback, -1, -1)]
    assert [row["time"] for row in second.records["custom_event_series"]] == expected_days
    revised = _counts_by_day(second)
    assert revised[day_a] == 3
    assert revised[day_now] == (2 if day_now == day_b else 1)

    # With no lookback, only the bookmarked day (today) is read again: the window is exact.
    exact = run_tap(
        tmp_path,
        fresh_config | {"lookback_days": 0},
        streams=["custom_event_series"],
        state=second.final_state,
        name="3",
    )
    assert [row["time"] for row in exact.records["custom_event_series"]] == [today.isoformat()]


def _ids_in_files(root: Path, paths: set[Path]) -> list[str]:
    ids = []
    for path in sorted(paths):
        with path.open("rb") as handle:
            ids.extend(record["id"] for record in fastavro.reader(handle))
    return ids


def _custom_event_files(currents_root: Path) -> set[Path]:
    return set(currents_root.glob("*/event_type=users.behaviors.CustomEvent/**/*.avro"))


def test_currents_events_are_emitted_once_across_runs_over_overlapping_files(
    tmp_path: Path,
) -> None:
    with running_sandbox(
        tmp_path / "sandbox",
        braze_config=scenario_braze_config(duplicate_rate=0.5),
        clock_start=scenario_clock_start(),
    ) as sandbox:
        config = tap_config(sandbox, sandbox.clock.now())
        currents_root = sandbox.braze.currents_root
        braze = BrazeSeeder(config["api_url"], config["api_key"])
        customers = [f"C{n}" for n in range(10)]
        braze.post(
            "/users/track", {"attributes": [{"external_id": c} for c in customers]}, expect=201
        )
        now = braze.now()
        braze.post("/users/track", {"events": [_view(c, now) for c in customers * 4]}, expect=201)
        braze.flush_currents()  # the originals; half of them come again with the next flush
        files_before = _custom_event_files(currents_root)
        first = run_tap(tmp_path, config, streams=["currents_custom_events"], name="first")

        # More events in the same hour: the hour folder read by the first run gets new files.
        braze.post("/users/track", {"events": [_view(c, now) for c in customers * 3]}, expect=201)
        braze.flush_currents()
        braze.flush_currents()
        files_after = _custom_event_files(currents_root) - files_before
        second = run_tap(
            tmp_path,
            config,
            streams=["currents_custom_events"],
            state=first.final_state,
            name="second",
        )

    first_ids = [r["id"] for r in first.records["currents_custom_events"]]
    second_ids = [r["id"] for r in second.records["currents_custom_events"]]
    # Each run emits each event once, and exactly the events of the files it had not read.
    assert len(first_ids) == len(set(first_ids))
    assert len(second_ids) == len(set(second_ids))
    assert set(first_ids) == set(_ids_in_files(currents_root, files_before))
    assert set(second_ids) == set(_ids_in_files(currents_root, files_after))
    # Some events read by the first run came again in files only the second run read.
    assert set(first_ids) & set(second_ids)
    # Across runs, only redeliveries of already-read events repeat; keyed on id, every event is
    # there exactly once (staging deduplicates on id).
    assert len(set(first_ids) | set(second_ids)) == 70
    assert Counter(first_ids + second_ids).most_common(1)[0][1] <= 2

    # The state remembers files of the watermark hour and the hour before only.
    progress = second.final_state["bookmarks"]["currents_custom_events"]["currents_files"]
    for event_type_progress in progress.values():
        oldest = hours_before(event_type_progress["watermark"], 1)
        assert all(
            f"date={oldest}" in key or f"date={event_type_progress['watermark']}" in key
            for key in event_type_progress["files"]
        )
