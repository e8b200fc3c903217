"""The sandbox world: started once per session, for the tests that read real SFTP and HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from grid_braze_sandbox.runtime import running_sandbox
from tests.runs import run_tap
from tests.sandbox_world import (
    CLOCK_START,
    SANDBOX_SETTINGS,
    SandboxWorld,
    add_extras,
    play_phase,
)


@pytest.fixture(scope="session")
def sandbox_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxWorld]:
    """Phases 1-2, a tap run, then phases 3-4 and the extras; the sandbox stays up."""
    state_dir = tmp_path_factory.mktemp("sandbox")
    with running_sandbox(state_dir, clock_start=CLOCK_START) as sandbox:
        settings = sandbox.trading_grid_settings()
        world = SandboxWorld(sandbox=sandbox, state_dir=state_dir, settings=settings)
        SANDBOX_SETTINGS.update(settings)
        for phase in (1, 2):
            world.manifests[phase] = play_phase(state_dir, phase)
        world.early_run = run_tap(dict(SANDBOX_SETTINGS))
        for phase in (3, 4):
            world.manifests[phase] = play_phase(state_dir, phase)
        add_extras(world)
        yield world
