"""tap-trading-grid | target-warehouse over the sandbox: the rows that land match the ground truth.

The same pipeline `meltano run tap-trading-grid target-warehouse` runs, as two processes joined by
a pipe, with the plugins' own command-line entry points.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from tap_trading_grid.tap import TapTradingGrid
from tests.sandbox_world import UNCOUNTED_STREAMS, SandboxWorld, with_mailbox_documents

SCHEMA = "tap_trading_grid"


def executable(name: str) -> str:
    # Beside the interpreter running the tests (the same environment), else on PATH.
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed"
    return found


def test_the_pipeline_loads_the_scenario_into_the_warehouse(
    sandbox_world: SandboxWorld, tmp_path: Path
) -> None:
    tap_config = tmp_path / "tap.json"
    tap_config.write_text(json.dumps(sandbox_world.settings), encoding="utf-8")
    warehouse = tmp_path / "warehouse.duckdb"
    target_config = tmp_path / "target.json"
    target_config.write_text(
        json.dumps({"path": str(warehouse), "default_target_schema": SCHEMA}), encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TAP_", "TARGET_"))}
    tap_err = (tmp_path / "tap.err").open("w+b")
    target_err = (tmp_path / "target.err").open("w+b")
    with tap_err, target_err:
        tap = subprocess.Popen(
            [executable("tap-trading-grid"), "--config", str(tap_config)],
            stdout=subprocess.PIPE,
            stderr=tap_err,
            env=env,
        )
        target = subprocess.run(
            [executable("target-warehouse"), "--config", str(target_config)],
            stdin=tap.stdout,
            stdout=subprocess.PIPE,
            stderr=target_err,
            env=env,
            check=False,
            timeout=300,
        )
        assert tap.stdout is not None
        tap.stdout.close()
        assert tap.wait(timeout=60) == 0
        tap_err.seek(0)
        target_err.seek(0)
        logs = tap_err.read().decode() + target_err.read().decode()
    assert target.returncode == 0, logs[-3000:]

    # The secrets of the config never appear in either plugin's logs or output.
    for secret in (
        sandbox_world.settings["client_secret"],
        sandbox_world.settings["mailbox_password"],
    ):
        assert secret not in logs
        assert secret not in target.stdout.decode()

    expected = with_mailbox_documents(sandbox_world.expected_counts())
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = {
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = ?", [SCHEMA]
            ).fetchall()
        }
        counts = {
            table: connection.execute(f'select count(*) from {SCHEMA}."{table}"').fetchone()[0]
            for table in tables
        }
    tap_streams = set(TapTradingGrid(config={}, parse_env_config=False).streams)
    decided = {stream: n for stream, n in expected.items() if stream in tap_streams}
    assert set(decided) | UNCOUNTED_STREAMS == tap_streams
    assert {s: counts.get(s, 0) for s in decided} == decided
    for stream in UNCOUNTED_STREAMS:
        assert counts[stream] > 0, stream
    assert tables - {"_sdc_rejected_records"} <= tap_streams
    assert counts.get("_sdc_rejected_records", 0) == 0
