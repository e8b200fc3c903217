"""Shared fixtures: a run of the target over every EDI sink's rows into a local mailbox."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from singer_sdk.testing import TargetTestRunner

from target_trading_grid.target import TargetTradingGrid
from tests import records


def run_target(config: dict[str, Any], text: str) -> TargetTestRunner:
    runner = TargetTestRunner(TargetTradingGrid, config=config, input_io=io.StringIO(text))
    runner.sync_all()
    return runner


@pytest.fixture(scope="module")
def edi_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every EDI sink's rows through the target once; the written files by document."""
    root = tmp_path_factory.mktemp("edi-run")
    config = records.local_config(root)
    run_target(config, records.singer_text("demand_signals", records.demand_rows()))
    run_target(config, records.singer_text("application_advice", records.advice_rows()))
    run_target(config, records.singer_text("functional_acks", records.ack_rows()))
    files: dict[str, Path] = {}
    for path in sorted((root / "mailbox" / "outbound").glob("*.edi")):
        _stamp, receiver, document, _number = path.stem.split("_")
        files[f"{document}_{receiver}"] = path
    return files
