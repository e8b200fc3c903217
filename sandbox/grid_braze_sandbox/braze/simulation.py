"""Simulated engagement: what happens to a message after Braze sends it.

Each recipient's funnel (delivery, open, click, unsubscribe, conversion) is rolled with seeded dice
when the send happens, and each step is scheduled at a later simulated moment. A step becomes
visible (Currents, data series, bounce and unsubscribe lists, profiles) once the simulated clock
reaches it, so a scenario that advances the clock sees engagement arrive as it would in production.
"""

from __future__ import annotations

import heapq
import itertools
import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from grid_braze_sandbox.braze.config import BrazeConfig
from grid_braze_sandbox.braze.currents import CurrentsWriter, properties_json
from grid_braze_sandbox.braze.state import BrazeState, UserProfile
from grid_braze_sandbox.clock import SimulatedClock
from grid_braze_sandbox.timefmt import iso

CHANNEL_EVENT_PREFIX = {
    "email": "users.messages.email",
    "push": "users.messages.pushnotification",
    "sms": "users.messages.sms",
}


@dataclass(frozen=True)
class MessageContext:
    """What a send is about: a campaign or a Canvas, and the dispatch that carried it."""

    kind: str  # "campaign" or "canvas"
    message: dict[str, Any]
    dispatch_id: str
    send_id: str | None

    def currents_block(self, channel: str) -> dict[str, Any]:
        message_id, name = self.message["id"], self.message.get("name")
        if self.kind == "campaign":
            return {
                "campaign_id": message_id,
                "campaign_name": name,
                "message_variation_id": f"{message_id}-{channel}",
                "message_variation_name": f"{channel} variation",
                "send_id": self.send_id,
                "dispatch_id": self.dispatch_id,
            }
        return {
            "canvas_id": message_id,
            "canvas_name": name,
            "canvas_variation_id": f"{message_id}-variant-1",
            "canvas_variation_name": "Variant 1",
            "canvas_step_id": f"{message_id}-step-1",
            "canvas_step_name": f"{channel} step",
            "send_id": self.send_id,
            "dispatch_id": self.dispatch_id,
        }


def click_url(message_id: str, properties: dict[str, Any]) -> str:
    """The link a recipient clicks. A message about a product links to it with a `sku` query
    parameter, which is how flow 4 (DESIGN §10) recognises product interest in Currents clicks."""
    query = {"utm_campaign": message_id}
    if isinstance(properties.get("sku"), str | int):
        query = {"sku": str(properties["sku"])} | query
    return f"https://shop.example/?{urlencode(query)}"


# RFC 4122 version 4: the variant bits (10) and the version (4), set where and as
# uuid.UUID(int=..., version=4) sets them.
_UUID4_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_UUID4_SET = (0x8000 << 48) | (4 << 76)


@dataclass(order=True)
class _Scheduled:
    due: datetime
    sequence: int
    event_type: str = field(compare=False)
    record: dict[str, Any] = field(compare=False)
    engagement: dict[str, Any] = field(compare=False)
    user_id: str = field(compare=False)


class EngagementSimulator:
    def __init__(
        self,
        state: BrazeState,
        currents: CurrentsWriter,
        config: BrazeConfig,
        clock: SimulatedClock,
    ) -> None:
        self._state = state
        self._currents = currents
        self._config = config
        self._clock = clock
        # Lock order: `_lock` may be held while taking the state lock, never the other way round.
        # Ids have their own lock because endpoints ask for them while holding the state lock.
        self._lock = threading.RLock()
        self._ids_lock = threading.Lock()
        self._random = random.Random(config.seed)
        self._ids = random.Random(config.seed + 1)
        self._sequence = itertools.count()
        self._pending: list[_Scheduled] = []
        clock.on_change(self.release_due)

    def reset(self) -> None:
        with self._lock, self._ids_lock:
            self._random = random.Random(self._config.seed)
            self._ids = random.Random(self._config.seed + 1)
            self._pending = []

    def new_id(self) -> str:
        """A reproducible UUID for events, dispatches and exports."""
        with self._ids_lock:
            bits = self._ids.getrandbits(128)
        # What str(uuid.UUID(int=bits, version=4)) gives, without building a UUID for each of
        # the many events /users/track emits: the variant and version bits are set, then the
        # 32 hex digits are grouped 8-4-4-4-12.
        hex_digits = "%032x" % (bits & _UUID4_CLEAR | _UUID4_SET)
        return (
            f"{hex_digits[:8]}-{hex_digits[8:12]}-{hex_digits[12:16]}-"
            f"{hex_digits[16:20]}-{hex_digits[20:]}"
        )

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    # Behaviour that arrives through /users/track --------------------------------------------

    def _common(self, user: UserProfile, moment: datetime) -> dict[str, Any]:
        return {
            "id": self.new_id(),
            "user_id": user.braze_id,
            "external_user_id": user.external_id,
            "time": int(moment.timestamp()),
            "app_group_id": "sandbox-workspace",
            "timezone": user.standard.get("time_zone"),
        }

    def custom_event(self, user: UserProfile, event: dict[str, Any], moment: datetime) -> None:
        record = self._common(user, moment) | {
            "name": event["name"],
            "properties": properties_json(event.get("properties")),
            "app_id": event.get("app_id"),
        }
        self._currents.emit("users.behaviors.CustomEvent", record, self._clock.now())

    def purchase(self, user: UserProfile, purchase: dict[str, Any], moment: datetime) -> None:
        record = self._common(user, moment) | {
            "product_id": purchase["product_id"],
            "price": float(purchase["price"]),
            "currency": purchase["currency"],
            "properties": properties_json(purchase.get("properties")),
            "app_id": purchase.get("app_id"),
        }
        self._currents.emit("users.behaviors.Purchase", record, self._clock.now())

    def subscription_change(
        self, user: UserProfile, group_id: str, state: str, moment: datetime, source: str
    ) -> None:
        record = self._common(user, moment) | {
            "subscription_group_id": group_id,
            "subscription_status": "Subscribed" if state == "subscribed" else "Unsubscribed",
            "email_address": user.email,
            "phone_number": user.phone,
            "state_change_source": source,
        }
        self._currents.emit(
            "users.behaviors.subscriptiongroup.StateChange", record, self._clock.now()
        )
        with self._state.lock:
            self._state.subscription_history.append(
                {
                    "braze_id": user.braze_id,
                    "external_id": user.external_id,
                    "subscription_group_id": group_id,
                    "subscription_state": state,
                    "time": iso(moment),
                }
            )

    # Messages ---------------------------------------------------------------------------------

    def send(
        self,
        context: MessageContext,
        user: UserProfile,
        now: datetime,
        properties: dict[str, Any] | None = None,
    ) -> None:
        """Schedule one recipient's funnel for every channel of the message."""
        with self._lock:
            if context.kind == "canvas":
                self._schedule(
                    now,
                    "users.canvas.Entry",
                    user,
                    {
                        "canvas_id": context.message["id"],
                        "canvas_name": context.message.get("name"),
                        "canvas_variation_id": f"{context.message['id']}-variant-1",
                        "canvas_variation_name": "Variant 1",
                        "canvas_step_id": f"{context.message['id']}-step-1",
                        "in_control_group": False,
                    },
                    context,
                    "canvas",
                )
            for channel in context.message.get("channels", ["email"]):
                self._funnel(context, channel, user, now, properties or {})
        self.release_due(self._clock.now())

    def _funnel(
        self,
        context: MessageContext,
        channel: str,
        user: UserProfile,
        now: datetime,
        properties: dict[str, Any],
    ) -> None:
        odds = self._config.engagement
        roll = self._random.random
        prefix = CHANNEL_EVENT_PREFIX.get(channel)
        if prefix is None:
            return
        address = self._channel_fields(channel, user)
        if address is None:
            return  # no email, phone or push token: Braze does not send on that channel
        block = context.currents_block(channel) | address

        def at(minutes: float) -> datetime:
            return now + timedelta(minutes=minutes)

        self._schedule(now, f"{prefix}.Send", user, block, context, channel)
        delivered = roll() < odds.delivery
        if channel == "email" and not delivered:
            bounce = block | {"bounce_reason": "550 5.1.1 mailbox unavailable", "is_drop": False}
            self._schedule(at(1), f"{prefix}.Bounce", user, bounce, context, channel)
            return
        if channel in {"email", "sms"} and delivered:
            self._schedule(at(1), f"{prefix}.Delivery", user, block, context, channel)
        if channel == "sms" or not delivered:
            return
        opened_after = 5 + roll() * 240
        if roll() >= odds.open:
            return
        self._schedule(at(opened_after), f"{prefix}.Open", user, block, context, channel)
        if channel != "email":
            return
        clicked_after = opened_after + 1 + roll() * 30
        clicked = roll() < odds.click
        if clicked:
            click = block | {"url": click_url(context.message["id"], properties)}
            self._schedule(at(clicked_after), f"{prefix}.Click", user, click, context, channel)
        if roll() < odds.unsubscribe:
            self._schedule(
                at(clicked_after + 1), f"{prefix}.Unsubscribe", user, block, context, channel
            )
        if context.kind == "campaign" and clicked and roll() < odds.conversion:
            conversion = {
                "campaign_id": context.message["id"],
                "campaign_name": context.message.get("name"),
                "message_variation_id": f"{context.message['id']}-{channel}",
                "send_id": context.send_id,
                "conversion_behavior_index": 0,
                "conversion_behavior": "Makes Any Purchase",
            }
            self._schedule(
                at(clicked_after + 60),
                "users.campaigns.Conversion",
                user,
                conversion,
                context,
                channel,
            )

    @staticmethod
    def _channel_fields(channel: str, user: UserProfile) -> dict[str, Any] | None:
        if channel == "email":
            if not user.email or user.standard.get("email_subscribe") == "unsubscribed":
                return None
            return {"email_address": user.email, "esp": "sandbox", "from_domain": "sandbox.test"}
        if channel == "sms":
            return {"to_phone_number": user.phone} if user.phone else None
        tokens = user.standard.get("push_tokens") or []
        if not tokens:
            return None
        token = tokens[0]
        return {"app_id": token.get("app_id"), "push_token": token.get("token"), "platform": "ios"}

    def _schedule(
        self,
        due: datetime,
        event_type: str,
        user: UserProfile,
        fields: dict[str, Any],
        context: MessageContext,
        channel: str,
    ) -> None:
        engagement = {
            "event_type": event_type,
            "channel": channel,
            "kind": context.kind,
            "message_id": context.message["id"],
            "dispatch_id": context.dispatch_id,
            "send_id": context.send_id,
            "time": due,
            "braze_id": user.braze_id,
        }
        record = {"fields": fields}
        heapq.heappush(
            self._pending,
            _Scheduled(due, next(self._sequence), event_type, record, engagement, user.braze_id),
        )

    def release_due(self, now: datetime) -> None:
        """Publish every scheduled step whose moment has come."""
        with self._lock:
            while self._pending and self._pending[0].due <= now:
                step = heapq.heappop(self._pending)
                self._publish(step)

    def _publish(self, step: _Scheduled) -> None:
        with self._state.lock:
            user = self._state.by_braze_id(step.user_id)
            if user is None:
                return  # deleted before the step happened
            record = self._common(user, step.due) | step.record["fields"]
            self._currents.emit(step.event_type, record, step.due)
            self._state.engagement.append(step.engagement)
            self._update_profile(user, step)

    def _update_profile(self, user: UserProfile, step: _Scheduled) -> None:
        engagement, moment = step.engagement, iso(step.due)
        kind, message_id = engagement["kind"], engagement["message_id"]
        if step.event_type == "users.messages.email.Bounce" and user.email:
            self._state.hard_bounces.append({"email": user.email, "hard_bounced_at": moment})
        if step.event_type == "users.messages.email.Unsubscribe" and user.email:
            self._state.unsubscribes.append({"email": user.email, "unsubscribed_at": moment})
            user.standard["email_subscribe"] = "unsubscribed"
        if kind == "campaign":
            received = user.campaigns_received.setdefault(
                message_id,
                {
                    "name": message_id,
                    "api_campaign_id": message_id,
                    "last_received": moment,
                    "engaged": {
                        "opened_email": False,
                        "opened_push": False,
                        "clicked_email": False,
                        "clicked_triggered_in_app_message": False,
                    },
                    "converted": False,
                    "in_control": False,
                },
            )
            if step.event_type.endswith(".Send"):
                received["last_received"] = moment
            elif step.event_type == "users.messages.email.Open":
                received["engaged"]["opened_email"] = True
            elif step.event_type == "users.messages.pushnotification.Open":
                received["engaged"]["opened_push"] = True
            elif step.event_type == "users.messages.email.Click":
                received["engaged"]["clicked_email"] = True
            elif step.event_type == "users.campaigns.Conversion":
                received["converted"] = True
        elif step.event_type == "users.canvas.Entry":
            user.canvases_received[message_id] = {
                "name": message_id,
                "api_canvas_id": message_id,
                "last_entered": moment,
                "last_received_message": moment,
                "in_control": False,
            }
