"""Running the tap in-process and collecting what it wrote."""

from __future__ import annotations

import io
import json
from collections import Counter, defaultdict
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from typing import Any

from tap_trading_grid.tap import TapTradingGrid


@dataclass
class SyncResult:
    """The Singer messages of one run, sorted out."""

    records: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    states: list[dict[str, Any]] = field(default_factory=list)
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    raw: str = ""

    @property
    def state(self) -> dict[str, Any] | None:
        return self.states[-1] if self.states else None

    def counts(self) -> dict[str, int]:
        return {stream: len(rows) for stream, rows in self.records.items() if rows}

    def keys(self, stream: str) -> list[tuple[Any, ...]]:
        key_properties = self.schemas[stream]["key_properties"]
        return [tuple(row[k] for k in key_properties) for row in self.records[stream]]

    def duplicated_keys(self) -> dict[str, list[tuple[Any, ...]]]:
        found = {}
        for stream in self.records:
            repeated = [k for k, n in Counter(self.keys(stream)).items() if n > 1]
            if repeated:
                found[stream] = repeated
        return found


def parse_output(text: str) -> SyncResult:
    result = SyncResult(raw=text)
    for line in text.splitlines():
        if not line.strip():
            continue
        message = json.loads(line)
        if message["type"] == "RECORD":
            result.records[message["stream"]].append(message["record"])
        elif message["type"] == "STATE":
            result.states.append(message["value"])
        elif message["type"] == "SCHEMA":
            result.schemas[message["stream"]] = message
    return result


def run_tap(
    config: dict[str, Any],
    state: dict[str, Any] | None = None,
    *,
    partial: list[SyncResult] | None = None,
) -> SyncResult:
    """Sync every stream. If the run raises, what it wrote so far is appended to `partial`."""
    buffer = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    tap = TapTradingGrid(config=config, state=state, parse_env_config=False, validate_config=True)
    try:
        with redirect_stdout(buffer):
            tap.sync_all()
    finally:
        buffer.flush()
        buffer.seek(0)
        result = parse_output(buffer.read())
        if partial is not None:
            partial.append(result)
    return result
