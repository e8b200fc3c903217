"""Time-series endpoints (reference §5.1): campaign, canvas, segment, event, purchase, KPI, session.

All series are computed from what the sandbox recorded (users, events, purchases, simulated
engagement), so a scenario's data and its series agree, and a window asked for twice gives the same
rows unless something happened in it meanwhile.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from grid_braze_sandbox.braze.api import Call, Reply, fatal, route
from grid_braze_sandbox.braze.segments import segment_contains
from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.braze.state import UserProfile
from grid_braze_sandbox.timefmt import parse_time

MAX_LENGTH = 100
MAX_CANVAS_LENGTH = 14
MAU_DAYS = 30


@dataclass(frozen=True)
class Window:
    starts: list[datetime]
    step: timedelta
    unit: str

    def label(self, start: datetime) -> str:
        if self.unit == "hour":
            return start.strftime("%Y-%m-%dT%H:%M:%SZ")
        return start.strftime("%Y-%m-%d")

    def bucket_of(self, moment: datetime) -> datetime | None:
        if self.unit == "hour":
            start = moment.replace(minute=0, second=0, microsecond=0)
        else:
            start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        return start if self.starts and self.starts[0] <= start <= self.starts[-1] else None


def _truncate(moment: datetime, unit: str) -> datetime:
    moment = moment.astimezone(UTC)
    if unit == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def parse_window(
    call: Call, *, max_length: int = MAX_LENGTH, hourly: bool = False, canvas: bool = False
) -> Window:
    """`ending_at` (default now) and `length` (1..max), or, for Canvases, `starting_at`."""
    unit = call.args.get("unit", "day").lower()
    if unit not in ({"day", "hour"} if hourly else {"day"}):
        raise fatal("'unit' must be 'day' or 'hour'" if hourly else "'unit' must be 'day'")
    ending_raw = call.args.get("ending_at")
    if canvas and not ending_raw:
        raise fatal("'ending_at' is required")
    ending = parse_time(ending_raw) if ending_raw else call.service.clock.now()
    if ending is None:
        raise fatal("'ending_at' must be an ISO-8601 time")
    step = timedelta(hours=1) if unit == "hour" else timedelta(days=1)
    last = _truncate(ending, unit)
    starting_raw = call.args.get("starting_at")
    if canvas and starting_raw:
        starting = parse_time(starting_raw)
        if starting is None or starting > ending:
            raise fatal("'starting_at' must be an ISO-8601 time before 'ending_at'")
        first = _truncate(starting, unit)
        length = int((last - first) / step) + 1
        if length > max_length:
            raise fatal(f"'starting_at' must be at most {max_length} days before 'ending_at'")
    else:
        raw = call.args.get("length")
        if raw is None:
            raise fatal("'length' is required")
        try:
            length = int(raw)
        except ValueError:
            raise fatal("'length' must be an integer") from None
        if not 1 <= length <= max_length:
            raise fatal(f"'length' must be between 1 and {max_length}")
        first = last - step * (length - 1)
    return Window([first + step * i for i in range(length)], step, unit)


def _count(window: Window, moments: Iterable[tuple[datetime, float]]) -> dict[datetime, float]:
    totals: dict[datetime, float] = defaultdict(float)
    for moment, amount in moments:
        bucket = window.bucket_of(moment)
        if bucket is not None:
            totals[bucket] += amount
    return totals


def _rows(
    window: Window, metric: str, totals: dict[datetime, float], as_int: bool = True
) -> list[dict[str, Any]]:
    def value(start: datetime) -> float:
        amount = totals.get(start, 0)
        return int(amount) if as_int else round(amount, 2)

    return [{"time": window.label(s), metric: value(s)} for s in window.starts]


def _users(service: BrazeService) -> list[UserProfile]:
    with service.state.lock:
        return list(service.state.users.values())


def _stored_time(occurrence: dict[str, Any]) -> datetime:
    """Times the sandbox stored itself are always valid ISO-8601."""
    moment = parse_time(occurrence["time"])
    if moment is None:
        raise ValueError(f"stored time is not ISO-8601: {occurrence['time']!r}")
    return moment


def _event_moments(
    users: list[UserProfile], name: str | None = None, app_id: str | None = None
) -> list[tuple[datetime, float]]:
    moments = []
    for user in users:
        for event in user.custom_events:
            if (name is None or event["name"] == name) and (
                app_id is None or event.get("app_id") == app_id
            ):
                moments.append((_stored_time(event), 1.0))
    return moments


def _activity(users: list[UserProfile]) -> list[tuple[str, datetime]]:
    """(user, moment) for every event and purchase: the sandbox's notion of being active."""
    return [
        (user.braze_id, _stored_time(occurrence))
        for user in users
        for occurrence in [*user.custom_events, *user.purchases]
    ]


# Engagement -----------------------------------------------------------------------------------

CHANNEL_KEYS = {"email": "email", "push": "ios_push", "sms": "sms"}
STEP_METRICS = {
    "Send": "sent",
    "Delivery": "delivered",
    "Open": "opens",
    "Click": "clicks",
    "Bounce": "bounces",
    "Unsubscribe": "unsubscribes",
}


def _engagement(service: BrazeService, kind: str, message_id: str) -> list[dict[str, Any]]:
    with service.state.lock:
        return [
            e
            for e in service.state.engagement
            if e["kind"] == kind and e["message_id"] == message_id
        ]


def _message_stats(
    events: list[dict[str, Any]], message_id: str
) -> dict[str, list[dict[str, Any]]]:
    by_channel: dict[str, dict[str, Any]] = {}
    uniques: dict[tuple[str, str], set[str]] = defaultdict(set)
    for event in events:
        channel = event["channel"]
        if channel not in CHANNEL_KEYS:
            continue
        metric = STEP_METRICS.get(event["event_type"].rsplit(".", 1)[-1])
        if metric is None:
            continue
        stats = by_channel.setdefault(
            channel,
            {
                "variation_api_id": f"{message_id}-{channel}",
                "variation_name": f"{channel} variation",
            }
            | dict.fromkeys(STEP_METRICS.values(), 0)
            | {"unique_opens": 0, "unique_clicks": 0},
        )
        stats[metric] += 1
        if metric in {"opens", "clicks"}:
            uniques[(channel, metric)].add(event["braze_id"])
            stats[f"unique_{metric}"] = len(uniques[(channel, metric)])
    return {CHANNEL_KEYS[c]: [s] for c, s in by_channel.items()}


def _by_bucket(
    window: Window, events: list[dict[str, Any]]
) -> dict[datetime, list[dict[str, Any]]]:
    buckets: dict[datetime, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        bucket = window.bucket_of(event["time"])
        if bucket is not None:
            buckets[bucket].append(event)
    return buckets


def _message(service: BrazeService, kind: str, message_id: str | None) -> dict[str, Any]:
    store = service.state.campaigns if kind == "campaign" else service.state.canvases
    if not message_id or message_id not in store:
        raise fatal("Invalid Campaign ID" if kind == "campaign" else "Invalid Canvas ID")
    return store[message_id]


@route("/campaigns/data_series", permission="campaigns.data_series", family="campaigns_data_series")
def campaign_series(call: Call) -> Reply:
    campaign_id = call.args.get("campaign_id")
    _message(call.service, "campaign", campaign_id)
    window = parse_window(call)
    buckets = _by_bucket(window, _engagement(call.service, "campaign", campaign_id or ""))
    data = []
    for start in window.starts:
        events = buckets.get(start, [])
        conversions = sum(1 for e in events if e["event_type"] == "users.campaigns.Conversion")
        data.append(
            {
                "time": window.label(start),
                "messages": _message_stats(events, campaign_id or ""),
                "conversions_by_send_time": conversions,
                "conversions1": 0,
                "conversions1_by_send_time": 0,
                "conversions2": 0,
                "conversions2_by_send_time": 0,
                "conversions3": 0,
                "conversions3_by_send_time": 0,
                "conversions": conversions,
                "unique_recipients": len(
                    {e["braze_id"] for e in events if e["event_type"].endswith(".Send")}
                ),
                "revenue": 0.0,
            }
        )
    return Reply(200, {"data": data, "message": "success"})


def _canvas_stats(
    canvas_id: str, events: list[dict[str, Any]], variant: bool, step: bool
) -> dict[str, Any]:
    entries = sum(1 for e in events if e["event_type"] == "users.canvas.Entry")
    totals = {"revenue": 0.0, "conversions": 0, "conversions_by_entry_time": 0, "entries": entries}
    stats: dict[str, Any] = {"total_stats": totals}
    if variant:
        stats["variant_stats"] = {f"{canvas_id}-variant-1": {"name": "Variant 1", **totals}}
    if step:
        messages = _message_stats([e for e in events if e["channel"] != "canvas"], canvas_id)
        stats["step_stats"] = {
            f"{canvas_id}-step-1": {
                "name": "Step 1",
                "revenue": 0.0,
                "conversions": 0,
                "conversions_by_entry_time": 0,
                "messages": messages,
            }
        }
    return stats


@route("/canvas/data_series", permission="canvas.data_series")
def canvas_series(call: Call) -> Reply:
    canvas_id = call.args.get("canvas_id")
    canvas = _message(call.service, "canvas", canvas_id)
    window = parse_window(call, max_length=MAX_CANVAS_LENGTH, canvas=True)
    buckets = _by_bucket(window, _engagement(call.service, "canvas", canvas_id or ""))
    variant = call.args.get("include_variant_breakdown", "false") == "true"
    step = call.args.get("include_step_breakdown", "false") == "true"
    stats = [
        {
            "time": window.label(s),
            **_canvas_stats(canvas_id or "", buckets.get(s, []), variant, step),
        }
        for s in window.starts
    ]
    return Reply(200, {"data": {"name": canvas["name"], "stats": stats}, "message": "success"})


@route("/canvas/data_summary", permission="canvas.data_summary")
def canvas_summary(call: Call) -> Reply:
    canvas_id = call.args.get("canvas_id")
    canvas = _message(call.service, "canvas", canvas_id)
    window = parse_window(call, max_length=MAX_CANVAS_LENGTH, canvas=True)
    buckets = _by_bucket(window, _engagement(call.service, "canvas", canvas_id or ""))
    events = [e for s in window.starts for e in buckets.get(s, [])]
    variant = call.args.get("include_variant_breakdown", "false") == "true"
    step = call.args.get("include_step_breakdown", "false") == "true"
    summary = _canvas_stats(canvas_id or "", events, variant, step)
    return Reply(200, {"data": {"name": canvas["name"], **summary}, "message": "success"})


# Segments, events, purchases, KPIs, sessions ---------------------------------------------------


@route("/segments/data_series", permission="segments.data_series")
def segment_series(call: Call) -> Reply:
    service = call.service
    segment_id = call.args.get("segment_id")
    if not segment_id or segment_id not in service.state.segments:
        raise fatal("Invalid segment_id")
    window = parse_window(call)
    members = [u for u in _users(service) if segment_contains(service, segment_id, u)]
    data = []
    for start in window.starts:
        end = start + window.step
        data.append(
            {"time": window.label(start), "size": sum(1 for u in members if u.created_at < end)}
        )
    return Reply(200, {"data": data, "message": "success"})


@route("/events/data_series", permission="events.data_series")
def event_series(call: Call) -> Reply:
    service = call.service
    name = call.args.get("event")
    if not name:
        raise fatal("'event' is required")
    window = parse_window(call, hourly=True)
    users = _users(service)
    segment_id = call.args.get("segment_id")
    if segment_id:
        if segment_id not in service.state.segments:
            raise fatal("Invalid segment_id")
        users = [u for u in users if segment_contains(service, segment_id, u)]
    totals = _count(window, _event_moments(users, name, call.args.get("app_id")))
    return Reply(200, {"data": _rows(window, "count", totals), "message": "success"})


def _purchase_family(call: Call) -> str:
    return (
        "events_and_products" if call.service.config.purchase_series_in_product_pool else "default"
    )


def _purchases(call: Call, value: Callable[[dict[str, Any]], float]) -> dict[datetime, float]:
    window = parse_window(call, hourly=True)
    product = call.args.get("product")
    moments = [
        (_stored_time(p), value(p))
        for user in _users(call.service)
        for p in user.purchases
        if product is None or p["product_id"] == product
    ]
    return _count(window, moments)


@route(
    "/purchases/quantity_series", permission="purchases.quantity_series", family=_purchase_family
)
def purchase_quantity_series(call: Call) -> Reply:
    window = parse_window(call, hourly=True)
    totals = _purchases(call, lambda _p: 1.0)
    return Reply(200, {"data": _rows(window, "purchase_quantity", totals), "message": "success"})


@route("/purchases/revenue_series", permission="purchases.revenue_series", family=_purchase_family)
def purchase_revenue_series(call: Call) -> Reply:
    window = parse_window(call, hourly=True)
    totals = _purchases(call, lambda p: p["price"])
    return Reply(
        200, {"data": _rows(window, "revenue", totals, as_int=False), "message": "success"}
    )


@route("/kpi/new_users/data_series", permission="kpi.new_users.data_series")
def kpi_new_users(call: Call) -> Reply:
    window = parse_window(call)
    totals = _count(window, ((u.created_at, 1.0) for u in _users(call.service)))
    return Reply(200, {"data": _rows(window, "new_users", totals), "message": "success"})


def _distinct_active(
    window: Window, activity: list[tuple[str, datetime]], days: int
) -> dict[datetime, float]:
    totals: dict[datetime, float] = {}
    for start in window.starts:
        end = start + window.step
        since = end - timedelta(days=days)
        totals[start] = len({user for user, moment in activity if since <= moment < end})
    return totals


@route("/kpi/dau/data_series", permission="kpi.dau.data_series")
def kpi_dau(call: Call) -> Reply:
    window = parse_window(call)
    totals = _distinct_active(window, _activity(_users(call.service)), 1)
    return Reply(200, {"data": _rows(window, "dau", totals), "message": "success"})


@route("/kpi/mau/data_series", permission="kpi.mau.data_series")
def kpi_mau(call: Call) -> Reply:
    window = parse_window(call)
    totals = _distinct_active(window, _activity(_users(call.service)), MAU_DAYS)
    return Reply(200, {"data": _rows(window, "mau", totals), "message": "success"})


@route("/kpi/uninstalls/data_series", permission="kpi.uninstalls.data_series")
def kpi_uninstalls(call: Call) -> Reply:
    window = parse_window(call)
    return Reply(200, {"data": _rows(window, "uninstalls", {}), "message": "success"})


@route("/sessions/data_series", permission="sessions.data_series")
def session_series(call: Call) -> Reply:
    # The sandbox has no SDK sessions; a user active in a bucket counts as one session there.
    window = parse_window(call, hourly=True)
    activity = _activity(_users(call.service))
    sessions = {(user, window.bucket_of(moment)) for user, moment in activity}
    totals = _count(window, ((bucket, 1.0) for _, bucket in sessions if bucket is not None))
    return Reply(200, {"data": _rows(window, "sessions", totals), "message": "success"})
