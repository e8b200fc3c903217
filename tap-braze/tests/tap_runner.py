"""Running tap-braze as a command, the way Meltano does, and reading its Singer output."""

from __future__ import annotations

import json
import subprocess
import sys
import typing as t
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tap_braze.tap import TapBraze


@dataclass
class TapRun:
    stdout: str
    stderr: str
    records: dict[str, list[dict[str, t.Any]]] = field(default_factory=dict)
    states: list[dict[str, t.Any]] = field(default_factory=list)

    @property
    def final_state(self) -> dict[str, t.Any]:
        return self.states[-1] if self.states else {}


def catalog_selecting(config: dict[str, t.Any], streams: t.Iterable[str]) -> dict[str, t.Any]:
    wanted = set(streams)
    catalog = TapBraze(config=config, parse_env_config=False).catalog_dict
    for entry in catalog["streams"]:
        for metadata in entry["metadata"]:
            if metadata["breadcrumb"] == []:
                metadata["metadata"]["selected"] = entry["tap_stream_id"] in wanted
    return catalog


def run_tap(
    workdir: Path,
    config: dict[str, t.Any],
    *,
    streams: t.Iterable[str] | None = None,
    state: dict[str, t.Any] | None = None,
    name: str = "run",
) -> TapRun:
    workdir.mkdir(parents=True, exist_ok=True)
    config_file = workdir / f"{name}-config.json"
    config_file.write_text(json.dumps(config))
    command = [sys.executable, "-m", "tap_braze", "--config", str(config_file)]
    if streams is not None:
        catalog_file = workdir / f"{name}-catalog.json"
        catalog_file.write_text(json.dumps(catalog_selecting(config, streams)))
        command += ["--catalog", str(catalog_file)]
    if state is not None:
        state_file = workdir / f"{name}-state.json"
        state_file.write_text(json.dumps(state))
        command += ["--state", str(state_file)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-4000:]
    run = TapRun(done.stdout, done.stderr)
    records: dict[str, list[dict[str, t.Any]]] = defaultdict(list)
    for line in done.stdout.splitlines():
        message = json.loads(line)
        if message["type"] == "RECORD":
            records[message["stream"]].append(message["record"])
        elif message["type"] == "STATE":
            run.states.append(message["value"])
    run.records = dict(records)
    return run
