"""List, detail and catalogue endpoints a tap reads (reference §5.1), with their pagination."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from grid_braze_sandbox.braze.api import (
    Call,
    Reply,
    bool_arg,
    catalog_error,
    cursor_page,
    fatal,
    int_arg,
    route,
)
from grid_braze_sandbox.timefmt import iso, parse_time

LIST_PAGE_SIZE = 100
EVENT_NAMES_PAGE_SIZE = 250
CURSOR_PAGE_SIZE = 50
MAX_PAGE = 10**6


def _page(call: Call, rows: list[Any], size: int) -> list[Any]:
    page = int_arg(call, "page", 0, low=0, high=MAX_PAGE)
    return rows[page * size : (page + 1) * size]


def _sorted_by_creation(call: Call, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    direction = call.args.get("sort_direction", "asc")
    if direction not in {"asc", "desc"}:
        raise fatal("'sort_direction' must be 'asc' or 'desc'")
    ordered = sorted(rows, key=lambda r: (r["created_at"], r["id"]))
    return list(reversed(ordered)) if direction == "desc" else ordered


def _edited_after(call: Call, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    raw = call.args.get("last_edit.time[gt]")
    if not raw:
        return rows
    after = parse_time(raw)
    if after is None:
        raise fatal("'last_edit.time[gt]' must be a time like 2020-01-31T00:00:00")
    return [r for r in rows if r["updated_at"] > after]


def _message_list(
    call: Call, store: dict[str, dict[str, Any]], campaign: bool
) -> list[dict[str, Any]]:
    with call.service.state.lock:
        rows = list(store.values())
    if not bool_arg(call, "include_archived"):
        rows = [r for r in rows if not r.get("archived")]
    rows = _page(call, _sorted_by_creation(call, _edited_after(call, rows)), LIST_PAGE_SIZE)
    listed = []
    for row in rows:
        entry: dict[str, Any] = {
            "id": row["id"],
            "last_edited": iso(row["updated_at"]),
            "name": row["name"],
        }
        if campaign:
            entry["is_api_campaign"] = row.get("is_api_campaign", True)
        entry["tags"] = list(row.get("tags", []))
        listed.append(entry)
    return listed


@route("/campaigns/list", permission="campaigns.list")
def campaigns_list(call: Call) -> Reply:
    rows = _message_list(call, call.service.state.campaigns, campaign=True)
    return Reply(200, {"campaigns": rows, "message": "success"})


@route("/canvas/list", permission="canvas.list")
def canvas_list(call: Call) -> Reply:
    rows = _message_list(call, call.service.state.canvases, campaign=False)
    return Reply(200, {"canvases": rows, "message": "success"})


def _first_last(call: Call, kind: str, message_id: str) -> tuple[str | None, str | None]:
    with call.service.state.lock:
        times = [
            s["time"]
            for s in call.service.state.sends
            if s["kind"] == kind and s.get(f"{kind}_id") == message_id and s["delivered"]
        ]
    return (min(times), max(times)) if times else (None, None)


@route("/campaigns/details", permission="campaigns.details")
def campaign_details(call: Call) -> Reply:
    campaign_id = call.args.get("campaign_id")
    campaign = call.service.state.campaigns.get(campaign_id or "")
    if campaign is None:
        raise fatal("Invalid Campaign ID")
    first, last = _first_last(call, "campaign", campaign["id"])
    channels = list(campaign.get("channels", ["email"]))
    details = {
        "created_at": iso(campaign["created_at"]),
        "updated_at": iso(campaign["updated_at"]),
        "archived": campaign.get("archived", False),
        "draft": False,
        "enabled": campaign.get("enabled", True),
        "has_post_launch_draft": False,
        "name": campaign["name"],
        "description": campaign.get("description", ""),
        "schedule_type": "api_triggered",
        "channels": channels,
        "first_sent": first,
        "last_sent": last,
        "tags": list(campaign.get("tags", [])),
        "teams": list(campaign.get("teams", [])),
        "messages": {
            f"{campaign['id']}-{c}": {"channel": c, "name": f"{c} variation"} for c in channels
        },
        "conversion_behaviors": campaign.get(
            "conversion_behaviors", [{"type": "Makes Any Purchase", "window": 86400}]
        ),
    }
    return Reply(200, details | {"message": "success"})


@route("/canvas/details", permission="canvas.details")
def canvas_details(call: Call) -> Reply:
    canvas_id = call.args.get("canvas_id")
    canvas = call.service.state.canvases.get(canvas_id or "")
    if canvas is None:
        raise fatal("Invalid Canvas ID")
    first, last = _first_last(call, "canvas", canvas["id"])
    channels = list(canvas.get("channels", ["email"]))
    step_id = f"{canvas['id']}-step-1"
    details = {
        "created_at": iso(canvas["created_at"]),
        "updated_at": iso(canvas["updated_at"]),
        "name": canvas["name"],
        "description": canvas.get("description", ""),
        "archived": canvas.get("archived", False),
        "draft": False,
        "enabled": canvas.get("status", "active") == "active",
        "has_post_launch_draft": False,
        "schedule_type": "api_triggered",
        "first_entry": first,
        "last_entry": last,
        "channels": channels,
        "variants": [
            {"name": "Variant 1", "id": f"{canvas['id']}-variant-1", "first_step_ids": [step_id]}
        ],
        "tags": list(canvas.get("tags", [])),
        "teams": list(canvas.get("teams", [])),
        "steps": [
            {
                "name": "Step 1",
                "type": "message",
                "id": step_id,
                "next_step_ids": [],
                "next_paths": [],
                "channels": channels,
                "messages": {f"{step_id}-{c}": {"channel": c} for c in channels},
            }
        ],
    }
    return Reply(200, details | {"message": "success"})


@route("/segments/list", permission="segments.list")
def segments_list(call: Call) -> Reply:
    with call.service.state.lock:
        rows = [s for s in call.service.state.segments.values() if not s.get("archived")]
    rows = _page(call, _sorted_by_creation(call, rows), LIST_PAGE_SIZE)
    listed = [
        {
            "id": s["id"],
            "name": s["name"],
            "analytics_tracking_enabled": s.get("analytics_tracking_enabled", True),
            "tags": list(s.get("tags", [])),
        }
        for s in rows
    ]
    return Reply(200, {"segments": listed, "message": "success"})


@route("/segments/details", permission="segments.details")
def segment_details(call: Call) -> Reply:
    segment = call.service.state.segments.get(call.args.get("segment_id") or "")
    if segment is None:
        raise fatal("Invalid segment_id")
    details = {
        "created_at": iso(segment["created_at"]),
        "updated_at": iso(segment["updated_at"]),
        "name": segment["name"],
        "description": segment.get("description", ""),
        "text_description": segment.get("text_description", ""),
        "tags": list(segment.get("tags", [])),
        "teams": list(segment.get("teams", [])),
    }
    return Reply(200, details | {"message": "success"})


# Custom events, attributes and products --------------------------------------------------------


def _invalid_cursor(call: Call) -> Any:
    # The reference gives `invalid-cursor` only for catalogs; the same body is used here (n/d).
    return catalog_error(
        "invalid-cursor",
        "The cursor is invalid",
        parameters=["cursor"],
        values=[call.args.get("cursor")],
    )


@route("/events/list", permission="events.list", family="events_and_products")
def event_names(call: Call) -> Reply:
    with call.service.state.lock:
        names = sorted(call.service.state.event_definitions)
    return Reply(200, {"events": _page(call, names, EVENT_NAMES_PAGE_SIZE), "message": "success"})


@route("/events", permission="events.get", family="events_and_products")
def event_definitions(call: Call) -> Reply:
    with call.service.state.lock:
        rows = [dict(d) for _, d in sorted(call.service.state.event_definitions.items())]
    page, headers = cursor_page(call, rows, CURSOR_PAGE_SIZE, _invalid_cursor(call))
    return Reply(200, {"events": page, "message": "success"}, headers)


def _data_type(value: Any) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int | float):
        return "Number"
    if isinstance(value, list):
        return "Array" if not value or not isinstance(value[0], dict) else "Object Array"
    if isinstance(value, dict):
        return "Object"
    if isinstance(value, str) and parse_time(value) is not None and len(value) >= 10:
        return "Date"
    return "String"


@route("/custom_attributes", permission="custom_attributes.get", family="events_and_products")
def custom_attributes(call: Call) -> Reply:
    seen: dict[str, Any] = {}
    with call.service.state.lock:
        for user in call.service.state.users.values():
            for name, value in user.custom_attributes.items():
                seen.setdefault(name, value)
    rows = [
        {
            "name": name,
            "data_type": _data_type(value),
            "array_length": call.service.config.max_array_length
            if isinstance(value, list)
            else None,
            "description": None,
            "status": "Active",
            "tag_names": [],
        }
        for name, value in sorted(seen.items())
    ]
    page, headers = cursor_page(call, rows, CURSOR_PAGE_SIZE, _invalid_cursor(call))
    return Reply(200, {"attributes": page, "message": "success"}, headers)


@route("/purchases/product_list", permission="purchases.product_list", family="events_and_products")
def product_list(call: Call) -> Reply:
    with call.service.state.lock:
        products = sorted(
            {p["product_id"] for u in call.service.state.users.values() for p in u.purchases}
        )
    size = call.service.config.product_list_page_size
    return Reply(200, {"products": _page(call, products, size), "message": "success"})


# Email lists, templates, content blocks (limit/offset) -------------------------------------------


def _date_arg(call: Call, name: str, required: bool) -> date | None:
    raw = call.args.get(name)
    if not raw:
        if required:
            raise fatal(f"'{name}' is required")
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise fatal(f"'{name}' must be a date like 2020-01-31") from None


def _email_list(
    call: Call, rows: list[dict[str, str]], time_key: str, sortable: bool
) -> list[dict[str, str]]:
    end = _date_arg(call, "end_date", required=True)
    start = _date_arg(call, "start_date", required=False)
    email = call.args.get("email")
    if start is None and not email:
        raise fatal("'start_date' or 'email' is required")
    if start is not None and end is not None and start > end:
        raise fatal("'start_date' must not be after 'end_date'")
    limit = int_arg(call, "limit", 100, low=1, high=500)
    offset = int_arg(call, "offset", 0, low=0, high=10**9)
    selected = []
    for row in rows:
        day = row[time_key][:10]
        if email and row["email"].lower() != email.lower():
            continue
        if start is not None and day < start.isoformat():
            continue
        if end is not None and day > end.isoformat():
            continue
        selected.append(row)
    descending = not sortable or call.args.get("sort_direction", "desc") == "desc"
    selected.sort(key=lambda r: (r[time_key], r["email"]), reverse=descending)
    return selected[offset : offset + limit]


@route("/email/hard_bounces", permission="email.hard_bounces")
def hard_bounces(call: Call) -> Reply:
    with call.service.state.lock:
        rows = list(call.service.state.hard_bounces)
    return Reply(
        200, {"emails": _email_list(call, rows, "hard_bounced_at", False), "message": "success"}
    )


@route("/email/unsubscribes", permission="email.unsubscribe")
def unsubscribes(call: Call) -> Reply:
    with call.service.state.lock:
        rows = list(call.service.state.unsubscribes)
    return Reply(
        200, {"emails": _email_list(call, rows, "unsubscribed_at", True), "message": "success"}
    )


def _modified_window(call: Call, rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    after = parse_time(call.args.get("modified_after")) if call.args.get("modified_after") else None
    before = (
        parse_time(call.args.get("modified_before")) if call.args.get("modified_before") else None
    )
    if (call.args.get("modified_after") and after is None) or (
        call.args.get("modified_before") and before is None
    ):
        raise fatal("'modified_after' and 'modified_before' must be ISO-8601 times")
    lowest = datetime.min.replace(tzinfo=UTC)
    selected = [
        r
        for r in rows
        if (after is None or (parse_time(r[key]) or lowest) >= after)
        and (before is None or (parse_time(r[key]) or lowest) <= before)
    ]
    limit = int_arg(call, "limit", 100, low=1, high=1000)
    offset = int_arg(call, "offset", 0, low=0, high=10**9)
    return selected[offset : offset + limit]


@route("/templates/email/list", permission="templates.email.list")
def email_templates(call: Call) -> Reply:
    with call.service.state.lock:
        rows = [dict(t) for t in call.service.state.email_templates]
    page = _modified_window(call, rows, "updated_at")
    return Reply(200, {"count": len(page), "templates": page, "message": "success"})


@route("/content_blocks/list", permission="content_blocks.list")
def content_blocks(call: Call) -> Reply:
    with call.service.state.lock:
        rows = [dict(b) for b in call.service.state.content_blocks]
    page = _modified_window(call, rows, "last_edited")
    return Reply(200, {"count": len(page), "content_blocks": page, "message": "success"})
