"""`grid-braze-sandbox scenario`: run one phase of a seeded scenario against a running sandbox."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import asyncssh

from grid_braze_sandbox.scenario.drivers.braze import LiveBraze
from grid_braze_sandbox.scenario.drivers.grid import LiveGrid
from grid_braze_sandbox.scenario.drivers.http import HttpError
from grid_braze_sandbox.scenario.generator import Scenario, ScenarioConfig
from grid_braze_sandbox.scenario.phases import ScenarioError, run_phase
from grid_braze_sandbox.scenario.timeline import LAST_PHASE

CONNECTION_FILE = "sandbox.json"


def add_parser(commands: Any) -> None:
    scenario = commands.add_parser(
        "scenario",
        help="drive one phase of a seeded scenario into the running sandbox, write its manifest",
    )
    scenario.add_argument(
        "--state-dir",
        type=Path,
        default=Path(".grid-braze-sandbox"),
        help="the running sandbox's state directory (holds sandbox.json); the manifest goes there",
    )
    scenario.add_argument("--seed", type=int, default=0, help="the scenario's seed (default 0)")
    scenario.add_argument(
        "--phase", type=int, required=True, help=f"the phase to run, 1 to {LAST_PHASE}, in order"
    )
    scenario.add_argument(
        "--customers", type=int, default=200, help="number of customers (default 200)"
    )
    scenario.add_argument(
        "--orders", type=int, default=400, help="number of orders, story orders included (400)"
    )


def run(args: argparse.Namespace) -> int:
    state_dir: Path = args.state_dir
    connection = state_dir / CONNECTION_FILE
    try:
        settings = json.loads(connection.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        sys.stderr.write(
            f"grid-braze-sandbox scenario: no running sandbox found ({connection} is missing or "
            "unreadable); start one with `grid-braze-sandbox serve --state-dir "
            f"{state_dir} --clock-start 2026-09-30T00:00:00Z` first\n"
        )
        return 1
    if "trading_grid" not in settings:
        sys.stderr.write(f"grid-braze-sandbox scenario: {connection} has no trading_grid object\n")
        return 1
    try:
        scenario = Scenario(ScenarioConfig(args.seed, args.customers, args.orders))
        path = run_phase(
            scenario,
            args.phase,
            state_dir,
            LiveBraze(settings["braze"]),
            LiveGrid(settings["trading_grid"]),
        )
    except (ScenarioError, ValueError) as error:
        sys.stderr.write(f"grid-braze-sandbox scenario: {error}\n")
        return 1
    except (HttpError, OSError, asyncssh.Error) as error:
        # The sandbox refused something or went away part-way: what was pushed stays pushed,
        # and the clock has moved, so the phase cannot simply be run again.
        sys.stderr.write(
            f"grid-braze-sandbox scenario: phase {args.phase} stopped part-way: {error}\n"
            "The sandbox now holds part of the phase; start a fresh sandbox and run the phases "
            "again from 1.\n"
        )
        return 1
    sys.stdout.write(json.dumps({"phase": args.phase, "manifest": str(path)}) + "\n")
    return 0
