"""Helpers shared by the warehouse tests: run the target and the tap in-process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import pytest
from singer_sdk.testing import TapTestRunner, TargetTestRunner

from tap_warehouse.tap import TapWarehouse
from target_warehouse.target import TargetWarehouse


def load(path: Path, messages: list[dict], schema: str = "raw") -> TargetTestRunner:
    """Pipe Singer messages into target-warehouse."""
    lines = "".join(json.dumps(m) + "\n" for m in messages)
    runner = TargetTestRunner(
        TargetWarehouse,
        config={"path": str(path), "default_target_schema": schema},
        input_io=io.StringIO(lines),
    )
    runner.sync_all()
    return runner


def extract(path: Path, schema: str = "raw", **config) -> TapTestRunner:
    """Run tap-warehouse over a schema and keep what it emitted."""
    runner = TapTestRunner(TapWarehouse, config={"path": str(path), "schema": schema, **config})
    runner.sync_all()
    return runner


def query(path: Path, sql: str) -> list[tuple]:
    """Read the warehouse directly, as a person would."""
    with duckdb.connect(str(path), read_only=True) as connection:
        connection.execute("SET TimeZone = 'UTC'")
        return connection.execute(sql).fetchall()


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """A warehouse file that does not exist yet."""
    return tmp_path / "output" / "warehouse.duckdb"
