"""POST /users/track (reference §2.1): validation, the profile store and partial errors."""

from __future__ import annotations

import functools
import json
from datetime import datetime
from typing import Any

from grid_braze_sandbox.braze.api import Call, Reply, fatal, route
from grid_braze_sandbox.braze.identity import (
    InvalidIdentifierError,
    check_identifier,
    resolve_user,
)
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
MAX_INPUT_LENGTH = "Max Input Length Exceeded"
NO_VALID_DATA = "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields."
RESERVED_EVENT_PROPERTIES = frozenset({"time", "event_name"})
MAX_STRING = 255
MAX_PURCHASE_QUANTITY = 100
# The event docs allow 100 KB of properties, the purchase docs 50 KB (reference §2.1).
MAX_EVENT_PROPERTIES_BYTES = 100 * 1024
MAX_PURCHASE_PROPERTIES_BYTES = 50 * 1024


class InvalidObjectError(ValueError):
    pass


# The objects of one request mostly share a few timestamps, and every event and purchase needs
# its time parsed twice (validation, then storage) and written back once: both are remembered.
# parse_time and iso are pure and datetimes immutable, so the answers are the same.
@functools.lru_cache(maxsize=1024)
def _parse_text_time(text: str) -> datetime | None:
    return parse_time(text)


def _parse_time(value: Any) -> datetime | None:
    return _parse_text_time(value) if type(value) is str else parse_time(value)


@functools.lru_cache(maxsize=1024)
def _iso(moment: datetime) -> str:
    return iso(moment)


def _validate_event(event: dict[str, Any]) -> None:
    if not isinstance(event.get("name"), str) or not event["name"]:
        raise InvalidObjectError("Event name is required")
    if len(event["name"]) > MAX_STRING:
        raise InvalidObjectError("Event name is longer than 255 characters")
    if _parse_time(event.get("time")) is None:
        raise InvalidObjectError("Event time is required and must be an ISO-8601 string")
    _validate_properties(event.get("properties"), MAX_EVENT_PROPERTIES_BYTES)


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
    if _parse_time(purchase.get("time")) is None:
        raise InvalidObjectError("Purchase time is required and must be an ISO-8601 string")
    quantity = purchase.get("quantity", 1)
    if (
        not isinstance(quantity, int)
        or isinstance(quantity, bool)
        or not (1 <= quantity <= MAX_PURCHASE_QUANTITY)
    ):
        raise InvalidObjectError("Purchase quantity must be an integer between 1 and 100")
    _validate_properties(purchase.get("properties"), MAX_PURCHASE_PROPERTIES_BYTES)


def _flat_json_size_bound(properties: dict[str, Any]) -> int | None:
    """An upper bound of len(json.dumps(properties)) for flat properties (strings, numbers,
    booleans, nulls), or None when the values are not that simple. A string takes at most 12
    characters per character (a surrogate pair of `\\uXXXX` escapes) and 2 quotes; an int below
    10**20 at most 21, a float's repr at most 24; ": " in each pair, ", " between pairs, and 2
    braces."""
    size = 2
    for key, value in properties.items():
        if type(key) is not str:
            return None
        size += 12 * len(key) + 6  # quotes, ": " and ", "
        kind = type(value)
        if kind is str:
            size += 12 * len(value) + 2
        elif kind is int:
            if not -(10**20) < value < 10**20:
                return None
            size += 22
        elif kind is float:
            size += 24
        elif value is None or kind is bool:
            size += 5
        else:
            return None
    return size


def _validate_properties(properties: Any, max_bytes: int) -> None:
    if properties is None:
        return
    if not isinstance(properties, dict):
        raise InvalidObjectError("properties must be an object")
    # Most properties are a few flat values, far below the limit: a bound settles those without
    # serialising them. Otherwise json.dumps escapes every non-ASCII character, so the length of
    # its text is its length in bytes.
    bound = _flat_json_size_bound(properties)
    if (bound is None or bound > max_bytes) and len(json.dumps(properties)) > max_bytes:
        raise InvalidObjectError(f"properties are larger than {max_bytes // 1024} KB")
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
    rejecting = service.faults.rejects_track_objects()
    for name, objects in arrays.items():
        for index, obj in enumerate(objects):
            try:
                _check_object(name, obj)
                if rejecting and service.faults.reject_track_object(name, index):
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
    service.state.reindex(user)  # the object may have set an email or a phone
    if user.email and not was_unsubscribed and obj.get("email_subscribe") == "unsubscribed":
        # An unsubscribe set through the API shows in GET /email/unsubscribes like a click would.
        service.state.unsubscribes.append({"email": user.email, "unsubscribed_at": iso(now)})
    for change in changes:
        service.simulation.subscription_change(
            user, change.subscription_group_id, change.state, now, "REST API"
        )


def _event_time(value: Any, now: datetime) -> datetime:
    moment = _parse_time(value) or now
    return min(moment, now)  # Braze clamps future timestamps to now


def record_event(
    service: BrazeService, user: UserProfile, event: dict[str, Any], now: datetime
) -> None:
    moment = _event_time(event.get("time"), now)
    stored = {
        "name": event["name"],
        "time": _iso(moment),
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
    product_id, currency = purchase["product_id"], purchase["currency"].upper()
    price, time = float(purchase["price"]), _iso(moment)
    properties, app_id = purchase.get("properties"), purchase.get("app_id")
    # A quantity of N is recorded as N purchases of one (reference §2.1).
    for _ in range(purchase.get("quantity", 1)):
        user.purchases.append(
            {
                "product_id": product_id,
                "currency": currency,
                "price": price,
                "time": time,
                "properties": properties or {},
                "app_id": app_id,
            }
        )
        service.simulation.purchase(user, purchase, moment)
    user.updated_at = now
