"""tap-trading-grid on local mailboxes of 10k and 100k documents, against `supplychain-edi parse`.

Run from the repository root: `python bench/bench_tap_trading_grid.py [--sizes 10000 100000]`.

For each size it writes a deterministic mailbox (one interchange per file, as the network delivers
them) in a temporary folder, then runs, one after the other, as child processes:

- `tap-trading-grid` over `file://` with every stream selected (a first run, no state), its
  Singer output discarded;
- `supplychain-edi parse` over the same files, its one line per document discarded: the ceiling,
  since the tap parses with the same library and then does more (state, spooling, Singer
  messages for the metadata, document, line and error streams).

It reports documents/s (wall clock and CPU time of the child), peak memory (VmHWM of the child),
and the tap as a share of the parse. The CLI is given the files in chunks of 20,000 names (a
command line cannot hold 100,000); the chunks run one after the other and their times add up,
and the peak is the largest chunk's.

The mailbox sits in /dev/shm where there is one (a busy disk shared with other work would slow
both readers); the tap's spool stays in the default temporary folder.

Both commands first run once on a small mailbox, with Python's bytecode cache in a temporary
folder, so that neither is timed compiling its modules: an installed package runs from compiled
bytecode, but with PYTHONDONTWRITEBYTECODE set, every run would compile each module it imports
again (the tap imports the Singer SDK, several times the modules of the parse command).

The mailbox grows by 100 documents a day (file mtimes are spread that way), so the tap's state,
which keeps the names and hashes of the last `lookback_days` (30) days, holds about 3,000 entries
at either size: state and memory must not grow with the mailbox.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

from supplychain_edi import EdifactEnvelope, X12Envelope, write_edifact, write_x12

WHEN = datetime.datetime(2026, 11, 2, 9, 15, tzinfo=datetime.UTC)
START_MTIME = 1_780_000_000
DOCUMENTS_PER_DAY = 100
PLACEHOLDER = 987654321  # the control number of each template, replaced per file
CLI_CHUNK = 20_000
WARM_UP_DOCUMENTS = 200
# The mailbox goes in RAM where there is a tmpfs, so that a busy disk shared with other work
# slows neither reader; the tap's own spool stays in the default temporary folder, as in use.
RAM_DIR = "/dev/shm" if Path("/dev/shm").is_dir() else None


def _lines(count: int, **fields: Any) -> list[dict[str, Any]]:
    return [
        {"line_number": str(n), "sku": f"SKU-{n:04d}", "upc": f"0761234{n:05d}", **fields}
        for n in range(1, count + 1)
    ]


# Traffic a retailer's mailbox sees from its suppliers: mostly acks, ASNs and invoices.
TEMPLATES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "X12",
        "ACMESUPPLY",
        {
            "document_type": "functional_ack",
            "acknowledged_functional_id": "PO",
            "acknowledged_group_control_number": "41",
            "group_status": "A",
            "lines": [{"set_code": "850", "set_control_number": "0001", "status": "A"}],
        },
    ),
    (
        "X12",
        "ACMESUPPLY",
        {
            "document_type": "po_acknowledgement",
            "po_number": "4500000102",
            "acknowledgement_type": "AC",
            "lines": _lines(4, ordered_quantity=3, status="IA", acknowledged_quantity=3),
        },
    ),
    (
        "X12",
        "GLOBEX",
        {
            "document_type": "po_acknowledgement",
            "po_number": "4500000103",
            "acknowledgement_type": "AC",
            "lines": _lines(
                3,
                ordered_quantity=5,
                status="IB",
                acknowledged_quantity=5,
                schedule_date_qualifier="068",
                schedule_date="2026-12-01",
            ),
        },
    ),
    (
        "X12",
        "ACMESUPPLY",
        {
            "document_type": "ship_notice",
            "asn_number": "ASN-1",
            "po_number": "4500000102",
            "asn_date": "2026-11-03",
            "estimated_delivery_date": "2026-11-08",
            "lines": _lines(4, shipped_quantity=3),
        },
    ),
    (
        "X12",
        "GLOBEX",
        {
            "document_type": "invoice",
            "invoice_number": "INV-1",
            "invoice_date": "2026-11-10",
            "po_number": "4500000103",
            "total_amount": 250.0,
            "lines": _lines(4, quantity=5, unit_price=12.5),
        },
    ),
    (
        "X12",
        "ACMESUPPLY",
        {
            "document_type": "inventory_advice",
            "report_number": "INV-1",
            "report_date": "2026-11-01",
            "lines": _lines(6, available_quantity=40, available_date="2026-12-15"),
        },
    ),
    (
        "X12",
        "CARRIERX",
        {
            "document_type": "shipment_status",
            "pro_number": "PRO-1",
            "bol_number": "BOL-1",
            "carrier_scac": "ABCD",
            "po_number": "4500000102",
            "lines": [{"status": "X6", "status_date": {"date": "2026-11-04", "time": "09:00"}}],
        },
    ),
    (
        "X12",
        "INITECH",
        {
            "document_type": "order_status",
            "report_number": "OSR-1",
            "report_date": "2026-11-05",
            "lines": _lines(2, po_number="4500000104", status="BK", status_date="2026-11-20"),
        },
    ),
    (
        "EDIFACT",
        "EURODIS",
        {
            "document_type": "ship_notice",
            "asn_number": "DES-1",
            "po_number": "4500000105",
            "asn_date": "2026-11-03",
            "lines": _lines(3, shipped_quantity=2),
        },
    ),
    (
        "EDIFACT",
        "EURODIS",
        {
            "document_type": "invoice",
            "invoice_number": "INV-E1",
            "invoice_date": "2026-11-10",
            "po_number": "4500000105",
            "total_amount": 60.0,
            "lines": _lines(3, quantity=2, unit_price=10.0),
        },
    ),
]
# How often each template appears, in the order above (acks, ASNs and invoices dominate).
WEIGHTS = [4, 2, 1, 3, 3, 1, 1, 1, 1, 1]


def template_texts() -> list[str]:
    texts = []
    for dialect, sender, record in TEMPLATES:
        if dialect == "X12":
            envelope = X12Envelope(
                sender_qualifier="ZZ",
                sender_id=sender,
                receiver_qualifier="ZZ",
                receiver_id="OURCO",
                interchange_control_number=PLACEHOLDER,
                group_control_number=PLACEHOLDER,
                timestamp=WHEN,
                version="004010",
                usage="P",
            )
            texts.append(write_x12([record], envelope))
        else:
            envelope = EdifactEnvelope(
                sender_qualifier="ZZ",
                sender_id=sender,
                receiver_qualifier="ZZ",
                receiver_id="OURCO",
                interchange_control_number=PLACEHOLDER,
                timestamp=WHEN,
                test=False,
            )
            texts.append(write_edifact([record], envelope))
    return texts


def write_mailbox(root: Path, count: int) -> int:
    """`count` files in root/inbound, each with its own control numbers; returns the bytes."""
    inbound = root / "inbound"
    inbound.mkdir(parents=True)
    texts = template_texts()
    schedule = [index for index, weight in enumerate(WEIGHTS) for _ in range(weight)]
    total = 0
    for number in range(1, count + 1):
        template = schedule[number % len(schedule)]
        data = texts[template].replace(str(PLACEHOLDER), f"{number:09d}").encode()
        path = inbound / f"doc_{number:07d}.edi"
        path.write_bytes(data)
        mtime = START_MTIME + (number * 86_400) // DOCUMENTS_PER_DAY
        os.utime(path, (mtime, mtime))
        total += len(data)
    return total


# Runs a module's command line and reports its own peak memory (kB) as the last line of
# stderr. VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
MEASURED = """
import re, runpy, sys
module = sys.argv[1]
sys.argv = [module, *sys.argv[2:]]
try:
    runpy.run_module(module, run_name="__main__")
finally:
    status = open("/proc/self/status").read()
    print("VmHWM", re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1), file=sys.stderr)
"""


class Measured(NamedTuple):
    wall_seconds: float
    cpu_seconds: float
    peak_mb: float
    stderr: str


def child_environment(pycache: Path) -> dict[str, str]:
    """The environment of the timed commands: a bytecode cache of their own, quiet logs."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return env | {"LOGLEVEL": "WARNING", "PYTHONPYCACHEPREFIX": str(pycache)}


def measure(module: str, argv: list[str], cwd: Path, env: dict[str, str]) -> Measured:
    started = time.monotonic()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-c", MEASURED, module, *argv],
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=cwd,
            env=env,
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - started
        err.seek(0)
        text = err.read().decode(errors="replace")
    peak_kb = int(text.rsplit("VmHWM", 1)[1].split()[0])
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # parse exits 1 when a document is bad
        raise RuntimeError(f"{module} failed:\n{text[-2000:]}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, peak_kb / 1024, text)


def run_tap(root: Path, env: dict[str, str]) -> Measured:
    config = root / "config.json"
    config.write_text(json.dumps({"mailbox_url": root.joinpath("mailbox").as_uri()}))
    return measure("tap_trading_grid", ["--config", str(config)], root, env)


def run_parse(inbound: Path, env: dict[str, str]) -> Measured:
    names = sorted(path.name for path in inbound.iterdir())
    wall = cpu = peak = 0.0
    for start in range(0, len(names), CLI_CHUNK):
        chunk = names[start : start + CLI_CHUNK]
        part = measure("supplychain_edi.cli", ["parse", *chunk], inbound, env)
        wall += part.wall_seconds
        cpu += part.cpu_seconds
        peak = max(peak, part.peak_mb)
    return Measured(wall, cpu, peak, "")


def warm_up(env: dict[str, str]) -> None:
    """Run both commands once, untimed, so that their bytecode is compiled and cached."""
    with tempfile.TemporaryDirectory(prefix="bench-tap-trading-grid-", dir=RAM_DIR) as tmp:
        root = Path(tmp)
        write_mailbox(root / "mailbox", WARM_UP_DOCUMENTS)
        run_tap(root, env)
        run_parse(root / "mailbox" / "inbound", env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-tap-trading-grid-pycache-") as pycache:
        env = child_environment(Path(pycache))
        warm_up(env)
        rows = measure_sizes(args.sizes, env)
    print_table(rows)
    return 0


def measure_sizes(sizes: list[int], env: dict[str, str]) -> list[tuple[int, Measured, Measured]]:
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-tap-trading-grid-", dir=RAM_DIR) as tmp:
            root = Path(tmp)
            started = time.monotonic()
            size_bytes = write_mailbox(root / "mailbox", size)
            took = time.monotonic() - started
            print(f"{size:,} documents ({size_bytes / 1e6:.1f} MB) written in {took:.1f} s")
            tap = run_tap(root, env)
            parse = run_parse(root / "mailbox" / "inbound", env)
            rows.append((size, tap, parse))
            for label, measured in (("tap", tap), ("parse", parse)):
                wall_rate = size / measured.wall_seconds
                cpu_rate = size / measured.cpu_seconds
                print(
                    f"  {label:5} {wall_rate:8,.0f} docs/s wall {cpu_rate:8,.0f} docs/s CPU"
                    f"  peak {measured.peak_mb:6.0f} MB",
                    flush=True,
                )
    return rows


def print_table(rows: list[tuple[int, Measured, Measured]]) -> None:
    print()
    print(
        "| Documents | tap docs/s (wall) | parse docs/s (wall) | tap / parse (wall) "
        "| tap / parse (CPU) | tap peak MB | parse peak MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, tap, parse in rows:
        print(
            f"| {size:,} | {size / tap.wall_seconds:,.0f} | {size / parse.wall_seconds:,.0f} "
            f"| {parse.wall_seconds / tap.wall_seconds:.0%} "
            f"| {parse.cpu_seconds / tap.cpu_seconds:.0%} "
            f"| {tap.peak_mb:.0f} | {parse.peak_mb:.0f} |"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(
            f"\nTap peak memory at {last[0]:,} vs {first[0]:,} documents: "
            f"{last[1].peak_mb / first[1].peak_mb:.2f}x"
        )


if __name__ == "__main__":
    sys.exit(main())
