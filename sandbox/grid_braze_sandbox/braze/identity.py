"""Finding (or creating) the profile an API object points at, by its one identifier."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from grid_braze_sandbox.braze.state import BrazeState, UserProfile

MISSING_IDENTIFIER = (
    "Missing user identifier: one of external_id, user_alias, braze_id, email or phone is required"
)


class InvalidIdentifierError(ValueError):
    pass


def _valid_alias(alias: Any) -> bool:
    return (
        isinstance(alias, dict)
        and isinstance(alias.get("alias_name"), str)
        and isinstance(alias.get("alias_label"), str)
        and bool(alias["alias_name"])
        and bool(alias["alias_label"])
    )


def _most_recent(users: list[UserProfile]) -> UserProfile | None:
    return max(users, key=lambda user: user.updated_at, default=None)


def check_identifier(obj: dict[str, Any]) -> None:
    """Raise InvalidIdentifierError unless the object names a user in one of the five ways."""
    if "external_id" in obj:
        if not isinstance(obj["external_id"], str) or not obj["external_id"]:
            raise InvalidIdentifierError("external_id must be a non-empty string")
        return
    if "user_alias" in obj:
        if not _valid_alias(obj["user_alias"]):
            raise InvalidIdentifierError("user_alias must have alias_name and alias_label")
        return
    for key in ("braze_id", "email", "phone"):
        if key in obj:
            if not isinstance(obj[key], str) or not obj[key]:
                raise InvalidIdentifierError(f"{key} must be a non-empty string")
            return
    raise InvalidIdentifierError(MISSING_IDENTIFIER)


def resolve_user(state: BrazeState, obj: dict[str, Any], *, now: datetime) -> UserProfile | None:
    """The profile for a checked object, created when Braze would create one; None otherwise.

    Unknown users are created for an external_id, email or phone unless `_update_existing_only` is
    true. Alias-only profiles are created only when `_update_existing_only` is explicitly false;
    braze_id never creates a profile.
    """
    update_only = obj.get("_update_existing_only")
    with state.lock:
        if "external_id" in obj:
            user = state.by_external_id(obj["external_id"])
            if user is None and update_only is not True:
                user = state.new_user(now)
                user.external_id = obj["external_id"]
                state.reindex(user)
            return user
        if "user_alias" in obj:
            alias = obj["user_alias"]
            user = state.by_alias(alias["alias_name"], alias["alias_label"])
            if user is None and update_only is False:
                user = state.new_user(now)
                user.user_aliases.append(
                    {"alias_name": alias["alias_name"], "alias_label": alias["alias_label"]}
                )
                state.reindex(user)
            return user
        if "braze_id" in obj:
            return state.by_braze_id(obj["braze_id"])
        # With both email and phone the email wins (reference §2.1).
        key = "email" if "email" in obj else "phone"
        matches = state.by_email(obj[key]) if key == "email" else state.by_phone(obj[key])
        user = _most_recent(matches)
        if user is None and update_only is not True:
            user = state.new_user(now)
            user.standard[key] = obj[key]
            state.reindex(user)
        return user
