"""tap-warehouse: keys from the table, inclusive incremental reads, views, JSON schemas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tap_warehouse.tap import TapWarehouse
from warehouse_core.connection import WarehouseBusyError

from .conftest import extract


@pytest.fixture
def marts(warehouse: Path) -> Path:
    warehouse.parent.mkdir(parents=True)
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("CREATE SCHEMA marts")
        connection.execute(
            "CREATE TABLE marts.events (message_key VARCHAR PRIMARY KEY, "
            "ready_at TIMESTAMPTZ NOT NULL, properties JSON)"
        )
        connection.execute(
            "INSERT INTO marts.events VALUES "
            """('k1', '2026-11-01 10:00:00+00', '{"a": 1}'), """
            """('k2', '2026-11-01 11:00:00+00', '{"a": 2}'), """
            """('k3', '2026-11-01 11:00:00+00', '{"a": 3}'), """
            """('k4', '2026-11-01 12:00:00+00', '{"a": 4}')"""
        )
        connection.execute("CREATE VIEW marts.latest AS SELECT * FROM marts.events")
        connection.execute("CREATE SCHEMA other")
        connection.execute("CREATE TABLE other.hidden (x INTEGER)")
    return warehouse


def test_streams_are_the_bare_relation_names_of_one_schema(marts: Path) -> None:
    tap = TapWarehouse(config={"path": str(marts), "schema": "marts"})

    assert sorted(tap.streams) == ["events", "latest"]
    assert tap.streams["events"].primary_keys == ["message_key"]


def test_metadata_sets_the_keys_of_a_relation_without_constraints(marts: Path) -> None:
    tap = TapWarehouse(config={"path": str(marts), "schema": "marts"})
    catalog = tap.catalog_dict
    for entry in catalog["streams"]:
        if entry["tap_stream_id"] == "latest":
            entry["key_properties"] = ["message_key"]
            for item in entry["metadata"]:
                if not item["breadcrumb"]:
                    item["metadata"]["table-key-properties"] = ["message_key"]
                    item["metadata"]["selected"] = True

    tap = TapWarehouse(config={"path": str(marts), "schema": "marts"}, catalog=catalog)

    assert tap.streams["latest"].primary_keys == ["message_key"]


def test_incremental_reads_are_inclusive_of_the_bookmark(marts: Path) -> None:
    first = extract(marts, schema="marts", replication_key="ready_at")
    assert [r["message_key"] for r in first.records["events"]] == ["k1", "k2", "k3", "k4"]
    bookmark = first.state_messages[-1]["value"]["bookmarks"]["events"]
    assert bookmark["replication_key_value"].startswith("2026-11-01T12:00:00")

    state = {
        "bookmarks": {"events": {**bookmark, "replication_key_value": "2026-11-01T11:00:00+00:00"}}
    }
    tap = TapWarehouse(
        config={"path": str(marts), "schema": "marts", "replication_key": "ready_at"},
        state=state,
    )
    emitted: list[dict] = []
    tap.streams["events"]._write_record_message = emitted.append  # capture, don't print
    tap.streams["events"].sync()

    assert [r["message_key"] for r in emitted] == ["k2", "k3", "k4"]


def test_json_columns_go_out_as_objects_with_an_object_schema(marts: Path) -> None:
    tap = extract(marts, schema="marts")

    assert tap.records["events"][0]["properties"] == {"a": 1}
    schema = next(m for m in tap.schema_messages if m["stream"] == "events")["schema"]
    assert schema["properties"]["properties"]["type"] == ["object", "null"]
    assert json.dumps(tap.records["events"][0])  # plain JSON all the way down


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        assert not TapWarehouse(
            config={"path": str(tmp_path / "none.duckdb"), "schema": "marts"}
        ).streams


def test_a_writer_holding_the_file_is_a_clear_error(marts: Path) -> None:
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('held', flush=True); time.sleep(30)",
            str(marts),
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout.readline().strip() == "held"
            with pytest.raises(WarehouseBusyError, match=f"in use by process {holder.pid}"):
                assert not TapWarehouse(config={"path": str(marts), "schema": "marts"}).streams
        finally:
            holder.kill()
