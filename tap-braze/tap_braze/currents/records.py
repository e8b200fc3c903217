"""Turning a Currents Avro record into the stream's record."""

from __future__ import annotations

import json
import time
import typing as t
from collections.abc import Callable

from tap_braze.currents.families import COMMON, EventFamily

# Fields the converter fills itself rather than copying from the Avro record.
DERIVED = frozenset({"time", "event_type"})
# Message engagement takes these from the event type, users.messages.<channel>.<Action>.
FROM_MESSAGE_EVENT_TYPE = frozenset({"channel", "action"})

Converter = Callable[[dict[str, t.Any]], dict[str, t.Any]]


def utc_iso(seconds: int | float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def as_object(value: t.Any) -> dict[str, t.Any]:
    """Currents writes `properties` as a JSON string; the streams emit an object (DESIGN §11).

    Text that is not a JSON object is kept under `_unparsed` rather than dropped.
    """
    if value is None or value == "":
        return {}
    if isinstance(value, dict):
        return value
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return {"_unparsed": value}
    return parsed if isinstance(parsed, dict) else {"_unparsed": value}


def converter_for(family: EventFamily, event_type: str) -> Converter:
    """A converter for one event type of a family, with everything per-type worked out once."""
    fixed: dict[str, t.Any] = {"event_type": event_type}
    if family.fields.keys() >= FROM_MESSAGE_EVENT_TYPE and event_type.startswith("users.messages."):
        _, _, channel, action = event_type.split(".", 3)
        fixed |= {"channel": channel, "action": action}
    copied = tuple(
        name
        for name in {**COMMON, **family.fields}
        if name not in DERIVED and name not in family.json_fields and name not in fixed
    )
    json_fields = family.json_fields

    def convert(raw: dict[str, t.Any]) -> dict[str, t.Any]:
        record = {name: raw.get(name) for name in copied}
        record["time"] = utc_iso(raw["time"])
        for name in json_fields:
            record[name] = as_object(raw.get(name))
        record.update(fixed)
        return record

    return convert
