"""One emulated Braze workspace: its state and every moving part that serves it."""

from __future__ import annotations

import threading
from pathlib import Path

from grid_braze_sandbox.braze.config import BrazeConfig
from grid_braze_sandbox.braze.currents import CurrentsWriter
from grid_braze_sandbox.braze.dashboard import create_design_presets
from grid_braze_sandbox.braze.faults import Faults
from grid_braze_sandbox.braze.ratelimits import RateLimiter
from grid_braze_sandbox.braze.simulation import EngagementSimulator
from grid_braze_sandbox.braze.state import BrazeState
from grid_braze_sandbox.clock import SimulatedClock

ALL_PERMISSIONS = None  # a key whose permission set is None may call every endpoint


class BrazeService:
    def __init__(
        self, root: Path, clock: SimulatedClock, config: BrazeConfig | None = None
    ) -> None:
        self.config = config or BrazeConfig()
        self.clock = clock
        self.root = root
        self.currents_root = root / "currents"
        self.export_root = root / "exports"
        self.currents_root.mkdir(parents=True, exist_ok=True)
        self.export_root.mkdir(parents=True, exist_ok=True)
        self.state = BrazeState(self.config.request_log_limit)
        self.limiter = RateLimiter(self.config)
        self.faults = Faults()
        self.currents = CurrentsWriter(self.currents_root, self.config)
        self.simulation = EngagementSimulator(self.state, self.currents, self.config, clock)
        self.api_keys: dict[str, frozenset[str] | None] = {self.config.api_key: ALL_PERMISSIONS}
        self._export_threads: list[threading.Thread] = []
        self.reset()
        # Currents files cover what happened up to now: moving the clock closes the current batch,
        # like Currents' 5-minute flush would.
        clock.on_change(lambda _now: self.currents.flush())

    def reset(self) -> None:
        """Back to an empty workspace that holds only the all-customers segment."""
        self.state.clear()
        self.simulation.reset()
        self.limiter.reset()
        self.faults.clear()
        self.api_keys = {self.config.api_key: ALL_PERMISSIONS}
        now = self.clock.now()
        segment_id = self.config.all_customers_segment_id
        self.state.segments[segment_id] = {
            "id": segment_id,
            "name": "All customers",
            "description": "Every user in the workspace",
            "text_description": "All users",
            "analytics_tracking_enabled": True,
            "tags": [],
            "teams": [],
            "filter": {},
            "created_at": now,
            "updated_at": now,
            "archived": False,
        }
        if self.config.design_presets:
            create_design_presets(self)

    def track_export_thread(self, thread: threading.Thread) -> None:
        self._export_threads.append(thread)

    def close(self) -> None:
        for thread in self._export_threads:
            thread.join(timeout=10)
        self.simulation.release_due(self.clock.now())
        self.currents.flush()
