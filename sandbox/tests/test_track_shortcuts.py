"""The shortcuts /users/track takes per object give exactly what the plain code gave: event ids,
Currents property strings, the byte size of properties and its bound, remembered times, hour
folders, skipped re-indexing and the fault check."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from braze_http import BrazeHttp

from grid_braze_sandbox.braze.config import BrazeConfig
from grid_braze_sandbox.braze.currents import _hour_folder, properties_json
from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.braze.track import _flat_json_size_bound
from grid_braze_sandbox.clock import SimulatedClock

TIME = "2026-01-05T10:00:00Z"


def test_event_ids_are_the_seeded_uuid4s(tmp_path: Path) -> None:
    service = BrazeService(tmp_path, SimulatedClock(), BrazeConfig(seed=7))
    dice = random.Random(7 + 1)
    expected = [str(uuid.UUID(int=dice.getrandbits(128), version=4)) for _ in range(2000)]
    assert [service.simulation.new_id() for _ in range(2000)] == expected
    service.simulation.reset()
    assert service.simulation.new_id() == expected[0]


def test_currents_properties_are_sorted_compact_json() -> None:
    for properties in (
        None,
        {},
        {"b": 1, "a": [2, {"y": None, "x": "é"}], "c": 1.5},
        {"sku": "SKU-1", "nested": {"z": True, "a": "\u2603"}},
    ):
        expected = json.dumps(properties or {}, sort_keys=True, separators=(",", ":"))
        assert properties_json(properties) == expected


def test_hour_folders_follow_the_moment() -> None:
    moment = datetime(2026, 5, 2, 9, 59, 59, tzinfo=UTC)
    assert _hour_folder(moment) == "2026-05-02-09"
    assert _hour_folder(moment + timedelta(seconds=1)) == "2026-05-02-10"
    east = moment.astimezone(ZoneInfo("Asia/Tokyo"))
    assert _hour_folder(east) == "2026-05-02-09"


def _properties_of_json_length(length: int) -> dict[str, list[str]]:
    """Properties whose JSON text (non-ASCII escaped, 6 bytes per é) is `length` bytes long."""
    properties = {"k": ["é" * 40] * (length // 260)}
    short = length - len(json.dumps(properties))
    properties["p"] = ["x" * max(short - len(', "p": [""]'), 0)]
    assert len(json.dumps(properties).encode()) == length
    return properties


def test_property_size_counts_the_escaped_json_bytes(braze: BrazeHttp) -> None:
    limit = 100 * 1024
    response = braze.track(
        events=[
            {
                "external_id": "c1",
                "name": "e",
                "time": TIME,
                "properties": _properties_of_json_length(limit),
            },
            {
                "external_id": "c1",
                "name": "e",
                "time": TIME,
                "properties": _properties_of_json_length(limit + 1),
            },
        ]
    )
    assert response.status_code == 201
    assert [(e["input_array"], e["index"]) for e in response.json()["errors"]] == [("events", 1)]


def test_a_remembered_time_still_clamps_to_the_clock(braze: BrazeHttp) -> None:
    # The same text is parsed once and remembered; clamping to "now" happens on every request.
    now = braze.admin("GET", "clock")["now"]
    later = "2099-01-01T00:00:00Z"
    braze.track(events=[{"external_id": "c1", "name": "e", "time": later}])
    braze.admin("POST", "clock", {"advance_seconds": 3600})
    braze.track(events=[{"external_id": "c1", "name": "e", "time": later}])
    first, second = (event["time"] for event in braze.user("c1")["custom_events"])
    assert first == now
    assert second > first


def test_the_flat_size_bound_is_never_below_the_real_size() -> None:
    dice = random.Random(3)
    characters = ["a", "\n", "\x00", "é", "\u2603", "\U0001f600", '"', "\\"]

    def text(most: int) -> str:
        return "".join(dice.choice(characters) for _ in range(dice.randint(0, most)))

    for _ in range(5000):
        properties: dict[str, object] = {}
        for _ in range(dice.randint(0, 6)):
            properties[text(5)] = dice.choice(
                [
                    None,
                    True,
                    False,
                    dice.randint(-(10**19), 10**19),
                    dice.random() * 10 ** dice.randint(-300, 300),
                    -1.2345678901234567e-308,
                    float("-inf"),
                    text(30),
                ]
            )
        bound = _flat_json_size_bound(properties)
        assert bound is not None
        assert bound >= len(json.dumps(properties))
    assert _flat_json_size_bound({"nested": {"a": 1}}) is None
    assert _flat_json_size_bound({"big": 10**30}) is None


def test_an_unchanged_user_keeps_its_index_and_a_changed_one_moves(braze: BrazeHttp) -> None:
    braze.track(attributes=[{"external_id": "c1", "tier": "GOLD"}])
    braze.track(attributes=[{"external_id": "c1", "tier": "SILVER"}])
    braze.track(attributes=[{"external_id": "c1", "email": "c1@example.com"}])
    braze.track(attributes=[{"email": "c1@example.com", "tier": "BRONZE"}])
    user = braze.user("c1")
    assert user["custom_attributes"] == {"tier": "BRONZE"}
    assert user["email"] == "c1@example.com"


def test_rejection_faults_still_reach_each_object(braze: BrazeHttp) -> None:
    braze.admin("POST", "faults", {"track_reject_indexes": {"events": [1]}})
    events = [{"external_id": f"c{n}", "name": "e", "time": TIME} for n in range(3)]
    answer = braze.track(events=events).json()
    assert [(e["input_array"], e["index"]) for e in answer["errors"]] == [("events", 1)]
    braze.admin("POST", "faults", {})
    assert "errors" not in braze.track(events=events).json()
