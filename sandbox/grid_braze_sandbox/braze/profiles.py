"""How an attributes object changes a user profile (reference §2.1, "Attributes object").

The same rules serve /users/track, the `attributes` of trigger sends and the sandbox's own seeding.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from grid_braze_sandbox.braze.state import STANDARD_ATTRIBUTES, UserProfile
from grid_braze_sandbox.timefmt import iso, parse_time

IDENTIFIER_KEYS = frozenset({"external_id", "user_alias", "braze_id"})
CONTROL_KEYS = frozenset({"_update_existing_only", "_merge_objects", "push_token_import"})
SUBSCRIBE_STATES = frozenset({"opted_in", "subscribed", "unsubscribed"})
GROUP_STATES = frozenset({"subscribed", "unsubscribed"})
MAX_KEY_LENGTH = 255


class InvalidAttributesError(ValueError):
    """One attributes object cannot be applied; the message becomes the `errors[].type` text."""


@dataclass(frozen=True)
class SubscriptionChange:
    subscription_group_id: str
    state: str


def _is_simple_array_op(value: dict[str, Any]) -> bool:
    return bool(value) and set(value) <= {"add", "remove"}


def _is_object_array_op(value: dict[str, Any]) -> bool:
    return bool(value) and set(value) <= {"$add", "$update", "$remove"}


def _is_increment(value: dict[str, Any]) -> bool:
    return set(value) == {"inc"}


def _resolve_nested_times(value: Any) -> Any:
    """Replace `{"$time": ...}` inside nested objects by the ISO moment; raise when invalid."""
    if isinstance(value, dict):
        if set(value) == {"$time"}:
            moment = parse_time(value["$time"])
            if moment is None:
                raise InvalidAttributesError("Invalid $time value in nested custom attribute")
            return iso(moment)
        return {key: _resolve_nested_times(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve_nested_times(item) for item in value]
    return value


def is_nested_update(value: Any) -> bool:
    return isinstance(value, dict) and not _is_increment(value) and not _is_simple_array_op(value)


def has_invalid_nested_time(attributes: dict[str, Any]) -> bool:
    """Braze drops every nested-attribute update of a request when one `$time` is invalid."""
    for key, value in attributes.items():
        if key in IDENTIFIER_KEYS or key in CONTROL_KEYS or key in STANDARD_ATTRIBUTES:
            continue
        if is_nested_update(value) or (
            isinstance(value, list) and value and isinstance(value[0], dict)
        ):
            try:
                _resolve_nested_times(value)
            except InvalidAttributesError:
                return True
    return False


def validate_attributes(attributes: dict[str, Any]) -> None:
    """Raise InvalidAttributesError for an object Braze would reject, before anything is changed."""
    for key, value in attributes.items():
        if key in IDENTIFIER_KEYS or key in CONTROL_KEYS:
            continue
        if not key or len(key) > MAX_KEY_LENGTH:
            raise InvalidAttributesError(f"Invalid attribute name: {key[:40]!r}")
        if key.startswith("$"):
            raise InvalidAttributesError(f"Attribute names cannot start with $: {key}")
        subscribe_key = key in {"email_subscribe", "push_subscribe"}
        if subscribe_key and value is not None and value not in SUBSCRIBE_STATES:
            raise InvalidAttributesError(f"Invalid value for {key}: {value!r}")
        if key == "subscription_groups":
            _validate_groups(value)
        if isinstance(value, dict) and _is_increment(value):  # noqa: SIM102 - reads as the rule
            if not isinstance(value["inc"], int) or isinstance(value["inc"], bool):
                raise InvalidAttributesError(f"Increment of {key} must be an integer")
        if isinstance(value, dict) and _is_simple_array_op(value):
            for operand in value.values():
                if not isinstance(operand, list):
                    raise InvalidAttributesError(f"Array operation on {key} needs a list")


def _validate_groups(value: Any) -> None:
    if not isinstance(value, list):
        raise InvalidAttributesError("subscription_groups must be an array")
    for entry in value:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("subscription_group_id"), str)
            or entry.get("subscription_state") not in GROUP_STATES
        ):
            raise InvalidAttributesError("Invalid subscription_groups entry")


def apply_attributes(
    user: UserProfile,
    attributes: dict[str, Any],
    *,
    now: datetime,
    max_array_length: int,
    nested_updates_allowed: bool = True,
) -> list[SubscriptionChange]:
    """Apply a validated attributes object; return the subscription-group changes it made."""
    merge_objects = attributes.get("_merge_objects") is True
    changes: list[SubscriptionChange] = []
    for key, value in attributes.items():
        if key in IDENTIFIER_KEYS or key in CONTROL_KEYS:
            continue
        if key == "user_aliases":
            continue
        if key == "subscription_groups":
            for entry in value:
                group_id, state = entry["subscription_group_id"], entry["subscription_state"]
                if user.subscription_groups.get(group_id) != state:
                    changes.append(SubscriptionChange(group_id, state))
                user.subscription_groups[group_id] = state
            continue
        if key in STANDARD_ATTRIBUTES:
            if value is None:
                user.standard.pop(key, None)
            else:
                user.standard[key] = value
            continue
        _apply_custom(
            user.custom_attributes,
            key,
            value,
            merge_objects=merge_objects,
            max_array_length=max_array_length,
            nested_updates_allowed=nested_updates_allowed,
        )
    user.updated_at = now
    return changes


def _apply_custom(
    store: dict[str, Any],
    key: str,
    value: Any,
    *,
    merge_objects: bool,
    max_array_length: int,
    nested_updates_allowed: bool,
) -> None:
    if value is None:
        store.pop(key, None)
        return
    if isinstance(value, dict) and _is_increment(value):
        current = store.get(key)
        base = current if isinstance(current, int | float) and not isinstance(current, bool) else 0
        store[key] = base + value["inc"]
        return
    if isinstance(value, dict) and _is_simple_array_op(value):
        current = store.get(key)
        items = list(current) if isinstance(current, list) else []
        for item in value.get("add", []):
            if item not in items:
                items.append(item)
        removed = value.get("remove", [])
        items = [item for item in items if item not in removed]
        store[key] = items[-max_array_length:]
        return
    if isinstance(value, dict) and _is_object_array_op(value):
        if nested_updates_allowed:
            store[key] = _apply_object_array_ops(store.get(key), value, merge_objects)
        return
    if isinstance(value, dict):
        if not nested_updates_allowed:
            return
        resolved = _resolve_nested_times(value)
        current = store.get(key)
        if merge_objects and isinstance(current, dict):
            store[key] = _deep_merge(current, resolved)
        else:
            store[key] = resolved
        return
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            if nested_updates_allowed:
                store[key] = _resolve_nested_times(value)
            return
        store[key] = list(value)[-max_array_length:]
        return
    store[key] = value


def _apply_object_array_ops(
    current: Any, operations: dict[str, Any], merge_objects: bool
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = copy.deepcopy(current) if isinstance(current, list) else []
    for added in operations.get("$add", []):
        items.append(_resolve_nested_times(added))
    # `$update` only works together with `_merge_objects: true` (nested attribute docs).
    if merge_objects:
        for update in operations.get("$update", []):
            key, wanted = update.get("$identifier_key"), update.get("$identifier_value")
            new_object = _resolve_nested_times(update.get("$new_object", {}))
            for index, item in enumerate(items):
                if isinstance(item, dict) and item.get(key) == wanted:
                    items[index] = _deep_merge(item, new_object)
    for removal in operations.get("$remove", []):
        key, wanted = removal.get("$identifier_key"), removal.get("$identifier_value")
        items = [item for item in items if not (isinstance(item, dict) and item.get(key) == wanted)]
    return items


def _deep_merge(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in update.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
