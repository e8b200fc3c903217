"""What one phase of the demo produced: the job run and the checks after it."""

from __future__ import annotations

from dataclasses import dataclass

from .flow_check import FlowResult
from .meltano_job import JobRun


@dataclass
class PhaseOutcome:
    phase: int
    as_of: str
    job: JobRun
    cumulative: list[FlowResult]  # everything Braze received so far against manifest-K
    this_run: list[FlowResult]  # this job's messages against manifest-K's new rows
    rerun: bool = False  # the job again with nothing new upstream: it must send nothing

    @property
    def label(self) -> str:
        return f"{self.phase} (rerun)" if self.rerun else str(self.phase)

    @property
    def differs(self) -> bool:
        return any(r.differs for r in self.cumulative + self.this_run) or self.job.returncode != 0
