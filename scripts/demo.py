"""The demo: the Grid → Braze flows end to end on the sandbox, checked against the scenario.

It starts the sandbox, drives scenario phase 1, runs the Meltano job `grid-to-braze`, and checks
what Braze received against the phase's manifest, flow by flow; then phase 2, the job again (it
must send only the new messages), and the check again. It writes output/report.html and exits
non-zero when a Grid → Braze flow differs from the manifest.

Every run starts clean: the sandbox's state (output/sandbox) and the job's warehouse, Meltano
system database, ledger and dead letters (output/demo) are emptied first.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from grid_braze_demo.braze_received import clear_request_log, read_request_log, received_messages
from grid_braze_demo.checks_json import write_checks
from grid_braze_demo.dead_letters import read_dead_letters
from grid_braze_demo.flow_check import FlowResult, check_flows, new_messages
from grid_braze_demo.flows import BRAZE_MARTS, BUILT_FLOWS
from grid_braze_demo.meltano_job import ROOT, Workspace, failure_lines, run_job
from grid_braze_demo.messages import expected_messages
from grid_braze_demo.outcome import PhaseOutcome
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
    delivered_so_far, previous_expected = [], []
    say(f"Starting the sandbox (state in {_shown(state_dir)})")
    with SandboxProcess(state_dir, workspace.logs / "sandbox.log", args.port) as sandbox:
        say(f"Braze sandbox at {sandbox.braze_url}")
        for phase in range(1, args.phases + 1):
            say(f"Phase {phase}: driving the scenario (seed {size.seed}, {size.customers} "
                f"customers, {size.orders} orders)")  # fmt: skip
            manifest = run_scenario_phase(state_dir, size, phase)
            expected = expected_messages(manifest, BRAZE_MARTS)
            say(f"Phase {phase}: manifest at as_of {manifest['as_of']} expects "
                f"{len(expected)} Braze messages ({len(new_messages(expected, previous_expected))}"
                " new)")  # fmt: skip
            clear_request_log(sandbox.braze_url)
            say(f"Phase {phase}: meltano run grid-to-braze (AS_OF={manifest['as_of']})")
            job = run_job(workspace, sandbox.settings, manifest["as_of"], f"phase-{phase}")
            if job.returncode != 0:
                say(f"Phase {phase}: the job failed (exit {job.returncode}); from its log "
                    f"({_shown(job.log_path)}):")  # fmt: skip
                for line in failure_lines(job):
                    print(f"    {line}", flush=True)
            else:
                say(f"Phase {phase}: the job finished in {job.seconds:.0f}s")
            this_run = received_messages(read_request_log(sandbox.braze_url))
            delivered_so_far += this_run
            dead = read_dead_letters(workspace.dead_letters)
            outcome = PhaseOutcome(
                phase,
                manifest["as_of"],
                job,
                check_flows(expected, delivered_so_far, dead),
                check_flows(new_messages(expected, previous_expected), this_run, dead),
            )
            outcomes.append(outcome)
            _print_check(outcome)
            previous_expected = expected

        # The same job again with nothing new upstream: the ledgers and bookmarks must let
        # nothing through twice, so this run sends nothing at all.
        say(f"Rerun: meltano run grid-to-braze again, nothing new (AS_OF={manifest['as_of']})")
        clear_request_log(sandbox.braze_url)
        job = run_job(workspace, sandbox.settings, manifest["as_of"], "rerun")
        this_run = received_messages(read_request_log(sandbox.braze_url))
        delivered_so_far += this_run
        dead = read_dead_letters(workspace.dead_letters)
        outcome = PhaseOutcome(
            phase,
            manifest["as_of"],
            job,
            check_flows(expected, delivered_so_far, dead),
            check_flows([], this_run, dead),
            rerun=True,
        )
        outcomes.append(outcome)
        _print_check(outcome)

    say("Writing the report")
    case_times = case_status_times(workspace.warehouse)
    plot = timeline_svg(
        timeline_points(delivered_so_far, case_times),
        list(BUILT_FLOWS),
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
    say("Some Grid → Braze flow differs from the manifest." if failed else
        "Every Grid → Braze flow matches the manifest.")  # fmt: skip
    return 1 if failed else 0


def _print_check(outcome: PhaseOutcome) -> None:
    print(f"  Check after phase {outcome.label} (so far | this run):", flush=True)
    print(f"    {'flow':<5}{'expected':>9}{'delivered':>10}{'dead':>6}{'doubt':>6}"
          f"{'  new exp.':>10}{'new del.':>9}  status", flush=True)  # fmt: skip
    for total, run in zip(outcome.cumulative, outcome.this_run, strict=True):
        print(
            f"    {total.number:<5}{_counts(total)}{_new(run)}  {_status(total, run)}", flush=True
        )


def _counts(result: FlowResult) -> str:
    if not result.built:
        return f"{'-':>9}{'-':>10}{'-':>6}{'-':>6}"
    return f"{result.expected:>9}{result.delivered:>10}{result.dead_letters:>6}{result.in_doubt:>6}"


def _new(result: FlowResult) -> str:
    return f"{result.expected:>10}{result.delivered:>9}" if result.built else f"{'-':>10}{'-':>9}"


def _status(total: FlowResult, run: FlowResult) -> str:
    if not total.built:
        return "not built yet (next issue)"
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
        help="scenario phases to drive, each followed by the job (phase 3 resolves cases: flow 5)",
    )  # fmt: skip
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
