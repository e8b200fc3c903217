"""Small pieces with exact rules: the series window, the dedupe index, Currents file state."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from tap_braze.currents.dedupe import SeenIds
from tap_braze.currents.file_state import EventTypeProgress
from tap_braze.currents.records import as_object
from tap_braze.windows import DEFAULT_HISTORY_DAYS, first_day_to_read

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("bookmark", "start_date", "lookback", "expected"),
    [
        (None, "2026-11-01T00:00:00Z", 3, date(2026, 11, 1)),
        (None, None, 3, date(2026, 10, 28)),
        ("2026-11-20", None, 3, date(2026, 11, 17)),
        ("2026-11-20", None, 0, date(2026, 11, 20)),
        ("2026-11-20", "2026-11-19T00:00:00Z", 3, date(2026, 11, 19)),
        ("2026-12-30", None, 3, TODAY),
    ],
)
def test_first_day_to_read(
    bookmark: str | None, start_date: str | None, lookback: int, expected: date
) -> None:
    assert first_day_to_read(bookmark, start_date, lookback, TODAY) == expected
    assert DEFAULT_HISTORY_DAYS == 30


def test_seen_ids_tell_first_times_from_repeats() -> None:
    ids = [str(uuid.UUID(int=n, version=4)) for n in range(50_000)]
    seen = SeenIds()
    assert all(seen.first_time(event_id) for event_id in ids)
    assert not any(seen.first_time(event_id) for event_id in ids[::7])
    assert seen.first_time("another-id")
    assert len(seen) == len(ids) + 1
    seen.close()


def test_file_state_keeps_the_watermark_hour_and_the_one_before() -> None:
    progress = EventTypeProgress(None)
    for hour in ("2026-11-27-08", "2026-11-27-09", "2026-11-27-10"):
        progress.mark_read(hour, f"x/event_type=t/date={hour}/1/z/f.avro")
    state = progress.to_state()
    assert state["watermark"] == "2026-11-27-10"
    assert state["files"] == [
        "x/event_type=t/date=2026-11-27-09/1/z/f.avro",
        "x/event_type=t/date=2026-11-27-10/1/z/f.avro",
    ]
    again = EventTypeProgress(state)
    assert again.list_from_hour == "2026-11-27-09"
    assert again.already_read("x/event_type=t/date=2026-11-27-10/1/z/f.avro")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('{"sku":"SKU-1"}', {"sku": "SKU-1"}),
        ("", {}),
        (None, {}),
        ("[1, 2]", {"_unparsed": "[1, 2]"}),
        ("{broken", {"_unparsed": "{broken"}),
    ],
)
def test_properties_become_objects(raw: str | None, expected: dict) -> None:
    assert as_object(raw) == expected
