"""target-braze's dead letters, counted per flow (target-braze README, Dead letters).

`<stream>-<run>.reasons.jsonl` holds one line per refused record; records the target would not
repeat after a broken connection (at_most_once) are in doubt, and their reason says so.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class DeadLetters:
    refused: Counter = field(default_factory=Counter)  # flow → records Braze refused
    in_doubt: Counter = field(default_factory=Counter)  # flow → records left in doubt
    samples: list[dict] = field(default_factory=list)


def read_dead_letters(directory: Path) -> DeadLetters:
    letters = DeadLetters()
    if not directory.exists():
        return letters
    for singer_file in sorted(directory.glob("*.singer.jsonl")):
        reasons_file = singer_file.with_name(
            singer_file.name.removesuffix(".singer.jsonl") + ".reasons.jsonl"
        )
        records = [
            message["record"]
            for message in _json_lines(singer_file)
            if message.get("type") == "RECORD"
        ]
        reasons = _json_lines(reasons_file) if reasons_file.exists() else []
        for index, record in enumerate(records):
            reason = reasons[index] if index < len(reasons) else {}
            flow = str(record.get("flow") or _flow_of_key(record.get("message_key", "")))
            text = json.dumps(reason)
            (letters.in_doubt if "in doubt" in text else letters.refused)[flow] += 1
            if len(letters.samples) < 10:
                letters.samples.append({"flow": flow, "record": record, "reason": reason})
    return letters


def _flow_of_key(key: str) -> str:
    # Keys start with the flow (DESIGN §10): f1:, f2:, f2a:, f6c:, f7b:, …
    prefix = key.split(":", 1)[0]
    return prefix[1:2] if prefix.startswith("f") and len(prefix) > 1 else "?"


def _json_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
