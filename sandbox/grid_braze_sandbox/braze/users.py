"""User data endpoints: /users/track, identify, aliases, delete, merge and the user exports."""

from __future__ import annotations

import json
import threading
import urllib.request
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from grid_braze_sandbox.braze.api import Call, Reply, fatal, route
from grid_braze_sandbox.braze.identity import InvalidIdentifierError, check_identifier, resolve_user
from grid_braze_sandbox.braze.profiles import (
    InvalidAttributesError,
    apply_attributes,
    has_invalid_nested_time,
    validate_attributes,
)
from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.braze.state import UserProfile
from grid_braze_sandbox.timefmt import iso, parse_time

MAX_TRACK_OBJECTS = 75
MAX_IDS = 50
MAX_INPUT_LENGTH = "Max Input Length Exceeded"
NO_VALID_DATA = "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields."
TOO_MANY_IDS = "The max number of ids per request was exceeded"
RESERVED_EVENT_PROPERTIES = frozenset({"time", "event_name"})
MAX_STRING = 255
MAX_PURCHASE_QUANTITY = 100
EXPORTABLE_FIELDS = frozenset(
    {
        "apps",
        "attributed_campaign",
        "attributed_source",
        "attributed_adgroup",
        "attributed_ad",
        "braze_id",
        "campaigns_received",
        "canvases_received",
        "cards_clicked",
        "country",
        "created_at",
        "custom_attributes",
        "custom_events",
        "devices",
        "dob",
        "email",
        "email_subscribe",
        "external_id",
        "first_name",
        "gender",
        "home_city",
        "language",
        "last_coordinates",
        "last_name",
        "phone",
        "purchases",
        "push_subscribe",
        "push_tokens",
        "random_bucket",
        "time_zone",
        "total_revenue",
        "uninstalled_at",
        "user_aliases",
    }
)


class InvalidObjectError(ValueError):
    pass


# /users/track --------------------------------------------------------------------------------


def _validate_event(event: dict[str, Any]) -> None:
    if not isinstance(event.get("name"), str) or not event["name"]:
        raise InvalidObjectError("Event name is required")
    if len(event["name"]) > MAX_STRING:
        raise InvalidObjectError("Event name is longer than 255 characters")
    if parse_time(event.get("time")) is None:
        raise InvalidObjectError("Event time is required and must be an ISO-8601 string")
    _validate_properties(event.get("properties"))


def _validate_purchase(purchase: dict[str, Any]) -> None:
    product_id = purchase.get("product_id")
    if not isinstance(product_id, str) or not product_id:
        raise InvalidObjectError("Purchase product_id is required")
    if len(product_id) > MAX_STRING:
        raise InvalidObjectError("Purchase product_id is longer than 255 characters")
    currency = purchase.get("currency")
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
        raise InvalidObjectError("Purchase currency must be an ISO-4217 code")
    price = purchase.get("price")
    if not isinstance(price, int | float) or isinstance(price, bool):
        raise InvalidObjectError("Purchase price must be a number")
    if parse_time(purchase.get("time")) is None:
        raise InvalidObjectError("Purchase time is required and must be an ISO-8601 string")
    quantity = purchase.get("quantity", 1)
    if (
        not isinstance(quantity, int)
        or isinstance(quantity, bool)
        or not (1 <= quantity <= MAX_PURCHASE_QUANTITY)
    ):
        raise InvalidObjectError("Purchase quantity must be an integer between 1 and 100")
    _validate_properties(purchase.get("properties"))


def _validate_properties(properties: Any) -> None:
    if properties is None:
        return
    if not isinstance(properties, dict):
        raise InvalidObjectError("properties must be an object")
    for key, value in properties.items():
        if key in RESERVED_EVENT_PROPERTIES:
            raise InvalidObjectError(f"Reserved property key: {key}")
        if not key or len(key) > MAX_STRING or key.startswith("$"):
            raise InvalidObjectError(f"Invalid property key: {key[:40]!r}")
        if isinstance(value, str) and len(value) > MAX_STRING:
            raise InvalidObjectError(f"Property {key} is longer than 255 characters")


def _check_object(input_array: str, obj: Any) -> None:
    if not isinstance(obj, dict):
        raise InvalidObjectError(f"Each {input_array} entry must be an object")
    try:
        check_identifier(obj)
    except InvalidIdentifierError as error:
        raise InvalidObjectError(str(error)) from None
    if input_array == "attributes":
        try:
            validate_attributes(obj)
        except InvalidAttributesError as error:
            raise InvalidObjectError(str(error)) from None
    elif input_array == "events":
        _validate_event(obj)
    else:
        _validate_purchase(obj)


@route("/users/track", "POST", permission="users.track", family="users_track")
def track(call: Call) -> Reply:
    body = call.json_object()
    service = call.service
    arrays: dict[str, list[Any]] = {}
    for name in ("attributes", "events", "purchases"):
        value = body.get(name)
        if value is None:
            continue
        if not isinstance(value, list):
            raise fatal(f"'{name}' must be an array")
        arrays[name] = value
    if any(len(objects) > MAX_TRACK_OBJECTS for objects in arrays.values()):
        raise fatal(MAX_INPUT_LENGTH)
    combined_cap = service.config.max_objects_combined
    if combined_cap is not None and sum(len(v) for v in arrays.values()) > combined_cap:
        raise fatal(MAX_INPUT_LENGTH)
    if not any(arrays.values()):
        raise fatal(NO_VALID_DATA)

    errors: list[dict[str, Any]] = []
    accepted: dict[str, list[tuple[int, dict[str, Any]]]] = {name: [] for name in arrays}
    for name, objects in arrays.items():
        for index, obj in enumerate(objects):
            try:
                _check_object(name, obj)
                if service.faults.reject_track_object(name, index):
                    raise InvalidObjectError("Rejected by the sandbox's fault injection")
            except InvalidObjectError as error:
                errors.append({"type": str(error), "input_array": name, "index": index})
                continue
            accepted[name].append((index, obj))
    if errors and not any(accepted.values()):
        raise fatal(NO_VALID_DATA, errors=errors)

    now = service.clock.now()
    nested_allowed = not any(
        has_invalid_nested_time(obj) for _, obj in accepted.get("attributes", [])
    )
    with service.state.lock:
        # Braze processes attributes, then events, then purchases (reference §2.1).
        for _, obj in accepted.get("attributes", []):
            user = resolve_user(service.state, obj, now=now)
            if user is not None:
                _apply_tracked_attributes(service, user, obj, now, nested_allowed)
        for _, obj in accepted.get("events", []):
            user = resolve_user(service.state, obj, now=now)
            if user is not None:
                record_event(service, user, obj, now)
        for _, obj in accepted.get("purchases", []):
            user = resolve_user(service.state, obj, now=now)
            if user is not None:
                record_purchase(service, user, obj, now)

    reply: dict[str, Any] = {"message": "success"}
    for name in arrays:
        reply[f"{name}_processed"] = len(accepted[name])
    if errors:
        reply["errors"] = errors
    return Reply(201, reply)


def _apply_tracked_attributes(
    service: BrazeService, user: UserProfile, obj: dict[str, Any], now: datetime, nested: bool
) -> None:
    identifier_fields = {k: obj[k] for k in ("email", "phone") if k in obj}
    was_unsubscribed = user.standard.get("email_subscribe") == "unsubscribed"
    changes = apply_attributes(
        user,
        obj | identifier_fields,
        now=now,
        max_array_length=service.config.max_array_length,
        nested_updates_allowed=nested,
    )
    if user.email and not was_unsubscribed and obj.get("email_subscribe") == "unsubscribed":
        # An unsubscribe set through the API shows in GET /email/unsubscribes like a click would.
        service.state.unsubscribes.append({"email": user.email, "unsubscribed_at": iso(now)})
    for change in changes:
        service.simulation.subscription_change(
            user, change.subscription_group_id, change.state, now, "REST API"
        )


def _event_time(value: Any, now: datetime) -> datetime:
    moment = parse_time(value) or now
    return min(moment, now)  # Braze clamps future timestamps to now


def record_event(
    service: BrazeService, user: UserProfile, event: dict[str, Any], now: datetime
) -> None:
    moment = _event_time(event.get("time"), now)
    stored = {
        "name": event["name"],
        "time": iso(moment),
        "properties": event.get("properties") or {},
        "app_id": event.get("app_id"),
    }
    user.custom_events.append(stored)  # each object is an occurrence: Braze never dedupes
    user.updated_at = now
    service.state.remember_event_name(event["name"])
    service.simulation.custom_event(user, event, moment)


def record_purchase(
    service: BrazeService, user: UserProfile, purchase: dict[str, Any], now: datetime
) -> None:
    moment = _event_time(purchase.get("time"), now)
    # A quantity of N is recorded as N purchases of one (reference §2.1).
    for _ in range(purchase.get("quantity", 1)):
        user.purchases.append(
            {
                "product_id": purchase["product_id"],
                "currency": purchase["currency"].upper(),
                "price": float(purchase["price"]),
                "time": iso(moment),
                "properties": purchase.get("properties") or {},
                "app_id": purchase.get("app_id"),
            }
        )
        service.simulation.purchase(user, purchase, moment)
    user.updated_at = now


# Identity endpoints --------------------------------------------------------------------------


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
        return 1
    merge_profiles(source, target, now)
    service.state.delete_user(source)
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


# Exports -------------------------------------------------------------------------------------


def export_user(
    user: UserProfile, fields: set[str] | None, custom: set[str] | None = None
) -> dict[str, Any]:
    """A user object as /users/export/ids and segment exports write it (reference §5.2)."""
    revenue = sum(p["price"] for p in user.purchases)
    full: dict[str, Any] = {
        "external_id": user.external_id,
        "braze_id": user.braze_id,
        "user_aliases": list(user.user_aliases),
        "created_at": iso(user.created_at),
        "custom_attributes": dict(user.custom_attributes),
        "custom_events": _summarise(user.custom_events, "name"),
        "purchases": _summarise(user.purchases, "product_id"),
        "total_revenue": round(revenue, 2),
        "campaigns_received": list(user.campaigns_received.values()),
        "canvases_received": list(user.canvases_received.values()),
        "push_tokens": user.standard.get("push_tokens", []),
        "random_bucket": int(user.braze_id[:4], 16) % 10000,
        **{k: v for k, v in user.standard.items() if k in EXPORTABLE_FIELDS},
    }
    if custom is not None and "custom_attributes" not in (fields or set()):
        full["custom_attributes"] = {k: v for k, v in user.custom_attributes.items() if k in custom}
        fields = (fields or set()) | {"custom_attributes"}
    if fields is None:
        return {k: v for k, v in full.items() if v is not None}
    return {k: v for k, v in full.items() if k in fields and v is not None}


def _summarise(occurrences: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for occurrence in occurrences:
        name = occurrence[key]
        entry = summary.setdefault(
            name,
            {"name": name, "first": occurrence["time"], "last": occurrence["time"], "count": 0},
        )
        entry["first"] = min(entry["first"], occurrence["time"])
        entry["last"] = max(entry["last"], occurrence["time"])
        entry["count"] += 1
    return list(summary.values())


def _fields_to_export(body: dict[str, Any], *, required: bool) -> set[str] | None:
    fields = body.get("fields_to_export")
    if fields is None:
        if required:
            raise fatal("'fields_to_export' is required")
        return None
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise fatal("'fields_to_export' must be an array of strings")
    unknown = sorted(set(fields) - EXPORTABLE_FIELDS)
    if unknown:
        raise fatal(f"Invalid fields_to_export: {', '.join(unknown)}")
    return set(fields)


@route("/users/export/ids", "POST", permission="users.export.ids", family="users_export_ids")
def export_ids(call: Call) -> Reply:
    body = call.json_object()
    external_ids = body.get("external_ids") or []
    aliases = body.get("user_aliases") or []
    if not isinstance(external_ids, list) or not isinstance(aliases, list):
        raise fatal("'external_ids' and 'user_aliases' must be arrays")
    if len(external_ids) + len(aliases) > MAX_IDS:
        raise fatal(TOO_MANY_IDS)
    singles = [key for key in ("device_id", "braze_id", "email_address", "phone") if key in body]
    if not (external_ids or aliases or singles):
        raise fatal("No user identifier was given")
    fields = _fields_to_export(body, required=False)
    state = call.service.state
    users: list[UserProfile] = []
    invalid: list[Any] = []
    with state.lock:
        for external_id in external_ids:
            user = state.by_external_id(str(external_id))
            (users.append(user) if user else invalid.append(external_id))
        for alias in aliases:
            user = (
                state.by_alias(alias.get("alias_name", ""), alias.get("alias_label", ""))
                if isinstance(alias, dict)
                else None
            )
            (users.append(user) if user else invalid.append(alias))
        for key in singles:
            if key == "braze_id":
                found = [u for u in [state.by_braze_id(body[key])] if u]
            elif key == "email_address":
                found = state.by_email(body[key])
            elif key == "phone":
                found = state.by_phone(body[key])
            else:
                found = []
            users.extend(found)
        exported = [export_user(user, fields) for user in users]
    reply: dict[str, Any] = {"message": "success", "users": exported}
    if invalid:
        reply["invalid_user_ids"] = invalid
    return Reply(201, reply)


@route("/users/export/segment", "POST", permission="users.export.segment")
def export_segment(call: Call) -> Reply:
    body = call.json_object()
    service = call.service
    segment_id = body.get("segment_id")
    if not isinstance(segment_id, str) or segment_id not in service.state.segments:
        raise fatal("Invalid segment_id")
    fields = _fields_to_export(body, required=True)
    custom = body.get("custom_attributes_to_export")
    if custom is not None and (not isinstance(custom, list) or len(custom) > 500):
        raise fatal("'custom_attributes_to_export' must be an array of at most 500 names")
    callback = body.get("callback_endpoint")
    now = service.clock.now()
    with service.state.lock:
        if segment_id in service.state.running_exports:
            # One running export per segment (reference §5.3).
            raise fatal("An export of this segment is already running", status=429)
        service.state.running_exports.add(segment_id)
        members = [
            u for u in service.state.users.values() if segment_contains(service, segment_id, u)
        ]
        rows = [
            export_user(u, fields, set(custom) if custom is not None else None) for u in members
        ]
    object_prefix = f"{service.simulation.new_id()}-{int(now.timestamp())}"
    folder = (
        service.export_root
        / "segment-export"
        / segment_id
        / now.strftime("%Y-%m-%d")
        / object_prefix
    )
    job = {
        "segment_id": segment_id,
        "object_prefix": object_prefix,
        "folder": folder.relative_to(service.export_root).as_posix(),
        "callback_endpoint": callback,
        "status": "running",
        "users": len(rows),
        "started_at": iso(now),
    }
    with service.state.lock:
        service.state.exports.append(job)
    worker = threading.Thread(
        target=_run_export, args=(service, job, folder, rows, callback), daemon=True
    )
    service.track_export_thread(worker)
    worker.start()
    return Reply(201, {"message": "success", "object_prefix": object_prefix})


def _run_export(
    service: BrazeService,
    job: dict[str, Any],
    folder: Path,
    rows: list[dict[str, Any]],
    callback: Any,
) -> None:
    import time

    time.sleep(service.config.segment_export_delay_seconds)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        size = service.config.users_per_export_file
        chunks = [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]
        for number, chunk in enumerate(chunks):
            partial = folder / f"{number}.zip.partial"
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                lines = "".join(json.dumps(row, sort_keys=True) + "\n" for row in chunk)
                archive.writestr(f"{job['object_prefix']}-{number}.txt", lines)
            partial.replace(folder / f"{number}.zip")
        job["status"] = "done"
    finally:
        with service.state.lock:
            service.state.running_exports.discard(job["segment_id"])
    if isinstance(callback, str) and callback:
        _post_callback(callback)


def _post_callback(url: str) -> None:
    request = urllib.request.Request(
        url,
        data=json.dumps({"success": True}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5):
            pass
    except OSError:
        pass  # Braze does not retry callbacks either (n/d); the files are there regardless


def segment_contains(service: BrazeService, segment_id: str, user: UserProfile) -> bool:
    """Segments created in the sandbox filter on external ids and attribute equality."""
    segment = service.state.segments[segment_id]
    wanted = segment.get("filter") or {}
    ids = wanted.get("external_ids")
    if ids is not None and user.external_id not in ids:
        return False
    for key, value in (wanted.get("custom_attributes") or {}).items():
        if user.custom_attributes.get(key) != value:
            return False
    return True
