"""A job-level lock on the warehouse, so that a second job fails fast instead of mid-run.

DuckDB's own file lock only shows a conflict when two blocks touch the file at the same moment,
which may be after a job has already extracted for minutes. Jobs therefore start with
``warehouse-lock acquire`` and end with ``warehouse-lock release``. The lock records the
process that runs the job (our parent, ``meltano run``); a lock whose process is gone is stale
and is taken over, so a crashed job never blocks the next one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

LOCK_SUFFIX = ".job.lock"


class WarehouseLockedError(RuntimeError):
    """Another live job holds the warehouse."""


def lock_path_for(warehouse_path: str | Path) -> Path:
    """The lock file that guards a warehouse file."""
    warehouse_path = Path(warehouse_path)
    return warehouse_path.with_name(warehouse_path.name + LOCK_SUFFIX)


def _command_line(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def _is_alive(pid: int, command_line: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A recycled pid runs another program; only the recorded command counts as the holder.
    current = _command_line(pid)
    return not current or not command_line or current == command_line


def acquire(warehouse_path: str | Path, holder_pid: int) -> Path:
    """Take the lock for ``holder_pid``, or raise if another live job holds it."""
    lock = lock_path_for(warehouse_path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "pid": holder_pid,
        "command": _command_line(holder_pid),
        "since": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                held = json.loads(lock.read_text())
            except (OSError, ValueError):
                held = {}
            pid = int(held.get("pid", 0))
            if pid == holder_pid:
                return lock
            if pid and _is_alive(pid, held.get("command", "")):
                msg = (
                    f"The warehouse is held by another job: pid {pid} "
                    f"({held.get('command') or 'unknown command'}) since {held.get('since')}. "
                    "Jobs that share the warehouse run one after another; this one stops "
                    "without touching it. Space the schedules so they do not overlap."
                )
                raise WarehouseLockedError(msg) from None
            lock.unlink(missing_ok=True)  # stale: its job is gone
            continue
        with os.fdopen(fd, "w") as handle:
            json.dump(record, handle)
        return lock


def release(warehouse_path: str | Path, holder_pid: int) -> bool:
    """Drop the lock if ``holder_pid`` holds it. Returns whether a lock was dropped."""
    lock = lock_path_for(warehouse_path)
    try:
        held = json.loads(lock.read_text())
    except (OSError, ValueError):
        return False
    if int(held.get("pid", 0)) != holder_pid:
        return False
    lock.unlink(missing_ok=True)
    return True


def main(argv: list[str] | None = None) -> int:
    """``warehouse-lock acquire|release [--path FILE]``: guard a job's use of the warehouse."""
    parser = argparse.ArgumentParser(prog="warehouse-lock", description=main.__doc__)
    parser.add_argument("action", choices=["acquire", "release"])
    parser.add_argument(
        "--path",
        default=os.environ.get("WAREHOUSE_LOCK_PATH"),
        help="the warehouse file (default: $WAREHOUSE_LOCK_PATH)",
    )
    parser.add_argument(
        "--holder-pid",
        type=int,
        default=os.getppid(),
        help="the process that runs the job (default: the parent, i.e. meltano run)",
    )
    args = parser.parse_args(argv)
    if not args.path:
        parser.error("the warehouse file is not set: pass --path or set WAREHOUSE_LOCK_PATH")
    if args.action == "release":
        release(args.path, args.holder_pid)
        return 0
    try:
        acquire(args.path, args.holder_pid)
    except WarehouseLockedError as exc:
        print(f"warehouse-lock: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
