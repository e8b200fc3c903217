"""Dead letters: records that could not be sent, kept as Singer messages with their reasons.

Each run writes one file per stream into `dead_letter_dir`: the stream's SCHEMA message,
then one RECORD message per refused record with a `dead_letter` object beside `record`.
Singer readers ignore keys they do not know, so piping the file back into the target (after
fixing the cause, for example allowing a field or adding a partner profile) retries exactly
those records (DESIGN §6). Nothing from the configuration is ever written here.
"""

from __future__ import annotations

import datetime
import decimal
import json
import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

logger = logging.getLogger(__name__)


def _json_value(value: Any) -> Any:
    # The SDK reads JSON numbers as Decimal; they must go back out as numbers, or the retried
    # record no longer matches its schema.
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


class DeadLetters:
    """Append-only writer of refused records, opened lazily so a clean run leaves no file."""

    def __init__(self, folder: str | os.PathLike[str] | None) -> None:
        self.folder = Path(folder) if folder else None
        self.counts: dict[str, int] = {}
        self._files: dict[str, TextIO] = {}
        self._lock = threading.Lock()
        self._run_id = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")

    def _file_for(
        self, stream: str, schema: Mapping[str, Any], key_properties: list[str]
    ) -> TextIO:
        if stream in self._files:
            return self._files[stream]
        if self.folder is None:
            msg = (
                f"a {stream!r} record must go to dead letters, but dead_letter_dir is not set; "
                "set it so that refused records are kept instead of stopping the run"
            )
            raise RuntimeError(msg)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{stream}-{self._run_id}-{os.getpid()}.singer.jsonl"
        handle = path.open("a", encoding="utf-8")
        schema_message = {
            "type": "SCHEMA",
            "stream": stream,
            "schema": schema,
            "key_properties": key_properties,
        }
        handle.write(json.dumps(schema_message, sort_keys=True) + "\n")
        self._files[stream] = handle
        return handle

    def write(
        self,
        stream: str,
        schema: Mapping[str, Any],
        key_properties: list[str],
        record: Mapping[str, Any],
        reasons: list[str],
    ) -> None:
        message = {
            "type": "RECORD",
            "stream": stream,
            "record": dict(record),
            "dead_letter": {
                "reasons": reasons,
                "at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        }
        line = json.dumps(message, sort_keys=True, default=_json_value) + "\n"
        with self._lock:
            handle = self._file_for(stream, schema, key_properties)
            handle.write(line)
            # Flushed per record: a crash later in the run must not lose a refused record,
            # because the state that follows will move the tap past it.
            handle.flush()
            os.fsync(handle.fileno())
            self.counts[stream] = self.counts.get(stream, 0) + 1
        key = record.get("message_key")
        logger.warning(
            "Dead letter in %s (message_key %s): %s", stream, key or "none", "; ".join(reasons)
        )

    def close(self) -> None:
        with self._lock:
            for handle in self._files.values():
                handle.close()
            self._files.clear()
