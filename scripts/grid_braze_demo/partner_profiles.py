"""The partner profiles target-trading-grid uses in the dev environment (meltano.yml), which say
what each partner reads: a demand report (852 / SLSRPT) or a planning schedule (830 / DELFOR)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

SCHEDULES = ("830", "DELFOR")


@dataclass(frozen=True)
class DemandDocument:
    schedule: bool  # 830 / DELFOR rather than the default 852 / SLSRPT
    x12: bool  # an X12 830 carries the spike's level; a DELFOR only flags it


def demand_documents(project_root: Path) -> dict[str, DemandDocument]:
    project = yaml.safe_load((project_root / "meltano.yml").read_text(encoding="utf-8"))
    dev = next(env for env in project["environments"] if env["name"] == "dev")
    loaders = dev["config"]["plugins"]["loaders"]
    grid = next(loader for loader in loaders if loader["name"] == "target-trading-grid")
    return {
        address: DemandDocument(
            str((profile.get("documents") or {}).get("demand_signals")) in SCHEDULES,
            profile.get("dialect") == "X12",
        )
        for address, profile in (grid["config"].get("partners") or {}).items()
    }
