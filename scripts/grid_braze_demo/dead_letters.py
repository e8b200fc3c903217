"""The targets' dead letters, counted per flow (target-braze and target-trading-grid READMEs,
Dead letters).

target-braze writes `<stream>-<run>.reasons.jsonl` beside each file, one line per refused record;
records it would not repeat after a broken connection (at_most_once) are in doubt, and their
reason says so. target-trading-grid keeps the reasons in each RECORD message (`dead_letter`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .messages import flow_number


@dataclass
class DeadLetters:
    # flow → records refused (by Braze, the Grid or the target itself), and left in doubt
    refused: Counter = field(default_factory=Counter)
    in_doubt: Counter = field(default_factory=Counter)
    samples: list[dict] = field(default_factory=list)


def read_dead_letters(*directories: Path) -> DeadLetters:
    letters = DeadLetters()
    for directory in directories:
        if directory.exists():
            _read_directory(directory, letters)
    return letters


def _read_directory(directory: Path, letters: DeadLetters) -> None:
    for singer_file in sorted(directory.glob("*.singer.jsonl")):
        reasons_file = singer_file.with_name(
            singer_file.name.removesuffix(".singer.jsonl") + ".reasons.jsonl"
        )
        messages = [m for m in _json_lines(singer_file) if m.get("type") == "RECORD"]
        reasons = _json_lines(reasons_file) if reasons_file.exists() else []
        for index, message in enumerate(messages):
            record = message["record"]
            reason = reasons[index] if index < len(reasons) else message.get("dead_letter", {})
            flow = flow_number(record.get("flow") or _flow_of_key(record.get("message_key", "")))
            text = json.dumps(reason)
            (letters.in_doubt if "in doubt" in text else letters.refused)[flow] += 1
            if len(letters.samples) < 10:
                letters.samples.append({"flow": flow, "record": record, "reason": reason})


def _flow_of_key(key: str) -> str:
    # Keys start with the flow (DESIGN §10): f1:, f2:, f2a:, f6c:, f7b:, …, and fa: for acks.
    prefix = key.split(":", 1)[0]
    if prefix == "fa":
        return prefix
    return prefix[1:2] if prefix.startswith("f") and len(prefix) > 1 else "?"


def _json_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
