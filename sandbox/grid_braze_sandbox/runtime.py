"""Starting the sandbox's services and announcing how to reach them (DESIGN §5, §11).

`running_sandbox()` is the in-process entry point for tests in any package; `serve` in the CLI is a
thin wrapper around it that waits for a signal.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from grid_braze_sandbox.braze.app import BrazeApp
from grid_braze_sandbox.braze.config import BrazeConfig
from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.clock import SimulatedClock
from grid_braze_sandbox.grid.config import GridConfig
from grid_braze_sandbox.grid.running import RunningGrid, start_grid
from grid_braze_sandbox.httpserver import BackgroundServer

# Fixed so that the `dev` environment in meltano.yml works unchanged; the Trading Grid emulator
# takes the ports after it (its REST API on 8471, its SFTP mailbox on 8472).
DEFAULT_BRAZE_PORT = 8470
CONNECTION_FILE = "sandbox.json"


@dataclass
class Sandbox:
    """A running sandbox: its clock, its emulators and their addresses."""

    state_dir: Path
    clock: SimulatedClock
    braze: BrazeService
    braze_server: BackgroundServer
    grid: RunningGrid | None = None

    @property
    def braze_url(self) -> str:
        return self.braze_server.url

    def braze_settings(self) -> dict[str, str]:
        """tap-braze / target-braze settings (DESIGN §11) pointing at this sandbox."""
        return {
            "api_url": self.braze_url,
            "api_key": self.braze.config.api_key,
            "currents_url": self.braze.currents_root.as_uri(),
            "export_bucket_url": self.braze.export_root.as_uri(),
            "segment_id": self.braze.config.all_customers_segment_id,
        }

    def trading_grid_settings(self) -> dict[str, str]:
        """tap-trading-grid / target-trading-grid settings (DESIGN §11) for this sandbox."""
        if self.grid is None:
            raise RuntimeError("this sandbox runs no Trading Grid emulator")
        return self.grid.settings()

    def connection_info(self) -> dict[str, Any]:
        info: dict[str, Any] = {"braze": self.braze_settings()}
        if self.grid is not None:
            info["trading_grid"] = self.grid.settings()
        return info

    def connection_line(self) -> str:
        return json.dumps(self.connection_info())


@contextmanager
def running_sandbox(
    state_dir: Path | str,
    *,
    braze_port: int = 0,
    braze_config: BrazeConfig | None = None,
    grid_port: int = 0,
    sftp_port: int = 0,
    grid_config: GridConfig | None = None,
    clock_start: datetime | None = None,
    write_connection_file: bool = True,
) -> Iterator[Sandbox]:
    """Start every emulator on 127.0.0.1 for the duration of a `with` block.

    Port 0 picks a free port. The state directory's emulator folders are emptied first: the
    workspace starts empty, so files left by an earlier run would only mislead a reader.
    """
    root = Path(state_dir).resolve()
    braze_root = root / "braze"
    grid_root = root / "trading_grid"
    for emulator_root in (braze_root, grid_root):
        if emulator_root.exists():
            shutil.rmtree(emulator_root)
    root.mkdir(parents=True, exist_ok=True)
    clock = SimulatedClock(clock_start)
    braze = BrazeService(braze_root, clock, braze_config)
    server = BackgroundServer(BrazeApp(braze), braze_port).start()
    try:
        grid = start_grid(grid_root, clock, port=grid_port, sftp_port=sftp_port, config=grid_config)
    except BaseException:
        server.stop()
        braze.close()
        raise
    sandbox = Sandbox(root, clock, braze, server, grid)
    try:
        if write_connection_file:
            connection_file = root / CONNECTION_FILE
            partial = connection_file.with_suffix(".json.partial")
            partial.write_text(sandbox.connection_line() + "\n", encoding="utf-8")
            partial.replace(connection_file)
        yield sandbox
    finally:
        grid.stop()
        server.stop()
        braze.close()
