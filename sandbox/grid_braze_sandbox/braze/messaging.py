"""API-triggered campaign and Canvas sends, and send ids (reference §3)."""

from __future__ import annotations

import json
from typing import Any

from grid_braze_sandbox.braze.api import Call, Reply, fatal, route
from grid_braze_sandbox.braze.identity import resolve_user
from grid_braze_sandbox.braze.profiles import (
    InvalidAttributesError,
    apply_attributes,
    validate_attributes,
)
from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.braze.simulation import MessageContext
from grid_braze_sandbox.braze.state import UserProfile
from grid_braze_sandbox.timefmt import iso

MAX_RECIPIENTS = 50
MAX_CONTEXT_BYTES = 50 * 1024
TOO_MANY_RECIPIENTS = "The max number of external_ids and aliases per request was exceeded"
PAUSED_CANVAS_NOTICE = (
    "The Canvas is paused. Resume the Canvas to ensure trigger requests will take effect."
)
ARCHIVED_CANVAS_NOTICE = (
    "The Canvas is archived. Unarchive the Canvas to ensure trigger requests will take effect."
)


def _messaging_family(call: Call) -> str:
    """Broadcasts have their own 250/min pool; sends to recipients share the default pool."""
    body = call.body if isinstance(call.body, dict) else {}
    return "messaging_broadcast" if body.get("broadcast") or body.get("audience") else "default"


def _recipient_key(recipient: dict[str, Any]) -> str:
    for key in ("external_user_id", "user_alias", "email"):
        if key in recipient:
            return f"{key}:{json.dumps(recipient[key], sort_keys=True)}"
    raise fatal("Each recipient needs external_user_id, user_alias or email")


def _find_recipient(service: BrazeService, recipient: dict[str, Any]) -> UserProfile | None:
    state, now = service.state, service.clock.now()
    create = recipient.get("send_to_existing_only") is False
    if "external_user_id" in recipient:
        user = state.by_external_id(str(recipient["external_user_id"]))
        if user is None and create:
            user = resolve_user(state, {"external_id": str(recipient["external_user_id"])}, now=now)
        return user
    if "user_alias" in recipient:
        alias = recipient["user_alias"] or {}
        return state.by_alias(alias.get("alias_name", ""), alias.get("alias_label", ""))
    found = state.by_email(str(recipient["email"]))
    prioritization = recipient.get("prioritization") or []
    if "identified" in prioritization:
        found = [u for u in found if u.external_id is not None]
    if "unidentified" in prioritization:
        found = [u for u in found if u.external_id is None]
    found.sort(key=lambda u: u.updated_at, reverse=True)
    if not found and create:
        return resolve_user(state, {"email": str(recipient["email"])}, now=now)
    return found[0] if found else None


def _validate_recipients(body: dict[str, Any]) -> list[dict[str, Any]]:
    recipients = body.get("recipients")
    broadcast = body.get("broadcast") is True
    if recipients is None:
        if not broadcast and not body.get("audience"):
            raise fatal("No Recipients")
        return []
    if not isinstance(recipients, list) or not all(isinstance(r, dict) for r in recipients):
        raise fatal("'recipients' must be an array of objects")
    if broadcast:
        raise fatal("'broadcast' cannot be true when 'recipients' are given")
    if len(recipients) > MAX_RECIPIENTS:
        raise fatal(TOO_MANY_RECIPIENTS)
    if not recipients:
        raise fatal("No Recipients")
    for recipient in recipients:
        _recipient_key(recipient)
        if recipient.get("send_to_existing_only") is False:
            if "user_alias" in recipient:
                raise fatal("'send_to_existing_only' false is not supported with 'user_alias'")
            if not isinstance(recipient.get("attributes"), dict):
                raise fatal("'attributes' are required when 'send_to_existing_only' is false")
        for key in ("trigger_properties", "context", "canvas_entry_properties"):
            if key in recipient and not isinstance(recipient[key], dict):
                raise fatal(f"'{key}' must be an object")
        if "attributes" in recipient:
            if not isinstance(recipient["attributes"], dict):
                raise fatal("'attributes' must be an object")
            try:
                validate_attributes(recipient["attributes"])
            except InvalidAttributesError as error:
                raise fatal(str(error)) from None
    return recipients


def _trigger(call: Call, kind: str) -> Reply:
    body = call.json_object()
    service = call.service
    id_key = "campaign_id" if kind == "campaign" else "canvas_id"
    messages = service.state.campaigns if kind == "campaign" else service.state.canvases
    message_id = body.get(id_key)
    if not isinstance(message_id, str) or message_id not in messages:
        raise fatal("Invalid Campaign ID" if kind == "campaign" else "Invalid Canvas ID")
    message = messages[message_id]
    if kind == "campaign":
        shared = body.get("trigger_properties") or {}
        property_key = "trigger_properties"
    else:
        # Older docs and clients send `canvas_entry_properties`; both are accepted.
        shared = body.get("context") or body.get("canvas_entry_properties") or {}
        property_key = "context"
        if len(json.dumps(shared).encode()) > MAX_CONTEXT_BYTES:
            raise fatal("Canvas entry properties may not exceed 50 KB")
    if not isinstance(shared, dict):
        raise fatal(f"'{property_key}' must be an object")
    recipients = _validate_recipients(body)
    send_id = body.get("send_id")
    if send_id is not None and not isinstance(send_id, str):
        raise fatal("'send_id' must be a string")

    now = service.clock.now()
    dispatch_id = service.simulation.new_id().replace("-", "")
    notice = None
    if kind == "canvas" and message.get("status") == "paused":
        notice = PAUSED_CANVAS_NOTICE
    elif message.get("archived") or message.get("status") == "archived":
        notice = ARCHIVED_CANVAS_NOTICE if kind == "canvas" else None
    sent: list[dict[str, Any]] = []
    with service.state.lock:
        if body.get("broadcast") is True:
            audience = [(u, {}) for u in list(service.state.users.values())]
        else:
            audience = _resolve_audience(service, recipients)
        context = MessageContext(kind, message, dispatch_id, send_id)
        for user, recipient in audience:
            if "attributes" in recipient:
                apply_attributes(
                    user,
                    recipient["attributes"],
                    now=now,
                    max_array_length=service.config.max_array_length,
                )
                service.state.reindex(user)
            own = recipient.get("trigger_properties" if kind == "campaign" else "context")
            if kind == "canvas" and own is None:
                own = recipient.get("canvas_entry_properties")
            properties = shared | (own or {})
            sent.append(
                {
                    "braze_id": user.braze_id,
                    "external_user_id": user.external_id,
                    "properties": properties,
                }
            )
        service.state.sends.append(
            {
                "dispatch_id": dispatch_id,
                "kind": kind,
                id_key: message_id,
                "send_id": send_id,
                "time": iso(now),
                "broadcast": body.get("broadcast") is True,
                "delivered": notice is None,
                "notice": notice,
                "recipients": sent,
                "request_recipients": recipients,
            }
        )
    if notice is None:
        for (user, _), recipient in zip(audience, sent, strict=True):
            service.simulation.send(context, user, now, recipient["properties"])
    reply: dict[str, Any] = {"dispatch_id": dispatch_id, "message": "success"}
    if notice:
        reply = {"notice": notice, **reply}
    return Reply(201, reply)


def _resolve_audience(
    service: BrazeService, recipients: list[dict[str, Any]]
) -> list[tuple[UserProfile, dict[str, Any]]]:
    audience: list[tuple[UserProfile, dict[str, Any]]] = []
    seen: set[str] = set()
    for recipient in recipients:
        key = _recipient_key(recipient)
        if key in seen:
            continue  # duplicate recipients get one message (recipient object docs)
        seen.add(key)
        # send_to_existing_only (default true): unknown users are skipped, the request succeeds.
        user = _find_recipient(service, recipient)
        if user is not None and user.braze_id not in {u.braze_id for u, _ in audience}:
            audience.append((user, recipient))
    return audience


@route(
    "/campaigns/trigger/send",
    "POST",
    permission="campaigns.trigger.send",
    family=_messaging_family,
)
def campaign_trigger_send(call: Call) -> Reply:
    return _trigger(call, "campaign")


@route("/canvas/trigger/send", "POST", permission="canvas.trigger.send", family=_messaging_family)
def canvas_trigger_send(call: Call) -> Reply:
    return _trigger(call, "canvas")


@route("/sends/id/create", "POST", permission="sends.id.create", family="sends_id_create")
def create_send_id(call: Call) -> Reply:
    body = call.json_object()
    service = call.service
    campaign_id = body.get("campaign_id")
    if not isinstance(campaign_id, str) or campaign_id not in service.state.campaigns:
        raise fatal("Invalid Campaign ID")
    send_id = body.get("send_id") or service.simulation.new_id()
    if not isinstance(send_id, str) or len(send_id) > 64:
        raise fatal("'send_id' must be a string of at most 64 characters")
    with service.state.lock:
        service.state.send_ids.append(
            {"campaign_id": campaign_id, "send_id": send_id, "created_at": iso(service.clock.now())}
        )
    return Reply(201, {"message": "success", "send_id": send_id})
