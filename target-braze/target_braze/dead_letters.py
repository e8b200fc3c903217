"""Dead letters: records Braze would not take, kept as Singer messages so they can be replayed.

For each stream and run there are two files in `dead_letter_dir`:

- `<stream>-<run>.singer.jsonl`: the stream's SCHEMA, then one RECORD per dead letter, exactly
  as the target received it (message key included). `cat` it into the target to retry.
- `<stream>-<run>.reasons.jsonl`: one line per record, in the same order: the message key (if
  any), Braze's status and message, and our own reason.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from target_braze.records import dumps


@dataclass
class DeadLetter:
    stream: str
    schema: dict[str, Any]
    key_properties: list[str]
    record: dict[str, Any]
    reason: str
    message_key: str | None = None
    status: int | None = None


class DeadLetterWriter:
    def __init__(self, folder: str, run_id: str) -> None:
        self._folder = Path(folder)
        self._run_id = run_id
        self._lock = threading.Lock()
        self._files: dict[str, tuple[IO[str], IO[str]]] = {}

    def _open(self, letter: DeadLetter) -> tuple[IO[str], IO[str]]:
        files = self._files.get(letter.stream)
        if files is None:
            self._folder.mkdir(parents=True, exist_ok=True)
            stem = f"{_safe(letter.stream)}-{self._run_id}"
            records = (self._folder / f"{stem}.singer.jsonl").open("w", encoding="utf-8")
            reasons = (self._folder / f"{stem}.reasons.jsonl").open("w", encoding="utf-8")
            schema_message = {
                "type": "SCHEMA",
                "stream": letter.stream,
                "schema": letter.schema,
                "key_properties": letter.key_properties,
            }
            records.write(json.dumps(schema_message) + "\n")
            files = self._files[letter.stream] = (records, reasons)
        return files

    def write(self, letters: list[DeadLetter]) -> None:
        if not letters:
            return
        with self._lock:
            for letter in letters:
                records, reasons = self._open(letter)
                message = {"type": "RECORD", "stream": letter.stream, "record": letter.record}
                records.write(dumps(message) + "\n")
                reason = {
                    "stream": letter.stream,
                    "message_key": letter.message_key,
                    "status": letter.status,
                    "reason": letter.reason,
                }
                reasons.write(dumps(reason) + "\n")
                # Flushed at once: a dead letter must survive a crash that follows it.
                records.flush()
                reasons.flush()

    def close(self) -> None:
        with self._lock:
            for records, reasons in self._files.values():
                records.close()
                reasons.close()
            self._files.clear()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


class DryRunRecorder:
    """Writes the requests a dry run would send, one JSON line each (no credentials)."""

    def __init__(self, path: str) -> None:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        self._file = target.open("w", encoding="utf-8")
        self._lock = threading.Lock()

    def record(self, method: str, path: str, body: dict[str, Any] | None, stream: str) -> None:
        with self._lock:
            line = {"stream": stream, "method": method, "path": path, "body": body}
            self._file.write(dumps(line) + "\n")
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            self._file.close()
