"""The foundation end to end: `meltano run` through the warehouse, with counts at every hop."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import subprocess
import sys
from collections import defaultdict

import duckdb
import pytest

from .conftest import IsolatedProject

# The sample, described independently of the dbt models that aggregate it: order n belongs to
# customer n // 5, whose region cycles through four names; its total is 10.5 + 1.25 n.
ORDERS = 40
REGIONS = ("Île-de-France", "東京", "São Paulo", "North-East")


def _expected_region_totals() -> dict[str, tuple[int, int, decimal.Decimal]]:
    orders: dict[str, int] = defaultdict(int)
    customers: dict[str, set[int]] = defaultdict(set)
    totals: dict[str, decimal.Decimal] = defaultdict(decimal.Decimal)
    for n in range(ORDERS):
        customer = n // 5
        region = REGIONS[customer % 4]
        orders[region] += 1
        customers[region].add(customer)
        totals[region] += decimal.Decimal("10.5") + decimal.Decimal("1.25") * n
    return {r: (orders[r], len(customers[r]), totals[r]) for r in orders}


def _warehouse_rows(project: IsolatedProject, sql: str) -> list[tuple]:
    with duckdb.connect(str(project.warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_the_demo_job_carries_the_sample_through_every_hop(project: IsolatedProject) -> None:
    for run in (1, 2):  # the second run shows upserts and incremental reads hold
        result = project.meltano("run", "demo-sample")
        assert result.returncode == 0, result.stderr[-3000:]

        # Hop 1: tap-sample → target-warehouse, raw schema named after the extractor.
        assert _warehouse_rows(project, "SELECT count(*) FROM tap_sample.orders") == [(ORDERS,)]
        assert _warehouse_rows(project, "SELECT count(*) FROM tap_sample.customers") == [
            (ORDERS // 5,)
        ]
        big = _warehouse_rows(
            project, "SELECT loyalty_points FROM tap_sample.orders WHERE order_id = 4500000139"
        )
        assert big == [(2**63 + 39,)], f"run {run}: integers beyond BIGINT must stay exact"

        # Hop 2: dbt builds the mart in its own schema, with the enforced primary key.
        mart = _warehouse_rows(
            project,
            "SELECT region, order_count, customer_count, order_total "
            "FROM marts_sample.sample_region_totals",
        )
        assert {r: (o, c, t) for r, o, c, t in mart} == _expected_region_totals()

        # Hop 3: tap-warehouse--sample → target-csv, every mart row, unicode intact.
        with (project.workspace / "csv" / "sample_region_totals.csv").open(encoding="utf-8") as f:
            exported = list(csv.DictReader(f))
        assert {
            row["region"]: (
                int(row["order_count"]),
                int(row["customer_count"]),
                decimal.Decimal(row["order_total"]),
            )
            for row in exported
        } == _expected_region_totals()
        assert all(row["message_key"] == f"sample:{row['region']}" for row in exported)

    # The job gave the warehouse back.
    assert not project.warehouse.with_name("warehouse.duckdb.job.lock").exists()


def test_a_second_job_fails_fast_while_one_holds_the_warehouse(
    project: IsolatedProject,
) -> None:
    # Stand in for a running job: a live process holds the warehouse lock.
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"]) as job:
        try:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "warehouse_core.job_lock",
                    "acquire",
                    "--path",
                    str(project.warehouse),
                    "--holder-pid",
                    str(job.pid),
                ],
                check=True,
            )
            started = dt.datetime.now(dt.UTC)
            result = project.meltano("run", "demo-sample")
            elapsed = dt.datetime.now(dt.UTC) - started
        finally:
            job.kill()

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"held by another job: pid {job.pid}" in output
    assert "do not overlap" in output
    # It stopped before touching anything: no warehouse file was created.
    assert not project.warehouse.exists()
    assert elapsed < dt.timedelta(seconds=60)


@pytest.mark.parametrize(
    "plugin",
    [
        "tap-trading-grid",
        "tap-braze",
        "target-braze",
        "target-trading-grid",
        "target-warehouse",
        "tap-warehouse",
        "tap-warehouse--braze",
        "tap-warehouse--grid",
    ],
)
def test_every_plugin_describes_itself(project: IsolatedProject, plugin: str) -> None:
    result = project.meltano("invoke", plugin, "--about", "--format=markdown")

    assert result.returncode == 0, result.stderr[-2000:]
    assert "## Settings" in result.stdout
    assert "| Setting | Required | Default | Description |" in result.stdout
