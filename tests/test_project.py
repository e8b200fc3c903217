"""meltano.yml keeps its promises: inline plugins, registry-only installs, shared pins, and
settings that mirror each plugin's own schema."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from tap_braze.tap import TapBraze
from tap_trading_grid.tap import TapTradingGrid
from tap_warehouse.tap import TapWarehouse
from target_braze.target import TargetBraze
from target_trading_grid.target import TargetTradingGrid
from target_warehouse.target import TargetWarehouse

from .conftest import ROOT

PROJECT = yaml.safe_load((ROOT / "meltano.yml").read_text())
PLUGINS = [p for kind in PROJECT["plugins"].values() for p in kind]
BY_NAME = {p["name"]: p for p in PLUGINS}
# Settings every SDK plugin has; meltano.yml lists only those the project sets or documents.
SDK_BUILTINS = {
    "stream_maps",
    "stream_map_config",
    "faker_config",
    "flattening_enabled",
    "flattening_max_depth",
    "flattening_max_key_length",
    "flattening_separator",
    "batch_config",
    "load_method",
    "batch_size_rows",
    "validate_records",
    "add_record_metadata",
}


def test_every_plugin_is_defined_inline() -> None:
    for plugin in PLUGINS:
        assert "namespace" in plugin or "inherit_from" in plugin, plugin["name"]
        assert "variant" not in plugin, f"{plugin['name']} would be looked up on Meltano Hub"


def test_installs_come_from_the_package_index_or_the_repository() -> None:
    for plugin in PLUGINS:
        for requirement in plugin.get("pip_url", "").split():
            assert "://" not in requirement, requirement
            assert not requirement.startswith("git+"), requirement
            if requirement not in {"-e"} and not requirement.startswith("./"):
                assert re.search(r"(==|~=)", requirement), f"unpinned: {requirement}"


def test_one_duckdb_version_opens_the_warehouse() -> None:
    warehouse = tomllib.loads((ROOT / "warehouse" / "pyproject.toml").read_text())
    (pin,) = [d for d in warehouse["project"]["dependencies"] if d.startswith("duckdb")]
    dbt_pip_url = BY_NAME["dbt-duckdb"]["pip_url"].split()
    assert pin in dbt_pip_url
    assert "dbt-core~=1.11.0" in dbt_pip_url


def test_extractors_declare_state_catalog_and_discover() -> None:
    for plugin in PROJECT["plugins"]["extractors"]:
        if "inherit_from" in plugin:
            continue
        assert {"state", "catalog", "discover"} <= set(plugin["capabilities"]), plugin["name"]


def test_the_jobs_follow_the_pipelines() -> None:
    jobs = {job["name"]: " ".join(job["tasks"]) for job in PROJECT["jobs"]}
    extract = "tap-trading-grid target-warehouse tap-braze target-warehouse"
    assert extract in jobs["extract"]
    assert f"{extract} dbt-duckdb:build tap-warehouse--braze target-braze" in jobs["grid-to-braze"]
    assert (
        f"{extract} dbt-duckdb:build tap-warehouse--grid target-trading-grid"
        in jobs["braze-to-grid"]
    )
    assert (
        "tap-warehouse--braze target-braze tap-warehouse--grid target-trading-grid"
        in (jobs["sync-all"])
    )
    for task in jobs.values():
        assert task.startswith("warehouse-lock:acquire")
        assert task.endswith("warehouse-lock:release")
    assert {s["job"] for s in PROJECT["schedules"]} >= {
        "extract",
        "grid-to-braze",
        "braze-to-grid",
        "sync-all",
    }


@pytest.mark.parametrize(
    ("plugin_name", "plugin_class"),
    [
        ("tap-trading-grid", TapTradingGrid),
        ("tap-braze", TapBraze),
        ("target-braze", TargetBraze),
        ("target-trading-grid", TargetTradingGrid),
        ("tap-warehouse", TapWarehouse),
        ("target-warehouse", TargetWarehouse),
    ],
)
def test_settings_mirror_the_plugin_schema(plugin_name: str, plugin_class: type) -> None:
    declared = {s["name"]: s for s in BY_NAME[plugin_name]["settings"]}
    schema = plugin_class.config_jsonschema["properties"]

    assert set(declared) - SDK_BUILTINS == set(schema) - SDK_BUILTINS
    secrets = {name for name, prop in schema.items() if prop.get("writeOnly")}
    sensitive = {name for name, setting in declared.items() if setting.get("sensitive")}
    assert secrets <= sensitive, f"secrets not marked sensitive: {secrets - sensitive}"
