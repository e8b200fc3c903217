"""Subscription-group states, user deletes, and aliases with identify."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from typing_extensions import override

from target_braze.delivery import Endpoint, Item
from target_braze.kinds import SUBSCRIPTION_STATES, USER_ALIASES, USER_DELETES
from target_braze.sinks.base import (
    BatchEndpoint,
    BrazeSink,
    InvalidRecordError,
    Wave,
    as_object,
    require,
)

MAX_IDS = 50
SUBSCRIPTION_IDENTIFIERS = ("external_id", "email", "phone")
DELETE_IDENTIFIERS = {
    "external_id": "external_ids",
    "user_alias": "user_aliases",
    "braze_id": "braze_ids",
}


class SubscriptionStateSink(BrazeSink):
    """A row: subscription_group_id, subscription_state and external_id, email or phone."""

    kind = SUBSCRIPTION_STATES

    @override
    def prepare(self, record: dict[str, Any]) -> Item:
        require(record, "subscription_group_id", "subscription_state")
        state = record["subscription_state"]
        if state not in ("subscribed", "unsubscribed"):
            msg = "'subscription_state' must be subscribed or unsubscribed"
            raise InvalidRecordError(msg)
        for column in SUBSCRIPTION_IDENTIFIERS:
            if record.get(column) not in (None, ""):
                group = (str(record["subscription_group_id"]), state, column)
                return self.item(record, {column: str(record[column])}, group=group)
        msg = "one of external_id, email or phone is required"
        raise InvalidRecordError(msg)

    @override
    def endpoint(self, group: tuple[Any, ...]) -> Endpoint:
        group_id, state, column = group

        def body(items: Sequence[Item]) -> dict[str, Any]:
            return {
                "subscription_group_id": group_id,
                "subscription_state": state,
                column: [i.payload[column] for i in items],
            }

        return BatchEndpoint("subscription_set", "POST", "/subscription/status/set", MAX_IDS, body)


class UserDeleteSink(BrazeSink):
    """A row: external_id, user_alias or braze_id. Braze takes one identifier type per request."""

    kind = USER_DELETES

    @override
    def prepare(self, record: dict[str, Any]) -> Item:
        for column in DELETE_IDENTIFIERS:
            value = record.get(column)
            if value not in (None, ""):
                if column == "user_alias":
                    value = as_object(value, column)
                return self.item(record, {column: value}, group=(column,))
        msg = "one of external_id, user_alias or braze_id is required"
        raise InvalidRecordError(msg)

    @override
    def endpoint(self, group: tuple[Any, ...]) -> Endpoint:
        column = group[0]

        def body(items: Sequence[Item]) -> dict[str, Any]:
            return {DELETE_IDENTIFIERS[column]: [i.payload[column] for i in items]}

        return BatchEndpoint("users_identity", "POST", "/users/delete", MAX_IDS, body)


class UserAliasSink(BrazeSink):
    """A row: alias_name, alias_label and, to identify the alias, external_id.

    Without external_id the row creates an alias-only profile (/users/alias/new). With it, the
    alias is first added to the identified user (/users/alias/new with external_id; nothing
    happens when an alias-only profile already holds it), then /users/identify merges any
    alias-only profile into the identified one.
    """

    kind = USER_ALIASES

    @override
    def prepare(self, record: dict[str, Any]) -> Item:
        require(record, "alias_name", "alias_label")
        alias = {"alias_name": str(record["alias_name"]), "alias_label": str(record["alias_label"])}
        external_id = record.get("external_id")
        if external_id in (None, ""):
            return self.item(record, alias, group=("alias_new",))
        payload = {"external_id": str(external_id), "user_alias": alias}
        return self.item(record, payload, group=("identify",))

    @override
    def plan(self, items: list[Item]) -> list[Wave]:
        alias_new = self.endpoint(("alias_new",))
        identify = self.endpoint(("identify",))
        first = [i for i in items if i.group == ("alias_new",)]
        to_identify = [i for i in items if i.group == ("identify",)]
        # The attach step is a helper: the identify request is what the ledger records.
        attach = [
            Item(
                stream=i.stream,
                kind=i.kind,
                record=i.record,
                payload={"external_id": i.payload["external_id"], **i.payload["user_alias"]},
                schema=i.schema,
                key_properties=i.key_properties,
                message_key=i.message_key,
                group=("alias_new",),
            )
            for i in to_identify
        ]
        waves: list[Wave] = []
        if first or attach:
            waves.append([(alias_new, chunk) for chunk in alias_new.chunks(first + attach)])
        if to_identify:
            waves.append([(identify, chunk) for chunk in identify.chunks(to_identify)])
        return waves

    @override
    def endpoint(self, group: tuple[Any, ...]) -> Endpoint:
        if group[0] == "identify":
            return BatchEndpoint(
                "users_identity",
                "POST",
                "/users/identify",
                MAX_IDS,
                lambda items: {"aliases_to_identify": [i.payload for i in items]},
            )
        return BatchEndpoint(
            "users_identity",
            "POST",
            "/users/alias/new",
            MAX_IDS,
            lambda items: {"user_aliases": [i.payload for i in items]},
        )
