"""The real `meltano run <job>` (grid-to-braze, braze-to-grid), with the demo's own warehouse,
state, ledgers and outputs.

Every path the job writes is redirected under one workspace through the plugins' own setting
variables (as tests/conftest.py does), so a demo never touches output/warehouse.duckdb, the
project's Meltano system database or its ledgers, and a rerun starts clean.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MELTANO = ROOT / ".venv" / "bin" / "meltano"

# target-braze logs one summary line per stream and one for the run (target-braze README, Logs);
# target-trading-grid one line per stream.
_STREAM_SUMMARY = re.compile(r"Summary for stream '([^']+)': (.*)$")
_RUN_SUMMARY = re.compile(r"Run summary: (.*)$")
_GRID_SUMMARY = re.compile(
    r"target-trading-grid\s+(\w+): (\d+) sent, (\d+) already delivered, (\d+) dead letters"
)


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def dead_letters(self) -> Path:
        return self.root / "dead-letters" / "braze"

    @property
    def grid_dead_letters(self) -> Path:
        return self.root / "dead-letters" / "grid"

    @property
    def dead_letter_dirs(self) -> tuple[Path, Path]:
        return self.dead_letters, self.grid_dead_letters

    @property
    def grid_traffic(self) -> Path:
        """Copies of every file and request the jobs sent the Trading Grid, per phase."""
        return self.root / "grid-traffic"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def env(self, sandbox_settings: dict, as_of: str) -> dict[str, str]:
        warehouse = str(self.warehouse)
        env = {
            **os.environ,
            "MELTANO_ENVIRONMENT": "dev",
            "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
            "MELTANO_CLI_DISABLE_VERSION_CHECK": "true",
            "MELTANO_DATABASE_URI": f"sqlite:///{self.root / 'meltano.db'}",
            "TARGET_WAREHOUSE_PATH": warehouse,
            "TAP_WAREHOUSE_PATH": warehouse,
            "DBT_DUCKDB_PATH": warehouse,
            "WAREHOUSE_LOCK_PATH": warehouse,
            # dbt's compiled files and logs, by the setting's Meltano name and by its alias.
            "DBT_DUCKDB_TARGET_PATH": str(self.root / "dbt" / "target"),
            "DBT_DUCKDB_LOG_PATH": str(self.root / "dbt" / "logs"),
            "DBT_TARGET_PATH": str(self.root / "dbt" / "target"),
            "DBT_LOG_PATH": str(self.root / "dbt" / "logs"),
            "TARGET_BRAZE_LEDGER_URL": f"sqlite:///{self.root / 'ledger-braze.sqlite'}",
            "TARGET_BRAZE_DEAD_LETTER_DIR": str(self.dead_letters),
            "TARGET_BRAZE_DRY_RUN_PATH": str(self.root / "target-braze-dry-run.jsonl"),
            "TARGET_TRADING_GRID_LEDGER_URL": f"sqlite:///{self.root / 'ledger-grid.sqlite'}",
            "TARGET_TRADING_GRID_DEAD_LETTER_DIR": str(self.grid_dead_letters),
            # The dbt utility reads as_of from here: the scenario's simulated clock.
            "AS_OF": as_of,
        }
        # The sandbox's JSON line holds each plugin's settings by name (DESIGN §5), so the job
        # reaches the sandbox on whatever ports it got, the fixed ones included.
        env.update(_plugin_env("TAP_BRAZE", sandbox_settings["braze"]))
        env.update(_plugin_env("TAP_TRADING_GRID", sandbox_settings["trading_grid"]))
        braze = sandbox_settings["braze"]
        env.update(_plugin_env("TARGET_BRAZE", {k: braze[k] for k in ("api_url", "api_key")}))
        env.update(_plugin_env("TARGET_TRADING_GRID", sandbox_settings["trading_grid"]))
        return env


def _plugin_env(prefix: str, settings: dict) -> dict[str, str]:
    return {f"{prefix}_{name.upper()}": str(value) for name, value in settings.items()}


@dataclass
class JobRun:
    job: str
    label: str
    returncode: int
    seconds: float
    log_path: Path
    stream_summaries: dict[str, dict[str, int]] = field(default_factory=dict)
    run_summary: dict[str, int] = field(default_factory=dict)

    @property
    def in_doubt(self) -> int:
        return self.run_summary.get("in_doubt_from_earlier_runs", 0) + self.run_summary.get(
            "in_doubt_this_run", 0
        )


def run_job(
    job: str, workspace: Workspace, sandbox_settings: dict, as_of: str, label: str
) -> JobRun:
    workspace.logs.mkdir(parents=True, exist_ok=True)
    log_path = workspace.logs / f"{job}-{label}.log"
    started = time.monotonic()
    with log_path.open("w", encoding="utf-8") as log:
        result = subprocess.run(
            [str(MELTANO), "run", job],
            cwd=ROOT,
            env=workspace.env(sandbox_settings, as_of),
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=1800,
            check=False,
        )
    run = JobRun(job, label, result.returncode, time.monotonic() - started, log_path)
    _read_target_summaries(run)
    return run


def _read_target_summaries(run: JobRun) -> None:
    for line in run.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        if match := _GRID_SUMMARY.search(line):
            stream, sent, already, dead = match.groups()
            run.stream_summaries[stream] = {
                "sent": int(sent), "already_delivered": int(already), "dead_letters": int(dead),
            }  # fmt: skip
            continue
        if "target-braze" not in line:
            continue
        if match := _STREAM_SUMMARY.search(line):
            run.stream_summaries[match.group(1)] = _counts(match.group(2))
        elif match := _RUN_SUMMARY.search(line):
            run.run_summary = _counts(match.group(1))


def _counts(text: str) -> dict[str, int]:
    counts = {}
    for part in text.split(","):
        name, _, value = part.strip().partition("=")
        if value.strip().isdigit():
            counts[name] = int(value)
    return counts


# Lines that say why a job failed: Meltano's errors, dbt's failures, a plugin's traceback.
_FAILURE = re.compile(r"\[error|Failure in|Error in|Traceback|Error:|error_message")
_LOG_PREFIX = re.compile(r"^\S+Z \[\w+\s*\] ")  # Meltano's timestamp and level
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def failure_lines(run: JobRun, limit: int = 12) -> list[str]:
    lines = run.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    found = [_ANSI.sub("", _LOG_PREFIX.sub("", line)).strip() for line in lines]
    found = [line for line in found if _FAILURE.search(line)]
    return found[:limit]
