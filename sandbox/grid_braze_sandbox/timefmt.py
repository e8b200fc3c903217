"""Reading and writing the time formats Braze uses."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, date, datetime

# Braze also documents `yyyy-MM-dd'T'HH:mm:ss:SSSZ` (milliseconds after a colon) for event times.
_COLON_MILLIS = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}):(\d{3})(Z|[+-]\d{2}:?\d{2})?$")
# ISO offsets written without padding, as in the docs' own example `2018-06-28T23:59:59-5:00`.
_SHORT_OFFSET = re.compile(r"([+-])(\d):(\d{2})$")


def parse_time(value: object) -> datetime | None:
    """An ISO-8601 moment as Braze accepts it; a missing zone means UTC. None when unparseable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    match = _COLON_MILLIS.match(text)
    if match:
        text = f"{match.group(1)}.{match.group(2)}{match.group(3) or ''}"
    text = _SHORT_OFFSET.sub(lambda m: f"{m.group(1)}0{m.group(2)}:{m.group(3)}", text)
    if len(text) == 10:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso(moment: datetime) -> str:
    """UTC with a `Z`, whole seconds unless the moment has a fraction."""
    text = moment.astimezone(UTC).isoformat()
    return text.replace("+00:00", "Z")


def parse_clock_start(text: str) -> datetime:
    """An argparse type for the simulated clock's start."""
    moment = parse_time(text)
    if moment is None:
        raise argparse.ArgumentTypeError(f"not an ISO-8601 time: {text!r}")
    return moment
