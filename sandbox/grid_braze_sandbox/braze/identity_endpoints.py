"""Aliases, identify, merge and delete: the identity endpoints (reference §2.1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from grid_braze_sandbox.braze.api import Call, Reply, fatal, route
from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.braze.state import UserProfile

MAX_IDS = 50
TOO_MANY_IDS = "The max number of ids per request was exceeded"


def _array(body: dict[str, Any], name: str, *, required: bool = True) -> list[Any]:
    value = body.get(name)
    if value is None:
        if required:
            raise fatal(f"'{name}' must be an array")
        return []
    if not isinstance(value, list):
        raise fatal(f"'{name}' must be an array")
    if len(value) > MAX_IDS:
        raise fatal(TOO_MANY_IDS)
    return value


@route("/users/alias/new", "POST", permission="users.alias.new", family="users_identity")
def alias_new(call: Call) -> Reply:
    body = call.json_object()
    aliases = _array(body, "user_aliases")
    service, now = call.service, call.service.clock.now()
    processed = 0
    with service.state.lock:
        for entry in aliases:
            if (
                not isinstance(entry, dict)
                or not entry.get("alias_name")
                or not entry.get("alias_label")
            ):
                raise fatal("Each user alias needs alias_name and alias_label")
            alias = {"alias_name": entry["alias_name"], "alias_label": entry["alias_label"]}
            if service.state.by_alias(**alias) is not None:
                continue
            if entry.get("external_id"):
                user = service.state.by_external_id(entry["external_id"])
                if user is None:
                    continue
            else:
                user = service.state.new_user(now)
            user.user_aliases.append(alias)
            user.updated_at = now
            service.state.reindex(user)
            processed += 1
    return Reply(201, {"aliases_processed": processed, "message": "success"})


@route("/users/identify", "POST", permission="users.identify", family="users_identity")
def identify(call: Call) -> Reply:
    body = call.json_object()
    to_identify = _array(body, "aliases_to_identify", required=False)
    emails = _array(body, "emails_to_identify", required=False)
    phones = _array(body, "phone_numbers_to_identify", required=False)
    if len(to_identify) + len(emails) + len(phones) > MAX_IDS:
        raise fatal(TOO_MANY_IDS)
    if not (to_identify or emails or phones):
        raise fatal(
            "'aliases_to_identify', 'emails_to_identify' or 'phone_numbers_to_identify' is required"
        )
    service, now = call.service, call.service.clock.now()
    processed = 0
    with service.state.lock:
        for entry in to_identify:
            alias = entry.get("user_alias") if isinstance(entry, dict) else None
            if not isinstance(alias, dict) or not entry.get("external_id"):
                raise fatal("Each entry needs external_id and user_alias")
            source = service.state.by_alias(
                alias.get("alias_name", ""), alias.get("alias_label", "")
            )
            processed += _identify(service, source, entry["external_id"], now)
        for entry, key in [(e, "email") for e in emails] + [(p, "phone") for p in phones]:
            if not isinstance(entry, dict) or not entry.get("external_id") or not entry.get(key):
                raise fatal(f"Each entry needs external_id and {key}")
            found = (
                service.state.by_email(entry[key])
                if key == "email"
                else service.state.by_phone(entry[key])
            )
            anonymous = [u for u in found if u.external_id is None]
            processed += _identify(
                service, anonymous[0] if anonymous else None, entry["external_id"], now
            )
    return Reply(201, {"aliases_processed": processed, "message": "success"})


def _identify(
    service: BrazeService, source: UserProfile | None, external_id: str, now: datetime
) -> int:
    """Merge an anonymous profile into the identified one (or name it, when there is none)."""
    if source is None or source.external_id is not None:
        return 0
    target = service.state.by_external_id(external_id)
    if target is None:
        source.external_id = external_id
        source.updated_at = now
        service.state.reindex(source)
        return 1
    merge_profiles(source, target, now)
    service.state.delete_user(source)
    service.state.reindex(target)
    return 1


def merge_profiles(source: UserProfile, target: UserProfile, now: datetime) -> None:
    """Fields the kept profile lacks come from the merged one; events and purchases are joined."""
    for key, value in source.standard.items():
        target.standard.setdefault(key, value)
    for key, value in source.custom_attributes.items():
        target.custom_attributes.setdefault(key, value)
    for alias in source.user_aliases:
        if alias not in target.user_aliases:
            target.user_aliases.append(alias)
    target.custom_events.extend(source.custom_events)
    target.purchases.extend(source.purchases)
    for group, state in source.subscription_groups.items():
        target.subscription_groups.setdefault(group, state)
    target.updated_at = now


@route("/users/merge", "POST", permission="users.merge", family="users_identity")
def merge(call: Call) -> Reply:
    body = call.json_object()
    updates = body.get("merge_updates")
    if not isinstance(updates, list) or not all(isinstance(u, dict) for u in updates):
        raise fatal("'merge_updates' must be an array of objects")
    if len(updates) > MAX_IDS:
        raise fatal("a single request may not contain more than 50 merge updates")
    if any(set(u) != {"identifier_to_merge", "identifier_to_keep"} for u in updates):
        raise fatal("'merge_updates' must only have 'identifier_to_merge' and 'identifier_to_keep'")
    service, now = call.service, call.service.clock.now()
    with service.state.lock:
        for update in updates:
            source = _find_for_merge(service, update["identifier_to_merge"])
            target = _find_for_merge(service, update["identifier_to_keep"])
            # Several candidates or none: Braze does nothing for that update.
            if source is not None and target is not None and source is not target:
                merge_profiles(source, target, now)
                service.state.delete_user(source)
                service.state.reindex(target)
    return Reply(202, {"message": "success"})


def _find_for_merge(service: BrazeService, identifier: Any) -> UserProfile | None:
    if not isinstance(identifier, dict):
        return None
    state = service.state
    if "external_id" in identifier:
        return state.by_external_id(str(identifier["external_id"]))
    if "user_alias" in identifier:
        alias = identifier["user_alias"] or {}
        return state.by_alias(alias.get("alias_name", ""), alias.get("alias_label", ""))
    for key in ("email", "phone"):
        if key in identifier:
            found = (
                state.by_email(identifier[key])
                if key == "email"
                else state.by_phone(identifier[key])
            )
            prioritization = identifier.get("prioritization") or []
            if "identified" in prioritization:
                found = [u for u in found if u.external_id is not None]
            if "unidentified" in prioritization:
                found = [u for u in found if u.external_id is None]
            if "most_recently_updated" in prioritization:
                found = sorted(found, key=lambda u: u.updated_at, reverse=True)[:1]
            if "least_recently_updated" in prioritization:
                found = sorted(found, key=lambda u: u.updated_at)[:1]
            return found[0] if len(found) == 1 else None
    return None


DELETE_ID_TYPES = ("external_ids", "user_aliases", "braze_ids", "email_addresses", "phone_numbers")


@route("/users/delete", "POST", permission="users.delete", family="users_identity")
def delete(call: Call) -> Reply:
    body = call.json_object()
    given = [name for name in DELETE_ID_TYPES if body.get(name)]
    if len(given) != 1:
        raise fatal(f"Exactly one of {', '.join(DELETE_ID_TYPES)} must be provided")
    ids = _array(body, given[0])
    state = call.service.state
    deleted = 0
    with state.lock:
        for identifier in ids:
            for user in _users_to_delete(call.service, given[0], identifier):
                state.delete_user(user)
                deleted += 1
    return Reply(202, {"deleted": deleted, "message": "success"})


def _users_to_delete(service: BrazeService, id_type: str, identifier: Any) -> list[UserProfile]:
    state = service.state
    found: UserProfile | None = None
    if id_type == "external_ids":
        found = state.by_external_id(str(identifier))
    elif id_type == "braze_ids":
        found = state.by_braze_id(str(identifier))
    elif id_type == "user_aliases" and isinstance(identifier, dict):
        found = state.by_alias(identifier.get("alias_name", ""), identifier.get("alias_label", ""))
    elif id_type == "email_addresses":
        email = identifier.get("email") if isinstance(identifier, dict) else identifier
        return state.by_email(str(email))
    elif id_type == "phone_numbers":
        return state.by_phone(str(identifier))
    return [found] if found is not None else []
