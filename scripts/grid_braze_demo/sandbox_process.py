"""The sandbox as a child process, and the scenario phases driven into it (DESIGN §5)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SCENARIO_CLOCK_START = "2026-09-30T00:00:00Z"  # the story needs the clock before 2026-09-30T12:00


@dataclass(frozen=True)
class ScenarioSize:
    seed: int = 7
    customers: int = 200
    orders: int = 400


def sandbox_executable() -> Path:
    # The console script sits beside the interpreter running the demo (the project's .venv).
    return Path(sys.executable).parent / "grid-braze-sandbox"


class SandboxProcess:
    """`grid-braze-sandbox serve`, started on entry and stopped (SIGTERM) on exit.

    port=None keeps the fixed default ports, which the dev environment in meltano.yml expects;
    port=0 lets every service pick a free port (tests).
    """

    def __init__(self, state_dir: Path, log_path: Path, port: int | None = None) -> None:
        self.state_dir = state_dir
        self.log_path = log_path
        self.port = port
        self.settings: dict = {}
        self._process: subprocess.Popen | None = None
        self._log = None

    def __enter__(self) -> SandboxProcess:
        command = [
            str(sandbox_executable()), "serve", "--state-dir", str(self.state_dir),
            "--clock-start", SCENARIO_CLOCK_START,
        ]  # fmt: skip
        if self.port is not None:
            command += ["--port", str(self.port)]
        # Its output goes to a file, never a pipe nobody reads: a full pipe would stall it.
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w", encoding="utf-8")
        self._process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)
        self.settings = self._wait_for_connection_file()
        return self

    def _wait_for_connection_file(self, timeout: float = 60) -> dict:
        # serve writes the same JSON line to DIR/sandbox.json once every service listens.
        connection_file = self.state_dir / "sandbox.json"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            try:
                return json.loads(connection_file.read_text(encoding="utf-8"))
            except (FileNotFoundError, ValueError):
                time.sleep(0.2)
        self.__exit__()
        log = self.log_path.read_text(encoding="utf-8", errors="replace")
        raise SystemExit(f"The sandbox did not start (its log, {self.log_path}):\n{log[-3000:]}")

    def __exit__(self, *exc_info: object) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        self._log.close()

    @property
    def braze_url(self) -> str:
        return self.settings["braze"]["api_url"]

    @property
    def grid_url(self) -> str:
        return self.settings["trading_grid"]["api_url"]

    @property
    def mailbox_root(self) -> Path:
        # The SFTP session's root on disk (sandbox docs/grid-emulator.md, section 1).
        return self.state_dir / "trading_grid" / "mailbox"


def run_scenario_phase(state_dir: Path, size: ScenarioSize, phase: int) -> dict:
    """Drive one phase into the running sandbox; answer its cumulative manifest."""
    command = [
        str(sandbox_executable()), "scenario", "--state-dir", str(state_dir),
        "--seed", str(size.seed), "--phase", str(phase),
        "--customers", str(size.customers), "--orders", str(size.orders),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    if result.returncode != 0:
        raise SystemExit(f"Scenario phase {phase} failed:\n{result.stderr[-3000:]}")
    return json.loads((state_dir / f"manifest-{phase}.json").read_text(encoding="utf-8"))


def empty_directory(path: Path) -> None:
    """A fresh demo every time: nothing a previous run left can be mistaken for this one's."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
