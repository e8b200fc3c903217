"""A fresh Braze sandbox per test, and a target config that points at it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy

from grid_braze_sandbox.braze.config import BrazeConfig
from grid_braze_sandbox.runtime import Sandbox, running_sandbox
from tests.helpers import SandboxView

CAMPAIGNS = (
    "partner_case_update",
    "service_recovery",
    "restock_notice",
    "delay_notice",
    "loop_closed",
)
CANVASES = (
    "next_step_onboarding",
    "next_step_claim",
    "next_step_warranty",
    "next_step_financial_approval",
)


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    pytest.fail("PostgreSQL server binaries are missing: `make test` installs Debian's postgresql.")


def _as_postgres(command: list[str]) -> list[str]:
    # initdb refuses to run as root; the Debian package brings a postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server on a free loopback port; yields a URL without a database."""
    binaries = _postgres_bin()
    parent = Path(tempfile.mkdtemp(prefix="target-braze-postgres-"))
    parent.chmod(0o777)  # the server runs as postgres; pytest's folders are private to root
    data = parent / "data"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    subprocess.run(
        _as_postgres([str(binaries / "initdb"), "-D", str(data), "-U", "ledger", "--auth=trust"]),
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(
        _as_postgres(
            [
                str(binaries / "postgres"),
                *("-D", str(data), "-p", str(port), "-h", "127.0.0.1", "-k", str(data)),
            ]
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"postgresql+psycopg://ledger@127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            probe = subprocess.run(
                _as_postgres([str(binaries / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)]),
                capture_output=True,
                check=False,
            )
            if probe.returncode == 0:
                break
            assert time.monotonic() < deadline, "PostgreSQL did not start within 30 s"
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The ledger on SQLite, and on a fresh database of a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    server: str = request.getfixturevalue("postgres_server")
    database = f"ledger_{tmp_path.name.lower().replace('-', '_')[-40:]}"
    engine = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{database}"'))
    engine.dispose()
    return f"{server}/{database}"


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with running_sandbox(tmp_path / "sandbox", braze_config=BrazeConfig(seed=1)) as running:
        yield running


@pytest.fixture
def braze(sandbox: Sandbox) -> SandboxView:
    view = SandboxView(sandbox.braze_url)
    # DESIGN §10's logical names; in the sandbox a message's id is its name.
    view.post("/_sandbox/campaigns", [{"name": name} for name in CAMPAIGNS])
    view.post("/_sandbox/canvases", [{"name": name} for name in CANVASES])
    return view


@pytest.fixture
def config(sandbox: Sandbox, tmp_path: Path) -> dict[str, Any]:
    settings = sandbox.braze_settings()
    return {
        "api_url": settings["api_url"],
        "api_key": settings["api_key"],
        "ledger_url": f"sqlite:///{tmp_path / 'ledger.sqlite'}",
        "dead_letter_dir": str(tmp_path / "dead-letters"),
        "dry_run_path": str(tmp_path / "dry-run.jsonl"),
    }
