"""One emulator with the scenario loaded, shared by the tests that only read from it.

The SDK's standard test class needs its config when the test module is imported, so the shared
sandbox starts on first use rather than in a fixture, and stops when the test process exits.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import typing as t
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from grid_braze_sandbox.runtime import Sandbox, running_sandbox
from tests.braze_scenario import (
    GroundTruth,
    scenario_braze_config,
    scenario_clock_start,
    seed_scenario,
)

# A share of Currents events delivered twice, as Currents' at-least-once delivery does.
SHARED_DUPLICATE_RATE = 0.2


@dataclass(frozen=True)
class SeededSandbox:
    sandbox: Sandbox
    config: dict[str, t.Any]
    truth: GroundTruth
    clock_start: datetime


def tap_config(sandbox: Sandbox, clock_start: datetime) -> dict[str, t.Any]:
    start_day = (clock_start - timedelta(days=1)).strftime("%Y-%m-%dT00:00:00Z")
    return sandbox.braze_settings() | {"start_date": start_day}


_shared: SeededSandbox | None = None


def shared_seeded_sandbox() -> SeededSandbox:
    global _shared
    if _shared is None:
        state_dir = Path(tempfile.mkdtemp(prefix="tap-braze-sandbox-"))
        atexit.register(shutil.rmtree, state_dir, True)
        stack = ExitStack()
        clock_start = scenario_clock_start()
        sandbox = stack.enter_context(
            running_sandbox(
                state_dir,
                braze_config=scenario_braze_config(duplicate_rate=SHARED_DUPLICATE_RATE),
                clock_start=clock_start,
            )
        )
        atexit.register(stack.close)  # runs before the folder is removed (last in, first out)
        settings = sandbox.braze_settings()
        truth = seed_scenario(settings["api_url"], settings["api_key"])
        _shared = SeededSandbox(sandbox, tap_config(sandbox, clock_start), truth, clock_start)
    return _shared
