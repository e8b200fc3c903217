"""One sink class per Braze sink kind (DESIGN §11)."""

from __future__ import annotations

from target_braze.kinds import (
    CAMPAIGN_TRIGGERS,
    CANVAS_TRIGGERS,
    CATALOG_ITEMS,
    EVENTS,
    PURCHASES,
    SUBSCRIPTION_STATES,
    USER_ALIASES,
    USER_ATTRIBUTES,
    USER_DELETES,
)
from target_braze.sinks.base import BrazeSink
from target_braze.sinks.catalogs import CatalogItemSink
from target_braze.sinks.identity import SubscriptionStateSink, UserAliasSink, UserDeleteSink
from target_braze.sinks.triggers import CampaignTriggerSink, CanvasTriggerSink
from target_braze.sinks.users_track import EventSink, PurchaseSink, UserAttributeSink

SINK_CLASSES: dict[str, type[BrazeSink]] = {
    USER_ATTRIBUTES: UserAttributeSink,
    EVENTS: EventSink,
    PURCHASES: PurchaseSink,
    CAMPAIGN_TRIGGERS: CampaignTriggerSink,
    CANVAS_TRIGGERS: CanvasTriggerSink,
    CATALOG_ITEMS: CatalogItemSink,
    SUBSCRIPTION_STATES: SubscriptionStateSink,
    USER_DELETES: UserDeleteSink,
    USER_ALIASES: UserAliasSink,
}

__all__ = ["SINK_CLASSES", "BrazeSink"]
