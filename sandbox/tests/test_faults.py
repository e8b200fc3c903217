"""Faults switched on per test: 429 storms, 5xx, latency, dropped connections, partial errors."""

from __future__ import annotations

import time

import pytest
import requests
from braze_http import BrazeHttp

ONE_ATTRIBUTE = {"attributes": [{"external_id": "c1"}]}


def test_rate_limit_storm(braze: BrazeHttp) -> None:
    braze.admin("POST", "faults", {"rate_limit_next": 3})
    statuses = [braze.get("/campaigns/list") for _ in range(4)]
    assert [r.status_code for r in statuses] == [429, 429, 429, 200]
    assert all("X-RateLimit-Reset" in r.headers for r in statuses)
    assert statuses[0].headers["X-RateLimit-Remaining"] == "0"
    assert isinstance(statuses[0].json()["message"], str)


def test_server_errors_on_demand_and_at_a_rate(braze: BrazeHttp) -> None:
    braze.admin("POST", "faults", {"server_error_next": 4})
    assert [braze.get("/campaigns/list").status_code for _ in range(5)] == [500, 502, 503, 504, 200]
    braze.admin("POST", "faults", {"server_error_rate": 0.5, "server_error_status": 503, "seed": 3})
    statuses = [braze.get("/campaigns/list").status_code for _ in range(40)]
    assert set(statuses) == {200, 503}
    braze.admin("POST", "faults", {"server_error_rate": 0.5, "server_error_status": 503, "seed": 3})
    assert [braze.get("/campaigns/list").status_code for _ in range(40)] == statuses  # seeded


def test_latency(braze: BrazeHttp) -> None:
    braze.admin("POST", "faults", {"latency_seconds": 0.3})
    started = time.monotonic()
    assert braze.get("/campaigns/list").status_code == 200
    assert time.monotonic() - started >= 0.3


def test_dropped_connection(braze: BrazeHttp) -> None:
    braze.admin("POST", "faults", {"drop_connection_next": 1})
    with pytest.raises(requests.ConnectionError):
        braze.post("/users/track", ONE_ATTRIBUTE)
    assert braze.post("/users/track", ONE_ATTRIBUTE).status_code == 201
    log = braze.admin("GET", "requests")["requests"]
    assert [r["status"] for r in log] == [0, 201]  # 0: the client got no answer


def test_queued_maintenance_answer(braze: BrazeHttp) -> None:
    braze.admin("POST", "faults", {"queued_next": 1})
    response = braze.post("/users/track", ONE_ATTRIBUTE)
    assert response.status_code == 202
    assert response.json() == {"message": "queued"}


def test_partial_track_errors(braze: BrazeHttp) -> None:
    braze.admin("POST", "faults", {"track_reject_indexes": {"events": [1]}})
    events = [{"external_id": "c1", "name": "e", "time": "2026-01-01T00:00:00Z"} for _ in range(3)]
    body = braze.post("/users/track", {"events": events}).json()
    assert body["events_processed"] == 2
    assert [(e["input_array"], e["index"]) for e in body["errors"]] == [("events", 1)]
    braze.admin("POST", "faults", {"track_reject_rate": 0.5, "seed": 1})
    attributes = [{"external_id": f"c{i}"} for i in range(40)]
    mixed = braze.post("/users/track", {"attributes": attributes}).json()
    assert 0 < mixed["attributes_processed"] < 40
    assert mixed["attributes_processed"] + len(mixed["errors"]) == 40


def test_faults_can_target_paths_and_never_touch_the_sandbox_api(braze: BrazeHttp) -> None:
    braze.admin("POST", "faults", {"paths": ["/users/track"], "server_error_rate": 1.0})
    assert braze.get("/campaigns/list").status_code == 200
    assert braze.post("/users/track", ONE_ATTRIBUTE).status_code >= 500
    assert braze.admin("GET", "users")["users"] == []
    braze.admin("DELETE", "faults")
    assert braze.post("/users/track", ONE_ATTRIBUTE).status_code == 201


def test_unknown_fault_is_refused(braze: BrazeHttp) -> None:
    response = requests.post(f"{braze.base}/_sandbox/faults", json={"meteor": True}, timeout=5)
    assert response.status_code == 400


def test_answer_dropped_after_processing(braze: BrazeHttp) -> None:
    braze.admin("POST", "faults", {"drop_answer_next": 1})
    with pytest.raises(requests.ConnectionError):
        braze.post("/users/track", ONE_ATTRIBUTE)
    # The client saw nothing, yet Braze applied the request.
    assert braze.user("c1")["external_id"] == "c1"
    [logged] = braze.admin("GET", "requests")["requests"]
    assert logged["status"] == 201
    assert logged["answer_dropped"] is True
