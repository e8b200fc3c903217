"""The demo: all seven flows end to end on the sandbox, both directions, checked against the
scenario.

It starts the sandbox, drives scenario phase 1, runs the Meltano jobs `grid-to-braze` and
`braze-to-grid`, and checks what Braze and the Trading Grid received against the phase's
manifest, flow by flow; then the next phase, the jobs again (they must send only what is new),
and the check again; and last the jobs once more with nothing new, which must send nothing. It
writes output/report.html and exits non-zero when any flow differs from the manifest.

Every run starts clean: the sandbox's state (output/sandbox) and the jobs' warehouse, Meltano
system database, ledgers and dead letters (output/demo) are emptied first.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from grid_braze_demo.braze_received import clear_request_log, read_request_log, received_messages
from grid_braze_demo.checks_json import write_checks
from grid_braze_demo.dead_letters import read_dead_letters
from grid_braze_demo.flow_check import FlowResult, check_flows, new_messages
from grid_braze_demo.flows import BRAZE_MARTS, FLOW_NUMBERS
from grid_braze_demo.grid_received import (
    GridTraffic,
    clear_grid_log,
    read_grid_traffic,
    received_grid_messages,
)
from grid_braze_demo.meltano_job import ROOT, JobRun, Workspace, failure_lines, run_job
from grid_braze_demo.messages import Message, expected_grid_messages, expected_messages
from grid_braze_demo.outcome import PhaseOutcome
from grid_braze_demo.partner_profiles import demand_documents
from grid_braze_demo.report_html import render_report
from grid_braze_demo.sandbox_process import (
    SandboxProcess,
    ScenarioSize,
    empty_directory,
    run_scenario_phase,
)
from grid_braze_demo.timeline import timeline_points
from grid_braze_demo.timeline_svg import timeline_svg
from grid_braze_demo.warehouse_facts import case_status_times, partner_rejections

JOBS = ("grid-to-braze", "braze-to-grid")
_STARTED = time.monotonic()


def say(text: str) -> None:
    print(f"[{time.monotonic() - _STARTED:6.1f}s] {text}", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    output = args.output_dir.resolve()
    size = ScenarioSize(args.seed, args.customers, args.orders)
    state_dir, workspace = output / "sandbox", Workspace(output / "demo")
    empty_directory(state_dir)
    empty_directory(workspace.root)
    (output / "report.html").unlink(missing_ok=True)

    outcomes: list[PhaseOutcome] = []
    received_so_far: list[Message] = []
    previous_expected: list[Message] = []
    say(f"Starting the sandbox (state in {_shown(state_dir)})")
    with SandboxProcess(state_dir, workspace.logs / "sandbox.log", args.port) as sandbox:
        say(f"Braze sandbox at {sandbox.braze_url}, Trading Grid at {sandbox.grid_url}")
        for phase in range(1, args.phases + 1):
            say(f"Phase {phase}: driving the scenario (seed {size.seed}, {size.customers} "
                f"customers, {size.orders} orders)")  # fmt: skip
            manifest = run_scenario_phase(state_dir, size, phase)
            expected = expected_messages(manifest, BRAZE_MARTS) + expected_grid_messages(
                manifest, demand_documents(ROOT)
            )
            new = new_messages(expected, previous_expected)
            say(f"Phase {phase}: manifest at as_of {manifest['as_of']} expects "
                f"{len(expected)} messages ({len(new)} new)")  # fmt: skip
            sent = _run_jobs(sandbox, workspace, manifest["as_of"], str(phase))
            received_so_far += sent.received
            dead = read_dead_letters(*workspace.dead_letter_dirs)
            outcome = PhaseOutcome(
                phase,
                manifest["as_of"],
                sent.jobs,
                check_flows(expected, received_so_far, dead),
                check_flows(new, sent.received, dead),
                sent.grid,
            )
            outcomes.append(outcome)
            _print_check(outcome)
            previous_expected = expected

        # The same jobs again with nothing new upstream: the ledgers and bookmarks must let
        # nothing through twice, so these runs send nothing at all.
        say(f"Rerun: both jobs again, nothing new (AS_OF={manifest['as_of']})")
        sent = _run_jobs(sandbox, workspace, manifest["as_of"], "rerun")
        received_so_far += sent.received
        dead = read_dead_letters(*workspace.dead_letter_dirs)
        outcome = PhaseOutcome(
            phase,
            manifest["as_of"],
            sent.jobs,
            check_flows(expected, received_so_far, dead),
            check_flows([], sent.received, dead),
            sent.grid,
            rerun=True,
        )
        outcomes.append(outcome)
        _print_check(outcome)

    say("Writing the report")
    plot = timeline_svg(
        timeline_points(received_so_far, case_status_times(workspace.warehouse)),
        list(FLOW_NUMBERS),
    )
    html = render_report(
        {"seed": size.seed, "customers": size.customers, "orders": size.orders},
        outcomes,
        plot,
        partner_rejections(workspace.warehouse),
    )
    report = output / "report.html"
    report.write_text(html, encoding="utf-8")
    write_checks(workspace.root / "checks.json", outcomes)
    say(f"Report: {_shown(report)}")
    failed = any(outcome.differs for outcome in outcomes)
    say("Some flow differs from the manifest." if failed else
        "Every flow matches the manifest, in both directions.")  # fmt: skip
    return 1 if failed else 0


@dataclass
class SentByJobs:
    jobs: list[JobRun]
    received: list[Message]  # by Braze and by the Trading Grid
    grid: GridTraffic


def _run_jobs(sandbox: SandboxProcess, workspace: Workspace, as_of: str, label: str) -> SentByJobs:
    clear_request_log(sandbox.braze_url)
    clear_grid_log(sandbox.grid_url)
    jobs = []
    for job in JOBS:
        say(f"Phase {label}: meltano run {job} (AS_OF={as_of})")
        result = run_job(job, workspace, sandbox.settings, as_of, f"phase-{label}")
        jobs.append(result)
        if result.returncode != 0:
            say(f"Phase {label}: {job} failed (exit {result.returncode}); from its log "
                f"({_shown(result.log_path)}):")  # fmt: skip
            for line in failure_lines(result):
                print(f"    {line}", flush=True)
        else:
            say(f"Phase {label}: {job} finished in {result.seconds:.0f}s")
    grid = read_grid_traffic(sandbox.grid_url, sandbox.mailbox_root)
    _keep_grid_traffic(grid, workspace.grid_traffic / label)
    received = received_messages(read_request_log(sandbox.braze_url))
    return SentByJobs(jobs, received + received_grid_messages(grid), grid)


def _keep_grid_traffic(traffic: GridTraffic, folder: Path) -> None:
    """Every file and request the jobs sent the Trading Grid, as sent, for anyone to inspect
    (and for the test that no customer's contact data or id ever reaches a partner)."""
    (folder / "files").mkdir(parents=True, exist_ok=True)
    for sent in traffic.files:
        (folder / "files" / sent.name).write_bytes(sent.content)
    (folder / "requests.json").write_text(
        json.dumps(traffic.requests, indent=1, sort_keys=True), encoding="utf-8"
    )


def _print_check(outcome: PhaseOutcome) -> None:
    print(f"  Check after phase {outcome.label} (so far | this run):", flush=True)
    print(f"    {'flow':<5}{'expected':>9}{'delivered':>10}{'dead':>6}{'doubt':>6}"
          f"{'  new exp.':>10}{'new del.':>9}  status", flush=True)  # fmt: skip
    for total, run in zip(outcome.cumulative, outcome.this_run, strict=True):
        print(
            f"    {total.number:<5}{_counts(total)}{_new(run)}  {_status(total, run)}", flush=True
        )


def _counts(result: FlowResult) -> str:
    return f"{result.expected:>9}{result.delivered:>10}{result.dead_letters:>6}{result.in_doubt:>6}"


def _new(result: FlowResult) -> str:
    return f"{result.expected:>10}{result.delivered:>9}"


def _status(total: FlowResult, run: FlowResult) -> str:
    notes = [
        f"{len(r.missing)} missing, {len(r.unexpected)} unexpected {label}"
        for r, label in ((total, "so far"), (run, "this run"))
        if r.differs
    ]
    return "matches" if not notes else "DIFFERS: " + "; ".join(notes)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=ROOT / "output")
    parser.add_argument(
        "--port", type=int, default=None,
        help="0 picks free ports; by default the fixed ports the dev environment uses",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--orders", type=int, default=400)
    parser.add_argument(
        "--phases", type=int, default=2, choices=(1, 2, 3, 4),
        help="scenario phases to drive, each followed by both jobs (phase 3 resolves cases: "
        "flows 5 and 7)",
    )  # fmt: skip
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
