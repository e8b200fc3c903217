"""The SDK's standard tap suite, over a warehouse schema shaped like the marts."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
from singer_sdk.testing import get_tap_test_class

from tap_warehouse.tap import TapWarehouse


def _build_marts(path: Path) -> None:
    """Two tables and a view, as dbt builds them: enforced keys, JSON, timestamps."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute("CREATE SCHEMA marts")
        connection.execute(
            "CREATE TABLE marts.campaign_triggers (message_key VARCHAR PRIMARY KEY, "
            "flow VARCHAR NOT NULL, ready_at TIMESTAMPTZ NOT NULL, external_id VARCHAR, "
            "trigger_properties JSON, attempt INTEGER, credit DECIMAL(12,2), due DATE)"
        )
        connection.execute(
            "INSERT INTO marts.campaign_triggers VALUES "
            "('f1:C1:OPEN:u1', 'partner_case', '2026-11-01 10:00:00+00', 'u1', "
            """'{"case_id": "C1", "po_number": "4500000102"}', 1, 12.50, '2026-11-03'), """
            "('f1:C1:OPEN:u2', 'partner_case', '2026-11-01 11:00:00+00', 'u2', "
            """'{"case_id": "C1", "lines": [1, 2]}', 2, NULL, NULL)"""
        )
        connection.execute(
            "CREATE TABLE marts.user_attributes (message_key VARCHAR PRIMARY KEY, "
            "external_id VARCHAR NOT NULL, order_delayed BOOLEAN, ready_at TIMESTAMPTZ)"
        )
        connection.execute(
            "INSERT INTO marts.user_attributes VALUES "
            "('f2a:u1:true', 'u1', true, '2026-11-01 10:00:00+00')"
        )
        connection.execute(
            "CREATE VIEW marts.delayed_customers AS "
            "SELECT external_id FROM marts.user_attributes WHERE order_delayed"
        )


WAREHOUSE = Path(tempfile.mkdtemp(prefix="tap-warehouse-tests-")) / "warehouse.duckdb"
_build_marts(WAREHOUSE)

TestTapWarehouse = get_tap_test_class(
    TapWarehouse,
    config={"path": str(WAREHOUSE), "schema": "marts", "replication_key": "ready_at"},
)
