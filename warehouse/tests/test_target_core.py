"""The SDK's standard target suite, with checks of what actually landed in DuckDB."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from singer_sdk.testing import get_target_test_class
from singer_sdk.testing.suites import SingerTestSuite
from singer_sdk.testing.target_tests import (
    TargetDuplicateRecords,
    TargetEncodedStringData,
    TargetSchemaUpdates,
)

from target_warehouse.target import TargetWarehouse

from .conftest import query

# The standard suite takes its config when the class is built, so the file lives in a
# directory made for this module.
WAREHOUSE = Path(tempfile.mkdtemp(prefix="target-warehouse-tests-")) / "warehouse.duckdb"


class DuplicateRecordsKeepTheLast(TargetDuplicateRecords):
    """Upserting keeps one row per key, holding the last record sent for it."""

    name = "duplicate_records_keep_the_last"

    @property
    def singer_filepath(self):
        return TargetDuplicateRecords().singer_filepath

    def validate(self) -> None:
        rows = query(WAREHOUSE, "SELECT id, metric FROM main.test_duplicate_records ORDER BY id")
        assert rows == [(1, 100), (2, 20)]


class EncodedStringsKept(TargetEncodedStringData):
    """Unicode, escapes and emoji arrive byte for byte."""

    name = "encoded_strings_kept"

    @property
    def singer_filepath(self):
        return TargetEncodedStringData().singer_filepath

    def validate(self) -> None:
        sent = {
            m["record"]["id"]: m["record"]["info"]
            for m in map(json.loads, self.singer_filepath.read_text().splitlines())
            if m["type"] == "RECORD" and m["stream"] == "test_strings"
        }
        stored = dict(query(WAREHOUSE, "SELECT id, info FROM main.test_strings"))
        assert stored == sent
        assert "简单的字串" in stored.values()


class SchemaUpdatesAddColumns(TargetSchemaUpdates):
    """A schema that grows adds columns and keeps the earlier rows."""

    name = "schema_updates_add_columns"

    @property
    def singer_filepath(self):
        return TargetSchemaUpdates().singer_filepath

    def validate(self) -> None:
        columns = {r[0] for r in query(WAREHOUSE, "DESCRIBE main.test_schema_updates")}
        assert {"id", "a1", "a2", "a3", "a4", "a5", "a6"} <= columns
        (count,) = query(WAREHOUSE, "SELECT count(*) FROM main.test_schema_updates")[0]
        assert count == 6


StandardTargetTests = get_target_test_class(
    TargetWarehouse,
    config={"path": str(WAREHOUSE), "default_target_schema": "main"},
    custom_suites=[
        SingerTestSuite(
            kind="target",
            tests=[DuplicateRecordsKeepTheLast, EncodedStringsKept, SchemaUpdatesAddColumns],
        )
    ],
)


class TestTargetWarehouse(StandardTargetTests):
    """Standard target tests, with a class-scoped resource as pytest 9.2 requires."""

    @pytest.fixture(scope="class")
    @classmethod
    def resource(cls):
        yield WAREHOUSE
        WAREHOUSE.unlink(missing_ok=True)
