"""Guards against surprises (DESIGN §6): unknown campaigns, old news, too many messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from target_braze.client import BrazeClient, BrazeError
from target_braze.kinds import EVENTS, MESSAGE_KINDS

# Kinds whose records can put a message in front of a customer: triggers directly, custom
# events through action-based Canvases.
AGE_GUARDED_KINDS = MESSAGE_KINDS | {EVENTS}
DETAILS_PATHS = {
    "campaign": ("/campaigns/details", "campaign_id"),
    "canvas": ("/canvas/details", "canvas_id"),
}


class GuardError(BrazeError):
    """A guard stopped the run before it sent anything it should not."""


def _moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def too_old(
    kind: str, record: dict[str, Any], max_age_hours: float | None, now: dt.datetime
) -> str | None:
    """Why a record is too old to send, or None.

    Its age is that of `time` (when the event happened) or, without it, `ready_at` (when the mart
    row became ready).
    """
    if max_age_hours is None or kind not in AGE_GUARDED_KINDS:
        return None
    moment = _moment(record.get("time")) or _moment(record.get("ready_at"))
    if moment is None:
        return None
    age_hours = (now - moment).total_seconds() / 3600
    if age_hours > max_age_hours:
        return f"older than max_message_age_hours ({age_hours:.1f} h > {max_age_hours} h); not sent"
    return None


def missing_message_ids(client: BrazeClient, wanted: set[tuple[str, str]]) -> list[str]:
    """The campaign and Canvas ids Braze does not know, asked one by one through /details."""
    missing = []
    for message_type, message_id in sorted(wanted):
        path, parameter = DETAILS_PATHS[message_type]
        reply = client.request(
            "GET",
            path,
            family="default",
            stream="campaign and Canvas checks",
            params={parameter: message_id},
        )
        if reply.status in (400, 404):
            missing.append(f"{message_type} {message_id!r}")
        elif not reply.ok:
            msg = f"GET {path}: HTTP {reply.status}: {reply.message}"
            raise GuardError(msg)
    return missing
