"""The SDK's standard tap suite against the sandbox, over real SFTP and HTTP, and the counts the
scenario's ground truth decides."""

from __future__ import annotations

from typing import Any

import pytest
from singer_sdk.testing import SuiteConfig, get_tap_test_class

from tap_trading_grid.tap import TapTradingGrid
from tests.runs import SyncResult, run_tap
from tests.sandbox_world import (
    SANDBOX_SETTINGS,
    UNCOUNTED_STREAMS,
    SandboxWorld,
    with_mailbox_documents,
)

pytestmark = pytest.mark.usefixtures("sandbox_world")

# Every stream has records in the sandbox world (the scenario plus the extras of
# tests/sandbox_world.py), so no stream is excused from returning records.
TestTapTradingGrid = get_tap_test_class(
    TapTradingGrid,
    config=SANDBOX_SETTINGS,
    suite_config=SuiteConfig(ignore_no_records_for_streams=[]),
)

SECRETS = {"mailbox_password", "mailbox_private_key", "client_secret"}


def test_secrets_are_marked_write_only() -> None:
    secrets = {
        name
        for name, prop in TapTradingGrid.config_jsonschema["properties"].items()
        if prop.get("writeOnly")
    }
    assert secrets == SECRETS


@pytest.fixture(scope="module")
def full_run(sandbox_world: SandboxWorld) -> SyncResult:
    return run_tap(dict(sandbox_world.settings))


def test_every_record_count_matches_the_scenarios_ground_truth(
    sandbox_world: SandboxWorld, full_run: SyncResult
) -> None:
    expected = with_mailbox_documents(sandbox_world.expected_counts())
    streams = set(TapTradingGrid(config={}, parse_env_config=False).streams)
    decided = {s: n for s, n in expected.items() if s in streams}
    assert set(decided) | UNCOUNTED_STREAMS == streams
    assert {s: full_run.counts().get(s, 0) for s in decided} == decided
    for stream in UNCOUNTED_STREAMS:
        assert full_run.counts().get(stream, 0) > 0, stream


def test_primary_keys_are_unique_in_every_stream(full_run: SyncResult) -> None:
    # The SDK's own primary-key test cannot see duplicates (it compares generator objects).
    assert full_run.duplicated_keys() == {}
    for stream, rows in full_run.records.items():
        key_properties = full_run.schemas[stream]["key_properties"]
        assert key_properties, stream
        assert all(row[k] is not None for row in rows for k in key_properties), stream


def test_the_second_run_emits_only_what_changed_after_the_first(
    sandbox_world: SandboxWorld, full_run: SyncResult
) -> None:
    early: SyncResult = sandbox_world.early_run
    # The first run, after phase 2, holds exactly phase 2's ground truth.
    phase2 = with_mailbox_documents(sandbox_world.manifests[2]["raw"])
    mailbox_streams = {s for s in full_run.schemas if s in phase2 and s in _mailbox_stream_names()}
    assert {s: early.counts().get(s, 0) for s in mailbox_streams} == {
        s: phase2[s] for s in mailbox_streams
    }
    later = run_tap(dict(sandbox_world.settings), early.state)
    final = with_mailbox_documents(sandbox_world.expected_counts())
    for stream in _mailbox_stream_names():
        # New files only: the difference between the two ground truths.
        assert later.counts().get(stream, 0) == final.get(stream, 0) - phase2.get(stream, 0), stream
    for stream in _api_stream_names():
        # A stream that had no records yet has no bookmark, and is read from the start.
        bookmarks = early.state["bookmarks"][stream]  # type: ignore[index]
        bookmark = bookmarks.get("replication_key_value", "")
        expected = {
            _key(full_run, stream, r)
            for r in full_run.records[stream]
            if r["updatedAt"] >= bookmark
        }
        # Everything updated since the bookmark, the bookmark's own record included (inclusive),
        # and nothing older.
        assert {_key(later, stream, r) for r in later.records[stream]} == expected, stream
        assert len(later.records[stream]) == len(expected), stream
        everything = {_key(full_run, stream, r) for r in full_run.records[stream]}
        seen = {_key(early, stream, r) for r in early.records[stream]} | expected
        assert seen == everything, stream
    assert later.duplicated_keys() == {}


def _key(result: SyncResult, stream: str, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k] for k in result.schemas[stream]["key_properties"])


def _mailbox_stream_names() -> list[str]:
    from tap_trading_grid.document_streams import DOCUMENT_STREAM_CLASSES

    return [cls.name for cls in DOCUMENT_STREAM_CLASSES]


def _api_stream_names() -> list[str]:
    from tap_trading_grid.api_streams import API_STREAM_CLASSES

    return [cls.name for cls in API_STREAM_CLASSES]
