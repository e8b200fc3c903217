"""A mart row as the manifest states it: its stream, its `message_key` and its columns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from grid_braze_sandbox.scenario.model import key_date, key_time


@dataclass(frozen=True)
class MartRow:
    stream: str
    message_key: str
    columns: dict[str, Any]


def key(*fields: object) -> str:
    """DESIGN §10 keys: fields joined with `:`, timestamps and dates in their fixed form, null as
    an empty string, booleans as `true` / `false`."""
    return ":".join(_key_field(value) for value in fields)


def _key_field(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return key_time(value)
    if isinstance(value, date):
        return key_date(value)
    return str(value)


def json_date(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def json_time(moment: datetime | None) -> str | None:
    return None if moment is None else key_time(moment)
