"""The checks as JSON beside the report, so tests and CI read results rather than HTML."""

from __future__ import annotations

import json
from pathlib import Path

from .flow_check import FlowResult
from .outcome import PhaseOutcome


def _flow(result: FlowResult) -> dict:
    return {
        "flow": result.number,
        "status": result.status,
        "expected": result.expected,
        "delivered": result.delivered,
        "dead_letters": result.dead_letters,
        "in_doubt": result.in_doubt,
        "missing": len(result.missing),
        "unexpected": len(result.unexpected),
    }


def write_checks(path: Path, outcomes: list[PhaseOutcome]) -> None:
    phases = [
        {
            "phase": o.phase,
            "rerun": o.rerun,
            "as_of": o.as_of,
            "job_exit": o.job_exit,
            "jobs": [{"job": j.job, "exit": j.returncode} for j in o.jobs],
            "grid_writes": o.grid.writes,
            "so_far": [_flow(r) for r in o.cumulative],
            "this_run": [_flow(r) for r in o.this_run],
        }
        for o in outcomes
    ]
    path.write_text(json.dumps({"phases": phases}, indent=2) + "\n", encoding="utf-8")
