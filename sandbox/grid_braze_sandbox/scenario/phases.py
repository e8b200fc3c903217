"""Running phase K: push what happened in its window into the sandbox, then write its manifest.

Phases run in order, once each. The grid side is replayed first, in time order on the shared
clock (`grid_walk`); Braze is fed after it, at the phase's clock (`braze_feed`): events carry their
own times, and Braze only refuses times in its future.

Objects the emulators number themselves (cases, comments, projects, activities, documents) are
created in a fixed order; the ids they get are kept in the state file beside the phases run, so
later phases and the manifest name them as the emulator does. The Currents id of a survey answer
is read back from the Currents files the same way. Nothing else is read back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from grid_braze_sandbox.scenario.braze_feed import create_design_messages, feed_braze
from grid_braze_sandbox.scenario.drivers.base import BrazeTarget, GridTarget
from grid_braze_sandbox.scenario.generator import Scenario
from grid_braze_sandbox.scenario.grid_walk import GridWalk
from grid_braze_sandbox.scenario.manifest import manifest_name, write_manifest
from grid_braze_sandbox.scenario.model import StorefrontEvent, key_time
from grid_braze_sandbox.scenario.story import story_moments
from grid_braze_sandbox.scenario.timeline import LAST_PHASE, as_of

STATE_FILE = "scenario-state.json"


class ScenarioError(Exception):
    """A phase cannot run as asked; the message says why and what to do."""


@dataclass
class RunState:
    seed: int
    customers: int
    orders: int
    phases_done: list[int] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # our logical id -> the emulator's

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True, indent=1) + "\n"


def load_state(state_dir: Path, scenario: Scenario) -> RunState:
    config = scenario.config
    path = state_dir / STATE_FILE
    if not path.exists():
        return RunState(config.seed, config.customers, config.orders)
    state = RunState(**json.loads(path.read_text(encoding="utf-8")))
    ran = (state.seed, state.customers, state.orders)
    if ran != (config.seed, config.customers, config.orders):
        raise ScenarioError(
            f"{path} records a scenario with seed {state.seed}, {state.customers} customers and "
            f"{state.orders} orders; this sandbox cannot take another one. Start a fresh sandbox "
            "(a new --state-dir) or run the same seed and sizes."
        )
    return state


def check_phase(state: RunState, phase: int) -> None:
    if not 1 <= phase <= LAST_PHASE:
        raise ScenarioError(f"the scenario has phases 1 to {LAST_PHASE}; {phase} is not one")
    done = state.phases_done
    if phase in done:
        raise ScenarioError(
            f"phase {phase} has already run in this sandbox (phases run: {done}); the clock only "
            "moves forward, so a phase cannot run twice. Start a fresh sandbox to run it again."
        )
    missing = [p for p in range(1, phase) if p not in done]
    if missing:
        raise ScenarioError(
            f"phase {phase} needs phases {missing} first (phases run so far: {done or 'none'}); "
            f"run them in order: {', '.join(f'--phase {p}' for p in missing)}"
        )


def run_phase(
    scenario: Scenario,
    phase: int,
    state_dir: Path,
    braze: BrazeTarget,
    grid: GridTarget,
) -> Path:
    """Drive phase `phase` into the sandbox and write `state_dir/manifest-<phase>.json`."""
    state = load_state(state_dir, scenario)
    check_phase(state, phase)
    start = None if phase == 1 else as_of(phase - 1)
    end = as_of(phase)
    walk = GridWalk(scenario, state.ids, grid)
    if phase == 1:
        first = story_moments(scenario.story)[0]
        clock = grid.now()
        if clock > first:
            raise ScenarioError(
                f"the sandbox clock is at {key_time(clock)}, after the scenario's start "
                f"{key_time(first)}; start the sandbox with --clock-start {key_time(first)} "
                "(or earlier) so that phase 1 can replay its history"
            )
        walk.register_suppliers()
        create_design_messages(braze)
    walk.walk(start, end)
    grid.move_clock(end)
    feed_braze(scenario, braze, start, end)
    survey_ids = braze.survey_event_ids()

    def resolve(event: StorefrontEvent) -> str:
        identity = (event.customer, key_time(event.time), str(event.properties["order_id"]))
        return survey_ids.get(identity) or f"unresolved-{event.customer}-{key_time(event.time)}"

    path = state_dir / manifest_name(phase)
    write_manifest(scenario, phase, path, resolve, state.ids)
    state.phases_done.append(phase)
    (state_dir / STATE_FILE).write_text(state.to_json(), encoding="utf-8")
    return path
