"""One private warehouse per session: the story's phase 1 loaded and built at AS_OF_1, its
snapshot taken, then phase 2 loaded and built at AS_OF_2 (DESIGN §3: marts are incremental)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ..conftest import MELTANO, ROOT, IsolatedProject
from . import raw, story

MART_SCHEMA = "marts_braze"
MARTS = ("campaign_triggers", "canvas_triggers", "events", "user_attributes", "catalog_items")
JSON_COLUMNS = {"trigger_properties", "canvas_entry_properties", "properties"}


RAW_SCHEMAS = ("tap_trading_grid", "tap_braze")


@dataclass
class RawTable:
    schema: str
    name: str
    columns: list[tuple[str, str]]  # (name, DuckDB type)
    rows: list[tuple[Any, ...]]


@dataclass
class Build:
    project: IsolatedProject
    marts: dict[str, dict[str, dict[str, Any]]]  # table -> message_key -> row
    output: str
    raw: list[RawTable]


def dbt(
    project: IsolatedProject,
    plugin: str,
    as_of: str,
    env: dict[str, str] | None = None,
    variables: dict[str, str] | None = None,
):
    """`meltano invoke <plugin>:build` with as_of (and other vars), dbt's target and logs in the
    workspace."""
    workspace = project.workspace
    # Meltano reads a setting from <NAMESPACE>_<SETTING>, e.g. DBT_DUCKDB_TARGET_PATH.
    namespace = plugin.replace("-", "_").upper()
    extra = {
        f"{namespace}_TARGET_PATH": str(workspace / f"{plugin}-target"),
        f"{namespace}_LOG_PATH": str(workspace / f"{plugin}-logs"),
        **(env or {}),
    }
    return subprocess.run(
        [
            str(MELTANO),
            "invoke",
            f"{plugin}:build",
            "--vars",
            json.dumps({"as_of": as_of, **(variables or {})}),
        ],
        cwd=ROOT,
        env={**project.env, **extra},
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
    )


def read_marts(warehouse: Path) -> dict[str, dict[str, dict[str, Any]]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return read_marts_from(connection.execute, lambda cursor: cursor.description)


def read_marts_from(execute, describe) -> dict[str, dict[str, dict[str, Any]]]:
    marts: dict[str, dict[str, dict[str, Any]]] = {}
    present = {
        name
        for (name,) in execute(
            f"select table_name from information_schema.tables where table_schema = '{MART_SCHEMA}'"
        ).fetchall()
    }
    for table in MARTS:
        if table not in present:
            marts[table] = {}
            continue
        cursor = execute(f"select * from {MART_SCHEMA}.{table} order by message_key")
        names = [column[0] for column in describe(cursor)]
        rows = {}
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            for column in JSON_COLUMNS & row.keys():
                if isinstance(row[column], str):
                    row[column] = json.loads(row[column])
            rows[row["message_key"]] = row
        marts[table] = rows
    return marts


def read_raw(warehouse: Path) -> list[RawTable]:
    """Every raw table as it stood when the build ran (the Postgres test copies them)."""
    tables = []
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        names = connection.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema in (?, ?) order by 1, 2",
            list(RAW_SCHEMAS),
        ).fetchall()
        for schema, name in names:
            columns = connection.execute(
                "select column_name, data_type from information_schema.columns"
                " where table_schema = ? and table_name = ? order by ordinal_position",
                [schema, name],
            ).fetchall()
            rows = connection.execute(f'select * from {schema}."{name}"').fetchall()
            tables.append(RawTable(schema, name, columns, rows))
    return tables


def _build(project: IsolatedProject, as_of: str) -> Build:
    result = dbt(project, "dbt-duckdb", as_of)
    if result.returncode != 0:
        pytest.fail(
            f"dbt build at {as_of} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
        )
    return Build(
        project,
        read_marts(project.warehouse),
        result.stdout + result.stderr,
        read_raw(project.warehouse),
    )


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    if not MELTANO.exists():
        pytest.fail("Run `make test` (or `make bootstrap`) first: .venv/bin/meltano is missing.")
    project = IsolatedProject(tmp_path_factory.mktemp("dbt"))
    raw.load(project.warehouse, story.phase_1())
    first = _build(project, story.AS_OF_1)
    raw.load(project.warehouse, story.phase_2())
    second = _build(project, story.AS_OF_2)
    return first, second


@pytest.fixture(scope="session")
def rerun(builds: tuple[Build, Build]) -> Build:
    """A third build an hour later, with nothing new loaded."""
    _, second = builds
    return _build(second.project, story.AS_OF_RERUN)
