"""The Currents event families: which event types each stream reads, and its typed fields.

Field lists are the reference's (§7.2, from Braze's published Avro schemas). Every field but the
common identifiers is optional, as Braze adds fields as optional ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from singer_sdk import typing as th

STRING = "string"
INTEGER = "integer"
NUMBER = "number"
BOOLEAN = "boolean"
STRINGS = "strings"
OBJECT = "object"
DATETIME = "datetime"

COMMON = {
    "id": STRING,
    "user_id": STRING,
    "external_user_id": STRING,
    "time": DATETIME,  # Currents writes UNIX seconds; emitted as ISO-8601 UTC
    "app_group_id": STRING,
    "timezone": STRING,
    "event_type": STRING,  # the Currents event type, e.g. users.messages.email.Open
}
MESSAGE = {
    "campaign_id": STRING,
    "campaign_name": STRING,
    "message_variation_id": STRING,
    "message_variation_name": STRING,
    "canvas_id": STRING,
    "canvas_name": STRING,
    "canvas_variation_id": STRING,
    "canvas_variation_name": STRING,
    "canvas_step_id": STRING,
    "canvas_step_name": STRING,
    "send_id": STRING,
    "dispatch_id": STRING,
}
DEVICE = {
    "app_id": STRING,
    "platform": STRING,
    "os_version": STRING,
    "device_model": STRING,
    "device_id": STRING,
    "ad_id": STRING,
    "ad_id_type": STRING,
    "ad_tracking_enabled": BOOLEAN,
}
ENGAGEMENT = {
    **MESSAGE,
    "channel": STRING,  # email, pushnotification, sms, ... (from the event type)
    "action": STRING,  # Send, Delivery, Open, Click, Bounce, Unsubscribe, ...
    "email_address": STRING,
    "ip_pool": STRING,
    "esp": STRING,
    "from_domain": STRING,
    "sending_ip": STRING,
    "url": STRING,
    "link_id": STRING,
    "link_alias": STRING,
    "user_agent": STRING,
    "machine_open": STRING,
    "is_amp": BOOLEAN,
    "device_class": STRING,
    "device_os": STRING,
    "browser": STRING,
    "mailbox_provider": STRING,
    "is_suspected_bot_click": BOOLEAN,
    "suspected_bot_click_reason": STRINGS,
    "bounce_reason": STRING,
    "is_drop": BOOLEAN,
    "app_id": STRING,
    "platform": STRING,
    "push_token": STRING,
    "button_action_type": STRING,
    "button_string": STRING,
    "to_phone_number": STRING,
    "from_phone_number": STRING,
    "subscription_group_id": STRING,
    "abort_type": STRING,
    "abort_log": STRING,
}


@dataclass(frozen=True)
class EventFamily:
    stream_name: str
    description: str
    includes: Callable[[str], bool]
    fields: dict[str, str]
    # Fields that Currents writes as JSON strings and the stream emits as objects.
    json_fields: tuple[str, ...] = ()

    def schema(self) -> dict:
        required = {"id", "user_id", "time", "event_type"}
        return th.PropertiesList(
            *(
                th.Property(
                    name,
                    _json_type(kind, nullable=name not in required),
                    required=name in required,
                )
                for name, kind in {**COMMON, **self.fields}.items()
            )
        ).to_dict()


def _json_type(kind: str, *, nullable: bool) -> th.JSONTypeHelper:
    if kind == INTEGER:
        return th.IntegerType(nullable=nullable)
    if kind == NUMBER:
        return th.NumberType(nullable=nullable)
    if kind == BOOLEAN:
        return th.BooleanType(nullable=nullable)
    if kind == STRINGS:
        return th.ArrayType(th.StringType(), nullable=nullable)
    if kind == DATETIME:
        return th.DateTimeType(nullable=nullable)
    if kind == OBJECT:
        return th.ObjectType(nullable=nullable)
    return th.StringType(nullable=nullable)


FAMILIES = (
    EventFamily(
        "currents_message_engagement",
        "Message engagement: send, delivery, open, click, bounce, unsubscribe, per channel.",
        lambda event_type: event_type.startswith("users.messages."),
        ENGAGEMENT,
    ),
    EventFamily(
        "currents_custom_events",
        "Custom events, the storefront's included, with `properties` as an object.",
        lambda event_type: event_type == "users.behaviors.CustomEvent",
        {"name": STRING, "properties": OBJECT, **DEVICE},
        json_fields=("properties",),
    ),
    EventFamily(
        "currents_purchases",
        "Purchases, with `properties` as an object.",
        lambda event_type: event_type == "users.behaviors.Purchase",
        {
            "product_id": STRING,
            "price": NUMBER,
            "currency": STRING,
            "properties": OBJECT,
            **DEVICE,
        },
        json_fields=("properties",),
    ),
    EventFamily(
        "currents_subscription_changes",
        "Subscription-group and global subscription state changes.",
        lambda event_type: (
            event_type
            in {
                "users.behaviors.subscriptiongroup.StateChange",
                "users.behaviors.subscription.GlobalStateChange",
            }
        ),
        {
            "subscription_group_id": STRING,
            "subscription_status": STRING,
            "email_address": STRING,
            "phone_number": STRING,
            "channel": STRING,
            "state_change_source": STRING,
            "app_id": STRING,
            "campaign_id": STRING,
            "campaign_name": STRING,
            "canvas_id": STRING,
            "canvas_name": STRING,
        },
    ),
    EventFamily(
        "currents_canvas_entries",
        "Canvas entries.",
        lambda event_type: event_type == "users.canvas.Entry",
        {
            "canvas_id": STRING,
            "canvas_name": STRING,
            "canvas_variation_id": STRING,
            "canvas_variation_name": STRING,
            "canvas_step_id": STRING,
            "in_control_group": BOOLEAN,
        },
    ),
    EventFamily(
        "currents_conversions",
        "Campaign and Canvas conversions.",
        lambda event_type: event_type in {"users.campaigns.Conversion", "users.canvas.Conversion"},
        {
            "campaign_id": STRING,
            "campaign_name": STRING,
            "message_variation_id": STRING,
            "message_variation_name": STRING,
            "canvas_id": STRING,
            "canvas_name": STRING,
            "canvas_variation_id": STRING,
            "canvas_step_id": STRING,
            "send_id": STRING,
            "conversion_behavior_index": INTEGER,
            "conversion_behavior": STRING,
            "app_id": STRING,
        },
    ),
)
