"""The demo: run a real pipeline through the warehouse, then report every hop and the flows.

Until the flows exist, the pipeline is the sample: tap-sample → target-warehouse → dbt →
tap-warehouse--sample → target-csv, as the Meltano job `demo-sample`.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
MELTANO = ROOT / ".venv" / "bin" / "meltano"
WAREHOUSE = ROOT / "output" / "warehouse.duckdb"
CSV_OUTPUT = ROOT / "output" / "demo" / "sample_region_totals.csv"

# The seven flows of DESIGN §10 and where each stands.
FLOWS = [
    ("1", "Partner-raised case → campaign per affected customer", "Grid → Braze", "not built yet"),
    (
        "2",
        "Fulfilment exception → event and attributes for the delay path",
        "Grid → Braze",
        "not built yet",
    ),
    ("3", "Required documents approved → Canvas trigger", "Grid → Braze", "not built yet"),
    ("4", "Engagement → demand signals to suppliers (EDI)", "Braze → Grid", "not built yet"),
    ("5", "Incident resolved → service-recovery campaign", "Grid → Braze", "not built yet"),
    (
        "6",
        "Availability → catalog items, restock and delay notices",
        "Grid → Braze",
        "not built yet",
    ),
    ("7", "Feedback loop: customer → partner case → customer", "both", "not built yet"),
]


def run_pipeline() -> None:
    env = {**os.environ, "MELTANO_ENVIRONMENT": os.environ.get("MELTANO_ENVIRONMENT", "dev")}
    print("Running: meltano run demo-sample", flush=True)
    result = subprocess.run(
        [str(MELTANO), "run", "demo-sample"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-4000:])
        raise SystemExit(f"meltano run demo-sample failed with exit code {result.returncode}")


def report() -> None:
    with duckdb.connect(str(WAREHOUSE), read_only=True) as warehouse:
        count = lambda relation: warehouse.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]  # noqa: E731
        hops = [
            (
                "tap-sample → target-warehouse",
                "tap_sample.customers",
                count("tap_sample.customers"),
            ),
            ("", "tap_sample.orders", count("tap_sample.orders")),
            (
                "dbt build",
                "marts_sample.sample_region_totals",
                count("marts_sample.sample_region_totals"),
            ),
        ]
        mart = warehouse.execute(
            "SELECT region, order_count, customer_count, order_total "
            "FROM marts_sample.sample_region_totals ORDER BY region"
        ).fetchall()
    with CSV_OUTPUT.open(encoding="utf-8") as handle:
        csv_rows = list(csv.DictReader(handle))
    hops.append(
        ("tap-warehouse--sample → target-csv", str(CSV_OUTPUT.relative_to(ROOT)), len(csv_rows))
    )

    print("\nRows at every hop")
    for step, where, rows in hops:
        print(f"  {step:38} {where:40} {rows:>5}")
    print("\nThe sample mart (orders per customer region)")
    for region, orders, customers, total in mart:
        print(f"  {region:16} {orders:>4} orders  {customers:>3} customers  {total:>10}")
    print("\nThe seven flows")
    for number, flow, direction, status in FLOWS:
        print(f"  {number}. {flow:66} {direction:13} {status}")


if __name__ == "__main__":
    run_pipeline()
    report()
