"""Rate limits, faults, missing permissions and secrets, against the emulator's real behaviour."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
import requests

from grid_braze_sandbox.runtime import Sandbox
from tap_braze.ratelimits import seconds_until_retry
from tests.braze_scenario import BrazeSeeder
from tests.tap_runner import run_tap

POOL_STREAMS = [
    "custom_event_names",
    "custom_event_definitions",
    "custom_attributes",
    "products",
    "purchase_quantity_series",
    "purchase_revenue_series",
]


def _seed_small(config: dict) -> BrazeSeeder:
    braze = BrazeSeeder(config["api_url"], config["api_key"])
    now = braze.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    braze.post(
        "/users/track",
        {
            "attributes": [{"external_id": "C1", "tier": "GOLD"}],
            "events": [{"external_id": "C1", "name": "product_viewed", "time": now}],
            "purchases": [
                {
                    "external_id": "C1",
                    "product_id": "SKU-1",
                    "currency": "USD",
                    "price": 5,
                    "time": now,
                }
            ],
        },
        expect=201,
    )
    return braze


def _statuses(braze: BrazeSeeder, path: str = "/") -> list[int]:
    return [r["status"] for r in braze.get(f"/_sandbox/requests?path={path}")["requests"]]


def test_shared_hourly_pool_is_paced_without_a_single_429(
    fresh_config: dict, tmp_path: Path
) -> None:
    braze = _seed_small(fresh_config)
    # The 1,000-an-hour pool shrunk to 3 requests per 2 seconds; the streams need about 7.
    braze.post("/_sandbox/rate_limits", {"events_and_products": {"limit": 3, "window_seconds": 2}})
    started = time.monotonic()
    run = run_tap(tmp_path, fresh_config, streams=POOL_STREAMS)
    elapsed = time.monotonic() - started
    statuses = [
        status
        for path in ("/events", "/custom_attributes", "/purchases")
        for status in _statuses(braze, path)
    ]
    assert len(statuses) > 3
    assert 429 not in statuses
    assert elapsed >= 2  # it waited for at least one window
    assert run.records["products"] == [{"product_id": "SKU-1"}]
    assert [r["name"] for r in run.records["custom_event_definitions"]] == ["product_viewed"]


def test_429_storm_is_retried_after_the_servers_reset(fresh_config: dict, tmp_path: Path) -> None:
    braze = _seed_small(fresh_config)
    # A short default window so that X-RateLimit-Reset is seconds, not an hour, away.
    braze.post("/_sandbox/rate_limits", {"default": {"limit": 100000, "window_seconds": 2}})
    braze.post("/_sandbox/faults", {"rate_limit_next": 3, "paths": ["/segments/list"]})
    run = run_tap(tmp_path, fresh_config, streams=["segments"])
    assert _statuses(braze, "/segments/list") == [429, 429, 429, 200]
    assert [s["id"] for s in run.records["segments"]] == [fresh_config["segment_id"]]


def test_server_errors_and_dropped_connections_are_retried(
    fresh_config: dict, tmp_path: Path
) -> None:
    braze = _seed_small(fresh_config)
    braze.post(
        "/_sandbox/faults",
        {"server_error_next": 2, "drop_connection_next": 1, "paths": ["/kpi/dau/data_series"]},
    )
    run = run_tap(tmp_path, fresh_config, streams=["kpi_dau"])
    assert sum(r["dau"] for r in run.records["kpi_dau"]) == 1
    assert _statuses(braze, "/kpi/dau/data_series").count(200) == 1


def test_maintenance_queued_answer_is_retried(fresh_config: dict, tmp_path: Path) -> None:
    braze = _seed_small(fresh_config)
    braze.post("/_sandbox/faults", {"queued_next": 1, "paths": ["/canvas/list"]})
    run = run_tap(tmp_path, fresh_config, streams=["canvases"])
    assert _statuses(braze, "/canvas/list") == [202, 200]
    assert run.records.get("canvases", []) == []


def test_a_missing_permission_skips_the_stream_with_a_warning(
    fresh_config: dict, tmp_path: Path
) -> None:
    braze = _seed_small(fresh_config)
    braze.post(
        "/_sandbox/api_keys",
        {"key": "kpi-only-key", "permissions": ["kpi.dau.data_series", "segments.list"]},
    )
    config = fresh_config | {"api_key": "kpi-only-key"}
    run = run_tap(tmp_path, config, streams=["campaigns", "kpi_dau", "segments"])
    assert "campaigns" not in run.records
    assert run.records["kpi_dau"]
    assert run.records["segments"]
    assert "Skipping stream 'campaigns'" in run.stderr
    assert "'campaigns.list'" in run.stderr


CANARY = "canary-key-5f1e9b7c-do-not-print"


def test_the_api_key_never_reaches_output_logs_or_state(
    fresh_sandbox: Sandbox, fresh_config: dict, tmp_path: Path
) -> None:
    braze = _seed_small(fresh_config)
    braze.post("/_sandbox/api_keys", {"key": CANARY, "permissions": None})
    config = fresh_config | {"api_key": CANARY}
    run = run_tap(tmp_path, config)
    assert run.records["users"]
    assert CANARY not in run.stdout
    assert CANARY not in run.stderr
    assert CANARY not in json.dumps(run.states)
    # A failing run (the key revoked) does not print it either.
    requests.delete(f"{fresh_config['api_url']}/_sandbox/api_keys/{CANARY}", timeout=10)
    config_file = tmp_path / "revoked.json"
    config_file.write_text(json.dumps(config))
    failed = subprocess.run(
        [sys.executable, "-m", "tap_braze", "--config", str(config_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert failed.returncode != 0
    assert "401" in failed.stderr
    assert CANARY not in failed.stdout + failed.stderr


def test_plain_http_is_refused_for_a_remote_host(tmp_path: Path) -> None:
    config = {"api_url": "http://rest.iad-01.braze.com", "api_key": "k"}
    config_file = tmp_path / "config.json"
    config_file.write_text(json.dumps(config))
    failed = subprocess.run(
        [sys.executable, "-m", "tap_braze", "--config", str(config_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert failed.returncode != 0
    assert "must be an https:// URL" in failed.stderr


def _response(status: int, headers: dict[str, str]) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers)
    return response


def test_retry_waits_follow_the_servers_headers() -> None:
    assert seconds_until_retry(_response(429, {"Retry-After": "7"}), 1) == 7
    in_ten = format_datetime(datetime.now(UTC) + timedelta(seconds=10), usegmt=True)
    assert 8 <= seconds_until_retry(_response(503, {"Retry-After": in_ten}), 1) <= 10
    reset = str(int(time.time()) + 20)
    limited = _response(429, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
    assert 18 <= seconds_until_retry(limited, 1) <= 21
    # A 429 with budget left (an export already running) backs off instead of waiting an hour.
    busy = _response(429, {"X-RateLimit-Remaining": "900", "X-RateLimit-Reset": reset})
    assert seconds_until_retry(busy, 3) == 4
    assert seconds_until_retry(None, 1) == 1
    assert seconds_until_retry(_response(500, {}), 20) == 60


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://rest.fra-01.braze.eu", True),
        ("http://127.0.0.1:8470", True),
        ("http://localhost:8470", True),
        ("http://[::1]:8470", True),
        ("http://rest.iad-01.braze.com", False),
        ("ftp://127.0.0.1", False),
    ],
)
def test_only_loopback_may_use_plain_http(url: str, accepted: bool) -> None:
    from singer_sdk.exceptions import ConfigValidationError

    from tap_braze.urls import require_tls_unless_loopback

    if accepted:
        assert require_tls_unless_loopback(url, "api_url") == url
    else:
        with pytest.raises(ConfigValidationError):
            require_tls_unless_loopback(url, "api_url")
