"""Memory and time of the seeded scenario generator at 10k and 100k orders.

Run from the repository root: `python bench/bench_scenario.py [--phases 2] [--sizes 10000 100000]`.

Each size runs in a fresh process of its own: ground truth, the phase runner with the recording
driver (every /users/track body, every admin call and every 850 interchange written to files, the
same work the live drivers do short of the network), and the manifests of phases 1..N. The
process reports its peak resident memory (VmHWM), its resident memory after imports, and its
time. The run fails when the larger scenario's peak is more than 20% above the smaller one's:
generation is streamed, so memory must not grow with the number of orders.

Customers are half the orders, as in the CLI defaults. The live drivers are left out on purpose:
a supplier's mock-edi answers every order with four documents, so a 100k-order live run measures
the emulator, not the generator (the sandbox's own tests drive it live at a small size).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

MAX_GROWTH = 1.20


def peak_rss_mb() -> float:
    """VmHWM on Linux (peak resident set of this process); ru_maxrss elsewhere."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(orders: int, phases: int) -> None:
    from grid_braze_sandbox.scenario.drivers.recording import RecordingBraze, RecordingGrid
    from grid_braze_sandbox.scenario.generator import Scenario, ScenarioConfig
    from grid_braze_sandbox.scenario.phases import run_phase

    after_imports = current_rss_mb()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-scenario-") as folder:
        root = Path(folder)
        scenario = Scenario(ScenarioConfig(seed=1, customers=orders // 2, orders=orders))
        braze = RecordingBraze(root / "files")
        grid = RecordingGrid(root / "files", datetime(2026, 9, 30, tzinfo=UTC))
        manifest_bytes = 0
        for phase in range(1, phases + 1):
            manifest_bytes = run_phase(scenario, phase, root, braze, grid).stat().st_size
        written = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    print(
        json.dumps(
            {
                "orders": orders,
                "customers": orders // 2,
                "phases": phases,
                "seconds": round(time.perf_counter() - started, 1),
                "peak_rss_mb": round(peak_rss_mb(), 1),
                "rss_after_imports_mb": round(after_imports, 1),
                "last_manifest_mb": round(manifest_bytes / 1e6, 2),
                "files_written_mb": round(written / 1e6, 1),
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--phases", type=int, default=2, help="phases to run per size (1-4)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.phases)
        return 0
    results = []
    for orders in args.sizes:
        answer = subprocess.run(
            [sys.executable, __file__, "--child", str(orders), "--phases", str(args.phases)],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(answer.stdout.strip().splitlines()[-1]))
    print(
        "| orders | customers | phases | seconds | peak RSS MB | RSS after imports MB | "
        "last manifest MB | files written MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['orders']:,} | {r['customers']:,} | {r['phases']} | {r['seconds']} | "
            f"{r['peak_rss_mb']} | {r['rss_after_imports_mb']} | {r['last_manifest_mb']} | "
            f"{r['files_written_mb']} |"
        )
    smallest, largest = results[0]["peak_rss_mb"], results[-1]["peak_rss_mb"]
    growth = largest / smallest
    verdict = "within" if growth <= MAX_GROWTH else "NOT within"
    print(f"peak memory {largest} MB vs {smallest} MB: x{growth:.2f}, {verdict} 20%")
    return 0 if growth <= MAX_GROWTH else 1


if __name__ == "__main__":
    sys.exit(main())
