"""Run Meltano from the project root against a warehouse, state and outputs of the test's own."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MELTANO = ROOT / ".venv" / "bin" / "meltano"


@dataclass
class IsolatedProject:
    """The project's meltano.yml and installed plugins, pointed at a private workspace."""

    workspace: Path

    @property
    def warehouse(self) -> Path:
        return self.workspace / "warehouse.duckdb"

    @property
    def env(self) -> dict[str, str]:
        warehouse = str(self.warehouse)
        return {
            **os.environ,
            "MELTANO_ENVIRONMENT": "dev",
            "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
            "MELTANO_CLI_DISABLE_VERSION_CHECK": "true",
            # State goes to a system database of the test's own.
            "MELTANO_DATABASE_URI": f"sqlite:///{self.workspace / 'meltano.db'}",
            # Every plugin that opens the warehouse, by its own setting variable.
            "TARGET_WAREHOUSE_PATH": warehouse,
            "TAP_WAREHOUSE_PATH": warehouse,
            "DBT_DUCKDB_PATH": warehouse,
            "WAREHOUSE_LOCK_PATH": warehouse,
            "TARGET_CSV_OUTPUT_PATH": str(self.workspace / "csv"),
        }

    def meltano(
        self, *args: str, timeout: float = 300, extra_env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(MELTANO), *args],
            cwd=ROOT,
            env={**self.env, **(extra_env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@pytest.fixture
def project(tmp_path: Path) -> IsolatedProject:
    if not MELTANO.exists():
        pytest.fail("Run `make test` (or `make bootstrap`) first: .venv/bin/meltano is missing.")
    return IsolatedProject(tmp_path)
