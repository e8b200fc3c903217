"""The timeline points: for each delivered message, the partner event behind it and when the
customer's message reached Braze (the sandbox's simulated clock at delivery)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .messages import Message


@dataclass(frozen=True)
class TimelinePoint:
    flow: str
    partner_event: datetime
    message_sent: datetime
    label: str


def parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:  # a date: the start of its UTC day
        moment = moment.replace(tzinfo=UTC)
    return moment


def partner_event_time(message: Message, case_times: dict[tuple[str, str], str]) -> str | None:
    """When the partner did what this message tells the customer, as DESIGN §10 defines it."""
    payload = message.payload
    if message.stream == "campaign_triggers":
        properties = payload.get("trigger_properties") or {}
        if payload.get("campaign_id") == "partner_case_update":
            return case_times.get((properties.get("case_id"), properties.get("case_status")))
        if payload.get("campaign_id") == "service_recovery":
            return case_times.get((properties.get("case_id"), "RESOLVED"))
        return None  # restock and delay notices: the catalog items of flow 6 carry the time
    if message.stream == "canvas_triggers":
        return (payload.get("canvas_entry_properties") or {}).get("approved_at")
    if message.stream == "events":
        return payload.get("time")
    if message.stream == "catalog_items":
        return payload.get("updated_at")
    return None


def timeline_points(
    delivered: list[Message], case_times: dict[tuple[str, str], str]
) -> list[TimelinePoint]:
    points = []
    for message in delivered:
        partner = parse_time(partner_event_time(message, case_times))
        sent = parse_time(message.received_at)
        if partner is None or sent is None:
            continue
        label = message.message_key or message.stream
        points.append(TimelinePoint(message.flow, partner, sent, label))
    return points
