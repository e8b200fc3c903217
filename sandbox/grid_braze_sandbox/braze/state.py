"""The emulated workspace: users, messages, catalogs, subscriptions and the request log.

All mutation happens under one re-entrant lock. The emulator serves a handful of test clients, so
one lock keeps every endpoint's view consistent without being a bottleneck.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from grid_braze_sandbox.timefmt import iso

STANDARD_ATTRIBUTES = frozenset(
    {
        "first_name",
        "last_name",
        "email",
        "phone",
        "dob",
        "gender",
        "country",
        "language",
        "home_city",
        "time_zone",
        "email_subscribe",
        "push_subscribe",
        "email_open_tracking_disabled",
        "email_click_tracking_disabled",
        "push_tokens",
        "current_location",
        "date_of_first_session",
        "date_of_last_session",
        "marked_email_as_spam_at",
        "facebook",
        "twitter",
    }
)


@dataclass
class UserProfile:
    braze_id: str
    created_at: datetime
    updated_at: datetime
    external_id: str | None = None
    user_aliases: list[dict[str, str]] = field(default_factory=list)
    standard: dict[str, Any] = field(default_factory=dict)
    custom_attributes: dict[str, Any] = field(default_factory=dict)
    custom_events: list[dict[str, Any]] = field(default_factory=list)
    purchases: list[dict[str, Any]] = field(default_factory=list)
    subscription_groups: dict[str, str] = field(default_factory=dict)
    campaigns_received: dict[str, dict[str, Any]] = field(default_factory=dict)
    canvases_received: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def email(self) -> str | None:
        return self.standard.get("email")

    @property
    def phone(self) -> str | None:
        return self.standard.get("phone")

    def to_json(self) -> dict[str, Any]:
        """The full profile, as the `/_sandbox/users` endpoints show it."""
        return {
            "braze_id": self.braze_id,
            "external_id": self.external_id,
            "user_aliases": list(self.user_aliases),
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            **self.standard,
            "custom_attributes": self.custom_attributes,
            "custom_events": self.custom_events,
            "purchases": self.purchases,
            "subscription_groups": self.subscription_groups,
            "campaigns_received": list(self.campaigns_received.values()),
            "canvases_received": list(self.canvases_received.values()),
        }


@dataclass
class Catalog:
    name: str
    description: str
    fields: list[dict[str, str]]
    updated_at: datetime
    items: dict[str, dict[str, Any]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "fields": self.fields,
            "num_items": len(self.items),
            "updated_at": iso(self.updated_at),
        }


class BrazeState:
    def __init__(self, request_log_limit: int = 10_000) -> None:
        self.request_log_limit = request_log_limit
        self.lock = threading.RLock()
        self.clear()

    def clear(self) -> None:
        """Forget everything: used at start and by `POST /_sandbox/reset`."""
        with self.lock:
            self.users: dict[str, UserProfile] = {}
            self._clear_indexes()
            self._next_user_number = 0
            self.campaigns: dict[str, dict[str, Any]] = {}
            self.canvases: dict[str, dict[str, Any]] = {}
            self.segments: dict[str, dict[str, Any]] = {}
            self.sends: list[dict[str, Any]] = []
            self.send_ids: list[dict[str, Any]] = []
            self.catalogs: dict[str, Catalog] = {}
            self.subscription_history: list[dict[str, Any]] = []
            self.hard_bounces: list[dict[str, str]] = []
            self.unsubscribes: list[dict[str, str]] = []
            self.email_templates: list[dict[str, Any]] = []
            self.content_blocks: list[dict[str, Any]] = []
            self.event_definitions: dict[str, dict[str, Any]] = {}
            self.engagement: list[dict[str, Any]] = []
            self.running_exports: set[str] = set()
            self.exports: list[dict[str, Any]] = []
            # The request log keeps the latest entries only (BrazeConfig.request_log_limit): a
            # scenario of a million orders would otherwise hold every body in memory.
            self.requests: deque[dict[str, Any]] = deque(maxlen=self.request_log_limit)
            self.requests_seen = 0

    # Users ------------------------------------------------------------------------------------
    # Lookups go through indexes: scenarios hold hundreds of thousands of users, and every
    # /users/track object needs one. Whoever changes an identifier calls `reindex(user)`.

    def _clear_indexes(self) -> None:
        self._by_external_id: dict[str, str] = {}
        self._by_alias: dict[tuple[str, str], str] = {}
        # Ordered "sets" (dicts of None) keep results in creation order, so runs are reproducible.
        self._by_email: dict[str, dict[str, None]] = {}
        self._by_phone: dict[str, dict[str, None]] = {}
        self._indexed_keys: dict[str, tuple[Any, ...]] = {}

    @staticmethod
    def _keys(user: UserProfile) -> tuple[Any, ...]:
        email = user.email.strip().lower() if isinstance(user.email, str) else None
        phone = user.phone if isinstance(user.phone, str) else None
        aliases = tuple((a["alias_name"], a["alias_label"]) for a in user.user_aliases)
        return (user.external_id, aliases, email, phone)

    def _unindex(self, braze_id: str) -> None:
        keys = self._indexed_keys.pop(braze_id, None)
        if keys is None:
            return
        external_id, aliases, email, phone = keys
        if external_id is not None and self._by_external_id.get(external_id) == braze_id:
            del self._by_external_id[external_id]
        for alias in aliases:
            if self._by_alias.get(alias) == braze_id:
                del self._by_alias[alias]
        if email is not None:
            self._by_email.get(email, {}).pop(braze_id, None)
        if phone is not None:
            self._by_phone.get(phone, {}).pop(braze_id, None)

    def reindex(self, user: UserProfile) -> None:
        with self.lock:
            keys = self._keys(user)
            if self._indexed_as(user.braze_id, keys):
                return  # every index already says exactly this: nothing would change
            self._unindex(user.braze_id)
            if user.braze_id not in self.users:
                return
            external_id, aliases, email, phone = keys
            if external_id is not None:
                self._by_external_id[external_id] = user.braze_id
            for alias in aliases:
                self._by_alias[alias] = user.braze_id
            if email is not None:
                self._by_email.setdefault(email, {})[user.braze_id] = None
            if phone is not None:
                self._by_phone.setdefault(phone, {})[user.braze_id] = None
            self._indexed_keys[user.braze_id] = keys

    def _indexed_as(self, braze_id: str, keys: tuple[Any, ...]) -> bool:
        """Whether re-indexing the user under `keys` would leave every index as it is. Only for
        users without email or phone: re-adding those moves the user to the end of the ordered
        sets, which decides ties between profiles sharing an address. /users/track re-indexes
        every attributes object, and most change no identifier."""
        external_id, aliases, email, phone = keys
        return (
            email is None
            and phone is None
            and braze_id in self.users
            and self._indexed_keys.get(braze_id) == keys
            and (external_id is None or self._by_external_id.get(external_id) == braze_id)
            and all(self._by_alias.get(alias) == braze_id for alias in aliases)
        )

    def new_user(self, now: datetime) -> UserProfile:
        with self.lock:
            self._next_user_number += 1
            # Braze ids are 24 hex digits; derive them from a counter so runs are reproducible.
            digest = hashlib.sha256(f"user-{self._next_user_number}".encode()).hexdigest()
            user = UserProfile(braze_id=digest[:24], created_at=now, updated_at=now)
            self.users[user.braze_id] = user
            return user

    def delete_user(self, user: UserProfile) -> None:
        with self.lock:
            self.users.pop(user.braze_id, None)
            self._unindex(user.braze_id)

    def by_external_id(self, external_id: str) -> UserProfile | None:
        with self.lock:
            braze_id = self._by_external_id.get(external_id)
            return self.users.get(braze_id) if braze_id else None

    def by_alias(self, alias_name: str, alias_label: str) -> UserProfile | None:
        with self.lock:
            braze_id = self._by_alias.get((alias_name, alias_label))
            return self.users.get(braze_id) if braze_id else None

    def by_braze_id(self, braze_id: str) -> UserProfile | None:
        with self.lock:
            return self.users.get(braze_id)

    def by_email(self, email: object) -> list[UserProfile]:
        if not isinstance(email, str):
            return []
        with self.lock:
            ids = self._by_email.get(email.strip().lower(), {})
            return [self.users[braze_id] for braze_id in ids]

    def by_phone(self, phone: object) -> list[UserProfile]:
        if not isinstance(phone, str):
            return []
        with self.lock:
            return [self.users[braze_id] for braze_id in self._by_phone.get(phone, {})]

    # Events seen, for /events/list, /events and the data series ---------------------------------

    def remember_event_name(self, name: str) -> None:
        with self.lock:
            if name in self.event_definitions:
                return  # most events are of a known name: no definition to build
            self.event_definitions.setdefault(
                name,
                {
                    "name": name,
                    "description": None,
                    "included_in_analytics_report": False,
                    "status": "Active",
                    "tag_names": [],
                },
            )
