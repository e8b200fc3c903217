"""Warehouse benchmark: target-warehouse against the SDK's own ceiling, tap-warehouse's memory.

1. Load speed. The same Singer stream goes through target-warehouse and through a target whose
   sink drops its records: the ceiling of any singer-sdk target in one process. The figure that
   matters is the ratio, measured in the same run.
2. Read memory. tap-warehouse reads a table of N rows and of 10 N rows in fresh processes. If rows
   stream, peak memory grows far less than the table (DuckDB's buffer pool is capped by
   memory_limit); the ratio says how much it does.

Run from the repository root: `.venv/bin/python bench/bench_warehouse.py`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

RECORDS = 100_000
ROWS = 1_000_000

NOOP_TARGET = """
import sys
from singer_sdk import BatchSink, Target
from singer_sdk import typing as th

class DropSink(BatchSink):
    def process_batch(self, context):
        context["records"] = []

class DropTarget(Target):
    name = "target-drop"
    config_jsonschema = th.PropertiesList().to_dict()
    default_sink_class = DropSink

DropTarget.cli()
"""


# Runs tap-warehouse and reports its own peak memory (KB) as the last line of stderr. VmHWM,
# not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
MEASURED_TAP = """
import re, runpy, sys
sys.argv[0] = "tap-warehouse"
try:
    runpy.run_module("tap_warehouse", run_name="__main__")
finally:
    status = open("/proc/self/status").read()
    print(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1), file=sys.stderr)
"""


def _messages(path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "sku": {"type": "string"},
            "region": {"type": ["string", "null"]},
            "views": {"type": ["integer", "null"]},
            "at": {"type": ["string", "null"], "format": "date-time"},
            "properties": {"type": ["object", "null"]},
        },
    }
    with path.open("w") as handle:
        handle.write(
            json.dumps(
                {"type": "SCHEMA", "stream": "demand", "key_properties": ["id"], "schema": schema}
            )
            + "\n"
        )
        for n in range(RECORDS):
            record = {
                "id": n,
                "sku": f"SKU-{n % 997}",
                "region": ("EU", "NA", "APAC")[n % 3],
                "views": n % 50,
                "at": f"2026-11-{1 + n % 28:02d}T10:00:00Z",
                "properties": {"cart_id": f"c{n}", "lines": [n % 7, n % 11]},
            }
            handle.write(
                json.dumps({"type": "RECORD", "stream": "demand", "record": record}) + "\n"
            )


def _timed(command: list[str], stdin: Path) -> float:
    with stdin.open() as source:
        started = time.perf_counter()
        subprocess.run(
            command, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        return time.perf_counter() - started


def load_speed(workdir: Path) -> None:
    messages = workdir / "messages.jsonl"
    _messages(messages)
    config = workdir / "target.json"
    config.write_text(
        json.dumps({"path": str(workdir / "load.duckdb"), "default_target_schema": "raw"})
    )
    noop = workdir / "noop_target.py"
    noop.write_text(NOOP_TARGET)

    ceiling = _timed([sys.executable, str(noop)], messages)
    ours = _timed([sys.executable, "-m", "target_warehouse", "--config", str(config)], messages)
    with duckdb.connect(str(workdir / "load.duckdb"), read_only=True) as connection:
        loaded = connection.execute("SELECT count(*) FROM raw.demand").fetchone()[0]
    assert loaded == RECORDS, f"loaded {loaded} of {RECORDS}"

    print(f"load: {RECORDS} records")
    print(f"  no-op SDK target (ceiling)  {RECORDS / ceiling:10.0f} records/s")
    print(f"  target-warehouse            {RECORDS / ours:10.0f} records/s")
    print(f"  ratio to the ceiling        {ceiling / ours:10.2f}  (1.00 = as fast as no-op)")


def _peak_rss_of_tap(warehouse: Path, table: str, workdir: Path) -> tuple[float, int]:
    config = workdir / f"tap-{table}.json"
    config.write_text(
        json.dumps({"path": str(warehouse), "schema": table, "memory_limit": "256MB"})
    )
    result = subprocess.run(
        [sys.executable, "-c", MEASURED_TAP, "--config", str(config)],
        capture_output=True,
        text=True,
        check=True,
    )
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    return peak_kb / 1024, result.stdout.count('"type":"RECORD"')


def read_memory(workdir: Path) -> None:
    warehouse = workdir / "read.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        for schema, rows in (("small", ROWS // 10), ("large", ROWS)):
            connection.execute(f"CREATE SCHEMA {schema}")
            connection.execute(
                f"CREATE TABLE {schema}.events AS SELECT i AS id, "
                "'2026-11-01 00:00:00+00'::TIMESTAMPTZ + to_seconds(i) AS ready_at, "
                "repeat('x', 200) || i::VARCHAR AS payload, "
                "json_object('sku', 'SKU-' || (i % 97)::VARCHAR, 'qty', i % 5) AS properties "
                f"FROM range({rows}) t(i)"
            )
    small_mb, small_rows = _peak_rss_of_tap(warehouse, "small", workdir)
    large_mb, large_rows = _peak_rss_of_tap(warehouse, "large", workdir)
    assert (small_rows, large_rows) == (ROWS // 10, ROWS)
    print(f"read: tap-warehouse peak memory, {ROWS // 10} rows vs {ROWS} rows (~230 bytes each)")
    print(f"  {small_rows:>8} rows  {small_mb:8.1f} MB")
    print(f"  {large_rows:>8} rows  {large_mb:8.1f} MB")
    print(f"  ratio                 {large_mb / small_mb:8.2f}  (10x the rows; 1.00 = flat memory)")
    print("  (DuckDB's buffer pool, capped by memory_limit = 256MB here, accounts for the growth)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="bench-warehouse-") as folder:
        load_speed(Path(folder))
        read_memory(Path(folder))
