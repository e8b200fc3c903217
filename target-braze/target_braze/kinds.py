"""Sink kinds, their default streams, and the columns Braze never sees (DESIGN §11)."""

from __future__ import annotations

USER_ATTRIBUTES = "user_attributes"
EVENTS = "events"
PURCHASES = "purchases"
CAMPAIGN_TRIGGERS = "campaign_triggers"
CANVAS_TRIGGERS = "canvas_triggers"
CATALOG_ITEMS = "catalog_items"
SUBSCRIPTION_STATES = "subscription_states"
USER_DELETES = "user_deletes"
USER_ALIASES = "user_aliases"

SINK_KINDS: tuple[str, ...] = (
    USER_ATTRIBUTES,
    EVENTS,
    PURCHASES,
    CAMPAIGN_TRIGGERS,
    CANVAS_TRIGGERS,
    CATALOG_ITEMS,
    SUBSCRIPTION_STATES,
    USER_DELETES,
    USER_ALIASES,
)

# The three kinds that share one /users/track request.
USERS_TRACK_KINDS = frozenset({USER_ATTRIBUTES, EVENTS, PURCHASES})
# Kinds that put a message in front of a customer: the send guards count them.
MESSAGE_KINDS = frozenset({CAMPAIGN_TRIGGERS, CANVAS_TRIGGERS})

# Mart bookkeeping: it identifies and times a row for us, and means nothing to Braze.
NEVER_SENT_COLUMNS = frozenset({"message_key", "flow", "ready_at"})

AT_MOST_ONCE = "at_most_once"
AT_LEAST_ONCE = "at_least_once"
IN_DOUBT_POLICIES = (AT_MOST_ONCE, AT_LEAST_ONCE)

# A customer must never get a message twice; a missing event is worse than a repeated one.
DEFAULT_IN_DOUBT: dict[str, str] = {
    kind: AT_MOST_ONCE if kind in MESSAGE_KINDS else AT_LEAST_ONCE for kind in SINK_KINDS
}


def is_never_sent(column: str, message_key_field: str) -> bool:
    """Columns that stay on our side: mart bookkeeping, the key field and `_`-prefixed metadata."""
    return column in NEVER_SENT_COLUMNS or column == message_key_field or column.startswith("_")
