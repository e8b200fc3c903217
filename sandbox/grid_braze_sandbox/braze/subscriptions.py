"""Subscription-group state: set (v1 and v2) and read (reference §3.6)."""

from __future__ import annotations

from typing import Any

from grid_braze_sandbox.braze.api import Call, Reply, fatal, int_arg, route
from grid_braze_sandbox.braze.identity import resolve_user
from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.braze.state import UserProfile

MAX_IDS = 50
EMAIL_XOR_PHONE = "Either an email address or a phone number should be provided, but not both."
STATES = ("subscribed", "unsubscribed")


def _id_list(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise fatal(f"'{name}' must be an array of strings")
    if len(values) > MAX_IDS:
        raise fatal("The max number of ids per request was exceeded")
    return values


def _apply(
    service: BrazeService,
    group_id: Any,
    state: Any,
    external_ids: list[str],
    emails: list[str],
    phones: list[str],
) -> None:
    if not isinstance(group_id, str) or not group_id:
        raise fatal("'subscription_group_id' is required")
    if state not in STATES:
        raise fatal("'subscription_state' must be 'subscribed' or 'unsubscribed'")
    if emails and phones:
        raise fatal(EMAIL_XOR_PHONE)
    if not (external_ids or emails or phones):
        raise fatal("'external_id', 'email' or 'phone' is required")
    now = service.clock.now()
    with service.state.lock:
        users: list[UserProfile] = []
        for external_id in external_ids:
            user = service.state.by_external_id(external_id)
            if user is not None:
                users.append(user)
        for email in emails:
            # An email shared by several profiles updates all of them.
            users.extend(
                service.state.by_email(email)
                or [resolve_user(service.state, {"email": email}, now=now)]
            )
        for phone in phones:
            users.extend(
                service.state.by_phone(phone)
                or [resolve_user(service.state, {"phone": phone}, now=now)]
            )
        for user in users:
            if user is None:
                continue
            if user.subscription_groups.get(group_id) != state:
                user.subscription_groups[group_id] = state
                service.simulation.subscription_change(user, group_id, state, now, "REST API")
            user.updated_at = now


@route(
    "/subscription/status/set",
    "POST",
    permission="subscription.status.set",
    family="subscription_set",
)
def set_status(call: Call) -> Reply:
    body = call.json_object()
    _apply(
        call.service,
        body.get("subscription_group_id"),
        body.get("subscription_state"),
        _id_list(body.get("external_id"), "external_id"),
        _id_list(body.get("email"), "email"),
        _id_list(body.get("phone"), "phone"),
    )
    return Reply(201, {"message": "success"})


@route(
    "/v2/subscription/status/set",
    "POST",
    permission="subscription.status.set",
    family="subscription_set",
)
def set_status_v2(call: Call) -> Reply:
    body = call.json_object()
    groups = body.get("subscription_groups")
    if not isinstance(groups, list) or not groups or not all(isinstance(g, dict) for g in groups):
        raise fatal("'subscription_groups' must be a non-empty array of objects")
    for group in groups:
        if group.get("emails") and group.get("phones"):
            raise fatal(EMAIL_XOR_PHONE)
    for group in groups:
        _apply(
            call.service,
            group.get("subscription_group_id"),
            group.get("subscription_state"),
            _id_list(group.get("external_ids"), "external_ids"),
            _id_list(group.get("emails"), "emails"),
            _id_list(group.get("phones"), "phones"),
        )
    return Reply(201, {"message": "success"})


@route("/subscription/user/status", "GET", permission="subscription.groups.get")
def user_status(call: Call) -> Reply:
    external_ids = call.args.getlist("external_id[]") + call.args.getlist("external_id")
    email, phone = call.args.get("email"), call.args.get("phone")
    if len(external_ids) > MAX_IDS:
        raise fatal("The max number of ids per request was exceeded")
    if not (external_ids or email or phone):
        raise fatal("'external_id', 'email' or 'phone' is required")
    limit = int_arg(call, "limit", 100, low=1, high=100)
    offset = int_arg(call, "offset", 0, low=0, high=10**9)
    state = call.service.state
    with state.lock:
        users = [u for u in (state.by_external_id(e) for e in external_ids) if u is not None]
        if email:
            users += state.by_email(email)
        if phone:
            users += state.by_phone(phone)
        # Only groups with history for the user are listed (reference §3.6).
        rows = [
            {"subscription_group_id": group, "subscription_status": status.capitalize()}
            for user in users
            for group, status in sorted(user.subscription_groups.items())
        ]
    return Reply(200, {"success": True, "subscription_groups": rows[offset : offset + limit]})
