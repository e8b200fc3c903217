"""The extract job on a sandbox scenario: every raw table holds what the scenario's ground truth
says each tap stream must emit (DESIGN §5 manifest, `raw`)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import pytest

from .conftest import ROOT, IsolatedProject

SANDBOX = ROOT / ".venv" / "bin" / "grid-braze-sandbox"
# tap-braze's streams (DESIGN §11); every other stream in the manifest is tap-trading-grid's.
BRAZE_STREAMS = {
    "campaigns", "campaign_details", "campaign_data_series", "canvases", "canvas_details",
    "canvas_data_series", "canvas_data_summary", "segments", "segment_details",
    "segment_data_series", "custom_event_names", "custom_event_definitions",
    "custom_event_series", "custom_attributes", "products", "purchase_quantity_series",
    "purchase_revenue_series", "kpi_new_users", "kpi_dau", "kpi_mau", "kpi_uninstalls",
    "session_series", "catalogs", "catalog_items", "email_templates", "content_blocks",
    "email_hard_bounces", "email_unsubscribes", "subscription_statuses", "users",
    "currents_message_engagement", "currents_custom_events", "currents_purchases",
    "currents_subscription_changes", "currents_canvas_entries", "currents_conversions",
}  # fmt: skip


@dataclass
class RunningScenario:
    settings: dict
    manifest: dict


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningScenario]:
    """A sandbox on free ports, with phase 1 of a small seeded scenario driven into it."""
    state = tmp_path_factory.mktemp("sandbox")
    with subprocess.Popen(
        [str(SANDBOX), "serve", "--state-dir", str(state), "--port", "0",
         "--clock-start", "2026-09-30T00:00:00Z"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as server:  # fmt: skip
        try:
            settings = json.loads(server.stdout.readline())
            subprocess.run(
                [str(SANDBOX), "scenario", "--state-dir", str(state), "--seed", "7",
                 "--phase", "1", "--customers", "40", "--orders", "80"],
                check=True,
                capture_output=True,
                timeout=300,
            )  # fmt: skip
            manifest = json.loads((state / "manifest-1.json").read_text())
            yield RunningScenario(settings, manifest)
        finally:
            server.terminate()


def _plugin_env(prefix: str, settings: dict) -> dict[str, str]:
    return {f"{prefix}_{name.upper()}": str(value) for name, value in settings.items()}


def test_the_extract_job_loads_what_the_scenario_made(
    project: IsolatedProject, scenario: RunningScenario
) -> None:
    env = {
        **_plugin_env("TAP_BRAZE", scenario.settings["braze"]),
        **_plugin_env("TAP_TRADING_GRID", scenario.settings["trading_grid"]),
    }
    expected = scenario.manifest["raw"]
    assert expected, "the manifest names no raw streams"
    # The second run starts from the saved state: nothing new upstream, so nothing changes.
    for _ in range(2):
        result = project.meltano("run", "extract", extra_env=env, timeout=600)
        assert result.returncode == 0, result.stderr[-4000:]
        assert _raw_counts(project, expected) == expected


def _raw_counts(project: IsolatedProject, expected: dict[str, int]) -> dict[str, int]:
    with duckdb.connect(str(project.warehouse), read_only=True) as warehouse:
        tables = {
            (schema, name)
            for schema, name in warehouse.execute(
                "SELECT table_schema, table_name FROM information_schema.tables"
            ).fetchall()
        }
        loaded = {}
        for stream in expected:
            schema = "tap_braze" if stream in BRAZE_STREAMS else "tap_trading_grid"
            loaded[stream] = (
                warehouse.execute(f'SELECT count(*) FROM {schema}."{stream}"').fetchone()[0]
                if (schema, stream) in tables
                else 0
            )
    return loaded
