"""warehouse-lock: a second job fails fast, a crashed job's lock is taken over."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from warehouse_core import job_lock


def test_a_second_job_fails_fast_with_a_clear_message(tmp_path: Path, capsys) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert (
            job_lock.main(["acquire", "--path", str(warehouse), "--holder-pid", str(sleeper.pid)])
            == 0
        )

        code = job_lock.main(["acquire", "--path", str(warehouse), "--holder-pid", "1"])

        assert code == 1
        error = capsys.readouterr().err
        assert f"held by another job: pid {sleeper.pid}" in error
        assert "do not overlap" in error
    finally:
        sleeper.kill()
        sleeper.wait()


def test_release_lets_the_next_job_in(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    job_lock.acquire(warehouse, holder_pid=1)
    assert job_lock.release(warehouse, holder_pid=1)
    assert not job_lock.lock_path_for(warehouse).exists()
    job_lock.acquire(warehouse, holder_pid=1)


def test_a_lock_whose_job_died_is_taken_over(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    job_lock.acquire(warehouse, holder_pid=dead.pid)

    job_lock.acquire(warehouse, holder_pid=1)

    assert '"pid": 1' in job_lock.lock_path_for(warehouse).read_text()


def test_release_by_another_holder_leaves_the_lock(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    job_lock.acquire(warehouse, holder_pid=1)
    assert not job_lock.release(warehouse, holder_pid=2)
    with pytest.raises(job_lock.WarehouseLockedError):
        job_lock.acquire(warehouse, holder_pid=2)
