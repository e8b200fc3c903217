"""A fresh Braze sandbox per test, and a target config that points at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
