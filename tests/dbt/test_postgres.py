"""The same models on a real PostgreSQL server (DESIGN §4): the raw tables of each phase are
copied over from DuckDB, `meltano invoke dbt-postgres:build` runs with the same as_of, and the
marts equal DuckDB's, row for row (ready_at included)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from ..conftest import IsolatedProject
from . import loop_story, story
from .conftest import Build, RawTable, dbt, read_marts_from

USER = "grid"
DATABASE = "warehouse"

# DuckDB column types as target-warehouse writes them, and their Postgres equivalents.
TYPES = {
    "VARCHAR": "text",
    "JSON": "jsonb",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "HUGEINT": "numeric",
    "DOUBLE": "double precision",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "TIMESTAMP": "timestamp",
}


@dataclass
class Server:
    port: int

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=USER, dbname=DATABASE, autocommit=True
        )


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    pytest.fail("PostgreSQL server binaries are missing: `make test` installs Debian's postgresql.")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    # initdb refuses to run as root; the Debian package brings a postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A throwaway PostgreSQL server on a free loopback port, with an empty `warehouse`."""
    binaries = _postgres_bin()
    # pytest's own temporary folders are private to root; the server runs as postgres.
    parent = Path(tempfile.mkdtemp(prefix="dbt-postgres-"))
    parent.chmod(0o777)
    data = parent / "data"
    port = _free_port()
    subprocess.run(
        _as_postgres([str(binaries / "initdb"), "-D", str(data), "-U", USER, "--auth=trust"]),
        check=True,
        capture_output=True,
    )
    command = [str(binaries / "postgres"), "-D", str(data), "-p", str(port)]
    process = subprocess.Popen(
        _as_postgres([*command, "-h", "127.0.0.1", "-k", str(data), "-c", "fsync=off"]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(
                    host="127.0.0.1", port=port, user=USER, dbname="postgres", autocommit=True
                ) as connection:
                    connection.execute(f"create database {DATABASE}")
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    pytest.fail("PostgreSQL did not start within 30 s")
                time.sleep(0.2)
        yield Server(port)
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(parent, ignore_errors=True)


def copy_raw(server: Server, tables: list[RawTable]) -> None:
    """Replace the raw schemas with DuckDB's tables, column names and types kept."""
    with server.connect() as connection:
        for schema in {table.schema for table in tables}:
            connection.execute(f"drop schema if exists {schema} cascade")
            connection.execute(f"create schema {schema}")
        for table in tables:
            columns = ", ".join(
                f'"{name}" {TYPES.get(kind, "text")}' for name, kind in table.columns
            )
            connection.execute(f'create table {table.schema}."{table.name}" ({columns})')
            names = ", ".join(f'"{name}"' for name, _ in table.columns)
            with connection.cursor().copy(
                f'copy {table.schema}."{table.name}" ({names}) from stdin'
            ) as copy:
                for row in table.rows:
                    copy.write_row(row)


def build_on_postgres(project: IsolatedProject, server: Server, as_of: str) -> dict:
    result = dbt(
        project,
        "dbt-postgres",
        as_of,
        env={
            "DBT_POSTGRES_HOST": "127.0.0.1",
            "DBT_POSTGRES_PORT": str(server.port),
            "DBT_POSTGRES_USER": USER,
            "DBT_POSTGRES_DATABASE": DATABASE,
        },
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    assert re.search(r"Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0 ", output), output[-4000:]
    with server.connect() as connection:
        return read_marts_from(connection.execute, lambda cursor: cursor.description)


def test_marts_on_postgres_equal_duckdb(
    builds: tuple[Build, Build], server: Server, tmp_path: Path
) -> None:
    first, second = builds
    project = IsolatedProject(tmp_path)
    copy_raw(server, first.raw)
    assert build_on_postgres(project, server, story.AS_OF_1) == first.marts
    copy_raw(server, second.raw)
    assert build_on_postgres(project, server, story.AS_OF_2) == second.marts


def test_partner_marts_and_flow_7b_on_postgres_equal_duckdb(
    tmp_path_factory: pytest.TempPathFactory, server: Server, tmp_path: Path
) -> None:
    """Flows 4, 7 and our functional acknowledgements (their own story) on the same server,
    in a fresh database: every mart equals DuckDB's after each phase."""
    first, second, _ = loop_story.loop_builds(tmp_path_factory)
    with psycopg.connect(
        host="127.0.0.1", port=server.port, user=USER, dbname="postgres", autocommit=True
    ) as connection:
        connection.execute(f"drop database if exists {DATABASE} with (force)")
        connection.execute(f"create database {DATABASE}")
    project = IsolatedProject(tmp_path)
    for build, as_of in ((first, loop_story.AS_OF_1), (second, loop_story.AS_OF_2)):
        copy_raw(server, build.build.raw)
        assert build_on_postgres(project, server, as_of) == build.build.marts
        with server.connect() as connection:
            partner_marts = loop_story.read_partner_marts_from(
                connection.execute, lambda cursor: cursor.description
            )
        assert partner_marts == build.partner_marts
