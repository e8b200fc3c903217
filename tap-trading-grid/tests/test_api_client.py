"""The API streams against a fake that can serve equal timestamps across pages, and faults."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from grid_braze_sandbox.httpserver import BackgroundServer
from tap_trading_grid.api_streams import API_STREAM_CLASSES
from tap_trading_grid.client import ApiConfigError, check_api_url
from tests.fake_api import CLIENT_ID, TENANT, FakeApi
from tests.runs import SyncResult, run_tap

CANARY_SECRET = "canary-secret-7f3a9c2e-do-not-log"

T1 = "2026-11-02T10:00:00.000001Z"
T2 = "2026-11-02T10:00:00.000002Z"
T3 = "2026-11-02T10:00:00.000003Z"
T4 = "2026-11-02T10:00:00.000004Z"
T5 = "2026-11-02T10:00:00.000005Z"


def key_of(stream_class: type) -> str:
    (key,) = stream_class.primary_keys
    return key


def first_rows(key: str) -> list[dict[str, Any]]:
    # Two pages of two with page size 2: B and C share T2 across the first boundary, D and E
    # share T3 across the second.
    return [
        {key: "A", "updatedAt": T1},
        {key: "B", "updatedAt": T2},
        {key: "C", "updatedAt": T2},
        {key: "D", "updatedAt": T3},
        {key: "E", "updatedAt": T3},
    ]


@pytest.fixture
def fake_api() -> Iterator[tuple[FakeApi, str]]:
    api = FakeApi(client_secret=CANARY_SECRET)
    for stream_class in API_STREAM_CLASSES:
        api.collections[stream_class.path] = (
            key_of(stream_class),
            first_rows(key_of(stream_class)),
        )
    server = BackgroundServer(api, 0).start()
    try:
        yield api, server.url
    finally:
        server.stop()


def api_config(url: str, **extra: Any) -> dict[str, Any]:
    return {
        "api_url": url,
        "client_id": CLIENT_ID,
        "client_secret": CANARY_SECRET,
        "tenant_id": TENANT,
        **extra,
    }


def bookmark(result: SyncResult, stream: str) -> str:
    assert result.state is not None
    return result.state["bookmarks"][stream]["replication_key_value"]


def test_bookmarks_are_exact_with_equal_timestamps_across_pages(
    fake_api: tuple[FakeApi, str],
) -> None:
    api, url = fake_api
    first = run_tap(api_config(url))
    for stream_class in API_STREAM_CLASSES:
        key = key_of(stream_class)
        name = stream_class.name
        assert [row[key] for row in first.records[name]] == ["A", "B", "C", "D", "E"], name
        assert bookmark(first, name) == T3, name

    # After the first run: F arrives with the bookmark's own timestamp, G later, B changes.
    for stream_class in API_STREAM_CLASSES:
        key = key_of(stream_class)
        rows = api.collections[stream_class.path][1]
        rows.append({key: "F", "updatedAt": T3})
        rows.append({key: "G", "updatedAt": T4})
        next(row for row in rows if row[key] == "B")["updatedAt"] = T5
    api.requests.clear()
    second = run_tap(api_config(url), first.state)
    for stream_class in API_STREAM_CLASSES:
        key = key_of(stream_class)
        name = stream_class.name
        # Inclusive from the bookmark: D and E (at T3) come again, F is not missed, A and C are
        # not read again.
        assert [row[key] for row in second.records[name]] == ["D", "E", "F", "G", "B"], name
        assert bookmark(second, name) == T5, name
    asked = {
        path: args
        for path, args in api.requests
        if path != "/oauth2/token" and "cursor" not in args
    }
    assert all(args["updatedSince"] == T3 for args in asked.values())
    assert second.duplicated_keys() == {}


def test_start_date_is_the_first_runs_lower_bound(fake_api: tuple[FakeApi, str]) -> None:
    _, url = fake_api
    result = run_tap(api_config(url, start_date=T2))
    assert [row["caseId"] for row in result.records["partner_cases"]] == ["B", "C", "D", "E"]


def test_429_and_5xx_are_retried_and_a_refused_token_is_renewed(
    fake_api: tuple[FakeApi, str], caplog: pytest.LogCaptureFixture
) -> None:
    api, url = fake_api
    api.rate_limit_next = 2
    api.server_error_next = 2
    api.expire_tokens_next = 1
    with caplog.at_level(logging.INFO):
        result = run_tap(api_config(url))
    for stream_class in API_STREAM_CLASSES:
        assert len(result.records[stream_class.name]) == 5, stream_class.name
    assert api.tokens_issued == 2
    assert "Retrying" in caplog.text
    assert CANARY_SECRET not in caplog.text
    assert CANARY_SECRET not in result.raw


def test_the_client_secret_appears_in_no_log_or_error(
    fake_api: tuple[FakeApi, str],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    api, url = fake_api
    api.client_secret = "the-server-expects-another-secret"
    partial: list[SyncResult] = []
    with caplog.at_level(logging.DEBUG), pytest.raises(Exception) as failure:  # noqa: PT011
        run_tap(api_config(url), partial=partial)
    assert "401" in str(failure.value)
    assert "invalid_client" in str(failure.value)
    captured = capsys.readouterr()
    for text in (
        str(failure.value),
        repr(failure.value),
        caplog.text,
        captured.out,
        captured.err,
        partial[0].raw,
    ):
        assert CANARY_SECRET not in text


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://api.example.com", True),
        ("http://127.0.0.1:8471", True),
        ("http://localhost:8471/", True),
        ("http://[::1]:8471", True),
        ("http://api.example.com", False),
        ("http://10.0.0.5:8471", False),
        ("ftp://127.0.0.1", False),
    ],
)
def test_plain_http_only_for_loopback(url: str, accepted: bool) -> None:
    if accepted:
        assert check_api_url(url) == url.rstrip("/")
    else:
        with pytest.raises(ApiConfigError):
            check_api_url(url)
