"""Fixtures: the shared seeded emulator and one full tap run over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from grid_braze_sandbox.runtime import Sandbox, running_sandbox
from tests.braze_scenario import GroundTruth, scenario_braze_config, scenario_clock_start
from tests.shared_sandbox import SeededSandbox, shared_seeded_sandbox, tap_config
from tests.tap_runner import TapRun, run_tap


@pytest.fixture(scope="session")
def seeded() -> SeededSandbox:
    return shared_seeded_sandbox()


@pytest.fixture(scope="session")
def truth(seeded: SeededSandbox) -> GroundTruth:
    return seeded.truth


@pytest.fixture(scope="session")
def full_run(seeded: SeededSandbox, tmp_path_factory: pytest.TempPathFactory) -> TapRun:
    """Every stream, once, over the shared scenario."""
    return run_tap(tmp_path_factory.mktemp("full-run"), seeded.config)


@pytest.fixture
def fresh_sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    """An empty emulator of its own, for tests that change things."""
    with running_sandbox(
        tmp_path / "sandbox",
        braze_config=scenario_braze_config(),
        clock_start=scenario_clock_start(),
    ) as sandbox:
        yield sandbox


@pytest.fixture
def fresh_config(fresh_sandbox: Sandbox) -> dict:
    return tap_config(fresh_sandbox, fresh_sandbox.clock.now())
