"""What one phase of the demo produced: its job runs and the checks after them."""

from __future__ import annotations

from dataclasses import dataclass

from .flow_check import FlowResult
from .grid_received import GridTraffic
from .meltano_job import JobRun


@dataclass
class PhaseOutcome:
    phase: int
    as_of: str
    jobs: list[JobRun]  # grid-to-braze, then braze-to-grid
    cumulative: list[FlowResult]  # everything received so far against manifest-K
    this_run: list[FlowResult]  # these jobs' messages against manifest-K's new rows
    grid: GridTraffic  # what these jobs sent the Trading Grid
    rerun: bool = False  # the jobs again with nothing new upstream: they must send nothing

    @property
    def label(self) -> str:
        return f"{self.phase} (rerun)" if self.rerun else str(self.phase)

    @property
    def job_exit(self) -> int:
        return next((job.returncode for job in self.jobs if job.returncode), 0)

    @property
    def differs(self) -> bool:
        quiet = not self.rerun or self.grid.writes == 0
        return any(r.differs for r in self.cumulative + self.this_run) or bool(
            self.job_exit or not quiet
        )
