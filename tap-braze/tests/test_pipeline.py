"""tap-braze piped into target-warehouse, as `meltano run tap-braze target-warehouse` does.

The loaded row counts are checked against the scenario's ground truth, and a second run with the
first run's state changes none of them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import typing as t
from pathlib import Path

import duckdb

from tests.braze_scenario import CUSTOMERS, GroundTruth
from tests.shared_sandbox import SeededSandbox

BIN = Path(sys.executable).parent


def _pipeline(workdir: Path, config: dict, state: dict | None, name: str) -> dict[str, t.Any]:
    """Run tap | target; return the last state the target confirmed."""
    tap_config = workdir / f"{name}-tap.json"
    tap_config.write_text(json.dumps(config))
    target_config = workdir / "target.json"
    target_config.write_text(
        json.dumps(
            {"path": str(workdir / "warehouse.duckdb"), "default_target_schema": "tap_braze"}
        )
    )
    tap_command = [str(BIN / "tap-braze"), "--config", str(tap_config)]
    if state is not None:
        state_file = workdir / f"{name}-state.json"
        state_file.write_text(json.dumps(state))
        tap_command += ["--state", str(state_file)]
    with subprocess.Popen(tap_command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as tap:
        target = subprocess.run(
            [str(BIN / "target-warehouse"), "--config", str(target_config)],
            stdin=tap.stdout,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert tap.wait(timeout=240) == 0
    assert target.returncode == 0, target.stderr[-3000:]
    states = [json.loads(line) for line in target.stdout.splitlines() if line.strip()]
    return states[-1]


def _counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = connection.execute(
            "select table_name from information_schema.tables where table_schema = 'tap_braze'"
        ).fetchall()
        return {
            name: connection.execute(f'select count(*) from tap_braze."{name}"').fetchone()[0]
            for (name,) in tables
        }


def test_engagement_lands_in_the_warehouse_once(
    seeded: SeededSandbox, truth: GroundTruth, tmp_path: Path
) -> None:
    state = _pipeline(tmp_path, seeded.config, None, "first")
    loaded = _counts(tmp_path / "warehouse.duckdb")
    expected = {
        "currents_custom_events": sum(truth.custom_events.values()),
        "currents_purchases": truth.purchases,
        "currents_message_engagement": truth.message_engagement,
        "currents_conversions": truth.conversions,
        "currents_canvas_entries": truth.canvas_entries,
        "currents_subscription_changes": truth.subscription_changes,
        "users": len(CUSTOMERS),
        "catalog_items": truth.catalog_items,
    }
    assert {name: loaded.get(name) for name in expected} == expected
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        views = connection.execute(
            "select count(*) from tap_braze.currents_custom_events "
            "where name = 'product_viewed' and json_extract_string(properties, '$.sku') is not null"
        ).fetchone()[0]
    assert views == truth.custom_events["product_viewed"]

    _pipeline(tmp_path, seeded.config, state, "second")
    assert _counts(tmp_path / "warehouse.duckdb") == loaded
